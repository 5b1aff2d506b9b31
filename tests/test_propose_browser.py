"""The "Propose a product" page in Chromium, filled as a person would: by label, with the keyboard, on a phone."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import ROOT, _axe_violations
from test_propose import HOSTILE

from learning_catalog import check_catalogue, load_catalogue
from learning_catalog.site import i18n
from learning_catalog.tools.scaffold import new_product_text

PROPOSE = "contribute/propose/"
VALID = {"title": "Streets for People: a Field Guide", "summary": "How cities give streets back to people.",
         "url": "https://example.org/streets-for-people", "format": "guide", "provider": "un-habitat",
         "topics": ["public-space"], "audiences": ["local-government"], "languages": ["fr", "en"],
         "sources": [{"url": "https://example.org/streets-for-people/about"}]}
"""A product the real catalogue does not have, and the answers that make it (see fill_valid)."""


def open_form(browser: Any, url: str, *, phone: bool = False) -> Any:
    options = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True} if phone else {
        "viewport": {"width": 1280, "height": 900}}
    context = browser.new_context(**options)
    page = context.new_page()
    page.goto(url, wait_until="networkidle")
    # "Propose on GitHub" opens a new tab: the tests keep the address instead.
    page.evaluate("window.open = function (address) { window.lpOpened = address; return null; }")
    return page


def labelled(page: Any, label: str) -> Any:
    """The control a label names, as a person reads it (required fields say so after their label)."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}( \(required\))?$"))


def field(page: Any, name: str) -> Any:
    return page.locator(f".lp-propose__form [data-field='{name}']").first


def choose(page: Any, name: str, label: str, *, tap: bool = False) -> None:
    box = field(page, name).get_by_label(label, exact=True)
    box.evaluate("el => el.scrollIntoView({block: 'center'})")  # clear of the sticky header and its "Back to top"
    box.tap() if tap else box.check()


def fill_valid(page: Any, *, tap: bool = False) -> None:
    """The answers of VALID, by the labels a person reads."""
    labelled(page, "Title").fill(VALID["title"])
    labelled(page, "Summary").fill(VALID["summary"])
    labelled(page, "Address (URL)").fill(VALID["url"])
    labelled(page, "Format").select_option(label="Guide")
    labelled(page, "Provider").select_option(label="UN-Habitat")
    choose(page, "topics", "Public space", tap=tap)
    choose(page, "audiences", "Local government", tap=tap)
    finder = field(page, "languages").get_by_role("searchbox")
    finder.fill("fren")
    finder.press("Enter")
    finder.fill("engl")
    choose(page, "languages", "English", tap=tap)
    labelled(page, "Address of the page").fill(VALID["sources"][0]["url"])


def preview(page: Any) -> str:
    return page.locator(".lp-propose__preview code").text_content()


def opened_file(page: Any) -> tuple[str, str]:
    """Press "Propose on GitHub": the file name and the file that GitHub's new-file address carries."""
    page.get_by_role("button", name="Propose on GitHub").click()
    address = page.evaluate("window.lpOpened")
    parts = urlsplit(address)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == "https://github.com/un-habitat/urban-agenda-learning-page/new/main"
    query = parse_qs(parts.query, keep_blank_values=True)
    return query["filename"][0], query["value"][0]


def test_phone_form_makes_a_file_the_catalogue_accepts(browser: Any, site_url: str, tmp_path: Path) -> None:
    """On a 390 px phone, tapping and typing: the preview is the file `make new` writes, `make check` accepts it
    in the catalogue, GitHub's address carries it, and nothing leaves the browser while typing."""
    page = open_form(browser, site_url + PROPOSE, phone=True)
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    assert page.get_by_role("button", name="Propose on GitHub").is_disabled()
    fill_valid(page, tap=True)
    assert requests == []
    assert page.locator("#lp-propose-status").text_content() == (
        "The file is ready. Propose it on GitHub, or download or copy it.")
    assert page.evaluate("window.lpPropose.values()") == VALID
    text = preview(page)
    assert text == new_product_text(VALID)
    assert page.locator(".lp-propose__filename").text_content() == "catalog/products/streets-for-people-a-field-guide.yml"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert opened_file(page) == ("catalog/products/streets-for-people-a-field-guide.yml", text)

    shutil.copytree(ROOT / "catalog", tmp_path / "catalog")
    (tmp_path / "catalog/products/streets-for-people-a-field-guide.yml").write_text(text, encoding="utf-8")
    catalogue, problems = check_catalogue(tmp_path)
    assert [p for p in problems if p.severity == "error"] == []
    assert catalogue.products["streets-for-people-a-field-guide"].languages == ("fr", "en")
    page.context.close()


def _tab_to(page: Any, condition: str, limit: int = 60) -> None:
    """Press Tab until the focused element meets ``condition`` (JavaScript on ``el``)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(el => {condition})(document.activeElement)"):
            return
    raise AssertionError(f"Tab never reached {condition}")


def test_form_with_the_keyboard_only(browser: Any, site_url: str) -> None:
    """Every answer can be given with the keyboard alone, and "Propose on GitHub" is reached and pressed with it."""
    page = open_form(browser, site_url + PROPOSE)
    _tab_to(page, "el.id === 'lp-f-title'")
    page.keyboard.type(VALID["title"])
    page.keyboard.press("Tab")
    page.keyboard.type(VALID["summary"])
    page.keyboard.press("Tab")
    page.keyboard.type(VALID["url"])
    page.keyboard.press("Tab")
    page.keyboard.type("Guide")  # a closed list chooses the option that starts with what is typed
    while page.evaluate("document.activeElement.value") != "guide":
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    page.keyboard.type("UN-Habitat")
    _tab_to(page, "el.name === 'topics' && el.value === 'public-space'")
    page.keyboard.press("Space")
    _tab_to(page, "el.name === 'audiences' && el.value === 'local-government'")
    page.keyboard.press("Space")
    _tab_to(page, "el.id === 'lp-f-languages-filter'")
    for word in ("French", "en"):
        page.keyboard.type(word)
        page.keyboard.press("Enter")
    page.keyboard.type("ger")  # then a choice of the list, with the arrow keys
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.value") == "de"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Space")
    page.keyboard.press("Space")  # and back
    _tab_to(page, "el.name === 'sources[0].url'")
    page.keyboard.type(VALID["sources"][0]["url"])
    _tab_to(page, "el.id === 'lp-f-duration-hours'")
    page.keyboard.type("1")
    page.keyboard.press("Tab")
    page.keyboard.type("90")
    _tab_to(page, "el.classList.contains('lp-propose__github')")
    page.keyboard.press("Enter")
    expected = {**VALID, "duration": "PT2H30M"}
    assert page.evaluate("window.lpPropose.values()") == expected
    assert page.evaluate("window.lpOpened").endswith(
        "&value=" + page.evaluate("encodeURIComponent(document.querySelector('.lp-propose__preview code').textContent)"))
    assert preview(page) == new_product_text(expected)
    page.context.close()


def _message(page: Any, name: str) -> str:
    """The message beside a field, checking that its control is marked invalid and described by it."""
    box = page.locator(f"#lp-f-{name}-error")
    assert box.is_visible()
    control = page.locator(f"#lp-f-{name}-filter" if page.locator(f"#lp-f-{name}-filter").count() else f"#lp-f-{name}")
    assert control.get_attribute("aria-invalid") == "true"
    assert control.get_attribute("aria-describedby").split()[0] == f"lp-f-{name}-error"
    return box.text_content()


def test_problems_show_beside_their_fields_and_block_proposing(browser: Any, site_url: str) -> None:
    """A missing required field, a javascript: address, an unknown code and a duplicate address each say what is
    wrong beside the field, for screen readers too, and keep "Propose on GitHub" disabled; axe-core finds no
    violation with the problems shown."""
    page = open_form(browser, site_url + PROPOSE)
    fill_valid(page)
    github = page.get_by_role("button", name="Propose on GitHub")
    assert github.is_enabled()

    title = labelled(page, "Title")
    title.fill("")
    title.press("Tab")
    assert _message(page, "title") == "Fill in this field: it is required."
    assert page.locator("#lp-propose-live").text_content() == "Title: Fill in this field: it is required."
    assert github.is_disabled()
    assert page.locator("#lp-propose-status").text_content() == "1 problem to fix before proposing the file"
    title.fill("Streets for People\u202e: a Field Guide")  # a direction override, which reorders what is shown
    assert _message(page, "title") == ("This text contains U+202E at character 19, an invisible character that the "
                                       "catalogue does not accept: delete it.")
    title.fill(VALID["title"])
    assert github.is_enabled() and page.locator("#lp-f-title-error").is_hidden()
    hours = page.locator("#lp-f-duration-hours")
    hours.fill("90000")
    hours.press("Tab")
    assert page.locator("#lp-f-duration-error").text_content() == "The duration must be at most ten years."
    hours.fill("")

    url = labelled(page, "Address (URL)")
    url.fill("javascript:alert(1)")
    url.press("Tab")
    assert _message(page, "url") == "The address must start with http:// or https://; found 'javascript:alert(1)'."
    assert github.is_disabled()
    real = next(line.split(": ", 1)[1] for line in (ROOT / "catalog/products/making-natures-city.yml").read_text(
        encoding="utf-8").splitlines() if line.startswith("url: "))
    url.fill(real.replace("https://", "http://www.", 1).rstrip("/") + "/")  # a product's address, written differently
    url.press("Tab")
    assert _message(page, "url") == "This address is already in the catalogue: Making Nature's City."
    assert page.locator("#lp-f-url-error a").get_attribute("href").endswith("products/making-natures-city/")
    assert github.is_disabled()

    finder = field(page, "languages").get_by_role("searchbox")
    finder.fill("xx")
    finder.press("Enter")
    assert _message(page, "languages") == (
        "'xx' is not an ISO 639-1 language code (two lowercase letters, e.g. en, fr, ar).")
    assert page.locator("#lp-propose-status").text_content() == "2 problems to fix before proposing the file"

    page.get_by_role("button", name="Show the problems").click()
    assert page.evaluate("document.activeElement.id") == "lp-f-url"
    assert _axe_violations(page) == []

    # Fixed, but too long for an address: the page says so and offers the download.
    field(page, "languages").get_by_role("button", name="Remove Not in the list: xx").click()
    url.fill(VALID["url"])
    labelled(page, "Description").fill("Une ville durable, équitable et sûre. " * 120)  # 4,560 characters
    length = len(page.evaluate("window.lpPropose.address()"))
    assert length > 8000
    assert page.locator("#lp-propose-status").text_content() == (
        f"The address of the file on GitHub would be {length} characters long, more than the 8000 a browser can "
        "safely open. Download the file instead, then upload it in the catalogue's catalog/products folder on "
        "GitHub (Add file, then Upload files).")
    assert github.is_disabled() and page.get_by_role("button", name="Download the file").is_enabled()
    page.context.close()


def test_hostile_answers_stay_text_and_the_preview_is_what_make_new_writes(browser: Any, site_url: str) -> None:
    """Markup, quotes, colons, line breaks, unicode and long lines typed in any field stay text in the preview
    and in GitHub's address, and the preview is byte for byte what `make new` writes for the same answers."""
    page = open_form(browser, site_url + PROPOSE)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: dialogs.append(dialog.message) or dialog.dismiss())
    title = '<img src=x onerror=alert(1)> "Streets": a guide #1 ¿Qué? 城市'
    summary = "Line one: with 'quotes' \n\n  indented </pre><script>alert(2)</script>\nno"
    description = "Read [the guide](https://example.org/g).\n\n- one: two\n- `code`\n\n# Not a YAML comment"
    labelled(page, "Title").fill(title)
    labelled(page, "Summary").fill(summary)
    labelled(page, "Address (URL)").fill("https://example.org/a?b=c&d=<e>")
    labelled(page, "Address (URL)").press("Tab")  # its message shows, and the form below moves down
    labelled(page, "Format").select_option("handbook")
    labelled(page, "Provider").select_option("uclg")
    choose(page, "topics", "Climate change")
    choose(page, "topics", "Public space")
    choose(page, "audiences", "Local government")
    choose(page, "languages", "Norwegian")
    labelled(page, "Description").fill(description)
    choose(page, "sdgs", "SDG 11: Sustainable cities and communities")
    choose(page, "sdgs", "SDG 1: No poverty")
    labelled(page, "Published").fill("2020-07-07")
    page.locator("#lp-f-duration-minutes").fill("45")
    labelled(page, "Free of charge").select_option(label="No")
    labelled(page, "Licence").fill("x" * 300 + ": yes")
    people = field(page, "people")
    people.get_by_role("button", name="Add to People").click()
    people.get_by_role("button", name="Add to People").click()
    first, second = people.locator(".lp-group__entry").nth(0), people.locator(".lp-group__entry").nth(1)
    labelled(first, "Name").fill("Ann O'Neil <b>")
    labelled(first, "Role").fill("no")
    labelled(second, "Name").fill("José: \"Pepe\"")
    links = field(page, "links")
    links.get_by_role("button", name="Add to Other links").click()
    link = links.locator(".lp-group__entry").first
    labelled(link, "Address of the link").fill("https://example.org/audio.mp3")
    labelled(link, "Label").fill("Audio (MP3) @ 128 kb/s")
    labelled(link, "Kind").select_option("audio")
    labelled(link, "Language").select_option("es")
    source = field(page, "sources").locator(".lp-group__entry").first
    labelled(source, "Address of the page").fill("https://example.org/about#top")
    labelled(source, "What the page is").fill("“About” page: 2nd\ttab")
    labelled(source, "Checked on").fill("2026-11-30")
    finder = field(page, "countries").get_by_role("searchbox")
    finder.fill("KE")
    finder.press("Enter")
    expected = {
        "title": title, "summary": summary.strip(), "url": "https://example.org/a?b=c&d=<e>", "format": "handbook",
        "provider": "uclg", "topics": ["climate-change", "public-space"], "audiences": ["local-government"],
        "languages": ["no"], "description": description, "sdgs": [11, 1], "published": "2020-07-07",
        "duration": "PT45M", "free": False, "license": "x" * 300 + ": yes",
        "people": [{"name": "Ann O'Neil <b>", "role": "no"}, {"name": "José: \"Pepe\""}],
        "countries": ["KE"],
        "links": [{"url": "https://example.org/audio.mp3", "label": "Audio (MP3) @ 128 kb/s", "language": "es",
                   "kind": "audio"}],
        "sources": [{"url": "https://example.org/about#top", "title": "“About” page: 2nd\ttab", "checked": "2026-11-30"}],
    }
    assert page.evaluate("window.lpPropose.values()") == expected
    text = new_product_text(expected)
    assert preview(page) == text
    assert "&lt;img src=x" in page.locator(".lp-propose__preview code").inner_html()
    assert page.locator(".lp-propose__preview img, .lp-propose__preview script, .lp-propose__preview b").count() == 0
    address = page.evaluate("window.lpPropose.address()")  # (the address of the product has a problem)
    assert parse_qs(urlsplit(address).query)["value"] == [text]
    assert dialogs == []

    # The twin of the YAML writer, on every hostile text, as a value, a list item, a record's field and a key.
    corpus = [{"title": item, "summary": {"en": item, "no": item}, "topics": [item, "x"], "sdgs": [11],
               "people": [{"role": item, "name": item}], "free": True} for item in HOSTILE]
    assert page.evaluate("corpus => corpus.map(values => window.lpPropose.fileText(values))", corpus) == [
        new_product_text(values) for values in corpus]
    page.context.close()


TITLE_KEYS = [("Straße  der   Städte", "strasse der städte"), ("ΣΊΣΥΦΟΣ", "σίσυφοσ"), ("ﬁeld\u2003guide\u3000", "field guide"),
              ("İstanbul", "i̇stanbul"), ("\x1cA\x85B", "a b"), ("Place\u200bValue\ufe0f", "placevalue"),
              ("Ｐｌａｃｅ ①", "place 1")]


def test_duplicate_keys_are_the_loaders(browser: Any, site_url: str) -> None:
    """The page compares titles and addresses with the loader's own keys (case folding, spaces, www., slashes)."""
    from learning_catalog.contract.loader import title_keys, url_keys

    page = browser.new_page()
    page.goto(site_url + PROPOSE)
    for text, key in TITLE_KEYS:
        assert title_keys({None: text}) == [(None, key)]
        assert page.evaluate("text => window.lpPropose.titleKey(text)", text) == key
    for url in ("https://www.Example.org./a/b/?q=1#top", "http://user@example.org:8080/a//", "https://[::1]/x"):
        assert page.evaluate("url => window.lpPropose.urlKey(url)", url) == url_keys(url)[0][1]
    page.close()


def test_arabic_form_runs_right_to_left(browser: Any, site_url: str) -> None:
    """The Arabic form runs right to left, with its labels, help and messages in Arabic."""
    page = open_form(browser, site_url + "ar/" + PROPOSE)
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    assert page.evaluate("getComputedStyle(document.querySelector('.lp-propose__form')).direction") == "rtl"
    form = page.locator(".lp-propose__form").bounding_box()
    label = page.locator("label[for='lp-f-title']").bounding_box()
    assert label["x"] + label["width"] == pytest.approx(form["x"] + form["width"], abs=2)
    result = page.locator(".lp-propose__result").bounding_box()
    assert result["x"] < form["x"]  # the file is on the left of the form
    url = page.locator("#lp-f-url")
    url.fill("javascript:alert(1)")
    url.press("Tab")
    arabic = i18n.translation(load_catalogue(ROOT), "ar")
    assert page.locator("#lp-f-url-error").text_content() == arabic.gettext(
        "The address must start with http:// or https://; found '%(value)s'.") % {"value": "javascript:alert(1)"}
    assert page.locator("h1").text_content() == arabic.gettext("Propose a product")
    assert page.locator("label[for='lp-f-title']").text_content().startswith(arabic.gettext("Title"))
    page.context.close()


def test_offline_form_downloads_and_copies_from_file_urls(browser: Any, offline_edition: Path) -> None:
    """Opened from file://, the form still checks duplicates, downloads the file and copies it, requesting nothing."""
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto((offline_edition / "contribute/propose.html").as_uri())
    labelled(page, "Title").fill("Making nature's CITY")
    labelled(page, "Title").press("Tab")
    assert page.locator("#lp-f-title-error").text_content() == "This title is already in the catalogue: Making Nature's City."
    assert page.locator("#lp-f-title-error a").get_attribute("href").endswith("products/making-natures-city.html")
    fill_valid(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the file").click()
    assert download.value.suggested_filename == "streets-for-people-a-field-guide.yml"
    assert Path(download.value.path()).read_text(encoding="utf-8") == new_product_text(VALID)
    page.get_by_role("button", name="Copy").click()
    page.locator("#lp-propose-status", has_text="Copied to the clipboard.").wait_for()
    assert [url for url in requests if not url.startswith(("file://", "blob:", "data:"))] == []
    context.close()
