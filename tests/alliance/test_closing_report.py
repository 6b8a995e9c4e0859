"""A held meeting gets a closing report: the residents' representatives present and photos of
the meeting or the site visit (through the upload policy, served only to those who see the
meeting); the printable protocol carries them beside the sign-in sheet."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from alliance.services import meetings
from tests.factories import CommunityFactory, StreetFactory, secretary
from tests.factories.alliance import UnitFactory, at, contact, party_committee, schedule
from tests.factories.files import jpeg_upload, pdf_upload

pytestmark = pytest.mark.django_db

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


@pytest.fixture
def meeting():
    street = StreetFactory()
    committee = party_committee(CommunityFactory(parent=street))
    UnitFactory(community=committee.node)
    return schedule(committee, at(2026, 3, 10, 14))


def test_the_report_and_photos_wait_for_the_minutes_and_photos_pass_the_policy(meeting):
    with pytest.raises(ValidationError):
        meetings.meeting_report(meeting=meeting, residents_present=12)
    meetings.minutes_publish(meeting=meeting, minutes="纪要")
    meetings.meeting_report(meeting=meeting, residents_present=12)
    assert meeting.residents_present == 12
    with pytest.raises(ValidationError):
        meetings.meeting_report(meeting=meeting, residents_present=-1)
    with pytest.raises(ValidationError):
        meetings.meeting_photo_add(meeting=meeting, photo=pdf_upload())
    photo = meetings.meeting_photo_add(meeting=meeting, photo=jpeg_upload(), caption="现场走访")
    assert photo.photo.url == reverse("alliance:meeting-photo", args=[photo.pk])


def test_the_secretary_files_it_from_the_meeting_page_and_it_is_printed(client, meeting):
    meetings.minutes_publish(meeting=meeting, minutes="纪要")
    client.force_login(secretary(meeting.committee.node))
    page = client.get(reverse("alliance:meeting", args=[meeting.pk]), **ZH).content.decode()
    assert 'id="closing-report"' in page and "保存会议总结" in page
    client.post(
        reverse("alliance:meeting-action", args=[meeting.pk, "report"]),
        {"residents_present": "9"},
    )
    client.post(
        reverse("alliance:meeting-action", args=[meeting.pk, "photo"]),
        {"photo": jpeg_upload(), "caption": "居民代表发言"},
    )
    meeting.refresh_from_db()
    assert meeting.residents_present == 9 and meeting.photos.count() == 1
    printed = client.get(reverse("alliance:meeting-print", args=[meeting.pk]), **ZH)
    text = printed.content.decode()
    assert "到会居民代表" in text and "居民代表发言" in text
    photo = meeting.photos.get()
    assert client.get(reverse("alliance:meeting-photo", args=[photo.pk])).status_code == 200


def test_a_unit_contact_sees_the_report_but_files_nothing_and_strangers_see_no_photo(
    client, meeting
):
    meetings.minutes_publish(meeting=meeting, minutes="纪要")
    photo = meetings.meeting_photo_add(meeting=meeting, photo=jpeg_upload())
    unit = meeting.committee.node.units.get()
    client.force_login(contact(unit))
    page = client.get(reverse("alliance:meeting", args=[meeting.pk]), **ZH).content.decode()
    assert 'id="closing-report"' in page and "保存会议总结" not in page
    refused = client.post(
        reverse("alliance:meeting-action", args=[meeting.pk, "report"]),
        {"residents_present": "3"},
    )
    assert refused.status_code == 403
    other = UnitFactory(community=CommunityFactory(parent=StreetFactory()))
    client.force_login(contact(other))
    assert client.get(reverse("alliance:meeting-photo", args=[photo.pk])).status_code == 404
