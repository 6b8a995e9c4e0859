"""E-mail and SMS go by each person's choice; the in-app list always gets the notice."""

import pytest
from django.core import mail

from notifications.models import Notification, NotificationPreference
from notifications.services import notify, preference_update

from .conftest import person

pytestmark = pytest.mark.django_db


def send(people, capture):
    with capture(execute=True):
        notify(recipients=people, subject="会议通知", body="正文", url="/alliance/", kind="test")


def test_by_default_email_goes_and_sms_does_not(django_capture_on_commit_callbacks, sms_outbox):
    someone = person()
    send([someone], django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [[someone.email]]
    assert "/alliance/" in mail.outbox[0].body
    assert sms_outbox == []
    assert Notification.objects.get(recipient=someone).kind == "test"
    assert not NotificationPreference.objects.exists()  # defaults need no row


def test_opting_in_to_sms_sends_a_text_with_the_link(
    django_capture_on_commit_callbacks, sms_outbox
):
    someone = person()
    preference_update(user=someone, email=True, sms=True)
    send([someone], django_capture_on_commit_callbacks)
    assert [m.phone for m in sms_outbox] == [someone.phone]
    assert "会议通知" in sms_outbox[0].text and "/alliance/" in sms_outbox[0].text
    assert len(mail.outbox) == 1


def test_opting_out_of_email_keeps_only_the_in_app_notice(
    django_capture_on_commit_callbacks, sms_outbox
):
    someone = person()
    preference_update(user=someone, email=False, sms=False)
    send([someone], django_capture_on_commit_callbacks)
    assert mail.outbox == [] and sms_outbox == []
    assert Notification.objects.filter(recipient=someone).count() == 1


def test_sms_needs_a_phone_and_email_an_address(django_capture_on_commit_callbacks, sms_outbox):
    no_phone, no_mail = person(phone=""), person(email="")
    for user in (no_phone, no_mail):
        preference_update(user=user, email=True, sms=True)
    send([no_phone, no_mail], django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [[no_phone.email]]
    assert [m.phone for m in sms_outbox] == [no_mail.phone]
    assert Notification.objects.count() == 2


def test_each_person_by_their_own_choice(django_capture_on_commit_callbacks, sms_outbox):
    texter, reader = person(), person()
    preference_update(user=texter, email=False, sms=True)
    send([texter, reader, reader], django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [[reader.email]]
    assert [m.phone for m in sms_outbox] == [texter.phone]
    assert Notification.objects.filter(recipient=reader).count() == 1  # named twice, told once


def test_an_inactive_account_is_not_told(django_capture_on_commit_callbacks, sms_outbox):
    gone = person()
    type(gone).objects.filter(pk=gone.pk).update(is_active=False)
    send([gone], django_capture_on_commit_callbacks)
    assert not Notification.objects.exists() and mail.outbox == []


def test_reminders_go_by_sms_to_those_who_opted_in(sms_outbox):
    from notifications.services import ReminderSpec, reminder_send

    texter, reader = person(), person()
    preference_update(user=texter, email=False, sms=True)
    for user in (texter, reader):
        reminder_send(
            ReminderSpec(key=f"t:{user.pk}", kind="t", recipient=user, subject="提醒", body="b")
        )
    assert [m.phone for m in sms_outbox] == [texter.phone]
    assert [m.to for m in mail.outbox] == [[reader.email]]
