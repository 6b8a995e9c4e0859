"""Secretaries stay in their community, unit contacts with their unit, across pages and API."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from alliance.models import FollowUpStatus
from alliance.services import followups
from tests.factories import UserFactory, secretary, street_staff
from tests.factories.alliance import (
    contact,
    working_committee,
)

pytestmark = pytest.mark.django_db


def pages(side):
    return [
        reverse("alliance:rota", args=[side["committee"].pk, 2026]),
        reverse("alliance:meeting", args=[side["meeting"].pk]),
        reverse("alliance:meeting-print", args=[side["meeting"].pk]),
        reverse("alliance:meeting-ics", args=[side["meeting"].pk]),
        reverse("alliance:followup", args=[side["item"].pk]),
    ]


def test_secretary_opens_their_pages_and_gets_404_for_the_other_community(client, two):
    client.force_login(secretary(two["a"]["community"]))
    for url in pages(two["a"]):
        assert client.get(url).status_code == 200, url
    for url in pages(two["b"]):
        assert client.get(url).status_code == 404, url
    listing = client.get(reverse("alliance:followups")).content.decode()
    assert "事项a" in listing and "事项b" not in listing


def test_secretary_cannot_act_on_the_other_communitys_meeting(client, two):
    client.force_login(secretary(two["a"]["community"]))
    url = reverse("alliance:meeting-action", args=[two["b"]["meeting"].pk, "minutes"])
    assert client.post(url, {"minutes": "越权"}).status_code == 404
    two["b"]["meeting"].refresh_from_db()
    assert two["b"]["meeting"].minutes == ""


def test_a_unit_contact_sees_its_own_items_only_and_cannot_run_meetings(client, two):
    owner = contact(two["a"]["units"][0])
    other = contact(two["a"]["units"][1])
    client.force_login(owner)
    assert client.get(reverse("alliance:followup", args=[two["a"]["item"].pk])).status_code == 200
    assert client.get(reverse("alliance:followup", args=[two["b"]["item"].pk])).status_code == 404
    assert (
        client.post(
            reverse("alliance:meeting-action", args=[two["a"]["meeting"].pk, "minutes"]),
            {"minutes": "x"},
        ).status_code
        == 403
    )
    client.force_login(other)
    assert client.get(reverse("alliance:followup", args=[two["a"]["item"].pk])).status_code == 404


def test_the_owner_reports_its_item_done_for_review_and_cannot_close_it(client, two):
    owner = contact(two["a"]["units"][0])
    client.force_login(owner)
    item = two["a"]["item"]
    url = reverse("alliance:followup-action", args=[item.pk, "update"])
    client.post(url, {"status": FollowUpStatus.DONE, "evidence_text": "已清理，见照片"})
    item.refresh_from_db()
    assert item.status == FollowUpStatus.OPEN  # "done" is not the unit's to give
    client.post(url, {"status": FollowUpStatus.REPORTED, "evidence_text": "已清理，见照片"})
    item.refresh_from_db()
    assert item.status == FollowUpStatus.REPORTED
    accept = reverse("alliance:followup-action", args=[item.pk, "accept"])
    assert client.post(accept, {}).status_code == 403
    item.refresh_from_db()
    assert item.status == FollowUpStatus.REPORTED


def test_volunteers_see_nothing_of_the_alliance(client, two):
    client.force_login(UserFactory())
    assert client.get(reverse("alliance:meeting", args=[two["a"]["meeting"].pk])).status_code == 404


@pytest.mark.parametrize("endpoint", ["units", "committees", "meetings", "followups"])
def test_api_lists_and_details_keep_the_scope(two, endpoint):
    api = APIClient()
    api.force_authenticate(secretary(two["a"]["community"]))
    rows = api.get(f"/api/v1/{endpoint}/").json()["results"]
    assert rows
    foreign = {
        "units": two["b"]["units"][0].pk,
        "committees": two["b"]["committee"].pk,
        "meetings": two["b"]["meeting"].pk,
        "followups": two["b"]["item"].pk,
    }[endpoint]
    assert foreign not in {r["id"] for r in rows}
    assert api.get(f"/api/v1/{endpoint}/{foreign}/").status_code == 404


def test_followup_api_filters(two):
    api = APIClient()
    api.force_authenticate(street_staff(two["street"]))
    item_a = two["a"]["item"]
    working_committee(two["street"])
    followups.followup_escalate(item=two["b"]["item"], reason="协调不动")

    def ids(**params):
        return {r["id"] for r in api.get("/api/v1/followups/", params).json()["results"]}

    assert ids(community=two["a"]["community"].pk) == {item_a.pk}
    assert ids(owner=two["b"]["units"][0].pk) == {two["b"]["item"].pk}
    assert ids(status="open") == {item_a.pk, two["b"]["item"].pk}
    assert ids(overdue="true") == {item_a.pk, two["b"]["item"].pk}  # due 2026-04-01, long past
    assert ids(escalated="true") == {two["b"]["item"].pk}
    assert ids(escalated="false") == {item_a.pk}
    assert api.get("/api/v1/followups/", {"status": "lost"}).status_code == 400


def test_evidence_files_are_served_only_to_those_who_may_see_the_item(
    client, two, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.factories.files import PDF

    settings.MEDIA_ROOT = tmp_path
    owner = contact(two["a"]["units"][0])
    client.force_login(owner)
    upload = SimpleUploadedFile("minutes.pdf", PDF, content_type="application/pdf")
    client.post(
        reverse("alliance:followup-action", args=[two["a"]["item"].pk, "update"]),
        {"status": "in_progress", "evidence_text": "", "evidence_file": upload},
    )
    url = reverse("alliance:followup-evidence", args=[two["a"]["item"].pk])
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    client.force_login(secretary(two["b"]["community"]))
    assert client.get(url).status_code == 404
