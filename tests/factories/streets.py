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


def build_street(
    *, communities: int = 2, compounds_per_community: int = 3, buildings: int = 2
) -> Street:
    """Build a street: each community has a level-1 and a level-2 grid, compounds, stewards."""
    street = StreetFactory()
    PartyOrganizationFactory(node=street, kind="working_committee", name=f"{street.name}党工委")
    result = Street(street, [], [], [], [])
    for _ in range(communities):
        community = CommunityFactory(parent=street)
        PartyOrganizationFactory(node=community, name=f"{community.name}党委")
        level1 = GridFactory(parent=community)
        level2 = GridFactory(parent=level1)
        grid_services.grid_leader_assign(grid=level1, name="张网格", position="街道党工委委员")
        grid_services.cadre_assign(grid=level1, name="刘包联", position="街道机关干部")
        result.communities.append(community)
        result.grids += [level1, level2]
        for _ in range(compounds_per_community):
            compound = CompoundFactory(parent=level2)
            PartyOrganizationFactory(node=compound, kind="branch", name=f"{compound.name}党支部")
            result.compounds.append(compound)
            for _ in range(buildings):
                building = BuildingFactory(parent=compound)
                StewardFactory(building=building)
                result.buildings.append(building)
    # Inserting siblings moved lft/rght in the database; read every node afresh.
    fresh = Node.objects.in_bulk(
        [
            n.pk
            for n in [
                street,
                *result.communities,
                *result.grids,
                *result.compounds,
                *result.buildings,
            ]
        ]
    )
    return Street(
        street=fresh[street.pk],
        communities=[fresh[n.pk] for n in result.communities],
        grids=[fresh[n.pk] for n in result.grids],
        compounds=[fresh[n.pk] for n in result.compounds],
        buildings=[fresh[n.pk] for n in result.buildings],
    )
