"""Calendar months for monthly figures: the first day of each, and their bounds in local time."""

from __future__ import annotations

import datetime

from django.utils import timezone


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def add_months(month: datetime.date, count: int) -> datetime.date:
    index = month.year * 12 + month.month - 1 + count
    return datetime.date(index // 12, index % 12 + 1, 1)


def last_months(count: int, until: datetime.date | None = None) -> list[datetime.date]:
    """The first days of the `count` months ending with the month of `until` (default today)."""
    end = month_start(until or timezone.localdate())
    return [add_months(end, offset) for offset in range(-count + 1, 1)]


def bounds(
    first: datetime.date, last: datetime.date
) -> tuple[datetime.datetime, datetime.datetime]:
    """Aware datetimes from the start of month `first` to the start of the month after `last`."""
    start = datetime.datetime.combine(first, datetime.time.min)
    end = datetime.datetime.combine(add_months(last, 1), datetime.time.min)
    return timezone.make_aware(start), timezone.make_aware(end)


def key(month: datetime.date | datetime.datetime) -> str:
    return f"{month.year:04d}-{month.month:02d}"


def parse_month(text: str | None) -> datetime.date | None:
    """Read `YYYY-MM` into the month's first day; None when it is not a month."""
    try:
        return datetime.date(int(text[:4]), int(text[5:7]), 1) if text and len(text) >= 7 else None
    except ValueError:
        return None


def last_finished_month() -> datetime.date:
    return add_months(month_start(timezone.localdate()), -1)
