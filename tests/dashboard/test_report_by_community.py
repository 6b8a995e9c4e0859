"""The monthly report's rows, worked out for every community in one pass of split queries,
equal each community's figures worked out on its own, for every month of a demo street's year;
and the pass makes the same number of queries for 2 communities as for 11."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from common.months import last_months
from dashboard import services
from demo.loader import street_load
from grids.models import Node
from tests.conftest import shared_rows

pytestmark = pytest.mark.django_db


def _load() -> Node:
    street_load(slug="quyang", seed=1, scale=1, password="dashboard-test-password")
    return Node.objects.get(code_path="quyang")


# The demo street loads once for the module's tests (tests/conftest.py shared_rows).
_demo_rows, demo = shared_rows("demo", _load)


def test_each_communitys_row_equals_its_own_figures(demo):
    for month in last_months(12):
        cache.clear()
        rows = services.communities_report(demo, month)
        assert rows[-1]["node"] == demo and rows[-1]["total"]
        communities = rows[:-1]
        assert len(communities) == Node.objects.communities().filter(tree_id=demo.tree_id).count()
        for row in communities:
            cache.clear()
            alone = services.monthly_figures(row["node"], [month])[0]
            shown = {k: v for k, v in row.items() if k != "node"}
            assert shown == alone, (row["node"].name, month)


def test_the_split_pass_does_not_grow_with_the_communities(demo):
    month = last_months(2)[0]
    one = Node.objects.communities().filter(tree_id=demo.tree_id).first()
    counts = []
    for node in (one, demo):
        with CaptureQueriesContext(connection) as queries:
            split = services._compute_split(node, month)
        counts.append((len(split), len(queries)))
    assert counts[0][0] == 1 and counts[1][0] > 2, counts
    assert counts[0][1] == counts[1][1], counts
