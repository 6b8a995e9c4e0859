"""With MEDIA_BUCKET set, uploads go to an S3-compatible bucket through django-storages, so that
web replicas share them; files stay private, handed out by signed links. Without it, the local
folder. Settings are read at start, so each case runs in a fresh interpreter."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROBE = (
    "import django, json; django.setup();"
    "from django.core.files.storage import storages; s = storages['default'];"
    "print(json.dumps({'backend': type(s).__module__ + '.' + type(s).__name__,"
    " 'url': s.url('sites/2026/11/photo.jpg'), 'bucket': getattr(s, 'bucket_name', None)}))"
)


def _storage(**env: str) -> dict:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("MEDIA_")}
    done = subprocess.run(  # noqa: S603 - this interpreter, a fixed probe
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "true", **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_configured_bucket_holds_the_uploads_behind_signed_links():
    found = _storage(
        MEDIA_BUCKET="alliance-media",
        MEDIA_ENDPOINT_URL="http://127.0.0.1:9000",
        MEDIA_ACCESS_KEY="street-office",
        MEDIA_SECRET_KEY="not-a-real-secret",
        MEDIA_REGION="cn-north-1",
    )
    assert found["backend"] == "storages.backends.s3.S3Storage"
    assert found["bucket"] == "alliance-media"
    assert found["url"].startswith("http://127.0.0.1:9000/alliance-media/sites/2026/11/photo.jpg?")
    assert "Signature" in found["url"] or "X-Amz-Signature" in found["url"]


def test_without_a_bucket_uploads_stay_in_the_media_folder():
    found = _storage()
    assert found["backend"] == "django.core.files.storage.filesystem.FileSystemStorage"
    assert found["url"] == "/media/sites/2026/11/photo.jpg"
