"""Spreadsheet columns that name a place on the tree by its code path."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from import_export import widgets

from .models import Node, NodeKind


class NodePathWidget(widgets.ForeignKeyWidget):
    """A place on the tree, written as its code path (for example `zhangwan/c01/g02`)."""

    def __init__(self, *kinds: str) -> None:
        super().__init__(Node, "code_path")
        self.kinds = set(kinds)
        # Each resource deep-copies its fields, so this cache lives for one import only.
        self.found: dict[str, Node] = {}

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Node | None:
        path = str(value or "").strip().strip("/")
        if not path:
            return None
        node = self.found.get(path) or Node.objects.filter(code_path=path).first()
        if node is not None:
            self.found[path] = node
        if node is None:
            raise ValueError(_("There is no place with the code path “%(path)s”.") % {"path": path})
        if self.kinds and node.kind not in self.kinds:
            raise ValueError(
                _("“%(path)s” is a %(kind)s; a %(wanted)s is needed here.")
                % {
                    "path": path,
                    "kind": node.get_kind_display(),
                    "wanted": _(" or ").join(str(NodeKind(k).label) for k in sorted(self.kinds)),
                }
            )
        return node

    def render(self, value: Node | None, obj: Any = None, **kwargs: Any) -> str:
        return value.code_path if value is not None else ""
