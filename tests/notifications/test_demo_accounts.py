"""The demo's accounts can be reached and say where they sign in."""

from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from accounts.models import Role, User
from notifications.models import NotificationPreference
from tests.conftest import shared_rows

pytestmark = pytest.mark.django_db

STREET = "jinshanqiao"


def _load() -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setenv("DEMO_PASSWORD", "demo-pass-123")
        call_command("load_demo", street=STREET, stdout=StringIO())


# The demo street loads once for the module's tests (tests/conftest.py shared_rows).
_loaded_once_rows, loaded_once = shared_rows("loaded_once", _load)


@pytest.fixture
def loaded(loaded_once, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "demo-pass-123")


def listing() -> list[list[str]]:
    out = StringIO()
    call_command("load_demo", list_accounts=True, street=STREET, stdout=out)
    return [line.split("\t") for line in out.getvalue().splitlines()]


def test_each_account_says_its_role_scope_and_where_it_signs_in(loaded):
    rows = listing()
    assert rows and all(len(row) == 5 for row in rows)
    by_role = {}
    for username, role, label, scope, where in rows:
        by_role.setdefault(role, []).append((username, label, scope, where))
        assert label and scope
        assert where.split()[0] == "/accounts/login/"
    assert set(by_role) == {
        Role.DISTRICT_STAFF,
        Role.STREET_STAFF,
        Role.COMMUNITY_SECRETARY,
        Role.UNIT_CONTACT,
        Role.VOLUNTEER,
    }
    (district,) = by_role[Role.DISTRICT_STAFF]
    assert district[0] == "district-staff" and district[2] == "demo-district"
    assert "/admin/" not in district[3]  # the district works on its own pages
    staff = by_role[Role.STREET_STAFF][0]
    assert staff[0] == f"{STREET}-staff" and staff[2] == STREET and "/admin/" in staff[3]
    assert all("/admin/" not in where for *_, where in by_role[Role.UNIT_CONTACT])
    assert all("/admin/" not in where for *_, where in by_role[Role.VOLUNTEER])
    contact = User.objects.get(username=by_role[Role.UNIT_CONTACT][0][0])
    assert (
        by_role[Role.UNIT_CONTACT][0][2]
        == f"{contact.unit.community.code_path} {contact.unit.name}"
    )
    assert by_role[Role.VOLUNTEER][0][2].startswith(f"{STREET}/")


def test_every_demo_account_has_an_address_and_a_phone_and_some_take_sms(loaded):
    usernames = [row[0] for row in listing()]
    users = User.objects.filter(username__in=usernames)
    assert users.count() == len(usernames)
    assert not users.filter(email="").exists() and not users.filter(phone="").exists()
    assert len(set(users.values_list("phone", flat=True))) == len(usernames)
    texting = set(
        NotificationPreference.objects.filter(sms=True).values_list("user__username", flat=True)
    )
    assert f"{STREET}-staff" in texting and f"{STREET}-volunteer" in texting
    assert any(User.objects.get(username=u).role == Role.UNIT_CONTACT for u in texting)
    assert not users.filter(role=Role.COMMUNITY_SECRETARY, notification_preference__sms=True)


def test_loading_again_changes_no_choice(loaded, monkeypatch):
    NotificationPreference.objects.filter(user__username=f"{STREET}-staff").update(sms=False)
    call_command("load_demo", street=STREET, stdout=StringIO())
    assert not NotificationPreference.objects.get(user__username=f"{STREET}-staff").sms


def test_the_reminder_pass_texts_those_who_opted_in(loaded, sms_outbox):
    call_command("send_reminders", stdout=StringIO())
    texted = set(User.objects.filter(phone__in=[m.phone for m in sms_outbox]))
    assert texted, "the demo's reminder pass sent no text message"
    assert all(user.notification_preference.sms for user in texted)
    assert mail.outbox
