"""The package layering (``python -m tools.layers``): the tool finds what breaks it, and
Foresight holds no breach: no domain package imports the edge, and no packages form a cycle."""

from __future__ import annotations

from pathlib import Path

from tools import layers


def write(root: Path, files: dict[str, str]) -> Path:
    package = root / layers.PACKAGE
    for name, source in files.items():
        path = package / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source)
    return package


def test_a_domain_package_importing_the_edge_and_a_cycle_are_breaches(tmp_path: Path) -> None:
    package = write(tmp_path, {
        "__init__.py": "",
        "plugin/__init__.py": "from ..claims import log\n",
        "claims/__init__.py": "",
        "claims/log.py": "from saleor_foresight.plugin import client\nfrom . import states\n",
        "claims/states.py": "",
        "orders/__init__.py": "from .. import errors\n",
        "errors.py": "",
    })  # fmt: skip

    edges = layers.graph(package)
    found = [str(b) for b in layers.breaches(edges, layers.domain_packages(package))]

    assert edges == {"plugin": {"claims"}, "claims": {"plugin"}, "orders": {"errors"},
                     "errors": set()}  # fmt: skip
    assert found == ["domain package claims imports plugin", "cycle: claims -> plugin -> claims"]


def test_relative_imports_fold_to_their_top_level_package(tmp_path: Path) -> None:
    package = write(tmp_path, {
        "__init__.py": "",
        "evidence/__init__.py": "",
        "evidence/providers/__init__.py": "",
        "evidence/providers/paypal.py": "from ...dispatch.photos import x\nfrom .. import pack\n",
        "dispatch/__init__.py": "",
    })  # fmt: skip

    assert layers.graph(package)["evidence"] == {"dispatch"}
    assert layers.breaches(layers.graph(package), layers.domain_packages(package)) == []


def test_foresight_has_no_breach() -> None:
    edges = layers.graph()

    assert [str(b) for b in layers.breaches(edges, layers.domain_packages())] == []
    assert layers.main() == 0
