"""Every workspace, with real rows, fits a 390 px phone screen and breaks no CSP rule."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.browser.conftest import shot
from tests.workspace.world import fill
from tests.workspace.world import world_of_its_own as world  # noqa: F401 - the workspaces' rows

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = [
    ("contact", "workspace:unit"),
    ("volunteer_user", "workspace:volunteer"),
    ("secretary", "workspace:community"),
    ("staff", "workspace:street"),
]


def test_every_workspace_fits_a_phone(phone, live_server, world):  # noqa: F811
    fill(world["a"], 2)
    for who, name in PAGES:
        user = world["staff"] if who == "staff" else world["a"][who]
        client = Client()
        client.force_login(user)
        phone.context.clear_cookies()
        phone.context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": live_server.url,
                },
                {"name": "django_language", "value": "zh-hans", "url": live_server.url},
            ]
        )
        response = phone.goto(f"{live_server.url}{reverse(name)}")
        assert response.status == 200, name
        assert phone.locator("main section h2").count() >= 3, name
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{name} is {width} px wide"
        shot(phone, f"workspace-{name.split(':')[1]}")
