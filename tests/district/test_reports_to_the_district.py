"""What a street cannot settle goes up to its district (向上级党委汇报) and comes back with the
district's recorded decision, on the item's page, through the API and in the inbox."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from alliance.models import DistrictReport, FollowUpStatus
from alliance.services import followups
from notifications.models import Notification
from tests.factories import StreetFactory, street_staff
from tests.factories.alliance import working_committee

from .conftest import community_item, street_item


def test_the_street_reports_up_and_the_district_decides(
    district, django_capture_on_commit_callbacks
):
    one = district["streets"][0]
    item = street_item(one)
    with django_capture_on_commit_callbacks(execute=True):
        report = followups.followup_report_to_district(
            item=item, reason="街道无权决定", by=one["staff"]
        )
    assert report.district == district["node"] and report.street == one["street"]
    assert Notification.objects.filter(recipient=district["staff"]).exists()
    with django_capture_on_commit_callbacks(execute=True):
        followups.district_report_decide(
            report=report, decision="区住建局牵头", by=district["staff"], close_item=True
        )
    item.refresh_from_db()
    assert item.status == FollowUpStatus.DONE
    assert "区住建局牵头" in item.evidence_text
    told = set(
        Notification.objects.filter(subject__contains=item.title).values_list(
            "recipient", flat=True
        )
    )
    assert {one["staff"].pk, one["contact"].pk} <= told
    with pytest.raises(ValidationError):
        followups.district_report_decide(report=report, decision="again", by=district["staff"])


def test_only_the_streets_staff_report_and_only_once(district):
    one, two = district["streets"]
    item = street_item(one)
    for someone in (one["secretary"], one["contact"], two["staff"], district["staff"]):
        with pytest.raises(PermissionDenied):
            followups.followup_report_to_district(item=item, reason="x", by=someone)
    with pytest.raises(ValidationError):
        followups.followup_report_to_district(item=item, reason="  ", by=one["staff"])
    followups.followup_report_to_district(item=item, reason="理由", by=one["staff"])
    with pytest.raises(ValidationError):
        followups.followup_report_to_district(item=item, reason="again", by=one["staff"])


def test_a_community_item_goes_up_only_once_escalated_to_the_street(district):
    one = district["streets"][0]
    item = community_item(one)
    with pytest.raises(ValidationError):
        followups.followup_report_to_district(item=item, reason="理由", by=one["staff"])
    followups.followup_escalate(item=item, reason="社区协调不动", by=one["secretary"])
    item.refresh_from_db()
    assert followups.followup_report_to_district(
        item=item, reason="街道也协调不动", by=one["staff"]
    )


def test_another_districts_staff_cannot_decide(district):
    from accounts.models import Role
    from grids import services as grid_services
    from grids.models import NodeKind
    from tests.factories import UserFactory

    other = grid_services.node_create(
        parent=None, kind=NodeKind.DISTRICT, name="他区", code="other"
    )
    stranger = UserFactory(role=Role.DISTRICT_STAFF, scope_node=other)
    one = district["streets"][0]
    report = followups.followup_report_to_district(
        item=street_item(one), reason="理由", by=one["staff"]
    )
    with pytest.raises(PermissionDenied):
        followups.district_report_decide(report=report, decision="x", by=stranger)


def test_a_street_without_a_district_cannot_report_up(db):
    street = StreetFactory()
    staff = street_staff(street)
    from organizations.models import Unit  # noqa: F401
    from tests.factories import CommunityFactory
    from tests.factories.alliance import UnitFactory

    unit = UnitFactory(community=CommunityFactory(parent=street))
    item = street_item({"working": working_committee(street), "unit": unit})
    with pytest.raises(ValidationError):
        followups.followup_report_to_district(item=item, reason="理由", by=staff)


def test_on_the_items_page_each_side_has_its_form(district, client):
    one = district["streets"][0]
    item = street_item(one)
    page = reverse("alliance:followup", args=[item.pk])
    client.force_login(district["staff"])
    assert client.get(page).status_code == 404  # not reported yet: not the district's
    client.force_login(one["staff"])
    assert "向区委汇报" in client.get(page, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    response = client.post(
        reverse("alliance:followup-action", args=[item.pk, "refer"]), {"reason": "需区里协调"}
    )
    assert response.status_code == 302
    assert DistrictReport.objects.filter(followup=item).exists()
    client.force_login(district["staff"])
    assert client.get(page).status_code == 200
    response = client.post(
        reverse("alliance:followup-action", args=[item.pk, "rule"]),
        {"decision": "区里统筹", "close_item": "on"},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == FollowUpStatus.DONE and item.district_report.decision == "区里统筹"
    client.force_login(one["secretary"])
    assert client.post(
        reverse("alliance:followup-action", args=[item.pk, "rule"]), {"decision": "x"}
    ).status_code in (403, 404)


def test_the_api_refers_and_decides(district, django_assert_max_num_queries):
    one, two = district["streets"]
    item = street_item(one)
    client = APIClient()
    client.force_authenticate(one["staff"])
    response = client.post(
        f"/api/v1/followups/{item.pk}/refer/", {"reason": "需区里协调"}, format="json"
    )
    assert response.status_code == 201, response.content
    report_id = response.json()["id"]
    client.force_authenticate(two["staff"])
    assert client.get("/api/v1/district-reports/").json()["count"] == 0
    client.force_authenticate(district["staff"])
    with django_assert_max_num_queries(8):
        listed = client.get("/api/v1/district-reports/").json()
    assert [row["id"] for row in listed["results"]] == [report_id]
    response = client.post(
        f"/api/v1/district-reports/{report_id}/decide/", {"decision": ""}, format="json"
    )
    assert response.status_code == 400
    response = client.post(
        f"/api/v1/district-reports/{report_id}/decide/", {"decision": "区里统筹"}, format="json"
    )
    assert response.status_code == 200 and response.json()["is_open"] is False


def test_the_streets_workspace_shows_its_reports_up_and_the_decision(district, client):
    one, two = district["streets"]
    report = followups.followup_report_to_district(
        item=street_item(one), reason="理由", by=one["staff"]
    )
    followups.followup_report_to_district(
        item=street_item(two, "乙街道事项"), reason="理由", by=two["staff"]
    )
    client.force_login(one["staff"])
    page = client.get(reverse("workspace:street"))
    assert page.context["district_reports"] == [report]
    followups.district_report_decide(report=report, decision="区里统筹解决", by=district["staff"])
    assert "区里统筹解决" in client.get(reverse("workspace:street")).content.decode()


def test_while_the_district_decides_the_street_does_not_close_the_escalated_item(district):
    one = district["streets"][0]
    item = community_item(one)
    escalation = followups.followup_escalate(item=item, reason="协调不动", by=one["secretary"])
    item.refresh_from_db()
    report = followups.followup_report_to_district(item=item, reason="街道也不行", by=one["staff"])
    escalation.refresh_from_db()
    with pytest.raises(ValidationError):
        followups.escalation_decide(
            escalation=escalation, decision="街道自定", by=one["staff"], close_item=True
        )
    followups.district_report_decide(
        report=report, decision="区里定了", by=district["staff"], close_item=True
    )
    item.refresh_from_db()
    assert item.status == FollowUpStatus.DONE and item.reviewed_by == district["staff"]
    # The street passes the district's decision on to the community; the item stays closed
    # as the district closed it.
    escalation.refresh_from_db()
    followups.escalation_decide(
        escalation=escalation, decision="按区里决定办", by=one["staff"], close_item=True
    )
    item.refresh_from_db()
    assert item.reviewed_by == district["staff"]
    assert "区里定了" in item.evidence_text and "按区里决定办" in item.evidence_text


def test_a_second_report_at_the_same_moment_is_refused_not_an_error(district):
    from alliance.models import FollowUp

    one = district["streets"][0]
    item = street_item(one)
    second_click = FollowUp.objects.get(pk=item.pk)
    second_click._state.fields_cache["district_report"] = None  # it read the item before
    followups.followup_report_to_district(item=item, reason="理由", by=one["staff"])
    with pytest.raises(ValidationError):
        followups.followup_report_to_district(item=second_click, reason="又一次", by=one["staff"])
    assert DistrictReport.objects.filter(followup=item).count() == 1
