"""The admin of a workflow model: a surface over the app's services, not a back door.

An admin built on `ServiceAdminMixin` declares which service creates, changes and deletes its
rows by writing `service_create`, `service_change` and `service_delete`; what it does not
declare, nobody may do here (the permission follows from the declaration, so there is no
model permission to forget). On a change only `change_fields` are editable and the service
receives just the fields that changed; state fields and who-did-it fields are read-only and
set by the service from `request.user`. `street_only` leaves community secretaries a view.

A service's ValidationError is the admin's form error: the write is rolled back and the form
is shown again, with the user's input and the service's message. An action is declared with
`service_action`: it hands each selected row to the service, and a refusal of any row rolls
the whole action back with the service's message.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext as _

from .admin_mixins import ScopedAdminMixin, ScopedInlineMixin
from .scope import decides_for_street

_REFUSAL = "_service_refusal"


def changed(form: BaseForm, names: list[str] | tuple[str, ...] | None = None) -> dict[str, Any]:
    """Return the form's cleaned values that changed (among `names`, if given)."""
    return {
        name: form.cleaned_data[name]
        for name in form.changed_data
        if name in form.cleaned_data and (names is None or name in names)
    }


def apply_changes(obj: models.Model, form: BaseForm) -> models.Model:
    """Set on `obj` (a row read afresh) the form's values that changed, as the model form
    would (a cleared file is emptied), for a service that takes the whole row."""
    for name in form.changed_data:
        if name in form.cleaned_data:
            type(obj)._meta.get_field(name).save_form_data(obj, form.cleaned_data[name])
    return obj


def service_action(
    *, description: Any, done: Any
) -> Callable[[Callable[..., Any]], Callable[..., None]]:
    """Make an admin action of `service(model_admin, request, obj)`: each selected row, read
    afresh, goes to the service; `done` (an ngettext_lazy keyed by "count") tells how many.
    A ValidationError of any row undoes them all (ServiceAdminMixin.response_action)."""

    def decorate(service: Callable[..., Any]) -> Callable[..., None]:
        def action(model_admin: Any, request: HttpRequest, queryset: Any) -> None:
            count = 0
            for obj in queryset:
                if service(model_admin, request, model_admin._fresh(obj)) is not False:
                    count += 1
            model_admin.message_user(request, done % {"count": count}, messages.SUCCESS)

        action.__name__ = service.__name__
        action.__doc__ = service.__doc__
        return admin.action(description=description, permissions=["change"])(action)

    return decorate


def _with_refusal(form_class: type[BaseForm], refusal: ValidationError) -> type[BaseForm]:
    """Return `form_class` made to fail with the service's refusal, each message on its field
    when the form shows it, else above the form."""

    class Refused(form_class):  # type: ignore[valid-type,misc]
        def clean(self) -> Any:
            data = super().clean()
            errors = refusal.error_dict if hasattr(refusal, "error_dict") else {None: refusal}
            for field, error in errors.items():
                self.add_error(field if field in self.fields else None, error)
            return data

    Refused.__name__ = form_class.__name__
    return Refused


class _ServicePermissions:
    """Add, change and delete exactly where a service is declared (and, for what only the
    street decides, only for the street)."""

    street_only = False
    service_create = None
    service_change = None
    service_delete = None

    def _may_write(self, request: HttpRequest, service: Any) -> bool:
        if service is None or not self._manages(request):
            return False
        return not self.street_only or decides_for_street(request.user)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return self._may_write(request, self.service_create)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._may_write(request, self.service_change)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._may_write(request, self.service_delete)


class ServiceAdminMixin(_ServicePermissions, ScopedAdminMixin):
    """A scoped admin whose every write is a call of the app's service.

    Write `service_create(request, form) -> obj`, `service_change(request, obj, form)` and
    `service_delete(request, obj)` as methods; `obj` is read afresh from the database, so the
    service sees the row as it is, and the form's values only in `form.cleaned_data`.
    """

    # Editable on a change (the fields the change service takes, or "__all__"); every other
    # field is shown read-only.
    change_fields: tuple[str, ...] | str = ()
    # Set by the services (statuses, timestamps); never editable.
    state_fields: tuple[str, ...] = ()

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        fields = [*super().get_readonly_fields(request, obj), *self.state_fields]
        if obj is not None and self.change_fields != "__all__":
            form_fields = self._form_field_names(request, obj)
            fields += [name for name in form_fields if name not in self.change_fields]
        return list(dict.fromkeys(fields))

    def _form_field_names(self, request: HttpRequest, obj: Any) -> list[str]:
        if self.fields:
            names = []
            for entry in self.fields:
                names += list(entry) if isinstance(entry, (list, tuple)) else [entry]
            return names
        return [
            f.name
            for f in self.model._meta.get_fields()
            if getattr(f, "editable", False) and not f.auto_created and f.concrete
        ]

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        refusal = getattr(request, _REFUSAL, None)
        return form_class if refusal is None else _with_refusal(form_class, refusal)

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as refusal:
            # Django's changeform_view is atomic: the refused write left nothing behind.
            if request.method != "POST" or hasattr(request, _REFUSAL):
                raise
            setattr(request, _REFUSAL, refusal)
            for upload in request.FILES.values():
                upload.seek(0)
            return super().changeform_view(request, object_id, form_url, extra_context)

    def _fresh(self, obj: models.Model) -> models.Model:
        return type(obj)._default_manager.get(pk=obj.pk)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if change:
            if self.service_change is None:
                raise PermissionDenied
            saved = self.service_change(request, self._fresh(obj), form)
        else:
            if self.service_create is None:
                raise PermissionDenied
            saved = self.service_create(request, form)
        # The admin goes on with `obj` (its log entry, its redirect, its inlines).
        if saved is not None:
            obj.pk = saved.pk
            obj.refresh_from_db()
        obj._state.adding = False

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        # Many-to-many fields are the service's to write too; only the inlines are saved here.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        inline = getattr(formset, "service_inline", None)
        if inline is None:
            super().save_formset(request, form, formset, change)
            return
        inline.save_rows(request, form.instance, formset)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        if self.service_delete is None:
            raise PermissionDenied
        self.service_delete(request, self._fresh(obj))

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        with transaction.atomic():
            for obj in queryset:
                self.delete_model(request, obj)

    def delete_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        try:
            return super().delete_view(request, object_id, extra_context)
        except ValidationError as refusal:
            for message in refusal.messages:
                messages.error(request, message)
            return HttpResponseRedirect(request.path)

    def response_action(self, request: HttpRequest, queryset: Any) -> HttpResponse | None:
        try:
            with transaction.atomic():
                return super().response_action(request, queryset)
        except ValidationError as refusal:
            for message in refusal.messages:
                messages.error(request, message)
            return HttpResponseRedirect(request.get_full_path())


class ServiceInlineMixin(_ServicePermissions, ScopedInlineMixin):
    """An inline whose rows are written by services: `service_create(request, parent, form)`,
    `service_change(request, row, form)` (the row read afresh), `service_delete(request, row)`.
    Its parent admin must be a ServiceAdminMixin. On existing rows only `change_fields` change.
    """

    change_fields: tuple[str, ...] = ()
    state_fields: tuple[str, ...] = ()

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._may_write(request, self.service_create)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        fields = [*super().get_readonly_fields(request, obj), *self.state_fields]
        if self.service_create is None:
            # No new rows here, so existing rows show only their changeable fields as inputs.
            fields += [name for name in (self.fields or []) if name not in self.change_fields]
        return list(dict.fromkeys(fields))

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any):
        formset = super().get_formset(request, obj, **kwargs)
        formset.service_inline = self
        return formset

    def save_rows(self, request: HttpRequest, parent: Any, formset: Any) -> None:
        """Hand each new, changed or deleted row of `formset` to its service (and note them
        where the admin's change message looks for them)."""
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        deleted = formset.deleted_forms  # none where the formset cannot delete
        for form in formset.initial_forms:
            row = form.instance
            if form in deleted:
                if self.service_delete is None:
                    raise PermissionDenied
                self.service_delete(request, type(row)._default_manager.get(pk=row.pk))
                formset.deleted_objects.append(row)
            elif form.has_changed():
                if self.service_change is None:
                    raise PermissionDenied
                editable = set(form.changed_data) - set(self.change_fields)
                if editable:
                    raise ValidationError(
                        {name: _("This field cannot be changed here.") for name in sorted(editable)}
                    )
                fresh = type(row)._default_manager.get(pk=row.pk)
                formset.changed_objects.append(
                    (self.service_change(request, fresh, form) or fresh, form.changed_data)
                )
        for form in formset.extra_forms:
            if not form.has_changed() or form in deleted:
                continue
            if self.service_create is None:
                raise PermissionDenied
            formset.new_objects.append(self.service_create(request, parent, form))
