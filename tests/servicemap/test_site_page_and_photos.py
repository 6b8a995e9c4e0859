"""A site's own page, its photos with their alt text, and which uploads the public can fetch."""

import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from servicemap.models import ServiceSite, SitePhoto
from tests.factories import CommunityFactory, StreetFactory

pytestmark = pytest.mark.django_db


def jpeg(size: tuple[int, int] = (64, 40)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 16, 46)).save(out, "JPEG")
    return out.getvalue()


@pytest.fixture
def site():
    street = StreetFactory(latitude=Decimal("36.86"), longitude=Decimal("117.74"))
    community = CommunityFactory(parent=street, name="山水社区")
    return ServiceSite.objects.create(
        name="山水红驿",
        kind="rest",
        node=community,
        address="岱溪路 8 号",
        hours="全天开放",
        services="饮水、充电、休息",
        contact_name="李站长",
        contact_phone="13800000001",
        latitude=Decimal("36.861"),
        longitude=Decimal("117.741"),
    )


def add_photo(site, caption="驿站门口", content=None, name="door.jpg") -> SitePhoto:
    photo = SitePhoto(
        site=site, caption=caption, image=SimpleUploadedFile(name, content or jpeg(), "image/jpeg")
    )
    photo.full_clean()
    photo.save()
    return photo


def test_the_site_page_shows_everything_a_resident_needs(client, site):
    add_photo(site)
    response = client.get(site.get_absolute_url())
    page = response.content.decode()
    for text in ["山水红驿", "岱溪路 8 号", "全天开放", "饮水、充电、休息", "李站长", "山水社区"]:
        assert text in page
    assert 'href="tel:13800000001"' in page
    assert 'alt="驿站门口"' in page
    assert "lat=36.861000&amp;lng=117.741000" in page


def test_a_closed_site_is_not_found(client, site):
    site.active = False
    site.save()
    assert client.get(site.get_absolute_url()).status_code == 404


def test_photos_are_served_to_the_public(client, settings, site):
    settings.SERVE_MEDIA = True
    photo = add_photo(site)
    response = client.get(photo.image.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == Path(photo.image.path).read_bytes()


def test_nothing_is_served_from_media_when_the_web_server_does_it(client, settings, site):
    settings.SERVE_MEDIA = False
    photo = add_photo(site)
    assert client.get(photo.image.url).status_code == 404


def test_evidence_uploads_are_not_served_from_the_public_media_path(client, settings, site):
    settings.SERVE_MEDIA = True
    evidence = Path(settings.MEDIA_ROOT) / "evidence" / "2026" / "01" / "minutes.pdf"
    evidence.parent.mkdir(parents=True)
    evidence.write_bytes(b"%PDF-1.4 private")
    assert client.get("/media/evidence/2026/01/minutes.pdf").status_code == 404


def test_a_file_that_is_not_a_picture_is_refused(site):
    with pytest.raises(ValidationError) as caught:
        add_photo(site, content=b"<script>alert(1)</script>", name="door.jpg")
    assert "image" in caught.value.message_dict
    assert not SitePhoto.objects.exists()


def test_a_photo_over_the_size_limit_is_refused(settings, site):
    settings.SITE_PHOTO_MAX_BYTES = 100
    with pytest.raises(ValidationError) as caught:
        add_photo(site)
    assert "image" in caught.value.message_dict


def test_a_photo_needs_a_caption_for_screen_readers(site):
    with pytest.raises(ValidationError) as caught:
        add_photo(site, caption="")
    assert "caption" in caught.value.message_dict


def test_the_site_page_keeps_its_queries_few(client, site, django_assert_max_num_queries):
    add_photo(site)
    add_photo(site, caption="休息区")
    with django_assert_max_num_queries(4):
        client.get(site.get_absolute_url())
