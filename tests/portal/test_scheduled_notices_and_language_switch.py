"""A notice scheduled for later is nowhere to be read before its time, its own URL included;
switching the language keeps the public pages that were kept for everyone else."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from common.public_cache import generation
from portal.models import Announcement
from portal.services import announcement_save
from tests.factories import CommunityFactory, StreetFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def community():
    return CommunityFactory(parent=StreetFactory())


def notice(community, title: str, published_at: datetime.datetime) -> Announcement:
    item = Announcement(
        title=title, category="safety", node=community, body="<p>x</p>", published_at=published_at
    )
    item.attachment.save("plan.pdf", ContentFile(b"%PDF-1.4 plan"), save=False)
    return announcement_save(announcement=item)


def test_a_scheduled_notice_is_not_readable_by_its_url_nor_listed(client, community):
    later = notice(community, "明日停电通知", timezone.now() + datetime.timedelta(days=1))
    assert client.get(reverse("portal:announcement", args=[later.pk])).status_code == 404
    assert client.get(reverse("portal:attachment", args=[later.pk])).status_code == 404
    for name in ("portal:announcements", "portal:announcements-rss", "portal:announcements-atom"):
        page = client.get(reverse(name, args=[community.pk]))
        assert page.status_code == 200 and "明日停电通知" not in page.content.decode()
    assert (
        "明日停电通知"
        not in client.get(reverse("portal:community", args=[community.pk])).content.decode()
    )


def test_a_notice_whose_time_has_come_is_readable(client, community):
    now = notice(community, "今日停水通知", timezone.now() - datetime.timedelta(minutes=1))
    page = client.get(reverse("portal:announcement", args=[now.pk]))
    assert page.status_code == 200 and "今日停水通知" in page.content.decode()
    assert client.get(reverse("portal:attachment", args=[now.pk])).status_code == 200


def test_switching_the_language_keeps_the_public_pages(settings, community):
    settings.PUBLIC_PAGE_SECONDS = 60
    page = reverse("portal:announcements", args=[community.pk])
    Client().get(page)  # kept
    before = generation()
    switched = Client().post(reverse("set_language"), {"language": "en", "next": page})
    assert switched.status_code == 302 and switched.cookies["django_language"].value == "en"
    assert generation() == before
    Announcement.objects.create(
        title="刚发的通知", category="safety", node=community, body="x", published_at=timezone.now()
    )
    assert "刚发的通知" not in Client().get(page).content.decode()  # still the kept page
