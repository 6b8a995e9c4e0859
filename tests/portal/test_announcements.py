import pytest
from django.urls import reverse

from portal.models import Announcement
from portal.services import announcement_save
from tests.factories import CommunityFactory, StreetFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def places():
    street = StreetFactory()
    return street, CommunityFactory(parent=street), CommunityFactory(parent=street)


def post(node, title="通知", body="<p>正文</p>", category="health"):
    return announcement_save(
        announcement=Announcement(title=title, category=category, node=node, body=body)
    )


def test_rich_text_is_sanitised_never_raw(places):
    _street, community, _other = places
    item = post(
        community,
        body=(
            '<p onclick="x()">体检<script>alert(1)</script>'
            '<a href="javascript:alert(1)">链接</a><strong>周二</strong></p>'
        ),
    )
    assert (
        "<script" not in item.body and "onclick" not in item.body and "javascript:" not in item.body
    )
    assert "<strong>周二</strong>" in item.body


def test_a_community_page_shows_its_own_and_the_streets_not_another_communitys(client, places):
    street, community, other = places
    post(street, title="全街道停水通知")
    post(community, title="本社区体检")
    post(other, title="别的社区活动")
    page = client.get(reverse("portal:announcements", args=[community.pk]))
    titles = [a.title for a in page.context["items"]]
    assert set(titles) == {"全街道停水通知", "本社区体检"}


def test_feeds_per_community(client, places):
    _street, community, _other = places
    post(community, title="防诈骗提示", category="finance")
    rss = client.get(reverse("portal:announcements-rss", args=[community.pk]))
    atom = client.get(reverse("portal:announcements-atom", args=[community.pk]))
    assert (
        rss.status_code == 200
        and "防诈骗提示" in rss.content.decode()
        and "<rss" in rss.content.decode()
    )
    assert atom.status_code == 200 and "http://www.w3.org/2005/Atom" in atom.content.decode()


def test_list_queries_stay_flat(client, places, django_assert_max_num_queries):
    street, community, _other = places
    for n in range(20):
        post(community if n % 2 else street, title=f"通知{n}")
    with django_assert_max_num_queries(4):
        response = client.get(reverse("portal:announcements", args=[community.pk]))
    assert len(response.context["items"]) == 20
