"""Pagination for the API's ledgers."""

from __future__ import annotations

from rest_framework.pagination import CursorPagination


class LedgerPagination(CursorPagination):
    """Newest first, 50 a page, by cursor: the sign-up, check-in and points ledgers grow by
    hundreds of thousands of rows, and counting them all for every page would cost more than
    the page itself. Pages link with `next` and `previous`; there is no `count`."""

    page_size = 50
    ordering = ("-created_at", "-id")
