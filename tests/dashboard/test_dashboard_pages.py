"""The dashboard, the monthly report, the stats API and the hours export: for street staff, and
for a secretary only their own community."""

from __future__ import annotations

import datetime
import io

import pytest
import tablib
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from common.months import key, month_start
from servicedesk.models import ServiceRequest
from tests.factories import secretary, street_staff
from volunteers.exports import NATIONAL_COLUMNS

pytestmark = pytest.mark.django_db


@pytest.fixture
def requests_in_both(small_street):
    a, b = small_street.communities
    now = timezone.now()
    for community, count in ((a, 3), (b, 5)):
        for n in range(count):
            ServiceRequest.objects.create(
                tracking_code=f"R{community.pk}{n}X",
                community=community,
                resident_name="王",
                resident_phone="13800000000",
                category="elderly",
                description="帮忙",
                created_at=now,
                due_at=now + datetime.timedelta(days=3),
            )
    return small_street


def test_staff_see_the_whole_street_with_links_that_open(client, requests_in_both):
    client.force_login(street_staff(requests_in_both.street))
    response = client.get(reverse("dashboard:home"))
    assert response.status_code == 200
    latest = response.context["latest"]
    assert latest["requests_received"] == 8
    for name, url in latest["links"].items():
        opened = client.get(url)
        assert opened.status_code == 200, (name, url)
        assert "?e=1" not in opened.get("Location", ""), name
    assert 'id="dashboard-data"' in response.content.decode()


def test_a_secretary_sees_only_their_community(client, requests_in_both):
    own, other = requests_in_both.communities
    client.force_login(secretary(own))
    response = client.get(reverse("dashboard:home"))
    assert response.context["node"] == own
    assert response.context["latest"]["requests_received"] == 3
    assert client.get(reverse("dashboard:home"), {"node": other.pk}).status_code == 404
    assert client.get(reverse("dashboard:report"), {"node": other.pk}).status_code == 404
    report = client.get(reverse("dashboard:report"), {"month": key(timezone.localdate())})
    names = [row[0].name for row in report.context["table"]]
    assert names == [own.name]


def test_the_monthly_report_downloads_as_excel(client, requests_in_both):
    client.force_login(street_staff(requests_in_both.street))
    month = key(timezone.localdate())
    response = client.get(reverse("dashboard:report"), {"month": month, "format": "xlsx"})
    sheet = tablib.Dataset().load(io.BytesIO(response.content), format="xlsx")
    assert sheet.headers[0] == "社区"
    received = sheet.headers.index("收到的求助")
    values = {row[0]: row[received] for row in sheet}
    a, b = requests_in_both.communities
    assert values[a.name] == 3 and values[b.name] == 5
    assert values[requests_in_both.street.name] == 8


def test_the_stats_api_is_scoped(requests_in_both):
    own, other = requests_in_both.communities
    api = APIClient()
    api.force_authenticate(secretary(own))
    body = api.get("/api/v1/stats/monthly/", {"months": 3}).json()
    assert body["node"] == own.pk and len(body["months"]) == 3
    assert body["months"][-1]["requests_received"] == 3
    assert api.get("/api/v1/stats/monthly/", {"node": other.pk}).status_code == 404
    assert api.get("/api/v1/stats/monthly/", {"months": 99}).status_code == 400
    assert api.get("/api/v1/stats/league/").status_code == 200
    anonymous = APIClient().get("/api/v1/stats/monthly/")
    assert anonymous.status_code in (401, 403)


def test_the_hours_export_has_the_national_columns(client, requests_in_both):
    client.force_login(street_staff(requests_in_both.street))
    response = client.get(
        reverse("volunteers:hours-export"), {"month": key(month_start(timezone.localdate()))}
    )
    sheet = tablib.Dataset().load(io.BytesIO(response.content), format="xlsx")
    assert sheet.headers == NATIONAL_COLUMNS


def test_the_dashboard_keeps_its_queries_few(
    client, requests_in_both, django_assert_max_num_queries
):
    client.force_login(street_staff(requests_in_both.street))
    with django_assert_max_num_queries(60):  # cold: every month's figures computed once
        client.get(reverse("dashboard:home"))
    with django_assert_max_num_queries(14):  # warm: the figures come from the cache
        client.get(reverse("dashboard:home"))
    api = APIClient()
    api.force_authenticate(street_staff(requests_in_both.street))
    with django_assert_max_num_queries(6):
        api.get("/api/v1/stats/monthly/")


def test_the_dashboard_opens_after_the_report_of_an_earlier_month_was_kept(client, small_street):
    # The report keeps one month's figures; the dashboard then works out the months around it,
    # and the figures of the kept month in between came back unasked (a KeyError, answered 500).
    community = small_street.communities[0]
    earlier = month_start(timezone.localdate()) - datetime.timedelta(days=40)
    ServiceRequest.objects.create(
        tracking_code="R0EARLIER",
        community=community,
        resident_name="王",
        resident_phone="13800000000",
        category="elderly",
        description="帮忙",
        created_at=timezone.make_aware(datetime.datetime.combine(earlier, datetime.time(10))),
        due_at=timezone.now(),
    )
    client.force_login(secretary(community))
    assert client.get(reverse("dashboard:report"), {"month": key(earlier)}).status_code == 200
    response = client.get(reverse("dashboard:home"))
    assert response.status_code == 200
    assert sum(row["requests_received"] for row in response.context["rows"]) == 1
