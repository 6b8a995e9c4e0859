from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts.admin_mixins import ReadOnlyAdminMixin, ScopedAdminMixin, community_filter_for
from accounts.admin_workflow import ServiceAdminMixin, ServiceInlineMixin, changed

from .models import (
    AgendaTopic,
    Attendance,
    Committee,
    CommitteeMember,
    CommitteeTerm,
    DistrictReport,
    Escalation,
    Evaluation,
    FollowUp,
    FollowUpStatus,
    Meeting,
    Resolution,
    RotaSlot,
)
from .services import committees, evaluations, followups, meetings


class TermInline(ServiceInlineMixin, admin.TabularInline):
    """Terms are opened, corrected and deleted through the committee services."""

    model = CommitteeTerm
    scope_path = "committee__node"
    extra = 0
    fields = list(committees.TERM_CHANGEABLE)
    change_fields = committees.TERM_CHANGEABLE

    def service_create(self, request: HttpRequest, committee: Committee, form: Any) -> Any:
        data = form.cleaned_data
        return committees.committee_term_create(
            committee=committee,
            number=data["number"],
            starts_on=data["starts_on"],
            ends_on=data.get("ends_on"),
        )

    def service_change(self, request: HttpRequest, term: CommitteeTerm, form: Any) -> Any:
        return committees.committee_term_update(
            term=term, **changed(form, committees.TERM_CHANGEABLE)
        )

    def service_delete(self, request: HttpRequest, term: CommitteeTerm) -> None:
        committees.committee_term_delete(term=term)


def _seat(form: Any) -> dict[str, Any]:
    """Return the seat's values in a member form, for committee_member_create."""
    data = form.cleaned_data
    return {
        "name": data["name"],
        "position": data["position"],
        "starts_on": data["starts_on"],
        "ends_on": data.get("ends_on"),
        "unit": data.get("unit"),
        "term": data.get("term"),
        "user": data.get("user"),
    }


class MemberInline(ServiceInlineMixin, admin.TabularInline):
    """Seats are written through the committee services (a seat within its term, from a unit
    of the committee's place)."""

    model = CommitteeMember
    scope_path = "committee__node"
    extra = 0
    fields = ["name", "unit", "position", "term", "starts_on", "ends_on", "user"]
    change_fields = committees.MEMBER_CHANGEABLE
    # The account is picked from those scoped in the user's subtree (accounts.scope).
    autocomplete_fields = ["unit"]

    def service_create(self, request: HttpRequest, committee: Committee, form: Any) -> Any:
        return committees.committee_member_create(committee=committee, **_seat(form))

    def service_change(self, request: HttpRequest, member: CommitteeMember, form: Any) -> Any:
        return committees.committee_member_update(
            member=member, **changed(form, committees.MEMBER_CHANGEABLE)
        )

    def service_delete(self, request: HttpRequest, member: CommitteeMember) -> None:
        committees.committee_member_delete(member=member)


@admin.register(Committee)
class CommitteeAdmin(ServiceAdminMixin, admin.ModelAdmin):
    """Set up through committee_create; a committee keeps its place and kind (its meetings,
    rota and members are that place's), and is renamed or given other lead times here."""

    scope_path = "node"
    list_display = ["name", "kind", "cadence", "node", "rota_link"]
    list_filter = ["kind", "cadence"]
    search_fields = ["name", "node__name"]
    list_select_related = ["node"]
    autocomplete_fields = ["node"]
    inlines = [TermInline, MemberInline]
    change_fields = committees.COMMITTEE_CHANGEABLE
    fieldsets = [
        (None, {"fields": ["kind", "node", "name", "cadence"]}),
        (
            _("Reminder lead times"),
            {
                "fields": [
                    "convener_notice_days",
                    ("member_notice_days", "member_last_notice_days"),
                    "followup_notice_days",
                    "minutes_nudge_days",
                ]
            },
        ),
    ]

    @admin.display(description=_("rota"))
    def rota_link(self, obj: Committee) -> str:
        if not obj.has_rota:
            return "—"
        year = timezone.localdate().year
        return format_html(
            '<a href="{}">{}</a>', reverse("alliance:rota", args=[obj.pk, year]), year
        )

    def service_create(self, request: HttpRequest, form: Any) -> Committee:
        data = form.cleaned_data
        return committees.committee_create(
            node=data["node"],
            kind=data["kind"],
            name=data["name"],
            cadence=data["cadence"],
            **{name: data[name] for name in committees.LEAD_TIMES if name in data},
        )

    def service_change(self, request: HttpRequest, committee: Committee, form: Any) -> Committee:
        return committees.committee_update(committee=committee, **changed(form, self.change_fields))

    def service_delete(self, request: HttpRequest, committee: Committee) -> None:
        committees.committee_delete(committee=committee)


@admin.register(CommitteeMember)
class CommitteeMemberAdmin(ServiceAdminMixin, admin.ModelAdmin):
    """Seats through the committee services; a member stays on their committee."""

    scope_path = "committee__node"
    list_display = ["name", "committee", "unit", "position", "starts_on", "ends_on"]
    list_filter = ["position", community_filter_for("committee__node")]
    list_select_related = ["committee", "unit"]
    search_fields = ["name", "unit__name"]
    raw_id_fields = ["unit", "term"]
    change_fields = committees.MEMBER_CHANGEABLE

    def service_create(self, request: HttpRequest, form: Any) -> CommitteeMember:
        return committees.committee_member_create(
            committee=form.cleaned_data["committee"], **_seat(form)
        )

    def service_change(self, request: HttpRequest, member: CommitteeMember, form: Any) -> Any:
        return committees.committee_member_update(
            member=member, **changed(form, self.change_fields)
        )

    def service_delete(self, request: HttpRequest, member: CommitteeMember) -> None:
        committees.committee_member_delete(member=member)


@admin.register(RotaSlot)
class RotaSlotAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    """The rota is read here; generate, swap and skip on the rota page, which keeps history."""

    scope_path = "committee__node"
    list_display = ["committee", "year", "month", "unit"]
    list_filter = ["year", community_filter_for("committee__node")]
    list_select_related = ["committee", "unit"]
    search_fields = ["unit__name", "committee__name"]


class TopicInline(ServiceInlineMixin, admin.TabularInline):
    """Topics are proposed through the agenda's service; the agenda is not rewritten here."""

    model = AgendaTopic
    scope_path = "meeting__committee__node"
    extra = 0
    fields = ["title", "source", "proposed_by", "followup"]
    state_fields = ("followup",)
    raw_id_fields = ["proposed_by"]

    def service_create(self, request: HttpRequest, meeting: Meeting, form: Any) -> AgendaTopic:
        data = form.cleaned_data
        return meetings.topic_propose(
            meeting=meeting,
            title=data["title"],
            unit=data.get("proposed_by"),
            source=data["source"],
        )


class AttendanceInline(ServiceInlineMixin, admin.TabularInline):
    """The expected units come with the meeting; how each attended is recorded here."""

    model = Attendance
    scope_path = "meeting__committee__node"
    extra = 0
    fields = [
        "unit",
        "status",
        "substitute_name",
        "absence_reason",
        "confirmed_at",
        "checked_in_at",
    ]
    change_fields = ("status", "substitute_name", "absence_reason")
    state_fields = ("unit", "confirmed_at", "checked_in_at")

    def service_change(self, request: HttpRequest, row: Attendance, form: Any) -> Attendance:
        data = form.cleaned_data
        return meetings.attendance_record(
            meeting=row.meeting,
            unit=row.unit,
            status=data["status"],
            substitute_name=data.get("substitute_name", ""),
            absence_reason=data.get("absence_reason", ""),
        )


class ResolutionInline(ServiceInlineMixin, admin.TabularInline):
    model = Resolution
    scope_path = "meeting__committee__node"
    extra = 0
    fields = ["text"]

    def service_create(self, request: HttpRequest, meeting: Meeting, form: Any) -> Resolution:
        return meetings.resolution_add(meeting=meeting, text=form.cleaned_data["text"])


@admin.register(Meeting)
class MeetingAdmin(ServiceAdminMixin, admin.ModelAdmin):
    """Scheduled and moved through the meeting services (convener, expected units, carried
    items; the reschedule rules and notices). Minutes are published on the meeting page."""

    scope_path = "committee__node"
    list_display = ["title", "committee", "kind", "starts_at", "convener", "status", "page"]
    list_filter = ["kind", "status", community_filter_for("committee__node")]
    search_fields = ["title", "committee__name", "convener__name"]
    list_select_related = ["committee", "convener"]
    autocomplete_fields = ["committee", "convener"]
    date_hierarchy = "starts_at"
    inlines = [TopicInline, AttendanceInline, ResolutionInline]
    fields = [
        "committee",
        "kind",
        "title",
        "convener",
        "starts_at",
        "ends_at",
        "place_kind",
        "place",
        "address",
        "status",
        "minutes",
        "minutes_published_at",
    ]
    state_fields = ("status", "minutes", "minutes_published_at")
    change_fields = ("starts_at", "ends_at", "place")

    @admin.display(description=_("page"))
    def page(self, obj: Meeting) -> str:
        return format_html(
            '<a href="{}">{}</a>', reverse("alliance:meeting", args=[obj.pk]), _("open")
        )

    def get_inline_instances(self, request: HttpRequest, obj: Meeting | None = None):
        return super().get_inline_instances(request, obj) if obj else []

    def service_create(self, request: HttpRequest, form: Any) -> Meeting:
        data = form.cleaned_data
        return meetings.meeting_schedule(
            committee=data["committee"],
            title=data["title"],
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            place=data["place"],
            kind=data["kind"],
            place_kind=data["place_kind"],
            address=data.get("address", ""),
            convener=data.get("convener"),
        )

    def service_change(self, request: HttpRequest, meeting: Meeting, form: Any) -> Meeting:
        moves = changed(form, self.change_fields)
        if not moves:
            return meeting
        return meetings.meeting_reschedule(
            meeting=meeting,
            starts_at=moves.get("starts_at", meeting.starts_at),
            ends_at=moves.get("ends_at", meeting.ends_at),
            place=moves.get("place"),
        )


# Set by the services as an item is reported, reviewed and closed; read-only here.
FOLLOWUP_STATE = (
    "created_at",
    "reported_at",
    "reviewed_by",
    "reviewed_at",
    "review_note",
    "closed_at",
)


@admin.register(FollowUp)
class FollowUpAdmin(ServiceAdminMixin, admin.ModelAdmin):
    """Created and moved on through the item services: the owner's "done" is a report with
    evidence; setting "done" here accepts a reported item (as the item page does), and "sent
    back" is given on the item page, where the reason is asked."""

    scope_path = "meeting__committee__node"
    list_display = ["title", "owner", "due_on", "status", "light", "escalated"]
    list_filter = ["status", community_filter_for("meeting__committee__node")]
    search_fields = ["title", "owner__name"]
    list_select_related = ["owner", "escalation"]
    raw_id_fields = ["meeting", "resolution", "owner"]
    fields = [
        "meeting",
        "resolution",
        "title",
        "owner",
        "due_on",
        "status",
        "evidence_text",
        "evidence_file",
        *FOLLOWUP_STATE,
    ]
    state_fields = FOLLOWUP_STATE
    change_fields = ("status", "evidence_text", "evidence_file")

    @admin.display(description=_("SLA"))
    def light(self, obj: FollowUp) -> str:
        return obj.sla_light()

    @admin.display(description=_("escalated"), boolean=True)
    def escalated(self, obj: FollowUp) -> bool:
        return hasattr(obj, "escalation")

    def get_readonly_fields(self, request: HttpRequest, obj: FollowUp | None = None) -> list[str]:
        fields = super().get_readonly_fields(request, obj)
        # A new item is open; it moves on (with evidence) once it exists.
        return fields if obj else [*fields, "status", "evidence_text", "evidence_file"]

    def service_create(self, request: HttpRequest, form: Any) -> FollowUp:
        data = form.cleaned_data
        return followups.followup_create(
            meeting=data["meeting"],
            title=data["title"],
            owner=data["owner"],
            due_on=data["due_on"],
            resolution=data.get("resolution"),
        )

    def service_change(self, request: HttpRequest, item: FollowUp, form: Any) -> FollowUp:
        data = changed(form, self.change_fields)
        if not data:
            return item
        status = form.cleaned_data["status"]
        if status == FollowUpStatus.DONE and item.status != FollowUpStatus.DONE:
            if set(data) - {"status"}:
                raise ValidationError(_("Accept the report as it is; change the evidence apart."))
            return followups.followup_accept(item=item, by=request.user)
        return followups.followup_update(
            item=item,
            status=status,
            evidence_text=data.get("evidence_text"),
            evidence_file=data.get("evidence_file") or None,
            by=request.user,
        )


@admin.register(Escalation)
class EscalationAdmin(ServiceAdminMixin, admin.ModelAdmin):
    """Raised from the item page; only the street decides, and its decision is signed by the
    account that gave it. Community secretaries read here."""

    street_only = True
    scope_path = "followup__meeting__committee__node"
    list_display = ["followup", "street_committee", "raised_at", "street_meeting", "decided_at"]
    list_filter = [community_filter_for("followup__meeting__committee__node")]
    list_select_related = ["followup", "street_committee", "street_meeting"]
    fields = [
        "followup",
        "street_committee",
        "raised_by",
        "raised_at",
        "street_meeting",
        "reason",
        "decision",
        "decided_by",
        "decided_at",
    ]
    change_fields = ("decision",)

    def service_change(self, request: HttpRequest, escalation: Escalation, form: Any) -> Escalation:
        if "decision" not in form.changed_data:
            return escalation
        return followups.escalation_decide(
            escalation=escalation, decision=form.cleaned_data["decision"], by=request.user
        )


@admin.register(DistrictReport)
class DistrictReportAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    """What the streets reported up to their district, read here: the street reports from the
    item's page and the district decides there (or over the API), outside the admin."""

    scope_path = "followup__meeting__committee__node"
    list_display = ["followup", "street", "district", "raised_at", "decided_at"]
    list_filter = [community_filter_for("followup__meeting__committee__node")]
    list_select_related = ["followup", "street", "district"]
    fields = [
        "followup",
        "district",
        "street",
        "raised_by",
        "raised_at",
        "reason",
        "decision",
        "decided_by",
        "decided_at",
    ]


@admin.register(Evaluation)
class EvaluationAdmin(ServiceAdminMixin, admin.ModelAdmin):
    """Grades are the street's: given through the grading service, which keeps the suggested
    grade beside it and signs it with the account that graded. Secretaries read here."""

    street_only = True
    scope_path = "committee__node"
    list_display = [
        "month",
        "committee",
        "unit",
        "followup",
        "suggested_grade",
        "grade",
        "graded_by",
    ]
    list_filter = ["grade", "month", community_filter_for("committee__node")]
    list_select_related = ["committee", "unit", "followup", "graded_by"]
    raw_id_fields = ["unit", "followup"]
    fields = [
        "committee",
        "month",
        "unit",
        "followup",
        "suggested_grade",
        "grade",
        "feedback",
        "graded_by",
        "graded_at",
    ]
    state_fields = ("suggested_grade",)
    change_fields = ("grade", "feedback")

    def service_create(self, request: HttpRequest, form: Any) -> Evaluation:
        data = form.cleaned_data
        return evaluations.evaluation_grade(
            committee=data["committee"],
            month=data["month"],
            grade=data["grade"],
            feedback=data.get("feedback", ""),
            unit=data.get("unit"),
            item=data.get("followup"),
            by=request.user,
        )

    def service_change(self, request: HttpRequest, evaluation: Evaluation, form: Any) -> Evaluation:
        data = form.cleaned_data
        return evaluations.evaluation_grade(
            committee=evaluation.committee,
            month=evaluation.month,
            grade=data["grade"],
            feedback=data.get("feedback", ""),
            unit=evaluation.unit,
            item=evaluation.followup,
            by=request.user,
        )
