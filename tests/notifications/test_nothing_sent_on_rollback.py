"""A notice belongs to the change it tells of: rolled back, nothing goes."""

import pytest
from django.core import mail
from django.db import transaction

from notifications.models import Notification
from notifications.services import notify, preference_update
from servicedesk import services as desk

from .conftest import person

pytestmark = pytest.mark.django_db(transaction=True)


class Boom(Exception):
    pass


def test_a_rolled_back_notice_is_never_sent(sms_outbox):
    someone = person()
    preference_update(user=someone, email=True, sms=True)
    with pytest.raises(Boom), transaction.atomic():
        notify(recipients=[someone], subject="s", body="b", url="/", kind="test")
        raise Boom
    assert not Notification.objects.exists() and mail.outbox == [] and sms_outbox == []


def test_a_committed_notice_is_sent_once(sms_outbox):
    someone = person()
    preference_update(user=someone, email=True, sms=True)
    with transaction.atomic():
        notify(recipients=[someone], subject="s", body="b", url="/", kind="test")
        assert not Notification.objects.exists()  # not before the commit
    assert Notification.objects.count() == 1 and len(mail.outbox) == 1 and len(sms_outbox) == 1


def test_a_dispatch_rolled_back_tells_the_unit_nothing(world_tx, sms_outbox):
    request = world_tx["request"]
    with pytest.raises(Boom), transaction.atomic():
        desk.request_dispatch(request=request, unit=world_tx["unit"], by=world_tx["staff"])
        raise Boom
    assert not Notification.objects.exists() and mail.outbox == [] and sms_outbox == []


@pytest.fixture
def world_tx():
    from accounts.models import Role
    from tests.factories import CommunityFactory, StreetFactory
    from tests.factories.alliance import UnitFactory

    street = StreetFactory()
    community = CommunityFactory(parent=street)
    unit = UnitFactory(community=community)
    person(role=Role.UNIT_CONTACT, unit=unit)
    staff = person(role=Role.COMMUNITY_SECRETARY, scope_node=community)
    request = desk.request_submit(
        community=community,
        category="health",
        description="楼道灯坏了",
        resident_name="王大爷",
        resident_phone="13800002222",
    )
    desk.request_triage(request=request, by=staff)
    Notification.objects.all().delete()
    mail.outbox.clear()
    return {"unit": unit, "staff": staff, "request": request}
