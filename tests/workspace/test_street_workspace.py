"""The street's workspace: escalations to decide, grading, communities with a late meeting."""

import pytest
from django.urls import reverse

from alliance.services import followups
from common.months import key, last_finished_month
from tests.factories import CommunityFactory, StreetFactory, street_staff
from tests.factories.alliance import party_committee
from tests.workspace.world import texts

pytestmark = pytest.mark.django_db

URL = reverse("workspace:street")


def test_street_staff_see_the_escalations_and_where_to_decide_them(client, world):
    client.force_login(world["staff"])
    response = client.get(URL)
    page = texts(response)
    items = response.context["escalations"]
    assert sorted(i.owner.name for i in items) == ["a单位", "b单位"]
    for item in items:
        assert reverse("alliance:followup", args=[item.pk]) in page
    assert reverse("dashboard:home") in page


def test_a_decided_escalation_leaves_the_list(client, world):
    item = world["a"]["meeting"].followups.get()
    followups.escalation_decide(
        escalation=item.escalation, decision="街道协调解决", by=world["staff"]
    )
    client.force_login(world["staff"])
    titles = [i.title for i in client.get(URL).context["escalations"]]
    assert item.title not in titles and len(titles) == 1


def test_the_grading_state_links_each_communitys_evaluation(client, world):
    client.force_login(world["staff"])
    response = client.get(URL)
    page = texts(response)
    rows = {row["committee"].pk: row for row in response.context["grading"]}
    assert rows[world["a"]["committee"].pk]["units"] == 2
    assert rows[world["a"]["committee"].pk]["units_graded"] == 0
    month = key(last_finished_month())
    assert reverse("alliance:evaluation", args=[world["a"]["committee"].pk, month]) in page


def test_a_community_without_a_meeting_this_month_is_late(client, world):
    late = party_committee(CommunityFactory(parent=world["street"], name="迟到社区"))
    client.force_login(world["staff"])
    response = client.get(URL)
    assert [c.pk for c in response.context["late"]] == [late.pk]
    assert "迟到社区" in texts(response)


def test_another_streets_rows_never_show(client, world):
    street = StreetFactory()
    party_committee(CommunityFactory(parent=street, name="外街社区"))
    client.force_login(street_staff(street))
    response = client.get(URL)
    page = texts(response)
    assert response.context["escalations"] == []
    assert "a社区" not in page and "外街社区" in page
