"""Reference data built into the catalogue: SDGs, ISO 639-1 languages, ISO 3166-1 countries.

Language and country codes come from ``pycountry`` (the ISO tables, kept up to date by
its maintainers) rather than from a hand-copied list.
"""

from __future__ import annotations

import functools

import pycountry

# Official short names of the 17 Sustainable Development Goals (UN DGC icon names, sentence case).
SDG_NAMES: dict[int, str] = {
    1: "No poverty",
    2: "Zero hunger",
    3: "Good health and well-being",
    4: "Quality education",
    5: "Gender equality",
    6: "Clean water and sanitation",
    7: "Affordable and clean energy",
    8: "Decent work and economic growth",
    9: "Industry, innovation and infrastructure",
    10: "Reduced inequalities",
    11: "Sustainable cities and communities",
    12: "Responsible consumption and production",
    13: "Climate action",
    14: "Life below water",
    15: "Life on land",
    16: "Peace, justice and strong institutions",
    17: "Partnerships for the goals",
}


SDG_NAMES_BY_LANGUAGE: dict[str, dict[int, str]] = {
    # The goals' short names as the United Nations publishes them in its other official languages.
    "ar": dict(enumerate((
        "القضاء على الفقر", "القضاء التام على الجوع", "الصحة الجيدة والرفاه", "التعليم الجيد",
        "المساواة بين الجنسين", "المياه النظيفة والنظافة الصحية", "طاقة نظيفة وبأسعار معقولة",
        "العمل اللائق ونمو الاقتصاد", "الصناعة والابتكار والهياكل الأساسية", "الحد من أوجه عدم المساواة",
        "مدن ومجتمعات محلية مستدامة", "الاستهلاك والإنتاج المسؤولان", "العمل المناخي", "الحياة تحت الماء",
        "الحياة في البر", "السلام والعدل والمؤسسات القوية", "عقد الشراكات لتحقيق الأهداف"), start=1)),
    "es": dict(enumerate((
        "Fin de la pobreza", "Hambre cero", "Salud y bienestar", "Educación de calidad", "Igualdad de género",
        "Agua limpia y saneamiento", "Energía asequible y no contaminante", "Trabajo decente y crecimiento económico",
        "Industria, innovación e infraestructura", "Reducción de las desigualdades",
        "Ciudades y comunidades sostenibles", "Producción y consumo responsables", "Acción por el clima",
        "Vida submarina", "Vida de ecosistemas terrestres", "Paz, justicia e instituciones sólidas",
        "Alianzas para lograr los objetivos"), start=1)),
    "fr": dict(enumerate((
        "Pas de pauvreté", "Faim « zéro »", "Bonne santé et bien-être", "Éducation de qualité",
        "Égalité entre les sexes", "Eau propre et assainissement", "Énergie propre et d'un coût abordable",
        "Travail décent et croissance économique", "Industrie, innovation et infrastructure",
        "Inégalités réduites", "Villes et communautés durables", "Consommation et production responsables",
        "Mesures relatives à la lutte contre les changements climatiques", "Vie aquatique", "Vie terrestre",
        "Paix, justice et institutions efficaces", "Partenariats pour la réalisation des objectifs"), start=1)),
    "ru": dict(enumerate((
        "Ликвидация нищеты", "Ликвидация голода", "Хорошее здоровье и благополучие", "Качественное образование",
        "Гендерное равенство", "Чистая вода и санитария", "Недорогостоящая и чистая энергия",
        "Достойная работа и экономический рост", "Индустриализация, инновации и инфраструктура",
        "Уменьшение неравенства", "Устойчивые города и населенные пункты",
        "Ответственное потребление и производство", "Борьба с изменением климата",
        "Сохранение морских экосистем", "Сохранение экосистем суши", "Мир, правосудие и эффективные институты",
        "Партнерство в интересах устойчивого развития"), start=1)),
    "zh": dict(enumerate((
        "无贫穷", "零饥饿", "良好健康与福祉", "优质教育", "性别平等", "清洁饮水和卫生设施", "经济适用的清洁能源",
        "体面工作和经济增长", "产业、创新和基础设施", "减少不平等", "可持续城市和社区", "负责任消费和生产",
        "气候行动", "水下生物", "陆地生物", "和平、正义与强大机构", "促进目标实现的伙伴关系"), start=1)),
}


def sdg_uri(number: int) -> str:
    """The UN SDG knowledge organisation system's URI for a goal."""
    return f"http://metadata.un.org/sdg/{number}"


@functools.cache
def languages() -> dict[str, str]:
    """ISO 639-1 code -> English name."""
    return {lang.alpha_2: _short_name(lang.name) for lang in pycountry.languages if hasattr(lang, "alpha_2")}


@functools.cache
def countries() -> dict[str, str]:
    """ISO 3166-1 alpha-2 code -> English common name."""
    return {c.alpha_2: getattr(c, "common_name", c.name) for c in pycountry.countries}


def _short_name(name: str) -> str:
    # pycountry writes e.g. "Spanish; Castilian" and "Modern Greek (1453-)": keep the first name.
    return name.split(";")[0].split(" (")[0].strip()
