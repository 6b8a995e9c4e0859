"""The back office's sign-in page answers anyone, whatever page they were sent from."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "next_page",
    ["", "/admin/", "/admin/exchange/importjob/upload/", "/admin/notifications/reminder/"],
)
def test_the_sign_in_page_opens_for_a_visitor(client, next_page):
    response = client.get("/admin/login/", {"next": next_page} if next_page else {})
    assert response.status_code == 200
    assert 'name="username"' in response.content.decode()
