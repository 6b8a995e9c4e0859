"""Optional two-step sign-in for back-office staff: turned on with an authenticator app's code,
then signing in needs that code as well as the password; off again with a code."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import street_staff

pytestmark = pytest.mark.django_db


def code_for(device: TOTPDevice, offset: int = 0) -> str:
    """The app's code now, or `offset` windows of 30 seconds ahead."""
    value = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset)
    return f"{value:06d}"


def sign_in(client, user, code: str = ""):
    return client.post(
        reverse("admin:login"),
        {
            "username": user.username,
            "password": "correct-horse-battery",
            "otp_token": code,
            "next": "/admin/",
        },
    )


@pytest.fixture
def staff(small_street):
    return street_staff(small_street.street)


def turn_on(client, staff) -> TOTPDevice:
    client.force_login(staff)
    client.post(reverse("accounts:two-step"), {"action": "start"})
    device = TOTPDevice.objects.get(user=staff)
    page = client.get(reverse("accounts:two-step")).content.decode()
    assert "<svg" in page and not device.confirmed  # the QR code to scan
    response = client.post(
        reverse("accounts:two-step"), {"action": "confirm", "code": code_for(device)}
    )
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    client.logout()
    return device


def test_without_two_step_the_password_is_enough(client, staff):
    assert sign_in(client, staff).status_code == 302


def test_with_two_step_on_the_code_is_needed(client, staff, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # no back-off between the attempts of this test
    device = turn_on(client, staff)
    missing = sign_in(client, staff)
    assert missing.status_code == 200 and "6 位验证码" in missing.content.decode()
    wrong = sign_in(client, staff, "000000" if code_for(device) != "000000" else "111111")
    assert wrong.status_code == 200 and "_auth_user_id" not in client.session
    assert sign_in(client, staff, code_for(device, 1)).status_code == 302


def test_a_wrong_code_does_not_turn_it_on_and_turning_off_needs_a_code(client, staff):
    client.force_login(staff)
    client.post(reverse("accounts:two-step"), {"action": "start"})
    device = TOTPDevice.objects.get(user=staff)
    client.post(reverse("accounts:two-step"), {"action": "confirm", "code": "12"})
    device.refresh_from_db()
    assert not device.confirmed
    client.logout()
    device = turn_on(client, staff)
    client.force_login(staff)
    client.post(reverse("accounts:two-step"), {"action": "turn-off", "code": ""})
    assert TOTPDevice.objects.filter(user=staff, confirmed=True).exists()
    device.refresh_from_db()
    client.post(reverse("accounts:two-step"), {"action": "turn-off", "code": code_for(device, 1)})
    assert not TOTPDevice.objects.filter(user=staff).exists()
