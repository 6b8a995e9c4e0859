"""社区工作台: a secretary sees the month's meeting and every queue of their own community."""

import pytest
from django.urls import reverse

from tests.workspace.world import texts

pytestmark = pytest.mark.django_db

URL = reverse("workspace:community")


def test_a_secretary_sees_the_months_meeting_and_its_links(client, world):
    a = world["a"]
    client.force_login(a["secretary"])
    response = client.get(URL)
    page = texts(response)
    assert "a联席会议" in page
    assert reverse("alliance:meeting", args=[a["meeting"].pk]) in page
    assert reverse("alliance:meeting-new", args=[a["committee"].pk]) in page
    meeting = response.context["meetings"][0]
    assert meeting.expected_count == 2 and meeting.present_count == 0
    assert response.context["slot"] is not None


def test_a_secretary_sees_every_queue_with_its_count(client, world):
    a = world["a"]
    client.force_login(a["secretary"])
    response = client.get(URL)
    page = texts(response)
    assert response.context["lights"]["total"] == 1 and "督办a" in page
    desk = response.context["desk"]
    assert desk["to_triage"]["count"] == 1
    assert desk["to_review"]["count"] == 1
    assert reverse("servicedesk:request", args=[a["requests"][0].pk]) in page
    assert "待审心愿a" in page
    assert response.context["to_verify_count"] == 1 and "承诺a" in page
    assert response.context["volunteers"]["hours_count"] == 1 and "往期a" in page
    assert response.context["reminder_count"] == 1 and "提醒a" in page
    assert reverse("volunteers:approvals") in page
    assert reverse("servicedesk:desk") in page


def test_a_secretary_sees_nothing_of_another_community(client, world):
    client.force_login(world["a"]["secretary"])
    page = texts(client.get(URL))
    for foreign in ["b联席会议", "督办b", "待审心愿b", "承诺b", "往期b", "提醒b"]:
        assert foreign not in page, foreign
    assert reverse("servicedesk:request", args=[world["b"]["requests"][0].pk]) not in page
