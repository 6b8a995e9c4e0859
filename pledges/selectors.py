"""Reads of pledges and co-building, with their joins and sums chosen up front."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import (
    Case,
    Count,
    IntegerField,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
    prefetch_related_objects,
)
from django.utils import timezone
from django.utils.translation import gettext as _

from common.geo import metres
from common.ledger import Section
from common.queries import count_per_row, counts_by
from grids.models import Node, NodeKind, in_subtree
from organizations.models import Unit
from servicedesk.selectors import offer_categories_by_unit

from .models import (
    Contribution,
    ListStatus,
    Milestone,
    Need,
    NeedOffer,
    NeedStatus,
    Pledge,
    PledgeList,
    PledgeRating,
    PledgerKind,
    PledgeStatus,
    Project,
    ProjectRating,
    ProjectStatus,
    Resource,
    Satisfaction,
    Urgency,
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


# The three lists (needs, resources, projects) and the matching between them.


# The most urgent needs first (the values do not sort by themselves).
URGENCY_FIRST = Case(
    *(When(urgency=u, then=Value(i)) for i, u in enumerate(Urgency.values)),
    output_field=IntegerField(),
).asc()


def needs_listed(needs: QuerySet[Need]) -> QuerySet[Need]:
    """Return `needs` with their places and project, and each one's number of offers."""
    return needs.select_related("community", "place", "project").annotate(
        offer_count=count_per_row(NeedOffer.objects.all(), "need")
    )


def needs_sources_listed(community: Node) -> set[tuple[str, int]]:
    """Return the (source, record id) of the community's needs that came from a request or a
    wish, so the desk's cases are offered once."""
    return set(
        Need.objects.filter(community=community, source_id__isnull=False).values_list(
            "source", "source_id"
        )
    )


def resources_of(units: QuerySet[Unit]) -> QuerySet[Resource]:
    """Return the resources of `units`, those available now first."""
    return (
        Resource.objects.filter(unit__in=units)
        .select_related("unit")
        .order_by("-active", "unit__name", "kind", "title")
    )


def projects_listed(projects: QuerySet[Project]) -> QuerySet[Project]:
    """Return `projects` with their milestones counted (done and all) and residents' ratings
    counted by value."""
    return projects.select_related("node", "lead_unit").annotate(
        milestone_count=count_per_row(Milestone.objects.all(), "project"),
        milestones_done=count_per_row(Milestone.objects.filter(done_on__isnull=False), "project"),
        rating_count=count_per_row(ProjectRating.objects.all(), "project"),
        satisfied_count=count_per_row(
            ProjectRating.objects.filter(value=Satisfaction.SATISFIED), "project"
        ),
    )


# How many units a need's matching marks suggested.
MATCHES_SUGGESTED = 3


@dataclass
class Match:
    """A unit that may meet a need, and why."""

    unit: Unit
    resources: list[Resource] = field(default_factory=list)
    menu_fits: bool = False
    metres: float | None = None
    given_this_year: Decimal = Decimal("0")
    offer: NeedOffer | None = None
    suggested: bool = False

    @property
    def fits(self) -> bool:
        return bool(self.resources) or self.menu_fits

    def reasons(self) -> list[str]:
        lines = []
        if self.offer is not None:
            lines.append(_("offered: %(note)s") % {"note": self.offer.note})
        if self.resources:
            lines.append(
                _("its resources: %(titles)s")
                % {"titles": "、".join(r.title for r in self.resources)}
            )
        if self.menu_fits:
            lines.append(_("its service menu answers this need"))
        if self.metres is not None:
            lines.append(_("%(km).1f km away") % {"km": self.metres / 1000})
        lines.append(_("gave %(value)s yuan this year") % {"value": f"{self.given_this_year:,.0f}"})
        return lines


def need_matches(need: Need, units: QuerySet[Unit], limit: int = 30) -> list[Match]:
    """The units of `units` that may meet `need`, best first: those that offered, then those
    whose resources or menu answer its category, then the nearest to its place, then those
    that gave least this year (so the load is spread). The first few that fit are marked
    suggested, each with its reasons. Five queries."""
    units = list(units)
    ids = [u.pk for u in units]
    resources: dict[int, list[Resource]] = {}
    for r in Resource.objects.filter(unit_id__in=ids, active=True, category=need.category):
        resources.setdefault(r.unit_id, []).append(r)
    menus = offer_categories_by_unit(ids)
    offers = {o.unit_id: o for o in NeedOffer.objects.filter(need=need)}
    year_start = timezone.localdate().replace(month=1, day=1)
    given = dict(
        Contribution.objects.filter(unit_id__in=ids, contributed_on__gte=year_start)
        .values("unit_id")
        .annotate(total=Sum("value"))
        .values_list("unit_id", "total")
    )
    spot = need.place if need.place_id and need.place.latitude else need.community
    here = (spot.latitude, spot.longitude) if spot.latitude and spot.longitude else None
    found = []
    for unit in units:
        far = (
            metres(float(here[0]), float(here[1]), float(unit.latitude), float(unit.longitude))
            if here and unit.latitude and unit.longitude
            else None
        )
        found.append(
            Match(
                unit,
                resources.get(unit.pk, []),
                need.category in menus.get(unit.pk, set()),
                far,
                given.get(unit.pk) or Decimal("0"),
                offers.get(unit.pk),
            )
        )
    found.sort(
        key=lambda m: (
            m.offer is None,
            not m.fits,
            m.metres if m.metres is not None else float("inf"),
            m.given_this_year,
            m.unit.name,
        )
    )
    for m in [m for m in found if m.fits or m.offer][:MATCHES_SUGGESTED]:
        m.suggested = True
    return found[:limit]


def needs_for_unit(unit: Unit) -> QuerySet[Need]:
    """Return the open needs of the unit's street that its resources or menu answer, the most
    urgent and newest first, with the unit's own offer marked."""
    categories = set(
        Resource.objects.filter(unit=unit, active=True).values_list("category", flat=True)
    ) | offer_categories_by_unit([unit.pk]).get(unit.pk, set())
    street = unit.community.street_node() or unit.community
    return (
        needs_listed(Need.objects.filter(in_subtree(street, "community")))
        .filter(status=NeedStatus.OPEN, category__in=categories)
        .annotate(offered=Count("offers", filter=Q(offers__unit=unit)))
        .order_by(URGENCY_FIRST, "-created_at", "pk")
    )


def community_list_figures(community: Node) -> dict[str, int]:
    """Return how many needs the community has open, in a project and met, and how many of
    its projects are completed. Two queries."""
    by_status = counts_by(Need.objects.filter(community=community), "status", NeedStatus.values)
    projects = Project.objects.filter(in_subtree(community, "node"), needs__isnull=False)
    return {
        **{f"needs_{k}": v for k, v in by_status.items()},
        "projects_completed": projects.filter(status=ProjectStatus.COMPLETED).distinct().count(),
    }


# --- the inspection ledger (台账) -------------------------------------------------------------


def ledger_sections(node: Node, first: datetime.date, last: datetime.date) -> list[Section]:
    """Pledges and co-building in the ledger of `node`'s subtree from `first` to `last`: the
    published pledges of the period's years with their state and the residents' ratings given
    in the period; the projects under way in the period and every contribution made in it.
    Three queries."""
    period = (f"{first:%Y-%m}", f"{last:%Y-%m}")
    in_period = Q(ratings__period__range=period)
    pledges = list(
        Pledge.objects.filter(
            in_subtree(node, "pledge_list__node"),
            pledge_list__status=ListStatus.PUBLISHED,
            pledge_list__year__range=(first.year, last.year),
        )
        .select_related("pledge_list__node", "pledge_list__unit")
        .annotate(
            **{
                value: Count("ratings", filter=in_period & Q(ratings__value=value))
                for value in Satisfaction.values
            }
        )
        .order_by("pledge_list__node__lft", "pledge_list_id", "due_on", "pk")
    )
    kept = sum(p.status == PledgeStatus.KEPT for p in pledges)
    projects = list(
        project_ledger(
            Project.objects.filter(
                in_subtree(node, "node"), starts_on__lte=last, ends_on__gte=first
            )
        ).order_by("starts_on", "pk")
    )
    contributions = list(
        Contribution.objects.filter(
            in_subtree(node, "project__node"), contributed_on__range=(first, last)
        )
        .select_related("project", "unit")
        .order_by("contributed_on", "pk")
    )
    given = sum((c.value for c in contributions), Decimal("0"))
    return [
        Section(
            "pledges",
            _("Pledges and residents' ratings"),
            [
                _("Pledger"),
                _("Pledge"),
                _("Due on"),
                _("Status"),
                _("Satisfied"),
                _("Basically satisfied"),
                _("Not satisfied"),
            ],
            [
                [
                    p.pledge_list.pledger_name,
                    p.text,
                    f"{p.due_on:%Y-%m-%d}",
                    p.get_status_display(),
                    getattr(p, Satisfaction.SATISFIED),
                    getattr(p, Satisfaction.BASIC),
                    getattr(p, Satisfaction.UNSATISFIED),
                ]
                for p in pledges
            ],
            _("%(n)s pledges, %(kept)s kept") % {"n": len(pledges), "kept": kept},
        ),
        Section(
            "projects",
            _("Co-building projects"),
            [
                _("Project"),
                _("Lead unit"),
                _("Dates"),
                _("Status"),
                _("Progress (%)"),
                _("Value (yuan)"),
                _("Person-days"),
            ],
            [
                [
                    p.title,
                    p.lead_unit.name if p.lead_unit else "",
                    f"{p.starts_on:%Y-%m-%d}–{p.ends_on:%Y-%m-%d}",
                    p.get_status_display(),
                    p.progress,
                    p.total_value or Decimal("0"),
                    p.total_person_days or Decimal("0"),
                ]
                for p in projects
            ],
            _("%(n)s projects under way in the period") % {"n": len(projects)},
        ),
        Section(
            "contributions",
            _("Contributions"),
            [
                _("Date"),
                _("Project"),
                _("Member unit"),
                _("Kind"),
                _("What"),
                _("Value (yuan)"),
                _("Person-days"),
                _("Evidence"),
            ],
            [
                [
                    f"{c.contributed_on:%Y-%m-%d}",
                    c.project.title,
                    c.unit.name,
                    c.get_kind_display(),
                    c.description,
                    c.value,
                    c.person_days,
                    c.evidence_text,
                ]
                for c in contributions
            ],
            _("%(c)s contributions worth %(value)s yuan")
            % {"c": len(contributions), "value": f"{given:,.2f}"},
        ),
    ]


def unit_year_figures(unit_ids: list[int], year: int) -> dict[int, dict[str, Any]]:
    """Per unit, what the yearly appraisal reads of its pledges and co-building: the pledges of
    its published list for the year and those kept, and what it gave to projects in the year
    (value in yuan, person-days, projects). Two queries."""
    figures: dict[int, dict[str, Any]] = {
        u: {
            "pledges": 0,
            "pledges_kept": 0,
            "given_value": Decimal("0"),
            "given_days": Decimal("0"),
            "projects": 0,
        }
        for u in unit_ids
    }
    for row in (
        Pledge.objects.filter(
            pledge_list__unit_id__in=unit_ids,
            pledge_list__year=year,
            pledge_list__status=ListStatus.PUBLISHED,
        )
        .values("pledge_list__unit_id")
        .annotate(n=Count("pk"), kept=Count("pk", filter=Q(status=PledgeStatus.KEPT)))
    ):
        unit = figures[row["pledge_list__unit_id"]]
        unit["pledges"], unit["pledges_kept"] = row["n"], row["kept"]
    for row in (
        Contribution.objects.filter(unit_id__in=unit_ids, contributed_on__year=year)
        .values("unit_id")
        .annotate(
            value=Sum("value"), days=Sum("person_days"), projects=Count("project", distinct=True)
        )
    ):
        unit = figures[row["unit_id"]]
        unit["given_value"], unit["given_days"] = row["value"], row["days"]
        unit["projects"] = row["projects"]
    return figures


def needs_for_topics(node: Node, limit: int = 50) -> list[Need]:
    """Return the needs of `node`'s subtree a joint meeting may take up: those still open or
    being met, the most urgent and newest first (a meeting's topic links to one)."""
    return list(
        Need.objects.filter(
            in_subtree(node, "community"), status__in=[NeedStatus.OPEN, NeedStatus.IN_PROJECT]
        )
        .select_related("community")
        .order_by(URGENCY_FIRST, "-created_at", "pk")[:limit]
    )
