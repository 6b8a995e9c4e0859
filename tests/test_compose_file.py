"""docker-compose.yml, checked without Docker: the services production needs, each with a health
check, the web and workers sharing one image and no local state but the shared media volume."""

from __future__ import annotations

from pathlib import Path

import yaml

COMPOSE = Path(__file__).resolve().parents[1] / "docker-compose.yml"


def load() -> dict:
    return yaml.safe_load(COMPOSE.read_text())


def test_the_services_production_needs_are_there_with_health_checks():
    services = load()["services"]
    assert set(services) == {"web", "worker", "beat", "db", "redis"}
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
