import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from alliance.services.evaluations import grade_from_figures, unit_month_figures
from tests.factories import CommunityFactory, secretary
from tests.factories.alliance import UnitFactory, party_committee
from tests.factories.volunteers import activity, volunteer
from volunteers import services
from volunteers.models import CheckIn, DualReport, PostClaim, ServicePost, Signup, Team

pytestmark = pytest.mark.django_db


def test_cancelling_an_activity_cancels_its_sign_ups(client):
    home = CommunityFactory()
    event = activity(home, capacity=3)
    people = [volunteer(home) for _ in range(2)]
    for person in people:
        services.activity_signup(activity=event, volunteer=person)
    client.force_login(secretary(home))
    client.post(reverse("volunteers:cancel", args=[event.pk]))
    event.refresh_from_db()
    assert event.cancelled_at and not Signup.objects.exclude(status="cancelled").exists()
    with pytest.raises(ValidationError):
        services.activity_signup(activity=event, volunteer=people[0])


def test_posts_are_claimed_while_places_last_and_given_back(client):
    home = CommunityFactory()
    post = ServicePost.objects.create(
        title="文明劝导岗",
        node=home,
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + datetime.timedelta(days=30),
        slots=1,
    )
    first, second = volunteer(home), volunteer(home)
    client.force_login(first.user)
    client.post(reverse("volunteers:posts"), {"post": post.pk})
    client.force_login(second.user)
    client.post(reverse("volunteers:posts"), {"post": post.pk})
    assert list(PostClaim.objects.values_list("volunteer", flat=True)) == [first.pk]
    client.force_login(first.user)
    client.post(reverse("volunteers:posts"), {"post": post.pk})  # give back
    client.force_login(second.user)
    client.post(reverse("volunteers:posts"), {"post": post.pk})
    assert PostClaim.objects.filter(released_at__isnull=True).get().volunteer == second


def test_an_in_service_member_files_the_report_slip(client):
    home = CommunityFactory()
    member = volunteer(home, is_party_member=True, work_unit=UnitFactory(community=home))
    client.force_login(member.user)
    client.post(reverse("volunteers:report"))
    report = DualReport.objects.get()
    assert (report.volunteer, report.community, report.year) == (
        member,
        home,
        timezone.localdate().year,
    )
    page = client.get(reverse("volunteers:me"))
    assert page.context["report"] == report and home.name in page.content.decode()


def test_a_units_team_hours_count_toward_its_co_building():
    home = CommunityFactory()
    committee = party_committee(home)
    unit = UnitFactory(community=home)
    team = Team.objects.create(name="医院志愿队", node=home, unit=unit)
    person = volunteer(home)
    team.members.add(person)
    event = activity(home, start=timezone.now() - datetime.timedelta(days=1))
    CheckIn.objects.create(
        volunteer=person,
        activity=event,
        community=home,
        checked_in_at=event.starts_at,
        hours=10,
        status="approved",
    )
    figures = unit_month_figures(committee, timezone.localtime(event.starts_at).date())[unit.pk]
    assert figures["team_hours"] == 10
    assert grade_from_figures(figures) == "excellent"
