"""The HTML matrix, generated from the URL resolver: every page and state transition that names
an object in its URL, for every role (anonymous resident, volunteer, the contact of unit A, the
secretary of community A, street staff), against every object of that type in the fixture.

The rule each cell must follow is written here, apart from the code it checks:
- outside the role's reach the object answers exactly like a missing one: 404 (a sign-in
  redirect for anonymous visitors on signed-in pages), and nothing is written;
- in reach but not the role's to do (a unit contact recording minutes): 403, nothing written;
- otherwise the page opens (200) or the transition goes through (a redirect back).
Public pages answer the same to every role. Each request runs in a savepoint that is rolled
back, so one cell's transition never changes the next cell's object.

The admin and API matrices are test_scope_in_every_admin.py and test_scope_in_every_api.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection, transaction
from django.db.models import Model
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from alliance.models import Committee, FollowUp, Meeting, MeetingPhoto
from appraisals.models import Appraisal, UnitAppraisal
from dashboard.models import LedgerRequest
from grids.models import Node, Steward
from notifications.models import Notification
from organizations.models import Unit
from pledges.models import Contribution, Need, Pledge, PledgeList, Project
from portal.models import Announcement
from servicedesk.models import MicroWish, ServiceRequest
from servicemap.models import ServiceSite
from summons.models import ReportPhoto, Summons, SummonsCall
from tests.accounts.matrix import (
    FORBIDDEN,
    HIDDEN,
    OK,
    PUBLIC,
    ROLES,
    World,
    always,
    appraisal_seen,
    claimer,
    committee_node,
    committee_seen,
    compliance,
    decide,
    evidence,
    gate,
    item_node,
    item_seen,
    list_seen,
    may_edit,
    may_review,
    meeting_node,
    meeting_seen,
    need_seen,
    node_cards,
    own_notification,
    project_seen,
    public,
    request_seen,
    role_is,
    rota,
    runs,
    runs_activity,
    score_sheet,
    summons_seen,
    unit_row_seen,
    wish_seen,
    writes,
)
from volunteers.models import Activity, DualReport

pytestmark = pytest.mark.django_db

MISSING = 10**9

# What each URL argument names. A URL whose argument is not here fails
# test_every_object_url_is_in_the_matrix, so no new page escapes the matrix.
OBJECT_ARGS: dict[str, type[Model]] = {
    "committee_id": Committee,
    "meeting_id": Meeting,
    "item_id": FollowUp,
    "steward_id": Steward,
    "node_id": Node,
    "community_id": Node,
    "notification_id": Notification,
    "pledge_id": Pledge,
    "list_id": PledgeList,
    "project_id": Project,
    "contribution_id": Contribution,
    "announcement_id": Announcement,
    "request_id": ServiceRequest,
    "wish_id": MicroWish,
    "site_id": ServiceSite,
    "activity_id": Activity,
    "unit_id": Unit,
    "summons_id": Summons,
    "call_id": SummonsCall,
    "report_photo_id": ReportPhoto,
    "photo_id": MeetingPhoto,
    "need_id": Need,
    "appraisal_id": Appraisal,
    "row_id": UnitAppraisal,
    "ledger_id": LedgerRequest,
}
# Arguments that are not objects: fixed values for the matrix.
PLAIN_ARGS = {"year": 2026, "month": "2026-01", "code": "000000"}
# Secret-addressed pages (a meeting's check-in QR code, a resident's tracking code, a street's
# public slug) are reached by whoever holds the secret; their own tests cover them.
# Pages keyed by a secret, not by an object in someone's scope (Django's reset link: user and
# token, tested in test_password_reset_and_change).
NOT_IN_MATRIX = {
    "alliance:checkin",
    "servicedesk:track-code",
    "portal:street",
    "accounts:password-reset-confirm",
    "summons:check-in",
}


def unit_row_rule(w: World, role: str, row: UnitAppraisal) -> str:
    """A unit's row of an appraisal is public once published; before, anonymous visitors see
    it missing (the page needs no sign-in), the rest as unit_row_seen says."""
    if row.appraisal.is_published:
        return PUBLIC
    return OK if unit_row_seen(w, role, row) else HIDDEN


# (URL name, action or None, method) -> rule. None as the action covers every action.
RULES: dict[tuple[str, str | None, str], Callable[[World, str, Any], str]] = {
    ("alliance:rota", None, "GET"): rota,
    ("alliance:rota-action", None, "POST"): gate(committee_seen, runs(committee_node)),
    ("alliance:evaluation", None, "GET"): gate(committee_seen, role_is("staff")),
    ("alliance:evaluation", None, "POST"): gate(committee_seen, role_is("staff")),
    ("alliance:meeting-new", None, "GET"): gate(committee_seen, runs(committee_node)),
    ("alliance:meeting-new", None, "POST"): gate(committee_seen, runs(committee_node)),
    ("alliance:meeting", None, "GET"): gate(meeting_seen, always),
    ("alliance:meeting-print", None, "GET"): gate(meeting_seen, always),
    ("alliance:meeting-ics", None, "GET"): gate(meeting_seen, always),
    ("alliance:meeting-attendance", None, "GET"): gate(meeting_seen, runs(meeting_node)),
    ("alliance:meeting-attendance", None, "POST"): gate(meeting_seen, runs(meeting_node)),
    ("alliance:meeting-attendance-live", None, "GET"): gate(meeting_seen, runs(meeting_node)),
    ("alliance:meeting-action", "topic", "POST"): gate(
        meeting_seen, lambda w, role, m: role == "contact" or w.back_office(role, meeting_node(m))
    ),
    ("alliance:meeting-action", "confirm", "POST"): gate(meeting_seen, role_is("contact")),
    ("alliance:meeting-action", "substitute", "POST"): gate(meeting_seen, role_is("contact")),
    ("alliance:meeting-action", None, "POST"): gate(meeting_seen, runs(meeting_node)),
    ("alliance:followup", None, "GET"): gate(item_seen, always),
    ("alliance:followup-evidence", None, "GET"): evidence,
    ("alliance:meeting-photo", None, "GET"): lambda w, role, photo: (
        OK if meeting_seen(w, role, photo.meeting) else HIDDEN
    ),
    ("alliance:followup-action", "update", "POST"): gate(
        item_seen,
        lambda w, role, item: (
            w.back_office(role, item_node(item))
            or (role == "contact" and item.owner_id == w.unit.pk)
        ),
    ),
    ("alliance:followup-action", "escalate", "POST"): gate(item_seen, runs(item_node)),
    ("alliance:followup-action", "accept", "POST"): gate(item_seen, runs(item_node)),
    ("alliance:followup-action", "return", "POST"): gate(item_seen, runs(item_node)),
    ("alliance:followup-action", "decide", "POST"): gate(item_seen, decide),
    # The street's staff report up; only the district's staff (no role of this matrix) rule.
    ("alliance:followup-action", "refer", "POST"): gate(item_seen, role_is("staff")),
    ("alliance:followup-action", "rule", "POST"): gate(item_seen, lambda w, role, item: False),
    ("grids:steward-card", None, "GET"): lambda w, role, s: node_cards(w, role, s.building),
    ("grids:node-cards", None, "GET"): node_cards,
    ("notifications:read", None, "POST"): own_notification,
    ("pledges:board", None, "GET"): public,
    ("pledges:unit-board", None, "GET"): public,
    ("pledges:rate", None, "POST"): public,
    ("pledges:photo", None, "GET"): public,
    ("pledges:list", None, "GET"): gate(list_seen, always),
    ("pledges:list-action", "review", "POST"): gate(list_seen, may_review),
    ("pledges:list-action", None, "POST"): gate(list_seen, may_edit),
    ("pledges:project", None, "GET"): gate(project_seen, always),
    ("pledges:project", None, "POST"): gate(project_seen, role_is("contact")),
    ("pledges:project-run", None, "POST"): gate(project_seen, runs(lambda p: p.node)),
    ("pledges:project-rate", None, "POST"): public,
    ("pledges:need", None, "GET"): gate(need_seen, always),
    ("pledges:need-action", "offer", "POST"): gate(need_seen, role_is("contact")),
    ("pledges:need-action", None, "POST"): gate(need_seen, runs(lambda need: need.community)),
    ("pledges:public-lists", None, "GET"): public,
    ("dashboard:ledger-file", None, "GET"): lambda w, role, m: (
        OK
        if w.back_office(role, m.node) or (w.users[role] and m.requested_by_id == w.users[role].pk)
        else HIDDEN
    ),
    ("appraisals:detail", None, "GET"): gate(appraisal_seen, always),
    ("appraisals:action", None, "POST"): gate(appraisal_seen, role_is("staff")),
    ("appraisals:results", None, "GET"): public,
    ("appraisals:rate-page", None, "GET"): public,
    ("appraisals:rate", None, "POST"): public,
    ("appraisals:certificate", None, "GET"): public,
    ("appraisals:unit", None, "GET"): unit_row_rule,
    ("appraisals:unit", None, "POST"): gate(
        unit_row_seen, lambda w, role, row: role == "contact" and row.unit_id == w.unit.pk
    ),
    ("pledges:contribution-evidence", None, "GET"): lambda w, role, c: (
        OK if project_seen(w, role, c.project) else HIDDEN
    ),
    ("portal:community", None, "GET"): public,
    ("portal:announcements", None, "GET"): public,
    ("portal:announcements-rss", None, "GET"): public,
    ("portal:announcements-atom", None, "GET"): public,
    ("portal:announcement", None, "GET"): public,
    ("portal:attachment", None, "GET"): public,
    ("servicedesk:request", None, "GET"): gate(request_seen, always),
    **{
        ("servicedesk:request-action", action, "POST"): gate(
            request_seen, runs(lambda r: r.community)
        )
        for action in ("triage", "reject", "dispatch")
    },
    # Taking, accepting, declining and closing are the member unit's part of the order.
    ("servicedesk:request-action", None, "POST"): gate(request_seen, role_is("contact")),
    ("servicedesk:wish", None, "GET"): gate(wish_seen, always),
    **{
        ("servicedesk:wish-action", action, "POST"): gate(
            wish_seen, runs(lambda wish: wish.community)
        )
        for action in ("publish", "reject", "approve_claim", "deny_claim", "cancel")
    },
    ("servicedesk:wish-action", "claim", "POST"): gate(wish_seen, always),
    ("servicedesk:wish-action", None, "POST"): gate(wish_seen, claimer),
    ("servicemap:site", None, "GET"): public,
    ("summons:detail", None, "GET"): gate(summons_seen, always),
    ("summons:photo", None, "GET"): lambda w, role, shot: (
        OK if summons_seen(w, role, shot.call.summons) else HIDDEN
    ),
    **{
        ("summons:action", action, "POST"): gate(summons_seen, runs(lambda s: s.node))
        for action in ("close", "escalate", "call")
    },
    # Accepting, declining, coming and reporting are the called unit's part.
    ("summons:action", None, "POST"): gate(summons_seen, role_is("contact")),
    ("volunteers:compliance", None, "GET"): compliance,
    ("volunteers:compliance", None, "POST"): compliance,
    ("volunteers:score-sheet", None, "GET"): score_sheet,
    ("volunteers:activity", None, "GET"): public,
    ("volunteers:signup", None, "POST"): gate(always, role_is("volunteer")),
    ("volunteers:cancel", None, "POST"): gate(runs_activity, always),
    ("volunteers:screen", None, "GET"): gate(runs_activity, always),
    ("volunteers:screen", None, "POST"): gate(runs_activity, always),
    ("volunteers:checkin", None, "GET"): gate(always, role_is("volunteer")),
    ("volunteers:checkin", None, "POST"): gate(always, role_is("volunteer")),
}


# What a transition needs posted to reach its permission check (an id the form looks up).
def _post_data(name: str, action: str | None, obj: Any, w: World) -> dict[str, Any]:
    if (name, action) == ("pledges:list-action", "progress"):
        pledge = obj.pledges.first()
        return {"pledge": pledge.pk if pledge else ""}
    if (name, action) == ("servicedesk:request-action", "dispatch"):
        return {"unit": w.unit.pk}
    if name == "volunteers:compliance":
        report = DualReport.objects.filter(community_id=obj.pk).first()
        return {"report": report.pk if report else ""}
    return {}


# --- the URL resolver, read as the list of object pages -----------------------------------------


@dataclass(frozen=True)
class Page:
    name: str
    route: str
    object_arg: str
    actions: tuple[str | None, ...]


def _walk(patterns, prefix: str = "", namespace: str = "") -> Iterator[tuple[str, str, Any]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", prefix + str(entry.pattern), entry.pattern.converters


def _pages() -> list[Page]:
    found = []
    for name, route, converters in _walk(get_resolver().url_patterns):
        if route.startswith(("admin/", "api/", "i18n/")) or name in NOT_IN_MATRIX:
            continue
        objects = [arg for arg in converters if arg not in PLAIN_ARGS and arg != "action"]
        if not objects:
            continue
        assert len(objects) == 1, f"{name}: one object per URL, got {objects}"
        action = converters.get("action")
        actions = tuple(getattr(action, "choices", ())) if action else (None,)
        found.append(Page(name, route, objects[0], actions))
    return found


def _rule(name: str, action: str | None, method: str):
    return RULES.get((name, action, method)) or RULES.get((name, None, method))


def _cells() -> Iterator[Any]:
    for page in _pages():
        for action in page.actions:
            for method in ("GET", "POST"):
                if _rule(page.name, action, method):
                    label = f"{page.name}{'/' + action if action else ''} {method}"
                    yield pytest.param(page, action, method, id=label)


def test_every_object_url_is_in_the_matrix():
    pages = _pages()
    unknown = [p.name for p in pages if p.object_arg not in OBJECT_ARGS]
    assert not unknown, f"URL arguments the matrix does not know: {unknown}"
    uncovered = [
        f"{p.name}/{action}"
        for p in pages
        for action in p.actions
        if not (_rule(p.name, action, "GET") or _rule(p.name, action, "POST"))
    ]
    assert not uncovered, f"pages without a rule in the matrix: {uncovered}"
    assert {"alliance:meeting-action", "servicedesk:wish-action", "pledges:list-action"} <= {
        p.name for p in pages
    }


# --- the fixture ----------------------------------------------------------------------------


def _objects(model: type[Model], street) -> list[Model]:
    if model is Node:
        picks = [street.street]
        for community in street.communities[:2]:
            picks.append(community)
            picks.extend(
                Node.objects.filter(tree_id=community.tree_id, lft__gt=community.lft)
                .filter(rght__lt=community.rght)
                .order_by("lft")[:2]
            )
        return picks
    return list(model._default_manager.order_by("pk"))


# --- the matrix -------------------------------------------------------------------------------


def _ask(client: Client, method: str, url: str, data: dict) -> tuple[int, str, list[str]]:
    """Make one request inside a savepoint that is rolled back; return status, where it
    redirects to, and the writing statements it ran."""
    from django.core.cache import cache

    cache.clear()  # rate limits count per visitor; the matrix asks many times
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        response = client.post(url, data) if method == "POST" else client.get(url)
        transaction.set_rollback(True)
    return response.status_code, response.get("Location", ""), writes(queries)


@pytest.mark.parametrize(("page", "action", "method"), list(_cells()))
def test_every_role_reaches_only_what_the_rule_allows(small_street, world, page, action, method):
    rule = _rule(page.name, action, method)
    model = OBJECT_ARGS[page.object_arg]
    objects = _objects(model, small_street)
    assert objects, f"the fixture holds no {model.__name__}"
    login = reverse("accounts:login")
    clients = {}
    for role, user in world.users.items():
        clients[role] = Client()
        if user is not None:
            clients[role].force_login(user)

    def url(pk: int) -> str:
        kwargs = {page.object_arg: pk}
        route = page.route
        kwargs.update({k: v for k, v in PLAIN_ARGS.items() if f":{k}>" in route})
        if action:
            kwargs["action"] = action
        return reverse(page.name, kwargs=kwargs)

    wrong, public = [], {}
    for role in ROLES:
        client = clients[role]
        missing = _ask(client, method, url(MISSING), {})
        for obj in objects:
            expected = rule(world, role, obj)
            data = _post_data(page.name, action, obj, world) if method == "POST" else {}
            status, location, wrote = _ask(client, method, url(obj.pk), data)
            cell = f"{role} × {model.__name__} {obj.pk} ({obj}): expected {expected}, got {status}"
            if expected == PUBLIC:
                public.setdefault(obj.pk, {})[role] = status
                if status >= 500:
                    wrong.append(cell)
                continue
            if role == "anonymous":
                if not (status == 302 and location.startswith(login)):
                    wrong.append(cell + " (anonymous must be sent to sign in)")
                continue
            if expected == HIDDEN:
                if status != 404 or (status, location) != missing[:2]:
                    wrong.append(cell + f" (a missing one answers {missing[0]})")
            elif expected == FORBIDDEN:
                if status != 403:
                    wrong.append(cell)
            elif status not in (200, 302) or location.startswith(login):
                wrong.append(cell)
            if expected in (HIDDEN, FORBIDDEN) and wrote:
                wrong.append(cell + f" wrote {wrote}")
    for pk, statuses in public.items():
        if len(set(statuses.values())) != 1:
            wrong.append(f"public page answers differently by role for {pk}: {statuses}")
    assert not wrong, "\n".join(wrong)
