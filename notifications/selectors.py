"""Reads of the notifications app."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import Reminder, ReminderStatus


def reminders_waiting(recipients: QuerySet) -> QuerySet[Reminder]:
    """Return the reminders to `recipients` not delivered yet (still sending, or failed and
    waiting for the next pass to retry), newest first."""
    return (
        Reminder.objects.filter(recipient__in=recipients)
        .exclude(status=ReminderStatus.SENT)
        .select_related("recipient")
        .order_by("-created_at", "-pk")
    )
