import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.factories import CompoundFactory

pytestmark = pytest.mark.django_db


def test_street_report_counts_the_street(small_street):
    CompoundFactory(parent=small_street.grids[0])  # no branch, no committee, no property
    out = StringIO()
    call_command("street_report", street=small_street.street.code, json=True, stdout=out)
    figures = json.loads(out.getvalue())
    assert figures["nodes_by_kind"]["community"] == 2
    assert figures["grids_by_level"] == {"1": 2, "2": 2, "3": 0}
    assert figures["compounds_with_branch"] == 6
    assert figures["compounds_without_branch"] == 1
    assert figures["three_none_compounds"] == 1
    assert figures["stewards"] == 12
    assert figures["party_organizations_by_kind"]["committee"] == 2
    assert figures["party_organizations_by_kind"]["branch"] == 6


def test_street_report_prints_a_readable_table(small_street):
    out = StringIO()
    call_command("street_report", street=small_street.street.code, stdout=out)
    assert small_street.street.name in out.getvalue()


def test_street_report_on_an_unknown_street_says_so(db):
    with pytest.raises(CommandError):
        call_command("street_report", street="nowhere")
