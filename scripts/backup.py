#!/usr/bin/env python
"""make backup / make restore: the database (pg_dump / pg_restore on PostgreSQL, a consistent
copy on SQLite) and the uploaded files, in one folder per backup.

    python scripts/backup.py backup [--to backups/]          → backups/<timestamp>/
    python scripts/backup.py restore backups/<timestamp>/    → replaces the database and media

DATABASE_URL and MEDIA_ROOT come from the environment (or .env), as for the portal itself.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
from pathlib import Path
from urllib.parse import unquote, urlparse

ROOT = Path(__file__).resolve().parent.parent


def _settings() -> tuple[str, Path]:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django
    from django.conf import settings

    django.setup()
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        url = f"sqlite:///{db['NAME']}"
    else:
        url = os.environ.get("DATABASE_URL", "")
    return url, Path(settings.MEDIA_ROOT)


def _pg_env(url: str) -> tuple[list[str], dict[str, str]]:
    parts = urlparse(url)
    env = dict(os.environ)
    if parts.password:
        env["PGPASSWORD"] = unquote(parts.password)
    args = ["--host", parts.hostname or "localhost", "--port", str(parts.port or 5432)]
    if parts.username:
        args += ["--username", unquote(parts.username)]
    return [*args, "--dbname", parts.path.lstrip("/")], env


def _tool(name: str) -> str:
    """The full path of a PostgreSQL client program (from the postgresql-client package)."""
    found = shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} is not installed: install PostgreSQL's client programs.")
    return found


def backup(database_url: str, media_root: Path, target: Path) -> Path:
    """Write the database and the media folder into a new folder under `target`."""
    folder = target / datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    folder.mkdir(parents=True, exist_ok=False)
    if database_url.startswith("sqlite"):
        source = sqlite3.connect(urlparse(database_url).path)
        copy = sqlite3.connect(folder / "db.sqlite3")
        with copy:
            source.backup(copy)  # consistent even while the portal writes
        copy.close()
        source.close()
        kind = "sqlite"
    else:
        args, env = _pg_env(database_url)
        subprocess.run(  # noqa: S603 - no shell; the arguments come from the settings
            [_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", *args,
             "--file", str(folder / "db.dump")],
            check=True, env=env,
        )  # fmt: skip
        kind = "postgresql"
    with tarfile.open(folder / "media.tar.gz", "w:gz") as archive:
        if media_root.exists():
            archive.add(media_root, arcname="media")
    (folder / "backup.json").write_text(
        json.dumps({"database": kind, "made_at": datetime.datetime.now().isoformat()}, indent=2)
    )
    return folder


def restore(database_url: str, media_root: Path, folder: Path) -> None:
    """Replace the database and the media folder with those of the backup in `folder`."""
    meta = json.loads((folder / "backup.json").read_text())
    if meta["database"] == "sqlite":
        if not database_url.startswith("sqlite"):
            raise SystemExit("This backup holds a SQLite database; DATABASE_URL is not SQLite.")
        shutil.copyfile(folder / "db.sqlite3", urlparse(database_url).path)
    else:
        if database_url.startswith("sqlite"):
            raise SystemExit("This backup holds a PostgreSQL database; DATABASE_URL is SQLite.")
        args, env = _pg_env(database_url)
        subprocess.run(  # noqa: S603 - no shell; the arguments come from the settings
            [_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges",
             "--single-transaction", *args, str(folder / "db.dump")],
            check=True, env=env,
        )  # fmt: skip
    if media_root.exists():
        shutil.rmtree(media_root)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    with tarfile.open(folder / "media.tar.gz") as archive:
        archive.extractall(media_root.parent / ".restore-tmp", filter="data")
    unpacked = media_root.parent / ".restore-tmp" / "media"
    if unpacked.exists():
        unpacked.rename(media_root)
    shutil.rmtree(media_root.parent / ".restore-tmp", ignore_errors=True)
    media_root.mkdir(parents=True, exist_ok=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    make = sub.add_parser("backup")
    make.add_argument("--to", default=str(ROOT / "backups"))
    back = sub.add_parser("restore")
    back.add_argument("folder")
    options = parser.parse_args()
    url, media = _settings()
    if options.command == "backup":
        print(backup(url, media, Path(options.to)))
    else:
        restore(url, media, Path(options.folder))
        print(f"Restored {options.folder}")


if __name__ == "__main__":
    main()
