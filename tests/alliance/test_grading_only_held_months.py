"""A month is graded only once its meeting was held: a month whose meeting is still to come is
"not held", never graded poor for an absence that has not happened."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from alliance.models import Evaluation
from alliance.services.evaluations import (
    evaluation_grade,
    grade_from_figures,
    month_is_held,
    unit_month_figures,
)
from tests.factories import street_staff
from tests.factories.alliance import hold, schedule

pytestmark = pytest.mark.django_db


def test_a_month_whose_meeting_is_not_held_cannot_be_graded(two):
    committee, unit = two["a"]["committee"], two["a"]["units"][0]
    march = datetime.date(2026, 3, 1)
    assert not month_is_held(committee, march)  # scheduled, no minutes
    with pytest.raises(ValidationError, match="会议召开后才能评定"):
        evaluation_grade(committee=committee, month=march, grade="good", unit=unit)
    assert not Evaluation.objects.exists()
    hold(two["a"]["meeting"])
    assert month_is_held(committee, march)
    assert evaluation_grade(committee=committee, month=march, grade="good", unit=unit, feedback="x")


def test_a_meeting_still_to_come_counts_as_nobodys_absence(two):
    committee, unit = two["a"]["committee"], two["a"]["units"][1]
    soon = timezone.now() + datetime.timedelta(days=2)
    schedule(committee, soon)
    month = timezone.localtime(soon).date().replace(day=1)
    figures = unit_month_figures(committee, month).get(unit.pk, {})
    assert figures.get("expected", 0) == 0
    assert grade_from_figures(figures) != "poor"


def test_the_grading_page_says_the_month_is_not_held_and_offers_no_save(client, two):
    client.force_login(street_staff(two["street"]))
    url = reverse("alliance:evaluation", args=[two["a"]["committee"].pk, "2026-03"])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "尚未召开" in page
    assert "保存本月评定" not in page
    response = client.post(url, {f"unit-{two['a']['units'][0].pk}-grade": "good"})
    assert response.status_code == 400
    assert not Evaluation.objects.exists()


def test_a_line_left_unrecorded_at_a_held_meeting_is_nobodys_absence(two):
    committee, units = two["a"]["committee"], two["a"]["units"]
    meeting = two["a"]["meeting"]
    from alliance.services import meetings

    meetings.attendance_record(meeting=meeting, unit=units[0], status="absent")
    hold(meeting)
    figures = unit_month_figures(committee, datetime.date(2026, 3, 1))
    assert figures[units[0].pk]["expected"] == 1 and figures[units[0].pk]["attended"] == 0
    assert figures.get(units[1].pk, {}).get("expected", 0) == 0
