"""A street's member-unit spreadsheet: checked whole, errors by line and column, all or nothing,
and importing the same file again changes nothing."""

from __future__ import annotations

import pytest

from exchange.registry import KINDS
from organizations.models import PartyOrganization, Unit
from organizations.resources import UnitResource
from tests.exchange.conftest import sheet
from tests.factories import secretary, street_staff

pytestmark = pytest.mark.django_db

HEADERS = UnitResource.headers()


def unit_rows(communities, count: int) -> list[list]:
    rows = []
    for n in range(count):
        community = communities[n % len(communities)]
        rows.append(
            [
                community.code_path,
                f"驻街单位{n:04d}",
                "非公企业" if n % 3 else "事业单位（学校、医院等）",
                f"负责人{n}",
                f"1380000{n:04d}",
                f"黛溪路{n}号",
                "",
                "",
                "2024-03-01",
                "",
                n,
                f"驻街单位{n:04d}党支部",
                "党支部",
                n % 40,
                f"书记{n}",
                "",
                "",  # 统一社会信用代码
            ]
        )
    return rows


def test_the_template_holds_the_chinese_columns_in_order():
    assert HEADERS[:3] == ["所在社区", "单位名称", "单位类型"]
    assert "党组织名称" in HEADERS and "书记电话" in HEADERS
    assert KINDS["units"].resource_class is UnitResource


def test_500_rows_with_two_bad_ones_write_nothing_and_say_where(small_street, run_job):
    staff = street_staff(small_street.street)
    rows = unit_rows(small_street.communities, 500)
    rows[41][4] = "12345"  # line 43, column E: not a phone number
    rows[301][0] = "nowhere/c99"  # line 303, column A: no such community
    before = Unit.objects.count()
    job = run_job(staff, "units", sheet(HEADERS, rows))
    assert job.status == "invalid"
    assert (
        Unit.objects.count() == before
        and not PartyOrganization.objects.filter(unit__isnull=False).exists()
    )
    errors = [(e["line"], e["column"], e["letter"]) for e in job.report["errors"]]
    assert errors == [(43, "联系电话", "E"), (303, "所在社区", "A")]
    assert "nowhere/c99" in job.report["errors"][1]["message"]
    assert job.report["totals"]["new"] == 498

    # Fixed, the same file checks clean, imports whole, and a second import changes nothing.
    rows[41][4] = "13800000041"
    rows[301][0] = small_street.communities[1].code_path
    job = run_job(staff, "units", sheet(HEADERS, rows), confirm=True)
    assert job.status == "done", job.report["errors"]
    assert Unit.objects.count() == before + 500
    unit = Unit.objects.get(name="驻街单位0007")
    assert unit.kind == "private_enterprise" and unit.community == small_street.communities[1]
    org = unit.party_organizations.get()
    assert (org.name, org.kind, org.member_count, org.node) == (
        "驻街单位0007党支部",
        "branch",
        7,
        small_street.communities[1],
    )
    again = run_job(staff, "units", sheet(HEADERS, rows), confirm=True)
    assert again.status == "done"
    assert again.report["totals"]["skip"] == 500
    assert again.report["totals"]["new"] == again.report["totals"]["update"] == 0


def test_a_changed_row_is_reported_with_old_and_new_values(small_street, run_job):
    staff = street_staff(small_street.street)
    rows = unit_rows(small_street.communities, 3)
    run_job(staff, "units", sheet(HEADERS, rows), confirm=True)
    rows[1][3] = "新负责人"
    rows[2][13] = 25  # only the party organisation changes
    job = run_job(staff, "units", sheet(HEADERS, rows))
    assert job.status == "checked"
    assert job.report["totals"] == {**job.report["totals"], "update": 2, "skip": 1}
    change = next(c for c in job.report["changes"] if c["line"] == 3)
    assert {"column": "负责人", "old": "负责人1", "new": "新负责人"} in change["changed"]
    assert Unit.objects.get(name="驻街单位0001").leader_name == "负责人1"  # only checked


def test_a_changed_file_updates_units_and_their_party_organisations_in_place(small_street, run_job):
    staff = street_staff(small_street.street)
    rows = unit_rows(small_street.communities, 3)
    run_job(staff, "units", sheet(HEADERS, rows), confirm=True)
    orgs = dict(PartyOrganization.objects.filter(unit__isnull=False).values_list("name", "pk"))
    rows[1][3] = "新负责人"
    rows[2][13] = 25
    rows[2][14] = "新书记"
    rows.append(unit_rows(small_street.communities, 4)[3])  # and one new unit
    job = run_job(staff, "units", sheet(HEADERS, rows), confirm=True)
    assert job.status == "done", job.report
    assert job.report["totals"] == {**job.report["totals"], "new": 1, "update": 2, "skip": 1}
    assert Unit.objects.get(name="驻街单位0001").leader_name == "新负责人"
    org = PartyOrganization.objects.get(unit__name="驻街单位0002")
    assert (org.pk, org.member_count, org.secretary_name) == (orgs[org.name], 25, "新书记")
    assert PartyOrganization.objects.filter(unit__isnull=False).count() == 4
    assert PartyOrganization.objects.get(unit__name="驻街单位0003").node.code_path == rows[3][0]


def test_a_secretary_imports_into_their_own_community_only(small_street, run_job):
    own, other = small_street.communities
    user = secretary(own)
    rows = unit_rows([own, other], 2)
    job = run_job(user, "units", sheet(HEADERS, rows))
    assert job.status == "invalid"
    assert [(e["line"], e["column"]) for e in job.report["errors"]] == [(3, "所在社区")]
    assert not Unit.objects.exists()


def test_csv_saved_by_excel_in_gbk_is_read(small_street, run_job):
    staff = street_staff(small_street.street)
    import tablib

    dataset = tablib.Dataset(*unit_rows(small_street.communities, 2), headers=HEADERS)
    upload = sheet(HEADERS, [], fmt="csv")
    upload.file.seek(0)
    upload.file.truncate()
    upload.file.write(dataset.export("csv").encode("gb18030"))
    upload.size = upload.file.tell()
    upload.file.seek(0)
    job = run_job(staff, "units", upload, confirm=True)
    assert job.status == "done", job.report
    assert Unit.objects.filter(name="驻街单位0001").exists()
