"""A street with one community, its committee, three units with a contact each, staff and a
secretary; every account has an e-mail address and a phone."""

from __future__ import annotations

import itertools

import pytest
from django.core import mail

from accounts.models import Role
from notifications import channels
from notifications.models import Notification
from tests.factories import CommunityFactory, StreetFactory, UserFactory
from tests.factories.alliance import UnitFactory, party_committee, working_committee

_phones = itertools.count(13700000000)


def person(**kwargs):
    n = next(_phones)
    kwargs.setdefault("email", f"p{n}@example.org")
    kwargs.setdefault("phone", str(n))
    return UserFactory(**kwargs)


@pytest.fixture(autouse=True)
def _channels(settings):
    settings.NOTIFICATION_CHANNELS = [
        "notifications.channels.InAppChannel",
        "notifications.channels.EmailChannel",
        "notifications.channels.SmsChannel",
        "notifications.channels.LogChannel",
    ]
    channels.configured_channels.cache_clear()
    yield
    channels.configured_channels.cache_clear()


@pytest.fixture
def world(db):
    street = StreetFactory()
    community = CommunityFactory(parent=street)
    committee = party_committee(community)
    working = working_committee(street)
    units = [UnitFactory(community=community, rota_order=i) for i in range(3)]
    contacts = [person(role=Role.UNIT_CONTACT, unit=u) for u in units]
    return {
        "street": street,
        "community": community,
        "committee": committee,
        "working": working,
        "units": units,
        "contacts": contacts,
        "secretary": person(role=Role.COMMUNITY_SECRETARY, scope_node=community),
        "staff": person(role=Role.STREET_STAFF, scope_node=street),
        "outsider": person(role=Role.VOLUNTEER),
    }


def told(kind: str) -> set:
    """Return who got an in-app notice of `kind`."""
    return {n.recipient for n in Notification.objects.filter(kind=kind)}


@pytest.fixture
def mailbox():
    return mail.outbox
