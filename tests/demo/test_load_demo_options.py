"""load_demo on an empty database: the same seed gives the same street, the scale multiplies
it, a generated password is printed, and without a street the command explains."""

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from accounts.models import User
from demo.plans import plan_jinshanqiao
from grids.models import Node, NodeKind
from organizations.selectors import party_organizations_under

pytestmark = pytest.mark.django_db


def load(slug: str, **options) -> str:
    out = StringIO()
    call_command("load_demo", street=slug, stdout=out, **options)
    return out.getvalue()


def test_the_same_seed_gives_the_same_street():
    load("jinshanqiao", seed=7)
    # The street's own nodes: the demo district above it is not in the street's plan.
    loaded = dict(Node.objects.exclude(kind=NodeKind.DISTRICT).values_list("code_path", "name"))
    assert dict(_walk_paths(plan_jinshanqiao(7, 1))) == loaded
    assert dict(_walk_paths(plan_jinshanqiao(8, 1))) != loaded


def _walk_paths(item, prefix=""):
    path = f"{prefix}/{item.code}" if prefix else item.code
    yield path, item.name
    for child in item.children:
        yield from _walk_paths(child, path)


def test_scale_multiplies_the_structure():
    load("jinshanqiao", scale=2)
    street = Node.objects.get(code_path="jinshanqiao")
    assert Node.objects.communities().under(street).count() == 8
    assert party_organizations_under(street).exclude(node=street).count() == 48


def test_a_generated_password_is_printed(monkeypatch):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    output = load("jinshanqiao")
    said = next(line for line in output.splitlines() if "password" in line or "密码" in line)
    password = re.split(r"[:：]\s*", said.strip())[-1]
    assert User.objects.get(username="jinshanqiao-staff").check_password(password)


def test_without_a_street_the_command_explains(db):
    with pytest.raises(CommandError):
        call_command("load_demo", stdout=StringIO())


def test_every_loaded_street_goes_under_the_demo_district():
    load("jinshanqiao")
    street = Node.objects.get(code_path="jinshanqiao")
    district = street.district_node()
    assert district is not None and district.code == "demo-district"
    staff = User.objects.get(username="district-staff")
    assert staff.scope_node == district and not staff.is_staff
    reported = street.district_node().district_reports.filter(street=street)
    assert reported.count() == 1 and not reported.get().is_open  # the first street's, decided
    load("jinshanqiao")  # again: nothing moves, nothing doubles
    assert Node.objects.districts().count() == 1
    assert district.district_reports.count() == 1


def test_streets_loaded_one_run_each_keep_their_phone_numbers_apart():
    # Each street goes under the district after its load, freeing its tree id for the next
    # street: numbers made from a tree id collided on the third street.
    for slug in ("sancha", "jinshanqiao", "quyang"):
        load(slug)
    streets = Node.objects.streets().filter(code__in=["sancha", "jinshanqiao", "quyang"])
    assert streets.count() == 3 and all(street.district_node() for street in streets)
    assert User.objects.filter(username="quyang-volunteer").exclude(phone="").exists()
