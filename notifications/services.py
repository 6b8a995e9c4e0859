"""Sending reminders exactly once and notices of events, through every configured channel."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from .channels import BatchChannel, Message, configured_channels
from .models import Notification, NotificationPreference, Reminder, ReminderStatus

if TYPE_CHECKING:
    from accounts.models import User

MAX_ATTEMPTS = 5

logger = logging.getLogger("alliance.notifications")


@dataclass(frozen=True)
class ReminderSpec:
    """A reminder someone is due: `key` names what, for whom and for which occasion."""

    key: str
    kind: str
    recipient: Any
    subject: str
    body: str
    url: str = ""


def reminder_send(spec: ReminderSpec) -> bool:
    """Send `spec` through every channel unless it was sent already; return whether it went.

    The ledger row, the in-app notification and the "sent" are one transaction: a worker
    killed partway commits none of them, so the next pass sends the reminder once (a second
    worker writing the same key waits for the first one's commit, then finds it taken).
    A channel outside the database (e-mail, SMS) may see the one message in flight at the kill
    again: those are at least once, never lost.
    """
    try:
        with transaction.atomic():
            reminder = _ledger_row(spec, timezone.now())
            reminder.save(force_insert=True)
            return _deliver(reminder, spec)
    except IntegrityError:
        pass  # recorded before: retried below only if it failed then
    with transaction.atomic():
        reminder = (
            Reminder.objects.select_for_update()
            .filter(key=spec.key, status=ReminderStatus.FAILED, attempts__lt=MAX_ATTEMPTS)
            .first()
        )
        if reminder is None:
            return False
        reminder.status, reminder.attempts = ReminderStatus.SENT, reminder.attempts + 1
        reminder.sent_at, reminder.error = timezone.now(), ""
        reminder.save(update_fields=["status", "attempts", "sent_at", "error"])
        return _deliver(reminder, spec)


def _ledger_row(spec: ReminderSpec, now: Any) -> Reminder:
    """The ledger row of `spec`, recorded as sent at `now` (its delivery is in the same
    transaction)."""
    return Reminder(
        key=spec.key,
        kind=spec.kind,
        recipient=spec.recipient,
        subject=spec.subject,
        body=spec.body,
        url=spec.url,
        status=ReminderStatus.SENT,
        sent_at=now,
    )


def reminders_send(specs: list[ReminderSpec]) -> list[ReminderSpec]:
    """Send each of `specs` once, as reminder_send() does; return those that went.

    Where every configured channel writes only to the database or the log (the in-app list,
    the log), the reminders go settings.NOTIFICATION_BATCH at a time: one transaction holds a
    batch's ledger rows and notifications, so a worker killed partway commits the whole batch
    or none of it, and the next pass sends each reminder once. A channel beyond the database
    (e-mail, SMS) keeps the one-by-one path and its promise of at most one message in flight.
    """
    channels = configured_channels()
    if not all(isinstance(channel, BatchChannel) for channel in channels):
        return [spec for spec in specs if reminder_send(spec)]
    size = max(settings.NOTIFICATION_BATCH, 1)
    sent: list[ReminderSpec] = []
    for start in range(0, len(specs), size):
        sent += _send_batch(specs[start : start + size], channels)
    return sent


def _send_batch(batch: list[ReminderSpec], channels: tuple) -> list[ReminderSpec]:
    known = dict(
        Reminder.objects.filter(key__in=[spec.key for spec in batch]).values_list("key", "status")
    )
    fresh = [spec for spec in batch if spec.key not in known]
    retried = [spec for spec in batch if known.get(spec.key) == ReminderStatus.FAILED]
    if fresh:
        now = timezone.now()
        try:
            with transaction.atomic():
                Reminder.objects.bulk_create(_ledger_row(spec, now) for spec in fresh)
                messages = [
                    Message(spec.recipient, spec.subject, spec.body, spec.url, spec.kind)
                    for spec in fresh
                ]
                for channel in channels:
                    channel.send_many(messages)
        except Exception:  # another pass took one of the keys, or a channel failed
            # Nothing of the batch was kept: one by one, each finds its own answer (taken by
            # the other pass, sent, or recorded as failed for a later pass).
            return [spec for spec in batch if reminder_send(spec)]
    return fresh + [spec for spec in retried if reminder_send(spec)]


def _deliver(reminder: Reminder, spec: ReminderSpec) -> bool:
    """Run the channels inside the caller's transaction; on an error, undo what they wrote and
    record the reminder as failed, to be tried again by a later pass."""
    message = Message(spec.recipient, spec.subject, spec.body, spec.url, spec.kind)
    try:
        with transaction.atomic():
            for channel in configured_channels():
                channel.send(message)
    except Exception as exc:
        reminder.status, reminder.sent_at, reminder.error = (
            ReminderStatus.FAILED,
            None,
            str(exc)[:2000],
        )
        reminder.save(update_fields=["status", "sent_at", "error"])
        return False
    return True


def pending_specs(specs: list[ReminderSpec]) -> list[ReminderSpec]:
    """Return the specs not yet sent (for a dry run)."""
    done = set(
        Reminder.objects.filter(key__in=[s.key for s in specs])
        .exclude(status=ReminderStatus.FAILED)
        .values_list("key", flat=True)
    )
    return [s for s in specs if s.key not in done]


def notification_mark_read(*, user: User, notification_id: int) -> bool:
    """Mark one of the user's notifications read; return False if the user has no such one
    (someone else's notification is as missing as one that does not exist)."""
    mine = Notification.objects.filter(recipient=user, pk=notification_id)
    if not mine.exists():
        return False
    mine.filter(read_at=None).update(read_at=timezone.now())
    return True


def notifications_mark_all_read(*, user: User) -> int:
    """Mark every unread notification of the user read; return how many were."""
    return Notification.objects.filter(recipient=user, read_at=None).update(read_at=timezone.now())


@transaction.atomic
def preference_update(*, user: User, email: bool, sms: bool) -> NotificationPreference:
    """Save how the user wants to be told (the row is made on the first save)."""
    preference, _created = NotificationPreference.objects.get_or_create(user=user)
    preference.email, preference.sms, preference.updated_at = email, sms, timezone.now()
    preference.full_clean()
    preference.save(update_fields=["email", "sms", "updated_at"])
    # The user object in hand may hold the defaults cached from before.
    user.notification_preference = preference
    return preference


def notify(*, recipients: Iterable[Any], subject: str, body: str, url: str, kind: str) -> None:
    """Tell each of `recipients` about an event once the caller's transaction commits.

    Every recipient gets it in the in-app list; e-mail and SMS go by each one's preference
    (the channels check it). Nothing goes if the transaction rolls back. A recipient named
    twice is told once; inactive accounts are skipped.
    """
    ids = sorted({user.pk for user in recipients if user is not None and user.pk})
    if not ids:
        return
    transaction.on_commit(
        lambda: _notify_now(ids, subject=subject, body=body, url=url, kind=kind), robust=True
    )


def _notify_now(ids: list[int], *, subject: str, body: str, url: str, kind: str) -> None:
    from accounts.models import User

    people = User.objects.filter(pk__in=ids, is_active=True).select_related(
        "notification_preference"
    )
    for person in people:
        message = Message(person, subject, body, url, kind)
        for channel in configured_channels():
            try:
                channel.send(message)
            except Exception:  # one channel failing must not keep the others from telling
                logger.exception("notice %s to %s by %s failed", kind, person.pk, channel.name)
