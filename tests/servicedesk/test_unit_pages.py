import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pledges import services as pledge_services
from pledges.models import Project
from servicedesk.models import ServiceOffer
from tests.factories import CommunityFactory
from tests.factories.alliance import UnitFactory, contact
from tests.factories.files import jpeg_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def units():
    community = CommunityFactory()
    return UnitFactory(community=community), UnitFactory(community=community)


def test_a_unit_keeps_its_own_menu(client, units):
    mine, other = units
    client.force_login(contact(mine))
    url = reverse("servicedesk:our-menu")
    response = client.post(
        url,
        {
            "title": "免费法律咨询",
            "category": "legal",
            "place": "律所一楼",
            "hours": "周六上午",
            "contact_name": "刘律师",
            "contact_phone": "13800009999",
            "active": "on",
        },
    )
    assert response.status_code == 302
    assert ServiceOffer.objects.get().unit == mine
    theirs = ServiceOffer.objects.create(
        unit=other,
        title="x",
        category="health",
        place="p",
        hours="h",
        contact_name="c",
        contact_phone="13800000000",
    )
    assert client.get(url, {"edit": theirs.pk}).status_code == 404
    bad = client.post(
        url,
        {
            "title": "",
            "category": "legal",
            "place": "p",
            "hours": "h",
            "contact_name": "c",
            "contact_phone": "1",
        },
    )
    assert bad.status_code == 200 and ServiceOffer.objects.count() == 2


def test_a_unit_starts_a_project_it_leads(client, units):
    mine, _other = units
    client.force_login(contact(mine))
    response = client.post(
        reverse("pledges:projects"),
        {
            "title": "口袋公园",
            "goal": "建一处口袋公园",
            "starts_on": "2026-03-01",
            "ends_on": "2026-05-01",
        },
    )
    project = Project.objects.get()
    assert (
        response.status_code == 302 and project.lead_unit == mine and project.node == mine.community
    )
    client.post(
        reverse("pledges:project", args=[project.pk]),
        {
            "kind": "people",
            "description": "志愿者",
            "value": "0",
            "person_days": "12",
            "contributed_on": "2026-03-10",
        },
    )
    assert project.contributions.get().person_days == 12


def test_pledge_photos_are_images_and_public_once_published(client, units, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    mine, _other = units
    pl = pledge_services.pledge_list_create(
        pledger_kind="unit", node=mine.community, unit=mine, year=2026, title="x"
    )
    pledge = pledge_services.pledge_add(
        pledge_list=pl, text="义诊", category="service", due_on=datetime.date(2026, 5, 1)
    )
    pledge_services.pledge_list_submit(pledge_list=pl)
    pledge_services.pledge_list_review(pledge_list=pl, approve=True)
    client.force_login(contact(mine))
    action = reverse("pledges:list-action", args=[pl.pk, "progress"])
    fake = SimpleUploadedFile("x.html", b"<script>", content_type="image/jpeg")
    client.post(action, {"pledge": pledge.pk, "status": "kept", "evidence_photo": fake})
    pledge.refresh_from_db()
    assert pledge.status == "promised" and not pledge.evidence_photo
    photo = jpeg_upload("p.jpg")
    client.post(action, {"pledge": pledge.pk, "status": "kept", "evidence_photo": photo})
    client.logout()
    response = client.get(reverse("pledges:photo", args=[pledge.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
