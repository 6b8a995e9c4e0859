"""Masks for people's names and phone numbers, and the consent rule for showing them whole.

Whoever is shown publicly (a building steward on a community page, a volunteer on a leaderboard)
appears whole only with their consent; without it, as 张* and 138********.

A phone's last four digits are what a resident gives to act on their own wish or request by its
tracking code (last_four_match), so no mask shows them: only the carrier's prefix is left.
"""

from __future__ import annotations

import hmac


def mask_name(name: str) -> str:
    """Return a name with all but the family name hidden: 张*."""
    return f"{name[:1]}{'*' * max(len(name) - 1, 1)}" if name else ""


def mask_phone(phone: str) -> str:
    """Return a phone number with all but its first three digits hidden: 138********."""
    if len(phone) < 7:
        return "*" * len(phone)
    return f"{phone[:3]}{'*' * (len(phone) - 3)}"


def public_name(name: str, consent: bool) -> str:
    """Return the name as the public may see it: whole with consent, masked without."""
    return name if consent else mask_name(name)


def public_phone(phone: str, consent: bool) -> str:
    """Return the phone as the public may see it: whole with consent, masked without."""
    return phone if consent else mask_phone(phone)


def last_four_match(phone: str, given: str) -> bool:
    """Return whether `given` is the last four digits of `phone`, compared in constant time."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    if len(digits) < 4:
        return False
    return hmac.compare_digest(digits[-4:].encode(), given.strip().encode())
