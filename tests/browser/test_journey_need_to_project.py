"""A need from a resident's request to a finished, rated project, each step by the person who
takes it, on a phone: a resident asks for help; the community secretary puts the request on the
demand list; a member unit's contact sees the need its resources answer and offers the unit;
the secretary sees the unit suggested with its reasons (at desk width too) and makes the
project; it is done; residents rate it on the community's public page of the three lists, and
the need is closed."""

from __future__ import annotations

import re

import pytest

from pledges.models import Need, NeedStatus, Project, ProjectStatus, Resource
from servicedesk.models import ServiceRequest
from tests.browser.conftest import (
    DESKTOP,
    PHONE,
    accessibility_problems,
    browser_page,
    fits_the_screen,
    shot,
    sign_in,
    too_wide,
)
from tests.factories import CommunityFactory, StreetFactory, secretary
from tests.factories.alliance import UnitFactory, contact

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"


def test_a_need_from_a_residents_request_to_a_rated_project(chromium, live_server, settings):
    settings.NEED_CLOSING_RATINGS = 2
    street = StreetFactory(name="黛溪街道")
    community = CommunityFactory(parent=street, name="醴泉社区")
    electricians = UnitFactory(community=community, name="供电公司")
    UnitFactory(community=community, name="人民医院")
    Resource.objects.create(
        unit=electricians,
        kind="skills",
        category="repair",
        title="水电维修技术骨干",
        capacity="3名技师",
        availability="预约上门",
    )
    unit_contact = contact(electricians)
    user = secretary(community)
    base = live_server.url

    with browser_page(chromium, PHONE) as page:  # the resident
        page.goto(f"{base}/help/")
        page.select_option("select[name=community]", str(community.pk))
        page.fill("input[name=resident_name]", "王奶奶")
        page.fill("input[name=resident_phone]", "13811112222")
        page.fill("textarea[name=description]", "三号楼楼道灯全坏了，晚上看不见台阶")
        page.get_by_role("button", name="提交").click()
        page.wait_for_url(re.compile(r".*/thanks/$"))
    request = ServiceRequest.objects.get()

    with browser_page(chromium, PHONE) as page:  # the secretary puts it on the list
        sign_in(page, base, user.username, PASSWORD)
        page.get_by_role("link", name="需求清单").first.click()
        page.wait_for_url("**/needs/")
        cases = page.locator("#desk-cases")
        assert "三号楼楼道灯全坏了" in cases.inner_text()
        assert "王奶奶" not in cases.inner_text() and "13811112222" not in page.content()
        row = cases.locator("tr", has_text="三号楼楼道灯全坏了")
        row.locator("input[name=title]").fill("三号楼楼道照明损坏")
        row.locator("select[name=category]").select_option("repair")
        row.locator("input[name=people]").fill("60")
        row.get_by_role("button", name="列入清单").click()
        page.wait_for_url(re.compile(r".*/needs/\d+/$"))
        page.wait_for_load_state("networkidle")
        assert fits_the_screen(page)
        shot(page, "phone/lists/need-recorded")
    need = Need.objects.get()
    assert (need.source, need.source_id, need.people) == ("request", request.pk, 60)

    with browser_page(chromium, PHONE) as page:  # the unit's contact offers the unit
        sign_in(page, base, unit_contact.username, PASSWORD)
        page.get_by_role("link", name="本单位资源对口的需求").click()
        page.wait_for_url("**/needs/")
        page.get_by_role("link", name="三号楼楼道照明损坏").click()
        page.fill("#id_note", "派三名技师，一周内换好声控灯")
        page.select_option("#id_resource", label="水电维修技术骨干 · 3名技师")
        page.get_by_role("button", name="认领", exact=True).click()
        page.wait_for_load_state("networkidle")
        assert "认领已发送给社区" in page.inner_text("main")
        assert fits_the_screen(page)
        shot(page, "phone/lists/offered")

    with browser_page(chromium, DESKTOP) as page:  # the secretary matches it, at a desk
        sign_in(page, base, user.username, PASSWORD)
        page.goto(f"{base}/needs/{need.pk}/")
        matches = page.locator("#matches").inner_text()
        assert "供电公司" in matches and "已认领" in matches and "水电维修技术骨干" in matches
        assert "人民医院" not in matches  # nothing of it answers the need
        page.select_option("#id_lead_unit", label="供电公司 · 醴泉社区")
        page.get_by_label("供电公司 · 水电维修技术骨干 · 3名技师").check()
        page.fill("#id_starts_on", "2026-11-01")
        page.fill("#id_ends_on", "2026-11-30")
        assert not too_wide(page, DESKTOP), too_wide(page, DESKTOP)
        shot(page, "desktop/lists/match")
        page.get_by_role("button", name="立项").click()
        page.wait_for_url(re.compile(r".*/projects/\d+/$"))
    project = Project.objects.get()
    assert project.lead_unit == electricians and list(project.resources.all()) == [
        electricians.resources.get()
    ]
    assert Need.objects.get().status == NeedStatus.IN_PROJECT

    with browser_page(chromium, PHONE) as page:  # done: a milestone, then completed
        sign_in(page, base, user.username, PASSWORD)
        page.goto(f"{base}/projects/{project.pk}/")
        page.fill("#id_title", "更换声控灯")
        page.fill("#id_due_on", "2026-11-20")
        page.fill("#id_done_on", "2026-11-18")
        page.get_by_role("button", name="添加节点").click()
        page.wait_for_load_state()
        page.select_option("#id_status", "completed")
        page.get_by_role("button", name="保存进度").click()
        page.wait_for_load_state("networkidle")
        assert fits_the_screen(page)
        assert not accessibility_problems(page)
        shot(page, "phone/lists/project-done")
    assert Project.objects.get().status == ProjectStatus.COMPLETED
    assert Need.objects.get().status == NeedStatus.IN_PROJECT  # not rated yet

    for comment in ("灯亮了，晚上放心多了", "修得很快"):  # two residents rate it
        with browser_page(chromium, PHONE) as page:
            page.goto(f"{base}/")
            page.goto(f"{base}/lists/{community.pk}/?list=projects")
            row = page.locator(f"#project-{project.pk}")
            row.locator("select[name=value]").select_option("satisfied")
            row.locator("input[name=comment]").fill(comment)
            row.get_by_role("button", name="测评").click()
            page.wait_for_load_state("networkidle")
            assert "感谢您的测评" in page.locator(f"#project-{project.pk}").inner_text()
            assert fits_the_screen(page)
            shot(page, "phone/lists/rated")
    assert Need.objects.get().status == NeedStatus.CLOSED

    with browser_page(chromium, PHONE) as page:  # the public list says so, with no one's name
        page.goto(f"{base}/lists/{community.pk}/")
        text = page.inner_text("main")
        assert "三号楼楼道照明损坏" in text and "已办结并评价" in text
        assert "王奶奶" not in page.content() and "13811112222" not in page.content()
        assert not accessibility_problems(page)
        shot(page, "phone/lists/public")
