"""A small street built through the services, for tests that need a whole hierarchy."""

from __future__ import annotations

from dataclasses import dataclass

from grids import services as grid_services
from grids.models import Node
from tests.factories import (
    BuildingFactory,
    CommunityFactory,
    CompoundFactory,
    GridFactory,
    PartyOrganizationFactory,
    StewardFactory,
    StreetFactory,
)


@dataclass
class Street:
    street: Node
    communities: list[Node]
    grids: list[Node]
    compounds: list[Node]
    buildings: list[Node]


def _spec(factory_class: type, **children: list) -> dict:
    """The next node of `factory_class`'s sequences as grids.services.tree_create takes it."""
    node = factory_class.build(parent=None)
    return {"kind": node.kind, "name": node.name, "code": node.code, **children}


def build_street(
    *, communities: int = 2, compounds_per_community: int = 3, buildings: int = 2
) -> Street:
    """Build a street: each community has a level-1 and a level-2 grid, compounds, stewards.
    The tree is created in one insert per level (tree_create), as the demo loads a street."""
    tree = _spec(StreetFactory, children=[])
    for _ in range(communities):
        compounds = [
            _spec(
                CompoundFactory,
                children=[_spec(BuildingFactory) for _ in range(buildings)],
            )
            for _ in range(compounds_per_community)
        ]
        level2 = _spec(GridFactory, children=compounds)
        tree["children"].append(
            _spec(CommunityFactory, children=[_spec(GridFactory, children=[level2])])
        )
    nodes = grid_services.tree_create(tree=tree)
    kinds: dict[str, list[Node]] = {}
    for node in nodes:
        kinds.setdefault(node.kind, []).append(node)
    street = nodes[0]
    result = Street(
        street=street,
        communities=kinds.get("community", []),
        grids=kinds.get("grid", []),
        compounds=kinds.get("compound", []),
        buildings=kinds.get("building", []),
    )
    PartyOrganizationFactory(node=street, kind="working_committee", name=f"{street.name}党工委")
    for community in result.communities:
        PartyOrganizationFactory(node=community, name=f"{community.name}党委")
    for level1 in [grid for grid in result.grids if grid.grid_level == 1]:
        grid_services.grid_leader_assign(grid=level1, name="张网格", position="街道党工委委员")
        grid_services.cadre_assign(grid=level1, name="刘包联", position="街道机关干部")
    for compound in result.compounds:
        PartyOrganizationFactory(node=compound, kind="branch", name=f"{compound.name}党支部")
    stewards = []
    for building in result.buildings:
        steward = StewardFactory.build(building=building)
        stewards.append(
            (
                building,
                {
                    "name": steward.name,
                    "phone": steward.phone,
                    "card_number": steward.card_number,
                    "wechat_group_name": steward.wechat_group_name,
                    "wechat_group_link": steward.wechat_group_link,
                },
            )
        )
    grid_services.stewards_create(stewards=stewards)
    return result
