"""Activities in the admin move through the volunteer services: places never drop below the
volunteers confirmed, a cancelled activity stays as it was, and cancelling (one row or a
selection) cancels every sign-up with it."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.admin_forms import admin_form_data
from tests.factories.volunteers import activity, volunteer
from volunteers import services
from volunteers.models import Activity, Signup, SignupStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(small_street):
    community = small_street.communities[0]
    event = activity(community, capacity=3)
    for _ in range(2):
        services.activity_signup(activity=event, volunteer=volunteer(community))
    return event


def _shown(response, message: str, **values) -> bool:
    with translation.override(response.wsgi_request.LANGUAGE_CODE):
        return (translation.gettext(message) % values) in response.content.decode()


def test_places_cannot_drop_below_the_confirmed_volunteers_in_the_admin(client, staff, event):
    url = reverse("admin:volunteers_activity_change", args=[event.pk])
    client.force_login(staff)
    response = client.post(url, admin_form_data(client.get(url), capacity=1))
    assert response.status_code == 200
    assert _shown(response, "%(count)d volunteers are confirmed already.", count=2)
    assert Activity.objects.get(pk=event.pk).capacity == 3


def test_cancelling_in_the_admin_cancels_every_signup(client, staff, event):
    client.force_login(staff)
    response = client.post(
        reverse("admin:volunteers_activity_changelist"),
        {"action": "cancel", "_selected_action": [event.pk]},
    )
    assert response.status_code == 302
    assert Activity.objects.get(pk=event.pk).cancelled_at is not None
    assert set(Signup.objects.filter(activity=event).values_list("status", flat=True)) == {
        SignupStatus.CANCELLED
    }


def test_a_cancelled_activity_is_not_changed_or_cancelled_again_in_the_admin(client, staff, event):
    services.activity_cancel(activity=event)
    cancelled_at = Activity.objects.get(pk=event.pk).cancelled_at
    client.force_login(staff)
    url = reverse("admin:volunteers_activity_change", args=[event.pk])
    response = client.post(url, admin_form_data(client.get(url), title="改名"))
    assert response.status_code == 200
    assert _shown(response, "This activity was cancelled.")
    again = client.post(
        reverse("admin:volunteers_activity_changelist"),
        {"action": "cancel", "_selected_action": [event.pk]},
        follow=True,
    )
    assert _shown(again, "This activity was cancelled.")
    event.refresh_from_db()
    assert (event.title, event.cancelled_at) == ("送医疗进社区", cancelled_at)


def test_an_activity_made_in_the_admin_gets_its_check_in_secret(client, staff, small_street):
    client.force_login(staff)
    response = client.post(
        reverse("admin:volunteers_activity_add"),
        {
            "title": "义诊",
            "kind": "health",
            "node": small_street.communities[0].pk,
            "place": "广场",
            "starts_at_0": "2030-01-01",
            "starts_at_1": "09:00:00",
            "ends_at_0": "2030-01-01",
            "ends_at_1": "11:00:00",
            "capacity": 5,
            "cancelled_at_0": "2030-01-01",
            "cancelled_at_1": "08:00:00",
        },
    )
    assert response.status_code == 302
    made = Activity.objects.get(title="义诊")
    assert made.qr_secret and made.cancelled_at is None
