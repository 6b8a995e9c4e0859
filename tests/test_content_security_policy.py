"""Every page says where scripts, images and frames may come from; no inline script runs."""

import pytest
from django.urls import reverse

from config.middleware import content_security_policy, tile_source

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


def test_the_tile_server_is_allowed_whatever_its_url(settings):
    assert (
        tile_source("https://tile.openstreetmap.org/{z}/{x}/{y}.png")
        == "https://tile.openstreetmap.org"
    )
    assert (
        tile_source("https://t{s}.tianditu.gov.cn/vec_w/wmts?tk=KEY") == "https://*.tianditu.gov.cn"
    )
    settings.CSP_EXTRA_IMG_SRC = ["https://webrd01.is.autonavi.com"]
    assert "https://webrd01.is.autonavi.com" in content_security_policy()


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
