"""Public pages are kept for visitors without cookies: the next such visitor is answered without a
query; any change made through the site shows at once; signed-in users and pages with a form
are never answered from what was kept."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from portal.models import Announcement
from tests.factories import street_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def keep(settings):
    settings.PUBLIC_PAGE_SECONDS = 60


def _announce(node, title: str) -> None:
    Announcement.objects.create(
        title=title, category="safety", node=node, body="内容", published_at=timezone.now()
    )


def test_a_visitor_without_cookies_is_answered_from_the_kept_page(
    keep, small_street, django_assert_num_queries
):
    first = Client().get("/")
    assert first.status_code == 200 and not first.cookies
    with django_assert_num_queries(0):
        again = Client().get("/")
    assert again.content == first.content
    assert again["Content-Security-Policy"] == first["Content-Security-Policy"]


def test_a_change_made_through_the_site_shows_at_once(keep, small_street):
    community = small_street.communities[0]
    page = reverse("portal:announcements", args=[community.pk])
    assert "停水通知" not in Client().get(page).content.decode()

    _announce(community, "停水通知")  # as a task or a command would: the kept page stays
    assert "停水通知" not in Client().get(page).content.decode()

    staff = Client()
    staff.force_login(street_staff(small_street.street))
    assert staff.post(reverse("admin:logout")).status_code == 302  # any change through the site
    assert "停水通知" in Client().get(page).content.decode()


def test_a_refused_request_does_not_start_a_new_generation(keep, small_street):
    community = small_street.communities[0]
    page = reverse("portal:announcements", args=[community.pk])
    Client().get(page)
    _announce(community, "停电通知")
    forged = Client(enforce_csrf_checks=True).post(reverse("servicedesk:help"), {})
    assert forged.status_code == 403
    assert "停电通知" not in Client().get(page).content.decode()


def test_a_signed_in_user_never_gets_a_kept_page(keep, small_street):
    community = small_street.communities[0]
    page = reverse("portal:announcements", args=[community.pk])
    Client().get(page)
    _announce(community, "停气通知")
    staff = Client()
    staff.force_login(street_staff(small_street.street))
    assert "停气通知" in staff.get(page).content.decode()


def test_a_visitor_who_chose_a_language_gets_the_page_in_it(keep, small_street):
    Client().get("/")
    english = Client()
    english.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert 'lang="en"' in english.get("/").content.decode()
    assert 'lang="zh-hans"' in Client().get("/").content.decode()


def test_a_page_with_a_form_is_never_kept(keep, small_street, django_assert_max_num_queries):
    first = Client().get(reverse("servicedesk:help"))
    assert "csrftoken" in first.cookies
    with django_assert_max_num_queries(50) as captured:
        Client().get(reverse("servicedesk:help"))
    assert len(captured) > 0


def test_the_map_is_kept_but_a_walk_search_from_it_is_worked_out_each_time(
    keep, small_street, django_assert_num_queries, django_assert_max_num_queries
):
    Client().get(reverse("servicemap:nearby"))
    with django_assert_num_queries(0):
        Client().get(reverse("servicemap:nearby"))
    compound = small_street.compounds[0]
    search = f"{reverse('servicemap:nearby')}?compound={compound.pk}"
    Client().get(search)
    with django_assert_max_num_queries(50) as captured:
        Client().get(search)
    assert len(captured) > 0


def test_nothing_is_kept_when_the_setting_is_zero(
    settings, small_street, django_assert_max_num_queries
):
    settings.PUBLIC_PAGE_SECONDS = 0
    Client().get("/")
    with django_assert_max_num_queries(50) as captured:
        Client().get("/")
    assert len(captured) > 0
