"""The intended access rule, written apart from the code it checks, for the permission matrix
tests (test_scope_in_every_page.py, test_scope_in_every_api.py, test_scope_in_every_admin.py).

The roles: an anonymous resident, a volunteer of community A, the contact of a unit in A, the
secretary of community A and the street's staff. Each `*_seen` function says whether a role
reaches an object at all; outside it the object must look missing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from alliance.models import Committee, FollowUp, Meeting
from appraisals.models import Appraisal, UnitAppraisal
from grids.models import Node, NodeKind
from notifications.models import Notification
from organizations.models import Unit
from pledges.models import Need, PledgeList, Project
from servicedesk.models import MicroWish, ServiceRequest
from summons.models import Summons
from volunteers.models import Activity

OK, FORBIDDEN, HIDDEN, PUBLIC = "ok", "forbidden", "hidden", "public"
ROLES = ("anonymous", "volunteer", "contact", "secretary", "staff")


def node_of(model_admin, obj) -> Node:
    """The node an object hangs from, by its admin's scope path."""
    for step in filter(None, model_admin.scope_path.split("__")):
        obj = getattr(obj, step)
    return obj


@dataclass
class World:
    community: Node  # community A
    unit: Unit  # the contact's unit, in A
    users: dict[str, Any]

    def back_office(self, role: str, node: Node | None) -> bool:
        """Street staff reach the whole street (not the district above it); the secretary of A
        reaches A's subtree."""
        if role == "staff":
            return node is None or node.kind != NodeKind.DISTRICT
        return (
            role == "secretary"
            and node is not None
            and node.tree_id == self.community.tree_id
            and self.community.lft <= node.lft <= self.community.rght
        )


# --- who reaches what (the intended rule) ------------------------------------------------------


def committee_seen(w: World, role: str, c: Committee) -> bool:
    return w.back_office(role, c.node) or (
        role == "contact"
        and (c.node_id == w.unit.community_id or c.members.filter(unit=w.unit).exists())
    )


def meeting_seen(w: World, role: str, m: Meeting) -> bool:
    return w.back_office(role, m.committee.node) or (
        role == "contact"
        and (m.convener_id == w.unit.pk or m.attendance.filter(unit=w.unit).exists())
    )


def item_seen(w: World, role: str, item: FollowUp) -> bool:
    return w.back_office(role, item.meeting.committee.node) or (
        role == "contact" and item.owner_id == w.unit.pk
    )


def list_seen(w: World, role: str, pledge_list: PledgeList) -> bool:
    return w.back_office(role, pledge_list.node) or (
        role == "contact" and pledge_list.unit_id == w.unit.pk
    )


def project_seen(w: World, role: str, project: Project) -> bool:
    return w.back_office(role, project.node) or (
        role == "contact"
        and (
            project.lead_unit_id == w.unit.pk
            or project.node_id == w.unit.community_id
            or project.contributions.filter(unit=w.unit).exists()
        )
    )


def need_seen(w: World, role: str, need: Need) -> bool:
    """The community's staff, and the contacts of the street's units (any may offer)."""
    return w.back_office(role, need.community) or role == "contact"


def appraisal_seen(w: World, role: str, appraisal: Appraisal) -> bool:
    """The staff and secretaries of the street; the contacts of its appraised units."""
    return role in ("staff", "secretary") or (
        role == "contact" and appraisal.units.filter(unit=w.unit).exists()
    )


def unit_row_seen(w: World, role: str, row: UnitAppraisal) -> bool:
    """A unit's row: the staff of its place, its own contact; anyone once published."""
    return (
        w.back_office(role, row.unit.community)
        or (role == "contact" and row.unit_id == w.unit.pk)
        or row.appraisal.is_published
    )


def request_seen(w: World, role: str, r: ServiceRequest) -> bool:
    return w.back_office(role, r.community) or (
        role == "contact" and (r.unit_id == w.unit.pk or r.status == "triaged")
    )


def wish_seen(w: World, role: str, wish: MicroWish) -> bool:
    return w.back_office(role, wish.community) or (
        role in ("volunteer", "contact") and (wish.status == "published" or claimer(w, role, wish))
    )


def summons_seen(w: World, role: str, summons: Summons) -> bool:
    """The place's staff, and the contacts of the units it called."""
    return w.back_office(role, summons.node) or (
        role == "contact" and summons.calls.filter(unit=w.unit).exists()
    )


def claimer(w: World, role: str, wish: MicroWish) -> bool:
    user = w.users[role]
    return (user is not None and wish.claimed_by_id == user.pk) or (
        role == "contact" and wish.claimed_unit_id == w.unit.pk
    )


def gate(seen: Callable[[World, str, Any], bool], allowed: Callable[[World, str, Any], bool]):
    """HIDDEN outside `seen`; inside, OK where `allowed`, FORBIDDEN elsewhere."""

    def rule(w: World, role: str, obj: Any) -> str:
        if not seen(w, role, obj):
            return HIDDEN
        return OK if allowed(w, role, obj) else FORBIDDEN

    return rule


def runs(node_of: Callable[[Any], Node]):
    return lambda w, role, obj: w.back_office(role, node_of(obj))


def always(w: World, role: str, obj: Any) -> bool:
    return True


def role_is(*roles: str):
    return lambda w, role, obj: role in roles


def committee_node(c: Committee) -> Node:
    return c.node


def meeting_node(m: Meeting) -> Node:
    return m.committee.node


def item_node(item: FollowUp) -> Node:
    return item.meeting.committee.node


def may_review(w: World, role: str, pledge_list: PledgeList) -> bool:
    return role == "staff" or (
        w.back_office(role, pledge_list.node)
        and pledge_list.pledger_kind in ("unit", "branch", "owners_committee")
    )


def may_edit(w: World, role: str, pledge_list: PledgeList) -> bool:
    return w.back_office(role, pledge_list.node) or (
        role == "contact" and pledge_list.unit_id == w.unit.pk
    )


def runs_activity(w: World, role: str, a: Activity) -> bool:
    return w.back_office(role, a.node) or (role == "contact" and a.organiser_unit_id == w.unit.pk)


def rota(w: World, role: str, c: Committee) -> str:
    return OK if committee_seen(w, role, c) and c.has_rota else HIDDEN


def evidence(w: World, role: str, item: FollowUp) -> str:
    return OK if item_seen(w, role, item) else HIDDEN


def decide(w: World, role: str, item: FollowUp) -> bool:
    return role == "staff" and hasattr(item, "escalation")


def compliance(w: World, role: str, node: Node) -> str:
    return OK if node.kind == "community" and w.back_office(role, node) else HIDDEN


def node_cards(w: World, role: str, node: Node) -> str:
    return OK if w.back_office(role, node) else HIDDEN


def score_sheet(w: World, role: str, unit: Unit) -> str:
    return (
        OK
        if w.back_office(role, unit.community) or (role == "contact" and unit.pk == w.unit.pk)
        else HIDDEN
    )


def own_notification(w: World, role: str, n: Notification) -> str:
    return OK if n.recipient_id == getattr(w.users[role], "pk", None) else HIDDEN


def public(w: World, role: str, obj: Any) -> str:
    return PUBLIC


def writes(queries) -> list[str]:
    """The writing statements among captured queries (a signed-in request's session aside)."""
    return [
        q["sql"][:80]
        for q in queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
        and "django_session" not in q["sql"]
    ]
