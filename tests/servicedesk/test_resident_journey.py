"""A resident, as a new user would: board, rating, wish and request tracked by code;
a unit claims and fulfils them; the board, the ledger and the grading reflect it."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from alliance.services.evaluations import unit_month_figures
from pledges import services as pledge_services
from pledges.models import PledgeRating
from servicedesk.models import MicroWish, ServiceRequest
from tests.factories import CommunityFactory, CompoundFactory, StreetFactory, secretary
from tests.factories.alliance import UnitFactory, contact, party_committee

pytestmark = pytest.mark.django_db


@pytest.fixture
def street():
    street = StreetFactory()
    community = CommunityFactory(parent=street, name="怡园社区")
    compound = CompoundFactory(parent=community, name="阳光小区")
    unit = UnitFactory(community=community, name="市第一人民医院")
    committee = party_committee(community)
    pledge_list = pledge_services.pledge_list_create(
        pledger_kind="unit",
        node=community,
        unit=unit,
        year=timezone.localdate().year,
        title="医院初心清单",
    )
    pledge_services.pledge_add(
        pledge_list=pledge_list,
        text="每月一次社区义诊",
        category="service",
        due_on=timezone.localdate().replace(month=12, day=31),
    )
    pledge_services.pledge_list_submit(pledge_list=pledge_list)
    pledge_services.pledge_list_review(pledge_list=pledge_list, approve=True)
    return {
        "street": street,
        "community": community,
        "compound": compound,
        "unit": unit,
        "committee": committee,
    }


def code_in(client, response) -> str:
    """Read the tracking code off the thank-you page the submission leads to (shown once)."""
    assert response["Location"] == reverse("servicedesk:thanks")
    page = client.get(response["Location"]).content.decode()
    match = re.search(r'id="tracking-code"[^>]*>([A-Z0-9]+)<', page)
    assert match, page
    return match.group(1)


def test_resident_and_unit_journey(client, street):
    community, unit = street["community"], street["unit"]

    # The home page leads to the community's pledge board; the resident rates a pledge.
    home = client.get("/").content.decode()
    board_url = reverse("pledges:board", args=[community.pk])
    assert board_url in home
    board = client.get(board_url)
    assert "每月一次社区义诊" in board.content.decode()
    pledge = street["unit"].pledge_lists.get().pledges.get()
    client.post(
        reverse("pledges:rate", args=[pledge.pk]), {"value": "satisfied", "comment": "很方便"}
    )
    client.post(
        reverse("pledges:rate", args=[pledge.pk]), {"value": "unsatisfied"}
    )  # second try this month
    assert PledgeRating.objects.count() == 1
    shown = client.get(board_url).context["lists"][0].pledges.all()[0]
    assert (shown.satisfied, shown.basic, shown.unsatisfied) == (1, 0, 0)

    # The resident posts a micro-wish and a request, and gets tracking codes.
    response = client.post(
        reverse("servicedesk:wish-new"),
        {
            "community": community.pk,
            "place": street["compound"].pk,
            "title": "想要一副老花镜",
            "resident_name": "王奶奶",
            "resident_phone": "13811112222",
        },
    )
    wish_code = code_in(client, response)
    response = client.post(
        reverse("servicedesk:help"),
        {
            "community": community.pk,
            "category": "health",
            "description": "独居老人需要上门测血压",
            "resident_name": "王奶奶",
            "resident_phone": "13811112222",
        },
    )
    request_code = code_in(client, response)
    tracked = client.get(reverse("servicedesk:track-code", args=[request_code])).content.decode()
    assert "138********" in tracked and "13811112222" not in tracked

    # The community publishes the wish and dispatches the request to the hospital.
    sec = secretary(community)
    client.force_login(sec)
    wish = MicroWish.objects.get(tracking_code=wish_code)
    service_request = ServiceRequest.objects.get(tracking_code=request_code)
    client.post(reverse("servicedesk:wish-action", args=[wish.pk, "publish"]))
    client.post(reverse("servicedesk:request-action", args=[service_request.pk, "triage"]))
    client.post(
        reverse("servicedesk:request-action", args=[service_request.pk, "dispatch"]),
        {"unit": unit.pk},
    )

    # The hospital claims and fulfils the wish, accepts, serves and closes the request.
    person = contact(unit)
    client.force_login(person)
    page = client.get(reverse("servicedesk:request", args=[service_request.pk])).content.decode()
    assert "13811112222" not in page  # dispatched, not yet accepted: masked
    client.post(reverse("servicedesk:wish-action", args=[wish.pk, "claim"]))
    client.post(
        reverse("servicedesk:wish-action", args=[wish.pk, "fulfil"]), {"proof": "已送老花镜上门"}
    )
    client.post(reverse("servicedesk:request-action", args=[service_request.pk, "accept"]))
    page = client.get(reverse("servicedesk:request", args=[service_request.pk])).content.decode()
    assert "13811112222" in page  # the unit that accepted it sees the whole number
    client.post(
        reverse("servicedesk:request-action", args=[service_request.pk, "close"]),
        {"report": "已上门测量，血压正常"},
    )
    client.logout()

    # The resident confirms the wish and reopens the request as not solved.
    client.post(
        reverse("servicedesk:track-code", args=[wish_code]),
        {"action": "confirm", "rating": "5", "phone_last4": "2222"},
    )
    client.post(
        reverse("servicedesk:track-code", args=[request_code]),
        {"action": "reopen", "note": "还需要每周复测", "phone_last4": "2222"},
    )
    wish.refresh_from_db()
    service_request.refresh_from_db()
    assert wish.status == "confirmed" and wish.rating == 5
    assert service_request.status == "triaged" and service_request.reopen_count == 1
    assert (
        "已送老花镜上门"
        in client.get(reverse("servicedesk:track-code", args=[wish_code])).content.decode()
    )

    # The grading sees the pledge rating and the reopened request against the hospital.
    figures = unit_month_figures(street["committee"], timezone.localdate())[unit.pk]
    assert figures["pledge_score"] == 1.0
    assert (figures["requests_closed"], figures["requests_reopened"]) == (1, 1)


def test_a_bad_public_submission_is_refused_whole_with_a_message(client, street):
    response = client.post(
        reverse("servicedesk:help"),
        {
            "community": street["community"].pk,
            "category": "health",
            "description": "<script>alert(1)</script>",
            "resident_name": "x",
            "resident_phone": "123",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "HTML" in html or "纯文本" in html
    assert not ServiceRequest.objects.exists()


def test_an_unknown_code_is_404(client, street):
    assert client.get(reverse("servicedesk:track-code", args=["RNOTACODE00"])).status_code == 404


def test_public_pages_render(client, street):
    for name in [
        "servicedesk:menu",
        "servicedesk:wishes",
        "servicedesk:wish-new",
        "servicedesk:help",
        "servicedesk:track",
    ]:
        assert client.get(reverse(name)).status_code == 200, name


def test_a_bot_filling_the_honeypot_sends_nothing(client, street):
    response = client.post(
        reverse("servicedesk:help"),
        {
            "community": street["community"].pk,
            "category": "health",
            "description": "买药",
            "resident_name": "王",
            "resident_phone": "13811112222",
            "website": "http://spam.example",
        },
    )
    assert response.status_code == 200
    assert not ServiceRequest.objects.exists()
