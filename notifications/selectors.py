"""Reads of the notifications app."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from .models import Notification, NotificationPreference, Reminder, ReminderStatus

if TYPE_CHECKING:
    from accounts.models import User


def preference_of(user: User) -> NotificationPreference:
    """Return the user's preference, or an unsaved one with the defaults if they never chose.

    The reverse one-to-one is cached on the user (even when missing), so a user loaded with
    select_related("notification_preference") costs no query here."""
    try:
        return user.notification_preference
    except NotificationPreference.DoesNotExist:
        return NotificationPreference(user=user)


def inbox_for(user: User) -> QuerySet[Notification]:
    """Return the user's notifications, newest first."""
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-pk")


def unread_count(user: User) -> int:
    """Return how many of the user's notifications are unread (one COUNT query)."""
    return Notification.objects.filter(recipient=user, read_at=None).count()


def reminders_waiting(recipients: QuerySet) -> QuerySet[Reminder]:
    """Return the reminders to `recipients` not delivered yet (still sending, or failed and
    waiting for the next pass to retry), newest first."""
    return (
        Reminder.objects.filter(recipient__in=recipients)
        .exclude(status=ReminderStatus.SENT)
        .select_related("recipient")
        .order_by("-created_at", "-pk")
    )
