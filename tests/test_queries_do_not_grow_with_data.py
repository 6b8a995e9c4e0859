"""The main pages and API lists make as many queries for a street loaded at scale 3 as for the
same street at scale 1: no page reads a row a row. Three times the rows shows any query per row
as surely as ten times, in a third of the loading (make bench measures the times at scale 10)."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Role, User
from alliance.models import Committee, CommitteeKind, MeetingStatus
from appraisals.models import Appraisal, AppraisalStatus
from demo.loader import street_load
from grids.models import Node
from pledges.models import Need, NeedStatus
from servicemap.models import ServiceSite

pytestmark = pytest.mark.django_db

STREET = "jinshanqiao"


def _urls() -> list[tuple[str, str]]:
    """(who, path) for the main pages and API lists; who is '' for a resident."""
    street = Node.objects.streets().get(code=STREET)
    community = Node.objects.communities().filter(tree_id=street.tree_id).order_by("lft").first()
    committee = Committee.objects.get(node=community, kind=CommitteeKind.PARTY)
    meeting = committee.meetings.filter(status=MeetingStatus.HELD).order_by("-starts_at").first()
    compound = Node.objects.compounds().filter(tree_id=street.tree_id).order_by("lft").first()
    site = ServiceSite.objects.filter(node__tree_id=street.tree_id).order_by("pk").first()
    month = f"{timezone.localtime(meeting.starts_at):%Y-%m}"
    need = Need.objects.filter(community=community, status=NeedStatus.OPEN).order_by("pk").first()
    appraisal = Appraisal.objects.get(street=street, status=AppraisalStatus.OPEN)
    pages = [
        ("", "/"),
        ("", f"/communities/{community.pk}/"),
        ("", f"/announcements/{street.pk}/"),
        ("", f"/boards/{community.pk}/"),
        ("", "/menu/"),
        ("", "/wishes/"),
        ("", "/help/"),
        ("", "/activities/"),
        ("", "/volunteer/leaderboards/"),
        ("", "/map/"),
        ("", f"/map/?compound={compound.pk}"),
        ("", f"/map/sites/{site.pk}/"),
        ("staff", "/alliance/"),
        ("staff", "/alliance/followups/"),
        ("staff", "/projects/"),
        ("staff", "/dashboard/"),
        ("staff", f"/dashboard/report/?month={month}"),
        ("staff", f"/alliance/committees/{committee.pk}/evaluation/{month}/"),
        ("secretary", f"/alliance/meetings/{meeting.pk}/"),
        ("secretary", "/desk/"),
        ("secretary", "/volunteer/approvals/"),
        ("secretary", "/summons/"),
        ("secretary", "/needs/"),
        ("secretary", f"/needs/{need.pk}/"),
        ("staff", "/needs/"),
        ("staff", "/resources/"),
        ("", f"/lists/{community.pk}/"),
        ("", f"/lists/{community.pk}/?list=resources"),
        ("", f"/lists/{community.pk}/?list=projects"),
        ("staff", "/appraisals/"),
        ("staff", f"/appraisals/{appraisal.pk}/"),
        ("", f"/appraisals/{appraisal.pk}/rate/"),
        ("secretary", "/workspace/assist/rating/"),
        ("secretary", "/admin/grids/node/"),
        ("staff", "/admin/organizations/unit/"),
        ("staff", "/admin/volunteers/volunteer/"),
        ("staff", "/admin/alliance/meeting/"),
        ("staff", "/admin/alliance/followup/"),
    ]
    apis = [
        "nodes", "units", "committees", "meetings", "followups", "pledges", "projects",
        "contributions", "services", "micro-wishes", "service-requests", "volunteers",
        "service-sites", "teams", "activities", "signups", "checkins", "points", "dual-reports",
        "summons", "needs", "resources", "appraisals",
    ]  # fmt: skip
    return pages + [("staff", f"/api/v1/{name}/") for name in apis]


def _clients() -> dict[str, Client]:
    street = Node.objects.streets().get(code=STREET)
    community = Node.objects.communities().filter(tree_id=street.tree_id).order_by("lft").first()
    clients = {"": Client()}
    for who, user in {
        "staff": User.objects.get(username=f"{STREET}-staff"),
        "secretary": User.objects.get(role=Role.COMMUNITY_SECRETARY, scope_node=community),
    }.items():
        clients[who] = Client()
        clients[who].force_login(user)
    return clients


def _query_counts() -> dict[str, int]:
    counts = {}
    clients = _clients()
    for who, path in _urls():
        cache.clear()  # every page from cold: the same work at both scales
        with CaptureQueriesContext(connection) as captured:
            response = clients[who].get(path)
        assert response.status_code == 200, (path, response.status_code)
        counts[f"{who or 'resident'} {re.sub(r'[0-9]+', 'N', path)}"] = len(captured)
    return counts


def test_query_counts_are_the_same_at_scale_1_and_scale_3(settings):
    settings.PORTAL_DEFAULT_STREET = STREET
    with transaction.atomic():
        street_load(slug=STREET, scale=1, password="demo-pass-123")
        small = _query_counts()
        transaction.set_rollback(True)
    street_load(slug=STREET, scale=3, password="demo-pass-123")
    large = _query_counts()
    grown = {page: (small[page], large[page]) for page in small if large[page] != small[page]}
    assert not grown, f"queries at scale 1 and at scale 3 differ: {grown}"
