"""The widget's files: served with their type, ``nosniff`` and CORS; a versioned address cached
for a year, a stable one revalidated with its ETag; nothing else on disk is reachable."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest

from saleor_foresight.web.routes import IMMUTABLE
from saleor_foresight.web.static_files import STATIC_DIR, load_tree

STABLE_ENTRY = re.compile(
    r'export \* from "\.\./v/(?P<digest>[0-9a-f]{16})/widget/foresight\.js";\n'
)


async def test_the_widget_loads_from_a_stable_address_that_points_at_its_version(
    client: httpx.AsyncClient,
) -> None:
    # when a storefront loads the widget's stable address
    stable = await client.get("/web/widget/foresight.js")

    # then it gets a module re-exporting the versioned one, revalidated on every use
    assert stable.status_code == 200
    assert stable.headers["content-type"] == "text/javascript; charset=utf-8"
    assert stable.headers["cache-control"] == "no-cache"
    assert stable.headers["x-content-type-options"] == "nosniff"
    assert stable.headers["access-control-allow-origin"] == "*"  # module scripts need CORS
    entry = STABLE_ENTRY.fullmatch(stable.text)
    assert entry is not None, stable.text

    # and the versioned module is the file itself, cached for a year, as are its imports
    digest = entry["digest"]
    imports = (
        "widget/i18n.js",
        "widget/sections/dispatch.js",
        "shared/graphql.js",
        "shared/dom.js",
    )
    for name in ("widget/foresight.js", *imports):
        versioned = await client.get(f"/web/v/{digest}/{name}")
        assert versioned.status_code == 200, name
        assert versioned.headers["cache-control"] == IMMUTABLE
        assert versioned.headers["content-type"] == "text/javascript; charset=utf-8"
        assert versioned.headers["x-content-type-options"] == "nosniff"
        assert versioned.content == (STATIC_DIR / name).read_bytes()


async def test_a_stable_address_answers_304_to_its_etag(client: httpx.AsyncClient) -> None:
    first = await client.get("/web/demo/demo.css")
    assert first.headers["content-type"] == "text/css; charset=utf-8"

    again = await client.get("/web/demo/demo.css", headers={"If-None-Match": first.headers["etag"]})

    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == first.headers["etag"]
    assert again.headers["cache-control"] == "no-cache"


async def test_the_demo_pages_say_demo_and_carry_a_strict_policy(client: httpx.AsyncClient) -> None:
    for name in ("checkout.html", "order.html"):
        page = await client.get(f"/web/demo/{name}")

        assert page.status_code == 200
        assert page.headers["content-type"] == "text/html; charset=utf-8"
        policy = page.headers["content-security-policy"]
        assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
        assert "<strong>Demo</strong>" in page.text and "Demo" in page.text.split("<title>")[1]


@pytest.mark.parametrize(
    "path",
    [
        "/web/widget/missing.js",
        "/web/widget/",
        "/web/widget",
        "/web/routes.py",
        "/web/%2e%2e/routes.py",
        "/web/widget/..%2f..%2froutes.py",
        "/web/dashboard/api.js",  # the Dashboard pages serve their own folder
        "/web/v/0000000000000000/widget/foresight.js",  # another release
    ],
)
async def test_nothing_else_is_served(client: httpx.AsyncClient, path: str) -> None:
    response = await client.get(path)

    assert response.status_code == 404
    assert response.headers["x-content-type-options"] == "nosniff"


def test_a_tree_holds_known_types_only_and_versions_its_content(tmp_path: Path) -> None:
    # given a folder with modules, a stylesheet, a hidden file and a file of unknown type
    widget = tmp_path / "widget"
    (widget / "sections").mkdir(parents=True)
    (widget / "main.js").write_text('import "./sections/part.js";\n')
    (widget / "sections" / "part.js").write_text("export const part = 1;\n")
    (widget / "look.css").write_text(":host { color: red; }\n")
    (widget / ".secret.js").write_text("nope\n")
    (widget / "notes.md").write_text("nope\n")

    tree = load_tree(tmp_path, ("widget",))

    assert set(tree.files) == {"widget/main.js", "widget/sections/part.js", "widget/look.css"}
    assert tree.stable["widget/look.css"] == tree.files["widget/look.css"]
    assert tree.stable["widget/sections/part.js"].body == (
        f'export * from "../../v/{tree.digest}/widget/sections/part.js";\n'.encode()
    )
    # a changed file is a new version
    (widget / "sections" / "part.js").write_text("export const part = 2;\n")
    assert load_tree(tmp_path, ("widget",)).digest != tree.digest


def test_every_relative_import_names_a_file_that_is_served() -> None:
    # the widget's modules and the Dashboard's import each other and the shared ones by
    # relative URL; each URL layout mirrors the folders on disk
    served = set(load_tree(STATIC_DIR, ("widget", "demo", "shared", "dashboard")).files)
    for script in sorted(STATIC_DIR.rglob("*.js")):
        for name in re.findall(r'from "(\.\.?/[^"]+)"', script.read_text(encoding="utf-8")):
            target = (script.parent / name).resolve().relative_to(STATIC_DIR.resolve())
            assert target.as_posix() in served, f"{script.relative_to(STATIC_DIR)} imports {name}"
