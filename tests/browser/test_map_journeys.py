"""The map as a resident uses it on a phone: filter, search from a compound, from where they
stand and from a tap on the map, then open a site."""

from decimal import Decimal

import pytest

from servicemap.models import ServiceSite
from tests.browser.conftest import shot, wait_until
from tests.factories import CommunityFactory, CompoundFactory, StreetFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LAT, LNG = Decimal("36.860000"), Decimal("117.740000")


@pytest.fixture
def sites():
    street = StreetFactory(name="黛溪街道", latitude=LAT, longitude=LNG)
    community = CommunityFactory(parent=street, name="醴泉社区", latitude=LAT, longitude=LNG)
    CompoundFactory(parent=community, name="纸箱厂小区", latitude=LAT, longitude=LNG)
    made = {}
    for name, kind, dlat, dlng in [
        ("醴泉社区党群服务中心", "centre", "0.002", "0"),
        ("暖蜂驿站一号", "rest", "0.004", "0.001"),
        ("暖蜂驿站二号", "rest", "-0.003", "0.002"),
        ("远处的健康基地", "health", "0.030", "0"),
    ]:
        made[name] = ServiceSite.objects.create(
            name=name,
            kind=kind,
            node=community,
            address="醴泉路",
            hours="全天",
            contact_phone="13800000000",
            latitude=LAT + Decimal(dlat),
            longitude=LNG + Decimal(dlng),
        )
    return made


# Sites drawn on the map, counting those inside clusters.
COUNT_MARKERS = """() => {
  let n = document.querySelectorAll('.leaflet-marker-icon:not(.marker-cluster)').length;
  document.querySelectorAll('.marker-cluster span').forEach(s => n += parseInt(s.textContent, 10));
  return n;
}"""


def markers(page) -> int:
    return page.evaluate(COUNT_MARKERS)


def test_filtering_by_kind_redraws_the_markers(phone, live_server, sites):
    phone.goto(f"{live_server.url}/map/")
    wait_until(phone, "() => document.querySelectorAll('.leaflet-marker-icon').length > 0")
    everything = markers(phone)
    assert everything >= 3
    with phone.expect_response(lambda r: "kind=rest" in r.url):
        phone.select_option("#kind", "rest")
    wait_until(phone, f"() => ({COUNT_MARKERS})() === 2", timeout=5)
    shot(phone, "map-filtered")


def test_search_from_where_the_phone_is(chromium, live_server, sites):
    context = chromium.new_context(
        viewport={"width": 390, "height": 844},
        locale="zh-CN",
        is_mobile=True,
        geolocation={"latitude": float(LAT), "longitude": float(LNG)},
        permissions=["geolocation"],
    )
    page = context.new_page()
    page.route("**/tile.openstreetmap.org/**", lambda route: route.abort())
    try:
        page.goto(f"{live_server.url}/map/")
        locate = page.get_by_role("button", name="用我的位置")
        assert locate.is_visible()  # the script shows it once it knows the phone can locate
        with page.expect_navigation():
            locate.click()
        assert "lat=36.860000" in page.url and "lng=117.740000" in page.url
        assert page.locator("ol.cards li h3").all_inner_texts() == [
            "醴泉社区党群服务中心",
            "暖蜂驿站二号",
            "暖蜂驿站一号",
        ]
        assert page.get_by_role("heading", name="从所选位置出发").is_visible()
        shot(page, "map-from-my-location")
    finally:
        context.close()


def test_a_refused_location_says_what_to_do_instead(chromium, live_server, sites):
    context = chromium.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    page = context.new_page()  # no geolocation permission granted
    page.route("**/tile.openstreetmap.org/**", lambda route: route.abort())
    try:
        page.goto(f"{live_server.url}/map/")
        page.get_by_role("button", name="用我的位置").click()
        status = page.locator("#locate-status")
        status.filter(has_text="无法获取您的位置").wait_for(timeout=15000)
        assert "/map/" in page.url and "lat=" not in page.url
    finally:
        context.close()


def test_tapping_the_map_searches_from_that_spot(phone, live_server, sites):
    phone.goto(f"{live_server.url}/map/?kind=rest")
    phone.wait_for_selector(".leaflet-container")
    box = phone.locator("#map").bounding_box()
    with phone.expect_navigation():
        # the middle of the map is the street's centre; tap a little north-east of it
        phone.mouse.click(box["x"] + box["width"] / 2 + 40, box["y"] + box["height"] / 2 - 40)
    assert "lat=" in phone.url and "lng=" in phone.url and "kind=rest" in phone.url
    names = phone.locator("ol.cards li h3").all_inner_texts()
    assert names and set(names) <= {"暖蜂驿站一号", "暖蜂驿站二号"}  # the filter is kept
    shot(phone, "map-from-a-tap")


def test_open_a_site_from_the_results(phone, live_server, sites):
    compound = sites["醴泉社区党群服务中心"].node.get_descendants().get(name="纸箱厂小区")
    phone.goto(f"{live_server.url}/map/?compound={compound.pk}")
    with phone.expect_navigation():
        phone.get_by_role("link", name="醴泉社区党群服务中心").click()
    assert phone.get_by_role("heading", name="醴泉社区党群服务中心", level=1).is_visible()
    assert phone.locator("a[href='tel:13800000000']").is_visible()
    phone.wait_for_selector(".leaflet-marker-icon")
    with phone.expect_navigation():
        phone.get_by_role("link", name="这里步行可达的其他服务").click()
    assert phone.locator("ol.cards li h3").first.inner_text() == "醴泉社区党群服务中心"
    shot(phone, "site-page")
