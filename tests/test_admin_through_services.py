"""Each workflow admin writes through its app's service: the real admin add and change forms,
inlines and actions are posted, and what only the service does is checked (the notices it
queues, the account it signs with from the request, the rule it refuses with a message, the
secret or history it keeps). What the admin may not write at all is refused without a write.
"""

from __future__ import annotations

import datetime

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone, translation

from alliance.models import Attendance, FollowUp, FollowUpStatus, Meeting, Resolution, RotaSlot
from notifications.models import Notification, Reminder
from organizations import services as unit_services
from organizations.models import Unit, UnitKind, UnitRating
from pledges.models import Contribution, PledgeList, Project
from portal import services as portal_services
from portal.models import Announcement
from servicedesk.models import MicroWish, ServiceRequest
from tests.admin_forms import admin_form_data
from tests.factories.alliance import UnitFactory, contact, party_committee, schedule
from tests.factories.volunteers import volunteer
from volunteers.models import (
    Activity,
    CheckIn,
    DualReport,
    PointEntry,
    PointRule,
    PointRuleChange,
    VolunteerStatus,
)

pytestmark = pytest.mark.django_db


def _shown(response, message: str) -> bool:
    with translation.override(response.wsgi_request.LANGUAGE_CODE):
        return translation.gettext(message) in response.content.decode()


def _url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def _with_new_row(data: dict, prefix: str, **row) -> dict:
    """Add one new inline row under `prefix` to admin POST data."""
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = index + 1
    data.update({f"{prefix}-{index}-{name}": value for name, value in row.items()})
    return data


def _split(moment: datetime.datetime, name: str) -> dict[str, str]:
    local = timezone.localtime(moment)
    return {f"{name}_0": f"{local:%Y-%m-%d}", f"{name}_1": f"{local:%H:%M:%S}"}


@pytest.fixture
def community(small_street):
    return small_street.communities[0]


@pytest.fixture
def units(community):
    found = [UnitFactory(community=community) for _ in range(2)]
    for unit in found:
        contact(unit)
    return found


@pytest.fixture
def committee(community, units):
    return party_committee(community)


@pytest.fixture
def meeting(committee):
    return schedule(committee, timezone.now() + datetime.timedelta(days=7))


@pytest.fixture
def signed_in(client, staff):
    client.force_login(staff)
    return client


# Alliance --------------------------------------------------------------------------------


def test_a_meeting_added_in_the_admin_expects_the_units_and_tells_their_contacts(
    signed_in, committee, units, django_capture_on_commit_callbacks
):
    starts = timezone.now() + datetime.timedelta(days=10)
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(
            _url(Meeting, "add"),
            {
                "committee": committee.pk,
                "kind": "joint",
                "title": "五月联席会议",
                "place_kind": "room",
                "place": "社区会议室",
                "address": "",
                **_split(starts, "starts_at"),
                **_split(starts + datetime.timedelta(hours=2), "ends_at"),
            },
        )
    assert response.status_code == 302, response.context["adminform"].form.errors
    meeting = Meeting.objects.get(title="五月联席会议")
    assert {a.unit_id for a in Attendance.objects.filter(meeting=meeting)} == {u.pk for u in units}
    told = Notification.objects.filter(subject__contains="五月联席会议")
    assert {n.recipient.unit_id for n in told} == {u.pk for u in units}


def test_a_meeting_moved_in_the_admin_tells_the_expected_units(
    signed_in, meeting, units, django_capture_on_commit_callbacks
):
    url = _url(Meeting, "change", meeting.pk)
    later = meeting.starts_at + datetime.timedelta(days=1)
    data = admin_form_data(
        signed_in.get(url),
        **_split(later, "starts_at"),
        **_split(later + datetime.timedelta(hours=2), "ends_at"),
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(url, data)
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.starts_at == later.replace(microsecond=0)
    assert Notification.objects.filter(recipient__unit__in=units).exists()


def test_an_item_added_in_the_admin_is_assigned_by_the_service(
    signed_in, meeting, units, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(
            _url(FollowUp, "add"),
            {
                "meeting": meeting.pk,
                "title": "修好路灯",
                "owner": units[0].pk,
                "due_on": f"{timezone.localdate() + datetime.timedelta(days=30):%Y-%m-%d}",
            },
        )
    assert response.status_code == 302
    item = FollowUp.objects.get(title="修好路灯")
    assert item.status == FollowUpStatus.OPEN
    assert Notification.objects.filter(recipient__unit=units[0], subject__contains="修好路灯")


def test_an_item_is_not_closed_in_the_admin_before_its_unit_reports_it(signed_in, meeting, units):
    item = FollowUp.objects.create(
        meeting=meeting, title="清理楼道", owner=units[0], due_on=timezone.localdate()
    )
    url = _url(FollowUp, "change", item.pk)
    response = signed_in.post(url, admin_form_data(signed_in.get(url), status="done"))
    assert response.status_code == 200
    assert _shown(response, "Only an item its unit has reported done can be accepted.")
    item.refresh_from_db()
    assert (item.status, item.closed_at) == (FollowUpStatus.OPEN, None)


def test_attendance_recorded_in_the_admin_is_the_services(signed_in, meeting, units):
    url = _url(Meeting, "change", meeting.pk)
    data = admin_form_data(signed_in.get(url))
    row = Attendance.objects.filter(meeting=meeting).order_by("pk").first()
    index = next(
        key.split("-")[1]
        for key, value in data.items()
        if key.startswith("attendance-") and key.endswith("-id") and str(value) == str(row.pk)
    )
    data[f"attendance-{index}-status"] = "substitute"
    data[f"attendance-{index}-substitute_name"] = "李四"
    data = _with_new_row(data, "resolutions", text="下月起每周巡查")
    response = signed_in.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    row.refresh_from_db()
    assert (row.status, row.substitute_name) == ("substitute", "李四")
    assert Resolution.objects.filter(meeting=meeting, text="下月起每周巡查").exists()


def test_the_rota_is_only_read_in_the_admin(signed_in, committee):
    response = signed_in.post(_url(RotaSlot, "add"), {"committee": committee.pk, "year": 2026})
    assert response.status_code == 403
    assert not RotaSlot.objects.exists()


# Pledges ---------------------------------------------------------------------------------


def test_a_pledge_list_added_in_the_admin_is_signed_by_the_signed_in_account(
    signed_in, staff, community, units
):
    response = signed_in.post(
        _url(PledgeList, "add"),
        admin_form_data(
            signed_in.get(_url(PledgeList, "add")),
            pledger_kind="unit",
            node=community.pk,
            unit=units[0].pk,
            year=2026,
            title="年度承诺",
            beneficiary="residents",
        ),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    pledge_list = PledgeList.objects.get(title="年度承诺")
    assert (pledge_list.status, pledge_list.created_by) == ("draft", staff)


def test_a_contribution_logged_in_the_admin_is_signed_by_the_signed_in_account(
    signed_in, staff, community, units
):
    response = signed_in.post(
        _url(Project, "add"),
        admin_form_data(
            signed_in.get(_url(Project, "add")),
            title="口袋公园",
            goal="建一个小公园",
            node=community.pk,
            lead_unit=units[0].pk,
            starts_on="2026-01-01",
            ends_on="2026-12-31",
        ),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    project = Project.objects.get(title="口袋公园")
    assert (project.status, project.progress) == ("planned", 0)
    url = _url(Project, "change", project.pk)
    data = _with_new_row(
        admin_form_data(signed_in.get(url)),
        "contributions",
        unit=units[1].pk,
        kind="people",
        description="志愿劳动",
        value="0",
        person_days="2",
        contributed_on="2026-03-01",
        evidence_text="照片",
    )
    response = signed_in.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    assert Contribution.objects.get(project=project).created_by == staff


# Volunteers ------------------------------------------------------------------------------


def test_registrations_approved_by_the_action_are_signed_by_the_reviewer(
    signed_in, staff, community
):
    pending = volunteer(community, approve=False)
    response = signed_in.post(
        _url(type(pending), "changelist"), {"action": "approve", "_selected_action": [pending.pk]}
    )
    assert response.status_code == 302
    pending.refresh_from_db()
    assert (pending.status, pending.approved_by) == (VolunteerStatus.ACTIVE, staff)
    assert pending.user.is_active


def test_an_activity_added_in_the_admin_gets_its_check_in_secret(signed_in, community):
    starts = timezone.now() + datetime.timedelta(days=3)
    response = signed_in.post(
        _url(Activity, "add"),
        {
            "title": "清洁家园",
            "kind": Activity._meta.get_field("kind").choices[0][0],
            "node": community.pk,
            "place": "小区广场",
            "capacity": 10,
            **_split(starts, "starts_at"),
            **_split(starts + datetime.timedelta(hours=2), "ends_at"),
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert len(Activity.objects.get(title="清洁家园").qr_secret) == 32


def test_a_point_rule_added_or_changed_in_the_admin_keeps_who_did_it(signed_in, staff):
    response = signed_in.post(
        _url(PointRule, "add"),
        {
            "key": "clean-up",
            "name": "清洁",
            "source": PointRule._meta.get_field("source").choices[0][0],
            "activity_kind": "",
            "points_per_hour": "2",
            "points_each": "0",
            "active": "on",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    rule = PointRule.objects.get(key="clean-up")
    added = PointRuleChange.objects.get(rule=rule)
    assert (added.changed_by, added.before, added.after["name"]) == (staff, {}, "清洁")
    url = _url(PointRule, "change", rule.pk)
    response = signed_in.post(url, admin_form_data(signed_in.get(url), name="清洁家园"))
    assert response.status_code == 302
    changed = PointRuleChange.objects.filter(rule=rule).exclude(pk=added.pk).get()
    assert (changed.changed_by, changed.before["name"], changed.after["name"]) == (
        staff,
        "清洁",
        "清洁家园",
    )


@pytest.mark.parametrize("model", [CheckIn, PointEntry, DualReport], ids=lambda m: m.__name__)
def test_hours_points_and_dual_reports_are_only_read_in_the_admin(signed_in, model):
    assert signed_in.get(_url(model, "changelist")).status_code == 200
    assert signed_in.post(_url(model, "add"), {}).status_code == 403
    assert not model.objects.exists()


# Service desk, notifications -------------------------------------------------------------


@pytest.mark.parametrize(
    "model", [MicroWish, ServiceRequest, Reminder, Notification], ids=lambda m: m.__name__
)
def test_cases_and_the_outbox_are_only_read_in_the_admin(signed_in, model, community):
    assert signed_in.post(_url(model, "add"), {"community": community.pk}).status_code == 403
    assert not model.objects.exists()


# Units and announcements -----------------------------------------------------------------


def test_a_unit_is_added_and_changed_in_the_admin_through_the_unit_services(
    signed_in, community, monkeypatch
):
    calls = []
    for name in ("unit_create", "unit_update"):
        original = getattr(unit_services, name)

        def spy(*, unit, _original=original, _name=name):
            calls.append(_name)
            return _original(unit=unit)

        monkeypatch.setattr(unit_services, name, spy)
    response = signed_in.post(
        _url(Unit, "add"),
        admin_form_data(
            signed_in.get(_url(Unit, "add")),
            name="红星超市",
            kind=Unit._meta.get_field("kind").choices[0][0],
            community=community.pk,
            joined_on="2026-01-01",
        ),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    unit = Unit.objects.get(name="红星超市")
    url = _url(Unit, "change", unit.pk)
    page = signed_in.get(url)
    response = signed_in.post(url, admin_form_data(page, left_on="2025-01-01"))
    assert response.status_code == 200
    assert _shown(response, "A unit cannot leave before it joined.")
    response = signed_in.post(url, admin_form_data(page, address="幸福路1号"))
    assert response.status_code == 302
    unit.refresh_from_db()
    assert (unit.address, unit.left_on) == ("幸福路1号", None)
    # The refused change stopped at the form's own check of the model; the other went through.
    assert calls == ["unit_create", "unit_update"]
    assert admin.site.get_model_admin(Unit).has_delete_permission(page.wsgi_request) is False


def test_a_rating_given_in_the_admin_is_signed_by_the_signed_in_account(
    signed_in, staff, community
):
    unit = UnitFactory(community=community, kind=UnitKind.PRIVATE_ENTERPRISE)
    url = _url(Unit, "change", unit.pk)
    data = _with_new_row(
        admin_form_data(signed_in.get(url), set_by=""),
        "ratings",
        kind="stars",
        value="4",
        reason="服务热情",
    )
    response = signed_in.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    rating = UnitRating.objects.get(unit=unit)
    assert (rating.value, rating.set_by) == ("4", staff)


def test_an_announcement_is_written_and_taken_down_through_the_portal_services(
    signed_in, staff, small_street, monkeypatch
):
    response = signed_in.post(
        _url(Announcement, "add"),
        {
            "title": "停水通知",
            "category": "health",
            "node": small_street.street.pk,
            "body": '<p>周二停水</p><script>alert("x")</script>',
            **_split(timezone.now(), "published_at"),
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    announcement = Announcement.objects.get(title="停水通知")
    assert "<script" not in announcement.body and "周二停水" in announcement.body
    assert announcement.created_by == staff
    taken_down = []
    original = portal_services.announcement_delete

    def spy(*, announcement):
        taken_down.append(announcement.pk)
        original(announcement=announcement)

    monkeypatch.setattr("portal.admin.announcement_delete", spy)
    response = signed_in.post(_url(Announcement, "delete", announcement.pk), {"post": "yes"})
    assert response.status_code == 302
    assert taken_down == [announcement.pk]
    assert not Announcement.objects.exists()
