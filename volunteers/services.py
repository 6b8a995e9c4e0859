"""Every write of the volunteers app: registration, sign-ups, check-ins, points, dual report."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import secrets
import uuid
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from accounts.scope import assistant_check
from grids.models import Node, NodeKind
from notifications.services import notify
from organizations.models import Unit

from .models import (
    Activity,
    CheckIn,
    CheckInStatus,
    DualReport,
    DualReportKind,
    NoticeKind,
    PointEntry,
    PointRule,
    PointRuleChange,
    PointSource,
    PostClaim,
    ServicePost,
    Signup,
    SignupStatus,
    Team,
    Volunteer,
    VolunteerStatus,
)

# The check-in code changes every minute; a code from the minute before still works (slow phones).
QR_WINDOW_SECONDS = 60
AUTO_CHECKOUT_AFTER = datetime.timedelta(hours=24)


def community_of(node: Node) -> Node:
    """Return the community a node lies in (the node itself for a community)."""
    if node.kind == NodeKind.COMMUNITY:
        return node
    found = node.get_ancestors().filter(kind=NodeKind.COMMUNITY).first()
    if found is None:
        raise ValidationError(_("This place is not inside a community."))
    return found


# Registration ---------------------------------------------------------------


def _volunteer_new(*, name: str, phone: str, community: Node, **details: Any) -> Volunteer:
    """A volunteer of `community`, consent given now, checked but not saved. Uniqueness is not
    validated here: its message would say the number is registered."""
    if community.kind != NodeKind.COMMUNITY:
        raise ValidationError({"community": _("Choose a community.")})
    volunteer = Volunteer(
        name=name.strip(),
        phone=phone.strip(),
        community=community,
        consent_at=timezone.now(),
        **details,
    )
    volunteer.full_clean(validate_unique=False)
    return volunteer


@transaction.atomic
def volunteer_register(
    *,
    name: str,
    phone: str,
    community: Node,
    password: str,
    consent: bool,
    skills: str = "",
    availability: str = "",
    is_party_member: bool = False,
    work_unit: Unit | None = None,
    party_organization: str = "",
    show_publicly: bool = False,
) -> Volunteer | None:
    """Register from the public site; the account works once the community approves it.

    A phone number registered already (as a volunteer or as any account) creates nothing and
    returns None, and the caller answers exactly as for a new one, so the form cannot be used
    to find out whose number is registered. The password is hashed either way, so the answer
    takes as long.
    """
    if not consent:
        raise ValidationError({"consent": _("Agree to the use of your details to register.")})
    volunteer = _volunteer_new(
        name=name,
        phone=phone,
        community=community,
        skills=skills,
        availability=availability,
        is_party_member=is_party_member,
        work_unit=work_unit,
        party_organization=party_organization,
        show_publicly=show_publicly,
    )
    user = User(
        username=volunteer.phone,
        phone=volunteer.phone,  # so a code by text message can reach the volunteer
        first_name=volunteer.name[:30],
        role=Role.VOLUNTEER,
        is_active=False,
    )
    user.set_password(password)
    if (
        User.objects.filter(username=volunteer.phone).exists()
        or Volunteer.objects.filter(phone=volunteer.phone).exists()
    ):
        return None
    user.full_clean(exclude=["password"], validate_unique=False)
    try:
        with transaction.atomic():
            user.save()
            volunteer.user = user
            volunteer.save()
    except IntegrityError:  # the same number registered by a request running alongside
        return None
    return volunteer


@transaction.atomic
def volunteer_register_assisted(
    *,
    name: str,
    phone: str,
    community: Node,
    by: User,
    consent: bool,
    skills: str = "",
    availability: str = "",
    is_party_member: bool = False,
    work_unit: Unit | None = None,
    party_organization: str = "",
) -> Volunteer:
    """Register a resident who has no phone (代办), filed by the staff of their community or
    street who met them: the volunteer is active at once (`by` approves what they heard in
    person) and has no account, so nobody signs in as them; the community records their
    activities and points. `consent` is the resident's own, given in person."""
    if not consent:
        raise ValidationError(
            {"consent": _("The resident must agree to the use of their details.")}
        )
    assistant_check(by, community)
    volunteer = _volunteer_new(
        name=name,
        phone=phone,
        community=community,
        skills=skills,
        availability=availability,
        is_party_member=is_party_member,
        work_unit=work_unit,
        party_organization=party_organization,
        status=VolunteerStatus.ACTIVE,
        approved_by=by,
        assisted_by=by,
    )
    if (
        Volunteer.objects.filter(phone=volunteer.phone).exists()
        or User.objects.filter(username=volunteer.phone).exists()
    ):
        raise ValidationError({"phone": _("This phone number is registered already.")})
    volunteer.save()
    return volunteer


# What the community may correct in a volunteer's record (never their status, account,
# phone or consent, which follow from registration, review and the volunteer's own choice).
VOLUNTEER_CORRECTABLE = (
    "name",
    "community",
    "skills",
    "availability",
    "is_party_member",
    "work_unit",
    "party_organization",
)


@transaction.atomic
def volunteer_update(*, volunteer: Volunteer, **fields: Any) -> Volunteer:
    """Correct the fields of VOLUNTEER_CORRECTABLE in a volunteer's record."""
    unknown = set(fields) - set(VOLUNTEER_CORRECTABLE)
    if unknown:
        raise ValueError(f"not correctable here: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(volunteer, name, value)
    volunteer.full_clean()
    volunteer.save(update_fields=list(fields))
    return volunteer


@transaction.atomic
def volunteer_consent_set(*, volunteer: Volunteer, show_publicly: bool) -> Volunteer:
    """Record whether the volunteer agrees to their name on public pages (leaderboards)."""
    volunteer.show_publicly = show_publicly
    volunteer.save(update_fields=["show_publicly"])
    return volunteer


@transaction.atomic
def volunteer_review(*, volunteer: Volunteer, approve: bool, by: User) -> Volunteer:
    """The community approves (the account opens) or turns the registration down."""
    if volunteer.status != VolunteerStatus.PENDING:
        raise ValidationError(_("This registration was handled already."))
    volunteer.status = VolunteerStatus.ACTIVE if approve else VolunteerStatus.REJECTED
    volunteer.approved_by = by
    volunteer.save(update_fields=["status", "approved_by"])
    if volunteer.user_id:
        User.objects.filter(pk=volunteer.user_id).update(is_active=approve)
    return volunteer


@transaction.atomic
def team_join(*, team: Team, volunteer: Volunteer) -> None:
    team.members.add(volunteer)


TEAM_CHANGEABLE = ("name", "node", "unit", "leader", "members")


@transaction.atomic
def team_create(
    *,
    name: str,
    node: Node,
    unit: Unit | None = None,
    leader: Volunteer | None = None,
    members: Iterable[Volunteer] = (),
) -> Team:
    """Form a volunteer team at `node` (a unit's team when `unit` is given)."""
    team = Team(name=name, node=node, unit=unit, leader=leader)
    team.full_clean()
    team.save()
    team.members.set(members)
    return team


@transaction.atomic
def team_update(*, team: Team, **fields: Any) -> Team:
    """Change a team's name, place, unit, leader or members (TEAM_CHANGEABLE)."""
    unknown = set(fields) - set(TEAM_CHANGEABLE)
    if unknown:
        raise ValueError(f"team_update does not change {sorted(unknown)}")
    members = fields.pop("members", None)
    for name, value in fields.items():
        setattr(team, name, value)
    team.full_clean()
    if fields:
        team.save(update_fields=list(fields))
    if members is not None:
        team.members.set(members)
    return team


@transaction.atomic
def team_delete(*, team: Team) -> None:
    """Disband a team; its activities and dual reports stay, without the team."""
    team.delete()


# Activities and sign-ups ------------------------------------------------------


@transaction.atomic
def activity_create(**fields: Any) -> Activity:
    activity = Activity(**fields, qr_secret=secrets.token_hex(16))
    activity.full_clean()
    activity.save()
    return activity


ACTIVITY_CHANGEABLE = (
    "title",
    "kind",
    "place",
    "starts_at",
    "ends_at",
    "capacity",
    "organiser_unit",
    "organiser_team",
)


@transaction.atomic
def activity_update(*, activity: Activity, **fields: Any) -> Activity:
    """Change an activity's details; a cancelled one stays as it was, and the places never
    drop below the volunteers already confirmed."""
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    if activity.cancelled_at:
        raise ValidationError(_("This activity was cancelled."))
    unknown = set(fields) - set(ACTIVITY_CHANGEABLE)
    if unknown:
        raise ValueError(f"activity_update does not change {sorted(unknown)}")
    confirmed = Signup.objects.filter(activity=activity, status=SignupStatus.CONFIRMED).count()
    if "capacity" in fields and fields["capacity"] < confirmed:
        raise ValidationError(
            {"capacity": _("%(count)d volunteers are confirmed already.") % {"count": confirmed}}
        )
    for name, value in fields.items():
        setattr(activity, name, value)
    activity.full_clean()
    activity.save(update_fields=list(fields))
    return activity


@transaction.atomic
def activity_signup(*, activity: Activity, volunteer: Volunteer) -> Signup:
    """Sign up: a place while places last, the waiting list after. Never more than capacity."""
    # Lock the activity row: concurrent sign-ups queue here, so the count below is exact.
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    if activity.cancelled_at:
        raise ValidationError(_("This activity was cancelled."))
    if activity.starts_at <= timezone.now():
        raise ValidationError(_("Sign-up closed when the activity started."))
    if volunteer.status != VolunteerStatus.ACTIVE:
        raise ValidationError(_("Only approved volunteers can sign up."))
    existing = Signup.objects.filter(activity=activity, volunteer=volunteer).first()
    if existing and existing.status != SignupStatus.CANCELLED:
        raise ValidationError(_("You have signed up already."))
    taken = Signup.objects.filter(activity=activity, status=SignupStatus.CONFIRMED).count()
    status = SignupStatus.CONFIRMED if taken < activity.capacity else SignupStatus.WAITING
    signup = existing or Signup(activity=activity, volunteer=volunteer)
    signup.status, signup.created_at = status, timezone.now()
    signup.save()
    return signup


@transaction.atomic
def signup_cancel(*, signup: Signup) -> Signup | None:
    """Cancel a sign-up; the first on the waiting list takes the place. Return who moved up."""
    activity = Activity.objects.select_for_update().get(pk=signup.activity_id)
    was_confirmed = signup.status == SignupStatus.CONFIRMED
    signup.status = SignupStatus.CANCELLED
    signup.save(update_fields=["status"])
    if not was_confirmed:
        return None
    taken = Signup.objects.filter(activity=activity, status=SignupStatus.CONFIRMED).count()
    if taken >= activity.capacity:
        return None
    nxt = (
        Signup.objects.filter(activity=activity, status=SignupStatus.WAITING)
        .order_by("created_at", "pk")
        .first()
    )
    if nxt is not None:
        nxt.status = SignupStatus.CONFIRMED
        nxt.save(update_fields=["status"])
    return nxt


@transaction.atomic
def activity_cancel(*, activity: Activity) -> int:
    """Cancel an activity; every sign-up is cancelled with it. Return how many were signed up."""
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    if activity.cancelled_at:
        raise ValidationError(_("This activity was cancelled."))
    activity.cancelled_at = timezone.now()
    activity.save(update_fields=["cancelled_at"])
    return (
        Signup.objects.filter(activity=activity)
        .exclude(status=SignupStatus.CANCELLED)
        .update(status=SignupStatus.CANCELLED)
    )


POST_CHANGEABLE = ("title", "node", "description", "starts_on", "ends_on", "slots")


@transaction.atomic
def post_create(
    *,
    title: str,
    node: Node,
    starts_on: datetime.date,
    ends_on: datetime.date,
    slots: int = 1,
    description: str = "",
) -> ServicePost:
    """Open a service post for members to claim from `starts_on` to `ends_on`."""
    post = ServicePost(
        title=title,
        node=node,
        starts_on=starts_on,
        ends_on=ends_on,
        slots=slots,
        description=description,
    )
    post.full_clean()
    post.save()
    return post


@transaction.atomic
def post_update(*, post: ServicePost, **fields: Any) -> ServicePost:
    """Change a post (POST_CHANGEABLE); its places never drop below the claims held."""
    unknown = set(fields) - set(POST_CHANGEABLE)
    if unknown:
        raise ValueError(f"post_update does not change {sorted(unknown)}")
    post = ServicePost.objects.select_for_update().get(pk=post.pk)
    held = post.claims.filter(released_at__isnull=True).count()
    if "slots" in fields and fields["slots"] < held:
        raise ValidationError(
            {"slots": _("%(count)d members hold this post already.") % {"count": held}}
        )
    for name, value in fields.items():
        setattr(post, name, value)
    post.full_clean()
    if fields:
        post.save(update_fields=list(fields))
    return post


@transaction.atomic
def post_delete(*, post: ServicePost) -> None:
    """Delete a post nobody has served on; one with check-ins keeps its hours (end it instead)."""
    if post.checkins.exists():
        raise ValidationError(
            _("Hours were served on this post, so it stays on record: give it an end date instead.")
        )
    post.delete()


@transaction.atomic
def post_claim(*, post: ServicePost, volunteer: Volunteer) -> PostClaim:
    """Claim a service post while it has a free place."""
    post = ServicePost.objects.select_for_update().get(pk=post.pk)
    if post.claims.filter(released_at__isnull=True).count() >= post.slots:
        raise ValidationError(_("Every place on this post is taken."))
    try:
        with transaction.atomic():
            return PostClaim.objects.create(post=post, volunteer=volunteer)
    except IntegrityError as exc:
        raise ValidationError(_("You hold this post already.")) from exc


@transaction.atomic
def post_release(*, claim: PostClaim) -> PostClaim:
    claim.released_at = timezone.now()
    claim.save(update_fields=["released_at"])
    return claim


# Check-in by rotating QR ------------------------------------------------------------


def _window(now: datetime.datetime) -> int:
    return int(now.timestamp()) // QR_WINDOW_SECONDS


def checkin_code(
    activity: Activity, now: datetime.datetime | None = None, *, window: int | None = None
) -> str:
    """Return the code the organiser's screen shows now; it changes every minute."""
    window = _window(now or timezone.now()) if window is None else window
    key = f"{settings.SECRET_KEY}:{activity.qr_secret}".encode()
    return hmac.new(key, f"{activity.pk}:{window}".encode(), hashlib.sha256).hexdigest()[:16]


def _code_valid(activity: Activity, code: str, now: datetime.datetime) -> bool:
    current = _window(now)
    return any(
        hmac.compare_digest(code, checkin_code(activity, window=w)) for w in (current, current - 1)
    )


@transaction.atomic
def check_in(
    *, activity: Activity, volunteer: Volunteer, code: str, now: datetime.datetime | None = None
) -> CheckIn:
    """Check in at the venue with the code on the organiser's screen."""
    now = now or timezone.now()
    if not _code_valid(activity, code, now):
        raise ValidationError(
            _("This check-in code has expired; scan the code on the screen again.")
        )
    if not Signup.objects.filter(
        activity=activity, volunteer=volunteer, status=SignupStatus.CONFIRMED
    ).exists():
        raise ValidationError(_("Only volunteers with a confirmed place can check in."))
    if not (
        activity.starts_at - datetime.timedelta(hours=1)
        <= now
        <= activity.ends_at + datetime.timedelta(hours=1)
    ):
        raise ValidationError(
            _("Check-in is open from an hour before the activity to an hour after it.")
        )
    existing = CheckIn.objects.filter(activity=activity, volunteer=volunteer).first()
    if existing:
        return existing
    checkin = CheckIn(
        volunteer=volunteer,
        activity=activity,
        community=community_of(activity.node),
        checked_in_at=now,
    )
    checkin.save()
    return checkin


def _hours(start: datetime.datetime, end: datetime.datetime) -> Decimal:
    seconds = max((end - start).total_seconds(), 0)
    return (Decimal(seconds) / Decimal(3600)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@transaction.atomic
def check_out(
    *, activity: Activity, volunteer: Volunteer, code: str, now: datetime.datetime | None = None
) -> CheckIn:
    now = now or timezone.now()
    if not _code_valid(activity, code, now):
        raise ValidationError(
            _("This check-in code has expired; scan the code on the screen again.")
        )
    checkin = (
        CheckIn.objects.select_for_update()
        .filter(activity=activity, volunteer=volunteer, status=CheckInStatus.OPEN)
        .first()
    )
    if checkin is None:
        raise ValidationError(_("You have not checked in here."))
    checkin.checked_out_at, checkin.status = now, CheckInStatus.CLOSED
    checkin.hours = _hours(checkin.checked_in_at, now)
    checkin.save(update_fields=["checked_out_at", "status", "hours"])
    return checkin


def checkouts_overdue(*, now: datetime.datetime | None = None) -> int:
    """Check out anyone still in after 24 hours, at the activity's end, and flag them."""
    now = now or timezone.now()
    count = 0
    for checkin in CheckIn.objects.filter(
        status=CheckInStatus.OPEN, checked_in_at__lt=now - AUTO_CHECKOUT_AFTER
    ).select_related("activity"):
        end = checkin.activity.ends_at if checkin.activity_id else checkin.checked_in_at
        end = max(min(end, now), checkin.checked_in_at)
        checkin.checked_out_at, checkin.status, checkin.flagged = (
            end,
            CheckInStatus.AUTO_CLOSED,
            True,
        )
        checkin.hours = _hours(checkin.checked_in_at, end)
        checkin.save(update_fields=["checked_out_at", "status", "flagged", "hours"])
        count += 1
    return count


@transaction.atomic
def hours_review(*, checkins: list[CheckIn], approve: bool, by: User) -> int:
    """The organiser approves (points follow) or rejects a batch of stays; return how many.

    Each volunteer with an account is told once about their reviewed stays."""
    done = 0
    reviewed: dict[int, list[CheckIn]] = {}
    for checkin in checkins:
        if checkin.status not in (CheckInStatus.CLOSED, CheckInStatus.AUTO_CLOSED):
            continue
        checkin.status = CheckInStatus.APPROVED if approve else CheckInStatus.REJECTED
        checkin.reviewed_by = by
        checkin.save(update_fields=["status", "reviewed_by"])
        if approve:
            kind = checkin.activity.kind if checkin.activity_id else ""
            points_award(
                volunteer=checkin.volunteer,
                source=PointSource.CHECKIN,
                source_key=f"checkin:{checkin.pk}",
                hours=checkin.hours,
                activity_kind=kind,
                by=by,
            )
        if checkin.volunteer.user_id:
            reviewed.setdefault(checkin.volunteer.user_id, []).append(checkin)
        done += 1
    for stays in reviewed.values():
        _tell_hours_reviewed(stays, approve)
    return done


def _tell_hours_reviewed(stays: list[CheckIn], approve: bool) -> None:
    hours = sum((stay.hours or Decimal(0) for stay in stays), Decimal(0))
    lines = "\n".join(
        f"- {stay.activity.title if stay.activity_id else '-'} "
        f"{timezone.localtime(stay.checked_in_at):%Y-%m-%d}: {stay.hours or 0}"
        for stay in stays
    )
    if approve:
        subject = _("Your volunteer hours are confirmed: %(hours)s") % {"hours": hours}
    else:
        subject = _("Your volunteer hours were not confirmed: %(hours)s") % {"hours": hours}
    notify(
        recipients=[stays[0].volunteer.user],
        subject=subject,
        body=lines,
        url=reverse("volunteers:me"),
        kind=NoticeKind.HOURS_CONFIRMED if approve else NoticeKind.HOURS_REJECTED,
    )


# Points ---------------------------------------------------------------------------


def rule_for(source: str, activity_kind: str = "") -> PointRule | None:
    """Return the active rule for a source, the one for the kind of activity first."""
    rules = PointRule.objects.filter(source=source, active=True)
    if activity_kind:
        specific = rules.filter(activity_kind=activity_kind).first()
        if specific is not None:
            return specific
    return rules.filter(activity_kind="").first()


def _used(volunteer: Volunteer, rule: PointRule, since: datetime.datetime) -> Decimal:
    total = PointEntry.objects.filter(
        volunteer=volunteer, rule=rule, created_at__gte=since
    ).aggregate(s=Sum("amount"))["s"]
    return total or Decimal("0")


@transaction.atomic
def points_award(
    *,
    volunteer: Volunteer,
    source: str,
    source_key: str,
    hours: Decimal | None = None,
    activity_kind: str = "",
    by: User = None,
    now: datetime.datetime | None = None,
) -> PointEntry | None:
    """Award points by the rules, within the day's and the year's caps; once per source."""
    rule = rule_for(source, activity_kind)
    if rule is None:
        return None
    amount = rule.points_each + rule.points_per_hour * (hours or Decimal("0"))
    now = now or timezone.now()
    local = timezone.localtime(now)
    # Lock the volunteer so two awards at once cannot both squeeze under a cap.
    Volunteer.objects.select_for_update().filter(pk=volunteer.pk).first()
    if rule.daily_cap is not None:
        start = local.replace(hour=0, minute=0, second=0, microsecond=0)
        amount = min(amount, rule.daily_cap - _used(volunteer, rule, start))
    if rule.yearly_cap is not None:
        start = local.replace(month=1, day=1, hour=0, minute=0, second=0, microsecond=0)
        amount = min(amount, rule.yearly_cap - _used(volunteer, rule, start))
    if amount <= 0:
        return None
    try:
        with transaction.atomic():
            return PointEntry.objects.create(
                volunteer=volunteer,
                amount=amount,
                rule=rule,
                source=source,
                source_key=source_key,
                created_by=by,
                created_at=now,
            )
    except IntegrityError:
        return None  # awarded already for this source


@transaction.atomic
def points_manual(*, volunteer: Volunteer, amount: Decimal, reason: str, by: User) -> PointEntry:
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for a manual award.")})
    return PointEntry.objects.create(
        volunteer=volunteer,
        amount=amount,
        source=PointSource.MANUAL,
        source_key=f"manual:{uuid.uuid4().hex[:20]}",
        reason=reason,
        created_by=by,
    )


@transaction.atomic
def points_reverse(*, entry: PointEntry, reason: str, by: User) -> PointEntry:
    """Undo an entry with a counter-entry; the original stays as it was."""
    if entry.reverses_id or hasattr(entry, "reversed_by"):
        raise ValidationError(_("This entry is a reversal or was reversed already."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the reversal.")})
    return PointEntry.objects.create(
        volunteer=entry.volunteer,
        amount=-entry.amount,
        rule=entry.rule,
        source=PointSource.REVERSAL,
        source_key=f"reversal:{entry.pk}",
        reason=reason,
        reverses=entry,
        created_by=by,
    )


RULE_FIELDS = [
    "name",
    "points_per_hour",
    "points_each",
    "daily_cap",
    "yearly_cap",
    "active",
    "activity_kind",
]


def _rule_values(rule: PointRule) -> dict[str, str | None]:
    return {
        k: str(v) if v is not None else None
        for k, v in model_to_dict(rule, fields=RULE_FIELDS).items()
    }


@transaction.atomic
def rule_create(*, by: User, **fields: Any) -> PointRule:
    """Add a rule, kept with who added it (a change from nothing)."""
    rule = PointRule(**fields)
    rule.full_clean()
    rule.save()
    PointRuleChange.objects.create(rule=rule, changed_by=by, before={}, after=_rule_values(rule))
    return rule


@transaction.atomic
def rule_update(*, rule: PointRule, by: User, **fields: Any) -> PointRule:
    """Change a rule, keeping what it was before and who changed it."""
    before = _rule_values(rule)
    for field, value in fields.items():
        setattr(rule, field, value)
    rule.full_clean()
    rule.save()
    PointRuleChange.objects.create(
        rule=rule, changed_by=by, before=before, after=_rule_values(rule)
    )
    return rule


# Dual report ------------------------------------------------------------------------


@transaction.atomic
def dual_report_member(*, volunteer: Volunteer, year: int) -> DualReport:
    """An in-service party member reports to the community where they live."""
    if not volunteer.is_party_member or volunteer.work_unit_id is None:
        raise ValidationError(_("Only in-service party members with a work unit report."))
    report = DualReport(
        kind=DualReportKind.MEMBER,
        community=volunteer.community,
        unit=volunteer.work_unit,
        volunteer=volunteer,
        year=year,
    )
    report.full_clean()
    report.save()
    return report


@transaction.atomic
def dual_report_unit(*, unit: Unit, community: Node, year: int) -> DualReport:
    report = DualReport(kind=DualReportKind.UNIT, community=community, unit=unit, year=year)
    report.full_clean()
    report.save()
    return report


@transaction.atomic
def dual_report_confirm(
    *, report: DualReport, by: User, grid: Node | None = None, team: Team | None = None
) -> DualReport:
    """The community confirms the report and assigns a grid or a team."""
    report.confirmed_at, report.confirmed_by, report.grid, report.team = (
        timezone.now(),
        by,
        grid,
        team,
    )
    report.full_clean()
    report.save()
    return report
