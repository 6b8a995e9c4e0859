"""The follow-up list comes a page at a time and keeps its filters from page to page."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse

from alliance.services import followups
from alliance.views import FOLLOWUPS_PAGE
from tests.factories import secretary
from tests.factories.alliance import at

pytestmark = pytest.mark.django_db

ITEM = re.compile(r'href="/alliance/followups/\d+/"')


def test_items_come_in_pages_with_their_filter(client, two, django_assert_max_num_queries):
    a = two["a"]
    for n in range(FOLLOWUPS_PAGE + 1):
        followups.followup_create(
            meeting=a["meeting"],
            title=f"事项{n:02d}",
            owner=a["units"][1],
            due_on=datetime.date(2026, 4, 1),
            created_at=at(2026, 3, 10),
        )
    client.force_login(secretary(a["community"]))
    url = reverse("alliance:followups")
    with django_assert_max_num_queries(8):
        first = client.get(url, {"status": "open"}).content.decode()
    assert len(ITEM.findall(first)) == FOLLOWUPS_PAGE
    assert "status=open&amp;page=2" in first
    second = client.get(url, {"status": "open", "page": 2}).content.decode()
    assert len(ITEM.findall(second)) == 2  # the last new one and 事项a
    assert client.get(url, {"page": 3}).status_code == 404
    assert client.get(url, {"page": "-1"}).status_code == 400
