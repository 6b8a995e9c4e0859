from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts.admin_mixins import (
    ReadOnlyAdminMixin,
    ScopedAdminMixin,
    ScopedInlineMixin,
    community_filter_for,
)
from accounts.scope import can_manage

from .models import (
    AgendaTopic,
    Attendance,
    Committee,
    CommitteeMember,
    CommitteeTerm,
    Escalation,
    Evaluation,
    FollowUp,
    Meeting,
    Resolution,
    RotaSlot,
)
from .services.meetings import meeting_schedule


class TermInline(ScopedInlineMixin, admin.TabularInline):
    model = CommitteeTerm
    scope_path = "committee__node"
    extra = 0


class MemberInline(ScopedInlineMixin, admin.TabularInline):
    model = CommitteeMember
    scope_path = "committee__node"
    extra = 0
    fields = ["name", "unit", "position", "term", "starts_on", "ends_on", "user"]
    autocomplete_fields = ["unit", "user"]


@admin.register(Committee)
class CommitteeAdmin(ScopedAdminMixin, admin.ModelAdmin):
    scope_path = "node"
    list_display = ["name", "kind", "node", "rota_link"]
    list_filter = ["kind"]
    search_fields = ["name", "node__name"]
    list_select_related = ["node"]
    autocomplete_fields = ["node"]
    inlines = [TermInline, MemberInline]
    fieldsets = [
        (None, {"fields": ["kind", "node", "name"]}),
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


@admin.register(CommitteeMember)
class CommitteeMemberAdmin(ScopedAdminMixin, admin.ModelAdmin):
    scope_path = "committee__node"
    list_display = ["name", "committee", "unit", "position", "starts_on", "ends_on"]
    list_filter = ["position", community_filter_for("committee__node")]
    list_select_related = ["committee", "unit"]
    search_fields = ["name", "unit__name"]
    raw_id_fields = ["unit", "user", "term"]


@admin.register(RotaSlot)
class RotaSlotAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    """The rota is read here; generate, swap and skip on the rota page, which keeps history."""

    scope_path = "committee__node"
    list_display = ["committee", "year", "month", "unit"]
    list_filter = ["year", community_filter_for("committee__node")]
    list_select_related = ["committee", "unit"]
    search_fields = ["unit__name", "committee__name"]


class TopicInline(ScopedInlineMixin, admin.TabularInline):
    model = AgendaTopic
    scope_path = "meeting__committee__node"
    extra = 0
    fields = ["title", "source", "proposed_by", "followup"]
    raw_id_fields = ["proposed_by", "followup"]


class AttendanceInline(ScopedInlineMixin, admin.TabularInline):
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
    readonly_fields = ["confirmed_at", "checked_in_at"]
    raw_id_fields = ["unit"]


class ResolutionInline(ScopedInlineMixin, admin.TabularInline):
    model = Resolution
    scope_path = "meeting__committee__node"
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(ScopedAdminMixin, admin.ModelAdmin):
    scope_path = "committee__node"
    list_display = ["title", "committee", "kind", "starts_at", "convener", "status", "page"]
    list_filter = ["kind", "status", community_filter_for("committee__node")]
    search_fields = ["title", "committee__name", "convener__name"]
    list_select_related = ["committee", "convener"]
    autocomplete_fields = ["committee", "convener"]
    date_hierarchy = "starts_at"
    inlines = [TopicInline, AttendanceInline, ResolutionInline]
    readonly_fields = ["minutes_published_at"]

    @admin.display(description=_("page"))
    def page(self, obj: Meeting) -> str:
        return format_html(
            '<a href="{}">{}</a>', reverse("alliance:meeting", args=[obj.pk]), _("open")
        )

    def get_inline_instances(self, request: HttpRequest, obj: Meeting | None = None):
        return super().get_inline_instances(request, obj) if obj else []

    def save_model(self, request: HttpRequest, obj: Meeting, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        # A new meeting goes through the service: convener, expected units and carried items.
        saved = meeting_schedule(
            committee=obj.committee,
            title=obj.title,
            starts_at=obj.starts_at,
            ends_at=obj.ends_at,
            place=obj.place,
            kind=obj.kind,
            place_kind=obj.place_kind,
            address=obj.address,
            convener=obj.convener,
        )
        obj.pk = saved.pk
        obj._state.adding = False


@admin.register(FollowUp)
class FollowUpAdmin(ScopedAdminMixin, admin.ModelAdmin):
    scope_path = "meeting__committee__node"
    list_display = ["title", "owner", "due_on", "status", "light", "escalated"]
    list_filter = ["status", community_filter_for("meeting__committee__node")]
    search_fields = ["title", "owner__name"]
    list_select_related = ["owner", "escalation"]
    raw_id_fields = ["meeting", "resolution", "owner"]

    @admin.display(description=_("SLA"))
    def light(self, obj: FollowUp) -> str:
        return obj.sla_light()

    @admin.display(description=_("escalated"), boolean=True)
    def escalated(self, obj: FollowUp) -> bool:
        return hasattr(obj, "escalation")


@admin.register(Escalation)
class EscalationAdmin(ScopedAdminMixin, admin.ModelAdmin):
    scope_path = "followup__meeting__committee__node"
    list_display = ["followup", "street_committee", "raised_at", "street_meeting", "decided_at"]
    list_filter = [community_filter_for("followup__meeting__committee__node")]
    list_select_related = ["followup", "street_committee", "street_meeting"]
    readonly_fields = ["followup", "street_committee", "raised_by", "raised_at", "street_meeting"]
    fields = [*readonly_fields, "reason", "decision", "decided_by", "decided_at"]

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False


@admin.register(Evaluation)
class EvaluationAdmin(ScopedAdminMixin, admin.ModelAdmin):
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

    def has_module_permission(self, request: HttpRequest) -> bool:
        return can_manage(request.user)
