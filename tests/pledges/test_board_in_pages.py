"""A community's pledge board comes in pages of lists, so a phone need not scroll through every
unit's and compound's list at once; after a rating the reader lands on the page of the rated
pledge; a page past the end answers 404, a bad page number 400."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from pledges import services as pledge_services
from pledges.views import BOARD_PAGE
from tests.factories import CommunityFactory, StreetFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def board():
    community = CommunityFactory(parent=StreetFactory())
    lists = []  # one list a year per pledger: a community's lists over the years
    for n in range(BOARD_PAGE + 3):
        pl = pledge_services.pledge_list_create(
            pledger_kind="community", node=community, year=2010 + n, title=f"承诺清单{n:02d}"
        )
        pledge_services.pledge_add(
            pledge_list=pl,
            text=f"承诺{n:02d}",
            category="service",
            due_on=datetime.date(2010 + n, 12, 1),
        )
        pledge_services.pledge_list_submit(pledge_list=pl)
        pledge_services.pledge_list_review(pledge_list=pl, approve=True)
        lists.append(pl)
    return community, lists


def test_the_board_shows_a_page_at_a_time(client, board, django_assert_max_num_queries):
    community, _lists = board
    url = reverse("pledges:board", args=[community.pk])
    with django_assert_max_num_queries(6):
        first = client.get(url).content.decode()
    assert first.count('<section class="panel">') == BOARD_PAGE
    assert "?page=2" in first
    second = client.get(url, {"page": 2}).content.decode()
    assert second.count('<section class="panel">') == 3
    assert client.get(url, {"page": 3}).status_code == 404
    assert client.get(url, {"page": "x"}).status_code == 400


def test_after_a_rating_the_reader_lands_on_its_page(client, board):
    community, lists = board
    last = lists[-1].pledges.first()
    page = client.get(reverse("pledges:board", args=[community.pk]), {"rated": last.pk})
    assert f'id="pledge-{last.pk}"' in page.content.decode()
