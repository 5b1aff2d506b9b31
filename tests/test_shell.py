"""Page shells: the theme's HTML cut at the probe's markers and filled with each page's values."""

from __future__ import annotations

import pytest

from learning_catalog.site.shell import PROBE, Shell, ShellError


def test_a_shell_gives_back_what_the_theme_would_render() -> None:
    """Filling the shell of a probe rendering gives the rendering of the page with those values."""
    def theme(values: dict[str, str]) -> str:
        return (f"<title>{values['title']} - Site</title><link href=\"{values['canonical_url']}\">"
                f"<h1>{values['title']}</h1>{values['content']}<a href=\"../{values['name']}/\">x</a>")

    page = {"name": "water-4", "title": "Water &amp; <b>cities</b>", "description": "",
            "canonical_url": "https://example.org/products/water-4/", "edit_url": "", "content": "<p>café</p>"}
    shell = Shell.parse(theme(dict(PROBE)))
    assert shell.fill(page) == theme(page)
    assert shell.fields == {"name", "title", "canonical_url", "content"}


def test_a_field_without_a_marker_has_no_place() -> None:
    """A value the page does not have (its marker None) is left out of the shell."""
    shell = Shell.parse(f"a{PROBE['content']}b", probe={**PROBE, "edit_url": None})
    assert shell.pieces == ("a", "content", "b")


@pytest.mark.parametrize("rendered", ["no marker at all", f"{PROBE['content']} twice {PROBE['content']}"])
def test_a_rendering_without_exactly_one_content_is_refused(rendered: str) -> None:
    """A rendering that does not hold the probe's content exactly once cannot become a shell."""
    with pytest.raises(ShellError, match="exactly once"):
        Shell.parse(rendered)
