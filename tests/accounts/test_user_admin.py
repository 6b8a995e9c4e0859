import pytest
from django.urls import reverse

from tests.factories import secretary, street_staff

pytestmark = pytest.mark.django_db


def test_street_staff_list_the_accounts_of_their_street_only(client, small_street, other_street):
    me = street_staff(small_street.street)
    mine = secretary(small_street.communities[0])
    theirs = secretary(other_street.communities[0])
    client.force_login(me)
    response = client.get(reverse("admin:accounts_user_changelist"))
    shown = {u.pk for u in response.context["cl"].result_list}
    assert mine.pk in shown and me.pk in shown
    assert theirs.pk not in shown
    assert client.get(reverse("admin:accounts_user_change", args=[theirs.pk])).status_code == 404


def test_secretaries_do_not_manage_accounts(client, small_street, secretary_a):
    client.force_login(secretary_a)
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 403


def test_street_staff_cannot_make_a_superuser(client, small_street):
    me = street_staff(small_street.street)
    target = secretary(small_street.communities[0])
    client.force_login(me)
    url = reverse("admin:accounts_user_change", args=[target.pk])
    page = client.get(url)
    assert "is_superuser" not in page.context["adminform"].form.fields


def test_street_staff_create_a_secretary_inside_their_street(client, small_street, other_street):
    from accounts.models import User

    client.force_login(street_staff(small_street.street))
    url = reverse("admin:accounts_user_add")
    base = {"username": "new-sec", "password1": "Zq8!long-pass", "password2": "Zq8!long-pass"}
    outside = {**base, "role": "community_secretary", "scope_node": other_street.communities[0].pk}
    assert client.post(url, outside).status_code == 200
    nowhere = {**base, "role": "community_secretary"}
    assert client.post(url, nowhere).status_code == 200
    assert not User.objects.filter(username="new-sec").exists()
    inside = {**base, "role": "community_secretary", "scope_node": small_street.communities[0].pk}
    assert client.post(url, inside).status_code == 302
    created = User.objects.get(username="new-sec")
    assert created.is_staff and not created.is_superuser
