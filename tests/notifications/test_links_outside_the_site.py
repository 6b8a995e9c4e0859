"""A link in an e-mail or a text message is whole (SITE_URL before the site's own path), so a
person can open it from the mail app; the in-app list keeps the site's own path."""

import pytest
from django.core import mail

from notifications.models import Notification
from notifications.services import notify, preference_update

from .conftest import person

pytestmark = pytest.mark.django_db


def test_mail_and_sms_carry_the_whole_address(
    settings, django_capture_on_commit_callbacks, sms_outbox
):
    settings.SITE_URL = "https://alliance.example.org/"
    someone = person()
    preference_update(user=someone, email=True, sms=True)
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[someone], subject="会议通知", body="正文", url="/alliance/", kind="t")
    assert "https://alliance.example.org/alliance/" in mail.outbox[0].body
    assert "https://alliance.example.org/alliance/" in sms_outbox[0].text
    assert Notification.objects.get(recipient=someone).url == "/alliance/"


def test_without_a_site_url_the_path_stays_as_it_is(settings, django_capture_on_commit_callbacks):
    settings.SITE_URL = ""
    someone = person()
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[someone], subject="会议通知", body="正文", url="/alliance/", kind="t")
    assert mail.outbox[0].body.endswith("\n\n/alliance/")
