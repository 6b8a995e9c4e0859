"""A joint meeting's topic may come from the demand list: the secretary picks the residents'
need (heard as a request, a wish, on a visit or in a survey) and the topic links to it on the
meeting page, the printed protocol and the ledger; a need of another place is refused."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from alliance.selectors import ledger_sections
from alliance.services import meetings
from pledges.services import lists
from tests.factories import CommunityFactory, StreetFactory, secretary
from tests.factories.alliance import UnitFactory, at, contact, party_committee, schedule

pytestmark = pytest.mark.django_db

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


@pytest.fixture
def place():
    street = StreetFactory()
    community, other = CommunityFactory(parent=street), CommunityFactory(parent=street)
    committee = party_committee(community)
    unit = UnitFactory(community=community)
    by = secretary(community)
    need = lists.need_record(
        community=community, title="老旧小区加装电梯", category="other", source="visit", by=by
    )
    far = lists.need_record(
        community=other,
        title="别处的需求",
        category="other",
        source="survey",
        by=secretary(other),
    )
    meeting = schedule(committee, at(2026, 3, 10, 14))
    return {"meeting": meeting, "need": need, "far": far, "secretary": by, "unit": unit}


def test_a_topic_from_the_demand_list_links_its_need(place):
    topic = meetings.topic_propose(
        meeting=place["meeting"], title="议加装电梯", need_id=place["need"].pk
    )
    assert (topic.need, topic.source) == (place["need"], "resident")
    with pytest.raises(ValidationError):
        meetings.topic_propose(meeting=place["meeting"], title="x", need_id=place["far"].pk)


def test_the_secretary_picks_the_need_on_the_meeting_page_and_it_is_shown_and_printed(
    client, place
):
    client.force_login(place["secretary"])
    meeting = place["meeting"]
    page = client.get(reverse("alliance:meeting", args=[meeting.pk]), **ZH).content.decode()
    assert "老旧小区加装电梯" in page and "别处的需求" not in page  # the choices of the place
    client.post(
        reverse("alliance:meeting-action", args=[meeting.pk, "topic"]),
        {"title": "议加装电梯", "need": place["need"].pk},
    )
    topic = meeting.topics.get()
    assert topic.need == place["need"]
    page = client.get(reverse("alliance:meeting", args=[meeting.pk]), **ZH).content.decode()
    assert reverse("pledges:need", args=[place["need"].pk]) in page and "入户走访" in page
    printed = client.get(reverse("alliance:meeting-print", args=[meeting.pk]), **ZH)
    assert "老旧小区加装电梯（入户走访）" in printed.content.decode()
    topics = next(
        s
        for s in ledger_sections(
            meeting.committee.node, at(2026, 3, 1).date(), at(2026, 3, 31).date()
        )
        if s.key == "topics"
    )
    assert topics.rows[0][1:] == ["议加装电梯", "群众反映问题", "", "老旧小区加装电梯（入户走访）"]


def test_a_unit_contact_proposes_without_the_demand_list(client, place):
    client.force_login(contact(place["unit"]))
    meeting = place["meeting"]
    page = client.get(reverse("alliance:meeting", args=[meeting.pk]), **ZH).content.decode()
    assert 'name="need"' not in page
    client.post(
        reverse("alliance:meeting-action", args=[meeting.pk, "topic"]),
        {"title": "议停车", "need": place["need"].pk},
    )
    assert meeting.topics.get().need is None
