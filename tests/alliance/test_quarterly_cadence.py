"""A committee that meets quarterly (Daixi's city communities) takes a rotating secretary, is
late, and is graded only in March, June, September and December; its grade covers the quarter.
A monthly committee keeps all twelve months."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from alliance.models import Cadence, Committee, Evaluation, RotaSlot
from alliance.selectors import committees_without_meeting, month_evaluation
from alliance.services import followups
from alliance.services.committees import committee_update
from alliance.services.evaluations import evaluation_grade, unit_month_figures
from alliance.services.rota import rota_generate, rota_skip, rota_swap
from tests.factories import CommunityFactory, StreetFactory, street_staff
from tests.factories.alliance import UnitFactory, at, hold, party_committee, schedule

pytestmark = pytest.mark.django_db

NEXT_YEAR = timezone.localdate().year + 1
QUARTER_ENDS = [3, 6, 9, 12]


@pytest.fixture
def quarterly():
    street = StreetFactory()
    committee = party_committee(CommunityFactory(parent=street), cadence=Cadence.QUARTERLY)
    units = [UnitFactory(community=committee.node, rota_order=i) for i in range(3)]
    return {"street": street, "committee": committee, "units": units}


def rota(committee, year):
    return [
        (s.month, s.unit.name)
        for s in RotaSlot.objects.filter(committee=committee, year=year).select_related("unit")
    ]


def test_the_rota_names_a_secretary_for_each_quarters_last_month_only(quarterly):
    committee, units = quarterly["committee"], quarterly["units"]
    rota_generate(committee=committee, year=2026)
    rota_generate(committee=committee, year=2027)
    assert rota(committee, 2026) == [
        (3, units[0].name),
        (6, units[1].name),
        (9, units[2].name),
        (12, units[0].name),
    ]
    # The next year goes on from the unit after December's.
    assert [name for _, name in rota(committee, 2027)] == [
        units[1].name,
        units[2].name,
        units[0].name,
        units[1].name,
    ]


def test_a_monthly_committee_keeps_twelve_months(quarterly):
    monthly = party_committee(CommunityFactory(parent=quarterly["street"]))
    UnitFactory(community=monthly.node)
    rota_generate(committee=monthly, year=2026)
    assert [month for month, _ in rota(monthly, 2026)] == list(range(1, 13))


def test_skipping_moves_the_later_quarters_on_and_a_month_between_is_refused(quarterly):
    committee, units = quarterly["committee"], quarterly["units"]
    rota_generate(committee=committee, year=NEXT_YEAR)
    rota_skip(committee=committee, year=NEXT_YEAR, month=6, reason="单位搬迁")
    assert [month for month, _ in rota(committee, NEXT_YEAR)] == QUARTER_ENDS
    assert [name for _, name in rota(committee, NEXT_YEAR)][1] != units[1].name
    with pytest.raises(ValidationError, match="按季度召开"):
        rota_skip(committee=committee, year=NEXT_YEAR, month=5, reason="单位搬迁")
    with pytest.raises(ValidationError, match="没有轮值书记"):
        rota_swap(committee=committee, year=NEXT_YEAR, month=4, other_month=6)
    assert len(rota(committee, NEXT_YEAR)) == 4


def test_a_month_between_quarters_is_not_graded_and_not_late(quarterly):
    committee, unit = quarterly["committee"], quarterly["units"][0]
    april, june = datetime.date(2026, 4, 1), datetime.date(2026, 6, 1)
    hold(schedule(committee, at(2026, 4, 15, 14)))  # a meeting between quarters counts nowhere
    with pytest.raises(ValidationError, match="按季度召开"):
        evaluation_grade(committee=committee, month=april, grade="good", unit=unit)
    assert not month_evaluation(committee, april)["due"]
    committees = Committee.objects.filter(pk=committee.pk)
    assert not committees_without_meeting(committees, datetime.date(2026, 5, 20)).exists()
    assert list(committees_without_meeting(committees, datetime.date(2026, 6, 20))) == [committee]
    hold(schedule(committee, at(2026, 6, 15, 14)))
    assert month_evaluation(committee, june)["held"]
    assert evaluation_grade(committee=committee, month=june, grade="good", unit=unit)
    assert Evaluation.objects.filter(month=june).count() == 1
    assert not Evaluation.objects.filter(month=april).exists()


def test_the_quarters_grade_counts_what_fell_due_in_all_three_months(quarterly):
    committee, unit = quarterly["committee"], quarterly["units"][0]
    monthly = party_committee(CommunityFactory(parent=quarterly["street"]))
    for c, owner in ((committee, unit), (monthly, UnitFactory(community=monthly.node))):
        meeting = hold(schedule(c, at(2026, 3, 20, 14)))
        followups.followup_create(
            meeting=meeting,
            title="修缮楼道照明",
            owner=owner,
            due_on=datetime.date(2026, 4, 20),
            created_at=at(2026, 3, 20),
        )
    june = datetime.date(2026, 6, 1)
    assert unit_month_figures(committee, june)[unit.pk]["items_due"] == 1
    other = monthly.node.units.get()
    assert unit_month_figures(monthly, june).get(other.pk, {}).get("items_due", 0) == 0


def test_the_cadence_changes_only_for_a_year_without_a_rota(quarterly):
    committee = quarterly["committee"]
    fresh = party_committee(CommunityFactory(parent=quarterly["street"]))
    assert committee_update(committee=fresh, cadence=Cadence.QUARTERLY).is_quarterly
    rota_generate(committee=committee, year=timezone.localdate().year)
    with pytest.raises(ValidationError, match="召开频次"):
        committee_update(committee=committee, cadence=Cadence.MONTHLY)
    committee.refresh_from_db()
    assert committee.is_quarterly


def test_the_grading_page_says_a_month_between_quarters_is_not_graded(client, quarterly):
    client.force_login(street_staff(quarterly["street"]))
    url = reverse("alliance:evaluation", args=[quarterly["committee"].pk, "2026-05"])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "按季度召开" in page
    assert "保存本月评定" not in page
    response = client.post(url, {f"unit-{quarterly['units'][0].pk}-grade": "good"})
    assert response.status_code == 400
    assert not Evaluation.objects.exists()


def test_the_convener_of_a_quarterly_committee_is_told_before_each_quarters_meeting_only(
    quarterly,
):
    from alliance.reminders import Kind, reminders_run
    from tests.factories.alliance import contact

    committee, units = quarterly["committee"], quarterly["units"]
    contacts = [contact(u) for u in units]
    rota_generate(committee=committee, year=2026)
    # Ten days before April and before May nobody convenes: the quarter meets in June.
    assert reminders_run(now=at(2026, 3, 25)).sent == []
    assert reminders_run(now=at(2026, 4, 25)).sent == []
    result = reminders_run(now=at(2026, 5, 25))
    assert [(s.kind, s.recipient) for s in result.sent] == [(Kind.CONVENER, contacts[1])]
