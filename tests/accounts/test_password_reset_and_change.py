"""A forgotten password is reset by e-mail or by a text-message code; a known one is changed."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PHONE = "13912340000"


@pytest.fixture
def person(db):
    return UserFactory(role=Role.VOLUNTEER, phone=PHONE, email="li@example.org")


def can_sign_in(client, user, password: str) -> bool:
    client.logout()
    response = client.post(
        reverse("accounts:login"), {"username": user.username, "password": password}
    )
    return response.status_code == 302


def test_reset_by_e_mail(client, person):
    sent = client.post(reverse("accounts:password-reset"), {"email": "li@example.org"})
    assert sent.url == reverse("accounts:password-reset-sent")
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/accounts/password/reset/\S+/)", mail.outbox[0].body)[1]
    form = client.get(link, follow=True)
    assert form.status_code == 200
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "a-new-long-password-9", "new_password2": "a-new-long-password-9"},
    )
    assert done.url == reverse("accounts:password-reset-done")
    assert can_sign_in(client, person, "a-new-long-password-9")
    assert not can_sign_in(client, person, "correct-horse-battery")


def test_an_unknown_address_gets_the_same_page_and_no_mail(client, person):
    sent = client.post(reverse("accounts:password-reset"), {"email": "nobody@example.org"})
    assert sent.url == reverse("accounts:password-reset-sent")
    assert mail.outbox == []


def test_reset_by_text_message(client, person, sms_outbox):
    url = reverse("accounts:sms-reset")
    client.post(url, {"phone": PHONE, "action": "send"})
    code = re.search(r"\b(\d{6})\b", sms_outbox[-1].text)[1]
    checked = client.post(url, {"phone": PHONE, "code": code, "action": "check"})
    assert checked.url == reverse("accounts:sms-reset-password")
    saved = client.post(
        checked.url,
        {"new_password1": "a-new-long-password-9", "new_password2": "a-new-long-password-9"},
    )
    assert saved.url == reverse("accounts:login")
    assert can_sign_in(client, person, "a-new-long-password-9")
    # The step is used up: the new-password page does not open again without a new code.
    assert client.get(reverse("accounts:sms-reset-password")).url == url


def test_the_new_password_page_needs_a_checked_code(client, person):
    page = client.get(reverse("accounts:sms-reset-password"))
    assert page.status_code == 302
    assert page.url == reverse("accounts:sms-reset")


def test_change_password_when_signed_in(client, person):
    client.force_login(person)
    changed = client.post(
        reverse("accounts:password-change"),
        {
            "old_password": "correct-horse-battery",
            "new_password1": "a-new-long-password-9",
            "new_password2": "a-new-long-password-9",
        },
    )
    assert changed.url == reverse("accounts:password-change-done")
    assert can_sign_in(client, person, "a-new-long-password-9")


def test_change_password_needs_the_old_one(client, person):
    client.force_login(person)
    page = client.post(
        reverse("accounts:password-change"),
        {
            "old_password": "wrong",
            "new_password1": "a-new-long-password-9",
            "new_password2": "a-new-long-password-9",
        },
    )
    assert page.status_code == 200
    assert can_sign_in(client, person, "correct-horse-battery")


def _checked_code(client, phone: str, sms_outbox) -> None:
    url = reverse("accounts:sms-reset")
    client.post(url, {"phone": phone, "action": "send"})
    code = re.search(r"\b(\d{6})\b", sms_outbox[-1].text)[1]
    client.post(url, {"phone": phone, "code": code, "action": "check"})


NEW = {"new_password1": "a-new-long-password-9", "new_password2": "a-new-long-password-9"}


def test_staff_get_no_reset_code(client, small_street, sms_outbox):
    from tests.factories import street_staff

    street_staff(small_street.street, phone="13700002222")
    client.post(reverse("accounts:sms-reset"), {"phone": "13700002222", "action": "send"})
    assert sms_outbox == []


def test_the_reset_step_dies_when_the_password_changes_meanwhile(client, person, sms_outbox):
    _checked_code(client, PHONE, sms_outbox)
    person.set_password("changed-elsewhere-77")
    person.save()
    page = client.post(reverse("accounts:sms-reset-password"), NEW)
    assert page.url == reverse("accounts:sms-reset")
    assert can_sign_in(client, person, "changed-elsewhere-77")


def test_the_reset_step_is_not_for_whoever_signs_in_next(client, person, sms_outbox):
    _checked_code(client, PHONE, sms_outbox)
    other = UserFactory(role=Role.VOLUNTEER)
    client.post(
        reverse("accounts:login"), {"username": other.username, "password": "correct-horse-battery"}
    )
    page = client.post(reverse("accounts:sms-reset-password"), NEW)
    assert page.url == reverse("accounts:sms-reset")
    assert can_sign_in(client, person, "correct-horse-battery")


def test_a_reset_ends_a_lock_out(client, person, sms_outbox):
    for _ in range(5):
        client.post(reverse("accounts:login"), {"username": person.username, "password": "x"})
    assert (
        client.post(
            reverse("accounts:login"),
            {"username": person.username, "password": "correct-horse-battery"},
        ).status_code
        == 429
    )
    _checked_code(client, PHONE, sms_outbox)
    client.post(reverse("accounts:sms-reset-password"), NEW)
    assert can_sign_in(client, person, "a-new-long-password-9")
