"""The permission matrix of the admin's writes: every workflow model is written through its
service or not at all, who-did-it fields are never a form's, and what only the street decides
(grades, escalation decisions) is refused to everyone else without a write."""

import pytest
from django.contrib import admin
from django.contrib.admin.options import InlineModelAdmin
from django.db import connection, transaction
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.admin_mixins import ScopedAdminMixin, who_did_it_fields
from accounts.admin_workflow import ServiceAdminMixin, ServiceInlineMixin
from accounts.scope import scope_for
from alliance.models import Escalation, Evaluation
from tests.accounts.matrix import ROLES, node_of, writes
from tests.admin_forms import admin_form_data

pytestmark = pytest.mark.django_db

# The models whose rows move through a workflow: their admin writes through the services.
WORKFLOW_MODELS = [
    "alliance.Meeting",
    "alliance.FollowUp",
    "alliance.Escalation",
    "alliance.Evaluation",
    "alliance.RotaSlot",
    "pledges.PledgeList",
    "pledges.Project",
    "servicedesk.MicroWish",
    "servicedesk.ServiceRequest",
    "servicedesk.ServiceOffer",
    "volunteers.Activity",
    "volunteers.CheckIn",
    "volunteers.PointEntry",
    "volunteers.Volunteer",
    "volunteers.DualReport",
    "grids.Steward",
    "grids.GridLeader",
    "notifications.Reminder",
    "notifications.Notification",
    "organizations.Unit",
    "portal.Announcement",
    # What a street sets up: committees and seats, the tree, its people, sites, teams, posts.
    "alliance.Committee",
    "alliance.CommitteeMember",
    "organizations.PartyOrganization",
    "grids.Node",
    "grids.CadreAssignment",
    "grids.ZoneLiaison",
    "servicemap.ServiceSite",
    "volunteers.Team",
    "volunteers.ServicePost",
]
# The workflow models' inlines, each written through its service or shown read-only.
WORKFLOW_INLINES = [
    "AgendaTopic",
    "Attendance",
    "Resolution",
    "Pledge",
    "Milestone",
    "Contribution",
    "UnitRating",
    "CommitteeTerm",
    "CommitteeMember",
    "PartyOrganization",
    "GridLeader",
    "CadreAssignment",
    "Steward",
    "ZoneLiaison",
    "SitePhoto",
]
STREET_ONLY = [Evaluation, Escalation]


def _admin(label: str):
    return next(a for m, a in admin.site._registry.items() if m._meta.label == label)


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def _every_admin():
    """Every registered admin of a model on the tree, and each of its inlines."""
    for model, model_admin in admin.site._registry.items():
        if not isinstance(model_admin, ScopedAdminMixin):
            continue
        yield model_admin
        for inline in model_admin.inlines:
            yield inline(model, admin.site)


@pytest.mark.parametrize("label", WORKFLOW_MODELS)
def test_every_workflow_model_is_written_through_its_service_or_not_at_all(world, label):
    model_admin = _admin(label)
    request = _request(world.users["staff"])
    declared = {
        "add": getattr(model_admin, "service_create", None),
        "change": getattr(model_admin, "service_change", None),
        "delete": getattr(model_admin, "service_delete", None),
    }
    granted = {
        "add": model_admin.has_add_permission(request),
        "change": model_admin.has_change_permission(request),
        "delete": model_admin.has_delete_permission(request),
    }
    if isinstance(model_admin, ServiceAdminMixin):
        assert granted == {k: v is not None for k, v in declared.items()}
    else:
        assert not any(granted.values()), f"{label} is written without a service: {granted}"


@pytest.mark.parametrize("name", WORKFLOW_INLINES)
def test_every_workflow_inline_writes_through_its_service(name):
    inlines = [
        inline(model, admin.site)
        for model, model_admin in admin.site._registry.items()
        for inline in model_admin.inlines
        if inline.model.__name__ == name
    ]
    assert inlines and all(isinstance(i, ServiceInlineMixin) for i in inlines)


@pytest.mark.parametrize("role", ["secretary", "staff"])
def test_no_admin_of_a_model_on_the_tree_writes_past_the_services(world, role):
    """Every admin (and inline) of a model on the tree that may add, change or delete does it
    through its app's services; the others only read."""
    request = _request(world.users[role])
    wrong = []
    for model, model_admin in admin.site._registry.items():
        # Accounts are saved through account_save, street staff's alone (tests/accounts).
        if not isinstance(model_admin, ScopedAdminMixin) or model._meta.app_label == "accounts":
            continue
        candidates = [(model_admin, ServiceAdminMixin)]
        candidates += [(inline, ServiceInlineMixin) for inline in model_admin.inlines]
        for candidate, base in candidates:
            if isinstance(candidate, type):
                candidate = candidate(model, admin.site)
            writes = (
                candidate.has_add_permission(request),
                candidate.has_change_permission(request),
                candidate.has_delete_permission(request),
            )
            if any(writes) and not isinstance(candidate, base):
                wrong.append(f"{type(candidate).__name__} ({candidate.model._meta.label})")
    assert not wrong, "written past the services: " + ", ".join(wrong)


def test_no_admin_form_lets_a_who_did_it_field_be_posted(world):
    """Who graded, decided, reviewed, confirmed or logged something, and when, is set by the
    services from the signed-in account; no admin form of anyone offers those fields."""
    wrong = []
    for role in ("secretary", "staff"):
        request = _request(world.users[role])
        for model_admin in _every_admin():
            forbidden = set(who_did_it_fields(model_admin.model))
            if not forbidden:
                continue
            if isinstance(model_admin, InlineModelAdmin):
                parent = model_admin.parent_model._default_manager.first()
                fields = model_admin.get_formset(request, parent).form.base_fields
            else:
                obj = model_admin.get_queryset(request).first()
                fields = model_admin.get_form(request, obj, change=obj is not None).base_fields
            if forbidden & set(fields):
                wrong.append(f"{role}: {type(model_admin).__name__} {forbidden & set(fields)}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("model", STREET_ONLY, ids=lambda m: m.__name__)
def test_secretaries_read_what_only_the_street_decides(world, model):
    model_admin = admin.site._registry[model]
    request = _request(world.users["secretary"])
    mine = model_admin.get_queryset(request).first()
    assert model_admin.has_view_permission(request, mine)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, mine)
    assert not model_admin.has_delete_permission(request, mine)
    assert "delete_selected" not in model_admin.get_actions(request)


def _posted(client, url: str, data: dict):
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        response = client.post(url, data)
        transaction.set_rollback(True)
    return response, writes(queries)


FORGED = {
    Evaluation: {"grade": "excellent", "feedback": "自评优秀", "suggested_grade": "excellent"},
    Escalation: {"decision": "由社区自行解决", "decided_at_0": "2020-01-01"},
}


@pytest.mark.parametrize("model", STREET_ONLY, ids=lambda m: m.__name__)
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("where", ["own community", "other community"])
def test_a_street_decision_changed_in_the_admin(client, world, model, role, where):
    """Refused to everyone but the street, and nothing written; the street's own change goes
    through and is signed by the street's account, whatever was posted."""
    model_admin = admin.site._registry[model]
    scope = scope_for(world.users["secretary"])
    inside = where == "own community"
    target = next(
        o for o in model._default_manager.all() if scope.contains(node_of(model_admin, o)) == inside
    )
    url = reverse(f"admin:alliance_{model._meta.model_name}_change", args=[target.pk])
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    forged = {**FORGED[model], "graded_by": world.users["secretary"].pk}
    forged["decided_by"] = forged["graded_by"]
    if role == "staff":
        data = admin_form_data(client.get(url), **forged)
        response = client.post(url, data)
        assert response.status_code == 302
        target.refresh_from_db()
        signer = target.graded_by if model is Evaluation else target.decided_by
        assert signer == user
        return
    response, wrote = _posted(client, url, forged)
    if role == "secretary":
        assert response.status_code == (403 if inside else 404)
    else:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
    assert wrote == []
