"""A unit's "done" on a follow-up item is a report with evidence; the secretary accepts it (the
item closes, counted from the report) or sends it back with a reason. Only accepted closes count
in grading, and the rule holds on the site, in the admin and in the service alike."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from alliance.models import FollowUpStatus, NoticeKind
from alliance.services import followups
from alliance.services.evaluations import unit_month_figures
from notifications.models import Notification
from tests.factories import secretary
from tests.factories.alliance import at, contact

pytestmark = pytest.mark.django_db


def test_reporting_done_needs_evidence_and_leaves_the_item_open_for_review(two):
    item = two["a"]["item"]
    with pytest.raises(ValidationError, match="evidence"):
        followups.followup_report_done(item=item, evidence_text="")
    item = followups.followup_report_done(
        item=item, evidence_text="已清理，见照片", at=at(2026, 3, 28)
    )
    assert item.status == FollowUpStatus.REPORTED and item.closed_at is None
    assert item.reported_at == at(2026, 3, 28)


def test_the_unit_cannot_close_its_item_itself(two):
    item = two["a"]["item"]
    item = followups.followup_update(item=item, status=FollowUpStatus.DONE, evidence_text="已清理")
    assert item.status == FollowUpStatus.REPORTED  # "done" from the unit is a report
    assert item.closed_at is None


def test_accepting_closes_the_item_from_the_day_it_was_reported(two):
    boss = secretary(two["a"]["community"])
    item = followups.followup_report_done(
        item=two["a"]["item"], evidence_text="已清理", at=at(2026, 3, 28)
    )
    item = followups.followup_accept(item=item, by=boss, note="核实无误")
    assert item.status == FollowUpStatus.DONE
    assert item.closed_at == at(2026, 3, 28)
    assert (item.reviewed_by, item.review_note) == (boss, "核实无误")
    with pytest.raises(ValidationError):
        followups.followup_accept(item=item, by=boss)  # once


def test_sending_back_needs_a_reason_and_tells_the_unit(two, django_capture_on_commit_callbacks):
    owner = contact(two["a"]["units"][0])
    item = followups.followup_report_done(item=two["a"]["item"], evidence_text="已清理")
    with pytest.raises(ValidationError):
        followups.followup_return(item=item, reason=" ")
    with django_capture_on_commit_callbacks(execute=True):
        item = followups.followup_return(item=item, reason="照片看不出清理效果，请补充")
    assert item.status == FollowUpStatus.IN_PROGRESS and item.reported_at is None
    assert item.review_note == "照片看不出清理效果，请补充"
    told = Notification.objects.filter(recipient=owner, kind=NoticeKind.FOLLOWUP_RETURNED)
    assert told.exists()


def test_the_secretary_is_told_a_report_waits(two, django_capture_on_commit_callbacks):
    boss = secretary(two["a"]["community"])
    other = secretary(two["b"]["community"])
    with django_capture_on_commit_callbacks(execute=True):
        followups.followup_report_done(item=two["a"]["item"], evidence_text="已清理")
    waiting = Notification.objects.filter(kind=NoticeKind.FOLLOWUP_REPORTED)
    assert list(waiting.values_list("recipient", flat=True)) == [boss.pk]
    assert not waiting.filter(recipient=other).exists()


def test_only_accepted_closes_count_as_on_time_in_grading(two):
    committee, unit = two["a"]["committee"], two["a"]["units"][0]
    item = two["a"]["item"]  # due 2026-04-01
    followups.followup_report_done(item=item, evidence_text="已清理", at=at(2026, 3, 28))
    april = datetime.date(2026, 4, 1)
    assert unit_month_figures(committee, april)[unit.pk]["on_time"] == 0
    followups.followup_accept(item=item)
    assert unit_month_figures(committee, april)[unit.pk]["on_time"] == 1


def test_on_the_site_the_unit_reports_and_its_secretary_accepts(client, two):
    item = two["a"]["item"]
    client.force_login(contact(two["a"]["units"][0]))
    update = reverse("alliance:followup-action", args=[item.pk, "update"])
    client.post(update, {"status": FollowUpStatus.REPORTED, "evidence_text": "已清理，见照片"})
    item.refresh_from_db()
    assert item.status == FollowUpStatus.REPORTED

    # Another community's secretary does not even see the item.
    client.force_login(secretary(two["b"]["community"]))
    accept = reverse("alliance:followup-action", args=[item.pk, "accept"])
    assert client.post(accept, {}).status_code == 404

    client.force_login(secretary(two["a"]["community"]))
    page = client.get(reverse("alliance:followup", args=[item.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "审核" in page.content.decode()
    client.post(accept, {"note": "已现场核实"})
    item.refresh_from_db()
    assert item.status == FollowUpStatus.DONE and item.review_note == "已现场核实"


def test_on_the_site_a_report_is_sent_back_with_the_reason_shown(client, two):
    item = followups.followup_report_done(item=two["a"]["item"], evidence_text="已清理")
    client.force_login(secretary(two["a"]["community"]))
    back = reverse("alliance:followup-action", args=[item.pk, "return"])
    response = client.post(back, {"reason": ""}, follow=True)
    item.refresh_from_db()
    assert item.status == FollowUpStatus.REPORTED  # a reason is needed
    client.post(back, {"reason": "请补充居民签字"})
    client.force_login(contact(two["a"]["units"][0]))
    page = client.get(reverse("alliance:followup", args=[item.pk])).content.decode()
    assert "请补充居民签字" in page
    assert response.status_code == 200
