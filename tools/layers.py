"""Which of Foresight's top-level packages imports which: ``python -m tools.layers``.

Reads every module of ``saleor_foresight`` with :mod:`ast` (nothing is imported or run), folds
each import to the top-level package it names (``saleor_foresight.claims.log`` → ``claims``;
modules straight under ``saleor_foresight`` count as their own name), and prints one line per
package with what it imports. The domain packages must not import the Saleor edge (``plugin``),
the API (``graphql``) or the pages (``web``), and no two packages may import each other through
any path; each breach is printed after the table and the exit status is 1.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

PACKAGE = "saleor_foresight"
ROOT = Path(__file__).resolve().parents[1] / PACKAGE
EDGE = frozenset({"plugin", "graphql", "web"})
# The composition roots and entry points may import anything.
TOP = frozenset({"app", "cli", "server", "runtime", "demo", "migrate", "migrations"})


@dataclass(frozen=True)
class Breach:
    kind: str  # "edge" (a domain package imports plugin/graphql/web) or "cycle"
    path: tuple[str, ...]

    def __str__(self) -> str:
        if self.kind == "edge":
            return f"domain package {self.path[0]} imports {self.path[1]}"
        return "cycle: " + " -> ".join(self.path)


def unit_of(module: str) -> str | None:
    """The top-level package (or module) of ``saleor_foresight`` a dotted name belongs to."""
    parts = module.split(".")
    if parts[0] != PACKAGE or len(parts) < 2:
        return None
    return parts[1]


def module_name(path: Path, root: Path) -> str:
    relative = path.relative_to(root.parent).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(source: str, module: str, is_package: bool) -> Iterable[str]:
    """Every absolute module name an import statement of ``module`` names."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0:
                base = node.module or ""
            else:
                here = module.split(".") if is_package else module.split(".")[:-1]
                anchor = here[: len(here) - (node.level - 1)]
                base = ".".join([*anchor, node.module] if node.module else anchor)
            yield base
            yield from (f"{base}.{alias.name}" for alias in node.names)


def graph(root: Path = ROOT) -> dict[str, set[str]]:
    """Top-level unit → the other units it imports."""
    edges: dict[str, set[str]] = {}
    for path in sorted(root.rglob("*.py")):
        module = module_name(path, root)
        unit = unit_of(module)
        if unit is None:
            continue
        targets = edges.setdefault(unit, set())
        for name in imported_modules(path.read_text(), module, path.name == "__init__.py"):
            other = unit_of(name)
            if other is not None and other != unit and _exists(root, other):
                targets.add(other)
    return edges


def _exists(root: Path, unit: str) -> bool:
    """``unit`` is a subpackage or module of the package (not a name imported from it)."""
    return (root / unit).is_dir() or (root / f"{unit}.py").is_file()


def domain_packages(root: Path = ROOT) -> set[str]:
    return (
        {p.name for p in root.iterdir() if p.is_dir() and (p / "__init__.py").exists()} - EDGE - TOP
    )


def breaches(edges: Mapping[str, set[str]], domain: set[str]) -> list[Breach]:
    found = [
        Breach("edge", (unit, target))
        for unit in sorted(domain)
        for target in sorted(edges.get(unit, set()) & EDGE)
    ]
    found.extend(Breach("cycle", cycle) for cycle in cycles(edges))
    return found


def cycles(edges: Mapping[str, set[str]]) -> list[tuple[str, ...]]:
    """One shortest cycle through each pair of units that reach each other, each named once."""
    seen: set[frozenset[str]] = set()
    found = []
    for start in sorted(edges):
        for target in sorted(edges[start]):
            back = _path(edges, target, start)
            if back is None:
                continue
            cycle = (start, *back)
            key = frozenset(cycle)
            if key not in seen:
                seen.add(key)
                found.append(cycle)
    return found


def _path(edges: Mapping[str, set[str]], start: str, goal: str) -> tuple[str, ...] | None:
    """The shortest import path from ``start`` to ``goal`` (breadth first), both included."""
    paths: dict[str, tuple[str, ...]] = {start: (start,)}
    frontier = [start]
    while frontier:
        following = []
        for unit in frontier:
            if unit == goal:
                return paths[unit]
            for nxt in sorted(edges.get(unit, set())):
                if nxt not in paths:
                    paths[nxt] = (*paths[unit], nxt)
                    following.append(nxt)
        frontier = following
    return None


def main() -> int:
    edges = graph()
    domain = domain_packages()
    width = max(map(len, edges))
    for unit in sorted(edges):
        kind = (
            "edge"
            if unit in EDGE
            else ("top" if unit in TOP else "domain" if unit in domain else "module")
        )
        print(f"{unit:<{width}}  {kind:<6}  {', '.join(sorted(edges[unit])) or '-'}")
    found = breaches(edges, domain)
    if found:
        print()
        for breach in found:
            print(f"BREACH  {breach}")
        return 1
    print("\nno domain package imports plugin, graphql or web, and no cycle")
    return 0


if __name__ == "__main__":
    sys.exit(main())
