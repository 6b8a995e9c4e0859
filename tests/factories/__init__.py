"""factory_boy factories; every tree write goes through the grids services, as in the app."""

from __future__ import annotations

import factory

from accounts.models import Role, User
from accounts.services import account_create
from grids import services as grid_services
from grids.models import Node, Steward
from organizations.models import PartyOrganization
from organizations.services import party_organization_create


class NodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Node

    parent = None
    kind = "street"
    name = factory.Sequence(lambda n: f"节点{n}")
    code = factory.Sequence(lambda n: f"n{n}")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return grid_services.node_create(**kwargs)


class StreetFactory(NodeFactory):
    kind = "street"
    name = factory.Sequence(lambda n: f"示范{n}街道")
    code = factory.Sequence(lambda n: f"street{n}")


class CommunityFactory(NodeFactory):
    kind = "community"
    parent = factory.SubFactory(StreetFactory)
    name = factory.Sequence(lambda n: f"和平{n}社区")
    code = factory.Sequence(lambda n: f"c{n}")


class GridFactory(NodeFactory):
    kind = "grid"
    parent = factory.SubFactory(CommunityFactory)
    name = factory.Sequence(lambda n: f"第{n}网格")
    code = factory.Sequence(lambda n: f"g{n}")


class CompoundFactory(NodeFactory):
    kind = "compound"
    parent = factory.SubFactory(GridFactory)
    name = factory.Sequence(lambda n: f"阳光{n}小区")
    code = factory.Sequence(lambda n: f"x{n}")


class BuildingFactory(NodeFactory):
    kind = "building"
    parent = factory.SubFactory(CompoundFactory)
    name = factory.Sequence(lambda n: f"{n}号楼")
    code = factory.Sequence(lambda n: f"b{n}")


class StewardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Steward

    building = factory.SubFactory(BuildingFactory)
    name = factory.Sequence(lambda n: f"王红{n}")
    phone = "13800138000"
    card_number = factory.Sequence(lambda n: f"CARD-{n:05d}")
    wechat_group_name = factory.LazyAttribute(lambda o: f"{o.building.name}邻里群")
    wechat_group_link = factory.Sequence(lambda n: f"https://work.weixin.qq.com/gm/test{n}")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return grid_services.steward_assign(**kwargs)


class PartyOrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartyOrganization

    node = factory.SubFactory(CommunityFactory)
    kind = "committee"
    name = factory.Sequence(lambda n: f"第{n}党委")
    secretary_name = "李书记"
    member_count = 30

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return party_organization_create(**kwargs)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"user{n}")
    password = "correct-horse-battery"
    role = Role.VOLUNTEER
    scope_node = None

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return account_create(**kwargs)


def street_staff(street: Node, **kwargs) -> User:
    return UserFactory(role=Role.STREET_STAFF, scope_node=street, **kwargs)


def secretary(community: Node, **kwargs) -> User:
    return UserFactory(role=Role.COMMUNITY_SECRETARY, scope_node=community, **kwargs)
