"""Each kind of bad cell gets a plain message at its line and column, and nothing is written."""

from __future__ import annotations

import pytest

from organizations.models import Unit
from organizations.resources import UnitResource
from tests.exchange.conftest import sheet
from tests.exchange.test_unit_import import unit_rows
from tests.factories import street_staff
from volunteers.models import Volunteer
from volunteers.resources import VolunteerResource

pytestmark = pytest.mark.django_db

HEADERS = UnitResource.headers()


def test_every_bad_cell_is_named_in_plain_words(small_street, run_job):
    rows = unit_rows(small_street.communities, 7)
    rows[0][2] = "外星企业"  # 单位类型 (C)
    rows[1][8] = "2024-13-45"  # 加入联盟日期 (I)
    rows[2][6] = "北纬三十六度"  # 纬度 (G)
    rows[3][10] = "-3"  # 轮值顺序 (K)
    rows[4][13] = "很多"  # 党员人数 (N)
    rows[5][12] = "党小组"  # 党组织类型 (M)
    job = run_job(street_staff(small_street.street), "units", sheet(HEADERS, rows))
    assert job.status == "invalid"
    found = {(e["line"], e["letter"]): e["message"] for e in job.report["errors"]}
    assert set(found) == {(2, "C"), (3, "I"), (4, "G"), (5, "K"), (6, "N"), (7, "M")}
    assert "“外星企业”不在可选范围内" in found[(2, "C")] and "非公企业" in found[(2, "C")]
    assert found[(3, "I")] == "“2024-13-45”不是日期，请写成 2024-03-01 这样。"
    assert found[(4, "G")] == "“北纬三十六度”不是数字。"
    assert found[(5, "K")] == "“-3”不是非负整数。"
    assert found[(6, "N")] == "党员人数须为 0 或正整数。"
    assert "“党小组”不在可选范围内" in found[(7, "M")]
    assert not Unit.objects.exists()


def test_a_yes_or_no_column_refuses_anything_else(small_street, run_job):
    headers = VolunteerResource.headers()
    community = small_street.communities[0].code_path
    rows = [
        [community, "张三", "13800000001", "", "", "是", "", "active"],
        [community, "李四", "13800000002", "", "", "也许", "", ""],
    ]
    job = run_job(street_staff(small_street.street), "volunteers", sheet(headers, rows))
    assert job.status == "invalid"
    assert [(e["line"], e["column"]) for e in job.report["errors"]] == [(3, "是否党员")]
    assert not Volunteer.objects.exists()
