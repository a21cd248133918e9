"""Where every output goes: the one place that names output files, for the pipeline, exports, view and publisher.

Layout of a site (``reportgen site``)::

    index.html  robots.txt  sitemap.xml  static/
    <lang>/<page>.html                  the pages every language has (overview, benchmark, ...)
    <lang>/<stem>.html  <stem>.pdf      a brief's page and PDF
    <lang>/<stem>.<target>[.<lang>].<ext>   its disclosure files (of the brief's headline scenario)
    <lang>/<stem>.yaml  <stem>.calc.json    the scenario file and calc's JSON the brief was made from

The ``brief`` command writes a brief as ``<stem>.<lang>.<fmt>``; the ``export`` command names the scenario too,
``<stem>.<scenario>.<target>[.<lang>].<ext>``, so that the exports of several scenarios share a folder.
"""

from __future__ import annotations

from .files import Output

STATIC = "static"
INDEX = "index.html"  # a folder's page: the root's language choice, a language's overview
# The pages every language has besides the briefs.
OVERVIEW, BENCHMARK, CASE_STUDY, METHOD = INDEX, "benchmark.html", "case-study.html", "method.html"


def root() -> Output:
    """Return the site's language choice."""
    return Output.at(INDEX)


def sitemap() -> Output:
    """Return the site's sitemap."""
    return Output.at("sitemap.xml")


def robots() -> Output:
    """Return the site's robots.txt."""
    return Output.at("robots.txt")


def static(*parts: str) -> Output:
    """Return the folder of stylesheets and fonts, or a file below it."""
    return Output.at(STATIC, *parts)


def static_prefix(page: Output) -> str:
    """Return the address of the static folder as seen from ``page``, ending in a slash."""
    return static().url_from(page) + "/"


def site_page(lang: str, name: str) -> Output:
    """Return where a page every language has (``index.html``, ``method.html`` ...) goes."""
    return Output.at(lang, name)


def brief_page(lang: str, stem: str) -> Output:
    """Return where a brief's page goes on the site."""
    return Output.at(lang, f"{stem}.html")


def brief_pdf(lang: str, stem: str) -> Output:
    """Return where a brief's PDF goes on the site."""
    return Output.at(lang, f"{stem}.pdf")


def brief_file(stem: str, lang: str, fmt: str) -> Output:
    """Return where the ``brief`` command writes a brief: ``<stem>.<lang>.<fmt>``."""
    return Output.at(f"{stem}.{lang}.{fmt}")


def export_stem(stem: str, scenario_id: str) -> str:
    """Return the start of an exported file's name: the scenario file's stem and the scenario's id."""
    return f"{stem}.{scenario_id}"


def brief_source(lang: str, stem: str, ext: str) -> Output:
    """Return where the site offers the scenario file a brief was made from (``ext``: its own extension)."""
    return Output.at(lang, f"{stem}.{ext}")


def brief_data(lang: str, stem: str) -> Output:
    """Return where the site offers calc's JSON of a brief's scenario file."""
    return Output.at(lang, f"{stem}.calc.json")


def export_manifest() -> Output:
    """Return the record of the files the ``export`` command wrote into a folder, with their digests."""
    return Output.at(".reportgen-exports.json")


def disclosure(stem: str, target: str, lang: str | None, ext: str, folder: str | None = None) -> Output:
    """Return where a disclosure file goes: ``<stem>.<target>.<lang>.<ext>`` (no language where the file has
    none), in ``folder`` (the site's language folder) or at the top."""
    name = ".".join([stem, target, *([lang] if lang else []), ext])
    return Output.at(folder, name) if folder else Output.at(name)


def address(page: Output, target: Output, base_url: str | None) -> str:
    """Return the address of ``target``: absolute under ``base_url``, else relative to ``page``."""
    if base_url:
        return base_url.rstrip("/") + "/" + target.url
    return target.url_from(page)


def alternates(name: str, languages: tuple[str, ...]) -> tuple[tuple[str, Output], ...]:
    """Return the same page in each language, as (language, output)."""
    return tuple((code, site_page(code, name)) for code in languages)
