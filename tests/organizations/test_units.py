import datetime

import pytest
from django.core.exceptions import ValidationError

from organizations.models import Unit, UnitRating
from organizations.services import unit_current_rating, unit_rate
from tests.factories import CommunityFactory, GridFactory, UserFactory
from tests.factories.alliance import UnitFactory

pytestmark = pytest.mark.django_db


def test_ratings_keep_history_and_the_newest_is_current():
    unit = UnitFactory(community=CommunityFactory(), kind="private_enterprise")
    staff = UserFactory()
    unit_rate(unit=unit, kind="stars", value="3", reason="年度评定", by=staff)
    newest = unit_rate(unit=unit, kind="stars", value="5", reason="共建成效突出", by=staff)
    assert unit_current_rating(unit, "stars") == newest
    assert UnitRating.objects.filter(unit=unit).count() == 2


def test_public_units_are_not_rated_and_values_are_checked():
    school = UnitFactory(community=CommunityFactory(), kind="institution")
    firm = UnitFactory(community=school.community, kind="private_enterprise")
    with pytest.raises(ValidationError):
        unit_rate(unit=school, kind="stars", value="4", reason="x", by=UserFactory())
    with pytest.raises(ValidationError):
        unit_rate(unit=firm, kind="credit", value="Z", reason="x", by=UserFactory())
    assert not UnitRating.objects.exists()


def test_a_units_grid_must_lie_in_its_community():
    community, other = CommunityFactory(), CommunityFactory()
    unit = Unit(
        name="x",
        kind="bank",
        community=community,
        grid=GridFactory(parent=other),
        joined_on=datetime.date(2024, 1, 1),
    )
    with pytest.raises(ValidationError) as error:
        unit.full_clean()
    assert "grid" in error.value.message_dict


def test_membership_is_dated():
    unit = UnitFactory(
        community=CommunityFactory(),
        joined_on=datetime.date(2024, 1, 1),
        left_on=datetime.date(2025, 6, 30),
    )
    assert unit.is_active_on(datetime.date(2025, 1, 1))
    assert not unit.is_active_on(datetime.date(2025, 7, 1))
    assert list(Unit.objects.active_on(datetime.date(2025, 7, 1))) == []
    unit.left_on = datetime.date(2023, 1, 1)
    with pytest.raises(ValidationError):
        unit.full_clean()
