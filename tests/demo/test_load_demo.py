"""The five seed streets load with the figures of the source articles, and only once."""

import json
import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone, translation

from accounts.models import Role, User
from alliance.models import (
    Committee,
    CommitteeMember,
    Evaluation,
    FollowUp,
    Meeting,
    MeetingKind,
    RotaSlot,
)
from grids.models import Node, NodeKind
from organizations.models import PartyOrganization, Unit
from organizations.selectors import party_organizations_under
from pledges.models import PledgeList, PledgeRating, Project
from servicedesk.models import MicroWish, ServiceRequest
from servicemap.models import ServiceSite
from tests.conftest import shared_rows
from volunteers.models import Activity, DualReport, PostClaim, Team, Volunteer
from volunteers.selectors import compliance_board

pytestmark = pytest.mark.django_db


def _load_all() -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setenv("DEMO_PASSWORD", "demo-pass-123")
        call_command("load_demo", all=True, stdout=StringIO())


# The five streets load once for the tests that read them (tests/conftest.py shared_rows); the
# tests that need an empty database (a seed, a scale, a generated password) load their own.
_five_streets_rows, five_streets = shared_rows("five_streets", _load_all)


def load(slug: str, **options) -> str:
    out = StringIO()
    call_command("load_demo", street=slug, stdout=out, **options)
    return out.getvalue()


def report(slug: str) -> dict:
    out = StringIO()
    call_command("street_report", street=slug, json=True, stdout=out)
    return json.loads(out.getvalue())


def test_zhangwan_has_the_articles_figures(five_streets):
    figures = report("zhangwan")
    assert figures["nodes_by_kind"]["community"] == 11
    assert figures["grids_by_level"] == {"1": 11, "2": 67, "3": 325}
    assert figures["nodes_by_kind"]["compound"] == 120
    street = Node.objects.get(code_path="zhangwan")
    directly_managed = party_organizations_under(street).exclude(kind="working_committee")
    assert directly_managed.count() == 57
    # The alliance: 533 units (every level-3 grid is one), 75 unit secretaries on 11 committees.
    units = Unit.objects.filter(community__in=Node.objects.under(street))
    assert units.count() == 533
    assert units.filter(grid__isnull=False).count() == 325
    seats = CommitteeMember.objects.filter(
        committee__kind="party", committee__node__in=Node.objects.under(street), unit__isnull=False
    )
    assert seats.count() == 75
    assert seats.values("committee").distinct().count() == 11
    # Every community has a rota and twelve months of meetings with attendance and items.
    for committee in Committee.objects.filter(kind="party", node__in=Node.objects.under(street)):
        assert (
            RotaSlot.objects.filter(committee=committee, year=timezone.localdate().year).count()
            == 12
        )
        assert committee.meetings.count() == 12
        held = committee.meetings.filter(status="held").first()
        assert held.attendance.exists() and held.followups.exists()
    items = FollowUp.objects.filter(meeting__committee__node__in=Node.objects.under(street))
    assert items.overdue(timezone.localdate()).exists()
    assert items.filter(escalation__isnull=False).exists()
    assert Evaluation.objects.filter(committee__node__in=Node.objects.under(street)).exists()
    # Two-way pledges and the micro-wishes.
    lists = PledgeList.objects.filter(node__in=Node.objects.under(street))
    assert lists.filter(pledger_kind="street", beneficiary="units").exists()
    assert lists.filter(pledger_kind="unit").exists()
    wishes = MicroWish.objects.filter(community__in=Node.objects.under(street))
    assert wishes.filter(status="confirmed").count() == 3796
    # Volunteers: 6,600 in 58 teams, 2,700 events in the past year, 6,238 claimed posts.
    volunteers = Volunteer.objects.filter(community__in=Node.objects.under(street))
    assert volunteers.count() == 6600
    assert Team.objects.filter(node__in=Node.objects.under(street)).count() == 58
    past = Activity.objects.filter(
        node__in=Node.objects.under(street), starts_at__lt=timezone.now()
    )
    assert past.count() == 2700
    assert (
        PostClaim.objects.filter(volunteer__community__in=Node.objects.under(street)).count()
        == 6238
    )
    community = Node.objects.get(code_path="zhangwan/c01")
    board = compliance_board(community, timezone.localdate().year)
    under = sum(row["under_ten"] for row in board)
    assert board and 0 < under < len(board)


def test_daixi_has_the_articles_figures(five_streets):
    figures = report("daixi")
    orgs = figures["party_organizations_by_kind"]
    assert figures["nodes_by_kind"]["community"] == 9
    assert orgs["committee"] == 9
    assert orgs["general_branch"] == 36
    assert figures["nodes_by_kind"]["compound"] == 256
    assert figures["compounds_with_branch"] == 210
    assert figures["stewards"] == 614
    assert figures["three_none_compounds"] > 0
    street = Node.objects.get(code_path="daixi")
    assert Unit.objects.filter(community__in=Node.objects.under(street)).count() == 45
    # The 337 cadres are in-service members reporting to the communities, not committee seats.
    assert figures["in_service_members_reporting"] == 337
    assert figures["units_sending_members"] == 45
    assert not CommitteeMember.objects.filter(
        committee__node__in=Node.objects.under(street), position="member"
    ).exists()
    reports = DualReport.objects.filter(community__in=Node.objects.under(street), kind="member")
    assert all(r.volunteer.work_unit_id == r.unit_id for r in reports.select_related("volunteer"))
    # Every compound with a branch has an owners' committee, and both make pledges: 649 in all.
    assert figures["compounds_with_branch_and_owners_committee"] == 210
    pledges = figures["pledges_by_pledger"]
    assert pledges["community"] == 147
    assert pledges["branch"] + pledges["owners_committee"] == 649
    assert pledges["owners_committee"] > 0
    # The city communities' joint meeting is quarterly: four a year, graded quarterly.
    assert figures["committees_by_cadence"]["party"] == {"monthly": 0, "quarterly": 9}
    for committee in Committee.objects.filter(kind="party", node__in=Node.objects.under(street)):
        months = {s.month for s in committee.rota.filter(year=timezone.localdate().year)}
        assert months == {3, 6, 9, 12}
        graded = set(committee.evaluations.values_list("month__month", flat=True))
        assert graded <= {3, 6, 9, 12}
        assert committee.meetings.filter(title__contains="城市党建联席会议").exists()
    solved = ServiceRequest.objects.filter(
        community__in=Node.objects.under(street), status__in=["closed", "rated"]
    )
    assert solved.count() == 1350
    assert PledgeRating.objects.filter(
        pledge__pledge_list__node__in=Node.objects.under(street)
    ).exists()
    rest = ServiceSite.objects.filter(node__in=Node.objects.under(street), kind="rest")
    assert rest.count() == 39


def test_sancha_has_three_zones_each_with_a_centre_and_a_liaison(five_streets):
    assert Unit.objects.filter(community__code_path__startswith="sancha/").count() >= 20
    park = Project.objects.get(node__code_path="sancha")
    assert park.contributions.values("unit").distinct().count() >= 20
    zones = Node.objects.zones().filter(code_path__startswith="sancha/").select_related("liaison")
    assert sorted(z.name for z in zones) == ["八角社区片区", "场镇片区", "蓝绸带片区"]
    for zone in zones:
        assert zone.service_centre
        assert zone.liaison.name
        assert zone.get_children().filter(kind="community").exists()


def test_jinshanqiao_has_24_organisations_and_a_centre_at_yiyuan(five_streets):
    street = Node.objects.get(code_path="jinshanqiao")
    below_street = party_organizations_under(street).exclude(node=street)
    assert below_street.count() == 24
    assert PartyOrganization.objects.filter(node=street).count() == 1
    yiyuan = Node.objects.communities().under(street).get(name="怡园社区")
    assert yiyuan.service_centre == "怡园社区党群服务中心"


def test_quyang_has_the_working_committee_one_circle_and_four_networks(five_streets):
    street = Node.objects.get(code_path="quyang")
    at_street = PartyOrganization.objects.filter(node=street)
    assert at_street.filter(kind="working_committee").count() == 1
    assert at_street.exclude(kind="working_committee").count() == 4
    circle = Node.objects.zones().get(code_path="quyang/dabaishu")
    assert circle.party_organizations.get().name == "大柏树商圈党建中心"


def test_a_second_run_changes_nothing(five_streets, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "demo-pass-123")
    counts = (Node.objects.count(), PartyOrganization.objects.count(), User.objects.count())
    output = load("sancha")
    assert (Node.objects.count(), PartyOrganization.objects.count(), User.objects.count()) == counts
    assert "0 nodes" in output or "0 个" in output


def test_all_loads_five_streets_and_accounts_per_role_and_community(five_streets):
    assert Node.objects.streets().count() == 5
    communities = Node.objects.communities().count()
    assert User.objects.filter(role=Role.COMMUNITY_SECRETARY).count() == communities
    assert User.objects.filter(role=Role.STREET_STAFF).count() == 5
    assert User.objects.filter(role=Role.VOLUNTEER).count() == 5
    staff = User.objects.get(username="daixi-staff")
    assert staff.check_password("demo-pass-123")
    assert staff.is_staff and staff.scope_node.code == "daixi"

    out = StringIO()
    call_command("load_demo", list_accounts=True, stdout=out)
    lines = out.getvalue().splitlines()
    assert len(lines) == User.objects.exclude(is_superuser=True).count()
    rows = [line.split("\t") for line in lines]
    assert ["daixi-c01-secretary", "community_secretary", "社区书记", "daixi/c01"] in [
        row[:4] for row in rows
    ]
    # Every street lists someone to try each role with: a unit contact and a volunteer.
    for street in Node.objects.streets():
        roles = {row[1] for row in rows if row[0].startswith(f"{street.code}-")}
        assert {"unit_contact", "volunteer"} <= roles, street.code


def test_every_community_has_a_co_building_project_its_units_gave_to(five_streets, client):
    from pledges.models import Contribution
    from pledges.permissions import projects_for

    for street in Node.objects.streets():
        communities = Node.objects.communities().under(street)
        for community in communities:
            project = Project.objects.filter(node=community).first()
            assert project is not None, community.code_path
            assert project.lead_unit.community == community
            givers = Contribution.objects.filter(project=project)
            assert givers.values("unit").distinct().count() >= 3, community.code_path
            assert all(c.unit.community_id == community.pk for c in givers)
            assert project.milestones.exists()
        # Logged by the units' own contacts where the unit has a demo account.
        logged = Contribution.objects.filter(project__node__in=communities)
        assert logged.filter(created_by__role=Role.UNIT_CONTACT).exists(), street.code
    # A newcomer signing in as a demo unit contact finds projects and totals in the ledger.
    contact = User.objects.filter(role=Role.UNIT_CONTACT, username__startswith="zhangwan-").first()
    assert projects_for(contact).filter(contributions__isnull=False).exists()
    client.force_login(contact)
    page = client.get("/projects/").content.decode()
    assert Project.objects.filter(node=contact.unit.community).first().title in page
    assert "暂无投入" not in page.split('id="project-ledger"')[0]  # the totals have rows


def test_meetings_carry_the_names_quyang_gives_them(five_streets):
    names = {
        MeetingKind.WORK_COORDINATION: "工作协同会",
        MeetingKind.DEVELOPMENT: "发展协商会",
        MeetingKind.CONFLICT: "矛盾协调会",
        MeetingKind.PARTY_LECTURE: "社区大党课",
    }
    with translation.override("zh-hans"):
        assert {kind: str(kind.label) for kind in names} == names
    regular = Meeting.objects.exclude(kind=MeetingKind.JOINT)
    assert regular.exists()
    for meeting in regular:
        assert meeting.title.endswith(names[MeetingKind(meeting.kind)])


README = Path(__file__).resolve().parents[2] / "README.md"
FIGURE_ROW = re.compile(
    r"^\| `(?P<street>\w+)` \| (?P<quote>[^|]+) \| (?P<keys>[^|]+) \| (?P<demo>[^|]+) \|$"
)


def readme_figures() -> list[dict[str, str]]:
    """The rows of README's table of the articles' figures."""
    return [
        m.groupdict() for line in README.read_text().splitlines() if (m := FIGURE_ROW.match(line))
    ]


def figure(report_: dict, keys: str) -> int:
    """The sum of the report's values at the dotted `keys` (`a.b` + `a.c`)."""
    total = 0
    for key in re.findall(r"`([\w.]+)`", keys):
        value = report_
        for part in key.split("."):
            value = value[part]
        total += value
    return total


def test_the_readme_table_of_the_articles_figures_is_what_street_report_prints(five_streets):
    rows = readme_figures()
    assert len(rows) >= 20 and {row["street"] for row in rows} == {
        "zhangwan",
        "daixi",
        "sancha",
        "jinshanqiao",
        "quyang",
    }
    reports = {slug: report(slug) for slug in {row["street"] for row in rows}}
    for row in rows:
        got, wanted = figure(reports[row["street"]], row["keys"]), row["demo"].strip()
        if wanted.startswith("≥"):
            assert got >= int(wanted[1:]), row
        else:
            assert got == int(wanted), row


def test_a_units_kind_follows_from_its_name(five_streets):
    units = Unit.objects.all()
    assert not units.filter(name__endswith="派出所").exclude(kind="government").exists()
    assert not units.filter(name__endswith="小学").exclude(kind="institution").exists()
    assert not units.filter(name__endswith="项目部").exclude(kind="construction_site").exists()
    assert not units.filter(name__contains="银行").exclude(kind="bank").exists()
    assert units.filter(name__endswith="派出所").exists()
    rated = Unit.objects.filter(ratings__isnull=False).distinct()
    assert rated.exists() and all(unit.is_non_public for unit in rated)


def test_sanchas_building_sites_each_keep_a_labour_relations_station(five_streets):
    sites = Unit.objects.filter(
        community__code_path__startswith="sancha/", kind="construction_site"
    )
    assert sites.count() >= 20
    stations = ServiceSite.objects.filter(kind="labour", unit__in=sites)
    assert set(stations.values_list("unit", flat=True)) == set(sites.values_list("pk", flat=True))
    working = Committee.objects.get(kind="working", node__code_path="sancha")
    assert working.cadence == "monthly"
    assert working.meetings.count() >= 12


def test_zhangwan_has_four_business_circles_and_its_party_members(five_streets):
    street = Node.objects.get(code_path="zhangwan")
    circles = Node.objects.zones().under(street)
    assert circles.count() == 4 and all(c.name.endswith("商圈") for c in circles)
    assert street.resident_party_members >= 8000
    volunteers = Volunteer.objects.filter(community__in=Node.objects.under(street))
    assert not volunteers.filter(is_party_member=False).exists()


def test_some_wishes_and_requests_were_filed_at_the_service_centre(five_streets):
    from servicedesk.models import MicroWish, ServiceRequest

    for model in (MicroWish, ServiceRequest):
        assisted = model.objects.filter(assisted_by__isnull=False).select_related("assisted_by")
        assert assisted.exists(), model
        for case in assisted[:50]:
            assert case.assisted_by.role == Role.COMMUNITY_SECRETARY
            assert case.assisted_by.scope_node_id == case.community_id


def test_every_street_has_a_settled_summons_and_one_being_answered(five_streets):
    from summons.models import CallStatus, Summons, SummonsStatus

    for street in Node.objects.filter(kind=NodeKind.STREET):
        here = Summons.objects.filter(node__in=Node.objects.under(street))
        settled = here.filter(status=SummonsStatus.CLOSED).first()
        assert settled is not None, street
        assert settled.calls.filter(status=CallStatus.DONE).exclude(report="").count() >= 2
        assert settled.calls.filter(status=CallStatus.DECLINED).exclude(decline_reason="")
        assert here.filter(status=SummonsStatus.OPEN, deadline__gt=timezone.now()).exists()
