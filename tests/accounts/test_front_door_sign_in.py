"""The site's front door, /accounts/login/: every role signs in there, by user name or phone,
with the lock-out and the two-step code applying as in the back office."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Role
from tests.factories import UserFactory, secretary, street_staff
from tests.factories.alliance import UnitFactory, contact

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"


def sign_in(client, username: str, password: str = PASSWORD, **extra):
    return client.post(
        reverse("accounts:login"), {"username": username, "password": password, **extra}
    )


def test_the_page_is_in_chinese_and_offers_every_way_in(client):
    page = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    body = page.content.decode()
    assert page.status_code == 200
    assert "登录" in body
    assert "用户名或手机号" in body
    for name in ("accounts:sms-login", "accounts:password-reset", "accounts:sms-reset"):
        assert reverse(name) in body


def test_each_role_lands_on_its_own_page(client, small_street):
    community = small_street.communities[0]
    unit = UnitFactory(community=small_street.communities[0])
    people = [
        street_staff(small_street.street),
        secretary(community),
        contact(unit),
        UserFactory(role=Role.VOLUNTEER),
    ]
    landings = set()
    for user in people:
        client.logout()
        first = sign_in(client, user.username)
        assert first.status_code == 302
        assert first.url == reverse("workspace:home")
        landing = client.get(first.url)
        assert landing.status_code == 302, user.role
        landings.add(landing.url)
    assert len(landings) == 4  # four roles, four different workspaces


def test_the_phone_number_stands_for_the_user_name(client, small_street):
    user = UserFactory(role=Role.VOLUNTEER, phone="13900001111")
    assert sign_in(client, "13900001111").status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_a_phone_two_accounts_share_signs_in_neither(client, small_street):
    UserFactory(role=Role.VOLUNTEER, phone="13900002222")
    UserFactory(role=Role.VOLUNTEER, phone="13900002222")
    page = sign_in(client, "13900002222")
    assert page.status_code == 200
    assert "_auth_user_id" not in client.session


def test_a_wrong_password_keeps_the_visitor_out_with_a_message(client, small_street):
    user = UserFactory(role=Role.VOLUNTEER)
    page = sign_in(client, user.username, "wrong", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert page.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "errorlist" in page.content.decode()


def test_five_wrong_passwords_lock_the_front_door_too(client, small_street):
    user = UserFactory(role=Role.VOLUNTEER, phone="13900003333")
    for _ in range(5):
        sign_in(client, user.username, "wrong")
    assert sign_in(client, user.username).status_code == 429
    assert "_auth_user_id" not in client.session


def test_two_step_applies_at_the_front_door(client, small_street):
    user = street_staff(small_street.street)
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    assert sign_in(client, user.username).status_code == 200
    assert "_auth_user_id" not in client.session
    value = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    assert sign_in(client, user.username, otp_token=f"{value:06d}").status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_next_is_followed_only_within_the_site(client, small_street):
    user = UserFactory(role=Role.VOLUNTEER)
    inside = sign_in(client, user.username, next="/activities/")
    assert inside.url == "/activities/"
    client.logout()
    outside = sign_in(client, user.username, next="https://evil.example/")
    assert outside.url == reverse("workspace:home")


def test_a_page_that_needs_an_account_sends_the_visitor_to_the_front_door(client):
    page = client.get(reverse("notifications:inbox"))
    assert page.status_code == 302
    assert page.url.startswith(reverse("accounts:login"))


def test_sign_out_is_a_post(client, small_street):
    user = UserFactory(role=Role.VOLUNTEER)
    client.force_login(user)
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert "_auth_user_id" in client.session
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_the_phone_and_the_user_name_share_one_lock_out(client, small_street):
    user = UserFactory(role=Role.VOLUNTEER, phone="13900004444")
    for spelling in ["13900004444", user.username, "13900004444", user.username, " 13900004444"]:
        sign_in(client, spelling, "wrong")  # five wrong tries, by either name
    assert sign_in(client, user.username).status_code == 429
    assert sign_in(client, "13900004444").status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_phone_with_spaces_does_not_sign_in(client, small_street):
    UserFactory(role=Role.VOLUNTEER, phone="13900005555")
    assert sign_in(client, "139 0000 5555").status_code == 200
    assert "_auth_user_id" not in client.session
