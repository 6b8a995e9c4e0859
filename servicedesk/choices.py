"""The states of micro-wishes and service requests, apart from the models, so the workflow
(workflow.py) and the models that ask it (models.py) both build on them without a cycle."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class WishStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Awaiting review")
    PUBLISHED = "published", _("Published")
    CLAIM_PENDING = "claim_pending", _("Claim awaiting approval")
    CLAIMED = "claimed", _("Claimed")
    FULFILLED = "fulfilled", _("Fulfilled")
    CONFIRMED = "confirmed", _("Confirmed by the resident")
    REJECTED = "rejected", _("Not published")
    EXPIRED = "expired", _("Expired")
    CANCELLED = "cancelled", _("Cancelled")


class RequestStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Received")
    TRIAGED = "triaged", _("Triaged")
    DISPATCHED = "dispatched", _("Dispatched")
    ACCEPTED = "accepted", _("Accepted")
    CLOSED = "closed", _("Closed")
    RATED = "rated", _("Rated")
    REJECTED = "rejected", _("Not taken up")


class CaseKind(models.TextChoices):
    """What a resident's case on the desk is: the other domains name a case by its kind and id."""

    REQUEST = "request", _("A service request")
    WISH = "wish", _("A micro-wish")
