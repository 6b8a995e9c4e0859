"""The street's hierarchy from a spreadsheet: parents before children, grid levels follow, the
MPTT tree stays valid, and the same file again changes nothing."""

from __future__ import annotations

import pytest

from grids.models import Node
from grids.resources import NodeResource
from tests.exchange.conftest import sheet
from tests.factories import StreetFactory, secretary, street_staff

pytestmark = pytest.mark.django_db

HEADERS = NodeResource.headers()


def row(parent: str, code: str, kind: str, name: str) -> list:
    return [parent, code, kind, name, "", "", "", "", "", ""]


def tree_rows(street: str, communities: int = 3) -> list[list]:
    rows = []
    for c in range(1, communities + 1):
        community = f"{street}/c{c}"
        rows.append(row(street, f"c{c}", "社区", f"第{c}社区"))
        for g in range(1, 3):
            grid = f"{community}/g{g}"
            rows.append(row(community, f"g{g}", "网格", f"第{g}网格"))
            rows.append(row(grid, "s1", "网格", "微网格"))
            rows.append(row(f"{grid}/s1", "t1", "网格", "单元网格"))
            rows.append(row(f"{grid}/s1/t1", "x1", "小区", "幸福小区"))
            for b in range(1, 4):
                rows.append(row(f"{grid}/s1/t1/x1", f"b{b}", "楼栋", f"{b}号楼"))
    return rows


def assert_tree_valid(street: Node) -> None:
    """lft/rght as stored equal what a full rebuild computes."""
    before = list(
        Node.objects.filter(tree_id=street.tree_id).values_list("pk", "lft", "rght", "level")
    )
    Node.objects.partial_rebuild(street.tree_id)
    after = list(
        Node.objects.filter(tree_id=street.tree_id).values_list("pk", "lft", "rght", "level")
    )
    assert sorted(before) == sorted(after)


def test_a_whole_street_imports_with_levels_and_a_valid_tree(run_job):
    street = StreetFactory(code="lq")
    staff = street_staff(street)
    rows = tree_rows("lq", communities=4)
    job = run_job(staff, "nodes", sheet(HEADERS, rows), confirm=True)
    assert job.status == "done", job.report["errors"]
    assert Node.objects.filter(tree_id=street.tree_id).count() == 1 + len(rows)
    assert Node.objects.get(code_path="lq/c2/g1").grid_level == 1
    assert Node.objects.get(code_path="lq/c2/g1/s1/t1").grid_level == 3
    building = Node.objects.get(code_path="lq/c2/g1/s1/t1/x1/b3")
    assert building.get_ancestors().count() == 6
    assert_tree_valid(street)
    again = run_job(staff, "nodes", sheet(HEADERS, rows), confirm=True)
    assert again.report["totals"]["skip"] == len(rows) and again.report["totals"]["new"] == 0


def test_a_fourth_grid_level_fails_the_whole_file(run_job):
    street = StreetFactory(code="lq")
    staff = street_staff(street)
    rows = tree_rows("lq", communities=1)
    rows.append(row("lq/c1/g1/s1/t1", "too-deep", "网格", "第四级"))
    job = run_job(staff, "nodes", sheet(HEADERS, rows))
    assert job.status == "invalid"
    assert {e["line"] for e in job.report["errors"]} == {len(rows) + 1}
    assert Node.objects.count() == 1
    assert_tree_valid(street)


def test_a_secretary_cannot_add_a_community_to_the_street(run_job):
    street = StreetFactory(code="lq")
    staff = street_staff(street)
    run_job(staff, "nodes", sheet(HEADERS, tree_rows("lq", communities=1)), confirm=True)
    own = Node.objects.get(code_path="lq/c1")
    job = run_job(
        secretary(own),
        "nodes",
        sheet(HEADERS, [row("lq", "c9", "社区", "别的社区"), row("lq/c1", "g9", "网格", "新网格")]),
    )
    assert job.status == "invalid"
    assert [(e["line"], e["column"]) for e in job.report["errors"]] == [(2, "上级编码路径")]


def test_a_big_hierarchy_stays_a_valid_tree(run_job):
    street = StreetFactory(code="big")
    staff = street_staff(street)
    rows = tree_rows("big", communities=30)  # 30 × (1 + 2 × 7) = 450 places
    job = run_job(staff, "nodes", sheet(HEADERS, rows), confirm=True)
    assert job.status == "done"
    assert Node.objects.filter(tree_id=street.tree_id).count() == 1 + len(rows)
    assert_tree_valid(street)


def test_a_street_under_a_district_imports_its_own_file_back(run_job):
    from grids import services as grid_services

    district = grid_services.node_create(parent=None, kind="district", name="示范区", code="dist")
    street = StreetFactory(code="lq", name="醴泉街道")
    grid_services.node_move(node=street, parent=district)
    staff = street_staff(street)
    rows = [row("dist", "lq", "街道", "醴泉街道"), *tree_rows("lq", communities=2)]
    job = run_job(staff, "nodes", sheet(HEADERS, rows), confirm=True)
    assert job.status == "done", job.report["errors"]
    street.refresh_from_db()
    assert street.parent_id == district.pk and street.code_path == "lq"
    assert Node.objects.get(code_path="lq/c2/g1/s1/t1").grid_level == 3
    assert Node.objects.under(street).count() == len(rows)
    again = run_job(staff, "nodes", sheet(HEADERS, rows), confirm=True)
    assert again.status == "done", again.report["errors"]
    assert Node.objects.under(street).count() == len(rows)
    # The district is not the street's staff's to add to.
    other = run_job(staff, "nodes", sheet(HEADERS, [row("dist", "new", "街道", "新街道")]))
    assert other.status == "invalid"
    assert [(e["line"], e["column"]) for e in other.report["errors"]] == [(2, "上级编码路径")]
    assert not Node.objects.filter(code_path="new").exists()
