"""The public help and wish forms: every mistake shows at once, each beside its field; the
compounds narrow to the chosen community and the buildings to the chosen compound, by a
refresh without script as by the places API with it; a compound of another community is
refused beside its field."""

import re

import pytest
from django.urls import reverse

from servicedesk.models import MicroWish, ServiceRequest
from tests.factories import BuildingFactory, CommunityFactory, CompoundFactory, StreetFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def street():
    street = StreetFactory()
    here = CommunityFactory(parent=street, name="醴泉社区")
    there = CommunityFactory(parent=street, name="黛溪社区")
    home = CompoundFactory(parent=here, name="纸箱厂小区")
    CompoundFactory(parent=here, name="醴泉花园")
    away = CompoundFactory(parent=there, name="黛溪新村")
    building = BuildingFactory(parent=home, name="3号楼")
    BuildingFactory(parent=away, name="9号楼")
    return {
        "street": street,
        "here": here,
        "there": there,
        "home": home,
        "away": away,
        "building": building,
    }


def _options(page: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', page, re.S).group(1)
    return re.findall(r"<option[^>]*>([^<]*)</option>", select)


def _field(page: str, name: str) -> str:
    """The markup of the field block holding the control named `name`."""
    blocks = page.split('<div class="field')[1:]
    return next(block for block in blocks if f'name="{name}"' in block)


GOOD = {
    "category": "repair",
    "description": "楼道灯坏了",
    "resident_name": "王奶奶",
    "resident_phone": "13811112222",
}


def test_every_mistake_shows_at_once_beside_its_field(client, street):
    response = client.post(
        reverse("servicedesk:help"),
        {"community": "", "resident_name": "<b>王</b>", "resident_phone": "123", "description": ""},
    )
    page = response.content.decode()
    assert response.status_code == 200 and not ServiceRequest.objects.exists()
    for name in ("community", "resident_name", "resident_phone", "category", "description"):
        block = _field(page, name)
        assert block.startswith(' error"'), name  # the block is marked, for the style
        error_id = f"id_{name}_error"
        assert f'id="{error_id}"' in block, name  # the message beside the field ...
        control = re.search(rf'<(?:input|select|textarea)[^>]*name="{name}"[^>]*>', block).group(0)
        assert error_id in re.search(r'aria-describedby="([^"]*)"', control).group(1), name
        assert 'aria-invalid="true"' in control, name  # ... and tied to it
    # A summary at the top lists the five, each linking to its field.
    summary = page[
        page.index('class="error-summary"') : page.index(
            "</div>", page.index('class="error-summary"')
        )
    ]
    assert summary.count("<li>") == 5
    assert 'href="#id_resident_phone"' in summary
    # What was typed stays.
    assert 'value="123"' in page and "&lt;b&gt;王&lt;/b&gt;" in page


def test_the_wish_form_shows_its_mistakes_at_once_too(client, street):
    response = client.post(
        reverse("servicedesk:wish-new"),
        {"community": street["here"].pk, "title": "", "resident_name": "", "resident_phone": "1"},
    )
    page = response.content.decode()
    assert not MicroWish.objects.exists()
    for name in ("title", "resident_name", "resident_phone"):
        assert f'id="id_{name}_error"' in _field(page, name), name


def test_before_a_community_is_chosen_every_compound_of_the_street_is_offered(client, street):
    page = client.get(reverse("servicedesk:help")).content.decode()
    assert len(_options(page, "place")) == 1 + 3
    assert _options(page, "building") == ["---------"]


def test_without_script_a_refresh_narrows_the_compounds_and_keeps_what_was_typed(client, street):
    response = client.post(
        reverse("servicedesk:help"),
        {**GOOD, "community": street["here"].pk, "refresh": "community", "resident_phone": "1"},
    )
    page = response.content.decode()
    assert response.status_code == 200 and not ServiceRequest.objects.exists()
    compounds = _options(page, "place")
    assert len(compounds) == 3 and any("纸箱厂小区" in c for c in compounds)
    assert not any("黛溪新村" in c for c in compounds)
    # Nothing lost, and no error for what the resident had not finished yet.
    assert "王奶奶" in page and "楼道灯坏了" in page and 'value="1"' in page
    assert "errorlist" not in page and "error-summary" not in page
    assert re.search(rf'<option value="{street["here"].pk}" selected>', page)
    assert re.search(r'<select name="place"[^>]*autofocus', page)


def test_without_script_a_refresh_narrows_the_buildings_to_the_compound(client, street):
    page = client.post(
        reverse("servicedesk:help"),
        {
            **GOOD,
            "community": street["here"].pk,
            "place": street["home"].pk,
            "refresh": "place",
        },
    ).content.decode()
    assert _options(page, "building") == ["---------", "3号楼"]
    assert re.search(rf'<option value="{street["home"].pk}" selected>', page)


def test_a_compound_of_another_community_is_refused_beside_its_field(client, street):
    response = client.post(
        reverse("servicedesk:help"),
        {**GOOD, "community": street["here"].pk, "place": street["away"].pk},
    )
    page = response.content.decode()
    assert not ServiceRequest.objects.exists()
    assert "请选择所选社区内的小区" in _field(page, "place")
    # The re-rendered form offers only the chosen community's compounds.
    assert not any("黛溪新村" in c for c in _options(page, "place"))


def test_a_building_of_another_compound_is_refused(client, street):
    other = BuildingFactory(parent=street["away"])
    client.post(
        reverse("servicedesk:help"),
        {
            **GOOD,
            "community": street["here"].pk,
            "place": street["home"].pk,
            "building": other.pk,
        },
    )
    assert not ServiceRequest.objects.exists()


def test_the_request_keeps_the_building_when_one_is_chosen(client, street):
    response = client.post(
        reverse("servicedesk:help"),
        {
            **GOOD,
            "community": street["here"].pk,
            "place": street["home"].pk,
            "building": street["building"].pk,
        },
    )
    assert response.status_code == 302
    assert ServiceRequest.objects.get().place == street["building"]


def test_the_request_keeps_the_compound_when_no_building_is_chosen(client, street):
    client.post(
        reverse("servicedesk:help"),
        {**GOOD, "community": street["here"].pk, "place": street["home"].pk},
    )
    assert ServiceRequest.objects.get().place == street["home"]


def test_a_refresh_is_not_counted_as_a_submission(client, street, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "help": "1/h"}
    for _ in range(3):
        client.post(
            reverse("servicedesk:help"),
            {**GOOD, "community": street["here"].pk, "refresh": "community"},
        )
    response = client.post(reverse("servicedesk:help"), {**GOOD, "community": street["here"].pk})
    assert response.status_code == 302 and ServiceRequest.objects.count() == 1
