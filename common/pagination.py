"""Pagination for the API's ledgers."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from rest_framework.exceptions import NotFound
from rest_framework.pagination import Cursor, CursorPagination


class LedgerPagination(CursorPagination):
    """Newest first, 50 a page, by cursor: the sign-up, check-in and points ledgers grow by
    hundreds of thousands of rows, and counting them all for every page would cost more than
    the page itself. Pages link with `next` and `previous`; there is no `count`.

    A cursor is the client's to send back, so it is read like any input: a position that is
    not a value of the ordering field (a made-up or mangled cursor) is DRF's "Invalid cursor"
    404, as a cursor that is not base64 already is, not a database error 500."""

    page_size = 50
    ordering = ("-created_at", "-id")

    def paginate_queryset(self, queryset: Any, request: Any, view: Any = None) -> Any:
        self.position_field = queryset.model._meta.get_field(self.ordering[0].lstrip("-"))
        return super().paginate_queryset(queryset, request, view)

    def decode_cursor(self, request: Any) -> Cursor | None:
        cursor = super().decode_cursor(request)
        if cursor is not None and cursor.position is not None:
            try:
                self.position_field.to_python(cursor.position)
            except ValidationError as exc:
                raise NotFound(self.invalid_cursor_message) from exc
        return cursor
