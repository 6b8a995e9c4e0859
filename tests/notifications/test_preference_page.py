"""/notifications/settings/: a signed-in user chooses e-mail and SMS."""

import pytest
from django.urls import reverse

from notifications.models import NotificationPreference

from .conftest import person

pytestmark = pytest.mark.django_db

PAGE = reverse("notifications:settings")


def test_the_page_shows_the_defaults_without_writing(client):
    user = person()
    client.force_login(user)
    response = client.get(PAGE)
    assert response.status_code == 200
    form = response.context["form"]
    assert form["email"].value() is True and form["sms"].value() is False
    assert not NotificationPreference.objects.exists()


def test_saving_records_the_choice(client):
    user = person()
    client.force_login(user)
    response = client.post(PAGE, {"sms": "on"})
    assert response.status_code == 302
    saved = NotificationPreference.objects.get(user=user)
    assert saved.sms is True and saved.email is False
    assert client.get(PAGE).context["form"]["sms"].value() is True
    client.post(PAGE, {"email": "on"})
    saved.refresh_from_db()
    assert saved.email is True and saved.sms is False
    assert NotificationPreference.objects.count() == 1


def test_it_says_when_the_account_has_no_phone(client):
    client.force_login(person(phone=""))
    assert "no phone number" in client.get(PAGE, HTTP_ACCEPT_LANGUAGE="en").content.decode() or (
        "手机号码" in client.get(PAGE).content.decode()
    )


def test_the_page_needs_a_sign_in(client):
    assert client.get(PAGE).status_code == 302
    assert client.post(PAGE, {"sms": "on"}).status_code == 302
    assert not NotificationPreference.objects.exists()
