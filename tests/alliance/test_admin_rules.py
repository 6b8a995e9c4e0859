"""The alliance's admin pages keep the rules of the meeting and item services: grades and
escalation decisions are the street's and signed by who gave them, an item closes only when its
unit has reported it done with evidence and the secretary accepts, a meeting moves only through
the reschedule service (its rules and notices)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from alliance.models import Escalation, Evaluation, FollowUp, FollowUpStatus, MeetingStatus
from alliance.services import followups
from alliance.services.evaluations import evaluation_grade
from notifications.models import Reminder
from tests.admin_forms import admin_form_data
from tests.factories import secretary, street_staff
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
def alliance(small_street):
    street, community = small_street.street, small_street.communities[0]
    working_committee(street)
    committee = party_committee(community)
    unit = UnitFactory(community=community)
    meeting = schedule(committee, at(2026, 1, 10))
    item = followups.followup_create(
        meeting=meeting,
        title="修路灯",
        owner=unit,
        due_on=datetime.date(2026, 2, 1),
        created_at=at(2026, 1, 10),
    )
    escalation = followups.followup_escalate(item=item, reason="协调不动")
    hold(schedule(committee, at(2026, 1, 20)))  # January is graded after its meeting
    staff = street_staff(street)
    grade = evaluation_grade(
        committee=committee,
        month=datetime.date(2026, 1, 1),
        grade="good",
        feedback="共建积极",
        unit=unit,
        by=staff,
    )
    return {
        "committee": committee,
        "unit": unit,
        "meeting": meeting,
        "item": item,
        "escalation": escalation,
        "grade": grade,
        "staff": staff,
        "secretary": secretary(community),
        "contact": contact(unit),
    }


def _moved_to(day: str) -> dict[str, str]:
    """The admin's split date and time inputs of a meeting moved to `day`, 14:00 to 16:00."""
    return {
        "starts_at_0": day,
        "starts_at_1": "14:00:00",
        "ends_at_0": day,
        "ends_at_1": "16:00:00",
    }


def _refused_with(response, message: str) -> bool:
    """Whether the admin page shows the service's `message` (in the page's language)."""
    with translation.override(response.wsgi_request.LANGUAGE_CODE):
        return translation.gettext(message) in response.content.decode()


def _change(obj) -> str:
    return reverse(f"admin:alliance_{obj._meta.model_name}_change", args=[obj.pk])


def test_secretary_cannot_regrade_a_unit_in_the_admin(client, alliance):
    grade = alliance["grade"]
    client.force_login(alliance["secretary"])
    response = client.post(
        _change(grade),
        {"grade": "excellent", "feedback": "自评", "graded_by": alliance["secretary"].pk},
    )
    assert response.status_code == 403
    grade.refresh_from_db()
    assert (grade.grade, grade.graded_by) == ("good", alliance["staff"])
    page = client.get(_change(grade))
    assert page.status_code == 200  # the secretary reads the grade
    assert not page.context["has_change_permission"]
    add = client.get(reverse("admin:alliance_evaluation_add"))
    assert add.status_code == 403


def test_secretary_cannot_decide_an_escalation_in_the_admin(client, alliance):
    escalation = alliance["escalation"]
    client.force_login(alliance["secretary"])
    response = client.post(
        _change(escalation),
        {"decision": "同意", "decided_by": alliance["staff"].pk, "decided_at": "2026-01-11"},
    )
    assert response.status_code == 403
    escalation.refresh_from_db()
    assert (escalation.decision, escalation.decided_by, escalation.decided_at) == ("", None, None)


def test_the_streets_decision_is_signed_by_who_gave_it_not_by_the_form(
    client, alliance, django_capture_on_commit_callbacks
):
    escalation, staff = alliance["escalation"], alliance["staff"]
    client.force_login(staff)
    page = client.get(_change(escalation))
    forged = admin_form_data(
        page,
        decision="由社区自行解决",
        decided_by=alliance["secretary"].pk,
        decided_at="2020-01-01",
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_change(escalation), forged)
    assert response.status_code == 302
    escalation.refresh_from_db()
    assert escalation.decision == "由社区自行解决"
    assert escalation.decided_by == staff
    assert escalation.decided_at.year != 2020
    # The decision flows back as the service does it: onto the item and to the community.
    assert "由社区自行解决" in FollowUp.objects.get(pk=alliance["item"].pk).evidence_text
    assert Reminder.objects.filter(kind="street_decision").exists()


def test_a_grade_given_in_the_admin_is_signed_by_who_gave_it(client, alliance):
    grade, staff = alliance["grade"], alliance["staff"]
    other = street_staff(grade.committee.node.parent)
    client.force_login(other)
    page = client.get(_change(grade))
    flattering = "excellent" if grade.suggested_grade != "excellent" else "poor"
    response = client.post(
        _change(grade),
        admin_form_data(page, grade="excellent", graded_by=staff.pk, suggested_grade=flattering),
    )
    assert response.status_code == 302
    grade = Evaluation.objects.get(pk=grade.pk)
    assert (grade.grade, grade.graded_by) == ("excellent", other)
    assert grade.suggested_grade != flattering


def test_an_item_not_reported_done_is_not_closed_in_the_admin(client, alliance):
    item = alliance["item"]
    client.force_login(alliance["secretary"])
    page = client.get(_change(item))
    response = client.post(
        _change(item),
        admin_form_data(page, status=FollowUpStatus.DONE, closed_at="2026-01-20 10:00"),
    )
    assert response.status_code == 200
    assert _refused_with(response, "Only an item its unit has reported done can be accepted.")
    item.refresh_from_db()
    assert (item.status, item.closed_at) == (FollowUpStatus.OPEN, None)


def test_a_reported_item_accepted_in_the_admin_closes_from_its_report(client, alliance):
    item = followups.followup_report_done(
        item=alliance["item"], evidence_text="已修好", at=at(2026, 1, 25)
    )
    client.force_login(alliance["secretary"])
    page = client.get(_change(item))
    response = client.post(
        _change(item),
        admin_form_data(page, status=FollowUpStatus.DONE, closed_at="2020-01-01 10:00"),
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == FollowUpStatus.DONE
    assert item.closed_at == at(2026, 1, 25)
    assert item.reviewed_by == alliance["secretary"]


def test_a_meeting_moved_in_the_admin_tells_the_expected_units(
    client, alliance, django_capture_on_commit_callbacks
):
    meeting = alliance["meeting"]
    client.force_login(alliance["secretary"])
    page = client.get(_change(meeting))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _change(meeting),
            admin_form_data(page, **_moved_to("2026-01-20"), status=MeetingStatus.HELD),
        )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.local_start.day == 20
    assert meeting.status == MeetingStatus.SCHEDULED  # the state is not the form's
    moved = Reminder.objects.filter(kind="meeting_moved")
    assert list(moved.values_list("recipient", flat=True)) == [alliance["contact"].pk]
    assert "2026-01-20 14:00" in moved.get().subject


def test_a_cancelled_meeting_is_not_moved_in_the_admin(client, alliance):
    meeting = alliance["meeting"]
    meeting.status = MeetingStatus.CANCELLED
    meeting.save(update_fields=["status"])
    client.force_login(alliance["secretary"])
    page = client.get(_change(meeting))
    response = client.post(
        _change(meeting),
        admin_form_data(page, **_moved_to("2026-01-20")),
    )
    assert response.status_code == 200
    assert _refused_with(response, "Only a scheduled meeting can be moved.")
    meeting.refresh_from_db()
    assert meeting.local_start.day == 10
    assert not Reminder.objects.filter(kind="meeting_moved").exists()


def test_an_escalation_is_decided_once_even_in_the_admin(client, alliance):
    escalation, staff = alliance["escalation"], alliance["staff"]
    followups.escalation_decide(escalation=escalation, decision="同意", by=staff)
    client.force_login(street_staff(escalation.street_committee.node))
    page = client.get(_change(escalation))
    response = client.post(_change(escalation), admin_form_data(page, decision="改判"))
    assert response.status_code == 200
    assert _refused_with(response, "The street has decided on this item already.")
    assert Escalation.objects.get(pk=escalation.pk).decision == "同意"
