from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from accounts.admin_mixins import community_filter_for
from accounts.admin_workflow import ServiceAdminMixin, ServiceInlineMixin, changed, service_action

from . import services
from .models import Contribution, Milestone, Need, NeedOffer, Pledge, PledgeList, Project, Resource
from .services import lists as list_services


class PledgeInline(ServiceInlineMixin, admin.TabularInline):
    """Pledges are added to a draft list here; their progress is reported on the list page."""

    model = Pledge
    scope_path = "pledge_list__node"
    extra = 0
    fields = ["text", "category", "due_on", "status", "explanation", "evidence_text"]
    state_fields = ("status", "explanation", "evidence_text")

    def service_create(self, request: HttpRequest, pledge_list: PledgeList, form: Any) -> Pledge:
        data = form.cleaned_data
        return services.pledge_add(
            pledge_list=pledge_list,
            text=data["text"],
            category=data["category"],
            due_on=data["due_on"],
        )


@admin.register(PledgeList)
class PledgeListAdmin(ServiceAdminMixin, admin.ModelAdmin):
    """Pledge lists; review and publication go through the list page, which keeps who and when."""

    scope_path = "node"
    list_display = ["title", "pledger_kind", "node", "unit", "year", "beneficiary", "status"]
    list_filter = ["status", "pledger_kind", "year", community_filter_for("node")]
    search_fields = ["title", "node__name", "unit__name"]
    list_select_related = ["node", "unit"]
    autocomplete_fields = ["node", "unit"]
    fields = [
        "pledger_kind",
        "node",
        "unit",
        "beneficiary",
        "year",
        "title",
        "status",
        "review_note",
        "reviewed_by",
        "reviewed_at",
        "published_at",
        "created_by",
    ]
    state_fields = ("status", "review_note", "published_at")
    change_fields = ("title",)
    inlines = [PledgeInline]

    def service_create(self, request: HttpRequest, form: Any) -> PledgeList:
        data = form.cleaned_data
        return services.pledge_list_create(
            pledger_kind=data["pledger_kind"],
            node=data["node"],
            unit=data.get("unit"),
            year=data["year"],
            title=data["title"],
            beneficiary=data["beneficiary"],
            by=request.user,
        )

    def service_change(self, request: HttpRequest, pledge_list: PledgeList, form: Any) -> Any:
        data = changed(form, self.change_fields)
        return services.pledge_list_rename(pledge_list=pledge_list, **data) if data else None


class MilestoneInline(ServiceInlineMixin, admin.TabularInline):
    model = Milestone
    scope_path = "project__node"
    extra = 0
    fields = ["title", "due_on", "done_on"]

    def service_create(self, request: HttpRequest, project: Project, form: Any) -> Milestone:
        data = form.cleaned_data
        return services.milestone_add(
            project=project, title=data["title"], due_on=data["due_on"], done_on=data["done_on"]
        )


class ContributionInline(ServiceInlineMixin, admin.TabularInline):
    """Contributions are logged, signed by the account that logged them, and not rewritten."""

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

    def service_create(self, request: HttpRequest, project: Project, form: Any) -> Contribution:
        data = form.cleaned_data
        return services.contribution_add(
            project=project,
            unit=data["unit"],
            kind=data["kind"],
            description=data["description"],
            value=data["value"],
            person_days=data["person_days"],
            contributed_on=data["contributed_on"],
            evidence_text=data["evidence_text"],
            by=request.user,
        )


@admin.register(Project)
class ProjectAdmin(ServiceAdminMixin, admin.ModelAdmin):
    scope_path = "node"
    list_display = ["title", "node", "lead_unit", "starts_on", "ends_on", "status", "progress"]
    list_filter = ["status", community_filter_for("node")]
    search_fields = ["title", "goal"]
    list_select_related = ["node", "lead_unit"]
    autocomplete_fields = ["node", "lead_unit"]
    fields = ["title", "goal", "node", "lead_unit", "starts_on", "ends_on", "status", "progress"]
    change_fields = ("status", "progress")
    inlines = [MilestoneInline, ContributionInline]

    def get_readonly_fields(self, request: HttpRequest, obj: Project | None = None) -> list[str]:
        fields = super().get_readonly_fields(request, obj)
        # A new project starts planned at 0%; it moves on once it exists.
        return fields if obj else [*fields, "status", "progress"]

    def service_create(self, request: HttpRequest, form: Any) -> Project:
        data = form.cleaned_data
        return services.project_create(
            title=data["title"],
            goal=data["goal"],
            node=data["node"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            lead_unit=data.get("lead_unit"),
        )

    def service_change(self, request: HttpRequest, project: Project, form: Any) -> Project:
        data = form.cleaned_data
        return services.project_progress(
            project=project, status=data["status"], progress=data["progress"]
        )


class OfferInline(admin.TabularInline):
    """Units' offers are made on the need's page (the community is told); read here."""

    model = NeedOffer
    extra = 0
    can_delete = False
    fields = ["unit", "resource", "note", "offered_by", "offered_at"]
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Need)
class NeedAdmin(ServiceAdminMixin, admin.ModelAdmin):
    """The demand list. A need is recorded here or on the list page through the same service;
    matching it into a project is done on its page, where the suggestions are."""

    scope_path = "community"
    list_display = ["title", "community", "category", "people", "urgency", "source", "status"]
    list_filter = ["status", "category", "urgency", "source", community_filter_for("community")]
    search_fields = ["title", "description"]
    list_select_related = ["community"]
    autocomplete_fields = ["community", "place"]
    fields = [
        "community",
        "place",
        "title",
        "description",
        "category",
        "people",
        "urgency",
        "source",
        "source_id",
        "status",
        "project",
        "closed_at",
        "created_by",
        "created_at",
    ]
    state_fields = ("status", "project", "closed_at", "created_by", "created_at")
    inlines = [OfferInline]
    actions = ["withdraw"]

    def service_create(self, request: HttpRequest, form: Any) -> Need:
        data = form.cleaned_data
        return list_services.need_record(
            community=data["community"],
            place=data.get("place"),
            title=data["title"],
            description=data.get("description", ""),
            category=data["category"],
            people=data["people"],
            urgency=data["urgency"],
            source=data["source"],
            source_id=data.get("source_id"),
            by=request.user,
        )

    @service_action(
        description=_("Withdraw the chosen needs"),
        done=ngettext_lazy("%(count)d need withdrawn.", "%(count)d needs withdrawn.", "count"),
    )
    def withdraw(self, request: HttpRequest, need: Need) -> None:
        list_services.need_withdraw(need=need, by=request.user)


@admin.register(Resource)
class ResourceAdmin(ServiceAdminMixin, admin.ModelAdmin):
    scope_path = "unit__community"
    list_display = ["title", "unit", "kind", "category", "capacity", "availability", "active"]
    list_filter = ["active", "kind", "category", community_filter_for("unit__community")]
    search_fields = ["title", "unit__name"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit"]
    fields = ["unit", "kind", "category", "title", "capacity", "availability", "active"]
    change_fields = ("active",)

    def get_readonly_fields(self, request: HttpRequest, obj: Resource | None = None) -> list[str]:
        fields = super().get_readonly_fields(request, obj)
        return fields if obj else [*fields, "active"]

    def service_create(self, request: HttpRequest, form: Any) -> Resource:
        data = form.cleaned_data
        return list_services.resource_add(
            unit=data["unit"],
            kind=data["kind"],
            category=data["category"],
            title=data["title"],
            capacity=data["capacity"],
            availability=data["availability"],
            by=request.user,
        )

    def service_change(self, request: HttpRequest, resource: Resource, form: Any) -> Any:
        data = changed(form, self.change_fields)
        if "active" in data:
            return list_services.resource_set_active(
                resource=resource, active=data["active"], by=request.user
            )
        return None
