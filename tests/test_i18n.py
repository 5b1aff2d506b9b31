"""The site in the six UN languages: every page's language and direction, the language menu, translated
interface strings, catalogue text shown in its own language, and the values Babel formats."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin

import pytest
from conftest import SUB_PATH

from learning_catalog.contract.model import Duration
from learning_catalog.site import i18n

OTHERS = ("ar", "es", "fr", "ru", "zh")


@pytest.fixture(scope="module")
def real_catalogue() -> object:
    """The real catalogue, with its translations."""
    from conftest import ROOT

    from learning_catalog import load_catalogue

    return load_catalogue(ROOT)
PAGES = ("", "catalogue/", "catalogue/all/", "products/making-natures-city/", "topics/climate-change/",
         "sdgs/11/", "series/global-urban-lectures/", "paths/new-urban-agenda-first-steps/", "about/", "my-list/",
         "contribute/", "statistics/")


def html_of(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def test_every_page_declares_its_language_and_direction(real_site: Path) -> None:
    """<html lang> is the page's folder language on every page; Arabic pages are laid out right to left."""
    wrong = []
    for html_file in real_site.rglob("*.html"):
        parts = html_file.relative_to(real_site).parts
        if parts[0] in ("pagefind", "pagefind-languages", "assets") or html_file.name == "404.html":
            continue
        language = parts[0] if parts[0] in OTHERS else "en"
        text = html_file.read_text(encoding="utf-8")
        direction = "rtl" if language == "ar" else "ltr"
        if f'<html lang="{language}"' not in text or f'<body dir="{direction}"' not in text:
            wrong.append("/".join(parts))
    assert wrong == []
    assert len(list((real_site / "fr/products").iterdir())) == len(list((real_site / "products").iterdir()))


@pytest.mark.parametrize("path", PAGES)
def test_language_menu_leads_to_the_same_page_in_each_language(real_site: Path, path: str) -> None:
    """From each page in each language, the language menu links to that page in the six languages."""
    for language in ("", *(f"{code}/" for code in OTHERS)):
        here = SUB_PATH + language + path
        menu = dict(re.findall(r'<a href="([^"]*)" hreflang="([a-z]+)" lang="\2" class="md-select__link"',
                               html_of(real_site, language + path)))
        targets = {code: urljoin(here, href) for href, code in menu.items()}
        assert targets == {code: SUB_PATH + ("" if code == "en" else f"{code}/") + path
                           for code in ("en", *OTHERS)}, here
        for target in targets.values():
            assert (real_site / target.removeprefix(SUB_PATH) / "index.html").is_file(), target


def test_interface_and_vocabulary_are_translated(real_site: Path) -> None:
    """A product page says its labels, vocabulary terms, values and dates in the page's language."""
    french = html_of(real_site, "fr/products/making-natures-city/")
    for text in ("<h2>En bref</h2>", "<dt>Fournisseur</dt>", ">Conférence vidéo</a>", ">ONU-Habitat</a>",
                 ">Gratuit</dd>", ">7 juillet 2020</time>", ">15 min</time>", "ODD 11 : Villes et communautés durables",
                 "Ouvrir sur uni.unhabitat.org", "Données du catalogue : ONU-Habitat et ses partenaires",
                 '>Confidentialité</a>', '<a href="../../contact/">Contact</a>'):
        assert text in french, text
    arabic = html_of(real_site, "ar/products/making-natures-city/")
    for text in ("<h2>لمحة سريعة</h2>", ">محاضرة مصوّرة</a>", ">موئل الأمم المتحدة</a>", "7 يوليو 2020",
                 "الهدف 11: مدن ومجتمعات محلية مستدامة"):
        assert text in arabic, text
    chinese = html_of(real_site, "zh/topics/climate-change/")
    assert "<h1>气候变化</h1>" in chinese and "个产品" in chinese
    assert 'aria-label="Поиск"' in html_of(real_site, "ru/")  # Material's own strings, in Russian


def test_untranslated_catalogue_text_shows_in_its_language(real_site: Path) -> None:
    """Catalogue text without a translation is shown as written, marked with its language (and direction)."""
    french = html_of(real_site, "fr/products/making-natures-city/")
    assert '<h1 lang="en">Making Nature&#39;s City</h1>' in french
    assert '<div class="lp-description" lang="en">' in french
    arabic = html_of(real_site, "ar/products/making-natures-city/")
    assert '<h1 lang="en" dir="ltr">Making Nature&#39;s City</h1>' in arabic
    assert '<li><span lang="en" dir="ltr"><strong>Robin Grossinger</strong>, Lecturer' in arabic  # one phrase
    english = html_of(real_site, "products/making-natures-city/")
    assert "<h1>Making Nature&#39;s City</h1>" in english and 'lang="en"' not in english.split("<article", 1)[1]


def test_pages_in_english_only_say_so(real_site: Path) -> None:
    """Hand-written pages and the contributors' reference keep the language's menus and mark their English text;
    the pages about the site are translated."""
    contribute = html_of(real_site, "es/contribute/")
    assert '<p class="lp-status" role="note">Esta página solo está en inglés.</p>' in contribute
    assert '<div class="lp-untranslated" lang="en" dir="ltr">' in contribute
    about = html_of(real_site, "es/about/")
    assert "<h1>Acerca de la Página de aprendizaje</h1>" in about and "lp-untranslated" not in about  # its name too
    fields = html_of(real_site, "ar/contribute/fields/")
    assert "هذه الصفحة متاحة بالإنكليزية فقط." in fields and 'lang="en" dir="ltr"' in fields


def test_products_in_a_language_are_one_step_away(real_site: Path) -> None:
    """The home page of a language leads to its products in that language, or says there are none yet."""
    spanish = html_of(real_site, "es/")
    assert 'href="languages/es/">Productos disponibles en español</a>' in spanish
    french = html_of(real_site, "fr/")
    assert 'href="languages/fr/">Produits disponibles en français</a>' in french
    chinese = html_of(real_site, "zh/")
    assert "尚无中文产品；下列产品以其原文语言显示。" in chinese


def test_explorer_data_speaks_each_language(real_site: Path) -> None:
    """Each language's explorer reads filter and value names in its language."""
    import json

    data = json.loads((real_site / "fr/catalogue/explorer.json").read_text(encoding="utf-8"))
    facets = {facet["param"]: facet for facet in data["facets"]}
    assert facets["topic"]["label"] == "Thème"
    assert ["climate-change", "Changements climatiques"] in facets["topic"]["values"]
    assert facets["free"]["values"][0] == ["yes", "Gratuit"]
    strings = re.search(r'data-strings="([^"]*)"', html_of(real_site, "ru/catalogue/")).group(1)
    assert "&#34;%(num)s product&#34;:{&#34;one&#34;:&#34;%(num)s материал&#34;" in strings


@pytest.mark.parametrize(("language", "date", "month", "duration", "weeks"), [
    ("en", "7 July 2020", "July 2020", "1 h 30 min", "3 weeks"),
    ("fr", "7 juillet 2020", "juillet 2020", "1 h 30 min", "3 semaines"),
    ("es", "7 de julio de 2020", "julio de 2020", "1 h 30 min", "3 semanas"),
    ("ru", "7 июля 2020\u202fг.", "июль 2020\u202fг.", "1 ч 30 мин", "3 недели"),
    ("ar", "7 يوليو 2020", "يوليو 2020", "1 س 30 د", "3 أسابيع"),
    ("zh", "2020年7月7日", "2020年7月", "1 小时 30 分钟", "3 周"),
])
def test_dates_and_durations_in_each_language(real_catalogue: object, language: str, date: str, month: str,
                                               duration: str, weeks: str) -> None:
    """Dates read as the language writes them (Babel's CLDR data); durations with the translated units."""
    t = i18n.translation(real_catalogue, language)  # type: ignore[arg-type]
    assert (t.date("2020-07-07"), t.date("2020-07"), t.date("2020")) == (date, month, "2020")
    assert t.duration(Duration(iso="PT90M", minutes=90)) == duration
    assert t.duration(Duration(iso="P3W", minutes=3 * 7 * 24 * 60)) == weeks


def test_a_translation_cannot_carry_markup(tmp_path: Path) -> None:
    """A translation is text: markup in it is escaped, in pages and in the navigation."""
    from conftest import make_project, mkdocs_build, product, write_catalogue

    hostile = '"At a glance": "<script>alert(1)</script>"\n"Home": "<b>Accueil</b>"\n'
    root = make_project(write_catalogue(tmp_path, {"products/place-value.yml": product(), "translations/fr.yml": hostile}))
    assert mkdocs_build(root).returncode == 0
    page = (root / "site/fr/products/place-value/index.html").read_text(encoding="utf-8")
    assert "<h2>&lt;script&gt;alert(1)&lt;/script&gt;</h2>" in page and "<script>alert(1)" not in page
    assert "&lt;b&gt;Accueil&lt;/b&gt;" in page and "<b>Accueil</b>" not in page
