from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from accounts.models import Role
from accounts.scope import scope_for
from grids.models import in_subtree

from .models import Notification, NotificationPreference, Reminder


class ReadOnlyAdmin(admin.ModelAdmin):
    """The outbox and the in-app notices are written by the sending service alone: read here,
    never added, changed or deleted (a deleted ledger row would send its reminder again)."""

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyAdmin):
    """The outbox: every reminder the pass sent, to whom, when, and whether it went."""

    list_display = ["created_at", "kind", "recipient", "subject", "status", "attempts", "sent_at"]
    list_filter = ["kind", "status"]
    search_fields = ["key", "subject", "recipient__username"]
    list_select_related = ["recipient"]

    def get_queryset(self, request: HttpRequest):
        # Street staff see what went to people scoped or working inside their street.
        qs = super().get_queryset(request)
        scope = scope_for(request.user)
        if scope.everything:
            return qs
        if scope.node is None:
            return qs.none()
        return qs.filter(
            in_subtree(scope.node, "recipient__scope_node")
            | in_subtree(scope.node, "recipient__unit__community")
        )

    def has_module_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return user.is_superuser or getattr(user, "role", None) == Role.STREET_STAFF

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "recipient", "subject", "read_at"]
    list_select_related = ["recipient"]
    search_fields = ["subject", "recipient__username"]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_superuser

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_superuser


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(ReadOnlyAdmin):
    """Each user changes their own choice at /notifications/settings/; here it is only read."""

    list_display = ["user", "email", "sms", "updated_at"]
    list_filter = ["email", "sms"]
    list_select_related = ["user"]
    search_fields = ["user__username"]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_superuser

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_superuser
