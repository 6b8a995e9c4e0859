import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db


@pytest.mark.redis
def test_healthz_reports_database_and_redis(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "redis": "ok"}


def test_healthz_stays_200_but_says_so_when_redis_is_down(client):
    with override_settings(REDIS_URL="redis://127.0.0.1:1/0"):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["redis"] == "unreachable"
    assert response.json()["status"] == "degraded"


def test_healthz_is_503_when_the_database_is_down(client, monkeypatch):
    monkeypatch.setattr("portal.views.database_ok", lambda: False)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"
