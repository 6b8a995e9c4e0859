"""The state machines of micro-wishes and service requests: who may move what, from where to where.

Every transition is a named action with the states it leaves from, the state it lands in, and
the kind of actor allowed: staff (back office, in scope), the handling unit, the claimer, the
resident (who holds the tracking code) or the system (expiry).
"""

from __future__ import annotations

from dataclasses import dataclass

from .choices import RequestStatus as R
from .choices import WishStatus as W

STAFF, UNIT, CLAIMER, RESIDENT, SYSTEM = "staff", "unit", "claimer", "resident", "system"


@dataclass(frozen=True)
class Step:
    sources: tuple[str, ...]
    target: str
    actors: frozenset[str]


def step(sources, target, *actors) -> Step:
    return Step(tuple(sources), target, frozenset(actors))


WISH_STEPS: dict[str, Step] = {
    "publish": step([W.SUBMITTED], W.PUBLISHED, STAFF),
    "reject": step([W.SUBMITTED], W.REJECTED, STAFF),
    "claim": step([W.PUBLISHED], W.CLAIMED, UNIT, CLAIMER),
    "claim_pending": step([W.PUBLISHED], W.CLAIM_PENDING, CLAIMER),
    "approve_claim": step([W.CLAIM_PENDING], W.CLAIMED, STAFF),
    "deny_claim": step([W.CLAIM_PENDING], W.PUBLISHED, STAFF),
    "withdraw": step([W.CLAIM_PENDING, W.CLAIMED], W.PUBLISHED, CLAIMER, UNIT),
    "fulfil": step([W.CLAIMED], W.FULFILLED, CLAIMER, UNIT),
    "confirm": step([W.FULFILLED], W.CONFIRMED, RESIDENT),
    "cancel": step(
        [W.SUBMITTED, W.PUBLISHED, W.CLAIM_PENDING, W.CLAIMED], W.CANCELLED, RESIDENT, STAFF
    ),
    "expire": step([W.PUBLISHED, W.CLAIM_PENDING], W.EXPIRED, SYSTEM),
}

REQUEST_STEPS: dict[str, Step] = {
    "triage": step([R.SUBMITTED], R.TRIAGED, STAFF),
    "reject": step([R.SUBMITTED, R.TRIAGED], R.REJECTED, STAFF),
    "dispatch": step([R.TRIAGED], R.DISPATCHED, STAFF),
    "take": step([R.TRIAGED], R.DISPATCHED, UNIT),
    "accept": step([R.DISPATCHED], R.ACCEPTED, UNIT),
    "decline": step([R.DISPATCHED], R.TRIAGED, UNIT),
    "close": step([R.ACCEPTED], R.CLOSED, UNIT),
    "rate": step([R.CLOSED], R.RATED, RESIDENT),
    "reopen": step([R.CLOSED, R.RATED], R.TRIAGED, RESIDENT),
}
