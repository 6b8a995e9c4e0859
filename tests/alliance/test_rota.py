import datetime
from collections import Counter
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from alliance.models import RotaAction, RotaChange, RotaSlot
from alliance.services.rota import rota_generate, rota_skip, rota_swap
from tests.factories import CommunityFactory
from tests.factories.alliance import UnitFactory, party_committee

pytestmark = pytest.mark.django_db

# Changes to the rota are made for months still to come.
NEXT_YEAR = timezone.localdate().year + 1


@pytest.fixture
def committee():
    return party_committee(CommunityFactory())


def units_for(committee, n, **kwargs):
    return [UnitFactory(community=committee.node, rota_order=i, **kwargs) for i in range(n)]


def names(committee, year):
    return [
        s.unit.name
        for s in RotaSlot.objects.filter(committee=committee, year=year).select_related("unit")
    ]


def test_each_unit_takes_a_month_in_order_before_any_takes_a_second(committee):
    units = units_for(committee, 5)
    rota_generate(committee=committee, year=2026)
    expected = [u.name for u in units] * 3
    assert names(committee, 2026) == expected[:12]
    counts = Counter(names(committee, 2026))
    assert max(counts.values()) - min(counts.values()) <= 1


def test_next_year_continues_where_last_year_stopped(committee):
    units = units_for(committee, 5)
    rota_generate(committee=committee, year=2026)  # ends on units[1] (12 % 5 = 2 → index 1)
    rota_generate(committee=committee, year=2027)
    assert names(committee, 2026)[-1] == units[1].name
    assert names(committee, 2027)[0] == units[2].name
    # Over the two years nobody has more than one month more than another.
    counts = Counter(names(committee, 2026) + names(committee, 2027))
    assert max(counts.values()) - min(counts.values()) <= 1


def test_units_that_left_or_have_not_joined_are_passed_over(committee):
    staying = units_for(committee, 3)
    gone = UnitFactory(community=committee.node, rota_order=1, left_on=datetime.date(2025, 12, 31))
    late = UnitFactory(community=committee.node, rota_order=2, joined_on=datetime.date(2026, 7, 1))
    rota_generate(committee=committee, year=2026)
    rota = names(committee, 2026)
    assert gone.name not in rota
    assert late.name not in rota[:6]
    assert late.name in rota[6:]
    assert set(rota[:6]) == {u.name for u in staying}


def test_a_second_generation_of_the_same_year_is_refused(committee):
    units_for(committee, 3)
    rota_generate(committee=committee, year=2026)
    with pytest.raises(ValidationError):
        rota_generate(committee=committee, year=2026)
    assert RotaSlot.objects.filter(committee=committee).count() == 12


def test_a_community_without_units_gets_a_clear_error(committee):
    with pytest.raises(ValidationError) as error:
        rota_generate(committee=committee, year=2026)
    assert error.value.messages
    assert not RotaSlot.objects.exists()


def test_swap_exchanges_two_months_and_keeps_history(committee, superuser):
    units_for(committee, 4)
    rota_generate(committee=committee, year=NEXT_YEAR)
    before = names(committee, NEXT_YEAR)
    rota_swap(
        committee=committee,
        year=NEXT_YEAR,
        month=3,
        other_month=7,
        reason="三月单位有检查",
        by=superuser,
    )
    after = names(committee, NEXT_YEAR)
    assert (after[2], after[6]) == (before[6], before[2])
    change = RotaChange.objects.get(action=RotaAction.SWAP)
    assert (change.month, change.other_month, change.reason, change.changed_by) == (
        3,
        7,
        "三月单位有检查",
        superuser,
    )


def test_skip_passes_the_month_to_the_next_unit_and_shifts_the_rest(committee, superuser):
    units = units_for(committee, 4)
    rota_generate(committee=committee, year=NEXT_YEAR)
    rota_skip(committee=committee, year=NEXT_YEAR, month=2, reason="单位搬迁", by=superuser)
    rota = names(committee, NEXT_YEAR)
    assert rota[0] == units[0].name
    assert rota[1] == units[2].name  # units[1] skipped
    assert rota[2] == units[3].name
    change = RotaChange.objects.get(action=RotaAction.SKIP)
    assert change.unit == units[1] and change.reason == "单位搬迁"


def test_a_month_already_past_is_neither_swapped_nor_skipped(committee, monkeypatch):
    units_for(committee, 4)
    rota_generate(committee=committee, year=2026)
    monkeypatch.setattr(timezone, "localdate", lambda: datetime.date(2026, 6, 15))
    before = names(committee, 2026)
    with pytest.raises(ValidationError, match="2026-03 已过去"):
        rota_swap(committee=committee, year=2026, month=3, other_month=7)
    with pytest.raises(ValidationError, match="2026-05 已过去"):
        rota_swap(committee=committee, year=2026, month=9, other_month=5)
    with pytest.raises(ValidationError, match="2026-02 已过去"):
        rota_skip(committee=committee, year=2026, month=2, reason="单位搬迁")
    assert names(committee, 2026) == before
    # The present month and later ones may still change.
    rota_swap(committee=committee, year=2026, month=6, other_month=7)
    rota_skip(committee=committee, year=2026, month=8, reason="单位搬迁")
    assert names(committee, 2026)[:5] == before[:5]


def test_skip_needs_a_reason(committee):
    units_for(committee, 3)
    rota_generate(committee=committee, year=2026)
    before = names(committee, 2026)
    with pytest.raises(ValidationError):
        rota_skip(committee=committee, year=2026, month=2, reason=" ")
    assert names(committee, 2026) == before


def test_rota_command_generates_and_prints_json(committee):
    units_for(committee, 3)
    out = StringIO()
    call_command(
        "rota", community=committee.node.code_path, year=2026, generate=True, json=True, stdout=out
    )
    import json

    payload = json.loads(out.getvalue())
    assert [row["month"] for row in payload["rota"]] == list(range(1, 13))
