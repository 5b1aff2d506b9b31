"""The built site in real headless Chromium: search works, and no page requests another host."""

from __future__ import annotations

import csv
import io
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT, SUB_PATH, _axe_violations, _serve, built_site, make_project, product, write_catalogue
from test_site import PRODUCTS, VOCAB

from learning_catalog.contract.schema import duration_minutes

PAGES = ["", "catalogue/", "products/making-natures-city/", "topics/climate-change/", "sdgs/11/",
         "series/global-urban-lectures/", "contribute/fields/", "about/", "nonexistent-page/",
         "ar/", "ar/products/making-natures-city/", "fr/catalogue/", "zh/topics/climate-change/", "ru/about/"]


def test_no_page_requests_another_host(browser: object, site_url: str) -> None:
    """Loading each kind of page sends requests to the site's own server only, and every request succeeds."""
    context = browser.new_context()  # type: ignore[attr-defined]
    page = context.new_page()
    requests: list[str] = []
    failed: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("response", lambda response: response.status >= 400 and failed.append(f"{response.status} {response.url}"))
    for path in PAGES:
        page.goto(site_url + path, wait_until="networkidle")
    context.close()
    origin = site_url.split(SUB_PATH)[0] + "/"
    assert [url for url in requests if not url.startswith(origin) and not url.startswith("data:")] == []
    assert failed == [f"404 {site_url}nonexistent-page/"]


def test_search_finds_a_product_by_lecturer_with_the_keyboard(browser: object, site_url: str) -> None:
    """Pressing '/' focuses search; typing a lecturer's name lists the lecture's page, which Enter opens."""
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(site_url, wait_until="networkidle")
    page.keyboard.press("/")
    page.wait_for_function("document.activeElement.id === 'lp-search-query'")
    page.keyboard.type("Grossinger")
    page.locator("#lp-search-results[data-query='Grossinger']").wait_for(state="attached", timeout=10_000)
    result = page.locator(".md-search-result__link").first
    assert "products/making-natures-city/" in (result.get_attribute("href") or "")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url("**/products/making-natures-city/**", timeout=10_000)
    assert page.locator("h1").inner_text() == "Making Nature's City"
    page.close()


MULTILINGUAL = {
    "products/negociations-climatiques.yml": product(
        title='"Les négociations climatiques des villes"', url="https://example.org/fr", languages="[fr]",
        summary='"Comment les collectivités mènent des négociations sur le climat."'),
    "products/klimat-v-gorodakh.yml": product(
        title='"Изменение климата в городах"', url="https://example.org/ru", languages="[ru]",
        summary='"Курс о политике в области климата для муниципалитетов."'),
    "products/chengshi-guihua.yml": product(
        title='"城市规划与气候变化"', url="https://example.org/zh", languages="[zh]",
        summary='"本课程介绍城市规划如何应对气候变化。"'),
    "products/al-takhtit.yml": product(
        title='"التخطيط الحضري والمناخ"', url="https://example.org/ar", languages="[ar]",
        summary='"دورة عن التخطيط الحضري والمناخ في المدن العربية."'),
    "products/vivienda.yml": product(
        title='"Vivienda asequible en ciudades"', url="https://example.org/es", languages="[es]",
        summary='"Políticas de vivienda para gobiernos locales."'),
    "products/place-value.yml": product(),
}


@pytest.fixture(scope="session")
def multilingual_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A small site whose products are written in the six UN languages, served on 127.0.0.1."""
    root = tmp_path_factory.mktemp("multilingual")
    write_catalogue(root, MULTILINGUAL)
    yield from _serve(built_site(make_project(root)))


@pytest.mark.parametrize(("query", "product_id"), [
    ("negociations", "negociations-climatiques"),      # French, typed without accents
    ("négociation", "negociations-climatiques"),
    ("климате", "klimat-v-gorodakh"),                  # Russian, another case ending than the text's
    ("气候", "chengshi-guihua"),                        # Chinese, a word inside an unspaced sentence
    ("المناخ", "al-takhtit"),                          # Arabic, the text has it with the prefix و
    ("viviendas", "vivienda"),
    ("value", "place-value"),
])
@pytest.mark.parametrize("interface", ["", "fr/", "ar/"])
def test_search_in_each_un_language(browser: object, multilingual_url: str, query: str, product_id: str,
                                    interface: str) -> None:
    """A query in any of the six UN languages finds the product written in it, as the first result, on a page in
    any interface language, and leads to the product's page in that interface language."""
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(multilingual_url + interface, wait_until="networkidle")
    page.keyboard.press("/")
    page.wait_for_function("document.activeElement.id === 'lp-search-query'")
    page.keyboard.type(query)
    page.locator(f"#lp-search-results[data-query='{query}']").wait_for(state="attached", timeout=10_000)
    first = page.locator(".md-search-result__link").first
    assert (first.get_attribute("href") or "").endswith(f"/{interface}products/{product_id}/")
    page.close()


def _explorer(browser: object, url: str) -> object:
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(url, wait_until="networkidle")
    page.locator("#lp-explorer[data-ready='true']").wait_for(state="attached")
    return page


def _shown(page: object) -> set[str]:
    hrefs = page.locator(".lp-explorer__results .lp-item__title").evaluate_all(  # type: ignore[attr-defined]
        "links => links.map(a => a.getAttribute('href'))")
    return {href.rstrip("/").rsplit("/", 1)[1] for href in hrefs}


def _shown_all(page: object) -> set[str]:
    """Every product the explorer lists, after pressing "Show more" until all are shown (it lists 50 at a time)."""
    more = page.locator(".lp-explorer__more")  # type: ignore[attr-defined]
    while more.is_visible():
        more.click()
    return _shown(page)


def _expected(**filters: str) -> set[str]:
    from test_site import PRODUCTS

    def ok(data: dict, key: str, value: str) -> bool:
        if key == "organisation":
            return value in [data["provider"], *data.get("partners", [])]
        if key == "sdg":
            return int(value) in data.get("sdgs", [])
        if key in ("free", "certificate"):  # a fact the file does not state is "not stated", never a default
            return data.get(key) == {"yes": True, "no": False, "not-stated": None}[value]
        if key == "duration":  # the bands of the issue: under 30 min, 30 min to 2 h, 2 to 10 h, over 10 h
            minutes = duration_minutes(data["duration"]) if "duration" in data else None
            bands = {"under-30-min": (0, 30), "30-min-to-2-h": (30, 120), "2-to-10-h": (120, 600),
                     "over-10-h": (600, float("inf"))}
            return minutes is not None and bands[value][0] <= minutes < bands[value][1]
        field = {"topic": "topics", "audience": "audiences", "language": "languages"}.get(key, key)
        found = data.get(field)
        return value in found if isinstance(found, list) else value == found

    return {i for i, d in PRODUCTS.items() if all(ok(d, k, v) for k, v in filters.items())}


@pytest.mark.parametrize("filters", [
    {"topic": "climate-change"}, {"format": "video-lecture"}, {"audience": "national-government"},
    {"language": "ru"}, {"organisation": "uclg"}, {"sdg": "13"}, {"mode": "scheduled"}, {"free": "yes"},
    {"free": "not-stated"}, {"certificate": "yes"}, {"certificate": "not-stated"}, {"duration": "under-30-min"},
    {"topic": "urban-planning", "audience": "local-government"},
], ids=lambda f: "&".join(f"{k}={v}" for k, v in f.items()))
def test_explorer_filters_from_the_url(browser: object, site_url: str, filters: dict[str, str]) -> None:
    """Loading a filtered address shows exactly the products the catalogue has for those filters, and says how many."""
    query = "&".join(f"{k}={v}" for k, v in filters.items())
    page = _explorer(browser, f"{site_url}catalogue/?{query}")
    expected = _expected(**filters)
    assert _shown_all(page) == expected
    count = page.locator(".lp-explorer__count").inner_text()  # type: ignore[attr-defined]
    assert count == ("1 product" if len(expected) == 1 else f"{len(expected)} products")
    for key, value in filters.items():
        assert page.locator(f"input[name={key}][value='{value}']").is_checked()  # type: ignore[attr-defined]
    page.close()  # type: ignore[attr-defined]


def test_explorer_counts_and_url_state(browser: object, site_url: str) -> None:
    """Counts follow the other filters; clicking updates the address; Back restores; chips remove filters."""
    page = _explorer(browser, f"{site_url}catalogue/")
    option = page.locator("input[name=topic][value=climate-change]")
    label = page.locator("label.lp-option", has=option)
    assert label.locator(".lp-count").inner_text() == f"({len(_expected(topic='climate-change'))})"
    page.locator("input[name=audience][value=local-government]").check()
    assert page.url.endswith("catalogue/?audience=local-government")
    both = _expected(topic="climate-change", audience="local-government")
    assert label.locator(".lp-count").inner_text() == f"({len(both)})"
    hidden = [o for o in page.locator("label.lp-option").all() if not o.is_visible()]
    assert hidden and all(o.locator(".lp-count").inner_text() == "(0)" for o in hidden)
    option.check()
    assert _shown(page) == both
    page.go_back()
    page.locator("#lp-explorer[data-ready='true']").wait_for(state="attached")
    assert page.url.endswith("catalogue/?audience=local-government")
    assert not option.is_checked() and _shown(page) == _expected(audience="local-government")
    page.get_by_role("button", name="Remove filter: Audience: Local government").click()
    assert page.url.endswith("catalogue/") and len(_shown(page)) == min(len(_expected()), 50)
    assert _shown_all(page) == _expected()
    page.close()


def test_explorer_with_the_keyboard(browser: object, site_url: str) -> None:
    """The text box, the filters and the chips work from the keyboard alone."""
    page = _explorer(browser, f"{site_url}catalogue/")
    page.locator("#lp-q").focus()
    page.keyboard.type("xyzzy")
    page.locator("#lp-explorer[data-query='xyzzy']").wait_for(state="attached")
    assert _shown(page) == set()
    page.get_by_role("button", name="Clear the text").focus()  # what a bare zero offers instead
    page.keyboard.press("Enter")
    assert page.locator("#lp-q").input_value() == "" and len(_shown(page)) == min(len(_expected()), 50)
    page.keyboard.type("density")
    page.locator("#lp-explorer[data-query='density']").wait_for(state="attached")
    assert _shown(page) == {"anatomy-of-density"}
    page.locator("input[name=format]").first.focus()
    page.keyboard.press("Space")
    assert page.locator(".lp-chip").count() == 3  # text, format, clear all
    page.locator(".lp-chip--clear").focus()
    page.keyboard.press("Enter")
    assert page.locator(".lp-chip").count() == 0 and _shown_all(page) == _expected()
    page.close()


@pytest.mark.parametrize("query", [
    "topic=__proto__&topic=climate-change&format=constructor&sort=__proto__",
    "topic=toString&topic=climate-change&language=hasOwnProperty&organisation=valueOf",
])
def test_explorer_takes_only_values_the_data_has(browser: object, site_url: str, query: str) -> None:
    """Address values that are names of JavaScript's objects ("__proto__", "toString") select nothing and
    break nothing: the real filter still applies, with its chip and nothing else."""
    page = browser.new_page()  # type: ignore[attr-defined]
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{site_url}catalogue/?{query}", wait_until="networkidle")
    page.locator("#lp-explorer[data-ready='true']").wait_for(state="attached")
    assert errors == []
    assert _shown(page) == _expected(topic="climate-change")
    assert page.locator(".lp-chip").all_inner_texts() == ["Topic: Climate change ×", "Clear all"]
    page.close()


def test_my_list_takes_only_products_that_exist_and_exports_safe_cells(browser: object, site_url: str) -> None:
    """A shared list names only the catalogue's products, each once ("__proto__" or "toString" are none); the
    CSV export writes a title that a spreadsheet would evaluate with an apostrophe before it."""
    context = browser.new_context()  # type: ignore[attr-defined]
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{site_url}my-list/?ids=__proto__,toString,constructor,place-value,hasOwnProperty,place-value",
              wait_until="networkidle")
    page.locator("#lp-my-list[data-ready='true']").wait_for(state="attached")
    assert page.locator("#lp-my-list .lp-item__title").all_inner_texts() == ["Place Value"]
    page.get_by_role("button", name="Add these to my list").click()
    saved = page.evaluate("JSON.parse(localStorage.getItem('lp-my-list'))")
    assert [item["id"] for item in saved] == ["place-value"]
    page.evaluate("""localStorage.setItem('lp-my-list', JSON.stringify([
        {id: 'place-value', title: '=HYPERLINK("http://evil.example","Click")', path: 'products/place-value/'},
        {id: 'making-natures-city', title: '@SUM(1+1)', path: 'products/making-natures-city/'}]))""")
    page.reload(wait_until="networkidle")
    page.locator("#lp-my-list[data-ready='true']").wait_for(state="attached")
    href = page.get_by_role("link", name="Export as CSV").get_attribute("href") or ""
    rows = list(csv.reader(io.StringIO(urllib.parse.unquote(href.split(",", 1)[1]))))
    assert [row[:2] for row in rows] == [["id", "title"], ["place-value", "'=HYPERLINK(\"http://evil.example\",\"Click\")"],
                                         ["making-natures-city", "'@SUM(1+1)"]]
    assert errors == []
    context.close()


def test_my_list_saves_shares_and_exports(browser: object, site_url: str) -> None:
    """A learner saves products, sees them on My list without any request, shares the list, and a friend adds it."""
    context = browser.new_context()  # type: ignore[attr-defined]
    page = context.new_page()
    for product_id in ("place-value", "making-natures-city"):
        page.goto(f"{site_url}products/{product_id}/", wait_until="networkidle")
        save = page.locator("button[data-lp-save]")
        assert save.inner_text() == "Save to my list"
        save.click()
        assert save.get_attribute("aria-pressed") == "true" and save.inner_text() == "Saved to my list (remove)"
    page.goto(f"{site_url}my-list/", wait_until="networkidle")
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.reload(wait_until="networkidle")
    page.locator("#lp-my-list[data-ready='true']").wait_for(state="attached")
    titles = page.locator("#lp-my-list .lp-item__title").all_inner_texts()
    assert titles == ["Place Value", "Making Nature's City"]
    # What was saved is read from the page (its article's id, its heading, its address), as the button carries none.
    assert page.locator("#lp-my-list .lp-item__title").evaluate_all("links => links.map(a => a.href)") == [
        f"{site_url}products/place-value/", f"{site_url}products/making-natures-city/"]
    assert not [r for r in requests if r.endswith(".json")]  # the list itself needs no data from the server
    shared = page.locator("#lp-share").input_value()
    assert shared.endswith("my-list/?ids=place-value,making-natures-city")
    assert page.get_by_role("link", name="Export as CSV").get_attribute("download") == "my-list.csv"
    page.get_by_role("button", name="Remove Place Value from my list").click()
    assert page.locator("#lp-my-list .lp-item__title").all_inner_texts() == ["Making Nature's City"]
    context.close()

    friend = browser.new_context().new_page()  # type: ignore[attr-defined]
    friend.goto(shared, wait_until="networkidle")
    friend.locator("#lp-my-list[data-ready='true']").wait_for(state="attached")
    assert friend.locator(".lp-item__title").all_inner_texts() == ["Place Value", "Making Nature's City"]
    friend.get_by_role("button", name="Add these to my list").click()
    assert friend.locator("#lp-share").input_value().endswith("?ids=place-value,making-natures-city")
    friend.context.close()


ACCESSIBILITY_PAGES = [
    "", "catalogue/?topic=climate-change&language=en", "products/", "products/making-natures-city/", "topics/",
    "topics/climate-change/", "formats/video-lecture/", "audiences/local-government/", "languages/en/",
    "organisations/un-habitat/", "sdgs/11/", "series/global-urban-lectures/", "paths/new-urban-agenda-first-steps/",
    "statistics/", "data/", "my-list/", "about/", "contact/", "privacy/", "licence/", "contribute/",
    "contribute/fields/", "contribute/propose/", "catalogue/all/", "nonexistent-page/",
]
WIDTHS = {"desktop": 1366, "phone": 390}


@pytest.mark.parametrize("path", [*ACCESSIBILITY_PAGES, *(f"ar/{p}" for p in ACCESSIBILITY_PAGES)])
def test_page_has_no_accessibility_violations(browser: object, site_url: str, path: str) -> None:
    """axe-core finds no violation of WCAG 2.2 AA (target size included) or of its best practices on each kind of
    page, in English and Arabic, on a desktop (1366 px) and on a phone (390 px); the explorer with filters applied."""
    page = browser.new_page(viewport={"width": WIDTHS["desktop"], "height": 800})  # type: ignore[attr-defined]
    page.goto(site_url + path)
    page.wait_for_load_state("networkidle")
    if "catalogue/?" in path:
        page.locator("#lp-explorer[data-ready='true']").wait_for(state="attached")
    found = {}
    for name, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 844 if width < 500 else 800})
        page.evaluate("new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(resolve)))")
        found[name] = _axe_violations(page)
    assert found == {"desktop": [], "phone": []}
    page.close()


def test_open_search_with_results_has_no_accessibility_violations(browser: object, site_url: str) -> None:
    """With the search dialog open and showing results, the page behind it is inert and axe-core finds no violation;
    closed, the page is back."""
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(site_url + "products/making-natures-city/")
    page.keyboard.press("/")
    page.keyboard.type("water")
    page.locator("#lp-search-results[data-query='water'] a").first.wait_for()
    page.wait_for_function("document.querySelector('.md-container').inert")  # a modal dialog: the page is inert
    assert _axe_violations(page) == []
    page.keyboard.press("Escape")
    page.wait_for_function("!document.querySelector('.md-container').inert")
    page.close()


def test_product_page_prints_on_one_page_with_its_link_written_out(browser: object, site_url: str) -> None:
    """Printed, a product page fits on one A4 page, without the site's chrome, its access link written out."""
    import re

    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(site_url + "products/making-natures-city/")
    page.emulate_media(media="print")
    assert page.locator(".md-header").is_hidden() and page.locator(".md-sidebar--primary").is_hidden()
    after = page.evaluate("getComputedStyle(document.querySelector('.lp-access a'), '::after').content")
    assert "https://" in after
    pdf = page.pdf(format="A4")
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == 1
    page.close()


def test_offline_edition_works_from_file_urls(browser: object, offline_edition: Path) -> None:
    """Unzipped and opened from file://, the offline edition navigates, searches and filters, requesting nothing else."""
    import yaml

    assert not (offline_edition / "pagefind").exists()
    context = browser.new_context()  # type: ignore[attr-defined]
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto((offline_edition / "index.html").as_uri())
    page.locator(".lp-item__title").first.click()
    page.wait_for_load_state()
    assert "/products/" in page.url and page.url.endswith(".html")
    assert page.locator("article h1").count() == 1

    page.keyboard.press("/")
    page.keyboard.type("nature city")
    results = page.locator("#lp-search-results[data-query='nature city'] a")
    results.first.wait_for()
    assert "making-natures-city.html" in results.first.get_attribute("href")
    results.first.click()
    page.wait_for_load_state()
    assert page.url.endswith("products/making-natures-city.html")

    page.goto((offline_edition / "catalogue/index.html").as_uri() + "?topic=climate-change")
    page.locator("#lp-explorer[data-ready='true']").wait_for(state="attached")
    expected = sorted(path.stem for path in (ROOT / "catalog/products").glob("*.yml")
                      if "climate-change" in (yaml.safe_load(path.read_text(encoding="utf-8")).get("topics") or []))
    shown = page.locator("#lp-explorer .lp-item__title").evaluate_all(
        "links => links.map(a => a.getAttribute('href').split('/').pop().replace('.html', ''))")
    assert sorted(shown) == expected and expected
    assert [url for url in requests if not url.startswith("file://")] == []
    context.close()


def test_arabic_pages_are_mirrored(browser: object, site_url: str) -> None:
    """Arabic pages run right to left: the navigation sits on the right, text starts on the right, English stays LTR."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})  # type: ignore[attr-defined]
    page.goto(site_url + "ar/products/making-natures-city/")
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    nav = page.locator(".md-sidebar--primary").bounding_box()
    content = page.locator(".md-content").bounding_box()
    assert nav["x"] > content["x"]  # the navigation is on the right of the content
    heading = page.locator("article h2").first.bounding_box()
    assert heading["x"] + heading["width"] == pytest.approx(content["x"] + content["width"], abs=40)
    assert page.evaluate("getComputedStyle(document.querySelector('article h1')).direction") == "ltr"
    page.goto(site_url + "ar/catalogue/?topic=climate-change")
    page.locator("#lp-explorer[data-ready='true']").wait_for(state="attached")
    filters = page.locator(".lp-explorer__filters").bounding_box()
    results = page.locator(".lp-explorer__results").bounding_box()
    assert filters["x"] > results["x"]  # the filters column is on the right
    count = len(_expected(topic="climate-change"))
    assert 3 <= count <= 10 and page.locator(".lp-explorer__count").inner_text() == f"{count} منتجات"  # CLDR "few"
    page.close()


def test_language_menu_keeps_the_page_with_the_keyboard(browser: object, site_url: str) -> None:
    """With the keyboard only, the language menu takes a learner to the same product in French, then in Chinese."""
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(site_url + "products/making-natures-city/")
    page.locator(".md-select__link[hreflang=fr]").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/fr/products/making-natures-city/")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("article h2").first.inner_text() == "En bref"
    page.locator(".md-select__link[hreflang=zh]").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/zh/products/making-natures-city/")
    assert page.locator("article h2").first.inner_text() == "概览"
    page.close()


def test_search_on_a_french_page_finds_french_pages(browser: object, site_url: str) -> None:
    """Search on a French page searches the French pages (Pagefind's index of the page's language)."""
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(site_url + "fr/topics/")
    page.keyboard.press("/")
    page.keyboard.type("Conférence vidéo")
    results = page.locator("#lp-search-results[data-query='Conférence vidéo'] a")
    results.first.wait_for()
    hrefs = results.evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert hrefs and all("/fr/" in href for href in hrefs)
    assert page.locator("#lp-search-meta").inner_text().endswith("trouvés")
    page.close()


def test_search_fetches_more_results_on_demand(browser: object, site_url: str) -> None:
    """Search fetches the first eight results; "More results" fetches the next ones and moves the focus to them."""
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(site_url + "topics/")
    page.keyboard.press("/")
    page.keyboard.type("urban")
    links = page.locator("#lp-search-results[data-query='urban'] a")
    links.first.wait_for()
    assert links.count() == 8
    more = page.get_by_role("button", name="More results")
    more.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("document.querySelectorAll('#lp-search-results a').length > 8")
    assert page.evaluate("document.activeElement === document.querySelectorAll('#lp-search-results a')[8]")
    page.close()


def test_offline_search_stays_in_the_page_language(browser: object, offline_edition: Path) -> None:
    """From file://, a search on a Russian page leads to the Russian page of the product."""
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto((offline_edition / "ru/index.html").as_uri())
    page.keyboard.press("/")
    page.keyboard.type("nature city")
    result = page.locator("#lp-search-results[data-query='nature city'] a").first
    result.wait_for()
    assert result.get_attribute("href").endswith("/ru/products/making-natures-city.html")
    page.close()


def _phone(browser: object) -> object:
    """A 390 px phone with a touch screen (tap, not click)."""
    return browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)  # type: ignore[attr-defined]


@pytest.mark.parametrize(("folder", "heading", "search", "privacy"), [
    ("", "Page not found", "Search the site", "Privacy"), ("ar/", "الصفحة غير موجودة", "ابحث في الموقع", "الخصوصية")])
def test_404_page_helps_from_a_deep_path(browser: object, site_url: str, folder: str, heading: str, search: str,
                                         privacy: str) -> None:
    """A missing address deep in a language's folder gets the 404 page in that language, with the site's styles;
    its links lead to the catalogue, the topics and home from that depth, and its search starts from the words of
    the address and finds the product that was meant."""
    context = _phone(browser)
    page = context.new_page()
    response = page.goto(f"{site_url}{folder}products/making-nature-city/", wait_until="networkidle")
    assert response.status == 404
    shown = page.locator(".lp-404:visible")
    assert shown.locator("h1").inner_text() == heading
    assert page.locator("html").get_attribute("lang") == (folder.strip("/") or "en")
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") in ("sticky", "fixed")
    footer = page.locator(".lp-footer-line:visible")
    assert footer.count() == 1 and footer.get_attribute("lang") == (folder.strip("/") or "en")
    assert footer.get_by_role("link", name=privacy).get_attribute("href") == f"{SUB_PATH}{folder}privacy/"
    hrefs = shown.locator("a").evaluate_all("links => links.map(a => a.href)")
    assert hrefs == [f"{site_url}{folder}catalogue/", f"{site_url}{folder}topics/", f"{site_url}{folder or '.'}".rstrip("."),
                     f"{site_url}{folder}contribute/propose/"]
    shown.get_by_role("button", name=search).tap()
    page.wait_for_function("document.activeElement.id === 'lp-search-query'")
    assert page.locator("#lp-search-query").input_value() == "making nature city"
    first = page.locator("#lp-search-results[data-query='making nature city'] a").first
    first.wait_for(timeout=10_000)
    assert (first.get_attribute("href") or "").endswith(f"/{folder}products/making-natures-city/")
    page.keyboard.press("Escape")
    shown.locator("a").first.tap()
    page.wait_for_url(f"{site_url}{folder}catalogue/")
    context.close()


@pytest.mark.parametrize(("folder", "my_list", "privacy"), [("", "My list", "Privacy"), ("ar/", "قائمتي", "الخصوصية")])
def test_menu_footer_and_products_index_by_tap(browser: object, site_url: str, folder: str, my_list: str,
                                                privacy: str) -> None:
    """On a phone, by tap: the menu leads to My list; the footer leads to the pages about the site (and has no
    "Made with" credit); /products/ leads to the products; the language menu to the same page in another language."""
    context = _phone(browser)
    page = context.new_page()
    page.goto(f"{site_url}{folder}", wait_until="networkidle")
    assert page.locator(".md-header .lp-textmark").count() == 1  # the site's mark, no invented emblem
    page.locator("label.md-header__button[for='__drawer']").tap()
    drawer = page.locator(".md-nav--primary")
    drawer.get_by_role("link", name=my_list, exact=True).tap()
    page.wait_for_url(f"{site_url}{folder}my-list/")
    footer = page.locator(".md-footer")
    assert "Made with" not in footer.inner_text() and "Material for MkDocs" not in footer.inner_text()
    links = footer.locator(".lp-footer-links a")
    assert links.evaluate_all("links => links.map(a => a.getAttribute('href'))") == [
        "../about/", "../contact/", "../privacy/", "../licence/", "../contribute/propose/"]
    footer.get_by_role("link", name=privacy, exact=True).tap()
    page.wait_for_url(f"{site_url}{folder}privacy/")
    assert page.locator("article code").first.inner_text() == "lp-my-list"
    page.goto(f"{site_url}{folder}products/", wait_until="networkidle")
    page.locator("article a[href='../catalogue/all/']").tap()
    page.wait_for_url(f"{site_url}{folder}catalogue/all/")
    assert page.locator("article .lp-item__title").count() == len(list((ROOT / "catalog/products").glob("*.yml")))
    other = "ar" if not folder else "en"  # the language menu, by tap, keeps the page
    page.locator(".md-select button").tap()
    page.locator(f".md-select__link[hreflang={other}]").tap()
    page.wait_for_url(f"{site_url}{'' if other == 'en' else other + '/'}catalogue/all/")
    context.close()


def test_contact_page_leads_to_the_repository(browser: object, site_url: str) -> None:
    """The Contact page sends learners to the repository's issue forms (the repository of edit_uri), no e-mail."""
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(site_url + "contact/")
    hrefs = page.locator("article a").evaluate_all("links => links.map(a => a.href)")
    repository = "https://github.com/un-habitat/urban-agenda-learning-page"
    assert hrefs == [f"{repository}/issues/new?template=suggest-a-product.yml",
                     f"{repository}/issues/new?template=report-a-broken-link.yml", f"{repository}/issues"]
    assert "@" not in page.locator("article").inner_text()
    page.close()


def test_the_site_keeps_nothing_but_my_list(browser: object, site_url: str) -> None:
    """What the Privacy page says: after browsing, searching, filtering and saving a product, the browser holds no
    cookie and no storage but My list."""
    context = browser.new_context()  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(site_url, wait_until="networkidle")
    page.keyboard.press("/")
    page.keyboard.type("water")
    page.locator("#lp-search-results[data-query='water'] a").first.wait_for()
    page.goto(site_url + "catalogue/?topic=climate-change", wait_until="networkidle")
    page.goto(site_url + "products/making-natures-city/", wait_until="networkidle")
    page.locator("button[data-lp-save]").click()
    page.goto(site_url + "ar/my-list/", wait_until="networkidle")
    assert context.cookies() == []
    assert page.evaluate("Object.keys(localStorage)") == ["lp-my-list"]
    assert page.evaluate("Object.keys(sessionStorage)") == []
    context.close()


def test_statistics_charts_are_readable_on_a_phone(browser: object, site_url: str) -> None:
    """On a 390 px phone the charts' labels are text of at least 12 px and nothing scrolls sideways."""
    context = _phone(browser)
    page = context.new_page()
    page.goto(site_url + "statistics/", wait_until="networkidle")
    sizes = page.locator(".lp-bars__label").evaluate_all(
        "labels => labels.map(l => parseFloat(getComputedStyle(l).fontSize))")
    assert sizes and min(sizes) >= 12
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()


# -- Finding and reading (issue 12): search on every device, the explorer's text box, honest facts, cards, phones,
#    shared addresses, and Arabic that reads right. --------------------------------------------------------------

PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}
DESKTOP = {"viewport": {"width": 1366, "height": 900}}


def _context(browser: object, device: dict) -> object:
    return browser.new_context(**device)  # type: ignore[attr-defined]


def _visible_icons(page: object) -> int:
    return page.evaluate(  # type: ignore[attr-defined]
        "[...document.querySelectorAll('.md-search__icon[for=__search] svg')].filter(s => s.getBoundingClientRect().width).length")


@pytest.mark.parametrize("interface", ["", "ar/"])
@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_search_opens_with_the_field_focused(browser: object, site_url: str, device: str, interface: str) -> None:
    """One click (desktop: in the header's field) or one tap (phone: on the search icon) opens the search with the
    field focused, so what the learner types is searched; one icon shows in the field, never the arrow over the
    magnifier."""
    context = _context(browser, PHONE if device == "phone" else DESKTOP)
    page = context.new_page()
    page.goto(site_url + interface, wait_until="networkidle")
    if device == "phone":
        page.tap("label.md-header__button[for=__search]")
    else:
        assert page.locator(".lp-search__key").is_visible()  # the "/" shortcut, shown where there is a keyboard
        page.click("#lp-search-query")
    assert page.evaluate("document.activeElement.id") == "lp-search-query"
    assert page.locator("#__search").is_checked()
    assert _visible_icons(page) == 1
    assert page.locator("#lp-search-hint").is_visible() == (device == "desktop")
    page.keyboard.type("housing")
    results = page.locator("#lp-search-results[data-query='housing'] a")
    results.first.wait_for()
    assert results.first.is_visible()
    context.close()


FOCUS = """(el => el.id === 'lp-search-query' ? 'field' : el.closest('[data-lp-search]') ? 'dialog'
    : el.closest('.md-container') ? 'page' : el.closest('.md-header') ? 'header' : el.tagName)(document.activeElement)"""


@pytest.mark.parametrize("interface", ["", "ar/"])
def test_the_keyboard_passes_the_search_field(browser: object, site_url: str, interface: str) -> None:
    """Tab through the header opens the search on its field (one stop) and goes on into the page, with the dialog
    closed and the page no longer inert; Shift+Tab from the field goes back to the header; with results shown, Tab
    goes through them and then on into the page (no keyboard trap, WCAG 2.1.2)."""
    page = _context(browser, DESKTOP).new_page()  # type: ignore[attr-defined]
    page.goto(site_url + interface, wait_until="networkidle")
    stops = []
    while "page" not in stops and len(stops) < 30:
        page.keyboard.press("Tab")
        stops.append(page.evaluate(FOCUS))
    assert stops.count("field") == 1 and stops[-1] == "page", stops
    assert not page.locator("#__search").is_checked()
    assert not page.evaluate("document.querySelector('.md-container').inert")
    page.keyboard.press("Shift+Tab")
    assert page.evaluate(FOCUS) == "field" and page.locator("#__search").is_checked()
    page.keyboard.press("Shift+Tab")
    assert page.evaluate(FOCUS) == "header" and not page.locator("#__search").is_checked()
    page.keyboard.press("Tab")
    page.keyboard.type("housing")
    page.locator("#lp-search-results[data-query='housing'] a").first.wait_for()
    stops = []
    while "page" not in stops and len(stops) < 30:
        page.keyboard.press("Tab")
        stops.append(page.evaluate(FOCUS))
    assert "dialog" in stops and stops[-1] == "page", stops
    assert not page.locator("#__search").is_checked()
    page.context.close()


def test_the_slash_shortcut_is_told_in_each_language(browser: object, site_url: str) -> None:
    """The dialog tells desktop users about "/" in the page's language."""
    page = _context(browser, DESKTOP).new_page()  # type: ignore[attr-defined]
    page.goto(site_url + "fr/", wait_until="networkidle")
    page.keyboard.press("/")
    assert page.locator("#lp-search-hint").inner_text() == (
        "Appuyez sur / depuis n'importe quelle page pour rechercher. Les flèches parcourent les résultats, "
        "Entrée en ouvre un, Échap ferme.")
    assert page.locator("#lp-search-query").get_attribute("aria-keyshortcuts") == "/"
    page.context.close()


def test_offline_search_opens_with_one_tap(browser: object, offline_edition: Path) -> None:
    """In the offline edition, on a phone, one tap opens the search with the field focused, and it finds; the
    explorer's text box and cards work from disk too."""
    context = _context(browser, PHONE)
    page = context.new_page()
    page.goto((offline_edition / "ar/index.html").as_uri())
    page.tap("label.md-header__button[for=__search]")
    assert page.evaluate("document.activeElement.id") == "lp-search-query"
    page.keyboard.type("nature city")
    result = page.locator("#lp-search-results[data-query='nature city'] a").first
    result.wait_for()
    assert result.get_attribute("href").endswith("/ar/products/making-natures-city.html")
    assert result.locator(".md-search-result__teaser").inner_text().startswith("Robin Grossinger")  # the summary
    page.goto((offline_edition / "catalogue/index.html").as_uri() + "?q=grossinger")
    page.locator("#lp-explorer[data-query='grossinger']").wait_for(state="attached")
    summary = page.locator(".lp-explorer__results .lp-item__summary").first
    summary.wait_for()
    assert _shown(page) == {"making-natures-city.html"} and summary.inner_text().startswith("Robin Grossinger")
    # A browse page's brief list gets its summaries from disk too (one script of every summary).
    page.goto((offline_edition / f"ar/topics/{PRODUCTS['making-natures-city']['topics'][0]}.html").as_uri())
    line = page.locator(".lp-list--brief > li", has=page.locator("a[href$='products/making-natures-city.html']"))
    line.scroll_into_view_if_needed()
    line.locator(".lp-item__summary[lang=en][dir=ltr]").wait_for()
    assert line.locator(".lp-item__summary").inner_text().startswith("Robin Grossinger")
    context.close()


def _search(page: object, query: str) -> list[str]:
    """The addresses of every result of a search (pressing "More results" until there is none)."""
    page.keyboard.press("/")  # type: ignore[attr-defined]
    page.keyboard.type(query)  # type: ignore[attr-defined]
    links = page.locator(f"#lp-search-results[data-query='{query}'] a.md-search-result__link")  # type: ignore[attr-defined]
    links.first.wait_for()
    more = page.locator(".lp-search-more__button")  # type: ignore[attr-defined]
    while more.count():
        shown = links.count()
        more.click()
        page.wait_for_function(f"document.querySelectorAll('#lp-search-results a').length > {shown}")  # type: ignore[attr-defined]
    return [href.split("/learning-page/", 1)[1] for href in links.evaluate_all("a => a.map(x => x.getAttribute('href'))")]


def test_search_lists_learners_pages_before_contributor_pages(browser: object, site_url: str) -> None:
    """For "housing" a learner gets products, then browse pages, and contributor pages (field reference,
    statistics, Contribute) only after them; from the Contribute section, those come first. Excerpts are summaries."""
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(site_url, wait_until="networkidle")
    found = _search(page, "housing")
    contributor = [i for i, url in enumerate(found) if url.startswith(("contribute/", "statistics/", "data/"))]
    learner = [i for i, url in enumerate(found) if i not in contributor]
    assert learner and contributor and max(learner) < min(contributor)
    assert found[0].startswith("products/") and "topics/housing-and-slum-upgrading/" in found
    summary = " ".join(PRODUCTS[found[0].split("/")[1]]["summary"].split())
    assert page.locator(".md-search-result__teaser").first.inner_text() == summary
    page.goto(site_url + "contribute/", wait_until="networkidle")
    assert _search(page, "housing")[0].startswith(("contribute/", "statistics/", "data/"))
    # A word only the summary has (the summary is indexed once, as the result's summary) finds the product.
    import re

    data = PRODUCTS["making-natures-city"]
    elsewhere = " ".join(str(v) for k, v in data.items() if k != "summary").lower()
    word = next(w for w in re.findall(r"[a-z]{6,}", data["summary"].lower()) if w not in elsewhere)
    page.goto(site_url, wait_until="networkidle")
    assert "products/making-natures-city/" in _search(page, word)
    page.close()


def test_french_search_is_not_misled_by_english_text(browser: object, site_url: str) -> None:
    """On /fr/, "logement" (housing) finds the French housing pages, not a page whose English text says "log in"."""
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(site_url + "fr/", wait_until="networkidle")
    found = _search(page, "logement")
    assert "fr/topics/housing-and-slum-upgrading/" in found
    log_in = [i for i, d in PRODUCTS.items() if "log in" in " ".join(str(v) for v in d.values())]
    assert log_in and not [url for url in found if any(f"products/{i}/" in url for i in log_in)]
    page.close()


def test_search_results_keep_a_title_that_starts_with_a_number_in_order_on_arabic_pages(browser: object,
                                                                                        site_url: str) -> None:
    """"10 things designers need to work on" stays "10 things..." in an Arabic page's results: isolated, left to
    right, and aligned like the page."""
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(site_url + "ar/", wait_until="networkidle")
    _search(page, "designers")
    heading = page.locator(".md-search-result__article h1", has_text="10 things designers need to work on").first
    assert heading.get_attribute("dir") == "auto"
    assert heading.evaluate("h => [getComputedStyle(h).direction, getComputedStyle(h).textAlign]") == ["ltr", "right"]
    page.close()


def _topic_products(topic: str) -> set[str]:
    return {i for i, d in PRODUCTS.items() if topic in d["topics"]}


def _type(page: object, text: str) -> None:
    page.locator("#lp-q").fill(text)  # type: ignore[attr-defined]
    page.locator(f"#lp-explorer[data-query='{text}']").wait_for(state="attached")  # type: ignore[attr-defined]


@pytest.mark.parametrize("device", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_explorer_text_box_finds_housing_and_offers_the_topic(browser: object, site_url: str, device: dict) -> None:
    """"housing" finds every product of the topic Housing, and offers the topic with its count; taking the offer
    filters by the topic."""
    page = _context(browser, device).new_page()  # type: ignore[attr-defined]
    page.goto(f"{site_url}catalogue/", wait_until="networkidle")
    page.locator("#lp-explorer[data-ready='true']").wait_for(state="attached")
    _type(page, "housing")
    housing = _topic_products("housing-and-slum-upgrading")
    assert housing and housing <= _shown(page)
    offer = page.locator(".lp-chip--offer", has_text="Topic: Housing and slum upgrading")
    assert offer.inner_text() == f"Topic: Housing and slum upgrading ({len(housing)})"
    offer.click()
    assert page.url.endswith("catalogue/?topic=housing-and-slum-upgrading") and _shown(page) == housing
    page.context.close()


SHIFTS = """window.lpShifts = [];
new PerformanceObserver(list => { for (const entry of list.getEntries()) for (const source of entry.sources || []) {
  const node = source.node && (source.node.nodeType === 1 ? source.node : source.node.parentElement);
  window.lpShifts.push(node ? (node.closest('footer') ? 'footer' : node.nodeName) : '?'); } })
  .observe({type: 'layout-shift', buffered: true});"""


@pytest.mark.parametrize("device", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_explorer_does_not_push_the_footer(browser: object, site_url: str, device: dict) -> None:
    """While explorer.js draws the filters and cards, the footer stays where it is (its place is kept until the
    script has drawn): no layout shift moves it under the learner's eyes."""
    page = _context(browser, device).new_page()  # type: ignore[attr-defined]
    page.add_init_script(SHIFTS)
    page.goto(f"{site_url}catalogue/?topic=climate-change", wait_until="networkidle")
    page.locator("#lp-explorer[data-ready='true']").wait_for(state="attached")
    page.wait_for_timeout(300)
    assert "footer" not in page.evaluate("window.lpShifts")
    page.context.close()


def _words(data: dict) -> str:
    """What the explorer's text box searches for a product (English): titles, summaries, topics, format, audiences,
    people, provider; not partners."""
    texts = [data["title"], data["summary"]]
    texts = [t if isinstance(t, str) else " ".join(t.values()) for t in texts]
    texts += [VOCAB["topics"][t]["label"] for t in data["topics"]] + [VOCAB["formats"][data["format"]]["label"]]
    texts += [VOCAB["audiences"][a]["label"] for a in data["audiences"]]
    texts += [VOCAB["organisations"][data["provider"]]["label"]]
    texts += [f"{p['name']} {p.get('affiliation', '')}" for p in data.get("people", [])]
    return " ".join(texts)


def test_explorer_text_box_does_not_match_only_through_a_partner(browser: object, site_url: str) -> None:
    """"climate" lists the products whose title, summary, topics or people speak of climate, and offers the
    partners whose names have it as filters instead of listing their products."""
    import re

    page = _explorer(browser, f"{site_url}catalogue/")
    _type(page, "climate")
    expected = {i for i, d in PRODUCTS.items() if re.search(r"\bclimate", _words(d), re.IGNORECASE)}
    assert expected and _shown(page) == expected
    partners = [t["label"] for t in VOCAB["organisations"].values() if "climate" in t["label"].lower()]
    offers = page.locator(".lp-chip--offer").all_inner_texts()
    assert partners and all(any(f"Provider or partner: {name} (" in offer for offer in offers) for name in partners)
    page.close()


def test_explorer_never_ends_on_a_bare_zero(browser: object, site_url: str) -> None:
    """Words that match nothing say so, and offer to clear them."""
    page = _explorer(browser, f"{site_url}catalogue/?topic=land")
    _type(page, "xyzzy")
    assert page.locator(".lp-explorer__help").inner_text().splitlines()[0] == "No product matches “xyzzy”."
    assert page.get_by_role("button", name="Clear the text").is_visible()
    assert page.get_by_role("button", name="Clear the filters").is_visible()
    page.close()


def test_a_product_without_a_stated_cost_never_reads_free(browser: object, site_url: str) -> None:
    """A product whose file does not state `free` or `certificate` reads "not stated" on its page and in the
    explorer's cost filter, and is never counted as free."""
    unstated = sorted(i for i, d in PRODUCTS.items() if "free" not in d)
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(f"{site_url}products/{unstated[0]}/")
    facts = page.locator(".lp-facts").inner_text()
    assert "Cost\nnot stated" in facts and "Certificate\nnot stated" in facts and "Free" not in facts
    page = _explorer(browser, f"{site_url}catalogue/?free=yes")
    assert not set(unstated) & _shown(page)
    option = page.locator("label.lp-option", has=page.locator("input[name=free][value=not-stated]"))
    assert option.inner_text() == f"Not stated ({len(unstated)})"
    page.close()


def test_cards_show_summary_duration_languages_and_status(browser: object, site_url: str) -> None:
    """An explorer card and a browse page's card show the summary, the duration or that it is not stated, the
    languages and a visible status; archived products come last under "Newest first" and are never new."""
    archived = {i for i, d in PRODUCTS.items() if d.get("status") == "archived"}
    one = sorted(archived)[0]
    page = _explorer(browser, f"{site_url}catalogue/")
    _shown_all(page)
    card = page.locator(".lp-explorer__results .lp-item", has=page.locator(f"a[href$='products/{one}/']"))
    card.scroll_into_view_if_needed()
    card.locator(".lp-item__summary").wait_for()
    assert card.locator(".lp-item__summary").inner_text() == " ".join(PRODUCTS[one]["summary"].split())
    meta = card.locator(".lp-item__meta").inner_text()
    assert meta.startswith("Archived ") and ("duration not stated" in meta) == ("duration" not in PRODUCTS[one])
    order = list(page.locator(".lp-explorer__results .lp-item__title").evaluate_all(
        "links => links.map(a => a.getAttribute('href').split('/').filter(Boolean).pop())"))
    assert set(order[-len(archived):]) == archived
    page.goto(f"{site_url}topics/{PRODUCTS[one]['topics'][0]}/")
    # A browse page's brief list (#10: no summaries in its HTML) shows the summary when the line comes into view.
    browse = page.locator(".lp-list--brief > li", has=page.locator(f"a[href$='products/{one}/']"))
    assert browse.locator(".lp-badge").inner_text() == "Archived"
    assert "lp-item__summary" not in (page.request.get(page.url).text())
    browse.scroll_into_view_if_needed()
    browse.locator(".lp-item__summary").wait_for()
    assert browse.locator(".lp-item__summary").inner_text() == " ".join(PRODUCTS[one]["summary"].split())
    page.goto(site_url)
    new = page.locator("h2:has-text('New and recently updated') + ul .lp-item__title").evaluate_all(
        "links => links.map(a => a.getAttribute('href').split('/').filter(Boolean).pop())")
    assert new and not set(new) & archived
    page.close()


def test_phone_filters_open_close_and_lead_to_the_results(browser: object, site_url: str) -> None:
    """On a phone the filters are a panel with a button (aria-expanded); after ticking a topic, "Show N products"
    closes it onto the results, which are then in sight; every control is at least 24 × 24 px."""
    context = _context(browser, PHONE)
    page = context.new_page()
    page.goto(f"{site_url}catalogue/", wait_until="networkidle")
    page.locator("#lp-explorer[data-ready='true']").wait_for(state="attached")
    toggle = page.locator(".lp-explorer__toggle")
    assert toggle.get_attribute("aria-expanded") == "false" and not page.locator("#lp-filters").is_visible()
    count = page.locator(".lp-explorer__count").bounding_box()
    assert count["y"] < 844  # closed, the panel takes no room: the results are in the first screen
    toggle.tap()
    assert toggle.get_attribute("aria-expanded") == "true" and page.locator("#lp-filters").is_visible()
    small = page.evaluate("""() => [...document.querySelectorAll(
        '#lp-explorer button, #lp-explorer select, #lp-explorer input[type=search], #lp-explorer label.lp-option')]
        .filter(e => e.getBoundingClientRect().width)
        .map(e => [e.textContent.trim().slice(0, 30), e.getBoundingClientRect().width, e.getBoundingClientRect().height])
        .filter(([, w, h]) => w < 24 || h < 24)""")
    assert small == []
    housing = _topic_products("housing-and-slum-upgrading")
    page.locator("label.lp-option", has=page.locator("input[value=housing-and-slum-upgrading]")).tap()
    show = page.locator(".lp-explorer__show")
    assert show.inner_text() == f"Show {len(housing)} products" and show.is_visible()
    box = show.bounding_box()
    assert 0 <= box["y"] and box["y"] + box["height"] <= 844  # in sight, wherever the list of filters ends
    show.tap()
    assert toggle.get_attribute("aria-expanded") == "false"
    top = page.locator(".lp-explorer__results .lp-item").first.bounding_box()
    assert 0 <= top["y"] < 844 and _shown(page) == housing
    context.close()


@pytest.mark.parametrize(("address", "expected", "notice"), [
    ("?provider=uclg", {"organisation": "uclg"}, ""),
    ("?partners=uclg", {"organisation": "uclg"}, ""),
    ("?topics=land&colour=red", {"topic": "land"}, "colour=red"),
    ("?organisation=nobody&sort=best", {}, "organisation=nobody and sort=best"),
])
def test_shared_addresses_use_the_catalogue_names_and_say_what_is_unknown(browser: object, site_url: str, address: str,
                                                                          expected: dict, notice: str) -> None:
    """The explorer takes the catalogue's field names (provider, partners, topics...) and says which parts of an
    address it does not know, instead of silently showing everything."""
    page = _explorer(browser, f"{site_url}catalogue/{address}")
    assert _shown_all(page) == _expected(**expected)
    shown = page.locator(".lp-explorer__notice")
    if notice:
        assert shown.inner_text() == (
            f"This address has parts the catalogue does not know, so they are not applied: {notice}.")
    else:
        assert not shown.is_visible()
    page.close()


ARABIC_COMMA = r"[\u0600-\u06ff]\s*,\s*[\u0600-\u06ff]"


def test_arabic_reads_right(browser: object, site_url: str) -> None:
    """On Arabic pages no Latin comma sits between Arabic words (lists follow the CLDR's Arabic pattern), an English
    title and summary align like the page, and the site's name is in Arabic."""
    import re

    many = max(PRODUCTS, key=lambda i: len(PRODUCTS[i]["topics"]) + len(PRODUCTS[i]["languages"]))
    page = browser.new_page(viewport={"width": 1366, "height": 900})  # type: ignore[attr-defined]
    page.goto(f"{site_url}ar/products/{many}/")
    assert not re.search(ARABIC_COMMA, page.locator("article.lp-product").inner_text())
    for selector in ("article h1", "article .lp-summary"):
        element = page.locator(selector)
        ends = element.evaluate("""e => { const r = document.createRange(); r.selectNodeContents(e);
            const lines = r.getClientRects(); return [lines[lines.length - 1].right, e.getBoundingClientRect().right]; }""")
        assert ends[0] == pytest.approx(ends[1], abs=2), selector
    assert page.locator(".md-header__topic .md-ellipsis").first.inner_text() == "صفحة التعلّم للخطة الحضرية"
    assert page.title().endswith(" - صفحة التعلّم للخطة الحضرية")
    page.goto(f"{site_url}ar/catalogue/")
    page.locator("#lp-explorer[data-ready='true']").wait_for(state="attached")
    assert not re.search(ARABIC_COMMA, page.locator(".lp-explorer__results").inner_text())
    page.close()


def test_on_a_phone_product_pages_show_the_tabs_and_pages_in_the_navigation_the_menu(browser: object,
                                                                                      site_url: str) -> None:
    """On a 390 px phone a product page (no drawer: it repeats on thousands of pages) shows the tabs, which scroll
    sideways and lead on a tap, and its search opens and takes a query; a page in the navigation keeps its menu
    button and drawer. axe-core finds no violation on either."""
    context = _phone(browser)
    page = context.new_page()
    page.goto(site_url + "fr/products/making-natures-city/")
    tabs = page.locator(".md-tabs")
    assert tabs.is_visible() and page.locator("label.md-header__button[for='__drawer']").count() == 0
    assert page.evaluate("document.querySelector('.md-tabs__list').scrollWidth > 390")  # the strip scrolls
    assert _axe_violations(page) == []
    page.locator("label.md-header__button[for='__search']").tap()
    page.locator("#lp-search-query").fill("nature")
    page.locator("#lp-search-results[data-query='nature'] a").first.wait_for()
    page.goto(site_url + "fr/products/making-natures-city/")
    page.locator(".md-tabs__link", has_text="Catalogue").tap()
    page.wait_for_url("**/fr/catalogue/")
    page.goto(site_url + "topics/")
    assert not page.locator(".md-tabs").is_visible()
    page.locator("label.md-header__button[for='__drawer']").tap()
    page.locator(".md-nav--primary .md-nav__link", has_text="Formats").first.wait_for(state="visible")
    assert _axe_violations(page) == []
    context.close()
