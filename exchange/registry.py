"""The spreadsheets the back office can import: one entry per kind of record.

exchange knows no domain: each app keeps its own resource (`<app>/resources.py`) and registers
it here from its `apps.py` (`ready()`), so adding an import is one `register()` call in the app
that owns the records.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class ImportKind:
    slug: str
    label: str | Promise
    resource_path: str
    street_only: bool = False  # street staff only: secretaries cannot import this kind
    position: int = 100  # where the kind stands in the back office's list

    @property
    def resource_class(self):
        return import_string(self.resource_path)


# Filled by the apps' ready(), read once the app registry is ready.
KINDS: dict[str, ImportKind] = {}


def register(kind: ImportKind) -> None:
    """Add `kind` to the imports the back office offers (idempotent per slug)."""
    KINDS[kind.slug] = kind
    ordered = sorted(KINDS.values(), key=lambda k: (k.position, k.slug))
    KINDS.clear()
    KINDS.update((k.slug, k) for k in ordered)


def kind_choices() -> list[tuple[str, str | Promise]]:
    """Return the registered kinds as choices, in the back office's order."""
    return [(kind.slug, kind.label) for kind in KINDS.values()]


def kind_label(slug: str) -> str | Promise:
    """Return the label of the kind `slug`, or the slug itself for a kind no longer offered."""
    kind = KINDS.get(slug)
    return kind.label if kind else slug
