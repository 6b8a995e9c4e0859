"""A meeting's attendance is recorded on one screen: every expected unit in one form, one save,
all or nothing, with the QR check-ins filling in."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from alliance.models import Attendance, AttendanceStatus
from alliance.services import meetings
from tests.factories import CommunityFactory, secretary
from tests.factories.alliance import UnitFactory, contact, party_committee, schedule

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting():
    community = CommunityFactory()
    for n in range(6):
        UnitFactory(community=community, rota_order=n)
    committee = party_committee(community)
    return schedule(committee, timezone.now() - datetime.timedelta(minutes=10))


def _sheet(meeting, **changes):
    data = {f"unit-{row.unit_id}-status": row.status for row in meeting.attendance.all()}
    for key, value in changes.items():
        data[key] = value
    return data


def test_one_save_records_every_unit(client, meeting):
    units = [row.unit for row in meeting.attendance.order_by("unit__rota_order")]
    client.force_login(secretary(meeting.committee.node))
    url = reverse("alliance:meeting-attendance", args=[meeting.pk])
    data = _sheet(meeting)
    for unit in units[:3]:
        data[f"unit-{unit.pk}-status"] = AttendanceStatus.PRESENT
    data[f"unit-{units[3].pk}-status"] = AttendanceStatus.SUBSTITUTE
    data[f"unit-{units[3].pk}-substitute"] = "王副书记"
    data[f"unit-{units[4].pk}-status"] = AttendanceStatus.LEAVE
    data[f"unit-{units[4].pk}-reason"] = "外出培训"
    data[f"unit-{units[5].pk}-status"] = AttendanceStatus.ABSENT
    response = client.post(url, data)
    assert response.status_code == 302
    rows = {r.unit_id: r for r in Attendance.objects.filter(meeting=meeting)}
    assert [rows[u.pk].status for u in units] == [
        "present",
        "present",
        "present",
        "substitute",
        "leave",
        "absent",
    ]
    assert rows[units[3].pk].substitute_name == "王副书记"
    assert rows[units[4].pk].absence_reason == "外出培训"


def test_a_refused_line_saves_nothing_and_is_shown_beside_its_unit(client, meeting):
    units = [row.unit for row in meeting.attendance.order_by("unit__rota_order")]
    client.force_login(secretary(meeting.committee.node))
    url = reverse("alliance:meeting-attendance", args=[meeting.pk])
    data = _sheet(meeting)
    data[f"unit-{units[0].pk}-status"] = AttendanceStatus.PRESENT
    data[f"unit-{units[1].pk}-status"] = AttendanceStatus.LEAVE  # no reason
    response = client.post(url, data, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 400
    assert "请假原因" in response.content.decode()
    assert set(Attendance.objects.filter(meeting=meeting).values_list("status", flat=True)) == {
        AttendanceStatus.EXPECTED
    }


def test_a_qr_check_in_shows_on_the_sheet_and_in_the_live_feed(client, meeting):
    unit = meeting.attendance.order_by("unit__rota_order").first().unit
    meetings.attendance_check_in(meeting=meeting, unit=unit)
    client.force_login(secretary(meeting.committee.node))
    live = client.get(reverse("alliance:meeting-attendance-live", args=[meeting.pk])).json()
    assert [row["unit"] for row in live["checked_in"]] == [unit.pk]
    page = client.get(reverse("alliance:meeting-attendance", args=[meeting.pk])).content.decode()
    assert f'value="present" id="id_unit-{unit.pk}-status_0" checked' in page or (
        f'name="unit-{unit.pk}-status" value="present"' in page and "checked" in page
    )


def test_a_unit_contact_cannot_record_the_sheet(client, meeting):
    unit = meeting.attendance.first().unit
    client.force_login(contact(unit))
    url = reverse("alliance:meeting-attendance", args=[meeting.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, _sheet(meeting)).status_code == 403


def test_the_sheet_is_refused_for_a_meeting_not_yet_near(meeting):
    later = schedule(meeting.committee, timezone.now() + datetime.timedelta(days=3))
    row = later.attendance.first()
    with pytest.raises(ValidationError, match="前一小时"):
        meetings.attendance_record_all(
            meeting=later, entries={row.unit_id: meetings.AttendanceEntry(status="present")}
        )
