"""Fixtures the alliance tests share."""

import datetime

import pytest

from alliance.services import followups
from alliance.services.rota import rota_generate
from tests.factories import CommunityFactory, StreetFactory
from tests.factories.alliance import UnitFactory, at, party_committee, schedule


@pytest.fixture
def two():
    """Two communities of one street, each with a committee, two units, a rota, a meeting in
    March 2026 and a follow-up item owned by its first unit."""
    street = StreetFactory()
    out = {"street": street}
    for key in ("a", "b"):
        community = CommunityFactory(parent=street)
        committee = party_committee(community)
        units = [UnitFactory(community=community) for _ in range(2)]
        rota_generate(committee=committee, year=2026)
        meeting = schedule(committee, at(2026, 3, 10, 14))
        item = followups.followup_create(
            meeting=meeting,
            title=f"事项{key}",
            owner=units[0],
            due_on=datetime.date(2026, 4, 1),
            created_at=at(2026, 3, 10),
        )
        out[key] = {
            "community": community,
            "committee": committee,
            "units": units,
            "meeting": meeting,
            "item": item,
        }
    return out
