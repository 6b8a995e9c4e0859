"""Properties checked with hypothesis over generated input: the spreadsheet cell readers answer
any text with a value or a plain ValueError, and the walk search is always nearest first and
inside the walk."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exchange.columns import ChoiceWidget, DayWidget, NumberWidget, WholeNumberWidget, YesNoWidget
from organizations.models import UnitKind
from servicemap.models import ServiceSite
from servicemap.selectors import sites_within, walk_radius_m
from tests.factories import CommunityFactory, StreetFactory

cells = st.one_of(
    st.none(),
    st.text(max_size=30),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(),
    st.datetimes(),
)


@pytest.mark.parametrize(
    "widget",
    [DayWidget(), NumberWidget(), WholeNumberWidget(), YesNoWidget(), ChoiceWidget(UnitKind)],
    ids=lambda w: type(w).__name__,
)
@given(value=cells)
@settings(max_examples=150, deadline=None)
def test_a_cell_reader_answers_anything_with_a_value_or_a_plain_error(widget, value):
    try:
        widget.clean(value)
    except ValueError as exc:
        assert str(exc)  # a message a person can read, never an empty error


@pytest.mark.django_db
@given(
    lat=st.floats(min_value=36.80, max_value=36.92),
    lng=st.floats(min_value=117.68, max_value=117.80),
    minutes=st.integers(min_value=1, max_value=60),
)
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_the_walk_search_is_nearest_first_and_inside_the_walk(sites, lat, lng, minutes):
    found = sites_within(lat, lng, minutes)
    distances = [n.metres for n in found]
    assert distances == sorted(distances)
    assert all(n.metres <= walk_radius_m(minutes) + 1 for n in found)
    assert all(n.minutes <= minutes + 0.1 for n in found)


@pytest.fixture
def sites():
    street = StreetFactory(latitude=Decimal("36.86"), longitude=Decimal("117.74"))
    community = CommunityFactory(parent=street)
    for n in range(60):
        ServiceSite.objects.create(
            name=f"站点{n}",
            kind="rest",
            node=community,
            address="路口",
            hours="全天",
            latitude=Decimal("36.80") + Decimal(n * 2) / Decimal(1000),
            longitude=Decimal("117.68") + Decimal((n * 7) % 120) / Decimal(1000),
        )
    return street


def test_dates_in_every_written_form_are_read():
    day = DayWidget()
    for text in ("2024-03-01", "2024/3/1", "2024.3.1", "2024年3月1日"):
        assert day.clean(text) == datetime.date(2024, 3, 1)


points = st.tuples(
    st.floats(min_value=36.80, max_value=36.92), st.floats(min_value=117.70, max_value=117.80)
)


@settings(max_examples=200, deadline=None)
@given(
    sites=st.lists(points, max_size=60),
    here=points,
    radius=st.floats(min_value=50, max_value=3000),
)
def test_the_coverage_grid_finds_the_same_nearest_site_as_looking_at_every_one(sites, here, radius):
    from common.geo import metres
    from servicemap.selectors import _SiteGrid

    expected = min((metres(*here, *site) for site in sites), default=None)
    grid = _SiteGrid(sites, radius, here[0])
    found = grid.nearest(*here)
    if expected is None:
        assert found is None
    else:
        assert found == pytest.approx(expected, abs=1e-6)
    # Asked for the nearest within three cells: the same, or None when it is farther.
    within = grid.nearest(*here, within=3 * radius)
    if expected is None or expected > 3 * radius * (1 + 1e-9):
        assert within is None
    else:
        assert within == pytest.approx(expected, abs=1e-6)
