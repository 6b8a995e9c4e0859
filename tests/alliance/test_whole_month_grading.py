"""A month is graded on one form: every unit and item beside its suggested grade (in Chinese,
with its reasons), one save, and a grade other than the suggestion needs a note."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from alliance.models import Evaluation, Grade
from alliance.services import followups, meetings
from alliance.services.evaluations import grade_from_figures, unit_month_figures
from tests.factories import street_staff
from tests.factories.alliance import at, hold

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(two):
    hold(two["a"]["meeting"])
    return two


def _other(grade: str) -> str:
    return Grade.POOR if grade != Grade.POOR else Grade.EXCELLENT


def test_one_save_grades_every_unit_and_item(client, held):
    committee, units, item = held["a"]["committee"], held["a"]["units"], held["a"]["item"]
    client.force_login(street_staff(held["street"]))
    url = reverse("alliance:evaluation", args=[committee.pk, "2026-03"])
    figures = unit_month_figures(committee, datetime.date(2026, 3, 1))
    suggested = {u.pk: grade_from_figures(figures.get(u.pk)) for u in units}
    data = {f"unit-{u.pk}-grade": suggested[u.pk] for u in units}
    data[f"unit-{units[1].pk}-grade"] = _other(suggested[units[1].pk])
    data[f"unit-{units[1].pk}-note"] = "本月主动认领两项微心愿"
    data[f"item-{item.pk}-grade"] = Grade.GOOD
    data[f"item-{item.pk}-note"] = "进展顺利"
    response = client.post(url, data)
    assert response.status_code == 302
    given = {(e.unit_id, e.followup_id): e for e in Evaluation.objects.all()}
    assert len(given) == 3
    overridden = given[(units[1].pk, None)]
    assert overridden.grade != overridden.suggested_grade
    assert overridden.feedback == "本月主动认领两项微心愿"


def test_an_override_without_a_note_saves_nothing_and_is_shown_beside_its_line(client, held):
    committee, units = held["a"]["committee"], held["a"]["units"]
    client.force_login(street_staff(held["street"]))
    url = reverse("alliance:evaluation", args=[committee.pk, "2026-03"])
    figures = unit_month_figures(committee, datetime.date(2026, 3, 1))
    data = {f"unit-{u.pk}-grade": grade_from_figures(figures.get(u.pk)) for u in units}
    data[f"unit-{units[0].pk}-grade"] = _other(data[f"unit-{units[0].pk}-grade"])
    response = client.post(url, data, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 400
    assert "请在备注中说明理由" in response.content.decode()
    assert not Evaluation.objects.exists()


def test_the_form_shows_chinese_grade_names_and_the_reasons(client, held):
    committee, item = held["a"]["committee"], held["a"]["item"]
    followups.followup_report_done(item=item, evidence_text="已清理", at=at(2026, 3, 20))
    followups.followup_accept(item=item)
    meetings.attendance_record(
        meeting=held["a"]["meeting"], unit=held["a"]["units"][0], status="present"
    )
    client.force_login(street_staff(held["street"]))
    url = reverse("alliance:evaluation", args=[committee.pk, "2026-03"])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    for label in ("好", "较好", "一般", "较差"):
        assert f">{label}</option>" in page
    assert "excellent" not in page.replace('value="excellent"', "")
    assert "应到 1 次会议，出席 1 次" in page  # a reason behind the suggestion
    assert "本月暂无考核数据" in page  # the other unit has no facts
    assert page.count('type="submit"') >= 1 and "保存本月评定" in page


def test_grade_labels_are_the_four_chinese_grades():
    with translation.override("zh-hans"):
        assert [str(label) for label in Grade.labels] == ["好", "较好", "一般", "较差"]
