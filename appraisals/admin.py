"""The yearly appraisal in the back office: opened, weighed, scored and published through the
services (the same rules as the site); the units' rows are read here."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from accounts.admin_mixins import ReadOnlyAdminMixin, ScopedAdminMixin
from accounts.admin_workflow import ServiceAdminMixin, changed, service_action

from . import services
from .models import Appraisal, UnitAppraisal


class UnitRowInline(admin.TabularInline):
    model = UnitAppraisal
    extra = 0
    can_delete = False
    fields = ["unit", "score", "stars", "rank_in_community", "rank_in_street", "reported_at"]
    readonly_fields = fields
    ordering = ["rank_in_street", "unit__name"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Appraisal)
class AppraisalAdmin(ServiceAdminMixin, admin.ModelAdmin):
    scope_path = "street"
    list_display = ["street", "year", "facts_weight", "status", "scored_at", "published_at"]
    list_filter = ["status", "year"]
    list_select_related = ["street"]
    fields = ["street", "year", "facts_weight", "status", "scored_at", "published_at"]
    state_fields = ("status", "scored_at", "published_at")
    change_fields = ("facts_weight",)
    autocomplete_fields = ["street"]
    inlines = [UnitRowInline]
    actions = ["score", "publish"]

    def service_create(self, request: HttpRequest, form: Any) -> Appraisal:
        data = form.cleaned_data
        return services.appraisal_open(
            street=data["street"],
            year=data["year"],
            facts_weight=data["facts_weight"],
            by=request.user,
        )

    def service_change(self, request: HttpRequest, appraisal: Appraisal, form: Any) -> Any:
        data = changed(form, self.change_fields)
        if "facts_weight" in data:
            return services.appraisal_weights(
                appraisal=appraisal, facts_weight=data["facts_weight"], by=request.user
            )
        return None

    @service_action(
        description=_("Work out the scores, ranks and stars"),
        done=ngettext_lazy("%(count)d year scored.", "%(count)d years scored.", "count"),
    )
    def score(self, request: HttpRequest, appraisal: Appraisal) -> None:
        services.appraisal_score(appraisal=appraisal, by=request.user)

    @service_action(
        description=_("Confirm and publish"),
        done=ngettext_lazy("%(count)d year published.", "%(count)d years published.", "count"),
    )
    def publish(self, request: HttpRequest, appraisal: Appraisal) -> None:
        services.appraisal_publish(appraisal=appraisal, by=request.user)


@admin.register(UnitAppraisal)
class UnitAppraisalAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    scope_path = "unit__community"
    list_display = ["unit", "appraisal", "score", "stars", "rank_in_street", "reported_at"]
    list_filter = ["appraisal__year", "stars"]
    list_select_related = ["unit", "appraisal__street"]
    search_fields = ["unit__name"]
    fields = [
        "appraisal",
        "unit",
        "facts",
        "report",
        "reported_at",
        "facts_score",
        "votes_score",
        "score",
        "rank_in_community",
        "rank_in_street",
        "stars",
        "reasons",
    ]
    readonly_fields = fields
