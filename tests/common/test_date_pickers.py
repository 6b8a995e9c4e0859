"""The browser's date pickers get ISO values in every language, or they show empty."""

import datetime
from zoneinfo import ZoneInfo

from django.utils import translation

from alliance.forms import FollowUpForm, RescheduleForm
from pledges.forms import ContributionForm


def test_a_date_picker_shows_its_initial_date_in_chinese():
    with translation.override("zh-hans"):
        form = ContributionForm(initial={"contributed_on": datetime.date(2026, 12, 3)})
        html = str(form["contributed_on"])
    assert 'type="date"' in html
    assert 'value="2026-12-03"' in html


def test_a_date_and_time_picker_shows_its_initial_value_in_chinese():
    start = datetime.datetime(2026, 12, 3, 14, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
    with translation.override("zh-hans"):
        html = str(RescheduleForm(initial={"starts_at": start})["starts_at"])
    assert 'type="datetime-local"' in html
    assert 'value="2026-12-03T14:30"' in html


def test_the_pickers_values_are_read_back_in_chinese():
    with translation.override("zh-hans"):
        moved = RescheduleForm({"starts_at": "2026-12-03T14:00", "ends_at": "2026-12-03T16:00"})
        assert moved.is_valid(), moved.errors
        item = FollowUpForm({"due_on": "2026-12-31"}, resolutions=None)
        item.is_valid()
    assert "due_on" not in item.errors
    assert moved.cleaned_data["ends_at"].hour == 16
