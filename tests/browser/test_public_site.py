"""The public site in a real (headless) Chromium, phone-sized, as a resident would use it."""

import datetime
import re
from decimal import Decimal

import pytest

from pledges import services as pledge_services
from pledges.models import PledgeRating
from servicedesk.models import MicroWish, ServiceRequest
from servicemap.models import ServiceSite
from tests.browser.conftest import shot, wait_until
from tests.factories import CommunityFactory, CompoundFactory, StreetFactory
from tests.factories.alliance import UnitFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LAT, LNG = Decimal("36.860000"), Decimal("117.740000")


@pytest.fixture
def street():
    street = StreetFactory(name="黛溪街道", latitude=LAT, longitude=LNG)
    community = CommunityFactory(parent=street, name="醴泉社区", latitude=LAT, longitude=LNG)
    compound = CompoundFactory(parent=community, name="纸箱厂小区", latitude=LAT, longitude=LNG)
    for name, dlat in [("醴泉社区党群服务中心", "0.002"), ("暖蜂驿站", "0.005")]:
        ServiceSite.objects.create(
            name=name,
            kind="rest",
            node=community,
            address="醴泉路",
            hours="全天",
            latitude=LAT + Decimal(dlat),
            longitude=LNG,
        )
    unit = UnitFactory(community=community, name="邹平市人民医院")
    pl = pledge_services.pledge_list_create(
        pledger_kind="unit",
        node=community,
        unit=unit,
        year=datetime.date.today().year,
        title="医院初心清单",
    )
    pledge_services.pledge_add(
        pledge_list=pl,
        text="每月一次社区义诊",
        category="service",
        due_on=datetime.date.today().replace(month=12, day=31),
    )
    pledge_services.pledge_list_submit(pledge_list=pl)
    pledge_services.pledge_list_review(pledge_list=pl, approve=True)
    return {"street": street, "community": community, "compound": compound}


def test_home_and_language_switch(phone, live_server, street):
    phone.goto(f"{live_server.url}/")
    assert phone.locator("html").get_attribute("lang") == "zh-hans"
    assert phone.get_by_role("heading", name="黛溪街道").is_visible()
    shot(phone, "home-zh")
    with phone.expect_navigation():
        phone.select_option("#language", "en")  # the form submits itself on change
    phone.wait_for_load_state()
    assert phone.locator("html").get_attribute("lang") == "en"
    assert phone.url.rstrip("/") == live_server.url  # the switch keeps the page
    shot(phone, "home-en")


def test_the_map_and_the_fifteen_minute_search(phone, live_server, street):
    phone.goto(f"{live_server.url}/map/")
    phone.select_option("select[name=compound]", str(street["compound"].pk))
    with phone.expect_navigation():
        phone.get_by_role("button", name="查找").click()
    cards = phone.locator("ol.cards li h3")
    assert cards.all_inner_texts() == ["醴泉社区党群服务中心", "暖蜂驿站"]  # nearest first
    assert "3.5 分钟" in phone.locator("ol.cards li").first.inner_text()
    phone.wait_for_selector(".leaflet-container", timeout=5000)
    phone.wait_for_selector(".leaflet-marker-icon, .marker-cluster", timeout=5000)
    shot(phone, "map")


def test_ask_for_help_then_track_it(phone, live_server, street):
    phone.goto(f"{live_server.url}/help/")
    phone.select_option("select[name=community]", str(street["community"].pk))
    phone.fill("input[name=resident_name]", "王奶奶")
    phone.fill("input[name=resident_phone]", "123")  # wrong: the form must say so and keep the rest
    phone.fill("textarea[name=description]", "楼道灯坏了")
    with phone.expect_navigation():
        phone.get_by_role("button", name="提交").click()
    assert phone.locator("textarea[name=description]").input_value() == "楼道灯坏了"
    assert phone.locator(".errorlist").count() >= 1
    assert not ServiceRequest.objects.exists()
    phone.fill("input[name=resident_phone]", "13811112222")
    phone.get_by_role("button", name="提交").click()
    # The code is shown once, on the thank-you page, and is not in its address.
    phone.wait_for_url(re.compile(r".*/thanks/$"))
    code = phone.locator("#tracking-code").inner_text()
    assert ServiceRequest.objects.get().tracking_code == code
    shot(phone, "thanks")
    phone.reload()
    assert phone.locator("#tracking-code").count() == 0  # not twice
    phone.goto(f"{live_server.url}/track/")
    phone.fill("input[name=code]", code.lower())
    phone.get_by_role("button", name="查询").click()
    phone.wait_for_url(re.compile(rf".*/track/{code}/"))
    assert "138********" in phone.content() and "王*" in phone.content()
    assert "王奶奶" not in phone.content()
    shot(phone, "tracked")


def test_post_a_wish_then_withdraw_it_with_the_phones_last_four(phone, live_server, street):
    phone.goto(f"{live_server.url}/wishes/new/")
    phone.select_option("select[name=community]", str(street["community"].pk))
    phone.fill("input[name=title]", "一副老花镜")
    phone.fill("input[name=resident_name]", "张爷爷")
    phone.fill("input[name=resident_phone]", "13911115678")
    phone.get_by_role("button", name="提交").click()
    phone.wait_for_url(re.compile(r".*/thanks/$"))
    with phone.expect_navigation():
        phone.get_by_role("link", name="现在查看进度").click()
    phone.fill("input[name=phone_last4]", "0000")  # a guess: refused
    with phone.expect_navigation():
        phone.get_by_role("button", name="撤回心愿").click()
    assert "后四位不符" in phone.content()
    assert MicroWish.objects.get().status == "submitted"
    phone.fill("input[name=phone_last4]", "5678")
    with phone.expect_navigation():
        phone.get_by_role("button", name="撤回心愿").click()
    assert MicroWish.objects.get().status == "cancelled"
    shot(phone, "wish-withdrawn")


def test_rate_a_pledge(phone, live_server, street):
    phone.goto(f"{live_server.url}/boards/{street['community'].pk}/")
    assert "每月一次社区义诊" in phone.content()
    with phone.expect_navigation():
        phone.get_by_role("button", name="测评").first.click()
    assert PledgeRating.objects.count() == 1
    assert "感谢您的测评" in phone.content()
    shot(phone, "pledge-board")


def test_the_work_unit_is_found_by_typing(phone, live_server, street):
    for name in ("邹平市中医院", "黛溪供电所"):  # with the fixture's 邹平市人民医院
        UnitFactory(community=street["community"], name=name)
    phone.goto(f"{live_server.url}/volunteer/register/")
    phone.fill("input[name=work_unit]", "医院")
    wait_until(phone, "() => document.querySelectorAll('#work-unit-options option').length === 2")
    options = phone.locator("#work-unit-options option")
    assert sorted(options.evaluate_all("(all) => all.map((o) => o.value)")) == [
        "邹平市中医院",
        "邹平市人民医院",
    ]
    shot(phone, "register-work-unit")
