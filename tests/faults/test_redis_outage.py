"""Redis stops while the portal runs: pages and forms keep working, /healthz says Redis is down,
and when Redis is back the reminders that fell due meanwhile go out, each exactly once."""

from __future__ import annotations

import datetime
import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError

from alliance.tasks import send_due_reminders
from config.celery import app
from notifications.models import Reminder
from servicedesk.models import MicroWish, ServiceRequest
from tests.conftest import celery_broker, forget_broker_connections
from tests.factories import CommunityFactory, StreetFactory
from tests.factories.alliance import UnitFactory, contact, party_committee, schedule


@pytest.fixture
def cache_on_own_redis(settings, own_redis):
    settings.REDIS_URL = own_redis.url
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": own_redis.url,
            "KEY_PREFIX": "fault",
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
            },
        }
    }
    return own_redis


@pytest.mark.django_db
def test_pages_forms_and_health_while_redis_is_down(client, cache_on_own_redis):
    street = StreetFactory()
    community = CommunityFactory(parent=street)
    assert client.get("/healthz").json()["redis"] == "ok"

    cache_on_own_redis.stop()
    assert client.get(reverse("portal:home")).status_code == 200
    assert client.get(reverse("servicemap:nearby")).status_code == 200
    assert client.get("/api/v1/service-sites/").status_code == 200  # throttled API, cache away
    response = client.post(
        reverse("servicedesk:help"),
        {
            "community": community.pk,
            "category": "repair",
            "resident_name": "王奶奶",
            "resident_phone": "13811112222",
            "description": "楼道灯坏了",
        },
    )
    assert response.status_code == 302
    assert ServiceRequest.objects.count() == 1
    health = client.get("/healthz")
    assert health.status_code == 200  # the database answers, so the portal is up
    assert health.json() == {"status": "degraded", "database": "ok", "redis": "unreachable"}

    cache_on_own_redis.start()
    assert client.get("/healthz").json()["redis"] == "ok"


@pytest.mark.django_db
def test_rate_limits_are_not_enforced_while_redis_is_down(client, cache_on_own_redis, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "wish": "2/h"}
    community = CommunityFactory(parent=StreetFactory())

    def wish(n: int) -> int:
        data = {
            "community": community.pk,
            "title": "一个助听器",
            "resident_name": "张爷爷",
            "resident_phone": f"1390000{n:04d}",
        }
        client.post(reverse("servicedesk:wish-new"), data)
        return MicroWish.objects.count()

    cache_on_own_redis.stop()
    assert [wish(n) for n in range(4)] == [1, 2, 3, 4]  # nothing counted, nobody turned away

    cache_on_own_redis.start()
    assert [wish(n) for n in range(4, 8)] == [5, 6, 6, 6]  # counted again once it is back


@pytest.fixture
def broker_on_own_redis(own_redis):
    # No retries: a message to a stopped broker fails at once, as the beat would see it.
    with celery_broker(own_redis.url, broker_transport_options={"max_retries": 0}) as queue:
        yield own_redis, queue


@pytest.mark.django_db(transaction=True)
def test_reminders_due_while_redis_was_down_go_out_once_it_is_back(broker_on_own_redis):
    server, queue = broker_on_own_redis
    committee = party_committee(CommunityFactory())
    unit = UnitFactory(community=committee.node)
    person = contact(unit)
    start = timezone.localtime() + datetime.timedelta(days=2)
    schedule(committee, start.replace(second=0, microsecond=0))

    server.stop()
    with pytest.raises(OperationalError):  # the beat cannot hand the pass to a worker
        send_due_reminders.apply_async(retry=False)
    assert not Reminder.objects.exists()

    server.start()
    forget_broker_connections()  # the broker came back on the same address
    with start_worker(app, queues=[queue], perform_ping_check=False, pool="solo"):
        send_due_reminders.delay()
        send_due_reminders.delay()  # a second pass, as the next beat tick would send
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not Reminder.objects.exists():
            time.sleep(0.2)
        time.sleep(1)  # let the second pass finish too
    sent = list(Reminder.objects.filter(recipient=person))
    assert len(sent) == 1 and sent[0].status == "sent"


@pytest.mark.django_db(transaction=True)
def test_an_import_still_runs_when_the_task_queue_is_down(broker_on_own_redis, small_street):
    from exchange import services
    from organizations.models import Unit
    from organizations.resources import UnitResource
    from tests.exchange.conftest import sheet
    from tests.exchange.test_unit_import import unit_rows
    from tests.factories import street_staff

    server, _queue = broker_on_own_redis
    server.stop()
    staff = street_staff(small_street.street)
    upload = sheet(UnitResource.headers(), unit_rows(small_street.communities, 3))
    job = services.job_create(user=staff, kind_slug="units", upload=upload, language="zh-hans")
    job.refresh_from_db()
    assert job.status == "checked"  # checked in the web process instead of waiting for ever
    services.job_confirm(job=job, user=staff)
    job.refresh_from_db()
    assert job.status == "done" and Unit.objects.count() == 3
