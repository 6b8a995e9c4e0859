"""Factories for units, committees and meetings, written through the services."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import factory

from accounts.models import Role
from alliance.models import Committee, CommitteeKind
from alliance.services.committees import committee_create
from alliance.services.meetings import meeting_schedule
from grids.models import Node
from organizations.models import Unit
from tests.factories import UserFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"成员单位{n:03d}")
    kind = "institution"
    joined_on = datetime.date(2020, 1, 1)
    rota_order = factory.Sequence(lambda n: n)


class CommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Committee

    kind = CommitteeKind.PARTY
    name = factory.LazyAttribute(lambda o: f"{o.node.name}大党委")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return committee_create(**kwargs)


def party_committee(community: Node, **kwargs) -> Committee:
    return CommitteeFactory(node=community, kind=CommitteeKind.PARTY, **kwargs)


def working_committee(street: Node, **kwargs) -> Committee:
    return CommitteeFactory(
        node=street, kind=CommitteeKind.WORKING, name=f"{street.name}大工委", **kwargs
    )


def contact(unit: Unit, **kwargs):
    return UserFactory(role=Role.UNIT_CONTACT, unit=unit, email=f"u{unit.pk}@example.org", **kwargs)


def at(year: int, month: int, day: int, hour: int = 9, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


def schedule(committee: Committee, start: datetime.datetime, **kwargs):
    return meeting_schedule(
        committee=committee,
        title=kwargs.pop("title", f"{start:%Y-%m} 联席会议"),
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        place=kwargs.pop("place", "社区党群服务中心会议室"),
        **kwargs,
    )


def hold(meeting, minutes: str = "会议纪要：议定事项见下。"):
    """Publish a meeting's minutes (its time must have come): the meeting counts as held."""
    from alliance.services.meetings import minutes_publish

    return minutes_publish(meeting=meeting, minutes=minutes)
