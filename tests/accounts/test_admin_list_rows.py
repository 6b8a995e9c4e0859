"""Back-office lists: each row's checkbox is Django's own, written without a widget template,
and the volunteer list shows the newest registrations first."""

from __future__ import annotations

import datetime

import pytest
from django import forms
from django.contrib import admin
from django.contrib.admin import helpers
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext

from tests.factories import street_staff
from tests.factories.volunteers import volunteer
from volunteers.models import Volunteer

pytestmark = pytest.mark.django_db


def test_the_row_checkbox_is_the_html_django_writes(small_street):
    person = volunteer(small_street.communities[0], name='王<五> & "六"')
    ours = admin.site._registry[Volunteer].action_checkbox(person)
    label = format_html(gettext("Select this object for an action - {}"), str(person))
    attrs = {"class": "action-select", "aria-label": label}
    django = forms.CheckboxInput(attrs, lambda value: False).render(
        helpers.ACTION_CHECKBOX_NAME, str(person.pk)
    )
    assert ours == django
    assert "王&lt;五&gt; &amp; &quot;六&quot;" in ours


def test_the_volunteer_list_shows_the_newest_first(client, small_street):
    community = small_street.communities[0]
    now = timezone.now()
    for days, name in [(3, "早来的"), (1, "新来的"), (2, "中间的")]:
        person = volunteer(community, name=name)
        Volunteer.objects.filter(pk=person.pk).update(
            registered_at=now - datetime.timedelta(days=days)
        )
    client.force_login(street_staff(small_street.street))
    page = client.get("/admin/volunteers/volunteer/")
    assert [v.name for v in page.context["cl"].result_list] == ["新来的", "中间的", "早来的"]
    assert page.content.decode().count('class="action-select"') == 3
