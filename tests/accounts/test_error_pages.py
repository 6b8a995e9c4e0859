"""The site's own error pages: in the site's look and language, with a way back."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def test_a_forbidden_page_says_why_and_whom_to_ask(client, small_street):
    volunteer = UserFactory(role=Role.VOLUNTEER, first_name="李梅")
    client.force_login(volunteer)
    page = client.get(reverse("dashboard:home"), **ZH)
    assert page.status_code == 403
    body = page.content.decode()
    assert "李梅" in body
    assert "志愿者" in body  # the role the account has
    assert "街道" in body  # whom to ask
    assert reverse("workspace:home") in body
    assert 'class="site-header"' in body


def test_a_form_without_its_token_gets_the_site_page(small_street):
    client = Client(enforce_csrf_checks=True)
    page = client.post(reverse("servicedesk:help"), {}, **ZH)
    assert page.status_code == 403
    body = page.content.decode()
    assert 'class="site-header"' in body
    assert "表单" in body
    assert "CSRF" not in body


def test_an_unknown_address_gets_the_site_404(client, settings):
    settings.DEBUG = False
    page = client.get("/no-such-page/", **ZH)
    assert page.status_code == 404
    assert 'class="site-header"' in page.content.decode()


@pytest.mark.urls("tests.accounts.crash_urls")
def test_a_crash_gets_the_site_500_page(settings):
    settings.DEBUG = False
    page = Client(raise_request_exception=False).get("/crash/", **ZH)
    assert page.status_code == 500
    body = page.content.decode()
    assert "出错了" in body
    assert "boom" not in body and "Traceback" not in body


def test_an_unknown_tracking_code_answers_404_with_the_form(client, small_street):
    page = client.get(reverse("servicedesk:track-code", args=["NOSUCHCODE"]), **ZH)
    assert page.status_code == 404
    body = page.content.decode()
    assert 'name="code"' in body
    assert "NOSUCHCODE" in body
