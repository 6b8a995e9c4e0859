"""A district is the root above its streets; each street keeps its code path and its own
scope, so nothing of one street leaks to another under the same district."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from grids import services as grid_services
from grids.models import Node, NodeKind
from servicedesk.models import RequestStatus, ServiceRequest
from servicedesk.permissions import requests_for
from tests.factories import StreetFactory


def test_streets_under_a_district_keep_their_code_paths(district):
    one = district["streets"][0]
    assert one["street"].parent_id == district["node"].pk
    assert one["street"].code_path == "s1"
    assert one["community"].code_path == "s1/c1"
    assert one["street"].district_node() == district["node"]
    assert one["community"].district_node() == district["node"]
    assert one["community"].street_node() == one["street"]
    assert district["node"].district_node() == district["node"]


def test_a_street_without_a_district_has_none(db):
    street = StreetFactory()
    assert street.district_node() is None


def test_a_district_sits_at_the_top_only(district):
    with pytest.raises(ValidationError):
        grid_services.node_create(
            parent=district["streets"][0]["street"], kind=NodeKind.DISTRICT, name="区", code="x"
        )
    with transaction.atomic(), pytest.raises(IntegrityError):
        Node.objects.filter(pk=district["node"].pk).update(parent=district["streets"][0]["street"])


def test_a_community_cannot_sit_right_under_a_district(district):
    with pytest.raises(ValidationError):
        grid_services.node_create(
            parent=district["node"], kind=NodeKind.COMMUNITY, name="社区", code="cx"
        )


def test_a_street_code_stays_unique_under_a_district(district):
    with pytest.raises(ValidationError):
        grid_services.node_create(
            parent=district["node"], kind=NodeKind.STREET, name="重名", code="s1"
        )


def test_a_unit_sees_the_triaged_requests_of_its_own_street_only(district):
    one, two = district["streets"]
    for row in (one, two):
        ServiceRequest.objects.create(
            community=row["community"],
            category="other",
            description="需要帮助",
            status=RequestStatus.TRIAGED,
            due_at="2099-01-01T00:00:00Z",
        )
    seen = set(requests_for(one["contact"]).values_list("community_id", flat=True))
    assert seen == {one["community"].pk}
