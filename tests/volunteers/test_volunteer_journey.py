"""A resident becomes a volunteer, serves, and sees hours and points; the unit and the
community see the dual-report figures."""

import datetime
import re

import pytest
from django.contrib.auth import authenticate
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from tests.factories import CommunityFactory, StreetFactory, secretary
from tests.factories.alliance import UnitFactory, contact
from tests.factories.volunteers import activity
from volunteers import services
from volunteers.models import Volunteer


def signs_in(username: str, password: str) -> bool:
    request = RequestFactory().post("/admin/login/")
    return authenticate(request, username=username, password=password) is not None


pytestmark = pytest.mark.django_db


def test_register_sign_up_check_in_and_see_points(client):
    street = StreetFactory()
    home = CommunityFactory(parent=street)
    unit = UnitFactory(community=home)
    sec = secretary(home)

    response = client.post(
        reverse("volunteers:register"),
        {
            "name": "刘志愿",
            "phone": "13912345678",
            "community": home.pk,
            "skills": "急救",
            "is_party_member": "on",
            "work_unit": unit.name,
            "password": "Serve-the-people-1",
            "consent": "on",
        },
    )
    assert response.status_code == 200 and "刘志愿" in response.content.decode()
    volunteer = Volunteer.objects.get(phone="13912345678")
    assert not signs_in("13912345678", "Serve-the-people-1")  # not approved yet

    client.force_login(sec)
    client.post(reverse("volunteers:approvals"), {"volunteer": [volunteer.pk], "approve": "1"})
    assert client.login(
        request=RequestFactory().post("/"), username="13912345678", password="Serve-the-people-1"
    )  # the sign-in guard (django-axes) reads the request

    start = timezone.now() + datetime.timedelta(minutes=20)
    event = activity(home, start=start, hours=2, organiser_unit=unit, capacity=10)
    client.post(reverse("volunteers:signup", args=[event.pk]))
    assert event.signups.get().status == "confirmed"

    # The organiser's screen shows the code; the volunteer scans it and checks in, then out.
    organiser = contact(unit)
    client.force_login(organiser)
    screen = client.get(reverse("volunteers:screen", args=[event.pk]))
    url = re.search(r"/activities/\d+/checkin/[0-9a-f]+/", screen.context["url"]).group(0)
    assert "<svg" in screen.content.decode()
    client.force_login(User.objects.get(username="13912345678"))
    client.post(url)
    checkin = volunteer.checkins.get()
    assert checkin.status == "open"
    # An hour and a half later (the code rotates, so take the screen's code of that minute).
    later = timezone.now() + datetime.timedelta(hours=1, minutes=30)
    checkin.checked_in_at = later - datetime.timedelta(hours=1, minutes=30)
    checkin.save(update_fields=["checked_in_at"])
    services.check_out(
        activity=event, volunteer=volunteer, code=services.checkin_code(event, later), now=later
    )

    client.force_login(organiser)
    client.post(
        reverse("volunteers:screen", args=[event.pk]), {"checkin": [checkin.pk], "approve": "1"}
    )
    client.force_login(User.objects.get(username="13912345678"))
    page = client.get(reverse("volunteers:me")).content.decode()
    assert "15" in page  # 1.5 hours at 10 points an hour
    assert client.get(reverse("volunteers:me")).context["balance"] == 15

    # Dual report: the member reports; the unit's sheet and the community's board show it.
    services.dual_report_member(volunteer=volunteer, year=timezone.localdate().year)
    client.force_login(organiser)
    sheet = client.get(reverse("volunteers:score-sheet", args=[unit.pk, timezone.localdate().year]))
    assert sheet.status_code == 200 and sheet.context["rows"][0]["services"] == 1
    csv = client.get(
        reverse("volunteers:score-sheet", args=[unit.pk, timezone.localdate().year]),
        {"format": "csv"},
    )
    assert "刘志愿" in csv.content.decode("utf-8-sig")
    client.force_login(sec)
    board = client.get(reverse("volunteers:compliance", args=[home.pk, timezone.localdate().year]))
    assert board.context["under"] == 1 and "刘志愿" in board.content.decode()


def test_another_unit_cannot_open_the_score_sheet(client):
    home = CommunityFactory()
    unit, other = UnitFactory(community=home), UnitFactory(community=home)
    client.force_login(contact(other))
    assert client.get(reverse("volunteers:score-sheet", args=[unit.pk, 2026])).status_code == 404


def test_public_volunteer_pages_render(client):
    CommunityFactory()
    for name in ["volunteers:register", "volunteers:activities", "volunteers:leaderboards"]:
        assert client.get(reverse(name)).status_code == 200
