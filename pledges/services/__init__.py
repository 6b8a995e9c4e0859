"""Writes of pledges and co-building: lists, review, progress, ratings, projects, contributions."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.scope import assistant_check
from common import ratelimit
from common.uploads import upload_check

# Published here too, for the pages, the API and the tests of the ratings.
from common.voters import VOTER_COOKIE as VOTER_COOKIE
from common.voters import VOTER_MAX_AGE as VOTER_MAX_AGE
from common.voters import voter_checked as voter_checked
from common.voters import voter_hash as voter_hash
from common.voters import voter_identity as voter_identity
from common.voters import voter_issue as voter_issue
from grids.models import Node, phone_validator
from organizations.models import Unit

from ..models import (
    Beneficiary,
    Contribution,
    ListStatus,
    Milestone,
    Need,
    NeedStatus,
    Pledge,
    PledgeList,
    PledgeRating,
    Project,
    ProjectStatus,
)

if TYPE_CHECKING:
    from accounts.models import User


@transaction.atomic
def pledge_list_create(
    *,
    pledger_kind: str,
    node: Node,
    year: int,
    title: str,
    unit: Unit | None = None,
    beneficiary: str = Beneficiary.RESIDENTS,
    by: User = None,
) -> PledgeList:
    """Start a pledger's list for a year (a draft until reviewed)."""
    pledge_list = PledgeList(
        pledger_kind=pledger_kind,
        node=node,
        unit=unit,
        beneficiary=beneficiary,
        year=year,
        title=title,
        created_by=by,
    )
    pledge_list.full_clean()
    pledge_list.save()
    return pledge_list


def _editable(pledge_list: PledgeList) -> None:
    if not pledge_list.is_editable:
        raise ValidationError(_("A list can only be changed while it is a draft or returned."))


@transaction.atomic
def pledge_list_rename(*, pledge_list: PledgeList, title: str) -> PledgeList:
    """Retitle a list while it is a draft or returned."""
    _editable(pledge_list)
    pledge_list.title = title
    pledge_list.full_clean()
    pledge_list.save(update_fields=["title"])
    return pledge_list


@transaction.atomic
def pledge_add(
    *, pledge_list: PledgeList, text: str, category: str, due_on: datetime.date
) -> Pledge:
    """Add a pledge to a draft list."""
    _editable(pledge_list)
    pledge = Pledge(pledge_list=pledge_list, text=text.strip(), category=category, due_on=due_on)
    pledge.full_clean()
    if due_on.year != pledge_list.year:
        raise ValidationError({"due_on": _("A pledge is due within the list's year.")})
    pledge.save()
    return pledge


@transaction.atomic
def pledge_list_submit(*, pledge_list: PledgeList) -> PledgeList:
    """Send the list to the level above for review."""
    _editable(pledge_list)
    if not pledge_list.pledges.exists():
        raise ValidationError(_("Add at least one pledge before submitting the list."))
    pledge_list.status = ListStatus.SUBMITTED
    pledge_list.save(update_fields=["status"])
    return pledge_list


@transaction.atomic
def pledge_list_review(
    *, pledge_list: PledgeList, approve: bool, note: str = "", by: User = None
) -> PledgeList:
    """Publish the list, or return it with a note saying what to change."""
    if pledge_list.status != ListStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted list can be reviewed."))
    if not approve and not note.strip():
        raise ValidationError(
            {"review_note": _("Say what should change before returning the list.")}
        )
    now = timezone.now()
    pledge_list.status = ListStatus.PUBLISHED if approve else ListStatus.RETURNED
    pledge_list.review_note, pledge_list.reviewed_by, pledge_list.reviewed_at = note, by, now
    pledge_list.published_at = now if approve else None
    pledge_list.save(
        update_fields=["status", "review_note", "reviewed_by", "reviewed_at", "published_at"]
    )
    return pledge_list


def _check_photo(photo: UploadedFile | None) -> None:
    if photo is None:
        return
    try:
        upload_check(photo, "pledge_photo")
    except ValidationError as exc:
        raise ValidationError({"evidence_photo": exc.error_list}) from exc


@transaction.atomic
def pledge_progress(
    *,
    pledge: Pledge,
    status: str,
    explanation: str = "",
    evidence_text: str = "",
    evidence_photo: UploadedFile | None = None,
) -> Pledge:
    """Report a published pledge's progress: in progress, kept (with proof) or not (with why)."""
    if pledge.pledge_list.status != ListStatus.PUBLISHED:
        raise ValidationError(_("Progress is reported on published pledges."))
    _check_photo(evidence_photo)
    pledge.status, pledge.explanation = status, explanation
    if evidence_text:
        pledge.evidence_text = evidence_text
    if evidence_photo is not None:
        pledge.evidence_photo = evidence_photo
    pledge.full_clean()
    pledge.save()
    return pledge


def rating_period(day: datetime.date) -> str:
    """Return the rating period a day falls in: one rating per person per pledge per month."""
    return f"{day:%Y-%m}"


def pledge_rate(
    *,
    pledge: Pledge,
    value: str,
    voter_token: str,
    address: str,
    comment: str = "",
    today: datetime.date | None = None,
) -> PledgeRating:
    """Record a resident's rating, once per rater per pledge per month, with a rate limit.

    `voter_token` is the identity the server issued (`voter_issue`, in the voter cookie or
    handed to an API client); a token the server did not sign is refused."""
    if pledge.pledge_list.status != ListStatus.PUBLISHED:
        raise ValidationError(_("Only published pledges can be rated."))
    rating = _rating_keep(
        PledgeRating(
            pledge=pledge,
            period=rating_period(today or timezone.localdate()),
            value=value,
            comment=comment.strip(),
            voter=voter_checked(voter_token, address),
        ),
        _("You have rated this pledge already this month. Thank you!"),
    )
    ratelimit.count("rating", address)
    return rating


def _rating_keep(rating: PledgeRating, rated_already: str) -> PledgeRating:
    """Save `rating`, or refuse with `rated_already` when its rater rated the pledge this
    period (the unique constraint decides, so two at once cannot both pass)."""
    rating.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            rating.save()
    except IntegrityError as exc:
        raise ValidationError(rated_already) from exc
    return rating


def pledge_rate_assisted(
    *,
    pledge: Pledge,
    value: str,
    resident_phone: str,
    by: User,
    comment: str = "",
    today: datetime.date | None = None,
) -> PledgeRating:
    """Record the rating a resident without a phone gives at the service centre (代办), filed
    by the community or street staff who met them. The resident is known by their phone
    number, kept only hashed, so one person rates a pledge once a month however often they
    come; `by` is kept beside the rating."""
    if pledge.pledge_list.status != ListStatus.PUBLISHED:
        raise ValidationError(_("Only published pledges can be rated."))
    assistant_check(by, pledge.pledge_list.node)
    return _rating_keep(
        PledgeRating(
            pledge=pledge,
            period=rating_period(today or timezone.localdate()),
            value=value,
            comment=comment.strip(),
            voter=phone_voter(resident_phone),
            assisted_by=by,
        ),
        _("This resident has rated this pledge already this month."),
    )


def phone_voter(resident_phone: str) -> str:
    """Return the stored rater of a rating filed for a resident at the service centre (代办):
    their phone number, checked and hashed, so one person is one rater however often they
    come."""
    phone = resident_phone.strip().replace("-", "")
    phone_validator(phone)
    return voter_hash(f"phone:{phone}")


@transaction.atomic
def project_create(
    *,
    title: str,
    goal: str,
    node: Node,
    starts_on: datetime.date,
    ends_on: datetime.date,
    lead_unit: Unit | None = None,
) -> Project:
    project = Project(
        title=title, goal=goal, node=node, starts_on=starts_on, ends_on=ends_on, lead_unit=lead_unit
    )
    project.full_clean()
    project.save()
    return project


@transaction.atomic
def project_progress(*, project: Project, status: str, progress: int) -> Project:
    """Move a project on; a completed project is at 100%, and closes the needs it met once
    residents have rated it."""
    if status == ProjectStatus.COMPLETED:
        progress = 100
    project.status, project.progress = status, progress
    project.full_clean()
    project.save(update_fields=["status", "progress"])
    needs_close_if_met(project)
    return project


def needs_close_if_met(project: Project) -> int:
    """Close the needs a project meets once it is completed and rated by enough residents
    (settings.NEED_CLOSING_RATINGS); return how many closed."""
    if project.status != ProjectStatus.COMPLETED:
        return 0
    if project.ratings.count() < settings.NEED_CLOSING_RATINGS:
        return 0
    return Need.objects.filter(project=project, status=NeedStatus.IN_PROJECT).update(
        status=NeedStatus.CLOSED, closed_at=timezone.now()
    )


@transaction.atomic
def milestone_add(
    *, project: Project, title: str, due_on: datetime.date, done_on: datetime.date | None = None
) -> Milestone:
    milestone = Milestone(project=project, title=title, due_on=due_on, done_on=done_on)
    milestone.full_clean()
    milestone.save()
    return milestone


@transaction.atomic
def milestone_done(*, milestone: Milestone, on: datetime.date | None = None) -> Milestone:
    """Mark a milestone reached (today unless `on` is given)."""
    if milestone.done_on is not None:
        raise ValidationError(_("This milestone is done already."))
    milestone.done_on = on or timezone.localdate()
    milestone.full_clean()
    milestone.save(update_fields=["done_on"])
    return milestone


@transaction.atomic
def contribution_add(
    *,
    project: Project,
    unit: Unit,
    kind: str,
    description: str,
    value: Any = 0,
    person_days: Any = 0,
    contributed_on: datetime.date | None = None,
    evidence_text: str = "",
    evidence_file: UploadedFile | None = None,
    by: User = None,
) -> Contribution:
    """Log what a unit gave to a project."""
    if project.status == ProjectStatus.CANCELLED:
        raise ValidationError(_("A cancelled project takes no contributions."))
    contribution = Contribution(
        project=project,
        unit=unit,
        kind=kind,
        description=description,
        value=value,
        person_days=person_days,
        contributed_on=contributed_on or timezone.localdate(),
        evidence_text=evidence_text,
        created_by=by,
    )
    if evidence_file is not None:
        contribution.evidence_file = evidence_file
    contribution.full_clean()
    contribution.save()
    return contribution
