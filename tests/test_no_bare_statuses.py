"""No status, kind or role is written as a bare string: code and templates name the models'
TextChoices members (or ask the model, `wish.may_be_withdrawn`, `user.is_street_staff`), so a
renamed or removed value fails where it is used instead of silently matching nothing.

Python files are read token by token, so comments and docstrings never count; templates by a
regular expression over the inside of their `{% ... %}` tags."""

from __future__ import annotations

import io
import re
import tokenize
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKIPPED_DIRS = {".venv", "migrations", "tests", "node_modules", ".git", "__pycache__"}

# A field (or lookup, or variable) holding a status, kind or role: `status`, `to_status`,
# `pledge_list__status`, `kind__in`, `pledger_kind`, `roles`. Not `kind_slug` or `status_code`.
FIELD = r"(?:\w+_)?(?:status(?:es)?|kinds?|roles?)(?:__(?:in|exact|iexact))?"
FIELD_NAME = re.compile(rf"^{FIELD}$", re.IGNORECASE)  # and constants: OPEN_STATUSES
# A value as the choices spell them.
VALUE = re.compile(r"^[A-Za-z0-9][\w-]*$")

# Words that are no model's choices, named by file and value.
ALLOWED = {
    ("common/uploads.py", "csv"),  # the uploaded file's type, sniffed
    ("common/uploads.py", "bin"),
    ("exchange/limits.py", "s"),  # a spreadsheet cell's type (t="s": shared string)
    ("scripts/backup.py", "sqlite"),  # the database engine being backed up
    ("scripts/backup.py", "postgresql"),
    ("organizations/resources.py", "org_kind"),  # the import column a field is read from
    ("portal/views.py", "ok"),  # the health check's answer, read by the load balancer
}

COMPARE = {"==", "!=", "="}
OPEN = {"(", "[", "{"}

# In a template tag: `x.status == "open"`, `role != 'volunteer'`, `kind in "a b"`,
# `"done" == job.status`, and `with kind="unit"`.
_Q = r"""(?:"[^"]*"|'[^']*')"""
TEMPLATE_TAG = re.compile(r"{%(.*?)%}", re.S)
TEMPLATE_BAD = re.compile(
    rf"(?<![\w.])(?:\w+\.)*{FIELD}\s*(?:==|!=|=|\bnot\s+in\b|\bin\b)\s*{_Q}"
    rf"|{_Q}\s*(?:==|!=|\bnot\s+in\b|\bin\b)\s*(?:\w+\.)*{FIELD}(?![\w.])"
)


def _literal(token: tokenize.TokenInfo) -> str | None:
    """The text of a plain (not f-, not byte) string token that looks like a choice value."""
    if token.type != tokenize.STRING or token.string[:1] not in "\"'":
        return None
    text = token.string.strip("\"'")
    return text if VALUE.match(text) else None


def _significant(source: str) -> list[tokenize.TokenInfo]:
    """The tokens of `source` without comments, line breaks and docstrings."""
    tokens = [
        t
        for t in tokenize.generate_tokens(io.StringIO(source).readline)
        if t.type not in (tokenize.COMMENT, tokenize.NL, tokenize.INDENT, tokenize.DEDENT)
    ]
    kept = []
    for i, token in enumerate(tokens):
        statement_start = i == 0 or tokens[i - 1].type == tokenize.NEWLINE
        ends_statement = i + 1 < len(tokens) and tokens[i + 1].type == tokenize.NEWLINE
        if token.type == tokenize.STRING and statement_start and ends_statement:
            continue  # a docstring, or a bare string statement
        kept.append(token)
    return kept


def python_offences(source: str, path: str = "<sample>") -> Iterator[tuple[int, str]]:
    """Yield (line, text) of each bare value compared with, assigned to or listed for a
    status, kind or role in Python `source`."""
    tokens = _significant(source)

    def values_from(j: int) -> list[tokenize.TokenInfo]:
        # A single string, or the strings of a literal list/tuple/set starting at j.
        if j >= len(tokens):
            return []
        if _literal(tokens[j]):
            return [tokens[j]]
        if tokens[j].string in OPEN:
            found, depth = [], 0
            for t in tokens[j:]:
                depth += t.string in OPEN
                depth -= t.string in {")", "]", "}"}
                if _literal(t):
                    found.append(t)
                if depth == 0:
                    break
            return found
        return []

    def offend(value_tokens):
        for t in value_tokens:
            if (path, _literal(t)) not in ALLOWED:
                yield t.start[0], t.line.strip()

    for i, token in enumerate(tokens):
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if nxt is None:
            break
        # status="open", x.status == "done", status__in=["a", "b"], kind in ("a", "b")
        if token.type == tokenize.NAME and FIELD_NAME.match(token.string):
            if nxt.string in COMPARE or nxt.string == "in":
                j = i + 2
            elif nxt.string == "not" and i + 2 < len(tokens) and tokens[i + 2].string == "in":
                j = i + 3
            elif nxt.string == ":":  # an annotated default: `kind: str = "room"`
                j = i + 2
                while j < len(tokens) and tokens[j].string not in {"=", ",", ")", "\n", ""}:
                    j += 1
                if j >= len(tokens) or tokens[j].string != "=":
                    continue
                j += 1
            else:
                continue
            yield from offend(values_from(j))
        # {"status": "open"}
        elif _literal(token) and FIELD_NAME.match(_literal(token)) and nxt.string == ":":
            yield from offend(values_from(i + 2))
        # "done" == job.status
        elif _literal(token) and nxt.string in {"==", "!="}:
            j = i + 2
            while j + 2 < len(tokens) and tokens[j + 1].string == ".":
                j += 2
            if j < len(tokens) and FIELD_NAME.match(tokens[j].string):
                yield from offend([token])


def template_offences(source: str) -> Iterator[tuple[int, str]]:
    """Yield (line, tag) of each bare value compared with a status, kind or role in a template."""
    for tag in TEMPLATE_TAG.finditer(source):
        if TEMPLATE_BAD.search(tag.group(1)):
            yield source.count("\n", 0, tag.start()) + 1, tag.group(0)


def _files(suffixes: tuple[str, ...]) -> Iterator[Path]:
    for path in sorted(ROOT.rglob("*")):
        relative = path.relative_to(ROOT)
        if path.suffix in suffixes and not SKIPPED_DIRS & set(relative.parts[:-1]):
            yield path


def test_no_python_module_compares_or_assigns_a_bare_status():
    found = [
        f"{path.relative_to(ROOT)}:{line}: {text}"
        for path in _files((".py",))
        for line, text in python_offences(
            path.read_text(encoding="utf-8"), str(path.relative_to(ROOT))
        )
    ]
    assert not found, "Use the model's TextChoices member:\n" + "\n".join(found)


def test_no_template_compares_a_bare_status():
    found = [
        f"{path.relative_to(ROOT)}:{line}: {text}"
        for path in _files((".html", ".txt"))
        for line, text in template_offences(path.read_text(encoding="utf-8"))
    ]
    assert not found, "Ask the model (a property) or compare with a choice:\n" + "\n".join(found)


BAD_PYTHON = '''
def f(wish, user, qs):
    """A docstring may say status="open" freely."""
    # and so may a comment: status == "done"
    wish.status = "open"
    if wish.status == "done" or "closed" != wish.status:
        pass
    qs.filter(pledge_list__status="published", kind__in=["street", "community"])
    qs.exclude(status__in=("rated", "rejected"))
    if user.role in ("street_staff", "volunteer") or user.role not in ["unit_contact"]:
        pass
    return {"status": "submitted"}


def g(*, place_kind: str = "room", roles: tuple = ("volunteer",)):
    OPEN_STATUSES = ("open",)
'''

GOOD_PYTHON = """
def f(wish, user, qs, response, kind: str = NodeKind.STREET, role: str | None = None):
    wish.status = WishStatus.OPEN
    if wish.status == WishStatus.DONE or user.role in (Role.VOLUNTEER,):
        pass
    qs.filter(kind=NodeKind.STREET, activity_kind="", kind_slug="units", status_code="x")
    response.status_code == 200
    return f"{wish.status}:{user.pk}", {"status": WishStatus.SUBMITTED}
"""


def test_the_scanner_catches_a_deliberately_bad_module_and_passes_a_good_one():
    caught = [text for _, text in python_offences(BAD_PYTHON)]
    assert caught == [
        'wish.status = "open"',
        'if wish.status == "done" or "closed" != wish.status:',
        'if wish.status == "done" or "closed" != wish.status:',
        'qs.filter(pledge_list__status="published", kind__in=["street", "community"])',
        'qs.filter(pledge_list__status="published", kind__in=["street", "community"])',
        'qs.filter(pledge_list__status="published", kind__in=["street", "community"])',
        'qs.exclude(status__in=("rated", "rejected"))',
        'qs.exclude(status__in=("rated", "rejected"))',
        'if user.role in ("street_staff", "volunteer") or user.role not in ["unit_contact"]:',
        'if user.role in ("street_staff", "volunteer") or user.role not in ["unit_contact"]:',
        'if user.role in ("street_staff", "volunteer") or user.role not in ["unit_contact"]:',
        'return {"status": "submitted"}',
        'def g(*, place_kind: str = "room", roles: tuple = ("volunteer",)):',
        'def g(*, place_kind: str = "room", roles: tuple = ("volunteer",)):',
        'OPEN_STATUSES = ("open",)',
    ]
    assert list(python_offences(GOOD_PYTHON)) == []


def test_the_scanner_catches_a_deliberately_bad_template_and_passes_a_good_one():
    bad = (
        '{% if user.role == "street_staff" or user.is_superuser %}x{% endif %}\n'
        "{% if wish.status != 'published' %}x{% endif %}\n"
        '{% if item.status in "submitted published" %}x{% endif %}\n'
        '{% elif "done" == job.status %}\n'
        '{% include "x.html" with kind="unit" %}\n'
    )
    assert [line for line, _ in template_offences(bad)] == [1, 2, 3, 4, 5]
    good = (
        "{% if user.is_street_staff %}{{ wish.status }} {{ wish.get_status_display }}{% endif %}\n"
        '{% if wish.may_be_withdrawn %}{% translate "Status" %}{% endif %}\n'
        '{% if job.status == choices.JobStatus.DONE %}{% url "x" kind_slug="units" %}{% endif %}\n'
    )
    assert list(template_offences(good)) == []
