"""Admin behaviour shared by every model that lives somewhere on the tree."""

from __future__ import annotations

from typing import Any

from auditlog.mixins import AuditlogHistoryAdminMixin
from auditlog.registry import auditlog
from django.apps import apps
from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.admin.exceptions import NotRegistered
from django.contrib.admin.utils import unquote
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from grids.models import Node, in_subtree

from .models import User
from .scope import can_manage, scope_for, users_in_scope

# model edited only inline -> its path to the tree (filled by ScopedInlineMixin subclasses)
INLINE_SCOPE_PATHS: dict[type[models.Model], str] = {}


def who_did_it_fields(model: type[models.Model]) -> list[str]:
    """Return the fields recording who did something and when: every account field named
    `<verb>_by`, and the `<verb>_at` beside it. They are set by the services from the request,
    never from a form."""
    names = {f.name for f in model._meta.get_fields()}
    found = []
    for field in model._meta.get_fields():
        if field.name.endswith("_by") and getattr(field, "related_model", None) is User:
            found.append(field.name)
            when = field.name[: -len("_by")] + "_at"
            if when in names:
                found.append(when)
    return found


class AuditHistoryMixin(AuditlogHistoryAdminMixin):
    """An "audit log" link on each row of a model whose changes are recorded (django-auditlog):
    who changed what, when. The history opens only for an object the admin itself would open."""

    def get_list_display(self, request: HttpRequest):
        self.show_auditlog_history_link = auditlog.contains(self.model)
        return super().get_list_display(request)

    def auditlog_history_view(self, request: HttpRequest, object_id: str, extra_context=None):
        if not auditlog.contains(self.model) or self.get_object(request, object_id) is None:
            raise Http404
        return super().auditlog_history_view(request, object_id, extra_context)


class ScopedAdminMixin(AuditHistoryMixin):
    """Narrow an admin to the user's subtree.

    `scope_path` leads from the model to its node ("" for the node itself). Objects outside
    the scope are neither listed nor opened (404, as for a missing one), and every choice of
    a node is limited to the scope, so nothing can be created outside it.
    """

    scope_path = ""
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    # "12 of 79,500": the second count is a scan of the whole table on every filtered page.
    show_full_result_count = False

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return scope_for(request.user).filter(super().get_queryset(request), self.scope_path)

    def action_checkbox(self, obj: Any) -> str:
        """Django's checkbox on each row, written directly: rendering it as a form widget
        through the template engine took a third of a hundred-row list page."""
        label = format_html(gettext("Select this object for an action - {}"), str(obj))
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            str(obj.pk),
            label,
        )

    def _manages(self, request: HttpRequest) -> bool:
        return can_manage(request.user)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._manages(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._manages(request)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return self._manages(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._manages(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._manages(request)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        fields = list(super().get_readonly_fields(request, obj))
        return fields + [name for name in who_did_it_fields(self.model) if name not in fields]

    def _scoped_choices(self, db_field: Any, request: HttpRequest) -> QuerySet | None:
        """The records on the tree a choice may name: those the related model's own admin
        lists for this user (a meeting, a unit, a committee of the user's scope), and of the
        accounts only those scoped inside the user's subtree (never every account)."""
        if db_field.related_model is User:
            return users_in_scope(request.user)
        related = db_field.related_model
        try:
            related_admin = self.admin_site.get_model_admin(related)
        except NotRegistered:
            related_admin = None
        if isinstance(related_admin, ScopedAdminMixin) and related._meta.app_label != "accounts":
            return related_admin.get_queryset(request)
        # A record edited only inline (a committee's term, a meeting's resolution): narrowed
        # by the inline's path to the tree, so a raw id of another community is refused too.
        path = INLINE_SCOPE_PATHS.get(related)
        if path is not None:
            return scope_for(request.user).filter(related._default_manager.all(), path)
        return None

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet, search_term: str
    ) -> tuple[QuerySet, bool]:
        """The admin's own search, and in an autocomplete picker of another admin's form also
        the picker's scope: what that form would accept for the field (an account picker
        lists only the accounts `users_in_scope` allows, whatever this admin lists)."""
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        field, source_admin = self._autocomplete_source(request)
        if field is not None and isinstance(source_admin, ScopedAdminMixin):
            scoped = source_admin._scoped_choices(field, request)
            if scoped is not None:
                queryset = queryset.filter(pk__in=scoped.values("pk"))
        return queryset, may_have_duplicates

    def _autocomplete_source(self, request: HttpRequest) -> tuple[Any, Any]:
        """The field and admin an autocomplete request picks for, else (None, None)."""
        match = getattr(request, "resolver_match", None)
        if match is None or match.url_name != "autocomplete":
            return None, None
        try:
            model = apps.get_model(request.GET["app_label"], request.GET["model_name"])
            source_admin = self.admin_site.get_model_admin(model)
            field = model._meta.get_field(request.GET["field_name"])
        except (KeyError, LookupError, NotRegistered, FieldDoesNotExist):
            return None, None  # Django's view has refused the request already
        return field, source_admin

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any):
        if "queryset" not in kwargs:
            scoped = self._scoped_choices(db_field, request)
            if scoped is not None:
                kwargs["queryset"] = scoped
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any):
        if db_field.related_model is not Node and "queryset" not in kwargs:
            scoped = self._scoped_choices(db_field, request)
            if scoped is not None:
                kwargs["queryset"] = scoped  # the form applies limit_choices_to on top
        if db_field.related_model is Node:
            base = kwargs.get("queryset")
            if base is None:
                base = Node.objects.all()
            limit = db_field.get_limit_choices_to()
            if limit:
                base = base.filter(**limit)
            kwargs["queryset"] = scope_for(request.user).filter(base).order_by("tree_id", "lft")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    # A row outside the scope answers 404 on each of its pages, before any refusal to change
    # it (a 403 would tell that the row exists) and instead of the admin's redirect home.
    def changeform_view(self, request: HttpRequest, object_id=None, *args: Any, **kwargs: Any):
        self._in_scope_or_404(request, object_id)
        return super().changeform_view(request, object_id, *args, **kwargs)

    def delete_view(self, request: HttpRequest, object_id: str, *args: Any, **kwargs: Any):
        self._in_scope_or_404(request, object_id)
        return super().delete_view(request, object_id, *args, **kwargs)

    def history_view(self, request: HttpRequest, object_id: str, *args: Any, **kwargs: Any):
        self._in_scope_or_404(request, object_id)
        return super().history_view(request, object_id, *args, **kwargs)

    def _in_scope_or_404(self, request: HttpRequest, object_id: str | None) -> None:
        """Answer 404 for a row outside the scope before any refusal to change it: a 403
        would tell that the row exists."""
        if object_id is not None and self.get_object(request, unquote(object_id)) is None:
            raise Http404


class ScopedInlineMixin(ScopedAdminMixin):
    """The same narrowing for inlines (their parent object is already in scope)."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        # The path to the tree of a model edited only inline, for the choices that name it.
        if getattr(cls, "model", None) is not None and getattr(cls, "scope_path", None):
            INLINE_SCOPE_PATHS.setdefault(cls.model, cls.scope_path)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._manages(request)


class CommunityFilter(admin.SimpleListFilter):
    title = _("community")
    parameter_name = "community"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        communities = scope_for(request.user).filter(Node.objects.communities()).order_by("lft")
        return [(str(c.pk), c.name) for c in communities]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if not self.value():
            return queryset
        community = Node.objects.communities().filter(pk=self.value()).first()
        if community is None:
            return queryset.none()
        return queryset.filter(in_subtree(community, getattr(self, "scope_path", "")))


def community_filter_for(path: str) -> type[CommunityFilter]:
    """Return a community filter for a model whose node is reached through `path`."""
    return type(f"CommunityFilter_{path}", (CommunityFilter,), {"scope_path": path})


class ReadOnlyAdminMixin:
    """Listed and opened here, never added, changed or deleted: those moves go through the
    services, which keep their history. Put it before ScopedAdminMixin in the bases (whose
    pages answer 404 for a row outside the user's scope, before this refusal)."""

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
