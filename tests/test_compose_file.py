"""docker-compose.yml, checked without Docker: the services production needs, each with a health
check, the web and workers sharing one image and no local state but the shared media volume, and
nginx in front serving the public upload folders only (deploy/nginx.conf), never private ones."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from django.conf import settings

ROOT = Path(__file__).resolve().parents[1]
COMPOSE = ROOT / "docker-compose.yml"
NGINX = ROOT / "deploy" / "nginx.conf"
# Folders of the media volume that hold private uploads (see common/uploads.py's policies).
PRIVATE_FOLDERS = ("evidence", "contributions", "pledges", "imports")


def load() -> dict:
    return yaml.safe_load(COMPOSE.read_text())


def test_the_services_production_needs_are_there_with_health_checks():
    services = load()["services"]
    assert set(services) == {"nginx", "web", "worker", "beat", "db", "redis"}
    for name, service in services.items():
        check = service.get("healthcheck", {})
        assert check.get("test"), f"{name} has no health check"
    assert services["db"]["image"].startswith("postgres:")
    assert services["redis"]["image"].startswith("redis:")


def test_web_and_workers_share_one_configuration_and_keep_state_outside():
    services = load()["services"]
    app = [services[name] for name in ("web", "worker", "beat")]
    assert all(s["build"] == "." for s in app)
    for service in app:
        env = service["environment"]
        assert env["DEBUG"] == "false"
        assert env["DATABASE_URL"].startswith("postgres://") and "@db:5432/" in env["DATABASE_URL"]
        assert env["REDIS_URL"].startswith("redis://redis:")
        assert service["volumes"] == ["media:/app/media"]
        assert {"db", "redis"} <= set(service["depends_on"])
    assert "${SECRET_KEY:?" in COMPOSE.read_text()
    assert set(load()["volumes"]) >= {"media", "pgdata", "redisdata"}


def test_the_beat_runs_once_from_the_database_schedule():
    beat = load()["services"]["beat"]
    assert "django_celery_beat.schedulers:DatabaseScheduler" in beat["command"]
    assert "deploy" not in beat or beat["deploy"].get("replicas", 1) == 1


def media_locations() -> dict[str, str]:
    """Return each nginx location under /media/ with the text of its block."""
    text = re.sub(r"#[^\n]*", "", NGINX.read_text())
    # A block's body may hold one level of braces: its types { ... }.
    block = r"location\s+(?:\^~\s+)?(/media/[^\s{]*)\s*\{((?:[^{}]|\{[^{}]*\})*)\}"
    return dict(re.findall(block, text))


def test_nginx_serves_the_public_upload_folders_and_no_private_one():
    nginx = load()["services"]["nginx"]
    assert "./deploy/nginx.conf:/etc/nginx/conf.d/default.conf:ro" in nginx["volumes"]
    assert "media:/srv/media:ro" in nginx["volumes"]
    assert nginx["image"].startswith("nginx:")
    locations = media_locations()
    public = {f"/media/{prefix}" for prefix in settings.PUBLIC_MEDIA_PREFIXES}
    assert set(locations) == public | {"/media/"}
    for location in public:
        block = locations[location]
        folder = location.removeprefix("/media/")
        assert f"alias /srv/media/{folder};" in block
        assert 'X-Content-Type-Options "nosniff" always' in block
        assert "sandbox" in block and "Content-Disposition" in block
        assert "default_type application/octet-stream;" in block
        types = block.split("types", 1)[1].split("}", 1)[0]
        assert not re.search(r"\b(html?|svg|svgz|js|mjs|xml|xhtml)\b", types), location
    assert "return 404;" in locations["/media/"] and "alias" not in locations["/media/"]
    text = NGINX.read_text()
    for folder in PRIVATE_FOLDERS:
        assert not re.search(rf"^\s*(location|alias|root)\b[^\n]*{folder}", text, re.M), folder
    assert "disable_symlinks on;" in text
    assert re.search(r"^\s*root\s", text, re.M) is None  # nothing served outside the aliases


def test_the_portal_serves_no_media_and_is_reached_through_nginx_only():
    services = load()["services"]
    for name in ("web", "worker", "beat"):
        assert services[name]["environment"]["SERVE_MEDIA"] == "false"
    assert "ports" not in services["web"]
    assert services["nginx"]["ports"] == ["80:80"]
