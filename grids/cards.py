"""Steward service cards: the QR code printed on each card."""

from __future__ import annotations

from functools import lru_cache

import segno
from django.utils.safestring import SafeString, mark_safe

from .models import Steward


def qr_svg(link: str) -> SafeString:
    """Return an inline SVG QR code for a link (a WeChat group, an authenticator app's key)."""
    qr = segno.make(link, error="m")
    # segno writes the SVG itself from the encoded matrix; nothing of `link` reaches the markup.
    return mark_safe(qr.svg_inline(scale=3, border=2, omitsize=True))  # noqa: S308


@lru_cache(maxsize=4096)
def _group_qr(link: str) -> SafeString:
    """A building's group link drawn once per process: a community prints its cards often and
    the links seldom change (drawing is most of a page of cards). Only these public group links
    are kept, never an authenticator's key."""
    return qr_svg(link)


def card_context(stewards: list[Steward]) -> list[dict]:
    """Return one card's worth of data per steward, with the QR code where there is a link."""
    return [
        {
            "steward": steward,
            "qr": _group_qr(steward.wechat_group_link) if steward.wechat_group_link else None,
        }
        for steward in stewards
    ]
