"""A new street created whole (grids.services.tree_create) is the tree node_save would build,
and is refused, with nothing written, where node_save would refuse a node of it."""

import re

import pytest
from django.core.exceptions import ValidationError

from grids import services
from grids.models import Node, Steward
from tests.factories import BuildingFactory, StewardFactory, StreetFactory

pytestmark = pytest.mark.django_db


def _names(message: str, path: str) -> bool:
    """Whether `message` is led by the node path `path` (in either language's colon)."""
    return re.match(rf"{re.escape(path)}[:：]", message) is not None


def _node(kind: str, code: str, *children: dict) -> dict:
    return {"kind": kind, "name": f"{kind} {code}", "code": code, "children": list(children)}


def _street(code: str = "s1") -> dict:
    return _node(
        "street",
        code,
        _node("zone", "z1", _node("community", "c1")),
        _node(
            "community",
            "c2",
            _node(
                "grid",
                "g1",
                _node("grid", "g2", _node("grid", "g3", _node("compound", "x1"))),
                _node("compound", "x2", _node("building", "b1"), _node("building", "b2")),
            ),
        ),
    )


def _tree_fields(tree_id: int) -> list[tuple]:
    return list(
        Node.objects.filter(tree_id=tree_id)
        .order_by("pk")
        .values_list("pk", "parent_id", "lft", "rght", "level")
    )


def test_the_tree_has_its_parents_levels_and_code_paths():
    nodes = services.tree_create(tree=_street())
    by_path = {node.code_path: node for node in nodes}
    assert [node.code_path for node in nodes] == [
        "s1",
        "s1/z1",
        "s1/z1/c1",
        "s1/c2",
        "s1/c2/g1",
        "s1/c2/g1/g2",
        "s1/c2/g1/g2/g3",
        "s1/c2/g1/g2/g3/x1",
        "s1/c2/g1/x2",
        "s1/c2/g1/x2/b1",
        "s1/c2/g1/x2/b2",
    ]
    assert by_path["s1/c2/g1/x2/b1"].parent == by_path["s1/c2/g1/x2"]
    grid_levels = [by_path[p].grid_level for p in ("s1/c2/g1", "s1/c2/g1/g2", "s1/c2/g1/g2/g3")]
    assert grid_levels == [1, 2, 3]
    assert by_path["s1/c2"].grid_level is None
    assert by_path["s1/c2/g1/x2"].get_ancestors().count() == 3


def test_the_tree_fields_are_those_a_rebuild_gives():
    root = services.tree_create(tree=_street())[0]
    written = _tree_fields(root.tree_id)
    Node.objects.partial_rebuild(root.tree_id)
    assert _tree_fields(root.tree_id) == written
    assert len(written) == 11


def test_a_node_of_the_new_tree_saves_and_moves_as_any_other():
    nodes = services.tree_create(tree=_street())
    by_path = {node.code_path: node for node in nodes}
    services.node_update(node=by_path["s1/c2/g1/x2"], name="改名小区")
    services.node_move(node=by_path["s1/c2/g1/x2"], parent=by_path["s1/z1/c1"])
    moved = Node.objects.get(pk=by_path["s1/c2/g1/x2"].pk)
    assert moved.code_path == "s1/z1/c1/x2"
    assert moved.name == "改名小区"
    assert Node.objects.get(pk=by_path["s1/c2/g1/x2/b1"].pk).code_path == "s1/z1/c1/x2/b1"
    written = _tree_fields(nodes[0].tree_id)
    Node.objects.partial_rebuild(nodes[0].tree_id)
    assert _tree_fields(nodes[0].tree_id) == written


def test_two_streets_get_trees_of_their_own():
    first = services.tree_create(tree=_street("s1"))[0]
    second = services.tree_create(tree=_street("s2"))[0]
    assert first.tree_id != second.tree_id
    assert Node.objects.filter(tree_id=second.tree_id).count() == 11


@pytest.mark.parametrize(
    ("tree", "where"),
    [
        (_node("street", "s9", _node("building", "b1")), "s9/b1"),
        (_node("community", "c9"), "c9"),
        (
            _node(
                "street",
                "s9",
                _node(
                    "community",
                    "c1",
                    _node(
                        "grid",
                        "g1",
                        _node("grid", "g2", _node("grid", "g3", _node("grid", "g4"))),
                    ),
                ),
            ),
            "s9/c1/g1/g2/g3/g4",
        ),
        (
            _node("street", "s9", _node("community", "c1", _node("building", "b1"))),
            "s9/c1/b1",
        ),
    ],
    ids=["building-under-a-street", "community-as-root", "fourth-grid-level", "building-loose"],
)
def test_a_node_out_of_place_is_refused_by_its_path_and_nothing_is_written(tree, where):
    before = Node.objects.count()
    with pytest.raises(ValidationError) as error:
        services.tree_create(tree=tree)
    assert _names(error.value.messages[0], where)
    assert Node.objects.count() == before


def test_two_siblings_with_one_code_are_refused():
    tree = _node("street", "s9", _node("community", "c1"), _node("community", "c1"))
    with pytest.raises(ValidationError) as error:
        services.tree_create(tree=tree)
    assert _names(error.value.messages[0], "s9/c1")
    assert not Node.objects.filter(code_path__startswith="s9").exists()


def test_a_street_code_taken_is_refused():
    StreetFactory(code="s9")
    with pytest.raises(ValidationError) as error:
        services.tree_create(tree=_node("street", "s9", _node("community", "c1")))
    assert _names(error.value.messages[0], "s9")
    assert Node.objects.filter(code_path__startswith="s9").count() == 1


def test_a_field_out_of_its_rules_is_refused():
    tree = _node("street", "s9", {**_node("community", "c1"), "latitude": 400})
    with pytest.raises(ValidationError) as error:
        services.tree_create(tree=tree)
    assert _names(error.value.messages[0], "s9/c1")


def _steward(card: str) -> dict:
    return {"name": "王红", "phone": "13800138000", "card_number": card}


def test_stewards_are_given_to_new_buildings_at_once():
    nodes = services.tree_create(tree=_street())
    buildings = [node for node in nodes if node.kind == "building"]
    services.stewards_create(stewards=[(b, _steward(f"K-{b.code}")) for b in buildings])
    assert dict(Steward.objects.values_list("building__code", "card_number")) == {
        "b1": "K-b1",
        "b2": "K-b2",
    }


@pytest.mark.parametrize("case", ["repeated", "taken", "not-a-building", "has-one"])
def test_stewards_are_refused_as_steward_assign_refuses_them(case):
    nodes = services.tree_create(tree=_street())
    b1, b2 = [node for node in nodes if node.kind == "building"]
    if case == "repeated":
        stewards = [(b1, _steward("K-1")), (b2, _steward("K-1"))]
    elif case == "taken":
        StewardFactory(card_number="K-1")
        stewards = [(b1, _steward("K-1"))]
    elif case == "not-a-building":
        stewards = [(nodes[1], _steward("K-1"))]
    else:
        services.steward_assign(building=b1, **_steward("K-0"))
        stewards = [(b1, _steward("K-1"))]
    before = Steward.objects.count()
    with pytest.raises(ValidationError):
        services.stewards_create(stewards=stewards)
    assert Steward.objects.count() == before


def test_a_building_made_one_by_one_and_a_tree_agree():
    # The factory builds node by node (node_save); a tree of the same shape has the same
    # tree fields relative to its root.
    building = BuildingFactory()
    one_by_one = [
        (n.kind, n.lft, n.rght, n.level, n.grid_level)
        for n in building.get_root().get_descendants(include_self=True)
    ]
    tree = services.tree_create(
        tree=_node(
            "street",
            "s9",
            _node(
                "community",
                "c1",
                _node("grid", "g1", _node("compound", "x1", _node("building", "b1"))),
            ),
        )
    )
    assert [(n.kind, n.lft, n.rght, n.level, n.grid_level) for n in tree] == one_by_one
