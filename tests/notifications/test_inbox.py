"""The inbox: pages of 20, unread ones marked, mark one or all read, nobody else's notices."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification

from .conftest import person

pytestmark = pytest.mark.django_db

INBOX = reverse("notifications:inbox")


def fill(user, n, **kwargs):
    now = timezone.now()
    Notification.objects.bulk_create(
        Notification(
            recipient=user,
            subject=f"通知{i:02d}",
            body="b",
            created_at=now - datetime.timedelta(minutes=i),
            **kwargs,
        )
        for i in range(n)
    )


@pytest.fixture
def me(client):
    user = person()
    client.force_login(user)
    return user


def subjects(response):
    return [n.subject for n in response.context["notifications"]]


# Session, user, COUNT for the pages, the page; one more once the header shows unread_count.
def test_twenty_a_page_newest_first(client, me, django_assert_max_num_queries):
    fill(me, 45)
    fill(person(), 5)
    with django_assert_max_num_queries(5):
        first = client.get(INBOX)
    assert subjects(first) == [f"通知{i:02d}" for i in range(20)]
    third = client.get(INBOX, {"page": 3})
    assert subjects(third) == [f"通知{i:02d}" for i in range(40, 45)]
    assert "?page=2" in third.content.decode()


def test_the_query_count_does_not_grow_with_the_page(client, me, django_assert_max_num_queries):
    fill(me, 200)
    with django_assert_max_num_queries(5):
        client.get(INBOX, {"page": 5})


@pytest.mark.parametrize("bad", ["abc", "0", "-1", "1.5", "", "1e3", "99999999999999999999999999"])
def test_a_bad_page_number_is_the_first_page(client, me, bad):
    fill(me, 25)
    response = client.get(INBOX, {"page": bad})
    assert response.status_code == 200 and response.context["page"].number == 1


@pytest.mark.parametrize("far", ["3", "９", "2147483648"])
def test_a_page_past_the_end_is_404(client, me, far):
    fill(me, 25)
    assert client.get(INBOX, {"page": far}).status_code == 404


def test_an_empty_inbox_has_its_first_page(client, me):
    response = client.get(INBOX)
    assert response.status_code == 200 and subjects(response) == []


def test_unread_ones_are_shown_distinctly(client, me):
    fill(me, 1)
    fill(me, 1, read_at=timezone.now())
    html = client.get(INBOX).content.decode()
    assert html.count('class="unread"') == 1


def test_mark_all_read_marks_only_mine(client, me):
    fill(me, 30)
    other = person()
    fill(other, 3)
    response = client.post(reverse("notifications:read-all"))
    assert response.status_code == 302
    assert not Notification.objects.filter(recipient=me, read_at=None).exists()
    assert Notification.objects.filter(recipient=other, read_at=None).count() == 3


def test_mark_all_read_takes_only_a_post(client, me):
    fill(me, 1)
    assert client.get(reverse("notifications:read-all")).status_code == 405
    assert Notification.objects.filter(read_at=None).count() == 1


def test_another_users_notification_is_404(client, me):
    fill(person(), 1)
    theirs = Notification.objects.get()
    response = client.post(reverse("notifications:read", args=[theirs.pk]))
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_one_read(client, me):
    fill(me, 2)
    one = Notification.objects.first()
    client.post(reverse("notifications:read", args=[one.pk]))
    one.refresh_from_db()
    assert one.read_at is not None
    assert Notification.objects.filter(read_at=None).count() == 1


def test_the_inbox_needs_a_sign_in(client):
    assert client.get(INBOX).status_code == 302


def test_the_inbox_links_to_the_settings(client, me):
    assert reverse("notifications:settings") in client.get(INBOX).content.decode()


def test_unread_count_is_one_query_however_often_read(rf, me, django_assert_num_queries):
    from notifications.context_processors import unread

    fill(me, 3)
    fill(me, 2, read_at=timezone.now())
    request = rf.get("/")
    request.user = me
    with django_assert_num_queries(1):
        first, again = unread(request)["unread_count"], unread(request)["unread_count"]
        assert int(first) == 3 and int(again) == 3 and str(first) == "3" and first + 1 == 4


def test_unread_count_for_a_visitor_is_zero_without_a_query(rf, django_assert_num_queries):
    from django.contrib.auth.models import AnonymousUser

    from notifications.context_processors import unread

    request = rf.get("/")
    request.user = AnonymousUser()
    with django_assert_num_queries(0):
        assert unread(request)["unread_count"] == 0


def test_unread_count_is_in_every_pages_context(client, me):
    fill(me, 4)
    assert client.get(INBOX).context["unread_count"] == 4


def test_a_page_that_does_not_show_the_count_does_not_count(client, me, rf):
    from notifications.context_processors import unread

    request = rf.get("/")
    request.user = me
    count = unread(request)["unread_count"]
    assert count._wrapped is not None and not isinstance(count._wrapped, int)  # still lazy
