"""Synthetic catalogues of any size, for scale tests (and benchmarks).

Products use the real vocabularies and series, realistic field lengths and several
languages. Their text follows Zipf's law, as real text does: a few function words in
almost every product, topical words ("planning", "climate") in some, and a long tail of
rarer words, so that a search index is as large and as skewed as a real catalogue's. They
are generated deterministically from a seed.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]

_FUNCTION_WORDS = {
    "en": "the and of for to in with on".split(),
    "fr": "le la les de et pour dans des".split(),
    "es": "el la los de y para en con".split(),
    "ru": "и в на для с по из от".split(),
    "ar": "في من على إلى مع عن".split(),
    "zh": "的 和 在 与 对 为".split(),
}
_LETTERS = {
    "en": "abcdefghilmnoprstuvw", "fr": "abcdeéèfgilmnoprstuv", "es": "abcdeéfgilmnñoprstuv",
    "ru": "абвгдежзиклмнопрстуя", "ar": "ابتثجحدرزسشصطعفقكلمن", "zh": "城市规划住房韧性金融气候公共空间土地治理交通水密度参与数据发展社区",
}
_TAIL = 3000  # rarer words per language
_WORDS = {
    "en": "urban planning resilient housing finance climate public space land governance mobility water "
          "density informal settlements participation local government data monitoring".split(),
    "fr": "urbanisme logement résilience finances climat espace public foncier gouvernance mobilité eau "
          "densité quartiers informels participation collectivités données".split(),
    "es": "planificación urbana vivienda resiliencia finanzas clima espacio público suelo gobernanza movilidad "
          "agua densidad asentamientos participación municipios datos".split(),
    "ru": "городское планирование жильё устойчивость финансы климат общественное пространство земля "
          "управление мобильность вода плотность участие муниципалитеты данные".split(),
    "ar": "التخطيط الحضري الإسكان الصمود التمويل المناخ الفضاء العام الأراضي الحوكمة التنقل المياه الكثافة".split(),
    "zh": "城市 规划 住房 韧性 金融 气候 公共 空间 土地 治理 交通 水 密度 参与 数据".split(),
}


def _vocabulary(language: str, rng: random.Random) -> tuple[list[str], list[float]]:
    """Words of a language, most frequent first, and their Zipf weights (1 / rank).

    Function words come first; the topical words follow from rank 30, four ranks apart, so
    that "planning" is in about a third of a language's products, as in the real catalogue.
    """
    letters = _LETTERS[language]
    size = (1, 2) if language == "zh" else (4, 10)
    tail = sorted({"".join(rng.choices(letters, k=rng.randint(*size))) for _ in range(_TAIL)})
    words = [*_FUNCTION_WORDS[language], *(w for w in tail if w not in _WORDS[language])]
    for position, word in enumerate(_WORDS[language]):
        words.insert(30 + 4 * position, word)
    return words, [1 / (rank + 1) for rank in range(len(words))]


def write_synthetic_catalogue(root: Path, count: int, *, seed: int = 1) -> Path:
    """Write ``count`` products into ``root/catalog`` with the real vocabularies and series."""
    rng = random.Random(seed)
    catalog = root / "catalog"
    shutil.copytree(ROOT / "catalog/vocabularies", catalog / "vocabularies", dirs_exist_ok=True)
    shutil.copytree(ROOT / "catalog/series", catalog / "series", dirs_exist_ok=True)
    vocab = {name: [t["id"] for t in yaml.safe_load((catalog / f"vocabularies/{name}.yml").read_text())["terms"]]
             for name in ("topics", "formats", "audiences", "organisations")}
    (catalog / "products").mkdir(parents=True, exist_ok=True)
    vocabularies = {language: _vocabulary(language, random.Random(language)) for language in _WORDS}
    for index in range(count):
        language = rng.choice(list(_WORDS))
        words, weights = vocabularies[language]

        def text(length: int, words: list[str] = words, weights: list[float] = weights) -> str:
            return " ".join(rng.choices(words, weights, k=length))

        title = f"{' '.join(rng.sample(_WORDS[language], 4)).capitalize()} {index}"
        product = {
            "title": title,
            "summary": text(rng.randint(18, 30))[:290],
            "url": f"https://learning.example.org/{index}",
            "format": rng.choice(vocab["formats"]),
            "provider": rng.choice(vocab["organisations"]),
            "topics": rng.sample(vocab["topics"], rng.randint(1, 3)),
            "audiences": rng.sample(vocab["audiences"], rng.randint(1, 2)),
            "languages": [language, *rng.sample([c for c in _WORDS if c != language], rng.randint(0, 2))],
            "description": text(rng.randint(40, 90)),
            "sdgs": sorted(rng.sample(range(1, 18), rng.randint(1, 3))),
            "published": f"{rng.randint(2014, 2026)}-{rng.randint(1, 12):02d}",
            "duration": f"PT{rng.choice([15, 30, 45, 90, 120, 600])}M",
            "level": rng.choice(["introductory", "intermediate", "advanced"]),
            "mode": rng.choice(["self-paced", "scheduled", "blended"]),
            "people": [{"name": f"Person {rng.randint(1, 999)}", "affiliation": "University", "role": "Lecturer"}],
            "sources": [{"url": f"https://learning.example.org/{index}", "title": text(rng.randint(4, 10)),
                         "checked": f"2026-{rng.randint(1, 11):02d}-{rng.randint(1, 28):02d}"},
                        {"url": f"https://news.example.org/{rng.randint(1, 99999)}", "title": text(rng.randint(4, 10))}],
        }
        (catalog / "products" / f"synthetic-{index:05d}.yml").write_text(
            yaml.safe_dump(product, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
    return root
