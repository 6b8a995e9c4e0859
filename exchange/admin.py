"""Imports in the back office: upload, read the check's report (on the page, or as the file
itself with its errors marked), confirm, watch it run."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.cells import safe_dataset
from common.uploads import upload_response

from . import services
from .access import can_manage
from .forms import UploadForm
from .models import ImportJob, JobStatus
from .registry import KINDS, kind_choices, kind_label
from .workbook import CONTENT_TYPE


class KindFilter(admin.SimpleListFilter):
    """The kinds the apps registered: the field itself has no choices, they come from ready()."""

    title = gettext_lazy("what")
    parameter_name = "kind"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin):
        return kind_choices()

    def queryset(self, request: HttpRequest, queryset):
        if self.value() in KINDS:
            return queryset.filter(kind=self.value())
        return queryset


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind_name", "file_name", "total_rows", "status", "uploaded_by"]
    list_filter = ["status", KindFilter]
    list_select_related = ["uploaded_by"]
    change_list_template = "admin/exchange/importjob/change_list.html"

    @admin.display(description=gettext_lazy("what"), ordering="kind")
    def kind_name(self, job: ImportJob):
        return kind_label(job.kind)

    def get_queryset(self, request: HttpRequest):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(uploaded_by=request.user)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return can_manage(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return can_manage(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return can_manage(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_superuser

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("upload/", wrap(self.upload_view), name="exchange_importjob_upload"),
            path(
                "template/<slug:kind>.<str:fmt>",
                wrap(self.template_view),
                name="exchange_importjob_template",
            ),
            path("<int:job_id>/report/", wrap(self.report_view), name="exchange_importjob_report"),
            path(
                "<int:job_id>/confirm/",
                wrap(require_POST(self.confirm_view)),
                name="exchange_importjob_confirm",
            ),
            path("<int:job_id>/file/", wrap(self.file_view), name="exchange_importjob_file"),
            path("<int:job_id>/errors/", wrap(self.errors_view), name="exchange_importjob_errors"),
            path(
                "<int:job_id>/progress/",
                wrap(self.progress_view),
                name="exchange_importjob_progress",
            ),
            *super().get_urls(),
        ]

    def add_view(self, request: HttpRequest, form_url: str = "", extra_context=None):
        return HttpResponseRedirect(reverse("admin:exchange_importjob_upload"))

    def change_view(self, request: HttpRequest, object_id: str, form_url="", extra_context=None):
        return HttpResponseRedirect(reverse("admin:exchange_importjob_report", args=[object_id]))

    def _kinds(self, request: HttpRequest):
        return [k for k in KINDS.values() if services.may_import(request.user, k)]

    def _job(self, request: HttpRequest, job_id: int) -> ImportJob:
        return get_object_or_404(self.get_queryset(request), pk=job_id)

    def upload_view(self, request: HttpRequest) -> HttpResponse:
        if not can_manage(request.user):
            raise PermissionDenied
        kinds = self._kinds(request)
        form = UploadForm(request.POST or None, request.FILES or None, kinds=kinds)
        if request.method == "POST" and form.is_valid():
            try:
                job = services.job_create(
                    user=request.user,
                    kind_slug=form.cleaned_data["kind"],
                    upload=form.cleaned_data["file"],
                    language=get_language(),
                )
            except ValidationError as exc:
                form.add_error("file", exc)
            else:
                return HttpResponseRedirect(
                    reverse("admin:exchange_importjob_report", args=[job.pk])
                )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import a spreadsheet"),
            "form": form,
            "kinds": kinds,
        }
        return TemplateResponse(request, "admin/exchange/importjob/upload.html", context)

    def file_view(self, request: HttpRequest, job_id: int) -> HttpResponse:
        """The uploaded workbook, to its uploader (or an administrator) only, as a download."""
        job = self._job(request, job_id)
        return upload_response(job.file.open("rb"), filename=job.file.name)

    def errors_view(self, request: HttpRequest, job_id: int) -> HttpResponse:
        """The uploaded file with the check's errors marked, to whoever may see the job, as a
        download; a job without errors on its lines has none to give."""
        job = self._job(request, job_id)
        if not services.has_marked_errors(job):
            raise Http404
        stem = Path(job.file_name).stem or job.kind
        return upload_response(
            io.BytesIO(services.errors_workbook(job)),
            filename=_("%(name)s-errors.xlsx") % {"name": stem},
        )

    def template_view(self, request: HttpRequest, kind: str, fmt: str) -> HttpResponse:
        found = KINDS.get(kind)
        if (
            found is None
            or fmt not in ("xlsx", "csv")
            or not services.may_import(request.user, found)
        ):
            raise PermissionDenied
        if fmt == "xlsx":
            body = services.template_workbook(found)
            content_type = CONTENT_TYPE
        else:
            dataset = safe_dataset(services.template_dataset(found))
            body = "\ufeff" + dataset.export("csv")  # the BOM makes Excel read it as UTF-8
            content_type = "text/csv; charset=utf-8"
        response = HttpResponse(body, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="template-{found.slug}.{fmt}"'
        return response

    def report_view(self, request: HttpRequest, job_id: int) -> HttpResponse:
        job = self._job(request, job_id)
        progress = services.progress_get(job)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": str(job),
            "job": job,
            "progress": progress,
            "report": job.report,
            "totals": job.report.get("totals", {}),
            "marked_errors": services.has_marked_errors(job),
            "example_lines": job.report.get("example_lines") or [],
            "can_confirm": job.status == JobStatus.CHECKED
            and (job.uploaded_by_id == request.user.pk or request.user.is_superuser),
        }
        return TemplateResponse(request, "admin/exchange/importjob/report.html", context)

    def confirm_view(self, request: HttpRequest, job_id: int) -> HttpResponse:
        job = self._job(request, job_id)
        try:
            services.job_confirm(job=job, user=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return HttpResponseRedirect(reverse("admin:exchange_importjob_report", args=[job.pk]))

    def progress_view(self, request: HttpRequest, job_id: int) -> JsonResponse:
        job = self._job(request, job_id)
        return JsonResponse(
            {"status": job.status, "running": job.running, **services.progress_get(job)}
        )
