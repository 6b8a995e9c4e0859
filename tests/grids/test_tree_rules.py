import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from grids import services
from grids.models import Node
from tests.factories import (
    BuildingFactory,
    CommunityFactory,
    CompoundFactory,
    GridFactory,
    PartyOrganizationFactory,
    StreetFactory,
)

pytestmark = pytest.mark.django_db


def test_grid_levels_follow_their_parents():
    community = CommunityFactory()
    level1 = GridFactory(parent=community)
    level2 = GridFactory(parent=level1)
    level3 = GridFactory(parent=level2)
    assert [level1.grid_level, level2.grid_level, level3.grid_level] == [1, 2, 3]
    assert community.grid_level is None


def test_a_fourth_grid_level_is_refused():
    level3 = GridFactory(parent=GridFactory(parent=GridFactory()))
    with pytest.raises(ValidationError) as error:
        GridFactory(parent=level3)
    assert "parent" in error.value.message_dict


@pytest.mark.parametrize(
    ("kind", "parent_kind"),
    [
        ("community", "compound"),
        ("zone", "community"),
        ("compound", "building"),
        ("building", "grid"),
        ("grid", "street"),
        ("street", "community"),
    ],
)
def test_misplaced_nodes_are_refused_with_a_message(kind, parent_kind):
    nodes = {"street": StreetFactory()}
    nodes["community"] = CommunityFactory(parent=nodes["street"])
    nodes["grid"] = GridFactory(parent=nodes["community"])
    nodes["compound"] = CompoundFactory(parent=nodes["grid"])
    nodes["building"] = BuildingFactory(parent=nodes["compound"])
    before = Node.objects.count()
    with pytest.raises(ValidationError) as error:
        services.node_create(parent=nodes[parent_kind], kind=kind, name="错位", code="wrong")
    assert error.value.message_dict["parent"]
    assert Node.objects.count() == before


def test_a_community_may_sit_in_a_zone_and_a_compound_directly_in_a_community():
    street = StreetFactory()
    zone = services.node_create(parent=street, kind="zone", name="场镇片区", code="changzhen")
    community = services.node_create(parent=zone, kind="community", name="八角社区", code="bajiao")
    compound = services.node_create(parent=community, kind="compound", name="老街小区", code="x1")
    assert compound.code_path == f"{street.code}/changzhen/bajiao/x1"


def test_codes_are_unique_among_siblings_only():
    street = StreetFactory()
    first = CommunityFactory(parent=street, code="c01")
    CommunityFactory(parent=street, code="c02")
    GridFactory(parent=first, code="c02")  # same code, different parent: fine
    with pytest.raises(ValidationError):
        CommunityFactory(parent=street, code="c01")


def test_the_database_refuses_a_grid_level_on_a_non_grid():
    community = CommunityFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Node.objects.filter(pk=community.pk).update(grid_level=2)


def test_moving_a_grid_relevels_its_subtree_and_rewrites_code_paths():
    community = CommunityFactory()
    other_level1 = GridFactory(parent=community, code="east")
    moving = GridFactory(parent=community, code="west")
    child = GridFactory(parent=moving, code="w1")
    compound = CompoundFactory(parent=child, code="x1")

    services.node_move(node=moving, parent=other_level1)

    moving.refresh_from_db()
    child.refresh_from_db()
    compound.refresh_from_db()
    assert (moving.grid_level, child.grid_level) == (2, 3)
    assert child.code_path == f"{community.code_path}/east/west/w1"
    assert compound.code_path == f"{community.code_path}/east/west/w1/x1"
    assert moving.is_descendant_of(other_level1)


def test_a_move_that_would_push_grids_below_level_3_changes_nothing():
    community = CommunityFactory()
    target = GridFactory(parent=GridFactory(parent=community))  # level 2
    moving = GridFactory(parent=community)
    GridFactory(parent=moving)  # level 2, would become level 4
    with pytest.raises(ValidationError):
        services.node_move(node=moving, parent=target)
    moving.refresh_from_db()
    assert moving.parent_id == community.pk
    assert moving.grid_level == 1


def test_a_node_cannot_move_under_its_own_subtree():
    level1 = GridFactory()
    level2 = GridFactory(parent=level1)
    with pytest.raises(ValidationError):
        services.node_move(node=level1, parent=level2)


def test_renaming_a_code_rewrites_the_paths_below():
    community = CommunityFactory(code="old")
    grid = GridFactory(parent=community, code="g1")
    services.node_update(node=community, code="new")
    grid.refresh_from_db()
    assert grid.code_path.endswith("/new/g1")


def test_a_node_with_children_is_not_deleted():
    community = CommunityFactory()
    GridFactory(parent=community)
    with pytest.raises(ValidationError):
        services.node_delete(node=community)
    assert Node.objects.filter(pk=community.pk).exists()


def test_three_none_is_derived_from_branch_owners_committee_and_property():
    bare = CompoundFactory()
    with_property = CompoundFactory(property_company="安居物业")
    with_committee = CompoundFactory(has_owners_committee=True)
    with_branch = CompoundFactory()
    PartyOrganizationFactory(node=with_branch, kind="branch", name="党支部")
    assert bare.is_three_none
    assert not with_property.is_three_none
    assert not with_committee.is_three_none
    assert not with_branch.is_three_none
    assert list(Node.objects.three_none()) == [bare]


def test_only_compounds_carry_governance_fields():
    with pytest.raises(ValidationError):
        CommunityFactory(property_company="某物业")
