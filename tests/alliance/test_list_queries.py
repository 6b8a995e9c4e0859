"""Every alliance list page and API list makes a fixed number of queries, however long."""

import datetime

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from alliance.services import followups
from alliance.services.evaluations import evaluation_grade
from alliance.services.rota import rota_generate
from notifications.services import ReminderSpec, reminder_send
from tests.factories import CommunityFactory, StreetFactory, street_staff
from tests.factories.alliance import (
    UnitFactory,
    at,
    contact,
    hold,
    party_committee,
    schedule,
    working_committee,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def busy_street():
    street = StreetFactory()
    working_committee(street)
    committees = []
    for _ in range(3):
        community = CommunityFactory(parent=street)
        committee = party_committee(community)
        units = [UnitFactory(community=community) for _ in range(6)]
        rota_generate(committee=committee, year=2026)
        for month in (1, 2, 3):
            meeting = schedule(committee, at(2026, month, 10))
            for unit in units[:3]:
                item = followups.followup_create(
                    meeting=meeting,
                    title=f"事项{month}{unit.pk}",
                    owner=unit,
                    due_on=datetime.date(2026, month, 28),
                    created_at=at(2026, month, 10),
                )
                if unit == units[0]:
                    hold(meeting)
                evaluation_grade(
                    committee=committee,
                    month=datetime.date(2026, month, 1),
                    grade="good",
                    feedback="按计划推进",
                    item=item,
                )
        followups.followup_escalate(item=item, reason="协调不动")
        committees.append(committee)
    staff = street_staff(street)
    person = contact(units[0])
    for n in range(15):
        reminder_send(
            ReminderSpec(
                key=f"k{n}", kind="meeting", recipient=staff, subject=f"提醒{n}", body="正文"
            )
        )
        reminder_send(
            ReminderSpec(
                key=f"c{n}", kind="meeting", recipient=person, subject=f"提醒{n}", body="正文"
            )
        )
    return {"street": street, "staff": staff, "committees": committees, "contact": person}


@pytest.mark.parametrize(
    ("url", "limit"),
    [
        (lambda s: reverse("alliance:home"), 8),
        (lambda s: reverse("alliance:followups"), 6),
        (lambda s: reverse("alliance:followups") + "?overdue=1&escalated=1", 6),
        (lambda s: reverse("alliance:rota", args=[s["committees"][0].pk, 2026]), 9),
        (lambda s: reverse("alliance:meeting", args=[s["committees"][0].meetings.first().pk]), 16),
        (
            lambda s: reverse("alliance:evaluation", args=[s["committees"][0].pk, "2026-03"]),
            17,
        ),  # the header's unread count: one COUNT; whether the month was held; dual report;
        # the units' answers to summons (one GROUP BY for the whole committee)
        (
            lambda s: reverse(
                "alliance:meeting-attendance", args=[s["committees"][0].meetings.first().pk]
            ),
            10,
        ),
        (lambda s: reverse("notifications:inbox"), 5),
        (lambda s: reverse("admin:alliance_meeting_changelist"), 12),
        (lambda s: reverse("admin:alliance_followup_changelist"), 12),
        (lambda s: reverse("admin:organizations_unit_changelist"), 12),
        (lambda s: reverse("admin:notifications_reminder_changelist"), 12),
    ],
)
def test_staff_pages(client, busy_street, django_assert_max_num_queries, url, limit):
    client.force_login(busy_street["staff"])
    target = url(busy_street)
    with django_assert_max_num_queries(limit):
        response = client.get(target)
    assert response.status_code == 200


def test_the_unit_page(client, busy_street, django_assert_max_num_queries):
    client.force_login(busy_street["contact"])
    with django_assert_max_num_queries(9):
        assert client.get(reverse("alliance:my-unit")).status_code == 200


@pytest.mark.parametrize("endpoint", ["units", "committees", "meetings", "followups"])
def test_api_lists(busy_street, django_assert_max_num_queries, endpoint):
    api = APIClient()
    api.force_authenticate(busy_street["staff"])
    with django_assert_max_num_queries(5):
        response = api.get(f"/api/v1/{endpoint}/")
    assert response.status_code == 200 and response.json()["count"] >= 3
