"""Every change to a yearly appraisal: opened with the facts filled in, each unit's report, the
members' and residents' ratings, the score with ranks and stars, the street's confirmation.
The site, the API and the admin call these; who did it comes from the signed-in user."""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Avg, Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from accounts.scope import decides_for_street, scope_for
from alliance.selectors import unit_year_figures as alliance_figures
from common import ratelimit
from common.voters import voter_checked, voter_hash
from grids.models import Node, NodeKind, in_subtree
from organizations.models import Unit
from pledges.selectors import unit_year_figures as pledge_figures
from summons.selectors import unit_summons_figures
from volunteers.selectors import dual_report_month_by_unit

from .models import Appraisal, AppraisalStatus, AppraisalVote, UnitAppraisal, VoterKind

# How much each fact weighs in the score of the facts; a fact a unit had no occasion for (no
# meeting held, no summons) is left out and the others carry the score.
FACT_WEIGHTS = {
    "attendance": 25,
    "items": 20,
    "pledges": 20,
    "giving": 15,
    "summons": 10,
    "dual_report": 10,
}
# The least score for each number of stars.
STAR_FLOORS = ((5, 90), (4, 80), (3, 70), (2, 60), (1, 0))


def _require_street_staff(by: User, street: Node) -> None:
    if not decides_for_street(by) or not scope_for(by).contains(street):
        raise PermissionDenied(_("Only the street's staff may do this."))


def appraisal_units(street: Node, year: int):
    """The member units of the street in the alliance during `year`."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return (
        Unit.objects.filter(in_subtree(street, "community"), joined_on__lte=last)
        .filter(Q(left_on__isnull=True) | Q(left_on__gte=first))
        .select_related("community")
        .order_by("community__lft", "name")
    )


def facts_collect(unit_ids: list[int], year: int) -> dict[int, dict]:
    """Each unit's year, read from every domain: meetings attended, items closed on time,
    pledges kept, what it gave to projects, summons answered in time, in-service members
    reported and serving, months as rotating secretary. A fixed number of queries."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    alliance = alliance_figures(unit_ids, year)
    pledges = pledge_figures(unit_ids, year)
    summons = unit_summons_figures(unit_ids, first, last)
    dual = dual_report_month_by_unit(unit_ids, first, last)
    facts = {}
    for unit_id in unit_ids:
        reported, served = dual.get(unit_id, (0, 0))
        given = pledges[unit_id]
        facts[unit_id] = {
            **alliance[unit_id],
            "pledges": given["pledges"],
            "pledges_kept": given["pledges_kept"],
            "given_value": float(given["given_value"] or 0),
            "given_days": float(given["given_days"] or 0),
            "projects": given["projects"],
            "summoned": summons.get(unit_id, {}).get("summoned", 0),
            "summons_in_time": summons.get(unit_id, {}).get("summons_in_time", 0),
            "summons_done": summons.get(unit_id, {}).get("summons_done", 0),
            "members_reported": reported,
            "members_served": served,
        }
    return facts


@transaction.atomic
def appraisal_open(*, street: Node, year: int, by: User, facts_weight: int = 70) -> Appraisal:
    """Open the street's appraisal of `year`: a row for every unit of the year, its facts
    filled from the records, for the unit to report on and the members and residents to rate."""
    _require_street_staff(by, street)
    if street.kind != NodeKind.STREET:
        raise ValidationError({"street": _("A street appraises its units.")})
    if Appraisal.objects.filter(street=street, year=year).exists():
        raise ValidationError(_("This year's appraisal is open already."))
    appraisal = Appraisal(street=street, year=year, facts_weight=facts_weight, opened_by=by)
    appraisal.full_clean()
    appraisal.save()
    units = list(appraisal_units(street, year))
    facts = facts_collect([u.pk for u in units], year)
    UnitAppraisal.objects.bulk_create(
        [UnitAppraisal(appraisal=appraisal, unit=u, facts=facts[u.pk]) for u in units]
    )
    return appraisal


def _require_open(appraisal: Appraisal) -> None:
    if not appraisal.is_open:
        raise ValidationError(_("The appraisal of this year is closed."))


@transaction.atomic
def appraisal_weights(*, appraisal: Appraisal, facts_weight: int, by: User) -> Appraisal:
    """Set how much the facts weigh against the ratings (the rest)."""
    _require_street_staff(by, appraisal.street)
    _require_open(appraisal)
    appraisal.facts_weight = facts_weight
    appraisal.full_clean()
    appraisal.save(update_fields=["facts_weight"])
    return appraisal


@transaction.atomic
def unit_report_file(*, unit_appraisal: UnitAppraisal, report: str, by: User) -> UnitAppraisal:
    """The unit's own words on its year (述职), filed by its contact while the year is open."""
    if not (by.role == Role.UNIT_CONTACT and by.unit_id == unit_appraisal.unit_id):
        raise PermissionDenied(_("Only the unit's contact files its report."))
    _require_open(unit_appraisal.appraisal)
    if not report.strip():
        raise ValidationError({"report": _("Write the unit's report.")})
    unit_appraisal.report, unit_appraisal.reported_by = report.strip(), by
    unit_appraisal.reported_at = timezone.now()
    unit_appraisal.full_clean()
    unit_appraisal.save(update_fields=["report", "reported_by", "reported_at"])
    return unit_appraisal


def _vote_keep(vote: AppraisalVote) -> AppraisalVote:
    vote.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            vote.save()
    except IntegrityError as exc:
        raise ValidationError(_("You have rated this unit already this year.")) from exc
    return vote


def appraisal_rate(
    *, unit_appraisal: UnitAppraisal, stars: int, voter_token: str, address: str
) -> AppraisalVote:
    """A resident's rating of a unit's year: one per rater (the pledge ratings' signed
    identity and limit)."""
    _require_open(unit_appraisal.appraisal)
    vote = _vote_keep(
        AppraisalVote(
            unit_appraisal=unit_appraisal,
            kind=VoterKind.RESIDENT,
            stars=stars,
            voter=voter_checked(voter_token, address),
        )
    )
    ratelimit.count("rating", address)
    return vote


def appraisal_rate_as_member(
    *, unit_appraisal: UnitAppraisal, stars: int, by: User
) -> AppraisalVote:
    """A committee member's rating (a signed-in unit contact, secretary or street staff of the
    street); nobody rates their own unit."""
    _require_open(unit_appraisal.appraisal)
    street = unit_appraisal.appraisal.street
    if by.role == Role.UNIT_CONTACT:
        if by.unit_id == unit_appraisal.unit_id:
            raise PermissionDenied(_("Nobody rates their own unit."))
        if by.unit is None or not by.unit.community.lies_in(street):
            raise PermissionDenied(_("Only the street's members rate its units."))
    elif not scope_for(by).contains(unit_appraisal.unit.community):
        raise PermissionDenied(_("Only the street's members rate its units."))
    return _vote_keep(
        AppraisalVote(
            unit_appraisal=unit_appraisal,
            kind=VoterKind.MEMBER,
            stars=stars,
            voter=voter_hash(f"user:{by.pk}"),
        )
    )


def _part(done: float, of: float) -> float | None:
    return done / of if of else None


def _one(value: float) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def score_facts(facts: dict, most_given: float) -> tuple[Decimal | None, list[str]]:
    """Return the score of a unit's facts (0 to 100; None when the records hold nothing of
    the unit's year to score) and the lines that explain it."""
    parts = {
        "attendance": _part(facts.get("attended", 0), facts.get("expected", 0)),
        "items": _part(facts.get("on_time", 0), facts.get("items_due", 0)),
        "pledges": _part(facts.get("pledges_kept", 0), facts.get("pledges", 0)),
        "giving": _part(facts.get("given_value", 0), most_given),
        "summons": _part(facts.get("summons_in_time", 0), facts.get("summoned", 0)),
        "dual_report": _part(facts.get("members_served", 0), facts.get("members_reported", 0)),
    }
    counted = {k: v for k, v in parts.items() if v is not None}
    weight = sum(FACT_WEIGHTS[k] for k in counted)
    score = sum(FACT_WEIGHTS[k] * v for k, v in counted.items()) / weight * 100 if weight else None
    reasons = [
        _("meetings attended %(a)s of %(e)s")
        % {"a": facts.get("attended", 0), "e": facts.get("expected", 0)},
        _("items closed on time %(a)s of %(e)s")
        % {"a": facts.get("on_time", 0), "e": facts.get("items_due", 0)},
        _("pledges kept %(a)s of %(e)s")
        % {"a": facts.get("pledges_kept", 0), "e": facts.get("pledges", 0)},
        _("gave %(value)s yuan and %(days)s person-days to %(n)s projects")
        % {
            "value": f"{facts.get('given_value', 0):,.0f}",
            "days": f"{facts.get('given_days', 0):g}",
            "n": facts.get("projects", 0),
        },
        _("on site in time for %(a)s of %(e)s summons")
        % {"a": facts.get("summons_in_time", 0), "e": facts.get("summoned", 0)},
        _("%(a)s of %(e)s in-service members reported and served")
        % {"a": facts.get("members_served", 0), "e": facts.get("members_reported", 0)},
        _("rotating secretary for %(n)s months") % {"n": facts.get("rota_months", 0)},
    ]
    if score is None:
        reasons.append(_("nothing in the records to score: the ratings alone count"))
        return None, reasons
    return _one(score), reasons


def stars_for(score: Decimal) -> int:
    return next(stars for stars, floor in STAR_FLOORS if score >= floor)


@transaction.atomic
def appraisal_score(*, appraisal: Appraisal, by: User) -> Appraisal:
    """Work out every unit's score (facts and ratings by the street's weights), its rank in
    its community and in the street, and its stars with the reasons; the facts are read
    afresh while the year is open."""
    _require_street_staff(by, appraisal.street)
    _require_open(appraisal)
    rows = list(appraisal.units.select_related("unit__community"))
    fresh = facts_collect([r.unit_id for r in rows], appraisal.year)
    votes = {
        v["unit_appraisal_id"]: v
        for v in AppraisalVote.objects.filter(unit_appraisal__appraisal=appraisal)
        .values("unit_appraisal_id")
        .annotate(mean=Avg("stars"), n=Count("pk"))
    }
    most_given = max((f["given_value"] for f in fresh.values()), default=0)
    for row in rows:
        row.facts = fresh[row.unit_id]
        facts_score, reasons = score_facts(row.facts, most_given)
        rated = votes.get(row.pk)
        row.votes_score = _one(float(rated["mean"]) / 5 * 100) if rated else None
        if rated:
            reasons.append(
                _("%(n)s ratings, %(mean).1f stars on average")
                % {"n": rated["n"], "mean": rated["mean"]}
            )
        elif facts_score is not None:
            reasons.append(_("no rating yet: the facts alone count"))
        row.facts_score = facts_score or Decimal("0")
        if facts_score is not None and rated:
            row.score = _one(
                (float(facts_score) * appraisal.facts_weight
                 + float(row.votes_score) * appraisal.votes_weight) / 100
            )  # fmt: skip
        else:
            row.score = facts_score if facts_score is not None else row.votes_score or Decimal("0")
        row.stars, row.reasons = stars_for(row.score), reasons
    by_community = defaultdict(list)
    for rank, row in enumerate(sorted(rows, key=lambda r: (-r.score, r.unit.name)), start=1):
        row.rank_in_street = rank
        by_community[row.unit.community_id].append(row)
    for members in by_community.values():
        for rank, row in enumerate(members, start=1):
            row.rank_in_community = rank
    UnitAppraisal.objects.bulk_update(
        rows,
        [
            "facts",
            "facts_score",
            "votes_score",
            "score",
            "stars",
            "reasons",
            "rank_in_street",
            "rank_in_community",
        ],
        batch_size=500,
    )
    appraisal.scored_at = timezone.now()
    appraisal.save(update_fields=["scored_at"])
    return appraisal


@transaction.atomic
def appraisal_publish(*, appraisal: Appraisal, by: User) -> Appraisal:
    """The street confirms the year's scores, ranks and stars (scored afresh) and publishes
    them; the year is closed and stays readable."""
    appraisal_score(appraisal=appraisal, by=by)
    appraisal.status, appraisal.published_by = AppraisalStatus.PUBLISHED, by
    appraisal.published_at = timezone.now()
    appraisal.save(update_fields=["status", "published_by", "published_at"])
    return appraisal
