"""Repeated wrong passwords lock a user name out from that address, with a page in Chinese."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import street_staff

pytestmark = pytest.mark.django_db


def sign_in(client, username: str, password: str):
    return client.post(
        reverse("admin:login"), {"username": username, "password": password, "next": "/admin/"}
    )


def test_five_wrong_passwords_lock_the_name_even_with_the_right_one(client, small_street):
    user = street_staff(small_street.street)
    for _ in range(4):
        assert sign_in(client, user.username, "wrong-password").status_code == 200
    locked = sign_in(client, user.username, "wrong-password")
    assert locked.status_code == 429
    assert "登录已暂停" in locked.content.decode()
    # Now even the right password is refused from here, and nobody is signed in.
    again = sign_in(client, user.username, "correct-horse-battery")
    assert again.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_success_before_the_limit_resets_the_count(client, small_street):
    user = street_staff(small_street.street)
    for _ in range(4):
        sign_in(client, user.username, "wrong-password")
    assert sign_in(client, user.username, "correct-horse-battery").status_code == 302
    client.logout()
    for _ in range(4):
        assert sign_in(client, user.username, "wrong-password").status_code == 200


def test_the_api_token_sign_in_is_guarded_too(client, small_street):
    user = street_staff(small_street.street)
    for _ in range(5):
        client.post("/api/v1/auth/token/", {"username": user.username, "password": "nope"})
    response = client.post(
        "/api/v1/auth/token/", {"username": user.username, "password": "correct-horse-battery"}
    )
    assert response.status_code == 429
    assert "token" not in response.content.decode()
