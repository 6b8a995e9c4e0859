"""A claimant reaches the resident's whole phone only once the claim is approved and only while
it stands: a claim waiting for approval, a withdrawn one, or one made again shows it masked."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from servicedesk import services
from tests.factories import CommunityFactory, StreetFactory, secretary
from tests.factories.alliance import UnitFactory, contact
from tests.factories.volunteers import volunteer

pytestmark = pytest.mark.django_db

WHOLE, MASKED = "13800001234", "138********"


@pytest.fixture
def desk():
    community = CommunityFactory(parent=StreetFactory())
    staff = secretary(community)
    wish = services.wish_submit(
        community=community, title="一副老花镜", resident_name="张奶奶", resident_phone=WHOLE
    )
    services.wish_review(wish=wish, publish=True, by=staff)
    return {
        "community": community,
        "staff": staff,
        "wish": wish,
        "person": volunteer(community).user,
        "unit": UnitFactory(community=community),
    }


def seen(client, api, wish) -> tuple[str, str]:
    """Return what the claimant reads of the phone on the wish page and over the API."""
    page = client.get(reverse("servicedesk:wish", args=[wish.pk])).content.decode()
    answer = api.get(f"/api/v1/micro-wishes/{wish.pk}/").json()
    return page, answer["phone"]


def test_a_volunteer_sees_the_phone_only_after_approval_and_not_again_after_withdrawing(
    client, desk
):
    wish, person = desk["wish"], desk["person"]
    client.force_login(person)
    api = APIClient()
    api.force_authenticate(person)

    client.post(reverse("servicedesk:wish-action", args=[wish.pk, "claim"]))
    page, phone = seen(client, api, wish)
    assert phone == MASKED and WHOLE not in page  # waiting for approval

    wish.refresh_from_db()
    services.wish_decide_claim(wish=wish, approve=True, by=desk["staff"])
    page, phone = seen(client, api, wish)
    assert phone == WHOLE and WHOLE in page  # the claim stands

    client.post(reverse("servicedesk:wish-action", args=[wish.pk, "withdraw"]))
    client.post(reverse("servicedesk:wish-action", args=[wish.pk, "claim"]))
    page, phone = seen(client, api, wish)
    assert phone == MASKED and WHOLE not in page  # claimed again: waiting again


def request_for(desk):
    return services.request_submit(
        community=desk["community"],
        category="repair",
        description="楼道灯坏了",
        resident_name="王先生",
        resident_phone=WHOLE,
    )


def test_a_unit_sees_the_phone_while_its_acceptance_stands(client, desk):
    request = request_for(desk)
    person = contact(desk["unit"])
    client.force_login(person)
    api = APIClient()
    api.force_authenticate(person)
    url = reverse("servicedesk:request", args=[request.pk])

    services.request_triage(request=request, by=desk["staff"])
    services.request_take(request=request, by=person)
    assert WHOLE not in client.get(url).content.decode()  # taken, not yet accepted
    assert api.get(f"/api/v1/service-requests/{request.pk}/").json()["phone"] == MASKED

    services.request_accept(request=request, by=person)
    assert WHOLE in client.get(url).content.decode()
    assert api.get(f"/api/v1/service-requests/{request.pk}/").json()["phone"] == WHOLE

    services.request_close(request=request, by=person, report="已更换灯泡")
    assert WHOLE not in client.get(url).content.decode()  # done: the number goes back
    assert api.get(f"/api/v1/service-requests/{request.pk}/").json()["phone"] == MASKED
