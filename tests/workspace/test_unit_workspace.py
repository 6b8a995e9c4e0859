"""我的单位: a unit contact sees its own unit's sections with real data, nothing of another."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from alliance.services import followups
from tests.workspace.world import texts

pytestmark = pytest.mark.django_db

URL = reverse("workspace:unit")


def test_a_unit_contact_sees_every_section_of_its_unit(client, world):
    a = world["a"]
    client.force_login(a["contact"])
    page = texts(client.get(URL))
    for expected in [
        "a单位",  # profile
        "服务a",  # service menu entry
        reverse("servicedesk:our-menu"),
        "a联席会议",  # meeting expected at
        reverse("alliance:meeting-ics", args=[a["meeting"].pk]),
        "督办a",  # follow-up item
        "承诺a",  # pledge list
        reverse("pledges:lists"),
        "项目a",  # project it gives to
        reverse("servicedesk:request", args=[a["requests"][1].pk]),  # dispatched to it
        "认领心愿a",  # wish it claimed
        "党员a",  # member on the score sheet
        reverse("volunteers:score-sheet", args=[a["unit"].pk, a["meeting"].starts_at.year]),
    ]:
        assert expected in page, expected


def test_a_unit_contact_sees_nothing_of_another_unit(client, world):
    client.force_login(world["a"]["contact"])
    page = texts(client.get(URL))
    for foreign in ["b单位", "服务b", "b联席会议", "督办b", "承诺b", "项目b", "认领心愿b", "党员b"]:
        assert foreign not in page, foreign
    assert reverse("servicedesk:request", args=[world["b"]["requests"][1].pk]) not in page


def test_a_request_not_yet_dispatched_does_not_show_as_waiting_for_the_unit(client, world):
    a = world["a"]
    client.force_login(a["contact"])
    page = texts(client.get(URL))
    assert reverse("servicedesk:request", args=[a["requests"][0].pk]) not in page


def test_a_unit_contact_without_a_unit_gets_a_helpful_page(client, world):
    person = world["a"]["contact"]
    type(person).objects.filter(pk=person.pk).update(unit=None)
    client.force_login(person)
    page = texts(client.get(URL))
    assert "尚未关联成员单位" in page  # the page says why, in the user's language


def test_an_overdue_item_shows_under_the_red_light(client, world):
    a = world["a"]
    now = timezone.now()
    followups.followup_create(
        meeting=a["meeting"],
        title="逾期事项a",
        owner=a["unit"],
        due_on=timezone.localdate() - datetime.timedelta(days=1),
        created_at=now - datetime.timedelta(days=20),
    )
    client.force_login(a["contact"])
    groups = {g["light"]: g["items"] for g in client.get(URL).context["lights"]["groups"]}
    assert [i.title for i in groups["red"]] == ["逾期事项a"]
    assert "逾期事项a" not in [i.title for i in groups["green"] + groups["yellow"]]
