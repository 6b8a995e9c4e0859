"""A row names a place by its name, its code or its code path (张湾社区, c01, zhangwan/c01), a
member unit by its name or its unified social credit code, and a choice by its Chinese label or
its code. A name or code that several places share is narrowed to the user's own places; if
that leaves more than one, or none matches, the row error names the candidates or the closest
names."""

from __future__ import annotations

import pytest

from alliance.models import CommitteeMember
from alliance.resources import MemberResource
from grids.models import Node
from grids.resources import NodeResource
from organizations.models import Unit
from organizations.resources import UnitResource
from tests.exchange.clerk import credit_code
from tests.exchange.conftest import sheet
from tests.factories import street_staff
from tests.factories.alliance import UnitFactory, party_committee, working_committee
from volunteers.models import Volunteer
from volunteers.resources import VolunteerResource

pytestmark = pytest.mark.django_db

VOLUNTEERS = VolunteerResource.headers()


def volunteer_row(community: str, n: int = 1, status: str = "在册") -> list:
    return [community, f"志愿者{n}", f"1390000{n:04d}", "", "", "否", "", status]


@pytest.mark.parametrize("written", ["张湾社区", "c01", "zhangwan/c01", "ｃ０１", " 张湾　社区 "])
def test_a_community_by_its_name_code_or_code_path(streets, run_job, written):
    staff = street_staff(streets.zhangwan)
    job = run_job(staff, "volunteers", sheet(VOLUNTEERS, [volunteer_row(written)]), confirm=True)
    assert job.status == "done", job.report["errors"]
    # Daixi has a c01 too: street staff of Zhangwan mean their own.
    assert Volunteer.objects.get().community == streets.zhangwan_c01


def test_a_code_two_streets_share_is_ambiguous_for_who_looks_after_both(
    streets, run_job, superuser
):
    job = run_job(superuser, "volunteers", sheet(VOLUNTEERS, [volunteer_row("c01")]))
    assert job.status == "invalid"
    (error,) = job.report["errors"]
    assert (error["line"], error["column"]) == (2, "居住社区")
    assert error["message"] == (
        "有2个名称或编码为“c01”的社区：张湾社区 (zhangwan/c01)、黛溪社区 (daixi/c01)。"
        "请改填编码路径。"
    )


def test_a_name_two_communities_share_lists_both(streets, run_job):
    job = run_job(
        street_staff(streets.zhangwan), "volunteers", sheet(VOLUNTEERS, [volunteer_row("新村社区")])
    )
    (error,) = job.report["errors"]
    assert error["message"].startswith("有2个名称或编码为“新村社区”的社区：")
    assert "新村社区 (zhangwan/c03)、新村社区 (zhangwan/c04)" in error["message"]
    assert not Volunteer.objects.exists()


def test_an_unknown_name_is_answered_with_the_closest_names(streets, run_job):
    rows = [volunteer_row("张弯社区", 1), volunteer_row("火星基地", 2)]
    job = run_job(street_staff(streets.zhangwan), "volunteers", sheet(VOLUNTEERS, rows))
    messages = {e["line"]: e["message"] for e in job.report["errors"]}
    assert messages[2] == "没有名称或编码为“张弯社区”的社区。是不是：张湾社区 (zhangwan/c01)？"
    assert messages[3] == "没有名称或编码为“火星基地”的社区。"


def test_the_closest_names_are_only_the_users_own_places(streets, run_job):
    job = run_job(
        street_staff(streets.zhangwan), "volunteers", sheet(VOLUNTEERS, [volunteer_row("黛溪社")])
    )
    (error,) = job.report["errors"]
    assert "黛溪社区" not in error["message"]


def test_another_streets_community_by_name_is_outside_the_users_places(streets, run_job):
    job = run_job(
        street_staff(streets.zhangwan), "volunteers", sheet(VOLUNTEERS, [volunteer_row("黛溪社区")])
    )
    (error,) = job.report["errors"]
    assert error["message"] == "“daixi/c01”不在您负责的范围内。"


@pytest.mark.parametrize("status", ["在册", "active", "ACTIVE", " 在册 "])
def test_a_choice_by_its_chinese_label_or_its_code(streets, run_job, status):
    rows = [volunteer_row("c01", status=status)]
    job = run_job(street_staff(streets.zhangwan), "volunteers", sheet(VOLUNTEERS, rows), True)
    assert job.status == "done", job.report["errors"]
    assert Volunteer.objects.get().status == "active"


def unit_row(community: str, name: str, code: str = "", kind: str = "非公企业") -> list:
    row = [community, name, kind, "", "", "", "", "", "2024-03-01", "", 0]
    return [*row, "", "", "", "", "", code]


def test_a_unit_kind_with_half_width_brackets_is_the_label(streets, run_job):
    rows = [unit_row("c01", "张湾小学", kind="事业单位(学校、医院等)")]
    job = run_job(
        street_staff(streets.zhangwan), "units", sheet(UnitResource.headers(), rows), True
    )
    assert job.status == "done", job.report["errors"]
    assert Unit.objects.get().kind == "institution"


def test_a_units_credit_code_is_checked_and_kept_unique(streets, run_job):
    UnitFactory(community=streets.lijia, name="已有单位", credit_code=credit_code(1))
    rows = [
        unit_row("c01", "甲公司", credit_code(2).lower()),  # typed in lower case: read alike
        unit_row("c01", "乙公司", credit_code(3)[:-1] + "X"),  # a wrong check character
        unit_row("c01", "丙公司", credit_code(1)),  # already another unit's
        unit_row("c01", "丁公司", credit_code(2)),  # the same as the row above
    ]
    headers = UnitResource.headers()
    job = run_job(street_staff(streets.zhangwan), "units", sheet(headers, rows))
    found = {e["line"]: (e["column"], e["message"]) for e in job.report["errors"]}
    assert set(found) == {3, 4, 5}
    assert found[3][0] == "统一社会信用代码" and "不是有效的统一社会信用代码" in found[3][1]
    assert found[4][1] == found[5][1] == "已有另一个成员单位使用此统一社会信用代码。"


@pytest.fixture
def members(streets):
    committee = working_committee(streets.zhangwan)
    party_committee(streets.zhangwan_c01)
    hospital = UnitFactory(
        community=streets.zhangwan_c01, name="张湾医院", credit_code=credit_code(7)
    )
    UnitFactory(community=streets.lijia, name="供电所")
    UnitFactory(community=streets.xincun_a, name="供电所")
    return committee, hospital


MEMBERS = MemberResource.headers()


def member_row(committee: str, name: str, unit: str) -> list:
    return [committee, name, unit, "委员", "2024-01-01", ""]


def test_a_member_names_the_committee_and_unit_by_name_or_credit_code(streets, members, run_job):
    _committee, hospital = members
    rows = [
        member_row("张湾街道", "王一", "张湾医院"),
        member_row("zhangwan", "王二", credit_code(7)),
        member_row("张湾社区", "王三", "张湾医院"),
    ]
    job = run_job(street_staff(streets.zhangwan), "committee_members", sheet(MEMBERS, rows), True)
    assert job.status == "done", job.report["errors"]
    placed = {m.name: (m.committee.node.code, m.unit) for m in CommitteeMember.objects.all()}
    assert placed == {
        "王一": ("zhangwan", hospital),
        "王二": ("zhangwan", hospital),
        "王三": ("c01", hospital),
    }


def test_a_unit_name_shared_under_the_committee_lists_the_units(streets, members, run_job):
    rows = [member_row("zhangwan", "王一", "供电所"), member_row("zhangwan", "王二", "供电局")]
    job = run_job(street_staff(streets.zhangwan), "committee_members", sheet(MEMBERS, rows))
    messages = {e["line"]: e["message"] for e in job.report["errors"]}
    assert messages[2] == (
        "有2个名为“供电所”的成员单位：供电所 (zhangwan/c02)、供电所 (zhangwan/c03)。"
        "请改填统一社会信用代码。"
    )
    assert messages[3].startswith("“zhangwan”下没有名为“供电局”的成员单位。是不是：")
    assert "是不是：供电所 (zhangwan/c02)、供电所 (zhangwan/c03)？" in messages[3]


def test_a_place_names_its_parent_by_name_and_the_same_file_again_changes_nothing(streets, run_job):
    headers = NodeResource.headers()
    rows = [["张湾社区", "g09", "网格", "第九网格", "", "", "", "", "", ""]]
    staff = street_staff(streets.zhangwan)
    job = run_job(staff, "nodes", sheet(headers, rows), confirm=True)
    assert job.status == "done", job.report["errors"]
    assert Node.objects.get(code_path="zhangwan/c01/g09").name == "第九网格"
    again = run_job(staff, "nodes", sheet(headers, rows), confirm=True)
    assert again.status == "done", again.report["errors"]
    assert again.report["totals"]["skip"] == 1 and again.report["totals"]["new"] == 0
