"""The layering of README's "How the code is laid out", as tests.

The contracts live in pyproject.toml ([tool.importlinter]); `lint-imports` checks them. These
tests run it on the project, show that a wrong import breaks it, and look for import cycles
(lazy imports inside functions count: grimp reads every import statement).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
    "importlinter"
]
PACKAGES: list[str] = CONFIG["root_packages"]


def lint_imports(cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run import-linter with the pyproject.toml in `cwd`, on the packages found there."""
    # lint-imports puts its working directory first on the path, so `cwd`'s packages are read.
    return subprocess.run(
        [sys.executable, "-c", "import importlinter.cli as c; c.lint_imports_command()"],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_every_app_is_under_a_contract():
    apps = {p.parent.name for p in ROOT.glob("*/apps.py")}
    assert apps <= set(PACKAGES), apps - set(PACKAGES)


def test_the_import_contracts_are_kept():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_a_wrong_import_breaks_the_layers_contract(tmp_path):
    for package in PACKAGES:
        shutil.copytree(
            ROOT / package,
            tmp_path / package,
            ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.html", "*.js", "*.css"),
        )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    months = tmp_path / "common" / "months.py"
    months.write_text(months.read_text(encoding="utf-8") + "\nimport alliance.models\n")
    exchange = tmp_path / "exchange" / "registry.py"
    exchange.write_text(exchange.read_text(encoding="utf-8") + "\nimport pledges.models\n")

    result = lint_imports(tmp_path)

    assert result.returncode != 0
    assert "BROKEN" in result.stdout
    assert "Layers: an app imports only from the layers below it BROKEN" in result.stdout
    assert "exchange knows no domain: apps register their resources with it BROKEN" in (
        result.stdout
    )
    assert "common.months -> alliance.models" in result.stdout
    assert "exchange.registry -> pledges.models" in result.stdout


def test_a_domain_reading_another_domains_models_breaks_the_independence_contract(tmp_path):
    for package in PACKAGES:
        shutil.copytree(
            ROOT / package,
            tmp_path / package,
            ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.html", "*.js", "*.css"),
        )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    target = tmp_path / "alliance" / "services" / "evaluations.py"
    target.write_text(target.read_text(encoding="utf-8") + "\nimport pledges.models\n")

    result = lint_imports(tmp_path)

    assert result.returncode != 0
    assert "Domains read each other only through selectors and documented signals BROKEN" in (
        result.stdout
    )
    assert "alliance.services.evaluations -> pledges.models" in result.stdout


def _cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Return the groups of modules that import each other in a ring (Tarjan's components)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(start: str) -> None:
        # Iterative, so a deep chain of imports cannot hit the recursion limit.
        work = [(start, iter(sorted(graph.find_modules_directly_imported_by(start))))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            module, targets = work[-1]
            for target in targets:
                if target not in index:
                    index[target] = low[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    work.append(
                        (target, iter(sorted(graph.find_modules_directly_imported_by(target))))
                    )
                    break
                if target in on_stack:
                    low[module] = min(low[module], index[target])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[module])
                if low[module] == index[module]:
                    group = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.append(member)
                        if member == module:
                            break
                    if len(group) > 1:
                        found.append(sorted(group))

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return found


def test_no_module_imports_itself_through_others():
    sys.path.insert(0, str(ROOT))
    graph = grimp.build_graph(*PACKAGES, cache_dir=None)
    assert _cycles(graph) == []


def test_the_cycle_finder_finds_a_ring():
    graph = grimp.ImportGraph()
    for name in ["a", "b", "c", "d"]:
        graph.add_module(name)
    graph.add_import(importer="a", imported="b")
    graph.add_import(importer="b", imported="c")
    graph.add_import(importer="c", imported="a")
    graph.add_import(importer="c", imported="d")
    assert _cycles(graph) == [["a", "b", "c"]]
