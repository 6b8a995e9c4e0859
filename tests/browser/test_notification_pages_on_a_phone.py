"""The inbox and the settings page on a phone: nothing wider than the screen, and the choices
can be changed with taps."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from notifications.models import Notification, NotificationPreference
from tests.browser.conftest import shot, sign_in
from tests.notifications.conftest import person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"
WIDER_THAN_THE_SCREEN = "() => document.documentElement.scrollWidth > window.innerWidth"


def test_the_inbox_and_settings_fit_a_phone(phone, live_server):
    user = person()
    now = timezone.now()
    Notification.objects.bulk_create(
        Notification(
            recipient=user,
            subject=f"会议已安排在 2099-03-10 09:00：三月联席会议 {i}",
            body="三月联席会议定于 2099-03-10 09:00 在社区党群服务中心会议室召开，"
            "请确认本单位出席。",
            url="/alliance/",
            created_at=now - datetime.timedelta(minutes=i),
            read_at=now if i % 3 == 0 else None,
        )
        for i in range(25)
    )
    sign_in(phone, live_server.url, user.username, PASSWORD)
    phone.goto(f"{live_server.url}/notifications/")
    assert phone.locator("tr.unread").count() == 13  # of the first 20, those not read
    assert not phone.evaluate(WIDER_THAN_THE_SCREEN)
    shot(phone, "notifications-inbox")
    with phone.expect_navigation():
        phone.click("form[action$='/read-all/'] button")
    assert phone.locator("tr.unread").count() == 0

    phone.goto(f"{live_server.url}/notifications/settings/")
    assert not phone.evaluate(WIDER_THAN_THE_SCREEN)
    shot(phone, "notifications-settings")
    phone.check("#id_sms")
    with phone.expect_navigation():
        phone.click("main form.stack button[type=submit]")
    assert NotificationPreference.objects.get(user=user).sms
