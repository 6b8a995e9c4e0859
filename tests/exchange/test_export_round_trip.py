"""Every admin list exports to Excel and CSV with its filters and scope; an export of an
importable kind, imported back, changes nothing."""

from __future__ import annotations

import datetime

import pytest
from django.contrib import admin
from django.urls import reverse
from import_export.admin import ExportMixin

from alliance.models import CommitteeMember
from exchange.registry import KINDS
from organizations.models import PartyOrganization
from servicemap.models import ServiceSite
from tests.exchange.conftest import read_xlsx
from tests.factories import secretary, street_staff
from tests.factories.alliance import UnitFactory, party_committee
from tests.factories.volunteers import volunteer
from volunteers.models import Volunteer

pytestmark = pytest.mark.django_db


def export(client, model, params: str = "", fmt: int = 0):
    """POST the admin's export form as a browser would, with every column ticked."""
    model_admin = admin.site._registry[model]
    resource = model_admin.get_export_resource_classes(None)[0]
    data = {"format": str(fmt), "resource": "0"}
    for name in resource().get_export_order():
        data[f"{resource.__name__.lower()}_{name}"] = "on"
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_export")
    return client.post(f"{url}?{params}", data)


def test_every_admin_list_can_export():
    missing = [
        model._meta.label
        for model, model_admin in admin.site._registry.items()
        if not isinstance(model_admin, ExportMixin)
    ]
    assert missing == []


@pytest.fixture
def everything(small_street):
    a, b = small_street.communities
    for community in (a, b):
        unit = UnitFactory(
            community=community, name=f"{community.name}医院", joined_on=datetime.date(2022, 5, 1)
        )
        PartyOrganization.objects.create(
            node=community, unit=unit, kind="branch", name=f"{unit.name}党支部", member_count=12
        )
        committee = party_committee(community)
        CommitteeMember.objects.create(
            committee=committee,
            name="王书记",
            unit=unit,
            position="secretary",
            starts_on=datetime.date(2024, 1, 1),
        )
        volunteer(community=community)
        ServiceSite.objects.create(
            name=f"{community.name}驿站",
            kind="rest",
            node=community,
            address="路口",
            hours="全天",
            latitude="36.86",
            longitude="117.74",
        )
    return small_street


@pytest.mark.parametrize("slug", list(KINDS))
def test_an_export_imported_back_changes_nothing(client, everything, run_job, slug):
    staff = street_staff(everything.street)
    client.force_login(staff)
    model = KINDS[slug].resource_class._meta.model
    response = export(client, model)
    assert response.status_code == 200, response.content[:300]
    sheet = read_xlsx(response.content)
    assert len(sheet) >= 2
    from django.core.files.uploadedfile import SimpleUploadedFile

    job = run_job(staff, slug, SimpleUploadedFile(f"{slug}.xlsx", response.content), confirm=True)
    assert job.status == "done", job.report["errors"][:3]
    assert job.report["totals"]["new"] == 0 and job.report["totals"]["update"] == 0, job.report[
        "changes"
    ][:2]
    assert job.report["totals"]["skip"] == len(sheet)


def test_the_export_keeps_the_lists_filter_and_the_users_scope(client, everything):
    a, b = everything.communities
    client.force_login(street_staff(everything.street))
    filtered = read_xlsx(export(client, Volunteer, f"community={b.pk}").content)
    assert {row[0] for row in filtered} == {b.code_path}
    client.force_login(secretary(a))
    own = read_xlsx(export(client, Volunteer).content)
    assert {row[0] for row in own} == {a.code_path}
    csv = export(client, Volunteer, fmt=1)
    assert b.code_path not in csv.content.decode("utf-8-sig")
