"""The organiser's check-in screen refreshes its code and stays by script, not by reloading."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import CommunityFactory, secretary
from tests.factories.volunteers import activity, volunteer
from volunteers import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed_stay():
    community = CommunityFactory()
    event = activity(community, start=timezone.now() + datetime.timedelta(minutes=30))
    me = volunteer(community, name="孙志愿")
    services.activity_signup(activity=event, volunteer=me)
    services.check_in(activity=event, volunteer=me, code=services.checkin_code(event))
    services.check_out(activity=event, volunteer=me, code=services.checkin_code(event))
    return community, event


def test_the_screen_refreshes_by_script_and_keeps_a_timed_reload_for_no_script(client, closed_stay):
    community, event = closed_stay
    client.force_login(secretary(community))
    html = client.get(reverse("volunteers:screen", args=[event.pk])).content.decode()
    assert "js/checkin-screen.js" in html
    assert f'data-refresh-every="{services.QR_WINDOW_SECONDS // 2}"' in html
    assert "<tbody data-stays>" in html
    # The only timed reload is the fallback for browsers without script.
    assert html.count('http-equiv="refresh"') == 1
    assert '<noscript><meta http-equiv="refresh"' in html


def test_each_stay_and_the_decision_have_a_name_for_screen_readers(client, closed_stay):
    community, event = closed_stay
    client.force_login(secretary(community))
    client.cookies["django_language"] = "zh-hans"
    html = client.get(reverse("volunteers:screen", args=[event.pk])).content.decode()
    assert 'aria-label="审核孙志愿的时长"' in html
    assert '<label for="review-decision">所选时长</label>' in html


def test_a_volunteer_cannot_open_the_screen(client, closed_stay):
    community, event = closed_stay
    client.force_login(volunteer(community).user)
    assert client.get(reverse("volunteers:screen", args=[event.pk])).status_code == 404
