"""A public media URL serves files under a public folder only, however its path climbs out:
plain, percent-encoded once or twice, with backslashes, doubled slashes or Unicode dots."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db

SECRET = b"%PDF-1.4 minutes of the closed meeting: private"
PRIVATE = "evidence/2026/01/minutes.pdf"

CLIMBS = [
    "sites/../evidence/2026/01/minutes.pdf",
    "sites/./../evidence/2026/01/minutes.pdf",
    "sites/2026/../../evidence/2026/01/minutes.pdf",
    "announcements/../evidence/2026/01/minutes.pdf",
    "sites/%2e%2e/evidence/2026/01/minutes.pdf",
    "sites/%2E%2E/evidence/2026/01/minutes.pdf",
    "sites/.%2e/evidence/2026/01/minutes.pdf",
    "sites/%2e./evidence/2026/01/minutes.pdf",
    "sites%2f..%2fevidence%2f2026%2f01%2fminutes.pdf",
    "sites/%252e%252e/evidence/2026/01/minutes.pdf",
    "sites/%252e%252e%252fevidence/2026/01/minutes.pdf",
    "sites/%25252e%25252e/evidence/2026/01/minutes.pdf",
    "sites/..%5cevidence/2026/01/minutes.pdf",
    "sites\\..\\evidence\\2026\\01\\minutes.pdf",
    "sites/%5c..%5cevidence/2026/01/minutes.pdf",
    "sites//../evidence/2026/01/minutes.pdf",
    "sites/..//evidence/2026/01/minutes.pdf",
    "sites/.../evidence/2026/01/minutes.pdf",
    "sites/%c0%ae%c0%ae/evidence/2026/01/minutes.pdf",
    "sites/%e0%80%ae%e0%80%ae/evidence/2026/01/minutes.pdf",
    "sites/%ef%bc%8e%ef%bc%8e/evidence/2026/01/minutes.pdf",  # fullwidth full stops
    "sites/\uff0e\uff0e/evidence/2026/01/minutes.pdf",
    "sites/\u2024\u2024/evidence/2026/01/minutes.pdf",  # one dot leaders
    "sites/%e2%80%a4%e2%80%a4/evidence/2026/01/minutes.pdf",
    "sites/..%00/evidence/2026/01/minutes.pdf",
    "sites/%00../evidence/2026/01/minutes.pdf",
    "sites/../evidence/2026/01/minutes.pdf%00.jpg",
    "sites/..;/evidence/2026/01/minutes.pdf",
    "sites/../../media/evidence/2026/01/minutes.pdf",
    "%2fevidence/2026/01/minutes.pdf",
    "/evidence/2026/01/minutes.pdf",
    "sites/link/2026/01/minutes.pdf",
    "evidence/2026/01/minutes.pdf",
    "sites/../sites/../evidence/2026/01/minutes.pdf",
    "sites/...//evidence/2026/01/minutes.pdf",
    "sites/..\u2215evidence/2026/01/minutes.pdf",  # division slash
    "sites/..%e2%88%95evidence/2026/01/minutes.pdf",
]


@pytest.fixture
def media(settings) -> Path:
    settings.SERVE_MEDIA = True
    root = Path(settings.MEDIA_ROOT)
    (root / PRIVATE).parent.mkdir(parents=True)
    (root / PRIVATE).write_bytes(SECRET)
    (root / "sites" / "2026" / "01").mkdir(parents=True)
    # A link planted inside a public folder must not lead out of it either.
    (root / "sites" / "link").symlink_to(root / "evidence", target_is_directory=True)
    return root


def body(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


@pytest.mark.parametrize("path", CLIMBS)
def test_a_path_that_climbs_out_of_a_public_folder_is_not_found(client, media, path):
    response = client.get(f"/media/{path}")
    assert response.status_code == 404
    assert SECRET not in body(response)


def test_a_public_photo_is_served_as_a_picture_that_cannot_run_anything(client, media):
    from tests.factories.files import picture_bytes

    photo = media / "sites" / "2026" / "01" / "door.png"
    photo.write_bytes(picture_bytes("PNG"))
    response = client.get("/media/sites/2026/01/door.png")
    assert response.status_code == 200 and body(response) == photo.read_bytes()
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert "attachment" not in response.get("Content-Disposition", "")


def test_a_public_file_that_is_not_a_picture_is_only_ever_a_download(client, media):
    # Stored before the upload policy, say: an HTML page in a public folder.
    page = media / "announcements" / "2026" / "01" / "notice.html"
    page.parent.mkdir(parents=True)
    page.write_bytes(b"<script>alert(document.cookie)</script>")
    response = client.get("/media/announcements/2026/01/notice.html")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    svg = media / "sites" / "2026" / "01" / "logo.svg"
    svg.write_bytes(b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
    response = client.get("/media/sites/2026/01/logo.svg")
    assert "svg" not in response["Content-Type"]
    assert response["Content-Disposition"].startswith("attachment")
