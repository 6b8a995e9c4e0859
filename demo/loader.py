"""Turn a street plan into rows, creating only what is missing (a second run changes nothing)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction

from accounts.models import Role, User
from accounts.services import account_create
from grids import services as grid_services
from grids.models import CadreAssignment, GridLeader, Node, Steward, ZoneLiaison
from notifications.models import NotificationPreference
from notifications.services import preference_update
from organizations.models import PartyOrganization
from organizations.services import party_organization_create

from .alliance import alliance_load
from .announcements import announcements_load
from .appraisals import appraisals_load
from .lists import lists_load
from .plans import PLANS, Item, street_number
from .residents import residents_load
from .sites import sites_load
from .summons import summons_load
from .volunteering import volunteering_load


@dataclass
class LoadResult:
    street: Node
    nodes_created: int = 0
    organizations_created: int = 0
    people_created: int = 0
    accounts_created: list[str] = field(default_factory=list)
    units_created: int = 0
    meetings_created: int = 0
    pledges_created: int = 0
    volunteers_created: int = 0
    sites_created: int = 0

    @property
    def changed(self) -> bool:
        return bool(
            self.nodes_created
            or self.organizations_created
            or self.people_created
            or self.accounts_created
            or self.units_created
            or self.meetings_created
            or self.pledges_created
            or self.volunteers_created
            or self.sites_created
        )


def demo_password(env_value: str | None) -> tuple[str, bool]:
    """Return the demo password and whether it was generated here."""
    if env_value:
        return env_value, False
    return secrets.token_urlsafe(9), True


@transaction.atomic
def street_load(*, slug: str, seed: int = 1, scale: int = 1, password: str) -> LoadResult:
    """Load the demo street `slug`, creating only the nodes, people and accounts it lacks."""
    plan = PLANS[slug](seed, scale)
    existing = {
        node.code_path: node
        for node in Node.objects.filter(code_path__startswith=plan.code).only(
            "id", "code_path", "tree_id", "lft", "rght", "kind", "grid_level", "parent_id"
        )
        if node.code_path == plan.code or node.code_path.startswith(f"{plan.code}/")
    }
    result = LoadResult(street=None)  # type: ignore[arg-type]
    items: list[tuple[Item, Node]] = []
    if plan.code in existing:
        with Node.objects.delay_mptt_updates():
            _create_nodes(plan, None, existing, result, items)
    else:  # a new street: the whole tree in one insert per level
        planned = _preorder(plan)
        nodes = grid_services.tree_create(tree=_tree(plan))
        items = list(zip(planned, nodes, strict=True))
        result.nodes_created = len(nodes)
    _attach(items, result)
    result.street = Node.objects.get(code_path=plan.code)
    _accounts(result.street, password, result)
    alliance = alliance_load(street=result.street, seed=seed, scale=scale, password=password)
    result.units_created, result.meetings_created = alliance.units, alliance.meetings
    result.accounts_created += alliance.accounts or []
    result.pledges_created = residents_load(street=result.street, seed=seed, scale=scale)
    result.volunteers_created = volunteering_load(street=result.street, seed=seed, scale=scale)
    result.sites_created = sites_load(street=result.street, seed=seed, scale=scale)
    announcements_load(street=result.street, seed=seed, scale=scale)
    summons_load(street=result.street, seed=seed)
    lists_load(street=result.street, seed=seed)
    appraisals_load(street=result.street, seed=seed)
    _reachable(result.street)
    return result


def _reachable(street: Node) -> None:
    """Give the street's demo accounts an e-mail address and a phone where they have none, and
    opt a few of them in to text messages (staff, the volunteer, one contact per community),
    so the reminder pass fills the development outboxes (.outbox/ and SMS_OUTBOX_PATH)."""
    wanted = demo_accounts(street)
    users = {
        user.username: user
        for user in User.objects.filter(username__in=[u for u, _, _ in wanted]).select_related(
            "notification_preference"
        )
    }
    texting: set[str] = set()
    communities_with_a_texter: set[int] = set()
    for n, (username, role, scope) in enumerate(wanted):
        user = users.get(username)
        if user is None:
            continue
        fields = []
        if not user.email:
            user.email, fields = f"{username}@example.org", [*fields, "email"]
        if not user.phone:
            # 11 digits, unique per street and account: 1 + 9 + street + index.
            number = street_number(street.code)
            user.phone, fields = f"19{number:03d}{n:06d}", [*fields, "phone"]
        if fields:
            user.save(update_fields=fields)
        if role in (Role.STREET_STAFF, Role.VOLUNTEER):
            texting.add(username)
        elif role == Role.UNIT_CONTACT and scope and scope.pk not in communities_with_a_texter:
            communities_with_a_texter.add(scope.pk)
            texting.add(username)
    chosen = set(
        NotificationPreference.objects.filter(user__in=users.values()).values_list(
            "user__username", flat=True
        )
    )
    for username in sorted(texting - chosen):  # a choice made before is never overwritten
        preference_update(user=users[username], email=True, sms=True)


def _create_nodes(
    item: Item,
    parent: Node | None,
    existing: dict[str, Node],
    result: LoadResult,
    items: list[tuple[Item, Node]],
) -> None:
    path = f"{parent.code_path}/{item.code}" if parent else item.code
    node = existing.get(path)
    if node is None:
        node = grid_services.node_create(
            parent=parent, kind=item.kind, name=item.name, code=item.code, **item.fields
        )
        result.nodes_created += 1
    items.append((item, node))
    for child in item.children:
        _create_nodes(child, node, existing, result, items)


def _tree(item: Item) -> dict[str, Any]:
    """The plan of `item` and its children as grids.services.tree_create takes it."""
    return {
        "kind": item.kind,
        "name": item.name,
        "code": item.code,
        **item.fields,
        "children": [_tree(child) for child in item.children],
    }


def _preorder(item: Item) -> list[Item]:
    """`item` and everything below it, each parent before its children (tree order)."""
    return [item, *(each for child in item.children for each in _preorder(child))]


def _attach(items: list[tuple[Item, Node]], result: LoadResult) -> None:
    """Create the party organisations and people the plan names and the database lacks."""
    node_ids = [node.pk for _, node in items]
    orgs = set(
        PartyOrganization.objects.filter(node_id__in=node_ids).values_list("node_id", "name")
    )
    leaders = set(GridLeader.objects.filter(grid_id__in=node_ids).values_list("grid_id", flat=True))
    cadres = set(
        CadreAssignment.objects.filter(grid_id__in=node_ids).values_list("grid_id", "name")
    )
    stewards = set(
        Steward.objects.filter(building_id__in=node_ids).values_list("building_id", flat=True)
    )
    liaisons = set(
        ZoneLiaison.objects.filter(zone_id__in=node_ids).values_list("zone_id", flat=True)
    )
    new_stewards = [
        (node, item.steward) for item, node in items if item.steward and node.pk not in stewards
    ]
    if new_stewards:
        grid_services.stewards_create(stewards=new_stewards)
        result.people_created += len(new_stewards)
        stewards |= {node.pk for node, _fields in new_stewards}
    for item, node in items:
        for org in item.orgs:
            if (node.pk, org["name"]) not in orgs:
                party_organization_create(node=node, **org)
                result.organizations_created += 1
        if item.leader and node.pk not in leaders:
            grid_services.grid_leader_assign(grid=node, **item.leader)
            result.people_created += 1
        for cadre in item.cadres:
            if (node.pk, cadre["name"]) not in cadres:
                grid_services.cadre_assign(grid=node, **cadre)
                result.people_created += 1
        if item.steward and node.pk not in stewards:
            grid_services.steward_assign(building=node, **item.steward)
            result.people_created += 1
        if item.liaison and node.pk not in liaisons:
            grid_services.liaison_assign(zone=node, **item.liaison)
            result.people_created += 1


def demo_accounts(street: Node) -> list[tuple[str, str, Node | None]]:
    """Return the demo accounts of a street: (username, role, scope)."""
    accounts: list[tuple[str, str, Node | None]] = [
        (f"{street.code}-staff", Role.STREET_STAFF, street)
    ]
    contacts = User.objects.filter(
        role=Role.UNIT_CONTACT, username__startswith=f"{street.code}-"
    ).select_related("unit__community")
    for community in Node.objects.communities().under(street).order_by("lft"):
        accounts.append(
            (f"{street.code}-{community.code}-secretary", Role.COMMUNITY_SECRETARY, community)
        )
    accounts += [(c.username, Role.UNIT_CONTACT, c.unit.community) for c in contacts]
    accounts.append((f"{street.code}-volunteer", Role.VOLUNTEER, None))
    return accounts


def _accounts(street: Node, password: str, result: LoadResult) -> None:
    wanted = demo_accounts(street)
    taken = set(
        User.objects.filter(username__in=[u for u, _, _ in wanted]).values_list(
            "username", flat=True
        )
    )
    created = []
    for username, role, scope in wanted:
        if username in taken:
            continue
        account_create(username=username, password=None, role=role, scope_node=scope)
        created.append(username)
    # One hash for every demo account: hashing each one would take most of the load.
    User.objects.filter(username__in=created).update(password=make_password(password))
    result.accounts_created += created
