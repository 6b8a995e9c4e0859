"""Private uploads (follow-up evidence, contribution evidence, import workbooks) come only through
views that check the user's scope, as attachments that no browser sniffs or runs; public
pictures are shown inline but sandboxed too."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from exchange.models import ImportJob
from pledges import services as pledge_services
from tests.factories import StreetFactory, secretary, street_staff
from tests.factories.alliance import contact
from tests.factories.files import PDF, jpeg_upload, pdf_upload

pytestmark = pytest.mark.django_db

SANDBOX = "default-src 'none'; sandbox"


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def assert_sandboxed_download(response, content_type: str) -> None:
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == SANDBOX
    assert response["Content-Type"] == content_type


@pytest.fixture
def evidence(client, two):
    item = two["a"]["item"]
    client.force_login(contact(item.owner))
    client.post(
        reverse("alliance:followup-action", args=[item.pk, "update"]),
        {"status": "in_progress", "evidence_file": pdf_upload("整改报告.pdf")},
    )
    item.refresh_from_db()
    assert item.evidence_file
    client.logout()
    return item


def test_follow_up_evidence_in_scope_is_a_sandboxed_attachment(client, two, evidence):
    url = reverse("alliance:followup-evidence", args=[evidence.pk])
    for user in (contact(evidence.owner), secretary(two["a"]["community"])):
        client.force_login(user)
        response = client.get(url)
        assert_sandboxed_download(response, "application/pdf")
        assert body(response) == PDF
        assert response["Content-Disposition"].endswith('.pdf"')


def test_follow_up_evidence_out_of_scope_is_not_found(client, two, evidence):
    url = reverse("alliance:followup-evidence", args=[evidence.pk])
    for user in (secretary(two["b"]["community"]), contact(two["b"]["units"][0])):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 404 and PDF not in response.content
    client.logout()
    assert client.get(url).status_code == 302  # to the sign-in page


def test_private_files_are_not_served_from_the_media_url(client, settings, evidence):
    settings.SERVE_MEDIA = True
    client.force_login(contact(evidence.owner))
    response = client.get(f"/media/{evidence.evidence_file.name}")
    assert response.status_code == 404
    assert Path(evidence.evidence_file.path).read_bytes() == PDF


def test_contribution_evidence_is_uploaded_on_the_project_page_and_kept_in_scope(client, two):
    community = two["a"]["community"]
    unit = two["a"]["units"][0]
    project = pledge_services.project_create(
        title="共建口袋公园",
        goal="建公园",
        node=community,
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2026, 12, 31),
    )
    client.force_login(contact(unit))
    page = reverse("pledges:project", args=[project.pk])
    fields = {
        "kind": "money",
        "description": "资金",
        "value": "1000",
        "person_days": "0",
        "contributed_on": "2026-03-10",
    }
    html = SimpleUploadedFile("收据.pdf", b"<html><script>alert(1)</script></html>")
    client.post(page, {**fields, "evidence_file": html})
    assert not project.contributions.exists()
    client.post(page, {**fields, "evidence_file": pdf_upload("收据.pdf")})
    contribution = project.contributions.get()
    url = reverse("pledges:contribution-evidence", args=[contribution.pk])
    assert url in client.get(page).content.decode()
    client.force_login(secretary(community))
    response = client.get(url)
    assert_sandboxed_download(response, "application/pdf")
    assert body(response) == PDF
    client.force_login(secretary(two["b"]["community"]))
    assert client.get(url).status_code == 404


def test_an_import_workbook_goes_back_to_its_uploader_only(client, two):
    from tests.exchange.conftest import sheet

    uploader = street_staff(two["street"])
    job = ImportJob(kind="units", file_name="单位.xlsx", uploaded_by=uploader)
    job.file.save("单位.xlsx", sheet(["名称"], [["驻街单位"]]), save=True)
    url = reverse("admin:exchange_importjob_file", args=[job.pk])
    client.force_login(uploader)
    assert_sandboxed_download(
        client.get(url), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    client.force_login(street_staff(StreetFactory()))
    assert client.get(url).status_code == 404


def test_a_published_pledge_photo_is_shown_inline_but_sandboxed(client, two):
    unit = two["a"]["units"][0]
    pledge_list = pledge_services.pledge_list_create(
        pledger_kind="unit", node=unit.community, unit=unit, year=2026, title="承诺"
    )
    pledge = pledge_services.pledge_add(
        pledge_list=pledge_list, text="义诊", category="service", due_on=datetime.date(2026, 5, 1)
    )
    pledge_services.pledge_list_submit(pledge_list=pledge_list)
    pledge_services.pledge_list_review(pledge_list=pledge_list, approve=True)
    pledge_services.pledge_progress(pledge=pledge, status="kept", evidence_photo=jpeg_upload())
    response = client.get(reverse("pledges:photo", args=[pledge.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert "attachment" not in response.get("Content-Disposition", "")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == SANDBOX


def test_every_link_to_private_evidence_goes_to_its_scoped_view(client, two, evidence):
    # The file's url is the scoped view's, so the admin's "currently" link and any template
    # that links the file never point into the media folder.
    scoped = reverse("alliance:followup-evidence", args=[evidence.pk])
    assert evidence.evidence_file.url == scoped
    client.force_login(street_staff(two["street"]))
    page = client.get(reverse("admin:alliance_followup_change", args=[evidence.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert f'href="{scoped}"' in html
    assert f"/media/{evidence.evidence_file.name}" not in html
    assert client.get(scoped).status_code == 200
