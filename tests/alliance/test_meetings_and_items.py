import datetime

import pytest
from django.core.exceptions import ValidationError

from alliance.models import AgendaTopic, AttendanceStatus, FollowUpStatus, SlaLight, TopicSource
from alliance.services import followups, meetings
from alliance.services.rota import rota_generate
from tests.factories import CommunityFactory, StreetFactory
from tests.factories.alliance import UnitFactory, at, party_committee, schedule, working_committee

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    street = StreetFactory()
    community = CommunityFactory(parent=street)
    committee = party_committee(community)
    street_committee = working_committee(street)
    units = [UnitFactory(community=community, rota_order=i) for i in range(3)]
    return street_committee, committee, units


def test_scheduling_names_the_rotas_convener_and_expects_every_active_unit(setup):
    _street, committee, units = setup
    UnitFactory(
        community=committee.node,
        left_on=datetime.date(2025, 1, 1),
        joined_on=datetime.date(2020, 1, 1),
    )
    rota_generate(committee=committee, year=2026)
    meeting = schedule(committee, at(2026, 2, 10))
    assert meeting.convener == units[1]
    assert {a.unit for a in meeting.attendance.all()} == set(units)


def test_open_items_are_carried_into_the_next_agenda_once(setup):
    _street, committee, units = setup
    january = schedule(committee, at(2026, 1, 10))
    done = followups.followup_create(
        meeting=january,
        title="已办结",
        owner=units[0],
        due_on=datetime.date(2026, 1, 30),
        created_at=at(2026, 1, 10),
    )
    followups.followup_report_done(item=done, evidence_text="照片")
    followups.followup_accept(item=done)
    open_item = followups.followup_create(
        meeting=january,
        title="修路灯",
        owner=units[1],
        due_on=datetime.date(2026, 2, 20),
        created_at=at(2026, 1, 10),
    )
    february = schedule(committee, at(2026, 2, 10))
    carried = AgendaTopic.objects.filter(meeting=february, source=TopicSource.CARRIED)
    assert [t.followup for t in carried] == [open_item]
    assert meetings.agenda_carry_over(meeting=february) == 0  # never twice


def test_escalation_lands_on_the_street_agenda_and_the_decision_comes_back(setup, superuser):
    street_committee, committee, units = setup
    meeting = schedule(committee, at(2026, 1, 10))
    item = followups.followup_create(
        meeting=meeting,
        title="小区停车难",
        owner=units[0],
        due_on=datetime.date(2026, 3, 1),
        created_at=at(2026, 1, 10),
    )
    escalation = followups.followup_escalate(
        item=item, reason="涉及多个部门，社区协调不动", by=superuser
    )
    assert escalation.street_committee == street_committee
    assert escalation.street_meeting is None  # no street meeting yet

    street_meeting = schedule(street_committee, at(2099, 1, 15), title="大工委会议")
    escalation.refresh_from_db()
    assert escalation.street_meeting == street_meeting
    assert AgendaTopic.objects.filter(
        meeting=street_meeting, followup=item, source=TopicSource.ESCALATED
    ).exists()

    followups.escalation_decide(
        escalation=escalation,
        decision="由街道协调交警部门施划停车位",
        by=superuser,
        close_item=True,
    )
    item.refresh_from_db()
    assert item.status == FollowUpStatus.DONE
    assert "交警" in item.evidence_text
    with pytest.raises(ValidationError):
        followups.escalation_decide(escalation=escalation, decision="again")


def test_an_item_escalates_onto_an_already_scheduled_street_meeting(setup):
    street_committee, committee, units = setup
    street_meeting = schedule(street_committee, at(2099, 1, 15), title="大工委会议")
    meeting = schedule(committee, at(2026, 1, 10))
    item = followups.followup_create(
        meeting=meeting,
        title="违建",
        owner=units[0],
        due_on=datetime.date(2026, 3, 1),
        created_at=at(2026, 1, 10),
    )
    escalation = followups.followup_escalate(item=item, reason="需执法")
    assert escalation.street_meeting == street_meeting
    with pytest.raises(ValidationError):
        followups.followup_escalate(item=item, reason="twice")


def test_closing_an_item_needs_evidence(setup):
    _street, committee, units = setup
    meeting = schedule(committee, at(2026, 1, 10))
    item = followups.followup_create(
        meeting=meeting,
        title="清理楼道",
        owner=units[0],
        due_on=datetime.date(2026, 2, 1),
        created_at=at(2026, 1, 10),
    )
    with pytest.raises(ValidationError):
        followups.followup_update(item=item, status=FollowUpStatus.DONE)
    with pytest.raises(ValidationError):
        followups.followup_report_done(item=item, evidence_text="  ")
    item.refresh_from_db()
    assert item.status == FollowUpStatus.OPEN


@pytest.mark.parametrize(
    ("today", "light"),
    [
        (datetime.date(2026, 1, 1), SlaLight.GREEN),
        (datetime.date(2026, 1, 8), SlaLight.GREEN),  # 70% used
        (datetime.date(2026, 1, 9), SlaLight.YELLOW),  # 80% used
        (datetime.date(2026, 1, 11), SlaLight.YELLOW),  # due today
        (datetime.date(2026, 1, 12), SlaLight.RED),
    ],
)
def test_sla_light_thresholds(setup, today, light):
    _street, committee, units = setup
    meeting = schedule(committee, at(2026, 1, 1))
    item = followups.followup_create(
        meeting=meeting,
        title="x",
        owner=units[0],
        due_on=datetime.date(2026, 1, 11),
        created_at=at(2026, 1, 1),
    )
    assert item.sla_light(today) == light


def test_check_in_marks_the_unit_present_within_the_window(setup):
    _street, committee, units = setup
    meeting = schedule(committee, at(2026, 1, 10, 14))
    with pytest.raises(ValidationError):
        meetings.attendance_check_in(meeting=meeting, unit=units[0], now=at(2026, 1, 10, 9))
    row = meetings.attendance_check_in(meeting=meeting, unit=units[0], now=at(2026, 1, 10, 13, 30))
    assert row.status == AttendanceStatus.PRESENT and row.checked_in_at


def test_leave_needs_a_reason_and_a_substitute_a_name(setup):
    _street, committee, units = setup
    meeting = schedule(committee, at(2026, 1, 10))
    with pytest.raises(ValidationError):
        meetings.attendance_record(meeting=meeting, unit=units[0], status=AttendanceStatus.LEAVE)
    # A unit that stayed away without a word is absent: there is no reason to give.
    assert (
        meetings.attendance_record(
            meeting=meeting, unit=units[1], status=AttendanceStatus.ABSENT
        ).absence_reason
        == ""
    )
    with pytest.raises(ValidationError):
        meetings.attendance_record(
            meeting=meeting, unit=units[0], status=AttendanceStatus.SUBSTITUTE
        )
    row = meetings.attendance_record(
        meeting=meeting,
        unit=units[0],
        status=AttendanceStatus.SUBSTITUTE,
        substitute_name="王副书记",
    )
    assert row.substitute_name == "王副书记"


def test_the_street_decision_is_told_to_the_community_and_the_owner(
    setup, django_capture_on_commit_callbacks
):
    from notifications.models import Notification
    from tests.factories import secretary
    from tests.factories.alliance import contact

    _street, committee, units = setup
    sec = secretary(committee.node)
    owner = contact(units[0])
    meeting = schedule(committee, at(2026, 1, 10))
    item = followups.followup_create(
        meeting=meeting,
        title="占道经营",
        owner=units[0],
        due_on=datetime.date(2026, 3, 1),
        created_at=at(2026, 1, 10),
    )
    escalation = followups.followup_escalate(item=item, reason="需执法")
    with django_capture_on_commit_callbacks(execute=True):
        followups.escalation_decide(escalation=escalation, decision="城管中队牵头整治")
    told = set(
        Notification.objects.filter(subject__contains="占道经营").values_list(
            "recipient", flat=True
        )
    )
    assert told == {sec.pk, owner.pk}
