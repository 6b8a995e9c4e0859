"""Pages of pledges and the service desk: scope and query counts."""

import datetime

import pytest
from django.urls import reverse

from pledges import services as pledge_services
from servicedesk import services
from servicedesk.models import ServiceOffer
from tests.factories import CommunityFactory, StreetFactory, secretary, street_staff
from tests.factories.alliance import UnitFactory, contact

pytestmark = pytest.mark.django_db


@pytest.fixture
def busy():
    street = StreetFactory()
    a, b = CommunityFactory(parent=street), CommunityFactory(parent=street)
    unit_a, unit_b = UnitFactory(community=a), UnitFactory(community=b)
    staff = secretary(a)
    requests, wishes = [], []
    for community in (a, b):
        for n in range(8):
            r = services.request_submit(
                community=community,
                category="repair",
                description=f"问题{n}",
                resident_name="钱",
                resident_phone="13600002222",
            )
            requests.append(r)
            wishes.append(
                services.wish_submit(
                    community=community,
                    title=f"心愿{n}",
                    resident_name="钱",
                    resident_phone="13600002222",
                )
            )
    for unit in (unit_a, unit_b):
        for n in range(6):
            services.offer_save(
                offer=ServiceOffer(
                    unit=unit,
                    title=f"服务{n}",
                    category="health",
                    place="x",
                    hours="y",
                    contact_name="z",
                    contact_phone="13800000000",
                )
            )
        pl = pledge_services.pledge_list_create(
            pledger_kind="unit", node=unit.community, unit=unit, year=2026, title="清单"
        )
        for n in range(6):
            pledge_services.pledge_add(
                pledge_list=pl,
                text=f"承诺{n}",
                category="service",
                due_on=datetime.date(2026, 9, 1),
            )
        pledge_services.pledge_list_submit(pledge_list=pl)
        pledge_services.pledge_list_review(pledge_list=pl, approve=True)
        project = pledge_services.project_create(
            title=f"项目{unit.pk}",
            goal="g",
            node=unit.community,
            starts_on=datetime.date(2026, 1, 1),
            ends_on=datetime.date(2026, 2, 1),
        )
        for _ in range(5):
            pledge_services.contribution_add(
                project=project, unit=unit, kind="money", description="钱", value=100
            )
    return {
        "street": street,
        "a": a,
        "b": b,
        "unit_a": unit_a,
        "unit_b": unit_b,
        "secretary": staff,
        "requests": requests,
        "wishes": wishes,
    }


def test_a_secretary_gets_404_for_the_other_communitys_cases(client, busy):
    client.force_login(busy["secretary"])
    mine, theirs = busy["requests"][0], busy["requests"][-1]
    assert client.get(reverse("servicedesk:request", args=[mine.pk])).status_code == 200
    assert client.get(reverse("servicedesk:request", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("servicedesk:wish", args=[busy["wishes"][-1].pk])).status_code == 404
    assert (
        client.post(reverse("servicedesk:request-action", args=[theirs.pk, "triage"])).status_code
        == 404
    )


def test_a_unit_sees_only_what_was_sent_to_it(client, busy):
    r = busy["requests"][0]
    services.request_triage(request=r, by=busy["secretary"])
    services.request_dispatch(request=r, unit=busy["unit_a"], by=busy["secretary"])
    client.force_login(contact(busy["unit_b"]))
    assert client.get(reverse("servicedesk:request", args=[r.pk])).status_code == 404
    client.force_login(contact(busy["unit_a"]))
    assert client.get(reverse("servicedesk:request", args=[r.pk])).status_code == 200


def test_a_unit_cannot_triage(client, busy):
    r = busy["requests"][0]
    services.request_triage(request=r, by=busy["secretary"])
    client.force_login(contact(busy["unit_a"]))
    assert (
        client.post(
            reverse("servicedesk:request-action", args=[r.pk, "dispatch"]),
            {"unit": busy["unit_a"].pk},
        ).status_code
        == 403
    )


@pytest.mark.parametrize(
    ("url", "who", "limit"),
    [
        (lambda b: reverse("pledges:board", args=[b["a"].pk]), None, 4),
        (lambda b: reverse("pledges:unit-board", args=[b["unit_a"].pk]), None, 4),
        (lambda b: reverse("servicedesk:menu"), None, 3),
        (lambda b: reverse("servicedesk:wishes"), None, 3),
        (lambda b: reverse("servicedesk:desk"), "staff", 8),
        (lambda b: reverse("pledges:projects"), "staff", 7),  # the ledger pages: a count
        (lambda b: reverse("pledges:lists"), "staff", 7),
        (lambda b: reverse("servicedesk:request", args=[b["requests"][0].pk]), "secretary", 10),
    ],
)
def test_page_queries_do_not_grow(client, busy, django_assert_max_num_queries, url, who, limit):
    if who == "staff":
        client.force_login(street_staff(busy["street"]))
    elif who == "secretary":
        client.force_login(busy["secretary"])
    target = url(busy)
    with django_assert_max_num_queries(limit):
        response = client.get(target)
    assert response.status_code == 200
