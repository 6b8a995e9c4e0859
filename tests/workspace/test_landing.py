"""After signing in each role lands on its own workspace."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("who", "page"),
    [
        ("contact", "workspace:unit"),
        ("secretary", "workspace:community"),
        ("volunteer_user", "workspace:volunteer"),
    ],
)
def test_each_role_lands_on_its_workspace(client, world, who, page):
    client.force_login(world["a"][who])
    response = client.get(reverse("workspace:home"))
    assert response.status_code == 302 and response["Location"] == reverse(page)
    assert client.get(response["Location"]).status_code == 200


def test_street_staff_land_on_the_street_workspace(client, world):
    client.force_login(world["staff"])
    response = client.get(reverse("workspace:home"))
    assert response["Location"] == reverse("workspace:street")
    assert client.get(response["Location"]).status_code == 200
