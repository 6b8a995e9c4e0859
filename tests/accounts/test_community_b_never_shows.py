"""Community B's records never reach the people of community A: not in a list, an export, a
search, a dashboard figure or a notification.

B's private records carry a marker word in their text; every back-office page without an object
in its URL (read from the URL resolver), every admin list and its export, every API list, and
every search is fetched as A's secretary, A's unit contact and A's volunteer, and none may hold
the marker. Public pages are fetched anonymously: B's unpublished records stay off them too.
"""

from __future__ import annotations

import datetime
import difflib
import json

import pytest
from django.contrib import admin
from django.urls import get_resolver, reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.admin_mixins import ScopedAdminMixin
from accounts.scope import scope_for
from alliance.models import AgendaTopic, Escalation, FollowUp, Meeting, Resolution
from alliance.reminders import reminders_run
from alliance.services import followups
from config.api_urls import router
from notifications.models import Notification
from pledges.models import PledgeList, Project
from servicedesk.models import MicroWish, ServiceRequest
from tests.accounts.matrix import node_of
from tests.accounts.test_scope_in_every_page import _walk
from tests.exchange.conftest import read_xlsx
from tests.exchange.test_export_round_trip import export
from tests.factories import secretary
from tests.factories.alliance import contact, schedule
from volunteers.models import Volunteer

pytestmark = pytest.mark.django_db

MARK = "乙方机密"
PHONE_MARK = "199000099"  # B's volunteers' phones start so
A_ROLES = ("volunteer", "contact", "secretary")


@pytest.fixture
def marked(small_street, world):
    """Put the marker into the text of every private record of community B."""
    b = small_street.communities[1]
    in_b = {"tree_id": b.tree_id, "lft__gte": b.lft, "rght__lte": b.rght}

    def under(path: str) -> dict:
        return {f"{path}__{k}": v for k, v in in_b.items()}

    FollowUp.objects.filter(**under("meeting__committee__node")).update(title=f"{MARK}事项")
    Meeting.objects.filter(**under("committee__node")).update(minutes=f"{MARK}纪要")
    for meeting in Meeting.objects.filter(**under("committee__node")):
        AgendaTopic.objects.create(meeting=meeting, title=f"{MARK}议题")
        Resolution.objects.create(meeting=meeting, text=f"{MARK}决议")
    Escalation.objects.filter(**under("followup__meeting__committee__node")).update(
        reason=f"{MARK}理由"
    )
    # The wall shows a wish from publication on, with the wisher's name masked; before that
    # (and after a refusal) it is the community's alone.
    MicroWish.objects.filter(
        **under("community"), claimed_by__isnull=True, claimed_unit__isnull=True
    ).update(resident_name=f"{MARK}居民")
    MicroWish.objects.filter(**under("community"), status__in=["submitted", "rejected"]).update(
        title=f"{MARK}心愿"
    )
    ServiceRequest.objects.filter(**under("community")).update(
        description=f"{MARK}诉求", resident_name=f"{MARK}居民"
    )
    # Volunteers' names are on the public leaderboards; their phones are theirs.
    for n, person in enumerate(Volunteer.objects.filter(**under("community"))):
        Volunteer.objects.filter(pk=person.pk).update(phone=f"{PHONE_MARK}{n:02d}")
    PledgeList.objects.filter(**under("node")).exclude(status="published").update(
        title=f"{MARK}清单"
    )
    Project.objects.filter(**under("node")).update(title=f"{MARK}项目")
    return world


def _clients(world) -> dict[str, APIClient]:
    clients = {}
    for role in A_ROLES:
        clients[role] = APIClient()
        clients[role].force_login(world.users[role])
    return clients


def _text(response) -> str:
    if response.get("Content-Type", "").startswith("application/vnd.openxmlformats"):
        return json.dumps(read_xlsx(response.content).dict, ensure_ascii=False, default=str)
    return response.content.decode("utf-8", "replace")


def _export(client, model):
    """The admin list's Excel export, every column ticked (see tests/exchange)."""
    response = export(client, model)
    assert response.status_code == 200, (model, response.status_code)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats"), model
    return response


def _leaks(text: str) -> bool:
    return MARK in text or PHONE_MARK in text


def _back_office_pages() -> list[str]:
    pages = []
    for name, route, converters in _walk(get_resolver().url_patterns):
        if route.startswith(("admin/", "api/", "i18n/")) or converters or "<" in route:
            continue
        pages.append(reverse(name))
    return pages


def test_the_marker_is_really_in_bs_records(client, marked, small_street):
    """The scan below would pass on empty pages; street staff must see B's marked records."""
    client.force_login(marked.users["staff"])
    followups_page = client.get(reverse("alliance:followups"))
    assert MARK in followups_page.content.decode()
    desk_page = client.get(reverse("servicedesk:desk"))
    assert MARK in desk_page.content.decode()
    assert PHONE_MARK in _text(_export(client, Volunteer))


def test_no_page_list_or_search_of_a_shows_bs_records(marked):
    leaks = []
    pages = _back_office_pages()
    assert reverse("alliance:followups") in pages and reverse("dashboard:home") in pages
    for role, client in _clients(marked).items():
        for url in pages:
            for query in ("", f"?q={MARK}", f"?search={MARK}", "?format=xlsx", "?format=csv"):
                response = client.get(url + query)
                assert response.status_code < 500, (role, url + query, response.status_code)
                if response.status_code == 200 and _leaks(_text(response)):
                    leaks.append(f"{role} {url}{query}")
    assert not leaks, "community B's records shown in A's pages:\n" + "\n".join(leaks)


def test_no_public_page_shows_bs_unpublished_records(client, marked):
    leaks = []
    for url in _back_office_pages():
        response = client.get(url)
        if response.status_code == 200 and _leaks(_text(response)):
            leaks.append(url)
    assert not leaks, leaks


def test_no_admin_list_export_or_search_of_a_shows_bs_records(client, marked):
    client.force_login(marked.users["secretary"])
    scope = scope_for(marked.users["secretary"])
    leaks = []
    for model, model_admin in admin.site._registry.items():
        if not isinstance(model_admin, ScopedAdminMixin) or model._meta.app_label == "accounts":
            continue  # accounts: street staff's alone (test_user_admin.py)
        info = model._meta.app_label, model._meta.model_name
        changelist = reverse("admin:{}_{}_changelist".format(*info))
        listing = client.get(changelist + "?all=")
        assert listing.status_code == 200, (changelist, listing.status_code)
        if _leaks(_text(listing)):
            leaks.append(changelist)
        for term in (MARK, PHONE_MARK):
            found = client.get(changelist, {"q": term}).context["cl"].result_list
            outside = [o for o in found if not scope.contains(node_of(model_admin, o))]
            if outside:
                leaks.append(f"{changelist}?q={term}: {outside}")
        if _leaks(_text(_export(client, model))):
            leaks.append(f"{changelist} export")
    assert not leaks, leaks


def test_no_api_list_or_search_of_a_shows_bs_records(marked):
    leaks = []
    for role, client in _clients(marked).items():
        for prefix, viewset, _basename in router.registry:
            if not hasattr(viewset, "list"):
                continue
            for query in ("", f"?search={MARK}"):
                response = client.get(f"/api/v1/{prefix}/{query}")
                if response.status_code == 200 and _leaks(_text(response)):
                    leaks.append(f"{role} /api/v1/{prefix}/{query}")
    assert not leaks, leaks


def test_as_dashboard_figures_do_not_move_when_b_is_busy(client, small_street, marked):
    """A's dashboard and monthly report, read before and after a busy month in B, are equal."""
    _a, b = small_street.communities[:2]
    client.force_login(marked.users["secretary"])
    month = timezone.localdate().replace(day=1)
    urls = [
        reverse("dashboard:home"),
        reverse("dashboard:report") + f"?month={month:%Y-%m}",
        reverse("dashboard:report") + f"?month={month:%Y-%m}&format=xlsx",
        "/api/v1/stats/monthly/",
        "/api/v1/stats/league/",
    ]

    def figures() -> list[str]:
        seen = []
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            context = getattr(response, "context", None) or {}
            if "rows" in context:  # the dashboard: its figures, not the page's tokens
                shown = [context["rows"], context["league"], context["coverage"]]
            elif "table" in context:  # the monthly report
                shown = context["table"]
            else:
                shown = _text(response)
            seen.append(json.dumps(shown, default=str, ensure_ascii=False, indent=0))
        return seen

    before = figures()
    committee_b = b.committees.first()
    now = timezone.now()
    held = schedule(committee_b, now - datetime.timedelta(days=2))
    Meeting.objects.filter(pk=held.pk).update(status="held", minutes="会议纪要")
    followups.followup_create(
        meeting=held,
        title="新事项",
        owner=b.units.first(),
        due_on=timezone.localdate() - datetime.timedelta(days=1),
        created_at=now - datetime.timedelta(days=2),
    )
    from servicedesk import services as desk

    desk.request_submit(
        community=b,
        category="repair",
        description="修路灯",
        resident_name="孙",
        resident_phone="13800000011",
    )
    desk.wish_submit(community=b, title="书包", resident_name="周", resident_phone="13800000012")
    after = figures()
    for url, old, new in zip(urls, before, after, strict=True):
        diff = difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=1)
        assert old == new, f"{url} moved:\n" + "\n".join(list(diff)[:40])


def test_no_notification_to_a_speaks_of_b(small_street, marked):
    """Run the reminder pass and the street's decisions over both communities: A's people hear
    about A, B's about B."""
    a, b = small_street.communities[:2]
    secretary_b = secretary(b)
    contact_b = contact(b.units.order_by("pk").first())
    for community in (a, b):
        schedule(community.committees.first(), timezone.now() + datetime.timedelta(days=1))
    for escalation in Escalation.objects.select_related("followup"):
        followups.escalation_decide(escalation=escalation, decision=f"{escalation.reason}：同意")
    reminders_run(now=timezone.now())
    reminders_run(now=timezone.now() + datetime.timedelta(days=40))  # every item is overdue

    def said_to(user) -> str:
        return " ".join(
            f"{n.subject} {n.body}" for n in Notification.objects.filter(recipient=user)
        )

    assert MARK in said_to(secretary_b) + said_to(contact_b), "B's people were told of B"
    for role in A_ROLES:
        heard = said_to(marked.users[role])
        assert MARK not in heard, f"{role} of A was told of B: {heard}"
    assert Notification.objects.filter(recipient=marked.users["contact"]).count() > 1
