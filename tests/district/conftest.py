import datetime

import pytest

from accounts.models import Role
from alliance.services import followups
from grids import services as grid_services
from grids.models import NodeKind
from tests.factories import CommunityFactory, StreetFactory, UserFactory, secretary, street_staff
from tests.factories.alliance import (
    UnitFactory,
    at,
    contact,
    party_committee,
    schedule,
    working_committee,
)


@pytest.fixture
def district(db):
    """A district over two streets, each with a community, a unit, its committees and staff."""
    place = grid_services.node_create(
        parent=None, kind=NodeKind.DISTRICT, name="示范区", code="dist"
    )
    streets = []
    for n in (1, 2):
        street = StreetFactory(name=f"第{n}街道", code=f"s{n}")
        grid_services.node_move(node=street, parent=place)
        street.refresh_from_db()
        community = CommunityFactory(parent=street, name=f"第{n}社区", code="c1")
        unit = UnitFactory(community=community, name=f"第{n}单位")
        streets.append(
            {
                "street": street,
                "community": community,
                "unit": unit,
                "contact": contact(unit),
                "staff": street_staff(street),
                "secretary": secretary(community),
                "working": working_committee(street),
                "party": party_committee(community),
            }
        )
    place.refresh_from_db()
    staff = UserFactory(role=Role.DISTRICT_STAFF, scope_node=place)
    return {"node": place, "staff": staff, "streets": streets}


def street_item(row, title="跨街道道路改造"):
    """An open item of the street committee's meeting."""
    meeting = schedule(row["working"], at(2026, 1, 12), title="大工委会议")
    return followups.followup_create(
        meeting=meeting,
        title=title,
        owner=row["unit"],
        due_on=datetime.date(2026, 3, 1),
        created_at=at(2026, 1, 12),
    )


def community_item(row, title="社区事项"):
    """An open item of the community committee's meeting."""
    meeting = schedule(row["party"], at(2026, 1, 10))
    return followups.followup_create(
        meeting=meeting,
        title=title,
        owner=row["unit"],
        due_on=datetime.date(2026, 3, 1),
        created_at=at(2026, 1, 10),
    )
