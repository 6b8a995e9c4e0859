"""代办: community and street staff file a wish, a service request, a pledge rating or a volunteer
registration for a resident without a phone. The record keeps who filed it, the tracking page
says 代办, the resident never gets an account, and a rating filed so counts once per person."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts.models import User
from pledges import services as pledges
from pledges.models import PledgeRating
from servicedesk import services as desk
from servicedesk.models import MicroWish, ServiceRequest
from tests.factories import UserFactory
from tests.factories.alliance import UnitFactory, contact
from volunteers.models import Volunteer, VolunteerStatus
from volunteers.services import volunteer_register_assisted

pytestmark = pytest.mark.django_db

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


@pytest.fixture
def pledge(small_street):
    community = small_street.communities[0]
    pledge_list = pledges.pledge_list_create(
        pledger_kind="community", node=community, year=2026, title="社区承诺"
    )
    made = pledges.pledge_add(
        pledge_list=pledge_list,
        text="为独居老人每周上门",
        category="service",
        due_on=datetime.date(2026, 12, 31),
    )
    pledges.pledge_list_submit(pledge_list=pledge_list)
    pledges.pledge_list_review(pledge_list=pledge_list, approve=True)
    return made


def test_a_secretary_files_a_request_and_the_track_page_says_daiban(
    client, small_street, secretary_a
):
    mine = small_street.communities[0]
    accounts = User.objects.count()
    client.force_login(secretary_a)
    response = client.post(
        reverse("workspace:assist-request"),
        {
            "community": mine.pk,
            "category": "elderly",
            "description": "老人腿脚不便，需要代买药品",
            "resident_name": "王秀英",
            "resident_phone": "0543-4321234",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    made = ServiceRequest.objects.get()
    assert made.assisted_by == secretary_a
    assert made.events.get().by == secretary_a
    receipt = client.get(response.url, **ZH).content.decode()
    assert made.tracking_code in receipt
    # Shown once: the receipt does not show it again.
    assert made.tracking_code not in client.get(response.url, **ZH).content.decode()
    client.logout()
    tracked = client.get(reverse("servicedesk:track-code", args=[made.tracking_code]), **ZH)
    page = tracked.content.decode()
    assert 'id="assisted"' in page and "代办" in page
    assert "王秀英" not in page  # still masked for whoever holds the code
    assert User.objects.count() == accounts  # nobody got an account


def test_a_secretary_files_only_for_their_own_community(client, small_street, secretary_a):
    other = small_street.communities[1]
    client.force_login(secretary_a)
    page = client.get(reverse("workspace:assist-wish"), **ZH).content.decode()
    assert f'value="{other.pk}"' not in page
    response = client.post(
        reverse("workspace:assist-wish"),
        {
            "community": other.pk,
            "title": "想要一台收音机",
            "resident_name": "李大爷",
            "resident_phone": "13800000001",
        },
        **ZH,
    )
    assert response.status_code == 400
    assert not MicroWish.objects.exists()
    # The service refuses too, whatever surface calls it.
    with pytest.raises(PermissionDenied):
        desk.wish_submit(
            community=other,
            title="想要一台收音机",
            resident_name="李大爷",
            resident_phone="13800000001",
            assisted_by=secretary_a,
        )


def test_street_staff_file_a_wish_for_any_community_of_the_street(client, small_street, staff):
    client.force_login(staff)
    response = client.post(
        reverse("workspace:assist-wish"),
        {
            "community": small_street.communities[1].pk,
            "title": "想要一台收音机",
            "resident_name": "李大爷",
            "resident_phone": "13800000001",
        },
    )
    assert response.status_code == 302
    wish = MicroWish.objects.get()
    assert wish.assisted_by == staff and wish.posted_by == staff
    page = client.get(reverse("servicedesk:wish", args=[wish.pk]), **ZH).content.decode()
    assert 'id="assisted"' in page


@pytest.mark.parametrize("who", ["contact", "volunteer"])
def test_only_the_back_office_files_for_residents(client, small_street, who):
    user = (
        contact(UnitFactory(community=small_street.communities[0]))
        if who == "contact"
        else UserFactory()
    )
    client.force_login(user)
    for name in ("assist", "assist-wish", "assist-request", "assist-rating", "assist-volunteer"):
        assert client.get(reverse(f"workspace:{name}")).status_code == 403, name
    client.logout()
    assert client.get(reverse("workspace:assist")).status_code == 302  # to the sign-in


def test_a_rating_filed_for_a_resident_counts_once_per_person_a_month(
    client, small_street, secretary_a, pledge
):
    client.force_login(secretary_a)
    url = reverse("workspace:assist-rating")
    assert f'value="{pledge.pk}"' in client.get(url, **ZH).content.decode()
    data = {"pledge": pledge.pk, "value": "satisfied", "resident_phone": "13800000002"}
    assert client.post(url, data).status_code == 302
    again = client.post(url, data, **ZH)
    assert again.status_code == 400
    assert "本月已评价" in again.content.decode()
    assert client.post(url, {**data, "resident_phone": "13800000003"}).status_code == 302
    ratings = PledgeRating.objects.filter(pledge=pledge)
    assert ratings.count() == 2
    assert {r.assisted_by for r in ratings} == {secretary_a}
    assert "13800000002" not in {r.voter for r in ratings}  # only a hash is kept


def test_a_rating_of_a_pledge_outside_the_scope_is_refused(small_street, pledge):
    outsider = UserFactory(role="community_secretary", scope_node=small_street.communities[1])
    with pytest.raises(PermissionDenied):
        pledges.pledge_rate_assisted(
            pledge=pledge, value="satisfied", resident_phone="13800000002", by=outsider
        )
    assert not PledgeRating.objects.exists()


def test_a_volunteer_registered_for_a_resident_is_active_and_has_no_account(
    client, small_street, secretary_a
):
    accounts = User.objects.count()
    client.force_login(secretary_a)
    data = {
        "name": "张桂兰",
        "phone": "13800000004",
        "community": small_street.communities[0].pk,
        "skills": "剪纸",
        "consent": "on",
    }
    response = client.post(reverse("workspace:assist-volunteer"), data)
    assert response.status_code == 302
    volunteer = Volunteer.objects.get()
    assert volunteer.user is None and volunteer.assisted_by == secretary_a
    assert volunteer.status == VolunteerStatus.ACTIVE and volunteer.approved_by == secretary_a
    assert User.objects.count() == accounts
    twice = client.post(reverse("workspace:assist-volunteer"), data, **ZH)
    assert twice.status_code == 400
    assert Volunteer.objects.count() == 1
    without_consent = {**data, "phone": "13800000005"}
    del without_consent["consent"]
    assert client.post(reverse("workspace:assist-volunteer"), without_consent).status_code == 400
    with pytest.raises(ValidationError):
        volunteer_register_assisted(
            name="张桂兰",
            phone="13800000006",
            community=small_street.communities[0],
            by=secretary_a,
            consent=False,
        )


def test_the_workspaces_link_to_filing_for_a_resident(client, small_street, secretary_a, staff):
    for user, page in ((secretary_a, "workspace:community"), (staff, "workspace:street")):
        client.force_login(user)
        assert reverse("workspace:assist") in client.get(reverse(page)).content.decode()
