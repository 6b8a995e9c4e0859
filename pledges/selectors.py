"""Reads of pledges and co-building, with their joins and sums chosen up front."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet, Sum, prefetch_related_objects

from common.queries import count_per_row, counts_by
from grids.models import Node, NodeKind, in_subtree
from organizations.models import Unit

from .models import (
    Contribution,
    ListStatus,
    Pledge,
    PledgeList,
    PledgeRating,
    PledgerKind,
    PledgeStatus,
    Project,
    Satisfaction,
)


def _with_rating_counts(pledges: QuerySet[Pledge]) -> QuerySet[Pledge]:
    """Each pledge's ratings by value, counted for the rows listed only."""
    return pledges.annotate(
        **{
            name: count_per_row(PledgeRating.objects.filter(value=value), "pledge")
            for name, value in [
                ("satisfied", Satisfaction.SATISFIED),
                ("basic", Satisfaction.BASIC),
                ("unsatisfied", Satisfaction.UNSATISFIED),
            ]
        }
    )


def satisfaction_rate(satisfied: int, basic: int, unsatisfied: int) -> float | None:
    """Return the share of satisfied ratings, counting "basically satisfied" as half."""
    total = satisfied + basic + unsatisfied
    return None if total == 0 else (satisfied + basic / 2) / total


def board_lists_query(
    node: Node, year: int | None = None, unit: Unit | None = None
) -> QuerySet[PledgeList]:
    """Return the published lists of a board, in board order, without their pledges.

    A community's board shows its own list, its units' and its compounds'; a compound's board
    its branch's and owners' committee's; a unit's board its own.
    """
    lists = PledgeList.objects.filter(status=ListStatus.PUBLISHED).select_related("node", "unit")
    if unit is not None:
        lists = lists.filter(unit=unit)
    elif node.kind in (NodeKind.COMMUNITY, NodeKind.STREET):
        lists = (
            lists.filter(in_subtree(node, "node"))
            if node.kind == NodeKind.COMMUNITY
            else lists.filter(node=node)
        )
    else:
        lists = lists.filter(node=node)
    if year:
        lists = lists.filter(year=year)
    return lists.order_by("-year", "pledger_kind", "node__lft", "pk")


def with_board_pledges(lists: list[PledgeList]) -> list[PledgeList]:
    """Return `lists` with their pledges and rating counts loaded (one query)."""
    pledges = _with_rating_counts(Pledge.objects.order_by("due_on", "pk"))
    prefetch_related_objects(lists, Prefetch("pledges", queryset=pledges))
    return lists


def board_lists(node: Node, year: int | None = None, unit: Unit | None = None) -> list[PledgeList]:
    """Return the published lists of a board with their pledges and rating counts (two
    queries)."""
    return with_board_pledges(list(board_lists_query(node, year, unit)))


def pledge_with_counts(pledge_id: int) -> Pledge:
    return _with_rating_counts(
        Pledge.objects.select_related("pledge_list__node", "pledge_list__unit")
    ).get(pk=pledge_id, pledge_list__status=ListStatus.PUBLISHED)


def unit_pledge_scores(
    units: list[int], first: datetime.date, last: datetime.date
) -> dict[int, float]:
    """Return each unit's residents' satisfaction with its pledges, from ratings in a period."""
    rows = (
        PledgeRating.objects.filter(
            pledge__pledge_list__unit_id__in=units, created_at__date__range=(first, last)
        )
        .values("pledge__pledge_list__unit_id")
        .annotate(
            satisfied=Count("pk", filter=Q(value=Satisfaction.SATISFIED)),
            basic=Count("pk", filter=Q(value=Satisfaction.BASIC)),
            unsatisfied=Count("pk", filter=Q(value=Satisfaction.UNSATISFIED)),
        )
    )
    scores = {}
    for row in rows:
        rate = satisfaction_rate(row["satisfied"], row["basic"], row["unsatisfied"])
        if rate is not None:
            scores[row["pledge__pledge_list__unit_id"]] = rate
    return scores


def project_ledger(projects: QuerySet[Project]) -> QuerySet[Project]:
    """Return projects with their totals: value, person-days, number of contributing units."""
    return projects.select_related("node", "lead_unit").annotate(
        total_value=Sum("contributions__value"),
        total_person_days=Sum("contributions__person_days"),
        unit_count=Count("contributions__unit", distinct=True),
    )


def project_totals_by_unit(project: Project) -> list[dict[str, Any]]:
    """Return one row per contributing unit: its value and person-days on the project."""
    return list(
        Contribution.objects.filter(project=project)
        .values("unit_id", "unit__name")
        .annotate(value=Sum("value"), person_days=Sum("person_days"), count=Count("pk"))
        .order_by("-value", "unit__name")
    )


def totals_by_year(projects: QuerySet[Project]) -> list[dict[str, Any]]:
    """Return the contributions to `projects` summed per year."""
    return list(
        Contribution.objects.filter(project__in=projects)
        .values("contributed_on__year")
        .annotate(value=Sum("value"), person_days=Sum("person_days"), count=Count("pk"))
        .order_by("-contributed_on__year")
    )


def unit_totals_by_year(unit: Unit) -> list[dict[str, Any]]:
    """Return a unit's contributions per year."""
    return list(
        Contribution.objects.filter(unit=unit)
        .values("contributed_on__year")
        .annotate(value=Sum("value"), person_days=Sum("person_days"), count=Count("pk"))
        .order_by("-contributed_on__year")
    )


def zero() -> Decimal:
    return Decimal("0")


def lists_with_counts(lists: QuerySet[PledgeList]) -> QuerySet[PledgeList]:
    """Return `lists` with each one's number of pledges and of pledges kept, newest year first."""
    return (
        PledgeList.objects.filter(pk__in=lists.values("pk"))
        .select_related("node", "unit")
        .annotate(
            pledge_count=count_per_row(Pledge.objects.all(), "pledge_list"),
            kept_count=count_per_row(
                Pledge.objects.filter(status=PledgeStatus.KEPT), "pledge_list"
            ),
        )
        .order_by("-year", "pk")
    )


def unit_projects(projects: QuerySet[Project], unit: Unit) -> QuerySet[Project]:
    """Return the projects of `projects` the unit leads or gives to, each with the unit's own
    total value, person-days and number of contributions."""
    mine = Q(contributions__unit=unit)
    return (
        Project.objects.filter(pk__in=projects.values("pk"))
        .filter(
            Q(lead_unit=unit) | Q(pk__in=Contribution.objects.filter(unit=unit).values("project"))
        )
        .select_related("node", "lead_unit")
        .annotate(
            unit_value=Sum("contributions__value", filter=mine),
            unit_person_days=Sum("contributions__person_days", filter=mine),
            unit_contributions=Count("contributions", filter=mine),
        )
        .order_by("-starts_on", "pk")
    )


def street_pledge_figures(street: Node) -> dict[str, Any]:
    """How many pledges each kind of pledger made on the street (Daixi: 147 by communities,
    649 by compound branches and owners' committees), as `street_report` prints them."""
    pledges = Pledge.objects.filter(in_subtree(street, "pledge_list__node"))
    counts = counts_by(pledges, "pledge_list__pledger_kind", PledgerKind.values)
    return {"pledges_by_pledger": counts}


def published_pledges() -> QuerySet[Pledge]:
    """Every pledge residents may rate, in the order of the tree (narrow it to a scope)."""
    return (
        Pledge.objects.filter(pledge_list__status=ListStatus.PUBLISHED)
        .select_related("pledge_list__node", "pledge_list__unit")
        .order_by("pledge_list__node__lft", "pledge_list__pk", "pk")
    )
