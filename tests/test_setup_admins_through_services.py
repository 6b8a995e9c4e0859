"""The admins of what a street sets up (committees with their terms and seats, party
organisations, the people of the tree, service sites with their photos, volunteer teams and
service posts) write through the owning app's services: each real add, change and delete form
(and inline row) is posted, the service is seen to be called, and a rule the service keeps is
refused in the admin with the service's message, nothing written."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation
from django.utils.html import escape
from PIL import ExifTags, Image

from alliance.models import Committee, CommitteeKind, CommitteeMember, CommitteeTerm
from alliance.services import committees
from grids import services as grid_services
from grids.models import CadreAssignment, GridLeader, Node, Steward, ZoneLiaison
from organizations import services as org_services
from organizations.models import PartyOrganization, Unit
from servicedesk import services as desk
from servicedesk.models import ServiceOffer
from servicemap import services as map_services
from servicemap.models import ServiceSite, SitePhoto
from tests.admin_forms import admin_form_data, admin_url, row_index, with_new_row
from tests.factories.alliance import UnitFactory, party_committee, schedule, working_committee
from tests.factories.files import jpeg_upload
from tests.factories.volunteers import volunteer
from volunteers import services as vol_services
from volunteers.models import CheckIn, ServicePost, Team

pytestmark = pytest.mark.django_db


class Spy:
    """Record the calls of service functions, which still do their work."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.monkeypatch, self.calls = monkeypatch, []

    def on(self, module, *names: str) -> Spy:
        for name in names:
            real = getattr(module, name)

            def spied(*args, _real=real, _name=name, **kwargs):
                self.calls.append((_name, kwargs))
                return _real(*args, **kwargs)

            self.monkeypatch.setattr(module, name, spied)
        return self

    @property
    def names(self) -> list[str]:
        return [name for name, _kwargs in self.calls]


@pytest.fixture
def spy(monkeypatch) -> Spy:
    return Spy(monkeypatch)


@pytest.fixture
def signed_in(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def community(small_street) -> Node:
    return small_street.communities[0]


def _shown(response, message: str, **params) -> bool:
    with translation.override(response.wsgi_request.LANGUAGE_CODE):
        text = translation.gettext(message)
    return escape(text % params if params else text) in response.content.decode()


def _page(client, model, view: str, *args, **changes) -> dict:
    """Return the POST data of an admin add or change page, with `changes` applied."""
    return admin_form_data(client.get(admin_url(model, view, *args)), **changes)


def _delete(client, obj):
    return client.post(admin_url(type(obj), "delete", obj.pk), {"post": "yes"})


# Committees, terms and seats -------------------------------------------------------------


def test_a_committee_is_set_up_changed_and_deleted_through_the_committee_services(
    signed_in, community, spy
):
    spy.on(committees, "committee_create", "committee_update", "committee_delete")
    data = _page(signed_in, Committee, "add", kind="party", node=community.pk, name="大党委")
    response = signed_in.post(admin_url(Committee, "add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    committee = Committee.objects.get(node=community)
    url = admin_url(Committee, "change", committee.pk)
    response = signed_in.post(url, _page(signed_in, Committee, "change", committee.pk, name="新名"))
    assert response.status_code == 302
    assert _delete(signed_in, committee).status_code == 302
    assert spy.names == ["committee_create", "committee_update", "committee_delete"]
    assert spy.calls[1][1] == {"committee": committee, "name": "新名"}
    assert not Committee.objects.filter(pk=committee.pk).exists()


def test_a_working_committee_is_not_set_up_in_a_community(signed_in, community):
    data = _page(signed_in, Committee, "add", kind="working", node=community.pk, name="大工委")
    response = signed_in.post(admin_url(Committee, "add"), data)
    assert response.status_code == 200
    assert _shown(response, "A big working committee belongs to a street.")
    assert not Committee.objects.exists()


def test_a_committee_keeps_its_place_and_kind_in_the_admin(signed_in, small_street, community):
    committee = party_committee(community)
    other = small_street.communities[1]
    data = _page(signed_in, Committee, "change", committee.pk, name="改名", node=other.pk)
    data["kind"] = "working"
    response = signed_in.post(admin_url(Committee, "change", committee.pk), data)
    assert response.status_code == 302
    committee.refresh_from_db()
    assert (committee.name, committee.node, committee.kind) == ("改名", community, "party")


def test_a_committee_with_meetings_keeps_them(community):
    committee = party_committee(community)
    schedule(committee, timezone.now() + datetime.timedelta(days=3))
    with pytest.raises(ValidationError) as refused:
        committees.committee_delete(committee=committee)
    assert refused.value.messages == [
        translation.gettext(
            "This committee has meetings or escalations on record and cannot be deleted."
        )
    ]
    assert Committee.objects.filter(pk=committee.pk).exists()
    with pytest.raises(ValueError):
        committees.committee_update(committee=committee, kind=CommitteeKind.WORKING)


def test_terms_are_opened_corrected_and_deleted_through_the_term_services(
    signed_in, community, spy
):
    committee = party_committee(community)
    spy.on(committees, "committee_term_create", "committee_term_update", "committee_term_delete")
    url = admin_url(Committee, "change", committee.pk)
    data = with_new_row(
        _page(signed_in, Committee, "change", committee.pk),
        "terms",
        number=1,
        starts_on="2026-01-01",
    )
    assert signed_in.post(url, data).status_code == 302
    term = CommitteeTerm.objects.get(committee=committee)
    data = _page(signed_in, Committee, "change", committee.pk)
    data[f"terms-{row_index(data, 'terms', term)}-ends_on"] = "2030-12-31"
    assert signed_in.post(url, data).status_code == 302
    data = _page(signed_in, Committee, "change", committee.pk)
    data[f"terms-{row_index(data, 'terms', term)}-DELETE"] = "on"
    assert signed_in.post(url, data).status_code == 302
    assert spy.names == ["committee_term_create", "committee_term_update", "committee_term_delete"]
    assert spy.calls[1][1] == {"term": term, "ends_on": datetime.date(2030, 12, 31)}
    assert not CommitteeTerm.objects.exists()


def test_a_term_ending_before_it_starts_is_refused_with_the_rule(signed_in, community):
    committee = party_committee(community)
    data = with_new_row(
        _page(signed_in, Committee, "change", committee.pk),
        "terms",
        number=1,
        starts_on="2026-01-01",
        ends_on="2025-01-01",
    )
    response = signed_in.post(admin_url(Committee, "change", committee.pk), data)
    assert response.status_code == 200
    assert _shown(response, "A term ends after it starts.")
    assert not CommitteeTerm.objects.exists()


def test_seats_are_written_through_the_member_services(signed_in, community, spy):
    committee = party_committee(community)
    unit = UnitFactory(community=community)
    spy.on(
        committees,
        "committee_member_create",
        "committee_member_update",
        "committee_member_delete",
    )
    url = admin_url(Committee, "change", committee.pk)
    data = with_new_row(
        _page(signed_in, Committee, "change", committee.pk),
        "members",
        name="王委员",
        unit=unit.pk,
        position="member",
        starts_on="2026-01-01",
    )
    assert signed_in.post(url, data).status_code == 302
    seat = CommitteeMember.objects.get(committee=committee)
    assert seat.unit == unit
    # The seat's own admin changes and deletes it through the same services.
    seat_url = admin_url(CommitteeMember, "change", seat.pk)
    response = signed_in.post(
        seat_url, _page(signed_in, CommitteeMember, "change", seat.pk, position="secretary")
    )
    assert response.status_code == 302
    assert _delete(signed_in, seat).status_code == 302
    assert spy.names == [
        "committee_member_create",
        "committee_member_update",
        "committee_member_delete",
    ]
    assert spy.calls[1][1] == {"member": seat, "position": "secretary"}


def test_a_seat_is_refused_another_committees_term_and_another_places_unit(
    signed_in, small_street, community
):
    committee = party_committee(community)
    street_term = committees.committee_term_create(
        committee=working_committee(small_street.street),
        number=1,
        starts_on=datetime.date(2026, 1, 1),
    )
    elsewhere = UnitFactory(community=small_street.communities[1])
    data = with_new_row(
        _page(signed_in, Committee, "change", committee.pk),
        "members",
        name="王委员",
        unit=elsewhere.pk,
        term=street_term.pk,
        position="member",
        starts_on="2026-01-01",
    )
    response = signed_in.post(admin_url(Committee, "change", committee.pk), data)
    assert response.status_code == 200
    assert _shown(response, "This term is another committee's.")
    assert _shown(response, "This unit is not stationed where the committee sits.")
    assert not CommitteeMember.objects.exists()


def test_a_seat_added_on_its_own_page_starts_within_its_term(signed_in, community, spy):
    committee = party_committee(community)
    term = committees.committee_term_create(
        committee=committee, number=2, starts_on=datetime.date(2026, 1, 1)
    )
    spy.on(committees, "committee_member_create")
    data = {
        "committee": committee.pk,
        "term": term.pk,
        "name": "李委员",
        "position": "member",
        "starts_on": "2025-06-01",
    }
    response = signed_in.post(admin_url(CommitteeMember, "add"), data)
    assert response.status_code == 200
    assert _shown(response, "A seat starts within its term.")
    data["starts_on"] = "2026-02-01"
    assert signed_in.post(admin_url(CommitteeMember, "add"), data).status_code == 302
    assert spy.names == ["committee_member_create"]
    assert CommitteeMember.objects.get().term == term


# Party organisations ---------------------------------------------------------------------


def test_a_party_organisation_is_written_through_its_services(signed_in, community, spy):
    spy.on(
        org_services,
        "party_organization_create",
        "party_organization_update",
        "party_organization_delete",
    )
    data = _page(
        signed_in,
        PartyOrganization,
        "add",
        node=community.pk,
        kind="branch",
        name="新支部",
        member_count="5",
    )
    response = signed_in.post(admin_url(PartyOrganization, "add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    branch = PartyOrganization.objects.get(name="新支部")
    url = admin_url(PartyOrganization, "change", branch.pk)
    data = _page(signed_in, PartyOrganization, "change", branch.pk, member_count="9")
    assert signed_in.post(url, data).status_code == 302
    assert _delete(signed_in, branch).status_code == 302
    assert spy.names == [
        "party_organization_create",
        "party_organization_update",
        "party_organization_delete",
    ]
    assert spy.calls[1][1] == {"organization": branch, "member_count": 9}
    assert not PartyOrganization.objects.filter(name="新支部").exists()


def test_a_working_committee_organisation_is_refused_below_the_street(signed_in, community):
    data = _page(signed_in, PartyOrganization, "add", node=community.pk, kind="working_committee")
    data["name"] = "社区党工委"
    response = signed_in.post(admin_url(PartyOrganization, "add"), data)
    assert response.status_code == 200
    assert _shown(response, "A working committee (党工委) sits at the street level.")
    assert not PartyOrganization.objects.filter(name="社区党工委").exists()


def test_a_places_and_a_units_party_organisations_are_added_inline_through_the_service(
    signed_in, community, spy
):
    spy.on(org_services, "party_organization_create")
    url = admin_url(Node, "change", community.pk)
    data = with_new_row(
        _page(signed_in, Node, "change", community.pk),
        "party_organizations",
        kind="general_branch",
        name="社区党总支",
        member_count="20",
    )
    assert signed_in.post(url, data).status_code == 302
    unit = UnitFactory(community=community)
    data = with_new_row(
        _page(signed_in, Unit, "change", unit.pk),
        "party_organizations",
        node=community.pk,
        kind="branch",
        name=f"{unit.name}党支部",
        member_count="8",
    )
    response = signed_in.post(admin_url(Unit, "change", unit.pk), data)
    assert response.status_code == 302, response.context and response.context["errors"]
    assert spy.names == ["party_organization_create", "party_organization_create"]
    assert spy.calls[0][1]["node"] == community
    assert spy.calls[1][1]["unit"] == unit
    assert PartyOrganization.objects.get(name=f"{unit.name}党支部").unit == unit


# The people of the tree ------------------------------------------------------------------


def test_a_grids_leader_and_cadres_are_written_inline_through_the_grid_services(
    signed_in, small_street, spy
):
    grid = small_street.grids[0]
    spy.on(
        grid_services,
        "grid_leader_assign",
        "cadre_assign",
        "cadre_update",
        "cadre_remove",
    )
    cadre = CadreAssignment.objects.get(grid=grid)
    url = admin_url(Node, "change", grid.pk)
    data = _page(signed_in, Node, "change", grid.pk)
    data["grid_leader-0-name"] = "新网格长"
    data[f"cadre_assignments-{row_index(data, 'cadre_assignments', cadre)}-name"] = "刘包联改"
    data = with_new_row(data, "cadre_assignments", name="赵包联", position="机关干部")
    response = signed_in.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    assert GridLeader.objects.get(grid=grid).name == "新网格长"
    assert sorted(CadreAssignment.objects.filter(grid=grid).values_list("name", flat=True)) == [
        "刘包联改",
        "赵包联",
    ]
    data = _page(signed_in, Node, "change", grid.pk)
    data[f"cadre_assignments-{row_index(data, 'cadre_assignments', cadre)}-DELETE"] = "on"
    assert signed_in.post(url, data).status_code == 302
    assert sorted(spy.names) == sorted(
        ["grid_leader_assign", "cadre_update", "cadre_assign", "cadre_remove"]
    )
    assert not CadreAssignment.objects.filter(pk=cadre.pk).exists()


def test_a_buildings_steward_is_changed_inline_through_steward_assign(signed_in, small_street, spy):
    building = small_street.buildings[0]
    spy.on(grid_services, "steward_assign", "steward_remove")
    url = admin_url(Node, "change", building.pk)
    data = _page(signed_in, Node, "change", building.pk)
    data["steward-0-show_publicly"] = "on"
    assert signed_in.post(url, data).status_code == 302
    assert Steward.objects.get(building=building).show_publicly
    data = _page(signed_in, Node, "change", building.pk)
    data["steward-0-DELETE"] = "on"
    assert signed_in.post(url, data).status_code == 302
    assert spy.names == ["steward_assign", "steward_remove"]
    assert spy.calls[0][1]["show_publicly"] is True
    assert not Steward.objects.filter(building=building).exists()


def test_a_zones_liaison_is_written_through_the_liaison_services(signed_in, small_street, spy):
    zone = grid_services.node_create(
        parent=small_street.street, kind="zone", name="场镇片区", code="zone1"
    )
    spy.on(grid_services, "liaison_assign", "liaison_remove")
    url = admin_url(Node, "change", zone.pk)
    data = _page(signed_in, Node, "change", zone.pk)
    data.update({"liaison-TOTAL_FORMS": 1, "liaison-0-name": "陈联络", "liaison-0-zone": zone.pk})
    response = signed_in.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    liaison = ZoneLiaison.objects.get(zone=zone)
    liaison_url = admin_url(ZoneLiaison, "change", liaison.pk)
    data = _page(signed_in, ZoneLiaison, "change", liaison.pk, phone="13800000011")
    assert signed_in.post(liaison_url, data).status_code == 302
    assert _delete(signed_in, liaison).status_code == 302
    assert spy.names == ["liaison_assign", "liaison_assign", "liaison_remove"]
    assert spy.calls[1][1] == {"zone": zone, "name": "陈联络", "phone": "13800000011"}
    assert not ZoneLiaison.objects.exists()


def test_a_cadre_is_assigned_on_their_own_page_and_stays_with_their_grid(
    signed_in, small_street, spy
):
    grid, other = small_street.grids[0], small_street.grids[2]
    spy.on(grid_services, "cadre_assign", "cadre_update", "cadre_remove")
    data = {"grid": grid.pk, "name": "孙包联", "phone": "", "position": "科员"}
    assert signed_in.post(admin_url(CadreAssignment, "add"), data).status_code == 302
    cadre = CadreAssignment.objects.get(name="孙包联")
    url = admin_url(CadreAssignment, "change", cadre.pk)
    data = _page(signed_in, CadreAssignment, "change", cadre.pk, position="副科长")
    data["grid"] = other.pk
    assert signed_in.post(url, data).status_code == 302
    cadre.refresh_from_db()
    assert (cadre.grid, cadre.position) == (grid, "副科长")
    assert _delete(signed_in, cadre).status_code == 302
    assert spy.names == ["cadre_assign", "cadre_update", "cadre_remove"]


def test_a_node_is_added_changed_and_deleted_through_the_tree_services(
    signed_in, small_street, spy
):
    spy.on(grid_services, "node_save", "node_delete")
    community = small_street.communities[0]
    data = {"parent": community.pk, "kind": "grid", "name": "新网格", "code": "new"}
    assert signed_in.post(admin_url(Node, "add"), data).status_code == 302
    grid = Node.objects.get(code="new")
    assert (grid.code_path, grid.grid_level) == (f"{community.code_path}/new", 1)
    url = admin_url(Node, "change", grid.pk)
    response = signed_in.post(url, _page(signed_in, Node, "change", grid.pk, code="renamed"))
    assert response.status_code == 302
    grid.refresh_from_db()
    assert grid.code_path == f"{community.code_path}/renamed"
    assert _delete(signed_in, grid).status_code == 302
    assert spy.names == ["node_save", "node_save", "node_delete"]
    assert not Node.objects.filter(pk=grid.pk).exists()


# Service sites and their photos ----------------------------------------------------------


def _site_form(community: Node, **changes) -> dict:
    return {
        "name": "暖蜂驿站",
        "kind": "rest",
        "node": community.pk,
        "address": "路口",
        "latitude": "36.500000",
        "longitude": "117.500000",
        "hours": "全天",
        "active": "on",
        "photos-TOTAL_FORMS": "0",
        "photos-INITIAL_FORMS": "0",
        **changes,
    }


def test_a_site_and_its_photo_are_written_through_the_site_services(signed_in, community, spy):
    spy.on(map_services, "site_create", "site_update", "site_delete", "site_photo_add")
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "居民的手机"
    upload = jpeg_upload("我的照片.jpg", exif=exif.tobytes())
    data = _site_form(
        community,
        **{"photos-TOTAL_FORMS": "1", "photos-0-caption": "门口", "photos-0-position": "0"},
    )
    response = signed_in.post(admin_url(ServiceSite, "add"), {**data, "photos-0-image": upload})
    assert response.status_code == 302, response.context and response.context["errors"]
    site = ServiceSite.objects.get(name="暖蜂驿站")
    photo = SitePhoto.objects.get(site=site)
    # Stored under a random name, re-encoded by the upload policy.
    assert "我的照片" not in photo.image.name and photo.image.name.endswith(".jpg")
    with Image.open(photo.image) as picture:
        assert not picture.getexif()
    url = admin_url(ServiceSite, "change", site.pk)
    data = _page(signed_in, ServiceSite, "change", site.pk, hours="8:00-20:00")
    assert signed_in.post(url, data).status_code == 302
    assert _delete(signed_in, site).status_code == 302
    assert spy.names == ["site_create", "site_photo_add", "site_update", "site_delete"]
    assert spy.calls[2][1] == {"site": site, "hours": "8:00-20:00"}


def test_a_photo_that_is_not_a_picture_is_refused_by_the_upload_policy(signed_in, community):
    site = map_services.site_create(
        name="驿站",
        kind="rest",
        node=community,
        address="x",
        latitude=36,
        longitude=117,
        hours="全天",
    )
    page = signed_in.get(admin_url(ServiceSite, "change", site.pk))
    data = with_new_row(admin_form_data(page), "photos", caption="门口", position="0")
    index = int(data["photos-TOTAL_FORMS"]) - 1
    fake = SimpleUploadedFile("photo.jpg", b"<html><script>alert(1)</script></html>")
    response = signed_in.post(
        admin_url(ServiceSite, "change", site.pk), {**data, f"photos-{index}-image": fake}
    )
    assert response.status_code == 200
    assert _shown(
        response,
        "This type of file is not accepted here. Upload one of: %(kinds)s.",
        kinds="JPEG, PNG, WebP",
    )
    assert not SitePhoto.objects.exists()


def test_a_site_from_a_service_menu_is_only_read_in_the_admin(signed_in, community):
    unit = UnitFactory(community=community)
    desk.offer_save(
        offer=ServiceOffer(
            unit=unit,
            title="义诊",
            category="health",
            place="卫生室",
            hours="周一",
            contact_name="王",
            contact_phone="13800000000",
            latitude=36.5,
            longitude=117.5,
        )
    )
    site = ServiceSite.objects.get(offer__unit=unit)
    url = admin_url(ServiceSite, "change", site.pk)
    page = signed_in.get(url)
    assert "name" not in page.context["adminform"].form.fields
    assert signed_in.post(url, admin_form_data(page, name="改名")).status_code == 302
    site.refresh_from_db()
    assert site.name == "义诊"
    response = signed_in.post(
        admin_url(ServiceSite, "delete", site.pk), {"post": "yes"}, follow=True
    )
    assert _shown(
        response,
        "This site follows its unit's service menu: change or withdraw the menu entry instead.",
    )
    assert ServiceSite.objects.filter(pk=site.pk).exists()
    with pytest.raises(ValidationError) as refused:
        map_services.site_update(site=site, name="改名")
    assert refused.value.messages == [
        translation.gettext(
            "This site follows its unit's service menu: change or withdraw the menu entry instead."
        )
    ]


# Volunteer teams and service posts -------------------------------------------------------


def test_a_team_and_its_members_are_written_through_the_team_services(signed_in, community, spy):
    first, second = volunteer(community, name="甲"), volunteer(community, name="乙")
    spy.on(vol_services, "team_create", "team_update", "team_delete")
    data = {"name": "志愿队", "node": community.pk, "members": [first.pk], "leader": first.pk}
    response = signed_in.post(admin_url(Team, "add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    team = Team.objects.get(name="志愿队")
    assert list(team.members.all()) == [first]
    url = admin_url(Team, "change", team.pk)
    data = _page(signed_in, Team, "change", team.pk, members=[str(first.pk), str(second.pk)])
    assert signed_in.post(url, data).status_code == 302
    assert set(team.members.all()) == {first, second}
    assert _delete(signed_in, team).status_code == 302
    assert spy.names == ["team_create", "team_update", "team_delete"]
    assert set(spy.calls[1][1]) == {"team", "members"}
    assert not Team.objects.exists()


def _post_form(community: Node, **changes) -> dict:
    return {
        "title": "文明劝导岗",
        "node": community.pk,
        "description": "",
        "starts_on": "2026-01-01",
        "ends_on": "2026-12-31",
        "slots": "2",
        **changes,
    }


def test_a_service_post_is_written_through_the_post_services(signed_in, community, spy):
    spy.on(vol_services, "post_create", "post_update", "post_delete")
    response = signed_in.post(admin_url(ServicePost, "add"), _post_form(community))
    assert response.status_code == 302, response.context["adminform"].form.errors
    post = ServicePost.objects.get()
    url = admin_url(ServicePost, "change", post.pk)
    response = signed_in.post(url, _page(signed_in, ServicePost, "change", post.pk, slots="5"))
    assert response.status_code == 302
    assert _delete(signed_in, post).status_code == 302
    assert spy.names == ["post_create", "post_update", "post_delete"]
    assert spy.calls[1][1] == {"post": post, "slots": 5}


def test_a_post_ending_before_it_starts_is_refused(signed_in, community):
    response = signed_in.post(
        admin_url(ServicePost, "add"), _post_form(community, ends_on="2025-12-31")
    )
    assert response.status_code == 200
    assert _shown(response, "A post ends on or after the day it starts.")
    assert not ServicePost.objects.exists()


def test_a_posts_places_do_not_drop_below_the_claims_held(signed_in, community):
    post = vol_services.post_create(
        title="岗",
        node=community,
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2026, 12, 31),
        slots=3,
    )
    for name in ("甲", "乙"):
        vol_services.post_claim(post=post, volunteer=volunteer(community, name=name))
    url = admin_url(ServicePost, "change", post.pk)
    response = signed_in.post(url, _page(signed_in, ServicePost, "change", post.pk, slots="1"))
    assert response.status_code == 200
    assert _shown(response, "%(count)d members hold this post already.", count=2)
    post.refresh_from_db()
    assert post.slots == 3


def test_a_post_with_hours_served_on_it_is_not_deleted(signed_in, community):
    post = vol_services.post_create(
        title="岗",
        node=community,
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2026, 12, 31),
    )
    CheckIn.objects.create(
        volunteer=volunteer(community),
        post=post,
        community=community,
        checked_in_at=timezone.now(),
        hours=1,
        status="closed",
    )
    # The admin will not delete the check-ins with it (they are only read there)...
    url = admin_url(ServicePost, "delete", post.pk)
    assert signed_in.post(url, {"post": "yes"}).status_code == 403
    # ...and the service keeps the post whoever asks.
    with pytest.raises(ValidationError) as refused:
        vol_services.post_delete(post=post)
    assert refused.value.messages == [
        translation.gettext(
            "Hours were served on this post, so it stays on record: give it an end date instead."
        )
    ]
    assert ServicePost.objects.filter(pk=post.pk).exists()
    assert CheckIn.objects.filter(post=post).exists()
