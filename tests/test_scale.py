"""Scale by design: a product page's HTML does not grow with the catalogue."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import built_site, make_project
from synthetic import write_synthetic_catalogue


@pytest.mark.slow
def test_product_page_size_does_not_grow_with_the_catalogue(tmp_path: Path) -> None:
    """The same product's page has the same bytes in a 50-product and a 1,000-product site; the products' index
    (/products/) has the same links."""
    sizes, links = {}, {}
    for count in (50, 1000):
        root = write_synthetic_catalogue(tmp_path / str(count), count)
        site = built_site(make_project(root))
        assert len([p for p in (site / "products").iterdir() if p.name != "index.html"]) == count
        sizes[count] = {p: (site / "products" / p / "index.html").stat().st_size
                        for p in ("synthetic-00007", "synthetic-00042")}
        links[count] = (site / "products" / "index.html").read_text(encoding="utf-8").count("<a ")
    assert sizes[50] == sizes[1000]
    assert links[50] == links[1000]
