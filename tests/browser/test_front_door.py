"""The front door in Chromium at phone size: from the header's sign-in link to the workspace,
by password and by a text-message code, then the user menu and signing out."""

from __future__ import annotations

import re

import pytest

from accounts.models import Role
from tests.browser.conftest import shot
from tests.factories import StreetFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def person():
    StreetFactory(name="张湾街道")
    return UserFactory(username="liu", role=Role.VOLUNTEER, first_name="刘洋", phone="13911112222")


def test_sign_in_from_the_header_then_sign_out(phone, live_server, person):
    phone.goto(f"{live_server.url}/menu/")
    phone.click("header .sign-in")
    phone.fill("#id_username", "13911112222")  # the phone number stands for the user name
    phone.fill("#id_password", "correct-horse-battery")
    with phone.expect_navigation() as landing:
        phone.click("main button[type=submit]")
    assert "/accounts/login/" not in phone.url
    assert landing.value.status == 200  # the volunteer's workspace, even before registering
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.click("details.user-menu summary")
    panel = phone.locator(".user-panel")
    assert panel.is_visible()
    assert "刘洋" in panel.inner_text()
    assert "志愿者" in panel.inner_text()
    shot(phone, "front-door-user-menu")
    with phone.expect_navigation():
        panel.locator("button[type=submit]").click()
    assert phone.locator("header .sign-in").is_visible()


def test_sign_in_by_a_text_message_code(phone, live_server, person, sms_outbox):
    phone.goto(f"{live_server.url}/accounts/login/")
    phone.click("text=使用手机短信验证码登录")
    phone.fill("#id_phone", "13911112222")
    with phone.expect_navigation():
        phone.click("button[value=send]")
    assert len(sms_outbox) == 1
    code = re.search(r"\b(\d{6})\b", sms_outbox[0].text)[1]
    # The message that the code is on its way shows without scrolling, above the code field.
    assert phone.locator(".messages").is_visible()
    assert phone.locator(".messages").bounding_box()["y"] < 844
    phone.fill("#id_code", code)
    with phone.expect_navigation() as landing:
        phone.click("button[value=check]")
    assert "/accounts/login/" not in phone.url
    assert landing.value.status == 200
    assert phone.locator("details.user-menu").is_visible()
    shot(phone, "front-door-sms")


def test_the_menu_button_opens_the_navigation(phone, live_server, person):
    phone.goto(f"{live_server.url}/menu/")
    nav = phone.locator("#site-nav")
    assert not nav.is_visible()
    phone.click(".menu-button")
    assert nav.is_visible()
    assert phone.locator(".menu-button").get_attribute("aria-expanded") == "true"
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
