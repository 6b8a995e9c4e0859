"""Bad parameters never answer 500 (issue 17): the cases the issue names, each answered 400 or
404 with a message in the visitor's language (Simplified Chinese first), on the pages and in the
API. The fuzz test that walks every URL is tests/fuzz/test_every_url_bad_parameters.py."""

from __future__ import annotations

import base64

import pytest
from django.conf import settings
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import street_staff
from tests.factories.alliance import UnitFactory, party_committee

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999999"
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


@pytest.fixture
def staff_client(client, small_street):
    client.force_login(street_staff(small_street.street))
    return client


@pytest.fixture
def api(small_street):
    api = APIClient()
    token = Token.objects.create(user=street_staff(small_street.street))
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}", HTTP_ACCEPT_LANGUAGE="zh-hans")
    return api


def _page(response) -> str:
    return response.content.decode()


# --- the pages ---------------------------------------------------------------------------------


@pytest.mark.parametrize("compound", ["abc", "²", "1e309", "\x00"])
def test_a_compound_that_is_not_a_number_is_a_400_on_the_map(client, small_street, compound):
    response = client.get(reverse("servicemap:nearby"), {"compound": compound}, **ZH)
    assert response.status_code == 400
    page = _page(response)
    assert "无法识别该网址" in page  # the site's 400 page, in the site's look
    assert 'class="site-header"' in page
    assert "输入整数。" in page or "不允许是用空字符串。" in page


def test_the_400_page_speaks_the_visitors_language(client, small_street):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the language switch's choice
    response = client.get(reverse("servicemap:nearby"), {"compound": "abc"})
    assert response.status_code == 400
    assert "Enter a whole number." in _page(response)


def test_a_bad_query_is_never_kept_for_the_next_visitor(client, small_street):
    url = f"{reverse('servicedesk:menu')}?unit=abc"
    assert [client.get(url, **ZH).status_code for _ in range(2)] == [400, 400]
    assert client.get(reverse("servicedesk:menu"), **ZH).status_code == 200


@pytest.mark.parametrize(
    ("unit", "message"),
    [
        (HUGE, "确保该值小于或等于9223372036854775807。"),
        ("²", "输入整数。"),
        ("-1", "确保该值大于或等于1。"),
    ],
)
def test_an_out_of_range_unit_on_the_menu_is_a_400(client, small_street, unit, message):
    response = client.get(reverse("servicedesk:menu"), {"unit": unit}, **ZH)
    assert response.status_code == 400
    assert message in _page(response)


def test_an_unknown_category_on_the_menu_is_a_400(client, small_street):
    response = client.get(reverse("servicedesk:menu"), {"category": "castle"}, **ZH)
    assert response.status_code == 400
    assert "选择一个有效的选项。 castle 不在可用的选项中。" in _page(response)


def test_an_unknown_status_on_the_follow_up_list_is_a_400(staff_client):
    response = staff_client.get(reverse("alliance:followups"), {"status": "bogus"}, **ZH)
    assert response.status_code == 400
    assert "选择一个有效的选项。 bogus 不在可用的选项中。" in _page(response)


@pytest.mark.parametrize("year", ["0", "99999", "²"])
def test_a_year_out_of_range_on_a_pledge_board_is_a_400(client, small_street, year):
    board = reverse("pledges:board", args=[small_street.communities[0].pk])
    response = client.get(board, {"year": year}, **ZH)
    assert response.status_code == 400
    assert "确保该值" in _page(response) or "输入整数。" in _page(response)


@pytest.mark.parametrize("year", [0, 99999])
def test_a_year_out_of_range_in_a_page_address_is_a_404(staff_client, small_street, year):
    community = small_street.communities[0]
    unit = UnitFactory(community=community)
    committee = party_committee(community)
    for url in (
        f"/volunteer/units/{unit.pk}/score-sheet/{year}/",
        f"/volunteer/dual-report/{community.pk}/{year}/",
        f"/alliance/committees/{committee.pk}/rota/{year}/",
    ):
        response = staff_client.get(url, **ZH)
        assert response.status_code == 404, url
        assert "页面不存在" in _page(response), url
    assert staff_client.get(f"/volunteer/units/{unit.pk}/score-sheet/2026/").status_code == 200


@pytest.mark.parametrize("month", ["9999-12", "0000-00", "2026-13", "abc"])
def test_a_month_out_of_range_is_a_400_on_the_monthly_pages(staff_client, month):
    for name in ("dashboard:home", "dashboard:report", "volunteers:hours-export"):
        response = staff_client.get(reverse(name), {"month": month}, **ZH)
        assert response.status_code == 400, name
        assert "请按“年-月”（YYYY-MM）填写月份" in _page(response), name


def test_a_month_out_of_range_in_an_evaluation_address_is_a_404(staff_client, small_street):
    committee = party_committee(small_street.communities[0])
    response = staff_client.get(f"/alliance/committees/{committee.pk}/evaluation/9999-12/", **ZH)
    assert response.status_code == 404
    assert "页面不存在" in _page(response)


def test_a_place_that_is_not_a_number_is_a_400_on_the_dashboard(staff_client):
    response = staff_client.get(reverse("dashboard:report"), {"node": "²"}, **ZH)
    assert response.status_code == 400
    assert "输入整数。" in _page(response)


@pytest.mark.parametrize(
    ("name", "param"), [("volunteers:units", "q"), ("servicedesk:wishes", "street")]
)
def test_a_nul_byte_is_a_400(client, small_street, name, param):
    response = client.get(reverse(name), {param: "a\x00b"}, **ZH)
    assert response.status_code == 400
    assert "不允许是用空字符串。" in _page(response)


# --- the API -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "bbox", ["1,2,3", "a,b,c,d", "nan,inf,-inf,nan", "1,2,3,4,5", "1e309,0,1,1", "1," * 300]
)
def test_a_malformed_bounding_box_is_a_400(api, bbox):
    response = api.get("/api/v1/service-sites/", {"bbox": bbox})
    assert response.status_code == 400
    assert response.json()["bbox"][0].startswith("请按“最小经度,最小纬度,最大经度,最大纬度”")


def test_a_point_search_with_an_unreadable_point_is_a_400(api):
    response = api.get("/api/v1/service-sites/", {"lat": "nan", "lng": "117"})
    assert response.status_code == 400
    assert response.json()["lat"] == ["输入一个数字。"]


@pytest.mark.parametrize(
    "cursor",
    [
        base64.b64encode(b"p=not-a-date").decode(),
        base64.b64encode(b"r=1&p=2026-02-30 00:00:00").decode(),
    ],
)
@pytest.mark.parametrize("ledger", ["checkins", "signups", "points"])
def test_a_malformed_cursor_is_a_404(api, ledger, cursor):
    response = api.get(f"/api/v1/{ledger}/", {"cursor": cursor})
    assert response.status_code == 404
    assert response.json()["detail"] == "无效游标"


@pytest.mark.parametrize(
    ("url", "field", "message"),
    [
        ("/api/v1/stats/monthly/?months=abc", "months", "输入整数。"),
        ("/api/v1/stats/monthly/?months=0", "months", "确保该值大于或等于1。"),
        ("/api/v1/stats/monthly/?node=%C2%B2", "node", "输入整数。"),
        ("/api/v1/stats/league/?month=9999-12", "month", None),
        ("/api/v1/stats/league/?month=0000-01", "month", None),
        (f"/api/v1/stats/league/?node={HUGE}", "node", "确保该值小于或等于9223372036854775807。"),
    ],
)
def test_a_bad_monthly_statistics_query_is_a_400(api, url, field, message):
    response = api.get(url)
    assert response.status_code == 400, url
    errors = response.json()[field]
    if message is None:
        assert errors[0].startswith("请按“年-月”（YYYY-MM）填写月份"), errors
    else:
        assert errors == [message]
