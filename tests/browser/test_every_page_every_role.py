"""Every page each role works in, signed in on the demo street, at 390 px and at 1280 px: it
answers, nothing is wider than the screen, axe-core finds no WCAG 2.1 A/AA violation, and the
phone-sized page is photographed to test-artifacts/phone/<role>/<page>.png."""

from __future__ import annotations

import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, User
from alliance.models import CommitteeKind
from alliance.permissions import committees_visible_to, followups_visible_to, meetings_visible_to
from appraisals.permissions import appraisals_for
from grids.models import Node
from pledges.permissions import needs_for, pledge_lists_for, projects_for
from servicedesk.permissions import requests_for, wishes_for
from summons.permissions import summons_visible_to
from tests.browser.conftest import (
    DEMO_PASSWORD,
    DESKTOP,
    PHONE,
    axe_report,
    browser_page,
    shot,
    sign_in,
    small_targets,
    too_wide,
)
from tests.english import english_on, visible_text
from volunteers.models import Activity
from volunteers.permissions import may_run_activity

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _first_url(queryset, name: str, *args) -> dict[str, str]:
    obj = queryset.order_by("pk").first()
    return {} if obj is None else {name.split(":")[1]: reverse(name, args=[obj.pk, *args])}


def _district_pages(user: User) -> dict[str, str]:
    """The district's staff: the comparison, one street and one community below it, and an
    item its streets reported up."""
    comparison = reverse("dashboard:district")
    street = Node.objects.streets().under(user.scope_node).order_by("lft").first()
    community = Node.objects.communities().under(street).order_by("lft").first()
    pages = {
        "workspace": reverse("workspace:home"),
        "comparison": comparison,
        "comparison-street": f"{comparison}?node={street.pk}",
        "comparison-community": f"{comparison}?node={community.pk}",
        "notifications": reverse("notifications:inbox"),
        "password-change": reverse("accounts:password-change"),
    }
    return pages | _first_url(followups_visible_to(user), "alliance:followup")


def pages_for(user: User) -> dict[str, str]:
    """The pages `user`'s role works in, each with an object of the demo street in their scope."""
    today = timezone.localdate()
    if user.role == Role.DISTRICT_STAFF:
        return _district_pages(user)
    pages = {
        "workspace": reverse("workspace:home"),
        "followups": reverse("alliance:followups"),
        "desk": reverse("servicedesk:desk"),
        "pledge-lists": reverse("pledges:lists"),
        "projects": reverse("pledges:projects"),
        "notifications": reverse("notifications:inbox"),
        "notification-settings": reverse("notifications:settings"),
        "password-change": reverse("accounts:password-change"),
        "activities": reverse("volunteers:activities"),
        "posts": reverse("volunteers:posts"),
    }
    pages |= _first_url(meetings_visible_to(user), "alliance:meeting")
    pages |= _first_url(meetings_visible_to(user), "alliance:meeting-print")
    pages |= _first_url(followups_visible_to(user), "alliance:followup")
    pages |= _first_url(requests_for(user), "servicedesk:request")
    pages |= _first_url(wishes_for(user), "servicedesk:wish")
    pages |= _first_url(pledge_lists_for(user), "pledges:list")
    pages |= _first_url(projects_for(user), "pledges:project")
    committee = committees_visible_to(user).order_by("pk").first()
    party = committees_visible_to(user).filter(kind=CommitteeKind.PARTY).order_by("pk").first()
    if party is not None:
        pages["rota"] = reverse("alliance:rota", args=[party.pk, today.year])
    street = Node.objects.get(code_path="daixi")
    pledged = Node.objects.communities().under(street).filter(pledge_lists__isnull=False)
    pages["pledge-board"] = reverse("pledges:board", args=[pledged.order_by("lft").first().pk])
    if user.role != Role.VOLUNTEER:
        pages["alliance"] = reverse("alliance:home")
        pages["summons"] = reverse("summons:list")
        pages |= _first_url(summons_visible_to(user), "summons:detail")
        pages["needs"] = reverse("pledges:needs")
        pages["resources"] = reverse("pledges:resources")
        pages |= _first_url(needs_for(user).filter(status="open"), "pledges:need")
        pages["appraisals"] = reverse("appraisals:list")
        year = appraisals_for(user).order_by("-year").first()
        if year is not None and user.role != Role.UNIT_CONTACT:
            pages["appraisal"] = reverse("appraisals:detail", args=[year.pk])
        if year is not None:
            rows = year.units.filter(unit__community__in=Node.objects.under(street))
            if user.role == Role.UNIT_CONTACT:
                rows = rows.filter(unit_id=user.unit_id)
            row = rows.order_by("pk").first()
            if row is not None:
                pages["appraisal-unit"] = reverse("appraisals:unit", args=[row.pk])
    if user.role in (Role.STREET_STAFF, Role.COMMUNITY_SECRETARY):
        pages["dashboard"] = reverse("dashboard:home")
        community = user.scope_node
        if user.role == Role.STREET_STAFF:
            community = Node.objects.communities().under(street).order_by("lft").first()
        pages["two-step"] = reverse("accounts:two-step")
        pages["report"] = reverse("dashboard:report")
        pages["approvals"] = reverse("volunteers:approvals")
        pages["summons-new"] = reverse("summons:new")
        for form in ("", "-wish", "-request", "-rating", "-volunteer"):
            pages[f"assist{form}"] = reverse(f"workspace:assist{form}")
        pages["coverage"] = reverse("servicemap:coverage")
        pages["dual-report"] = reverse("volunteers:compliance", args=[community.pk, today.year])
        if committee is not None and user.role == Role.STREET_STAFF:
            pages["meeting-new"] = reverse("alliance:meeting-new", args=[committee.pk])
            month = today.replace(day=1) - datetime.timedelta(days=1)
            pages["evaluation"] = reverse(
                "alliance:evaluation", args=[committee.pk, month.strftime("%Y-%m")]
            )
        run = [a for a in Activity.objects.order_by("-starts_at")[:50] if may_run_activity(user, a)]
        if run:
            pages["check-in-screen"] = reverse("volunteers:screen", args=[run[0].pk])
    if user.role == Role.UNIT_CONTACT:
        pages["my-unit"] = reverse("alliance:my-unit")
        pages["our-menu"] = reverse("servicedesk:our-menu")
        pages["score-sheet"] = reverse("volunteers:score-sheet", args=[user.unit_id, today.year])
    if user.role == Role.VOLUNTEER:
        pages["me"] = reverse("volunteers:me")
        pages["leaderboards"] = reverse("volunteers:leaderboards")
        pages |= _first_url(
            Activity.objects.filter(node__tree_id=street.tree_id), "volunteers:activity"
        )
    return pages


def demo_user(role: str) -> User:
    """The demo street's first account of `role`."""
    users = User.objects.filter(role=role).order_by("username")
    if role != Role.DISTRICT_STAFF:  # the district's staff watch every demo street
        users = users.filter(username__startswith="daixi-")
    return users[0]


ROLES = {
    "district-staff": Role.DISTRICT_STAFF,
    "street-staff": Role.STREET_STAFF,
    "community-secretary": Role.COMMUNITY_SECRETARY,
    "unit-contact": Role.UNIT_CONTACT,
    "volunteer": Role.VOLUNTEER,
}


def page_problems(page, url: str, viewport: dict[str, int], axe: Axe) -> list[str]:
    """Open `url` and return what is wrong with it: an error status, a page wider than the
    screen (with the culprits), on a phone tap targets under 44 px, axe-core's WCAG 2.1 A/AA
    violations, English phrases on the Chinese page (the browser asks for zh-CN)."""
    response = page.goto(url)
    if response.status >= 400:
        return [f"answered {response.status}"]
    problems = []
    if wide := too_wide(page, viewport):
        problems.append(wide)
    if viewport["width"] < 600 and (small := small_targets(page)):
        problems.append(small)
    if report := axe_report(page, axe):
        problems.append(report)
    if english := english_on(visible_text(page.content())):
        problems.append(f"English on a Chinese page: {english}")
    return problems


@pytest.mark.parametrize("size", ["phone", "desktop"])
@pytest.mark.parametrize("role", list(ROLES))
def test_every_page_of_every_role_fits_a_phone_and_a_desk_and_is_accessible(
    chromium, live_server, demo_street, role, size
):
    # A test per role and size, so parallel workers share them out; the demo street is put
    # back from its snapshot for each (tests/browser/conftest.py, DemoSnapshot).
    viewport = {"phone": PHONE, "desktop": DESKTOP}[size]
    user = demo_user(ROLES[role])
    pages = pages_for(user)
    axe = Axe()
    problems: list[str] = []
    with browser_page(chromium, viewport) as page:
        sign_in(page, live_server.url, user.username, DEMO_PASSWORD)
        assert "/accounts/login/" not in page.url, f"{user.username} could not sign in"
        for name, path in pages.items():
            found = page_problems(page, f"{live_server.url}{path}", viewport, axe)
            problems += [f"{role} {size} {name} ({path}): {p}" for p in found]
            if size == "phone":
                shot(page, f"phone/{role}/{name}")
    assert not problems, "\n\n".join(problems)


def test_the_outcome_of_a_rating_is_on_the_phone_screen_where_the_board_reopens(
    phone, live_server, demo_street
):
    street = Node.objects.get(code_path="daixi")
    pledged = Node.objects.communities().under(street).filter(pledge_lists__isnull=False)
    board = reverse("pledges:board", args=[pledged.order_by("lft").first().pk])
    phone.goto(f"{live_server.url}{board}")
    # A pledge far down the board, so the page reopens scrolled to it, away from the top.
    row = phone.locator("tbody tr[id^=pledge-]").last
    row_id = row.get_attribute("id")  # before the page reopens: the board may list anew
    with phone.expect_navigation():
        row.locator("button[type=submit]").click()
    assert f"#{row_id}" in phone.url
    outcome = phone.locator(f"#{row_id} .messages li").first
    assert outcome.is_visible()
    box = outcome.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], box
    shot(phone, "phone/anonymous/rated", full_page=False)
