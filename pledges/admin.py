from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from accounts.admin_mixins import ScopedAdminMixin, ScopedInlineMixin, community_filter_for

from .models import Contribution, Milestone, Pledge, PledgeList, Project


class PledgeInline(ScopedInlineMixin, admin.TabularInline):
    model = Pledge
    scope_path = "pledge_list__node"
    extra = 0
    fields = ["text", "category", "due_on", "status", "explanation", "evidence_text"]


@admin.register(PledgeList)
class PledgeListAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """Pledge lists; review and publication go through the list page, which keeps who and when."""

    scope_path = "node"
    list_display = ["title", "pledger_kind", "node", "unit", "year", "beneficiary", "status"]
    list_filter = ["status", "pledger_kind", "year", community_filter_for("node")]
    search_fields = ["title", "node__name", "unit__name"]
    list_select_related = ["node", "unit"]
    autocomplete_fields = ["node", "unit"]
    readonly_fields = ["status", "reviewed_by", "reviewed_at", "published_at", "review_note"]
    inlines = [PledgeInline]


class MilestoneInline(ScopedInlineMixin, admin.TabularInline):
    model = Milestone
    scope_path = "project__node"
    extra = 0


class ContributionInline(ScopedInlineMixin, admin.TabularInline):
    model = Contribution
    scope_path = "project__node"
    extra = 0
    fields = [
        "unit",
        "kind",
        "description",
        "value",
        "person_days",
        "contributed_on",
        "evidence_text",
    ]
    autocomplete_fields = ["unit"]

    def save_new_instance(
        self, request: HttpRequest, obj: Any
    ) -> None:  # pragma: no cover - admin hook
        obj.created_by = request.user


@admin.register(Project)
class ProjectAdmin(ScopedAdminMixin, admin.ModelAdmin):
    scope_path = "node"
    list_display = ["title", "node", "lead_unit", "starts_on", "ends_on", "status", "progress"]
    list_filter = ["status", community_filter_for("node")]
    search_fields = ["title", "goal"]
    list_select_related = ["node", "lead_unit"]
    autocomplete_fields = ["node", "lead_unit"]
    inlines = [MilestoneInline, ContributionInline]

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        if formset.model is Contribution:
            for contribution_form in formset.forms:
                if contribution_form.has_changed() and not contribution_form.instance.pk:
                    contribution_form.instance.created_by = request.user
        super().save_formset(request, form, formset, change)
