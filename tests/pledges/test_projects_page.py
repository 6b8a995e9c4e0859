"""The co-building project ledger: a unit contact starts a project from the form above the
ledger; other roles get no form; the ledger pages, its ?page= read as input."""

import datetime

import pytest
from django.urls import reverse

from pledges import services
from pledges.models import Project
from tests.factories import CommunityFactory, StreetFactory, secretary, street_staff
from tests.factories.alliance import UnitFactory, contact

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 1)


@pytest.fixture
def ledger():
    street = StreetFactory()
    community = CommunityFactory(parent=street)
    units = [UnitFactory(community=community) for _ in range(3)]
    for n in range(30):
        project = services.project_create(
            title=f"项目{n:02d}",
            goal="共建",
            node=community,
            starts_on=TODAY + datetime.timedelta(days=n),
            ends_on=TODAY + datetime.timedelta(days=n + 30),
            lead_unit=units[n % 3],
        )
        for unit in units:
            services.contribution_add(
                project=project, unit=unit, kind="money", description="捐资", value=100
            )
    return {"street": street, "community": community, "unit": units[0]}


def test_a_unit_contact_sees_the_form_before_the_ledger_and_creates_a_project(client, ledger):
    client.force_login(contact(ledger["unit"]))
    page = client.get(reverse("pledges:projects")).content.decode()
    assert 'id="new-project"' in page
    # The form comes first on the page, not after 25 rows of the ledger.
    assert page.index('id="new-project"') < page.index('id="project-ledger"')
    response = client.post(
        reverse("pledges:projects"),
        {
            "title": "楼道照明改造",
            "goal": "全部楼道换上声控灯",
            "starts_on": "2026-04-01",
            "ends_on": "2026-06-30",
        },
    )
    project = Project.objects.get(title="楼道照明改造")
    assert response.url == reverse("pledges:project", args=[project.pk])
    assert (project.node, project.lead_unit) == (ledger["community"], ledger["unit"])


@pytest.mark.parametrize("who", ["secretary", "staff"])
def test_only_a_unit_contact_may_start_a_project(client, ledger, who):
    user = secretary(ledger["community"]) if who == "secretary" else street_staff(ledger["street"])
    client.force_login(user)
    assert 'id="new-project"' not in client.get(reverse("pledges:projects")).content.decode()
    response = client.post(reverse("pledges:projects"), {"title": "x"})
    assert response.status_code == 403
    assert not Project.objects.filter(title="x").exists()


def test_the_ledger_pages_and_refuses_a_bad_page(client, ledger):
    client.force_login(street_staff(ledger["street"]))
    first = client.get(reverse("pledges:projects")).content.decode()
    assert first.count('data-label="项目"') == 25
    assert "项目29" in first and "项目04" not in first  # newest start first
    second = client.get(reverse("pledges:projects"), {"page": 2}).content.decode()
    assert second.count('data-label="项目"') == 5 and "项目00" in second
    assert client.get(reverse("pledges:projects"), {"page": 3}).status_code == 404
    for bad in ("abc", "0", "-1", "1.5", "9" * 30):
        assert client.get(reverse("pledges:projects"), {"page": bad}).status_code == 400


def test_the_ledger_queries_do_not_grow_with_the_projects(
    client, ledger, django_assert_max_num_queries
):
    client.force_login(contact(ledger["unit"]))
    with django_assert_max_num_queries(12):
        response = client.get(reverse("pledges:projects"), {"page": 1})
    assert response.status_code == 200
