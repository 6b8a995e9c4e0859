"""The admin of people on the tree (stewards, grid leaders, volunteers, dual reports) writes
through the same services as the site: a steward's consent is recorded by steward_assign, a
volunteer's consent is theirs alone, and a dual report is confirmed only on its board."""

import pytest
from django.urls import reverse

from grids import services as grid_services
from grids.models import GridLeader, Steward
from tests.admin_forms import admin_form_data
from tests.factories import StewardFactory
from tests.factories.alliance import UnitFactory
from tests.factories.volunteers import volunteer
from volunteers import services as volunteer_services
from volunteers.models import DualReport

pytestmark = pytest.mark.django_db


def change(client, user, obj, **changes):
    client.force_login(user)
    url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
    return client.post(url, admin_form_data(client.get(url), **changes))


def test_a_secretary_cannot_give_a_volunteers_consent_for_them(client, small_street, secretary_a):
    person = volunteer(small_street.communities[0], name="李四")
    assert not person.show_publicly
    response = change(client, secretary_a, person, show_publicly="on", name="李思")
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.name == "李思"  # corrected through volunteer_update
    assert not person.show_publicly  # consent is the volunteer's own choice


def test_volunteer_update_takes_only_what_the_community_may_correct(small_street):
    person = volunteer(small_street.communities[0])
    with pytest.raises(ValueError):
        volunteer_services.volunteer_update(volunteer=person, show_publicly=True)


def test_a_steward_edited_in_the_admin_stays_with_their_building(client, small_street, staff):
    Steward.objects.filter(building=small_street.buildings[0]).delete()
    steward = StewardFactory(building=small_street.buildings[0])
    other = small_street.buildings[1]
    response = change(client, staff, steward, building=other.pk, show_publicly="on")
    assert response.status_code == 302
    steward.refresh_from_db()
    assert steward.building == small_street.buildings[0]  # building is read-only on a change
    assert steward.show_publicly


def test_a_steward_added_in_the_admin_is_assigned_by_the_service(
    client, small_street, staff, monkeypatch
):
    calls = []
    assign = grid_services.steward_assign
    monkeypatch.setattr(
        grid_services, "steward_assign", lambda **kw: calls.append(kw) or assign(**kw)
    )
    building = small_street.buildings[0]
    Steward.objects.filter(building=building).delete()
    client.force_login(staff)
    data = {
        "building": building.pk,
        "name": "新管家",
        "phone": "13800138001",
        "card_number": "CARD-NEW",
        "show_publicly": "on",
    }
    response = client.post(reverse("admin:grids_steward_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert calls and calls[0]["show_publicly"] is True
    assert Steward.objects.get(building=building).name == "新管家"


def test_deleting_a_grid_leader_goes_through_the_service(client, small_street, staff, monkeypatch):
    leader = grid_services.grid_leader_assign(grid=small_street.grids[0], name="张组长")
    calls = []
    remove = grid_services.grid_leader_remove
    monkeypatch.setattr(
        grid_services, "grid_leader_remove", lambda **kw: calls.append(kw) or remove(**kw)
    )
    client.force_login(staff)
    url = reverse("admin:grids_gridleader_delete", args=[leader.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert calls
    assert not GridLeader.objects.filter(pk=leader.pk).exists()


def test_a_dual_report_is_not_confirmed_in_the_admin(client, small_street, staff):
    community = small_street.communities[0]
    report = volunteer_services.dual_report_unit(
        unit=UnitFactory(community=community), community=community, year=2026
    )
    client.force_login(staff)
    url = reverse("admin:volunteers_dualreport_change", args=[report.pk])
    assert client.get(url).status_code == 200  # shown, read only
    client.post(url, {"grid": small_street.grids[0].pk, "kind": "unit", "year": 2026})
    report.refresh_from_db()
    assert report.confirmed_at is None and report.grid_id is None
    assert DualReport.objects.count() == 1


def test_registrations_are_approved_from_the_list_through_the_review(
    client, small_street, secretary_a
):
    from volunteers.models import VolunteerStatus

    waiting = volunteer(small_street.communities[0], approve=False)
    client.force_login(secretary_a)
    client.post(
        reverse("admin:volunteers_volunteer_changelist"),
        {"action": "approve", "_selected_action": [waiting.pk]},
    )
    waiting.refresh_from_db()
    assert waiting.status == VolunteerStatus.ACTIVE
    assert waiting.approved_by == secretary_a
