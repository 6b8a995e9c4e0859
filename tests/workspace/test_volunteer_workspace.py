"""我的志愿: a volunteer sees their own teams, activities, hours, points and dual report."""

import pytest
from django.urls import reverse

from accounts.models import Role
from tests.factories import UserFactory
from tests.workspace.world import texts
from volunteers import services
from volunteers.models import Team

pytestmark = pytest.mark.django_db

URL = reverse("workspace:volunteer")


def test_a_volunteer_sees_their_sections_with_real_data(client, world):
    a = world["a"]
    team = Team.objects.create(name="a红色先锋队", node=a["community"])
    services.team_join(team=team, volunteer=a["volunteer"])
    client.force_login(a["volunteer_user"])
    response = client.get(URL)
    page = texts(response)
    assert "a红色先锋队" in page
    assert "活动a" in page  # signed up
    assert "可报名a" in page  # to join
    assert "往期a" in page  # a check-in
    assert response.context["hours_pending"]["hours"] == 2
    assert response.context["balance"] == 5
    assert "奖励a" in page  # a ledger entry
    assert response.context["services_needed"] == 10


def test_an_activity_signed_up_to_is_not_offered_again(client, world):
    client.force_login(world["a"]["volunteer_user"])
    response = client.get(URL)
    assert "活动a" not in [a.title for a in response.context["to_join"]]


def test_a_volunteer_never_sees_another_volunteers_rows(client, world):
    client.force_login(world["a"]["volunteer_user"])
    response = client.get(URL)
    page = texts(response)
    for foreign in ["志愿者b", "往期b", "奖励b"]:  # name, check-in, points of the other one
        assert foreign not in page, foreign
    # b's activities are the street's public ones, offered to join, never as a's sign-ups.
    assert all(s.volunteer_id == world["a"]["volunteer"].pk for s in response.context["signups"])
    assert not [s for s in response.context["signups"] if s.activity.title.startswith("活动b")]


def test_activities_of_another_street_are_not_offered(client, world):
    from tests.factories import CommunityFactory
    from tests.factories.volunteers import activity

    activity(CommunityFactory(), title="外街活动")
    client.force_login(world["a"]["volunteer_user"])
    assert "外街活动" not in texts(client.get(URL))


def test_a_volunteer_account_without_a_record_gets_a_helpful_page(client, world):
    client.force_login(UserFactory(role=Role.VOLUNTEER))
    page = texts(client.get(URL))
    assert reverse("volunteers:register") in page
