from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from accounts.admin_mixins import ReadOnlyAdminMixin, ScopedAdminMixin, community_filter_for
from accounts.admin_workflow import ServiceAdminMixin, changed, service_action
from accounts.models import Role

from . import services
from .models import (
    Activity,
    CheckIn,
    DualReport,
    PointEntry,
    PointRule,
    ServicePost,
    Team,
    Volunteer,
    VolunteerStatus,
)


@admin.register(Volunteer)
class VolunteerAdmin(ServiceAdminMixin, admin.ModelAdmin):
    """Volunteers register themselves and are approved on the approvals page; here the
    community corrects their record through volunteer_update. Consent to public naming is the
    volunteer's own choice (volunteer_consent_set, on their page) and is only shown here."""

    scope_path = "community"
    change_fields = services.VOLUNTEER_CORRECTABLE
    state_fields = (
        "status",
        "approved_by",
        "assisted_by",
        "consent_at",
        "registered_at",
        "show_publicly",
    )
    list_display = ["name", "community", "status", "is_party_member", "work_unit", "registered_at"]
    list_filter = ["status", "is_party_member", "show_publicly", community_filter_for("community")]
    # Newest first, from an index: sorting a street's 66,000 by community took 130 ms a page.
    ordering = ["-registered_at", "-pk"]
    search_fields = ["name", "skills"]
    list_select_related = ["community", "work_unit"]
    autocomplete_fields = ["community", "work_unit"]
    exclude = ["user", "phone"]  # phones stay out of lists; the community sees them on approval

    def service_change(self, request: HttpRequest, volunteer: Volunteer, form: Any) -> Any:
        data = changed(form, self.change_fields)
        return services.volunteer_update(volunteer=volunteer, **data) if data else None

    actions = ["approve", "turn_down"]

    @service_action(
        description=_("Approve the selected registrations"),
        done=ngettext_lazy(
            "%(count)d registration reviewed.", "%(count)d registrations reviewed.", "count"
        ),
    )
    def approve(self, request: HttpRequest, volunteer: Volunteer) -> Any:
        if volunteer.status != VolunteerStatus.PENDING:
            return False
        return services.volunteer_review(volunteer=volunteer, approve=True, by=request.user)

    @service_action(
        description=_("Turn down the selected registrations"),
        done=ngettext_lazy(
            "%(count)d registration reviewed.", "%(count)d registrations reviewed.", "count"
        ),
    )
    def turn_down(self, request: HttpRequest, volunteer: Volunteer) -> Any:
        if volunteer.status != VolunteerStatus.PENDING:
            return False
        return services.volunteer_review(volunteer=volunteer, approve=False, by=request.user)


@admin.register(Team)
class TeamAdmin(ServiceAdminMixin, admin.ModelAdmin):
    """Teams are formed, changed (members too) and disbanded through the team services."""

    scope_path = "node"
    list_display = ["name", "node", "unit", "leader"]
    search_fields = ["name"]
    list_select_related = ["node", "unit", "leader"]
    autocomplete_fields = ["node", "unit", "leader", "members"]
    change_fields = services.TEAM_CHANGEABLE

    def service_create(self, request: HttpRequest, form: Any) -> Team:
        data = form.cleaned_data
        return services.team_create(
            name=data["name"],
            node=data["node"],
            unit=data.get("unit"),
            leader=data.get("leader"),
            members=data.get("members") or (),
        )

    def service_change(self, request: HttpRequest, team: Team, form: Any) -> Team:
        return services.team_update(team=team, **changed(form, self.change_fields))

    def service_delete(self, request: HttpRequest, team: Team) -> None:
        services.team_delete(team=team)


@admin.register(Activity)
class ActivityAdmin(ServiceAdminMixin, admin.ModelAdmin):
    """Activities are created, changed and cancelled through the volunteer services (the
    check-in secret, the places already confirmed, the sign-ups cancelled with them)."""

    scope_path = "node"
    list_display = [
        "title",
        "kind",
        "node",
        "starts_at",
        "capacity",
        "organiser_unit",
        "cancelled_at",
    ]
    list_filter = ["kind", community_filter_for("node")]
    search_fields = ["title", "place"]
    list_select_related = ["node", "organiser_unit"]
    autocomplete_fields = ["node", "organiser_unit", "organiser_team"]
    date_hierarchy = "starts_at"
    state_fields = ("cancelled_at",)
    change_fields = services.ACTIVITY_CHANGEABLE
    actions = ["cancel"]

    def service_create(self, request: HttpRequest, form: Any) -> Activity:
        return services.activity_create(**form.cleaned_data)

    def service_change(self, request: HttpRequest, activity: Activity, form: Any) -> Any:
        data = changed(form, self.change_fields)
        return services.activity_update(activity=activity, **data) if data else None

    @service_action(
        description=_("Cancel the selected activities"),
        done=ngettext_lazy(
            "%(count)d activity cancelled.", "%(count)d activities cancelled.", "count"
        ),
    )
    def cancel(self, request: HttpRequest, activity: Activity) -> Any:
        return services.activity_cancel(activity=activity)


@admin.register(ServicePost)
class ServicePostAdmin(ServiceAdminMixin, admin.ModelAdmin):
    """Posts through post_create/_update/_delete: the places never drop below the claims
    held, and a post with hours served on it is ended rather than deleted."""

    scope_path = "node"
    list_display = ["title", "node", "starts_on", "ends_on", "slots"]
    list_select_related = ["node"]
    autocomplete_fields = ["node"]
    change_fields = services.POST_CHANGEABLE

    def service_create(self, request: HttpRequest, form: Any) -> ServicePost:
        data = form.cleaned_data
        return services.post_create(**{name: data[name] for name in services.POST_CHANGEABLE})

    def service_change(self, request: HttpRequest, post: ServicePost, form: Any) -> ServicePost:
        return services.post_update(post=post, **changed(form, self.change_fields))

    def service_delete(self, request: HttpRequest, post: ServicePost) -> None:
        services.post_delete(post=post)


@admin.register(CheckIn)
class CheckInAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    scope_path = "community"
    list_display = ["volunteer", "activity", "post", "checked_in_at", "hours", "status", "flagged"]
    list_filter = ["status", "flagged", community_filter_for("community")]
    list_select_related = ["volunteer", "activity", "post"]


@admin.register(PointEntry)
class PointEntryAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    """The ledger, read only: mistakes are undone with a reversal, never edited."""

    scope_path = "volunteer__community"
    list_display = ["created_at", "volunteer", "amount", "source", "source_key", "reason"]
    list_filter = ["source"]
    list_select_related = ["volunteer"]
    search_fields = ["volunteer__name", "source_key"]


@admin.register(PointRule)
class PointRuleAdmin(admin.ModelAdmin):
    """Street staff edit the rules; every change is kept with who made it."""

    list_display = [
        "name",
        "source",
        "activity_kind",
        "points_per_hour",
        "points_each",
        "daily_cap",
        "yearly_cap",
        "active",
    ]

    def _street_staff(self, request: HttpRequest) -> bool:
        user = request.user
        return user.is_active and (
            user.is_superuser or (user.is_staff and user.role == Role.STREET_STAFF)
        )

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._street_staff(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._street_staff(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._street_staff(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self._street_staff(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: PointRule, form: Any, change: bool) -> None:
        # Not on the tree, so not a ScopedAdminMixin; but written through the services all the
        # same, each write kept with who made it.
        if not change:
            saved = services.rule_create(by=request.user, **form.cleaned_data)
        else:
            fields = {name: form.cleaned_data[name] for name in form.changed_data}
            saved = services.rule_update(
                rule=PointRule.objects.get(pk=obj.pk), by=request.user, **fields
            )
        obj.pk = saved.pk
        obj.refresh_from_db()


@admin.register(DualReport)
class DualReportAdmin(ServiceAdminMixin, admin.ModelAdmin):
    """Read here: members and units report on the site, and the community confirms each on the
    dual-report board (dual_report_confirm), which records who confirmed it."""

    scope_path = "community"
    list_display = [
        "kind",
        "year",
        "community",
        "unit",
        "volunteer",
        "confirmed_at",
        "grid",
        "team",
    ]
    list_filter = ["kind", "year", community_filter_for("community")]
    list_select_related = ["community", "unit", "volunteer", "grid", "team"]
    autocomplete_fields = ["unit", "volunteer", "grid", "team"]
