"""Every write to the street hierarchy goes through here.

The tree fields (lft, rght, tree_id, level) are only ever changed by django-mptt inside
`node_save`; code paths and grid levels of a moved subtree are recomputed in the same
transaction.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import (
    MAX_GRID_LEVEL,
    CadreAssignment,
    GridLeader,
    Node,
    NodeKind,
    Steward,
    ZoneLiaison,
)

TREE_FIELDS = ("tree_id", "lft", "rght", "level")


def code_path_under(parent: Node | None, code: str) -> str:
    """A node's code path: its parent's path and its code; a street's is its code alone, so a
    street keeps its path (and every path below it) when it goes under a district."""
    if parent is None or parent.kind == NodeKind.DISTRICT:
        return code
    return f"{parent.code_path}/{code}"


@transaction.atomic
def node_save(*, node: Node) -> Node:
    """Validate and save `node`, keeping its subtree's grid levels and code paths right.

    This is the one writer of tree nodes: creating, editing and moving all end here.
    """
    previous = None
    if node.pk:
        previous = (
            Node.objects.filter(pk=node.pk)
            .values("parent_id", "code", "grid_level", *TREE_FIELDS)
            .first()
        )
    parent = node.parent
    # django-mptt places a node by the tree fields it holds in memory, its own and its new
    # parent's: read both afresh, or an earlier change elsewhere in the tree (a community
    # added under another street of the district) would put it in the wrong place.
    if previous is not None:
        for name in TREE_FIELDS:
            setattr(node, name, previous[name])
    if parent is not None and parent.pk:
        fresh = Node.objects.filter(pk=parent.pk).values(*TREE_FIELDS).first() or {}
        for name, value in fresh.items():
            setattr(parent, name, value)
    node.grid_level = node.derived_grid_level()
    moved = previous is not None and previous["parent_id"] != node.parent_id
    if moved and parent is not None and node.is_ancestor_of(parent, include_self=True):
        raise ValidationError({"parent": _("A node cannot move under itself.")})
    level_shift = 0
    if previous is not None and node.kind == NodeKind.GRID:
        level_shift = (node.grid_level or 0) - (previous["grid_level"] or 0)
    if level_shift > 0:
        deepest = node.get_descendants().filter(kind=NodeKind.GRID).order_by("-grid_level").first()
        if deepest and deepest.grid_level + level_shift > MAX_GRID_LEVEL:
            raise ValidationError(
                {"parent": _("Moving this grid there would put its sub-grids below level 3.")}
            )
    node.code_path = code_path_under(parent, node.code)
    node.full_clean()
    node.save()
    renamed = previous is not None and previous["code"] != node.code
    # A street's path is its code wherever it sits: moving it under a district changes none.
    moved_paths = moved and node.kind != NodeKind.STREET
    if previous is not None and (moved_paths or renamed or level_shift):
        _refresh_subtree(node, level_shift)
    return node


def _refresh_subtree(node: Node, level_shift: int) -> None:
    """Recompute code paths (and shift grid levels) below `node` after it moved or was renamed."""
    node.refresh_from_db()
    descendants = list(node.get_descendants().order_by("lft"))
    parents = {node.pk: node}
    for child in descendants:
        child.code_path = code_path_under(parents[child.parent_id], child.code)
        parents[child.pk] = child
        if level_shift and child.kind == NodeKind.GRID:
            child.grid_level += level_shift
    # code_path and grid_level are plain columns, not tree fields.
    Node.objects.bulk_update(descendants, ["code_path", "grid_level"], batch_size=500)


def node_create(*, parent: Node | None, kind: str, name: str, code: str, **fields: Any) -> Node:
    """Create a node under `parent`; a grid's level follows from its parent."""
    node = Node(parent=parent, kind=kind, name=name, code=code, **fields)
    return node_save(node=node)


def _at(node: Node, message: str) -> str:
    """`message` about `node`, led by the node's code path."""
    return _("%(path)s: %(error)s") % {"path": node.code_path, "error": message}


@transaction.atomic
def tree_create(*, tree: dict[str, Any]) -> list[Node]:
    """Create a new street and everything under it in one insert per level, not one save per
    node: `tree` is a street's fields with its children nested under "children" (as
    django-mptt's build_tree_nodes takes them). Each node is checked as node_save checks it
    (its place under its parent, its fields, its code unique among its siblings, and no code
    path taken), then the nodes are inserted with their tree fields already set. Returns the
    nodes as saved, in tree order (a parent before its children)."""
    nodes = Node.objects.build_tree_nodes(tree)
    ancestors: list[Node] = []
    paths: set[str] = set()
    for node in nodes:
        del ancestors[node.level :]
        node.parent = ancestors[-1] if ancestors else None
        ancestors.append(node)
        node.grid_level = node.derived_grid_level()
        node.code_path = code_path_under(node.parent, node.code)
        try:
            # The parent is checked by clean() (its kind) and is not saved yet; the uniqueness
            # of codes is checked for the whole new tree below.
            node.clean_fields(exclude={"parent"})
            node.clean()
        except ValidationError as error:
            raise ValidationError([_at(node, message) for message in error.messages]) from error
        if node.code_path in paths:  # the same code twice under one parent
            raise ValidationError(_at(node, _("Another node under the same parent has this code.")))
        paths.add(node.code_path)
    root = nodes[0]
    if Node.objects.filter(code_path=root.code_path).exists():
        raise ValidationError(_at(root, _("Another node under the same parent has this code.")))
    # The children's parent ids come from their parents' primary keys, set by the insert
    # of the level above.
    for level in sorted({node.level for node in nodes}):
        Node.objects.bulk_create([node for node in nodes if node.level == level], batch_size=500)
    # Read back, so each node knows its saved parent (django-mptt tells a move by comparing
    # with the parent a node had when it was loaded).
    return list(Node.objects.filter(tree_id=root.tree_id).order_by("lft"))


def node_update(*, node: Node, **fields: Any) -> Node:
    """Change a node's fields, moving it when `parent` is among them."""
    for field, value in fields.items():
        setattr(node, field, value)
    return node_save(node=node)


def node_move(*, node: Node, parent: Node) -> Node:
    """Move `node` and its subtree under `parent`."""
    node.parent = parent
    return node_save(node=node)


@transaction.atomic
def node_delete(*, node: Node) -> None:
    """Delete a node that has no children."""
    if not node.is_leaf_node():
        raise ValidationError(_("Delete or move the nodes below this one first."))
    node.delete()


@transaction.atomic
def steward_assign(
    *,
    building: Node,
    name: str,
    phone: str = "",
    card_number: str,
    wechat_group_name: str = "",
    wechat_group_link: str = "",
    show_publicly: bool = False,
) -> Steward:
    """Make `name` the steward of `building`, replacing any previous one; `show_publicly` is
    the steward's consent to their name and phone on public pages and cards."""
    steward = Steward.objects.filter(building=building).first() or Steward(building=building)
    steward.name = name
    steward.phone = phone
    steward.card_number = card_number
    steward.wechat_group_name = wechat_group_name
    steward.wechat_group_link = wechat_group_link
    steward.show_publicly = show_publicly
    steward.full_clean()
    steward.save()
    return steward


@transaction.atomic
def stewards_create(*, stewards: list[tuple[Node, dict[str, Any]]]) -> list[Steward]:
    """Give each building in `stewards` (building, steward_assign's other arguments) its first
    steward in one insert: for a new street's buildings, which have none yet. Each steward is
    checked as steward_assign checks it, and the service card numbers are unique among
    themselves and against the cards already given."""
    created = []
    for building, fields in stewards:
        steward = Steward(building=building, **fields)
        steward.clean_fields(exclude={"building"})
        steward.clean()
        created.append(steward)
    cards = Counter(steward.card_number for steward in created)
    taken = set(
        Steward.objects.filter(card_number__in=list(cards)).values_list("card_number", flat=True)
    )
    repeated = taken or {card for card, times in cards.items() if times > 1}
    if repeated:
        raise ValidationError(
            _("These service card numbers are already given: %(cards)s")
            % {"cards": ", ".join(sorted(repeated))}
        )
    if Steward.objects.filter(building__in=[building for building, _fields in stewards]).exists():
        raise ValidationError(_("A building here has a steward already."))
    return Steward.objects.bulk_create(created, batch_size=500)


@transaction.atomic
def steward_remove(*, steward: Steward) -> None:
    """Take the steward off their building (the building keeps its place in the tree)."""
    steward.delete()


@transaction.atomic
def grid_leader_remove(*, leader: GridLeader) -> None:
    """Take the leader off their grid."""
    leader.delete()


@transaction.atomic
def grid_leader_assign(*, grid: Node, name: str, phone: str = "", position: str = "") -> GridLeader:
    """Make `name` the leader of `grid`, replacing any previous one."""
    leader = GridLeader.objects.filter(grid=grid).first() or GridLeader(grid=grid)
    leader.name, leader.phone, leader.position = name, phone, position
    leader.full_clean()
    leader.save()
    return leader


@transaction.atomic
def cadre_assign(*, grid: Node, name: str, phone: str = "", position: str = "") -> CadreAssignment:
    """Assign a street cadre to `grid` (包联)."""
    assignment = CadreAssignment.objects.filter(grid=grid, name=name).first() or CadreAssignment(
        grid=grid, name=name
    )
    assignment.phone, assignment.position = phone, position
    assignment.full_clean()
    assignment.save()
    return assignment


@transaction.atomic
def cadre_update(
    *, assignment: CadreAssignment, name: str, phone: str = "", position: str = ""
) -> CadreAssignment:
    """Correct an assigned cadre's name, phone or post; they stay with their grid (a cadre
    for another grid is assigned there)."""
    assignment.name, assignment.phone, assignment.position = name, phone, position
    assignment.full_clean()
    assignment.save(update_fields=["name", "phone", "position"])
    return assignment


@transaction.atomic
def cadre_remove(*, assignment: CadreAssignment) -> None:
    """Take a street cadre off the grid they were assigned to."""
    assignment.delete()


@transaction.atomic
def liaison_assign(*, zone: Node, name: str, phone: str = "") -> ZoneLiaison:
    """Make `name` the liaison of `zone`, replacing any previous one."""
    liaison = ZoneLiaison.objects.filter(zone=zone).first() or ZoneLiaison(zone=zone)
    liaison.name, liaison.phone = name, phone
    liaison.full_clean()
    liaison.save()
    return liaison


@transaction.atomic
def liaison_remove(*, liaison: ZoneLiaison) -> None:
    """Take the liaison off their zone."""
    liaison.delete()
