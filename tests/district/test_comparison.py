"""The district's comparison: its streets side by side, one click down to a street's
communities and to a community's months; for the district's staff, in their district only."""

import datetime

from django.urls import reverse
from django.utils import timezone

from alliance.services import followups
from grids import services as grid_services
from grids.models import NodeKind
from tests.factories.alliance import hold, schedule

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
