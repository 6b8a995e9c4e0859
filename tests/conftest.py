from __future__ import annotations

import os
from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.db import connection

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
    secretary,
    street_staff,
)

REDIS_AVAILABLE = os.environ.get("ALLIANCE_TEST_REDIS", "1") == "1"
# Tests keep their cache in a Redis database of their own, so flushing it touches nothing else.
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def pytest_report_header(config):
    from django.conf import settings

    db = settings.DATABASES["default"]
    redis = (
        settings.REDIS_URL if REDIS_AVAILABLE else "NOT AVAILABLE: tests marked 'redis' deselected"
    )
    return [
        f"database: {db['ENGINE'].rsplit('.', 1)[-1]} {db.get('HOST') or db['NAME']}",
        f"redis: {redis}",
    ]


def pytest_configure(config):
    config.addinivalue_line("markers", "redis: the test talks to a real Redis server")


def pytest_collection_modifyitems(config, items):
    if REDIS_AVAILABLE:
        return
    kept, dropped = [], []
    for item in items:
        (dropped if item.get_closest_marker("redis") else kept).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


def pytest_terminal_summary(terminalreporter):
    if not REDIS_AVAILABLE:
        terminalreporter.write_line(
            "Redis was not reachable: the tests marked 'redis' did not run.", red=True
        )
    terminalreporter.write_line(f"Database used: {connection.vendor}")


@pytest.fixture(autouse=True)
def _test_cache(settings):
    if REDIS_AVAILABLE:
        backend = {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": TEST_REDIS_URL,
            "KEY_PREFIX": "alliance-test",
        }
    else:
        backend = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    settings.CACHES = {"default": backend}
    cache.clear()
    yield


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


@pytest.fixture
def small_street(db) -> Street:
    return build_street()


@pytest.fixture
def other_street(db) -> Street:
    return build_street(communities=1, compounds_per_community=1, buildings=1)


@pytest.fixture
def staff(small_street):
    return street_staff(small_street.street)


@pytest.fixture
def secretary_a(small_street):
    return secretary(small_street.communities[0])


@pytest.fixture
def superuser(db):
    from accounts.models import User

    return User.objects.create_superuser(username="boss", password="correct-horse-battery")
