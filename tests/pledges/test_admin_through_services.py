"""Pledge lists and projects in the admin keep the pledge services' rules: a published list
takes no new pledge and its review is never the admin form's; a cancelled project takes no
contribution."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from pledges import services
from pledges.models import Contribution, ListStatus, Pledge
from tests.admin_forms import admin_form_data
from tests.factories.alliance import UnitFactory

pytestmark = pytest.mark.django_db


def _shown(response, message: str) -> bool:
    with translation.override(response.wsgi_request.LANGUAGE_CODE):
        return translation.gettext(message) in response.content.decode()


def _with_new_row(data: dict, prefix: str, **row) -> dict:
    """Add one new inline row under `prefix` to admin POST data."""
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = index + 1
    data.update({f"{prefix}-{index}-{name}": value for name, value in row.items()})
    return data


@pytest.fixture
def unit(small_street):
    return UnitFactory(community=small_street.communities[0])


def test_a_published_list_takes_no_new_pledge_in_the_admin(client, secretary_a, unit, staff):
    pledge_list = services.pledge_list_create(
        pledger_kind="unit", node=unit.community, unit=unit, year=2026, title="承诺"
    )
    services.pledge_add(
        pledge_list=pledge_list, text="修路灯", category="service", due_on=datetime.date(2026, 6, 1)
    )
    services.pledge_list_submit(pledge_list=pledge_list)
    services.pledge_list_review(pledge_list=pledge_list, approve=True, by=staff)
    url = reverse("admin:pledges_pledgelist_change", args=[pledge_list.pk])
    client.force_login(secretary_a)
    data = _with_new_row(
        admin_form_data(client.get(url), status=ListStatus.DRAFT, reviewed_by=secretary_a.pk),
        "pledges",
        text="补一条",
        category="service",
        due_on="2026-07-01",
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert _shown(response, "A list can only be changed while it is a draft or returned.")
    pledge_list.refresh_from_db()
    assert (pledge_list.status, pledge_list.reviewed_by) == (ListStatus.PUBLISHED, staff)
    assert list(Pledge.objects.filter(pledge_list=pledge_list).values_list("text", flat=True)) == [
        "修路灯"
    ]


def test_a_cancelled_project_takes_no_contribution_in_the_admin(client, secretary_a, unit):
    project = services.project_create(
        title="共建",
        goal="建公园",
        node=unit.community,
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2026, 12, 1),
    )
    services.project_progress(project=project, status="cancelled", progress=10)
    url = reverse("admin:pledges_project_change", args=[project.pk])
    client.force_login(secretary_a)
    data = _with_new_row(
        admin_form_data(client.get(url)),
        "contributions",
        unit=unit.pk,
        kind="money",
        description="资金",
        value="500",
        person_days="0",
        contributed_on="2026-03-01",
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert _shown(response, "A cancelled project takes no contributions.")
    assert not Contribution.objects.filter(project=project).exists()
