from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .admin_mixins import ScopedAdminMixin
from .models import Role, User
from .scope import scope_for
from .services import account_save


@admin.register(User)
class UserAdmin(ScopedAdminMixin, DjangoUserAdmin):
    """Superusers manage every account; street staff the accounts scoped inside their street."""

    scope_path = "scope_node"
    list_display = ["username", "first_name", "role", "scope_node", "is_active", "last_login"]
    list_filter = ["role", "is_active", "is_staff"]
    list_select_related = ["scope_node"]
    autocomplete_fields = ["scope_node"]
    search_fields = ["username", "first_name", "last_name", "phone"]
    role_fieldset = (_("Role and scope"), {"fields": ["role", "scope_node", "phone"]})
    fieldsets = (*DjangoUserAdmin.fieldsets, role_fieldset)
    add_fieldsets = (
        (None, {"classes": ["wide"], "fields": ["username", "password1", "password2"]}),
        role_fieldset,
    )
    limited_fieldsets = (
        (None, {"fields": ["username", "password"]}),
        (_("Personal info"), {"fields": ["first_name", "last_name", "email"]}),
        role_fieldset,
        (_("Status"), {"fields": ["is_active"]}),
    )

    def _manages(self, request: HttpRequest) -> bool:
        user = request.user
        return user.is_active and (
            user.is_superuser or (user.is_staff and user.role == Role.STREET_STAFF)
        )

    def get_fieldsets(self, request: HttpRequest, obj: User | None = None):
        if obj is not None and not request.user.is_superuser:
            return self.limited_fieldsets
        return super().get_fieldsets(request, obj)

    def get_form(self, request: HttpRequest, obj: User | None = None, **kwargs: Any):
        form = super().get_form(request, obj, **kwargs)
        if not request.user.is_superuser and "scope_node" in form.base_fields:
            # An account made by street staff must land inside their street, or they lose it.
            form.base_fields["scope_node"].required = True
        return form

    def get_queryset(self, request: HttpRequest):
        qs = super().get_queryset(request)
        if not scope_for(request.user).everything:
            qs = qs.filter(is_superuser=False)
        return qs

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        account_save(user=obj, by=request.user)
