"""The three lists through the site, the API and the admin: each role does its part, the
queries do not grow with the rows, query parameters are input (400, never 500), and the public
page and the staff's desk cases never show a resident's name or phone."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from pledges import services
from pledges.models import Need, NeedOffer, NeedStatus, ProjectRating, Resource
from pledges.services import lists
from servicedesk import services as desk
from tests.factories import CommunityFactory, StreetFactory, secretary, street_staff
from tests.factories.alliance import UnitFactory, contact

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 11, 1)


@pytest.fixture
def lots():
    """Two communities, each with many needs, resources, offers and projects."""
    street = StreetFactory()
    communities = [CommunityFactory(parent=street) for _ in range(2)]
    staff = street_staff(street)
    made = {"street": street, "communities": communities, "staff": staff}
    for community in communities:
        units = [UnitFactory(community=community) for _ in range(4)]
        by = secretary(community)
        made.setdefault("secretaries", []).append(by)
        made.setdefault("units", []).append(units)
        for unit in units:
            Resource.objects.create(
                unit=unit,
                kind="skills",
                category="repair",
                title=f"{unit.name}维修",
                capacity="3人",
                availability="预约",
            )
        for n in range(12):
            need = lists.need_record(
                community=community,
                title=f"需求{n}",
                category="repair",
                source="visit",
                people=n + 1,
                by=by,
            )
            NeedOffer.objects.create(need=need, unit=units[n % 4], note="我们来")
            if n < 4:
                project = lists.need_to_project(
                    need=need,
                    title=f"项目{n}",
                    goal="x",
                    starts_on=DAY,
                    ends_on=DAY,
                    lead_unit=units[n],
                    resources=units[n].resources.all(),
                    by=by,
                )
                services.milestone_add(project=project, title="节点", due_on=DAY, done_on=DAY)
                services.project_progress(project=project, status="completed", progress=100)
        desk.request_submit(
            community=community,
            category="repair",
            description="楼道灯坏了",
            resident_name="李大爷",
            resident_phone="13800000002",
        )
    return made


@pytest.mark.parametrize("who", ["secretary", "staff", "contact"])
def test_the_demand_list_makes_a_fixed_number_of_queries(
    client, lots, who, django_assert_max_num_queries
):
    user = {
        "secretary": lots["secretaries"][0],
        "staff": lots["staff"],
        "contact": contact(lots["units"][0][0]),
    }[who]
    client.force_login(user)
    with django_assert_max_num_queries(20):
        page = client.get(reverse("pledges:needs")).content.decode()
    assert "需求1" in page
    if who == "secretary":
        assert "楼道灯坏了" in page  # the desk's request, offered for the list
        assert "李大爷" not in page and "13800000002" not in page


def test_a_needs_page_makes_a_fixed_number_of_queries(client, lots, django_assert_max_num_queries):
    client.force_login(lots["staff"])
    need = Need.objects.filter(status=NeedStatus.OPEN).first()
    with django_assert_max_num_queries(25):
        response = client.get(reverse("pledges:need", args=[need.pk]))
    assert response.status_code == 200 and 'id="matches"' in response.content.decode()


@pytest.mark.parametrize("shown", ["needs", "resources", "projects"])
def test_the_public_lists_make_a_fixed_number_of_queries_and_show_no_one(
    client, lots, shown, django_assert_max_num_queries
):
    community = lots["communities"][0]
    with django_assert_max_num_queries(12):
        page = client.get(reverse("pledges:public-lists", args=[community.pk]), {"list": shown})
    assert page.status_code == 200
    text = page.content.decode()
    assert "李大爷" not in text and "13800000002" not in text


@pytest.mark.parametrize(
    "query", [{"list": "everything"}, {"page": "x"}, {"rated": "-1"}, {"page": "0"}]
)
def test_the_public_lists_answer_bad_input_with_400(client, lots, query):
    community = lots["communities"][0]
    response = client.get(reverse("pledges:public-lists", args=[community.pk]), query)
    assert response.status_code == 400


@pytest.mark.parametrize("query", [{"community": "x"}, {"status": "lost"}, {"page": "y"}])
def test_the_demand_list_answers_bad_input_with_400(client, lots, query):
    client.force_login(lots["staff"])
    assert client.get(reverse("pledges:needs"), query).status_code == 400


def test_a_secretary_cannot_filter_to_another_community(client, lots):
    client.force_login(lots["secretaries"][0])
    other = lots["communities"][1]
    assert client.get(reverse("pledges:needs"), {"community": other.pk}).status_code == 400


def test_residents_rate_a_finished_project_on_the_public_page_and_the_need_closes(
    client, lots, settings
):
    settings.NEED_CLOSING_RATINGS = 1
    community = lots["communities"][0]
    need = Need.objects.filter(community=community, project__status="completed").first()
    page = reverse("pledges:public-lists", args=[community.pk])
    client.get(page)  # the voter cookie
    response = client.post(
        reverse("pledges:project-rate", args=[need.project_id]), {"value": "satisfied"}
    )
    assert f"rated={need.project_id}" in response.url
    assert ProjectRating.objects.filter(project=need.project).count() == 1
    need.refresh_from_db()
    assert need.status == NeedStatus.CLOSED


def test_a_secretary_puts_a_desk_request_on_the_list(client, lots):
    community = lots["communities"][0]
    client.force_login(lots["secretaries"][0])
    request = community.servicerequest_cases.get()
    response = client.post(
        reverse("pledges:needs"),
        {
            "community": community.pk,
            "source": "request",
            "source_id": request.pk,
            "title": "楼道照明",
            "category": "repair",
            "people": 40,
            "urgency": "urgent",
        },
    )
    need = Need.objects.get(source_id=request.pk)
    assert response.url == reverse("pledges:need", args=[need.pk])
    assert (need.people, need.urgency, need.created_by) == (40, "urgent", lots["secretaries"][0])


def test_a_contact_offers_on_the_page_and_only_staff_make_the_project(client, lots):
    unit = lots["units"][0][1]
    person = contact(unit)
    client.force_login(person)
    need = Need.objects.filter(status=NeedStatus.OPEN).exclude(offers__unit=unit).first()
    client.post(reverse("pledges:need-action", args=[need.pk, "offer"]), {"note": "派人"})
    assert NeedOffer.objects.filter(need=need, unit=unit, offered_by=person).exists()
    response = client.post(reverse("pledges:need-action", args=[need.pk, "project"]), {})
    assert response.status_code == 403
    assert (
        client.post(reverse("pledges:need-action", args=[need.pk, "withdraw"])).status_code == 403
    )


def test_a_contact_keeps_its_own_resources_only(client, lots):
    unit, other = lots["units"][0][0], lots["units"][0][1]
    client.force_login(contact(unit))
    client.post(
        reverse("pledges:resources"),
        {
            "unit": other.pk,  # not theirs: the form offers their own unit only
            "kind": "venue",
            "category": "venue",
            "title": "会议室",
            "capacity": "30人",
            "availability": "周末",
        },
    )
    assert not Resource.objects.filter(title="会议室").exists()
    client.post(
        reverse("pledges:resources"),
        {
            "unit": unit.pk,
            "kind": "venue",
            "category": "venue",
            "title": "会议室",
            "capacity": "30人",
            "availability": "周末",
        },
    )
    assert Resource.objects.get(title="会议室").unit == unit
    theirs = other.resources.first()
    response = client.post(reverse("pledges:resources"), {"resource": theirs.pk})
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.active


def test_the_api_lists_pin_their_queries_and_write_through_the_services(
    lots, django_assert_max_num_queries
):
    api = APIClient()
    secretary_a = lots["secretaries"][0]
    api.force_authenticate(secretary_a)
    for name in ("needs", "resources"):
        with django_assert_max_num_queries(8):
            assert api.get(f"/api/v1/{name}/").status_code == 200
    community_a, community_b = lots["communities"]
    made = api.post(
        "/api/v1/needs/",
        {"community": community_a.pk, "title": "助老", "category": "elderly", "source": "survey"},
        format="json",
    )
    assert made.status_code == 201 and made.json()["status"] == "open"
    assert Need.objects.get(title="助老").created_by == secretary_a
    elsewhere = api.post(
        "/api/v1/needs/",
        {"community": community_b.pk, "title": "x", "category": "elderly", "source": "survey"},
        format="json",
    )
    assert elsewhere.status_code == 404

    unit = lots["units"][0][2]
    person = contact(unit)
    api.force_authenticate(person)
    need = Need.objects.get(title="助老")
    offered = api.post(f"/api/v1/needs/{need.pk}/offer/", {"note": "我们有护工"}, format="json")
    assert offered.status_code == 201
    assert NeedOffer.objects.get(need=need).offered_by == person
    added = api.post(
        "/api/v1/resources/",
        {
            "unit": lots["units"][0][3].pk,
            "kind": "funds",
            "category": "elderly",
            "title": "助老基金",
            "capacity": "1万元",
            "availability": "全年",
        },
        format="json",
    )
    assert added.status_code == 400  # another unit's
    assert not Resource.objects.filter(title="助老基金").exists()


def test_the_admin_records_a_need_through_the_service(client, lots):
    secretary_a = lots["secretaries"][0]
    client.force_login(secretary_a)
    response = client.post(
        reverse("admin:pledges_need_add"),
        {
            "community": lots["communities"][0].pk,
            "title": "健身器材坏了",
            "description": "",
            "category": "repair",
            "people": 80,
            "urgency": "soon",
            "source": "visit",
            "offers-TOTAL_FORMS": 0,
            "offers-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Need.objects.get(title="健身器材坏了").created_by == secretary_a


def test_staff_make_a_need_a_project_through_the_api(lots):
    api = APIClient()
    api.force_authenticate(lots["secretaries"][0])
    need = Need.objects.filter(community=lots["communities"][0], status=NeedStatus.OPEN).first()
    unit = lots["units"][0][0]
    body = {
        "title": "楼道照明",
        "goal": "换灯",
        "starts_on": "2026-11-01",
        "ends_on": "2026-11-30",
        "lead_unit": unit.pk,
        "resources": [unit.resources.get().pk],
    }
    foreign = dict(body, resources=[lots["units"][1][0].resources.get().pk])
    assert api.post(f"/api/v1/needs/{need.pk}/project/", foreign, format="json").status_code == 400
    made = api.post(f"/api/v1/needs/{need.pk}/project/", body, format="json")
    assert made.status_code == 201, made.json()
    need.refresh_from_db()
    assert need.status == NeedStatus.IN_PROJECT and need.project.lead_unit == unit
    api.force_authenticate(contact(unit))
    again = Need.objects.filter(status=NeedStatus.OPEN).first()
    refused = api.post(f"/api/v1/needs/{again.pk}/project/", body, format="json")
    assert refused.status_code in (403, 404)
