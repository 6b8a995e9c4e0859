"""The dashboard's figures over a demo street equal counts made independently, row by row."""

from __future__ import annotations

from collections import Counter

import pytest
from django.utils import timezone

from alliance.models import FollowUp, Meeting
from common.months import key, last_months
from dashboard import services
from demo.loader import street_load
from grids.models import Node
from servicedesk.models import ServiceRequest
from volunteers.models import CheckIn

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    street_load(slug="quyang", seed=1, scale=1, password="dashboard-test-password")
    return Node.objects.get(code_path="quyang")


def month_of(moment) -> str:
    return key(timezone.localtime(moment))


def test_monthly_figures_equal_independent_counts(demo, django_assert_max_num_queries):
    months = last_months(12)
    names = {key(m) for m in months}
    rows = {row["month"]: row for row in services.monthly_figures(demo, months)}

    held = Counter(
        month_of(m.starts_at)
        for m in Meeting.objects.filter(committee__node__tree_id=demo.tree_id, status="held")
    )
    opened = Counter(
        month_of(f.created_at)
        for f in FollowUp.objects.filter(meeting__committee__node__tree_id=demo.tree_id)
    )
    closed = Counter(
        month_of(f.closed_at)
        for f in FollowUp.objects.filter(
            meeting__committee__node__tree_id=demo.tree_id, closed_at__isnull=False
        )
    )
    requests = Counter(
        month_of(r.created_at)
        for r in ServiceRequest.objects.filter(community__tree_id=demo.tree_id)
    )
    hours = Counter()
    for checkin in CheckIn.objects.filter(community__tree_id=demo.tree_id, status="approved"):
        hours[month_of(checkin.checked_in_at)] += float(checkin.hours)
    assert sum(held.values()) > 0 and sum(requests.values()) > 0 and sum(hours.values()) > 0
    for name in names:
        row = rows[name]
        assert row["meetings_held"] == held[name], name
        assert row["items_opened"] == opened[name], name
        assert row["items_closed"] == closed[name], name
        assert row["requests_received"] == requests[name], name
        assert row["volunteer_hours"] == pytest.approx(hours[name]), name

    # The communities' figures add up to the street's.
    communities = list(Node.objects.communities().under(demo))
    street_total = sum(r["requests_received"] for r in services.monthly_figures(demo, months))
    by_community = sum(
        sum(r["requests_received"] for r in services.monthly_figures(c, months))
        for c in communities
    )
    assert street_total == by_community > 0

    # Asked again, every month comes from the cache.
    with django_assert_max_num_queries(0):
        services.monthly_figures(demo, months)
