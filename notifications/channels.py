"""Delivery channels: the in-app list, e-mail, text messages and the log. WeChat plugs in the same
way. E-mail and SMS go only to users whose NotificationPreference takes them.

A channel is any object with a `name` and `send(message)`; settings.NOTIFICATION_CHANNELS lists
the dotted paths of the channel classes in use.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cache
from typing import Any, Protocol, runtime_checkable

from django.conf import settings
from django.core.mail import send_mail
from django.utils.module_loading import import_string

from common.sms import send_sms

logger = logging.getLogger("alliance.notifications")


@dataclass(frozen=True)
class Message:
    recipient: Any  # a User
    subject: str
    body: str
    url: str = ""
    kind: str = ""


class Channel(Protocol):
    name: str

    def send(self, message: Message) -> None: ...


@runtime_checkable
class BatchChannel(Channel, Protocol):
    """A channel that writes only to the database or the log, so a batch of messages can go in
    the same transaction as their ledger rows (see notifications.services.reminders_send)."""

    def send_many(self, messages: list[Message]) -> None: ...


def absolute(url: str) -> str:
    """Return `url` as a link that works outside the site (an e-mail, a text message): the
    site's own paths get SITE_URL in front."""
    if url.startswith("/") and not url.startswith("//") and settings.SITE_URL:
        return settings.SITE_URL.rstrip("/") + url
    return url


def wanted(message: Message, channel: str) -> bool:
    """Return whether the recipient of `message` takes messages by `channel`."""
    from .selectors import preference_of

    return preference_of(message.recipient).wants(channel)


class EmailChannel:
    """Send by Django's e-mail backend, to users who have an address and keep e-mail on."""

    name = "email"

    def send(self, message: Message) -> None:
        if not message.recipient.email or not wanted(message, self.name):
            return
        body = f"{message.body}\n\n{absolute(message.url)}" if message.url else message.body
        send_mail(
            message.subject,
            body,
            settings.DEFAULT_FROM_EMAIL,
            [message.recipient.email],
            fail_silently=False,
        )


class SmsChannel:
    """Send a text message (common.sms) to users who have a phone and opted in."""

    name = "sms"

    def send(self, message: Message) -> None:
        phone = getattr(message.recipient, "phone", "")
        if not phone or not wanted(message, self.name):
            return
        parts = [message.subject, message.body, absolute(message.url)]
        send_sms(phone=phone, text="\n".join(part for part in parts if part))


class InAppChannel:
    """Add the message to the user's notification list in the portal."""

    name = "in_app"

    def send(self, message: Message) -> None:
        from .models import Notification

        Notification.objects.create(
            recipient=message.recipient,
            subject=message.subject,
            body=message.body,
            url=message.url,
            kind=message.kind,
        )

    def send_many(self, messages: list[Message]) -> None:
        from .models import Notification

        Notification.objects.bulk_create(
            Notification(
                recipient=m.recipient, subject=m.subject, body=m.body, url=m.url, kind=m.kind
            )
            for m in messages
        )


class LogChannel:
    """Write the message to the log: the default extra channel, and a model for SMS or WeChat."""

    name = "log"

    def send(self, message: Message) -> None:
        logger.info("reminder to %s: %s", message.recipient.get_username(), message.subject)

    def send_many(self, messages: list[Message]) -> None:
        for message in messages:
            self.send(message)


@cache
def configured_channels() -> tuple[Channel, ...]:
    """Return one instance of every channel named in settings.NOTIFICATION_CHANNELS."""
    return tuple(import_string(path)() for path in settings.NOTIFICATION_CHANNELS)
