import pytest
from rest_framework.test import APIClient

from pledges import services as pledge_services
from servicedesk import services
from servicedesk.models import ServiceRequest
from tests.factories import CommunityFactory, StreetFactory, secretary, street_staff
from tests.factories.alliance import UnitFactory, contact

pytestmark = pytest.mark.django_db


@pytest.fixture
def two():
    street = StreetFactory()
    a, b = CommunityFactory(parent=street), CommunityFactory(parent=street)
    return {"street": street, "a": a, "b": b, "unit": UnitFactory(community=a)}


def test_anyone_posts_a_request_and_gets_a_tracking_code(two):
    api = APIClient()
    response = api.post(
        "/api/v1/service-requests/",
        {
            "community": two["a"].pk,
            "category": "repair",
            "description": "路灯坏了",
            "resident_name": "赵先生",
            "resident_phone": "13700001111",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["tracking_code"].startswith("R")
    assert "13700001111" not in response.content.decode()
    assert api.get("/api/v1/service-requests/").status_code in (401, 403)


def test_bad_requests_are_refused_with_field_messages(two):
    api = APIClient()
    response = api.post(
        "/api/v1/service-requests/",
        {
            "community": two["a"].pk,
            "category": "repair",
            "description": "<b>x</b>",
            "resident_name": "赵",
            "resident_phone": "1",
        },
        format="json",
    )
    assert response.status_code == 400
    assert {"description", "resident_phone"} <= set(response.json())
    assert not ServiceRequest.objects.exists()


def test_reads_are_scoped_and_phones_masked_unless_handling(two):
    r = services.request_submit(
        community=two["a"],
        category="repair",
        description="漏水",
        resident_name="钱",
        resident_phone="13600002222",
    )
    services.request_submit(
        community=two["b"],
        category="repair",
        description="漏水",
        resident_name="孙",
        resident_phone="13600003333",
    )
    api = APIClient()
    api.force_authenticate(secretary(two["a"]))
    rows = api.get("/api/v1/service-requests/").json()["results"]
    assert [row["id"] for row in rows] == [r.pk]
    assert rows[0]["phone"] == "13600002222"  # the triaging secretary handles it
    api.force_authenticate(street_staff(two["street"]))
    rows = api.get("/api/v1/service-requests/").json()["results"]
    assert len(rows) == 2 and all("****" in row["phone"] for row in rows)
    api.force_authenticate(contact(two["unit"]))
    assert api.get("/api/v1/service-requests/").json()["count"] == 0


def test_anyone_posts_a_wish_and_reads_published_ones(two):
    api = APIClient()
    response = api.post(
        "/api/v1/micro-wishes/",
        {
            "community": two["a"].pk,
            "title": "一本字典",
            "resident_name": "周",
            "resident_phone": "13500001111",
        },
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["tracking_code"].startswith("W")


def test_ratings_over_the_api_once_per_token(two):
    pl = pledge_services.pledge_list_create(
        pledger_kind="community", node=two["a"], year=2026, title="x"
    )
    import datetime

    pledge = pledge_services.pledge_add(
        pledge_list=pl, text="义诊", category="service", due_on=datetime.date(2026, 9, 1)
    )
    pledge_services.pledge_list_submit(pledge_list=pl)
    pledge_services.pledge_list_review(pledge_list=pl, approve=True)
    api = APIClient()
    token = api.post("/api/v1/pledge-ratings/voter/").json()["voter_token"]
    body = {"pledge": pledge.pk, "value": "satisfied", "voter_token": token}
    assert api.post("/api/v1/pledge-ratings/", body, format="json").status_code == 201
    again = api.post("/api/v1/pledge-ratings/", body, format="json")
    assert again.status_code == 400
    listed = api.get("/api/v1/pledges/").json()["results"]
    assert listed[0]["satisfied"] == 1


@pytest.mark.parametrize(
    "endpoint",
    ["pledges", "services", "projects", "contributions", "micro-wishes", "service-requests"],
)
def test_list_queries_do_not_grow(two, endpoint, django_assert_max_num_queries):
    import datetime

    from servicedesk.models import ServiceOffer

    for n in range(12):
        services.request_submit(
            community=two["a"],
            category="repair",
            description=f"问题{n}",
            resident_name="钱",
            resident_phone="13600002222",
        )
        services.wish_submit(
            community=two["a"], title=f"心愿{n}", resident_name="钱", resident_phone="13600002222"
        )
        services.offer_save(
            offer=ServiceOffer(
                unit=two["unit"],
                title=f"服务{n}",
                category="health",
                place="x",
                hours="y",
                contact_name="z",
                contact_phone="13800000000",
            )
        )
    pl = pledge_services.pledge_list_create(
        pledger_kind="community", node=two["a"], year=2026, title="x"
    )
    for n in range(12):
        pledge_services.pledge_add(
            pledge_list=pl, text=f"承诺{n}", category="service", due_on=datetime.date(2026, 9, 1)
        )
    pledge_services.pledge_list_submit(pledge_list=pl)
    pledge_services.pledge_list_review(pledge_list=pl, approve=True)
    project = pledge_services.project_create(
        title="p",
        goal="g",
        node=two["a"],
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2026, 2, 1),
    )
    for _ in range(12):
        pledge_services.contribution_add(
            project=project, unit=two["unit"], kind="money", description="钱", value=100
        )
    api = APIClient()
    api.force_authenticate(street_staff(two["street"]))
    with django_assert_max_num_queries(6):
        response = api.get(f"/api/v1/{endpoint}/")
    assert response.status_code == 200 and response.json()["count"] >= 1
