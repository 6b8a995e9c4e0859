"""The fixed public pages in a real Chromium: the project form is on screen and starts a
project at phone and desktop sizes; the help form's compounds narrow to the chosen community
as the resident chooses; the building stewards become cards on a phone."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from pledges import services as pledge_services
from pledges.models import Project
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
    wait_until,
)
from tests.factories import (
    BuildingFactory,
    CommunityFactory,
    CompoundFactory,
    StewardFactory,
    StreetFactory,
)
from tests.factories.alliance import UnitFactory, contact

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world():
    street = StreetFactory(name="黛溪街道")
    here = CommunityFactory(parent=street, name="醴泉社区")
    there = CommunityFactory(parent=street, name="黛溪社区")
    home = CompoundFactory(parent=here, name="纸箱厂小区")
    CompoundFactory(parent=here, name="醴泉花园")
    CompoundFactory(parent=there, name="黛溪新村")
    for n in range(1, 4):
        StewardFactory(building=BuildingFactory(parent=home, name=f"{n}号楼"))
    unit = UnitFactory(community=here, name="邹平市人民医院")
    today = timezone.localdate()
    pledge_services.project_create(
        title="老旧小区加装电梯",
        goal="年内为三栋楼加装电梯",
        node=here,
        starts_on=today - datetime.timedelta(days=30),
        ends_on=today + datetime.timedelta(days=180),
    )
    return {"here": here, "there": there, "home": home, "unit": unit, "user": contact(unit)}


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390", "1280"])
def test_a_unit_contact_sees_the_project_form_and_starts_a_project(
    chromium, live_server, world, viewport
):
    with browser_page(chromium, viewport) as page:
        sign_in(page, live_server.url, world["user"].username, "correct-horse-battery")
        assert page.goto(f"{live_server.url}/projects/").status == 200
        form = page.locator("#new-project")
        heading = page.get_by_role("heading", name="新建由邹平市人民医院牵头的项目")
        assert heading.is_visible() and form.is_visible()
        # The form starts on the first screen, above the ledger.
        assert form.bounding_box()["y"] < viewport["height"]
        for name in ("title", "goal", "starts_on", "ends_on"):
            field = form.locator(f"[name={name}]")
            assert field.is_visible(), name
            box = field.bounding_box()
            assert box["width"] > 0 and box["x"] + box["width"] <= viewport["width"], name
        assert too_wide(page, viewport) is None
        assert accessibility_problems(page) == ""
        shot(page, f"projects-form-{viewport['width']}")
        title = f"楼道照明改造（{viewport['width']}）"
        page.fill("#id_title", title)
        page.fill("#id_goal", "全部楼道换上声控灯")
        page.fill("#id_starts_on", "2026-04-01")
        page.fill("#id_ends_on", "2026-06-30")
        with page.expect_navigation():
            form.get_by_role("button", name="新建").click()
        project = Project.objects.get(title=title)
        assert (project.lead_unit, project.node) == (world["unit"], world["here"])
        assert page.url.endswith(f"/projects/{project.pk}/")
        # Back in the ledger, the new project is listed beside the community's other one.
        page.goto(f"{live_server.url}/projects/")
        ledger = page.locator("#project-ledger")
        assert ledger.get_by_role("link", name=title).is_visible()
        assert ledger.get_by_role("link", name="老旧小区加装电梯").is_visible()


def test_choosing_a_community_narrows_the_compounds_and_a_compound_the_buildings(
    phone, live_server, world
):
    phone.goto(f"{live_server.url}/help/")
    # With script, the refresh buttons are not needed and not shown.
    assert phone.locator("[data-places-refresh]").first.is_hidden()
    compounds = phone.locator("select[name=place] option")
    assert compounds.count() == 1 + 3  # the whole street until a community is chosen
    phone.select_option("select[name=community]", str(world["here"].pk))
    wait_until(phone, "() => document.querySelectorAll('select[name=place] option').length === 3")
    labels = compounds.all_inner_texts()
    assert any("纸箱厂小区" in label for label in labels)
    assert not any("黛溪新村" in label for label in labels)
    phone.select_option("select[name=place]", str(world["home"].pk))
    wait_until(
        phone, "() => document.querySelectorAll('select[name=building] option').length === 4"
    )
    assert phone.locator("select[name=building] option").all_inner_texts()[1:] == [
        "1号楼",
        "2号楼",
        "3号楼",
    ]
    # Another community: its compounds, and no building left from the first one.
    phone.select_option("select[name=community]", str(world["there"].pk))
    wait_until(phone, "() => document.querySelectorAll('select[name=place] option').length === 2")
    wait_until(
        phone, "() => document.querySelectorAll('select[name=building] option').length === 1"
    )
    assert "黛溪新村" in compounds.all_inner_texts()[1]
    shot(phone, "help-narrowed")


def test_the_help_form_shows_every_mistake_at_once_then_sends(phone, live_server, world):
    phone.goto(f"{live_server.url}/help/")
    phone.select_option("select[name=community]", str(world["here"].pk))
    phone.fill("input[name=resident_phone]", "123")
    # Enter in a field sends the form (its default button), not a refresh.
    with phone.expect_navigation():
        phone.press("input[name=resident_phone]", "Enter")
    errors = phone.locator(".field.error")
    assert errors.count() == 3  # name, phone, what is needed: all at once
    assert phone.locator(".error-summary").is_visible()
    described = phone.locator("#id_resident_phone").get_attribute("aria-describedby")
    assert "id_resident_phone_error" in described
    assert phone.locator("#id_resident_phone_error").is_visible()
    assert accessibility_problems(phone) == ""
    assert fits_the_screen(phone)
    shot(phone, "help-errors")
    phone.fill("input[name=resident_name]", "王奶奶")
    phone.fill("input[name=resident_phone]", "13811112222")
    phone.fill("textarea[name=description]", "楼道灯坏了")
    phone.select_option("select[name=place]", str(world["home"].pk))
    wait_until(
        phone, "() => document.querySelectorAll('select[name=building] option').length === 4"
    )
    phone.select_option("select[name=building]", label="2号楼")
    with phone.expect_navigation():
        phone.get_by_role("button", name="提交", exact=True).last.click()
    assert phone.url.endswith("/thanks/")
    assert ServiceRequest.objects.get().place.name == "2号楼"


def test_the_help_form_narrows_without_script(chromium, live_server, world):
    context = chromium.new_context(viewport=PHONE, locale="zh-CN", java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/help/")
        page.select_option("select[name=community]", str(world["here"].pk))
        page.fill("input[name=resident_name]", "王奶奶")
        with page.expect_navigation():
            page.get_by_role("button", name="显示本社区的小区").click()
        assert page.locator("select[name=place] option").count() == 3
        assert page.input_value("input[name=resident_name]") == "王奶奶"
        assert page.locator(".errorlist").count() == 0
    finally:
        context.close()


def test_the_building_stewards_are_cards_on_a_phone_and_a_table_on_a_desk(
    chromium, live_server, world
):
    url = f"{live_server.url}/communities/{world['here'].pk}/"
    with browser_page(chromium, PHONE) as page:
        page.goto(url)
        table = page.locator("#stewards")
        assert table.locator("thead").evaluate("(el) => el.getBoundingClientRect().height") <= 1
        rows = table.locator("tbody tr")
        assert rows.count() == 3
        assert rows.first.evaluate("(el) => getComputedStyle(el).display") == "block"
        # Each value is labelled by its column, from the header.
        label = rows.first.locator("td").first.evaluate(
            "(el) => getComputedStyle(el, '::before').content"
        )
        assert "楼栋" in label
        assert too_wide(page) is None
        assert accessibility_problems(page) == ""
        shot(page, "community-stewards")
    with browser_page(chromium, DESKTOP) as page:
        page.goto(url)
        headers = page.locator("#stewards thead th[scope=col]")
        assert headers.count() == 4 and headers.first.is_visible()
        assert (
            page.locator("#stewards tbody tr").first.evaluate(
                "(el) => getComputedStyle(el).display"
            )
            == "table-row"
        )
