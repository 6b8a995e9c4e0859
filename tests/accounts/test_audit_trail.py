"""Changes to minutes, items, grades, pledges, ratings, points and roles are recorded — who,
when, what changed — and shown in the admin, only to those who may open the record."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from alliance.services import followups
from tests.factories import UserFactory, secretary, street_staff
from tests.factories.alliance import UnitFactory, at, party_committee, schedule
from tests.factories.volunteers import volunteer
from volunteers import services as vol_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(small_street):
    committee = party_committee(small_street.communities[0])
    UnitFactory(community=small_street.communities[0])
    return schedule(committee, at(2026, 3, 10))


def test_publishing_minutes_is_recorded_with_who_and_what(client, small_street, meeting):
    author = secretary(small_street.communities[0])
    client.force_login(author)
    response = client.post(
        reverse("alliance:meeting-action", args=[meeting.pk, "minutes"]),
        {"minutes": "议定：雨污管网改造由城建公司牵头。"},
    )
    assert response.status_code == 302
    entry = LogEntry.objects.get_for_object(meeting).order_by("-timestamp").first()
    assert entry.actor == author
    assert entry.changes_dict["minutes"][1] == "议定：雨污管网改造由城建公司牵头。"
    assert "status" in entry.changes_dict


def test_items_points_and_roles_are_recorded(small_street, meeting):
    unit = meeting.committee.node.units.first()
    item = followups.followup_create(
        meeting=meeting, title="修路", owner=unit, due_on=datetime.date(2099, 4, 1)
    )
    assert LogEntry.objects.get_for_object(item).filter(action=LogEntry.Action.CREATE).exists()
    person = volunteer(small_street.communities[0])
    entry = vol_services.points_manual(
        volunteer=person, amount=Decimal("5"), reason="表彰", by=None
    )
    assert LogEntry.objects.get_for_object(entry).exists()
    user = UserFactory()
    user.role = "street_staff"
    user.scope_node = small_street.street
    user.save()
    change = LogEntry.objects.get_for_object(user).order_by("-timestamp").first()
    assert change.changes_dict["role"][1] == "street_staff"


def test_the_history_opens_in_the_admin_only_within_scope(client, small_street, meeting):
    own, other = small_street.communities
    meeting.title = "三月联席会议"
    meeting.save()
    url = reverse("admin:alliance_meeting_auditlog", args=[meeting.pk])
    client.force_login(secretary(own))
    page = client.get(url)
    assert page.status_code == 200 and "三月联席会议" in page.content.decode()
    listing = client.get(reverse("admin:alliance_meeting_changelist"))
    assert url in listing.content.decode()
    client.force_login(secretary(other))
    assert client.get(url).status_code == 404


def test_the_whole_log_is_for_administrators_only(client, small_street):
    client.force_login(street_staff(small_street.street))
    assert client.get(reverse("admin:auditlog_logentry_changelist")).status_code == 403
