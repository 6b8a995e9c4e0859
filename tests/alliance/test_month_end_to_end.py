"""One month of a community committee, followed through the browser end to end."""

import datetime
import re
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from alliance.models import (
    AgendaTopic,
    AttendanceStatus,
    Evaluation,
    FollowUp,
    Meeting,
    RotaSlot,
    TopicSource,
)
from notifications.models import Notification
from tests.factories import CommunityFactory, StreetFactory, secretary, street_staff
from tests.factories.alliance import UnitFactory, contact, party_committee, working_committee

pytestmark = pytest.mark.django_db


def fmt(value: datetime.datetime) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")


def test_a_month_from_rota_to_grades(client):
    street = StreetFactory()
    community = CommunityFactory(parent=street)
    committee = party_committee(community)
    street_committee = working_committee(street)
    units = [UnitFactory(community=community, rota_order=i) for i in range(3)]
    contacts = [contact(u) for u in units]
    sec = secretary(community, email="sec@example.org")
    staff = street_staff(street)
    today = timezone.localdate()

    # The secretary generates the year's rota: the calendar names this month's convener.
    client.force_login(sec)
    rota_url = reverse("alliance:rota", args=[committee.pk, today.year])
    response = client.post(rota_url + "generate/", follow=True)
    assert response.status_code == 200
    convener = RotaSlot.objects.get(committee=committee, year=today.year, month=today.month).unit
    assert convener.name in client.get(rota_url).content.decode()

    # The schedule reminds the convener of its month (run as of ten days before it).
    first = today.replace(day=1)
    call_command(
        "send_reminders",
        date=str(first - datetime.timedelta(days=10)),
        stdout=StringIO(),
    )
    convener_contact = contacts[units.index(convener)]
    assert Notification.objects.filter(recipient=convener_contact).exists()
    assert any(convener_contact.email in m.to for m in mail.outbox)

    # The secretary schedules the meeting; it starts in half an hour.
    start = timezone.now().replace(second=0, microsecond=0) + datetime.timedelta(minutes=30)
    response = client.post(
        reverse("alliance:meeting-new", args=[committee.pk]),
        {
            "title": "本月大党委联席会议",
            "kind": "joint",
            "starts_at": fmt(start),
            "ends_at": fmt(start + datetime.timedelta(hours=2)),
            "place_kind": "room",
            "place": "党群服务中心会议室",
            "address": "",
        },
    )
    meeting = Meeting.objects.get(title="本月大党委联席会议")
    local_start = timezone.localtime(start)
    expected = RotaSlot.objects.filter(
        committee=committee, year=local_start.year, month=local_start.month
    ).first()
    assert response.status_code == 302
    assert meeting.convener == (expected.unit if expected else None)
    meeting_url = reverse("alliance:meeting", args=[meeting.pk])

    # Members are told; the convener's contact sees it in the notification list.
    call_command("send_reminders", stdout=StringIO())
    client.force_login(contacts[0])
    inbox = client.get(reverse("notifications:inbox")).content.decode()
    assert meeting.title in inbox

    # A unit proposes a topic, confirms, and its delegate checks in with the QR link.
    client.post(meeting_url + "topic/", {"title": "楼道堆物清理", "description": "三号楼"})
    client.post(meeting_url + "confirm/")
    page = client.get(meeting_url).content.decode()
    assert "楼道堆物清理" in page
    response = client.post(reverse("alliance:checkin", args=[meeting.checkin_token]), follow=True)
    assert response.status_code == 200
    row = meeting.attendance.get(unit=units[0])
    assert row.status == AttendanceStatus.PRESENT and row.checked_in_at and row.confirmed_at

    # The meeting begins (its times move back half an hour rather than the clock forward).
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=start - datetime.timedelta(minutes=31),
        ends_at=start + datetime.timedelta(hours=2, minutes=-31),
    )
    # The secretary records the attendance sheet, the minutes, a resolution and an item.
    client.force_login(sec)
    runs_page = client.get(meeting_url).content.decode()
    assert "<svg" in runs_page  # the check-in QR code
    sheet = {f"unit-{row.unit_id}-status": row.status for row in meeting.attendance.all()}
    sheet[f"unit-{units[1].pk}-status"] = "leave"
    sheet[f"unit-{units[1].pk}-reason"] = "外出培训"
    response = client.post(reverse("alliance:meeting-attendance", args=[meeting.pk]), sheet)
    assert response.status_code == 302
    client.post(meeting_url + "minutes/", {"minutes": "会议通报了上月督办事项。"})
    client.post(meeting_url + "resolution/", {"text": "由责任单位清理楼道堆物。"})
    due = today + datetime.timedelta(days=14)
    client.post(
        meeting_url + "followup/",
        {"title": "清理三号楼楼道", "owner": units[2].pk, "due_on": str(due)},
    )
    item = FollowUp.objects.get(title="清理三号楼楼道")
    meeting.refresh_from_db()
    assert (
        meeting.minutes_published_at
        and meeting.attendance.get(unit=units[1]).absence_reason == "外出培训"
    )
    printable = client.get(reverse("alliance:meeting-print", args=[meeting.pk])).content.decode()
    assert "会议通报了上月督办事项" in printable and "清理三号楼楼道" in printable
    ics = client.get(reverse("alliance:meeting-ics", args=[meeting.pk]))
    assert ics["Content-Type"].startswith("text/calendar") and b"BEGIN:VEVENT" in ics.content

    # The item escalates to the street committee and lands on its next meeting.
    item_url = reverse("alliance:followup", args=[item.pk])
    client.post(item_url + "escalate/", {"reason": "需城管部门执法"})
    client.force_login(staff)
    street_start = timezone.now() + datetime.timedelta(days=5)
    client.post(
        reverse("alliance:meeting-new", args=[street_committee.pk]),
        {
            "title": "大工委例会",
            "kind": "work_coordination",
            "starts_at": fmt(street_start),
            "ends_at": fmt(street_start + datetime.timedelta(hours=1)),
            "place_kind": "room",
            "place": "街道会议室",
            "address": "",
        },
    )
    street_meeting = Meeting.objects.get(title="大工委例会")
    assert AgendaTopic.objects.filter(
        meeting=street_meeting, followup=item, source=TopicSource.ESCALATED
    ).exists()

    # The street decides; the decision flows back to the item.
    client.post(item_url + "decide/", {"decision": "城管中队三日内清理", "close_item": "on"})
    item.refresh_from_db()
    assert item.status == "done" and "城管中队" in item.evidence_text
    client.force_login(sec)
    assert "城管中队三日内清理" in client.get(item_url).content.decode()

    # Street staff grade the month; the unit sees its grade and the feedback.
    client.force_login(staff)
    month = f"{today:%Y-%m}"
    evaluation_url = reverse("alliance:evaluation", args=[committee.pk, month])
    page = client.get(evaluation_url)
    assert page.status_code == 200
    response = client.post(
        evaluation_url,
        {f"unit-{units[1].pk}-grade": "fair", f"unit-{units[1].pk}-note": "请假一次"},
    )
    assert response.status_code == 302
    graded = Evaluation.objects.get(unit=units[1])
    assert graded.grade == "fair" and graded.suggested_grade in {
        "poor",
        "fair",
        "good",
        "excellent",
    }
    client.force_login(contacts[1])
    assert "请假一次" in client.get(reverse("alliance:my-unit")).content.decode()


def test_a_bad_meeting_form_changes_nothing_and_says_why(client):
    community = CommunityFactory()
    committee = party_committee(community)
    client.force_login(secretary(community))
    start = timezone.now() + datetime.timedelta(days=3)
    response = client.post(
        reverse("alliance:meeting-new", args=[committee.pk]),
        {
            "title": "x",
            "kind": "joint",
            "starts_at": fmt(start),
            "ends_at": fmt(start - datetime.timedelta(hours=1)),
            "place_kind": "site",
            "place": "现场",
        },
    )
    assert response.status_code == 200
    assert not Meeting.objects.exists()
    assert re.search("结束|ends after", response.content.decode())
