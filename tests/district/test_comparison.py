"""The district's comparison: its streets side by side, one click down to a street's
communities and to a community's months; for the district's staff, in their district only."""

import datetime

from django.urls import reverse
from django.utils import timezone

from alliance.services import followups
from grids import services as grid_services
from grids.models import NodeKind
from tests.factories.alliance import at, hold, schedule

from .conftest import street_item

PAGE = reverse("dashboard:district")


def _held_this_month(row):
    now = timezone.localtime()
    start = now.replace(day=1, hour=9, minute=0, second=0, microsecond=0)
    meeting = schedule(row["party"], start if start < now else now - datetime.timedelta(hours=3))
    hold(meeting)


def test_the_streets_side_by_side_with_their_figures(
    district, client, django_assert_max_num_queries
):
    one, _two = district["streets"]
    _held_this_month(one)
    client.force_login(district["staff"])
    # The first look computes each place's months (about twenty queries a place, whatever the
    # data); the months are kept, so the next look reads them back.
    with django_assert_max_num_queries(65):
        page = client.get(PAGE)
    assert page.status_code == 200
    with django_assert_max_num_queries(30):
        client.get(PAGE)
    rows = {row["node"].code: row for row in page.context["rows"]}
    assert set(rows) == {"s1", "s2"}
    assert rows["s1"]["joint_held"] == 1 and rows["s2"]["joint_held"] == 0
    assert rows["s1"]["joint_due"] == timezone.localdate().month
    assert page.context["total"]["joint_held"] == 1
    assert "第1街道" in page.content.decode()


def test_a_click_opens_a_streets_communities_and_then_a_communitys_months(district, client):
    one = district["streets"][0]
    client.force_login(district["staff"])
    street = client.get(PAGE, {"node": one["street"].pk})
    assert [row["node"] for row in street.context["rows"]] == [one["community"]]
    community = client.get(PAGE, {"node": one["community"].pk})
    assert next(row["month"] for row in community.context["rows"]).endswith("-01")
    assert len(community.context["rows"]) == timezone.localdate().month


def test_the_reports_of_the_streets_are_listed_open_first(district, client):
    one, two = district["streets"]
    first = followups.followup_report_to_district(
        item=street_item(one), reason="甲", by=one["staff"]
    )
    followups.district_report_decide(report=first, decision="已定", by=district["staff"])
    second = followups.followup_report_to_district(
        item=street_item(two, "乙事项"), reason="乙", by=two["staff"]
    )
    client.force_login(district["staff"])
    reports = list(client.get(PAGE).context["reports"])
    assert reports == [second, first]


def test_who_may_open_it(district, client):
    one = district["streets"][0]
    for someone in (one["staff"], one["secretary"], one["contact"]):
        client.force_login(someone)
        assert client.get(PAGE).status_code == 403
    client.logout()
    assert client.get(PAGE).status_code == 302


def test_a_place_outside_the_district_is_not_found_and_bad_values_are_refused(district, client):
    other = grid_services.node_create(parent=None, kind=NodeKind.DISTRICT, name="他区", code="o")
    client.force_login(district["staff"])
    assert client.get(PAGE, {"node": other.pk}).status_code == 404
    assert client.get(PAGE, {"node": "abc"}).status_code == 400
    assert client.get(PAGE, {"year": "1800"}).status_code == 400


def test_a_quarterly_committee_is_due_only_in_the_last_month_of_a_quarter(district):
    from alliance.selectors import joint_meetings_kept

    row = district["streets"][0]
    committee = row["party"]
    committee.cadence = "quarterly"
    committee.save(update_fields=["cadence"])
    for month in (1, 3, 6):  # January's is a meeting beyond its duty
        hold(schedule(committee, at(2025, month, 20)))
    months = [datetime.date(2025, m, 1) for m in range(1, 7)]
    assert joint_meetings_kept(row["community"], months) == {"joint_due": 2, "joint_held": 2}
    monthly = district["streets"][1]
    hold(schedule(monthly["party"], at(2025, 2, 20)))
    assert joint_meetings_kept(monthly["community"], months) == {"joint_due": 6, "joint_held": 1}


def test_each_street_counts_its_own_latest_published_year(district):
    from appraisals.models import Appraisal, AppraisalStatus, UnitAppraisal
    from appraisals.selectors import published_results

    one, two = district["streets"]
    for row, year, stars in ((one, 2025, 5), (two, 2024, 3)):
        appraisal = Appraisal.objects.create(
            street=row["street"], year=year, status=AppraisalStatus.PUBLISHED
        )
        UnitAppraisal.objects.create(appraisal=appraisal, unit=row["unit"], stars=stars)
    Appraisal.objects.create(street=two["street"], year=2025)  # open: not counted yet
    total = published_results(district["node"], 2026)
    assert total["appraised"] == 2 and total["stars_avg"] == 4.0 and total["five_stars"] == 1
    assert published_results(two["street"], 2026)["appraisal_year"] == 2024
    assert published_results(two["community"], 2026)["stars_avg"] == 3.0
    assert published_results(one["street"], 2024)["appraisal_year"] is None


def test_the_api_gives_the_same_comparison_to_the_districts_staff_only(
    district, django_assert_max_num_queries
):
    from rest_framework.test import APIClient

    one = district["streets"][0]
    _held_this_month(one)
    api = APIClient()
    api.force_authenticate(district["staff"])
    with django_assert_max_num_queries(65):
        body = api.get("/api/v1/stats/comparison/").json()
    assert [row["name"] for row in body["rows"]] == ["第1街道", "第2街道"]
    assert body["rows"][0]["joint_held"] == 1 and body["total"]["joint_held"] == 1
    street = api.get("/api/v1/stats/comparison/", {"node": one["street"].pk}).json()
    assert [row["name"] for row in street["rows"]] == ["第1社区"]
    assert api.get("/api/v1/stats/comparison/", {"year": "x"}).status_code == 400
    other = grid_services.node_create(parent=None, kind=NodeKind.DISTRICT, name="他区", code="o2")
    assert api.get("/api/v1/stats/comparison/", {"node": other.pk}).status_code == 404
    api.force_authenticate(one["staff"])
    assert api.get("/api/v1/stats/comparison/").status_code == 403
