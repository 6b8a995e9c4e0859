"""The interface is wholly in Chinese: every string of the source has a translation in the
zh-hans catalogue, and the admin screens street office staff and community secretaries work in
show no English phrase (the pages of each role and the public pages are read the same way by
the browser tests, tests/browser/)."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys

import polib
import pytest
from django.contrib import admin
from django.urls import NoReverseMatch, reverse

from tests.english import ROOT, english_on, visible_text
from tests.factories import secretary

pytestmark = pytest.mark.django_db

SOURCE_DIRS_SKIPPED = {".venv", ".git", "tests", "media", "staticfiles", "test-artifacts"}


def test_every_string_of_the_source_has_a_chinese_translation(tmp_path):
    """makemessages run on a copy of the tree finds no msgid the committed catalogue lacks or
    leaves untranslated or fuzzy."""
    copy = tmp_path / "tree"
    shutil.copytree(
        ROOT,
        copy,
        ignore=lambda folder, names: (
            [n for n in names if n in SOURCE_DIRS_SKIPPED or n.endswith(".sqlite3")]
            if folder == str(ROOT)
            else [n for n in names if n == "__pycache__"]
        ),
    )
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "zh_Hans",
            "--no-obsolete",
            "--verbosity",
            "0",
        ],
        cwd=copy,
        check=True,
    )
    fresh = polib.pofile(str(copy / "locale/zh_Hans/LC_MESSAGES/django.po"))
    committed = {
        (e.msgctxt, e.msgid): e
        for e in polib.pofile(str(ROOT / "locale/zh_Hans/LC_MESSAGES/django.po"))
    }
    missing = [
        f"{e.occurrences[0][0] if e.occurrences else '?'}: {e.msgid!r}"
        for e in fresh
        if (e.msgctxt, e.msgid) not in committed or not committed[(e.msgctxt, e.msgid)].translated()
    ]
    assert not missing, "strings without a Chinese translation:\n" + "\n".join(missing)


def _admin_urls(user) -> dict[str, str]:
    """The admin index and, for each model the user may see, its list, its add form and the
    change form of its first row."""
    urls = {"index": reverse("admin:index")}
    for model, model_admin in admin.site._registry.items():
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        request = type("R", (), {"user": user})()
        if not model_admin.has_view_permission(request):
            continue
        urls[f"{name}_changelist"] = reverse(f"{name}_changelist")
        if model_admin.has_add_permission(request):
            urls[f"{name}_add"] = reverse(f"{name}_add")
        first = model_admin.get_queryset(request).order_by("pk").first()
        if first is not None:
            try:
                urls[f"{name}_change"] = reverse(f"{name}_change", args=[first.pk])
            except NoReverseMatch:
                continue
    return urls


@pytest.mark.parametrize("who", ["staff", "secretary"])
def test_the_admin_screens_show_no_english_phrase(client, small_street, staff, who):
    user = staff if who == "staff" else secretary(small_street.communities[0])
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    client.force_login(user)
    found = []
    urls = _admin_urls(user)
    assert len(urls) > 10
    for name, url in urls.items():
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans", follow=True)
        assert response.status_code == 200, (name, response.status_code)
        english = english_on(visible_text(response.content.decode()))
        found += [f"{name}: {phrase}" for phrase in english]
    assert not found, "English on the Chinese admin:\n" + "\n".join(sorted(found, key=_phrase))


def _phrase(line: str) -> tuple[str, str]:
    page, phrase = line.split(": ", 1)
    return phrase, page


TRANSLATING = {"_", "gettext", "gettext_lazy", "pgettext", "pgettext_lazy", "ngettext"}


def test_no_string_to_translate_hides_inside_an_f_string():
    """makemessages does not look inside f-strings: a _() there never reaches the catalogue,
    and the page shows it in English."""
    hidden = []
    folders = [f for f in ROOT.iterdir() if f.is_dir() and f.name not in SOURCE_DIRS_SKIPPED]
    for path in (p for folder in folders for p in folder.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.JoinedStr):
                for inner in ast.walk(node):
                    if (
                        isinstance(inner, ast.Call)
                        and isinstance(inner.func, ast.Name)
                        and inner.func.id in TRANSLATING
                    ):
                        hidden.append(f"{path.relative_to(ROOT)}:{inner.lineno}")
    assert not hidden, hidden
