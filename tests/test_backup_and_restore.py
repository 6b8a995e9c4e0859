"""make backup and make restore: a backup restored into a fresh database holds every record,
and the uploaded files come back."""

from __future__ import annotations

import importlib.util
import sqlite3
import uuid
from pathlib import Path

import psycopg2
import pytest
from django.db import connection
from psycopg2 import sql

from tests.factories.alliance import UnitFactory
from tests.factories.streets import build_street

pytestmark = pytest.mark.django_db(transaction=True)

spec = importlib.util.spec_from_file_location(
    "backup_script", Path(__file__).resolve().parents[1] / "scripts" / "backup.py"
)
backup_script = importlib.util.module_from_spec(spec)
spec.loader.exec_module(backup_script)


def _pg_url(name: str) -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{name}"


def _pg_counts(url: str) -> dict[str, int]:
    with psycopg2.connect(url) as conn, conn.cursor() as cursor:
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
        )
        tables = [row[0] for row in cursor.fetchall()]
        counts = {}
        for table in tables:
            cursor.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table)))
            counts[table] = cursor.fetchone()[0]
    return counts


def _sqlite_counts(path: str) -> dict[str, int]:
    with sqlite3.connect(path) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        # The names come from the database's own catalogue.
        count = 'SELECT count(*) FROM "{}"'
        return {t: conn.execute(count.format(t)).fetchone()[0] for t in tables}


def test_a_backup_restored_into_a_fresh_database_has_every_record(tmp_path):
    street = build_street()
    for community in street.communities:
        UnitFactory(community=community)
    media = tmp_path / "media"
    (media / "sites" / "2026" / "11").mkdir(parents=True)
    (media / "sites" / "2026" / "11" / "centre.jpg").write_bytes(b"a photo")

    if connection.vendor == "postgresql":
        source = _pg_url(connection.settings_dict["NAME"])
        folder = backup_script.backup(source, media, tmp_path / "backups")
        fresh = f"restore_{uuid.uuid4().hex[:10]}"
        admin = psycopg2.connect(_pg_url("postgres"))
        admin.autocommit = True
        admin.cursor().execute(f'CREATE DATABASE "{fresh}"')
        try:
            restored_media = tmp_path / "restored" / "media"
            backup_script.restore(_pg_url(fresh), restored_media, folder)
            before, after = _pg_counts(source), _pg_counts(_pg_url(fresh))
        finally:
            admin.cursor().execute(f'DROP DATABASE IF EXISTS "{fresh}" WITH (FORCE)')
            admin.close()
    else:
        # The test database lives in memory; put it in a file, as a real portal's is.
        source = str(tmp_path / "portal.sqlite3")
        connection.ensure_connection()
        with sqlite3.connect(source) as on_disk:
            connection.connection.backup(on_disk)
        folder = backup_script.backup(f"sqlite:///{source}", media, tmp_path / "backups")
        copy = tmp_path / "restored.sqlite3"
        restored_media = tmp_path / "restored" / "media"
        backup_script.restore(f"sqlite:///{copy}", restored_media, folder)
        before, after = _sqlite_counts(source), _sqlite_counts(str(copy))

    assert before == after
    assert before["grids_node"] > 10 and before["organizations_unit"] == 2
    assert (restored_media / "sites" / "2026" / "11" / "centre.jpg").read_bytes() == b"a photo"
