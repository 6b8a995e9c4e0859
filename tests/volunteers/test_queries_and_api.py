import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from tests.factories import CommunityFactory, StreetFactory, secretary, street_staff
from tests.factories.alliance import UnitFactory
from tests.factories.volunteers import activity, volunteer
from volunteers import services
from volunteers.models import CheckIn, Team

pytestmark = pytest.mark.django_db


@pytest.fixture
def busy():
    street = StreetFactory()
    home = CommunityFactory(parent=street)
    unit = UnitFactory(community=home)
    team = Team.objects.create(name="先锋队", node=home, unit=unit)
    people = [volunteer(home, is_party_member=True, work_unit=unit) for _ in range(10)]
    events = [activity(home, capacity=20, organiser_unit=unit) for _ in range(6)]
    for person in people:
        team.members.add(person)
        services.dual_report_member(volunteer=person, year=2026)
        for event in events[:3]:
            services.activity_signup(activity=event, volunteer=person)
            checkin = CheckIn.objects.create(
                volunteer=person,
                activity=event,
                community=home,
                checked_in_at=event.starts_at,
                hours=2,
                status="closed",
            )
            services.hours_review(checkins=[checkin], approve=True, by=None)
    return {"street": street, "home": home, "unit": unit, "people": people, "events": events}


@pytest.mark.parametrize(
    ("url", "who", "limit"),
    [
        (lambda b: reverse("volunteers:activities"), None, 3),
        (lambda b: reverse("volunteers:leaderboards"), None, 5),
        (lambda b: reverse("volunteers:approvals"), "staff", 6),
        (lambda b: reverse("volunteers:compliance", args=[b["home"].pk, 2026]), "staff", 9),
        (
            lambda b: reverse("volunteers:score-sheet", args=[b["unit"].pk, 2026]),
            "staff",
            8,
        ),  # with the header's unread count
        (
            lambda b: reverse("volunteers:screen", args=[b["events"][0].pk]),
            "staff",
            8,
        ),  # with the header's unread count
    ],
)
def test_page_queries_do_not_grow(client, busy, django_assert_max_num_queries, url, who, limit):
    if who == "staff":
        client.force_login(secretary(busy["home"]))
    target = url(busy)
    with django_assert_max_num_queries(limit):
        response = client.get(target)
    assert response.status_code == 200


def test_my_page_queries(client, busy, django_assert_max_num_queries):
    client.force_login(busy["people"][0].user)
    with django_assert_max_num_queries(10):  # 9, and the header's unread count
        assert client.get(reverse("volunteers:me")).status_code == 200


@pytest.mark.parametrize(
    "endpoint",
    ["volunteers", "teams", "activities", "signups", "checkins", "points", "dual-reports"],
)
def test_api_lists(busy, django_assert_max_num_queries, endpoint):
    api = APIClient()
    api.force_authenticate(street_staff(busy["street"]))
    with django_assert_max_num_queries(6):
        response = api.get(f"/api/v1/{endpoint}/")
    assert response.status_code == 200 and response.json()["results"]


@pytest.mark.parametrize("endpoint", ["signups", "checkins", "points"])
def test_the_ledgers_page_by_cursor_newest_first_without_a_count(busy, endpoint):
    api = APIClient()
    api.force_authenticate(street_staff(busy["street"]))
    seen, url, pages = [], f"/api/v1/{endpoint}/", 0
    while url:
        body = api.get(url).json()
        assert "count" not in body
        seen.extend(row["id"] for row in body["results"])
        url, pages = body["next"], pages + 1
    assert len(seen) == len(set(seen)) >= 1  # every row once
    field = {"checkins": "checked_in_at"}.get(endpoint, "created_at")
    stamps = [row[field] for row in api.get(f"/api/v1/{endpoint}/").json()["results"]]
    assert stamps == sorted(stamps, reverse=True)


def test_a_volunteer_signs_up_over_the_api_and_sees_only_their_own(busy):
    person = busy["people"][0]
    api = APIClient()
    api.force_authenticate(person.user)
    response = api.post("/api/v1/signups/", {"activity": busy["events"][5].pk}, format="json")
    assert response.status_code == 201 and response.json()["status"] == "confirmed"
    assert {row["volunteer"] for row in api.get("/api/v1/points/").json()["results"]} == {person.pk}
    assert api.get("/api/v1/volunteers/").json()["count"] == 0


def test_other_communities_are_out_of_scope(busy):
    other = CommunityFactory(parent=busy["street"])
    api = APIClient()
    api.force_authenticate(secretary(other))
    assert api.get("/api/v1/volunteers/").json()["count"] == 0
    assert api.get(f"/api/v1/checkins/{CheckIn.objects.first().pk}/").status_code == 404
