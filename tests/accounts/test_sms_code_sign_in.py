"""Signing in by a code sent to the phone (短信验证码): short-lived, single-use, a few tries,
rate limited per phone and per client, the same answer for unknown numbers, never for staff."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import PhoneCode, Role
from tests.factories import UserFactory, street_staff

pytestmark = pytest.mark.django_db

PHONE = "13912345678"


@pytest.fixture
def resident(db):
    return UserFactory(role=Role.VOLUNTEER, phone=PHONE)


def ask(client, phone: str = PHONE, **extra):
    return client.post(reverse("accounts:sms-login"), {"phone": phone, "action": "send"}, **extra)


def answer(client, code: str, phone: str = PHONE, **extra):
    return client.post(
        reverse("accounts:sms-login"), {"phone": phone, "code": code, "action": "check", **extra}
    )


def last_code(outbox) -> str:
    return re.search(r"\b(\d{6})\b", outbox[-1].text).group(1)


def test_a_code_by_text_message_signs_the_resident_in(client, resident, sms_outbox):
    page = ask(client, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert page.status_code == 200
    assert [m.phone for m in sms_outbox] == [PHONE]
    assert "验证码" in sms_outbox[0].text
    assert 'name="code"' in page.content.decode()  # the second step is on the same page
    signed_in = answer(client, last_code(sms_outbox))
    assert signed_in.status_code == 302
    assert signed_in.url == reverse("workspace:home")
    assert client.session["_auth_user_id"] == str(resident.pk)


def test_the_code_is_kept_only_as_a_hash(client, resident, sms_outbox):
    ask(client)
    stored = PhoneCode.objects.get(phone=PHONE)
    assert last_code(sms_outbox) not in stored.code_hash


def test_a_code_works_once(client, resident, sms_outbox):
    ask(client)
    code = last_code(sms_outbox)
    assert answer(client, code).status_code == 302
    client.logout()
    again = answer(client, code)
    assert again.status_code == 200
    assert "_auth_user_id" not in client.session


def test_five_wrong_codes_kill_the_code(client, resident, sms_outbox):
    ask(client)
    code = last_code(sms_outbox)
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(5):
        assert answer(client, wrong).status_code == 200
    assert answer(client, code).status_code == 200  # even the right one, now
    assert "_auth_user_id" not in client.session


def test_a_code_runs_out(client, resident, sms_outbox, settings):
    ask(client)
    PhoneCode.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert answer(client, last_code(sms_outbox)).status_code == 200
    assert "_auth_user_id" not in client.session


def test_one_code_a_minute_per_phone(client, resident, sms_outbox):
    ask(client)
    second = ask(client, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert len(sms_outbox) == 1
    assert "一分钟" in second.content.decode()


def test_codes_per_client_address_are_limited(client, db, sms_outbox):
    for n in range(20):
        UserFactory(role=Role.VOLUNTEER, phone=f"1390000{n:04d}")
    for n in range(20):
        ask(client, f"1390000{n:04d}")
    assert len(sms_outbox) == 20
    UserFactory(role=Role.VOLUNTEER, phone="13900009999")
    ask(client, "13900009999")
    assert len(sms_outbox) == 20


def test_an_unknown_number_gets_the_same_answer_and_no_message(client, resident, sms_outbox):
    known = ask(client, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    unknown = ask(client, "13800000000", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert [m.phone for m in sms_outbox] == [PHONE]
    strip = lambda page: page.replace(PHONE, "").replace("13800000000", "")  # noqa: E731
    assert re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", strip(known)) == re.sub(
        r'name="csrfmiddlewaretoken" value="[^"]+"', "", strip(unknown)
    )


def test_staff_sign_in_with_their_password_not_a_code(client, small_street, sms_outbox):
    street_staff(small_street.street, phone="13700001111")
    ask(client, "13700001111")
    assert sms_outbox == []


def test_enter_in_the_code_field_checks_the_code(client, resident, sms_outbox):
    page = ask(client).content.decode()
    # The browser sends a form with its first submit button: checking, not a new code.
    assert page.index('value="check"') < page.index('value="send"')


def test_an_empty_code_is_asked_for_and_costs_no_try(client, resident, sms_outbox):
    ask(client)
    for _ in range(6):
        page = answer(client, "", HTTP_ACCEPT_LANGUAGE="zh-hans")
        assert "请输入短信中的 6 位验证码" in page.content.decode()
    assert answer(client, last_code(sms_outbox)).status_code == 302


def test_a_registered_volunteer_gets_a_code(client, small_street, sms_outbox):
    from tests.factories.volunteers import volunteer

    v = volunteer(small_street.communities[0], phone="13655556666")
    ask(client, "13655556666")
    assert [m.phone for m in sms_outbox] == ["13655556666"]
    assert answer(client, last_code(sms_outbox), "13655556666").status_code == 302
    assert client.session["_auth_user_id"] == str(v.user_id)


class _Down:
    def send(self, phone: str, text: str) -> None:
        raise ConnectionError("provider down")


def test_a_provider_failure_answers_the_same_page(client, resident, settings):
    from common import sms

    settings.SMS_BACKEND = "tests.accounts.test_sms_code_sign_in._Down"
    sms.backend.cache_clear()
    page = ask(client)
    assert page.status_code == 200
    assert 'name="code"' in page.content.decode()
