"""Find English left on a page that should be wholly in Chinese.

Two signs: a phrase of two or more English words ("Change password"), or one word that is a
msgid of the project's own catalogue ("Record", "Monthly") standing alone, which means a string
was shown without its translation. Brand names, file formats and units are allowed."""

from __future__ import annotations

import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent

# Names and abbreviations a Chinese office reads as they are.
ALLOWED = {
    "OpenStreetMap contributors",
    "OpenStreetMap",
    "Leaflet",
    "Excel",
    "API",
    "QR",
    "PDF",
    "CSV",
    "JPEG",
    "PNG",
    "WebP",
    "WCAG",
    "Django",
    "English",
    "email",
    "km",
}

# A word is letters alone: "daixi-secretary-1" (an account name) or "c01" (a code) is no word.
_EDGE_BEFORE, _EDGE_AFTER = r"(?<![A-Za-z0-9_@./:-])", r"(?![A-Za-z0-9_@/:-])"
PHRASE = re.compile(_EDGE_BEFORE + r"[A-Za-z][a-z]+(?: +[A-Za-z][a-z]+)+" + _EDGE_AFTER)
WORD = re.compile(_EDGE_BEFORE + r"[A-Za-z]{3,}" + _EDGE_AFTER)
SHOWN_ATTRIBUTES = ("placeholder", "title", "aria-label", "alt")


@cache
def catalogue_words() -> frozenset[str]:
    """The project's msgids that are one word of three letters or more."""
    po = polib.pofile(str(ROOT / "locale/zh_Hans/LC_MESSAGES/django.po"))
    return frozenset(
        e.msgid for e in po if re.fullmatch(r"[A-Za-z]{3,}", e.msgid) and e.msgid not in ALLOWED
    )


def english_on(text: str) -> list[str]:
    """The English phrases and untranslated catalogue words in `text`, each once."""
    for allowed in sorted(ALLOWED, key=len, reverse=True):
        text = text.replace(allowed, " ")
    found = [m.group(0) for m in PHRASE.finditer(text)]
    words = catalogue_words()
    found += [m.group(0) for m in WORD.finditer(text) if m.group(0) in words]
    return sorted(set(found))


class _Text(HTMLParser):
    """The text a reader sees: the body's text and the attributes shown or read aloud, not
    scripts, styles or hidden template rows."""

    SKIP = {"script", "style", "template", "noscript"}

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.skipping += 1
            return
        shown = dict(attrs)
        for name in SHOWN_ATTRIBUTES:
            if shown.get(name):
                self.parts.append(shown[name])
        if tag == "input" and shown.get("type") in ("submit", "button") and shown.get("value"):
            self.parts.append(shown["value"])

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP and self.skipping:
            self.skipping -= 1

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return "\n".join(p.strip() for p in parser.parts if p.strip())
