"""Spreadsheet columns that name a place on the tree: by its code path, its code or its name.

A clerk writes 张湾社区 or c01 rather than zhangwan/c01. A name or code that several places
share is narrowed to the places the user looks after; if more than one is left, the row is
refused with the candidates and their code paths, and a name that matches nothing is refused
with the closest names, so the clerk can correct the cell.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _
from import_export import widgets

from exchange.columns import Scope, in_scope
from exchange.text import clean_text, closest, spelled_alike

from .models import Node, NodeKind

CANDIDATES_SHOWN = 5


def candidates_text(nodes: list[Node]) -> str:
    """Return places as a clerk can tell them apart: name and code path, the first few."""
    shown = "、".join(f"{node.name} ({node.code_path})" for node in nodes[:CANDIDATES_SHOWN])
    if len(nodes) > CANDIDATES_SHOWN:
        shown += _(" and %(more)s more") % {"more": len(nodes) - CANDIDATES_SHOWN}
    return shown


class NodePathWidget(widgets.ForeignKeyWidget):
    """A place on the tree, written as its code path (`zhangwan/c01/g02`), its code (`c01`) or
    its name (`张湾社区`); exported as its code path, which is never ambiguous."""

    def __init__(self, *kinds: str) -> None:
        super().__init__(Node, "code_path")
        self.kinds = set(kinds)
        self.scope: Scope | None = None
        # Each resource deep-copies its fields, so these caches live for one import only.
        self.found: dict[str, Node] = {}
        self.refused: dict[str, str] = {}
        self.pool: list[Node] | None = None

    def bind_scope(self, scope: Scope | None) -> None:
        """Narrow shared names and codes to the places the importing user looks after."""
        self.scope = scope

    def _wanted(self) -> str:
        if not self.kinds:
            return _("place")
        return _(" or ").join(str(NodeKind(k).label) for k in sorted(self.kinds))

    def _places(self) -> Any:
        queryset = Node.objects.all()
        return queryset.filter(kind__in=self.kinds) if self.kinds else queryset

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Node | None:
        text = clean_text(str(value or "")).strip("/")
        if not text:
            return None
        if text in self.found:
            return self.found[text]
        if text in self.refused:
            raise ValueError(self.refused[text])
        try:
            node = self._find(text)
        except ValueError as exc:
            self.refused[text] = str(exc)
            raise
        self.found[text] = node
        return node

    def _check_kind(self, node: Node, text: str) -> Node:
        if self.kinds and node.kind not in self.kinds:
            raise ValueError(
                _("“%(path)s” is a %(kind)s; a %(wanted)s is needed here.")
                % {"path": text, "kind": node.get_kind_display(), "wanted": self._wanted()}
            )
        return node

    def _find(self, text: str) -> Node:
        if "/" in text:
            node = Node.objects.filter(code_path=text).first()
            if node is None:
                raise ValueError(
                    _("There is no place with the code path “%(path)s”.") % {"path": text}
                )
            return self._check_kind(node, text)
        matches = list(
            self._places()
            .filter(Q(code_path=text) | Q(code=text) | Q(name=text))
            # The street's own code path first, then the tree's order.
            .order_by("tree_id", "lft")[:200]
        )
        exact = [node for node in matches if node.code_path == text]
        if exact:
            return exact[0]
        if len(matches) == 1:
            return matches[0]
        if matches:
            inside = [node for node in matches if in_scope(self.scope, node)]
            if len(inside) == 1:
                return inside[0]
            if not inside:
                raise ValueError(
                    _("“%(path)s” is outside the places you look after.") % {"path": text}
                )
            raise ValueError(
                _(
                    "There are %(count)s of kind %(kind)s named or coded “%(value)s”: "
                    "%(candidates)s. Write the code path instead."
                )
                % {
                    "count": len(inside),
                    "kind": self._wanted(),
                    "value": text,
                    "candidates": candidates_text(inside),
                }
            )
        node = Node.objects.filter(code_path=text).first()  # a street, asked for elsewhere
        if node is not None:
            return self._check_kind(node, text)
        return self._near(text)

    def _pool(self) -> list[Node]:
        """The places of the wanted kinds the user looks after, to suggest names from."""
        if self.pool is None:
            queryset = self._places().only("pk", "name", "code", "code_path", "kind")
            scope = self.scope
            if scope is not None and not scope.everything:
                root = scope.node.code_path if scope.node is not None else None
                queryset = (
                    queryset.filter(Q(code_path=root) | Q(code_path__startswith=f"{root}/"))
                    if root
                    else queryset.none()
                )
            self.pool = list(queryset.order_by("tree_id", "lft")[:20_000])
        return self.pool

    def _near(self, text: str) -> Node:
        """A name written with other spaces or brackets is the place; otherwise refuse it,
        naming the closest names if any."""
        pool = self._pool()
        same = spelled_alike(text, pool, lambda node: node.name) or spelled_alike(
            text, pool, lambda node: node.code
        )
        if len(same) == 1:
            return same[0]
        message = _("There is no %(kind)s named or coded “%(value)s”.") % {
            "kind": self._wanted(),
            "value": text,
        }
        close = same or closest(text, pool, lambda node: node.name)
        if close:
            hint = _("Did you mean %(names)s?") % {"names": candidates_text(close)}
            message = _("%(problem)s %(hint)s") % {"problem": message, "hint": hint}
        raise ValueError(message)

    def render(self, value: Node | None, obj: Any = None, **kwargs: Any) -> str:
        return value.code_path if value is not None else ""

    def describe(self) -> dict[str, Any]:
        return {
            "format": _(
                "The %(kind)s's name, code or code path, for example 张湾社区, c01 or "
                "zhangwan/c01; where several share a name, the code path."
            )
            % {"kind": self._wanted()}
        }
