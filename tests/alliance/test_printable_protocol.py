"""The printable minutes are a protocol on A4: the street's header, date and place, the rotating
secretary, the attendance table, topics, resolutions, items with owners and dates, signature
lines; and the open items going on next month's agenda are shown before it is printed."""

import datetime

import pytest
from django.urls import reverse

from alliance.models import AttendanceStatus
from alliance.services import followups, meetings
from alliance.services.rota import rota_generate
from tests.factories import CommunityFactory, StreetFactory, secretary
from tests.factories.alliance import UnitFactory, at, hold, party_committee, schedule

pytestmark = pytest.mark.django_db


@pytest.fixture
def protocol(client):
    street = StreetFactory(name="张湾街道")
    community = CommunityFactory(parent=street, name="张湾社区")
    units = [UnitFactory(community=community, name=f"驻街单位{n}", rota_order=n) for n in range(3)]
    committee = party_committee(community)
    rota_generate(committee=committee, year=2026)
    january = schedule(committee, at(2026, 1, 12, 14), title="一月联席会议")
    left_open = followups.followup_create(
        meeting=january,
        title="修复三号楼路灯",
        owner=units[2],
        due_on=datetime.date(2026, 2, 20),
        created_at=at(2026, 1, 12),
    )
    meeting = schedule(committee, at(2026, 2, 10, 14), title="二月联席会议")
    meetings.attendance_record(
        meeting=meeting, unit=units[1], status=AttendanceStatus.LEAVE, absence_reason="外出培训"
    )
    resolution = meetings.resolution_add(meeting=meeting, text="由驻街单位0牵头清理楼道堆物。")
    followups.followup_create(
        meeting=meeting,
        resolution=resolution,
        title="清理楼道堆物",
        owner=units[0],
        due_on=datetime.date(2026, 2, 28),
        created_at=at(2026, 2, 10),
    )
    hold(meeting, "会议通报了一月督办事项进展。")
    client.force_login(secretary(community))
    page = client.get(
        reverse("alliance:meeting-print", args=[meeting.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans"
    ).content.decode()
    return {"page": page, "meeting": meeting, "left_open": left_open, "units": units}


def test_the_protocol_has_the_header_the_meeting_and_the_signature_lines(protocol):
    page, meeting = protocol["page"], protocol["meeting"]
    assert "张湾街道" in page and "区域化党建联盟" in page
    assert "二月联席会议" in page and "2026-02-10 14:00" in page
    assert meeting.convener.name in page and "轮值书记" in page
    assert "签字" in page and "记录人" in page


def test_the_protocol_lists_attendance_resolutions_and_items_with_owners_and_dates(protocol):
    page = protocol["page"]
    assert "请假" in page and "外出培训" in page
    assert "由驻街单位0牵头清理楼道堆物。" in page
    assert "清理楼道堆物" in page and "2026-02-28" in page
    assert "会议通报了一月督办事项进展。" in page


def test_open_items_carried_to_next_month_are_shown_before_printing(protocol):
    page = protocol["page"]
    note = page.index("carried-note")
    assert note < page.index("letterhead")  # on screen, above the protocol
    assert "转入下月议程" in page
    assert page.count("修复三号楼路灯") >= 1 and "2026-02-20" in page


def test_an_item_closed_is_not_carried(client, protocol):
    item = followups.followup_report_done(item=protocol["left_open"], evidence_text="已修复")
    followups.followup_accept(item=item)
    page = client.get(
        reverse("alliance:meeting-print", args=[protocol["meeting"].pk]),
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    ).content.decode()
    carried = page[page.rindex("转入下月议程的未办结事项") :]
    assert "清理楼道堆物" in carried and "修复三号楼路灯" not in carried
    assert "修复三号楼路灯 · " in page  # still on this meeting's agenda, where it came from
