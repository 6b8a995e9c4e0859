import datetime

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError

from common.ratelimit import allowance
from pledges import services
from pledges.models import ListStatus, PledgeRating, PledgeStatus
from pledges.permissions import may_review, review_queue
from pledges.selectors import board_lists, satisfaction_rate
from tests.factories import (
    CommunityFactory,
    CompoundFactory,
    StreetFactory,
    secretary,
    street_staff,
)
from tests.factories.alliance import UnitFactory, contact

pytestmark = pytest.mark.django_db


@pytest.fixture
def place():
    street = StreetFactory()
    community = CommunityFactory(parent=street)
    return street, community, UnitFactory(community=community)


def published(pledge_list, *texts):
    for text in texts:
        services.pledge_add(
            pledge_list=pledge_list,
            text=text,
            category="service",
            due_on=datetime.date(pledge_list.year, 12, 31),
        )
    services.pledge_list_submit(pledge_list=pledge_list)
    return services.pledge_list_review(pledge_list=pledge_list, approve=True)


def test_a_units_list_is_reviewed_by_its_community_then_shown_on_the_board(place):
    _street, community, unit = place
    pledge_list = services.pledge_list_create(
        pledger_kind="unit", node=community, unit=unit, year=2026, title="2026年初心清单"
    )
    services.pledge_add(
        pledge_list=pledge_list,
        text="每月开展一次义诊",
        category="service",
        due_on=datetime.date(2026, 12, 31),
    )
    assert board_lists(community) == []  # drafts stay private
    services.pledge_list_submit(pledge_list=pledge_list)
    sec = secretary(community)
    assert may_review(sec, pledge_list) and list(review_queue(sec)) == [pledge_list]
    services.pledge_list_review(pledge_list=pledge_list, approve=True, by=sec)
    assert [pl.pk for pl in board_lists(community)] == [pledge_list.pk]


def test_a_community_list_is_reviewed_by_the_street_not_the_secretary(place):
    street, community, _unit = place
    pledge_list = services.pledge_list_create(
        pledger_kind="community", node=community, year=2026, title="社区承诺"
    )
    services.pledge_add(
        pledge_list=pledge_list,
        text="办好十件实事",
        category="service",
        due_on=datetime.date(2026, 12, 31),
    )
    services.pledge_list_submit(pledge_list=pledge_list)
    assert not may_review(secretary(community), pledge_list)
    assert may_review(street_staff(street), pledge_list)


def test_returning_needs_a_note_and_allows_changes(place):
    _street, community, unit = place
    pledge_list = services.pledge_list_create(
        pledger_kind="unit", node=community, unit=unit, year=2026, title="清单"
    )
    services.pledge_add(
        pledge_list=pledge_list, text="承诺一", category="care", due_on=datetime.date(2026, 6, 1)
    )
    services.pledge_list_submit(pledge_list=pledge_list)
    with pytest.raises(ValidationError):
        services.pledge_list_review(pledge_list=pledge_list, approve=False, note="")
    services.pledge_list_review(pledge_list=pledge_list, approve=False, note="请细化时间节点")
    assert pledge_list.status == ListStatus.RETURNED
    services.pledge_add(
        pledge_list=pledge_list, text="承诺二", category="care", due_on=datetime.date(2026, 7, 1)
    )


def test_the_street_pledges_to_the_units_and_only_the_street_does(place):
    street, community, unit = place
    two_way = services.pledge_list_create(
        pledger_kind="street",
        node=street,
        year=2026,
        title="街道向驻街单位承诺",
        beneficiary="units",
    )
    assert two_way.beneficiary == "units"
    with pytest.raises(ValidationError):
        services.pledge_list_create(
            pledger_kind="unit",
            node=community,
            unit=unit,
            year=2026,
            title="x",
            beneficiary="units",
        )


def test_compound_pledgers_sit_on_the_compound_board(place):
    _street, community, _unit = place
    compound = CompoundFactory(parent=community)
    with pytest.raises(ValidationError):
        services.pledge_list_create(pledger_kind="branch", node=community, year=2026, title="x")
    branch_list = services.pledge_list_create(
        pledger_kind="branch", node=compound, year=2026, title="小区党支部承诺"
    )
    published(branch_list, "楼道清洁每周一次")
    assert [pl.pk for pl in board_lists(compound)] == [branch_list.pk]
    assert [pl.pk for pl in board_lists(community)] == [
        branch_list.pk
    ]  # shown on the community's board too


def test_not_kept_needs_an_explanation_and_kept_needs_proof(place):
    _street, community, unit = place
    pledge = published(
        services.pledge_list_create(
            pledger_kind="unit", node=community, unit=unit, year=2026, title="x"
        ),
        "修缮健身路径",
    ).pledges.get()
    with pytest.raises(ValidationError):
        services.pledge_progress(pledge=pledge, status=PledgeStatus.NOT_KEPT)
    with pytest.raises(ValidationError):
        services.pledge_progress(pledge=pledge, status=PledgeStatus.KEPT)
    services.pledge_progress(
        pledge=pledge, status=PledgeStatus.KEPT, evidence_text="已完成，附照片"
    )
    pledge.refresh_from_db()
    assert pledge.status == PledgeStatus.KEPT


def test_markup_in_a_pledge_is_refused_with_a_message(place):
    _street, community, unit = place
    pledge_list = services.pledge_list_create(
        pledger_kind="unit", node=community, unit=unit, year=2026, title="x"
    )
    with pytest.raises(ValidationError) as error:
        services.pledge_add(
            pledge_list=pledge_list,
            text="<script>alert(1)</script>",
            category="service",
            due_on=datetime.date(2026, 5, 1),
        )
    assert "text" in error.value.message_dict
    assert not pledge_list.pledges.exists()


def test_one_rating_per_browser_per_pledge_per_month(place):
    _street, community, unit = place
    pledge = published(
        services.pledge_list_create(
            pledger_kind="unit", node=community, unit=unit, year=2026, title="x"
        ),
        "义诊",
    ).pledges.get()
    token = services.voter_issue()
    services.pledge_rate(
        pledge=pledge,
        value="satisfied",
        voter_token=token,
        address="1.2.3.4",
        today=datetime.date(2026, 5, 1),
    )
    with pytest.raises(ValidationError):
        services.pledge_rate(
            pledge=pledge,
            value="unsatisfied",
            voter_token=token,
            address="1.2.3.4",
            today=datetime.date(2026, 5, 20),
        )
    services.pledge_rate(
        pledge=pledge,
        value="basic",
        voter_token=token,
        address="1.2.3.4",
        today=datetime.date(2026, 6, 1),
    )
    services.pledge_rate(
        pledge=pledge,
        value="satisfied",
        voter_token=services.voter_issue(),
        address="5.6.7.8",
        today=datetime.date(2026, 5, 2),
    )
    assert PledgeRating.objects.count() == 3
    assert all(len(r.voter) == 64 and r.voter != token for r in PledgeRating.objects.all())


def test_ballot_stuffing_from_one_address_is_stopped(place):
    _street, community, unit = place
    pledge = published(
        services.pledge_list_create(
            pledger_kind="unit", node=community, unit=unit, year=2026, title="x"
        ),
        "义诊",
    ).pledges.get()
    cache.clear()
    for _ in range(allowance("rating")):
        services.pledge_rate(
            pledge=pledge, value="satisfied", voter_token=services.voter_issue(), address="9.9.9.9"
        )
    with pytest.raises(ValidationError):
        services.pledge_rate(
            pledge=pledge,
            value="satisfied",
            voter_token=services.voter_issue(),
            address="9.9.9.9",
        )
    assert PledgeRating.objects.count() == allowance("rating")


def test_drafts_cannot_be_rated_and_a_missing_token_is_explained(place):
    _street, community, unit = place
    pledge_list = services.pledge_list_create(
        pledger_kind="unit", node=community, unit=unit, year=2026, title="x"
    )
    pledge = services.pledge_add(
        pledge_list=pledge_list, text="义诊", category="service", due_on=datetime.date(2026, 5, 1)
    )
    with pytest.raises(ValidationError):
        services.pledge_rate(
            pledge=pledge,
            value="satisfied",
            voter_token=services.voter_issue(),
            address="1.1.1.1",
        )
    published_list = published(
        services.pledge_list_create(pledger_kind="community", node=community, year=2026, title="y"),
        "z",
    )
    with pytest.raises(ValidationError):
        services.pledge_rate(
            pledge=published_list.pledges.get(),
            value="satisfied",
            voter_token="",
            address="1.1.1.1",
        )


def test_satisfaction_counts_basic_as_half():
    assert satisfaction_rate(2, 2, 0) == 0.75
    assert satisfaction_rate(0, 0, 0) is None


def test_a_unit_contact_edits_its_own_list_only(place):
    from pledges.permissions import may_edit

    _street, community, unit = place
    other = UnitFactory(community=community)
    mine = services.pledge_list_create(
        pledger_kind="unit", node=community, unit=unit, year=2026, title="x"
    )
    assert may_edit(contact(unit), mine)
    assert not may_edit(contact(other), mine)


def test_a_rating_verifier_hook_can_hold_ratings_back(client, place, settings):
    _street, community, unit = place
    pledge = published(
        services.pledge_list_create(
            pledger_kind="unit", node=community, unit=unit, year=2026, title="x"
        ),
        "义诊",
    ).pledges.get()
    settings.PLEDGE_RATING_VERIFIER = "tests.pledges.test_pledge_lists.refuse_everyone"
    client.get(f"/boards/{community.pk}/")
    client.post(f"/pledges/{pledge.pk}/rate/", {"value": "satisfied"})
    assert not PledgeRating.objects.exists()
    settings.PLEDGE_RATING_VERIFIER = ""
    client.post(f"/pledges/{pledge.pk}/rate/", {"value": "satisfied"})
    assert PledgeRating.objects.count() == 1


def refuse_everyone(request) -> bool:
    return False
