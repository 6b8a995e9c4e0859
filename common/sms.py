"""Text messages (短信): one function to send, and backends chosen by settings.SMS_BACKEND.

Shared plumbing (sign-in codes in accounts, notifications by SMS), so it knows no domain.

A backend is a class with `send(phone: str, text: str) -> None`. Development keeps messages in
an outbox folder (one file each, like Django's file e-mail backend), tests in memory
(`common.sms.outbox`), production names a provider's backend written to this shape
(README, "Text messages").
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Protocol
from uuid import uuid4

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("alliance.sms")


@dataclass(frozen=True)
class TextMessage:
    phone: str
    text: str


class SmsBackend(Protocol):
    def send(self, phone: str, text: str) -> None: ...


# What the in-memory backend sent, for tests (emptied by the test suite's fixture).
outbox: list[TextMessage] = []


class LocmemBackend:
    """Keep messages in `common.sms.outbox` (the test suite's backend)."""

    def send(self, phone: str, text: str) -> None:
        outbox.append(TextMessage(phone, text))


class ConsoleBackend:
    """Note in the log that a message would go out, its digits hidden: a code in a log would let
    whoever reads it sign in (production names a real provider; development uses the outbox)."""

    def send(self, phone: str, text: str) -> None:
        logger.warning(
            "SMS to %s not sent (SMS_BACKEND is the console): %s",
            phone[:3] + "*" * max(len(phone) - 3, 0),
            re.sub(r"[0-9]", "*", text),
        )


class OutboxBackend:
    """Write each message to a file in settings.SMS_OUTBOX_PATH (development and the demo)."""

    def send(self, phone: str, text: str) -> None:
        folder = Path(settings.SMS_OUTBOX_PATH)
        folder.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        (folder / f"{stamp}-{uuid4().hex[:8]}.txt").write_text(
            f"To: {phone}\n\n{text}\n", encoding="utf-8"
        )
        logger.info("SMS to %s written to %s", phone, folder)


@cache
def backend() -> SmsBackend:
    return import_string(settings.SMS_BACKEND)()


def send_sms(*, phone: str, text: str) -> None:
    """Send `text` to `phone` through the configured backend."""
    backend().send(phone, text)
