"""Every page says where scripts, images and frames may come from; no inline script runs."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from common.csp import tile_source

pytestmark = pytest.mark.django_db


def test_pages_carry_the_policy(client):
    response = client.get(reverse("portal:home"))
    policy = response.headers["Content-Security-Policy"]
    assert (
        "script-src 'self'" in policy
        and "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
    )
    assert "frame-ancestors 'none'" in policy
    assert "https://tile.openstreetmap.org" in policy


def test_the_tile_server_is_allowed_whatever_its_url():
    assert (
        tile_source("https://tile.openstreetmap.org/{z}/{x}/{y}.png")
        == "https://tile.openstreetmap.org"
    )
    assert (
        tile_source("https://t{s}.tianditu.gov.cn/vec_w/wmts?tk=KEY") == "https://*.tianditu.gov.cn"
    )
    # The policy is computed when the settings load, from MAP_TILE_URL and CSP_EXTRA_IMG_SRC.
    env = {
        **os.environ,
        "MAP_TILE_URL": "https://t{s}.tianditu.gov.cn/vec_w/wmts?tk=KEY",
        "CSP_EXTRA_IMG_SRC": "https://webrd01.is.autonavi.com",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    shown = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(' '.join(settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src']))",
        ],
        cwd=Path(__file__).resolve().parents[1],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert "https://*.tianditu.gov.cn" in shown and "https://webrd01.is.autonavi.com" in shown


def test_the_api_docs_page_is_left_out_and_works(client):
    response = client.get(reverse("api-docs"))
    assert response.status_code == 200
    assert "Content-Security-Policy" not in response.headers


def test_no_template_has_inline_script_or_handlers():
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[1] / "templates"
    found = []
    for template in root.rglob("*.html"):
        text = template.read_text()
        if re.search(r"\son(click|change|submit|load|input)=", text):
            found.append(f"{template}: inline handler")
        for script in re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", text):
            found.append(f"{template}: {script}")
    assert found == []
