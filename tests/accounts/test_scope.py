import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from accounts.models import Role, User
from accounts.scope import get_in_scope_or_404, scope_for
from grids.models import Node
from tests.factories import UserFactory, secretary

pytestmark = pytest.mark.django_db


def test_a_secretarys_scope_is_their_communitys_subtree(small_street, secretary_a):
    scope = scope_for(secretary_a)
    visible = scope.filter(Node.objects.all())
    assert set(visible) == set(Node.objects.under(small_street.communities[0]))
    assert scope.contains(small_street.compounds[0])
    assert not scope.contains(small_street.compounds[-1])
    assert not scope.contains(small_street.street)


def test_street_staff_see_their_street_not_another(small_street, other_street, staff):
    scope = scope_for(staff)
    assert scope.contains(small_street.buildings[-1])
    assert not scope.contains(other_street.street)


def test_superusers_see_everything_and_volunteers_nothing(small_street, superuser):
    assert scope_for(superuser).everything
    assert not scope_for(UserFactory()).filter(Node.objects.all()).exists()


def test_an_inactive_secretary_sees_nothing(small_street, secretary_a):
    secretary_a.is_active = False
    assert scope_for(secretary_a).is_empty


def test_fetch_and_check_raises_the_same_404_for_missing_and_forbidden(small_street, secretary_a):
    foreign = small_street.compounds[-1]
    with pytest.raises(Http404):
        get_in_scope_or_404(secretary_a, Node.objects.all(), pk=foreign.pk)
    with pytest.raises(Http404):
        get_in_scope_or_404(secretary_a, Node.objects.all(), pk=10**9)
    with pytest.raises(Http404):
        get_in_scope_or_404(secretary_a, Node.objects.all(), pk="not-a-number")
    mine = small_street.compounds[0]
    assert get_in_scope_or_404(secretary_a, Node.objects.all(), pk=mine.pk) == mine


def test_a_secretarys_scope_must_be_a_community(small_street):
    with pytest.raises(ValidationError) as error:
        UserFactory(role=Role.COMMUNITY_SECRETARY, scope_node=small_street.street)
    assert "scope_node" in error.value.message_dict
    with pytest.raises(ValidationError):
        UserFactory(role=Role.STREET_STAFF, scope_node=None)


def test_back_office_roles_get_admin_access(small_street):
    assert secretary(small_street.communities[0]).is_staff
    assert not UserFactory(role=Role.VOLUNTEER).is_staff
    assert User.objects.filter(is_staff=True).count() == 1
