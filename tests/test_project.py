"""Project-wide gates: migrations, deploy checks, translations, the Celery app."""

import os
import re
import subprocess
import sys
from io import StringIO
from pathlib import Path

import polib
import pytest
from django.core.management import call_command
from django.utils import translation

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.django_db
def test_every_model_change_has_a_migration():
    call_command("makemigrations", check=True, dry_run=True, stdout=StringIO())


def test_deploy_check_passes_with_production_settings():
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DEBUG": "false",
        "SECRET_KEY": "a-long-production-secret-" + "x" * 40,
        "ALLOWED_HOSTS": "alliance.example.org",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = {**os.environ, "DEBUG": "false", "SECRET_KEY": ""}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_the_zh_hans_catalogue_is_compiled_and_used():
    assert (ROOT / "locale/zh_Hans/LC_MESSAGES/django.mo").exists()
    with translation.override("zh-hans"):
        from grids.models import NodeKind

        assert str(NodeKind.COMPOUND.label) == "小区"


def test_the_committed_mo_is_compiled_from_the_committed_po():
    """A merge that keeps one side's binary .mo loses the strings the other side added: they
    would show in English. `make messages` compiles the .mo; this catches a stale one."""
    folder = ROOT / "locale/zh_Hans/LC_MESSAGES"
    compiled = {
        (entry.msgctxt, entry.msgid): entry.msgstr or entry.msgstr_plural.get(0, "")
        for entry in polib.mofile(str(folder / "django.mo"))
    }
    stale = [
        entry.msgid
        for entry in polib.pofile(str(folder / "django.po"))
        if entry.translated()
        and compiled.get((entry.msgctxt, entry.msgid))
        != (entry.msgstr or entry.msgstr_plural.get(0, ""))
    ]
    assert not stale, f"{len(stale)} entries differ; run make messages. First: {stale[:3]}"


def test_the_celery_app_reads_django_settings():
    from django.conf import settings

    from config.celery import app

    assert app.conf.broker_url == settings.CELERY_BROKER_URL
    assert app.conf.timezone == "Asia/Shanghai"


def test_the_openapi_schema_generates_without_warnings():
    result = subprocess.run(
        [sys.executable, "manage.py", "spectacular", "--validate", "--fail-on-warn"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "/api/v1/followups/" in result.stdout


def test_every_catalogue_entry_is_translated_and_none_is_fuzzy():
    po = (ROOT / "locale/zh_Hans/LC_MESSAGES/django.po").read_text(encoding="utf-8")
    entries = po.split("\n\n")[1:]  # the first entry is the header
    untranslated = [
        e
        for e in entries
        if re.search(r'^msgstr(\[0\])? ""\n?$', e, re.M)
        and not re.search(r'^"', e.split("msgstr", 1)[1], re.M)
    ]
    assert not [e for e in entries if "#, fuzzy" in e]
    assert not untranslated, untranslated[:3]


def test_static_files_collect_with_the_production_storage(tmp_path, settings):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    assert (tmp_path / "staticfiles.json").exists()
    assert list((tmp_path / "vendor" / "leaflet").glob("leaflet.*.js"))


def test_no_source_map_is_committed_under_static():
    """Vendored code ships without its source maps, and without the line that asks for one."""
    static = ROOT / "static"
    assert not sorted(static.rglob("*.map"))
    asking = [
        p
        for p in static.rglob("*")
        if p.suffix in {".js", ".css"}
        and "sourceMappingURL" in p.read_text(encoding="utf-8", errors="replace")
    ]
    assert not asking, asking
