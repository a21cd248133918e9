"""The demo site in a real browser (Debian's Chromium) and in the Nu HTML checker.

The site is built from every example and from tests/fixtures/site: long Dutch names, and a file of eight scenarios.
With $REPORTGEN_SCREENSHOTS set to a folder, the layout test saves every page there at every width, to look at.

These tests need /usr/bin/chromium (or $CHROMIUM), Python Playwright, the npm packages of package.json
(axe-core, vnu-jar) and java. Where any is missing they are skipped with a message that says so.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from reportgen.publish import SiteConfig, build_site

from ..conftest import EXAMPLES, ROOT, http_server

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]
SITE_FIXTURES = ROOT / "tests" / "fixtures" / "site"
# A phone, a laptop and a desktop screen: width and the height of the first screen.
SCREENS = {390: 844, 1280: 800, 1920: 1080}
WIDTHS = tuple(SCREENS)
AXE_WIDTHS = (390, 1280)  # at 1920 px the page lays out as at 1280 px: the body's measure stops at 60rem


def missing_browser_tools() -> str:
    """Return what the browser tests lack, or an empty string."""
    missing = []
    if not Path(CHROMIUM).exists():
        missing.append(f"Chromium ({CHROMIUM}; apt-get install chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("Python Playwright (pip install playwright)")
    if not AXE.exists():
        missing.append("axe-core (npm install)")
    return ", ".join(missing)


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("browser") / "site"
    build_site(SiteConfig(inputs=(EXAMPLES, SITE_FIXTURES), out=out, pdf=True))
    return out


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    lacking = missing_browser_tools()
    if lacking:
        pytest.skip(f"BROWSER TESTS DID NOT RUN: missing {lacking}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield instance
        instance.close()


@pytest.fixture(scope="module")
def server(demo_site: Path) -> Iterator[str]:
    with http_server(functools.partial(_QuietHandler, directory=str(demo_site))) as url:
        yield url + "/"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass


def all_pages(site: Path) -> list[str]:
    return sorted(str(p.relative_to(site)) for p in site.rglob("*.html"))


def visit(browser: Any, url: str, width: int = 1280) -> tuple[Any, list[str]]:
    """Open ``url`` and return the page and every console error, failed or external request."""
    context = browser.new_context(viewport={"width": width, "height": SCREENS.get(width, 900)})
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"failed request: {r.url}"))
    base = url.split("/", 3)[:3]
    page.on("request", lambda r: problems.append(f"external request: {r.url}")
            if not (r.url.startswith("file://") or r.url.split("/", 3)[:3] == base or r.url.startswith("data:"))
            else None)
    response = page.goto(url, wait_until="load")
    if response is not None and response.status >= 400:
        problems.append(f"HTTP {response.status} for {url}")
    return page, problems


def test_every_page_loads_without_errors_from_file_and_http(browser: Any, demo_site: Path, server: str) -> None:
    problems = []
    for name in all_pages(demo_site):
        for url in ((demo_site / name).as_uri(), server + name):
            page, found = visit(browser, url)
            problems += [f"{url}: {p}" for p in found]
            page.context.close()
    assert problems == []


def test_language_switch_lands_on_the_same_page(browser: Any, demo_site: Path) -> None:
    for name in all_pages(demo_site):
        if name == "index.html" or ".ai-act." in name or ".model-documentation." in name:
            continue  # the root has no language; a statement or a Form is a download, without the site's navigation
        lang, page_name = name.split("/", 1)
        page, _ = visit(browser, (demo_site / name).as_uri())
        page.click("nav.lang-switch a")
        page.wait_for_load_state("load")
        other = {"nl": "en", "en": "nl"}[lang]
        assert page.url == (demo_site / other / page_name).as_uri()
        assert page.evaluate("document.documentElement.lang") == other
        page.context.close()


def test_axe_finds_no_wcag_violations(browser: Any, demo_site: Path) -> None:
    violations = {}
    for name in all_pages(demo_site):
        for width in AXE_WIDTHS:
            page, _ = visit(browser, (demo_site / name).as_uri(), width)
            page.add_script_tag(path=str(AXE))
            result = page.evaluate(
                "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa']}})")
            found = [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
            if found:
                violations[f"{name}@{width}"] = found
            page.context.close()
    assert violations == {}


# Every word of the text in the elements `selector` finds that the layout set over two lines. A word may break
# after a hyphen, a dash or a slash ("1.40–" over "1.80"), nowhere else; a box of a pixel or less (a stacked
# table's header row, kept for screen readers) is no line a reader sees.
BROKEN_WORDS = """(selector) => {
  const found = [], seen = new Set();
  for (const el of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const node = walker.currentNode, parent = node.parentElement;
      if (seen.has(node) || !parent || parent.closest('.visually-hidden, svg')) continue;
      seen.add(node);
      let hidden = false;
      for (let box = parent; box && box !== el.parentElement; box = box.parentElement) {
        if (box.getBoundingClientRect().width <= 1) { hidden = true; break; }
      }
      if (hidden) continue;
      const text = node.textContent;
      const word = /[^\\s]+?(?:[-\u2010\u2013\u2014/](?=\\S)|(?=\\s|$))/g;
      let m;
      while ((m = word.exec(text))) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
        if (lines.size > 1) found.push(`"${m[0]}" in ${parent.closest('td, th, caption, h1, h2, h3, p')?.tagName}`
                                       + ` "${text.trim().slice(0, 50)}"`);
      }
    }
  }
  return found;
}"""
CELLS = "caption, th, td, h1, h2, h3, .figure"

# The tables wider than their frame (they scroll inside it), and the bottom of the headline figure.
LAYOUT = """() => [
  [...document.querySelectorAll('.table-wrap')].filter(w => w.scrollWidth > w.clientWidth + 1)
    .map(w => `${w.querySelector('table').className}: ${w.scrollWidth} px in ${w.clientWidth}`),
  document.querySelector('.headline .figure')?.getBoundingClientRect().bottom ?? null,
  [document.documentElement.scrollWidth, document.documentElement.clientWidth]]"""


@pytest.mark.parametrize("width", WIDTHS)
def test_pages_keep_words_whole_fit_the_screen_and_show_the_headline_figure_first(browser: Any, demo_site: Path,
                                                                                   width: int) -> None:
    shots = Path(os.environ["REPORTGEN_SCREENSHOTS"]) if os.environ.get("REPORTGEN_SCREENSHOTS") else None
    problems = []
    for name in all_pages(demo_site):
        page, _ = visit(browser, (demo_site / name).as_uri(), width)
        problems += [f"{name}: {word}" for word in page.evaluate(BROKEN_WORDS, CELLS)]
        scrolling, figure, (scroll, client) = page.evaluate(LAYOUT)
        if scroll > client:
            problems.append(f"{name}: {scroll} px wide in {client}")
        if width >= 1280:  # phones stack a table into cards or scroll it; wider screens show it whole
            problems += [f"{name}: {table}" for table in scrolling]
        if figure is not None and figure > SCREENS[width]:
            problems.append(f"{name}: the headline figure ends {figure:.0f} px down, below the first screen")
        if shots:
            shots.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(shots / f"{name.replace('/', '_')}-{width}.png"), full_page=True)
        page.context.close()
    assert problems == []


def test_nu_html_checker_reports_no_errors(demo_site: Path) -> None:
    java = shutil.which("java")
    if not (java and VNU.exists()):
        pytest.skip("NU HTML CHECKER DID NOT RUN: missing java or vnu-jar (apt-get install default-jre-headless; "
                    "npm install)")
    done = subprocess.run([java, "-jar", str(VNU), "--errors-only", "--format", "json", "--skip-non-html",
                           str(demo_site)], capture_output=True, text=True, check=False, timeout=300)
    messages = json.loads(done.stderr or '{"messages": []}')["messages"]
    errors = [f"{m.get('url', '').rsplit('/', 2)[-2:]}:{m.get('lastLine')}: {m['message']}" for m in messages
              if m.get("type") == "error"]
    assert errors == []


PAGE_BUDGET = 250_000  # bytes a page may weigh at 390 px, with its styles and fonts
SMALL_PX = 14.0        # text a reader must read stays at or above this size
CHART_PX = 11.0


def page_weight(browser: Any, url: str) -> int:
    """Return the bytes a page transfers at 390 px: the page, its styles, fonts and images."""
    context = browser.new_context(viewport={"width": 390, "height": 900})
    page = context.new_page()
    sizes: list[int] = []
    page.on("requestfinished", lambda r: sizes.append(r.sizes()["responseBodySize"]))
    page.goto(url, wait_until="networkidle")
    context.close()
    return sum(sizes)


# The share of a page's visible text (by characters) set below SMALL_PX, and the smallest chart text.
TEXT_SIZES = """(limit) => {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let all = 0, small = 0;
  while (walker.nextNode()) {
    const node = walker.currentNode, text = node.textContent.trim();
    const parent = node.parentElement;
    if (!text || !parent || parent.closest('svg')) continue;
    const style = getComputedStyle(parent);
    if (style.display === 'none' || style.visibility === 'hidden' || parent.closest('.visually-hidden, .skip')) continue;
    const rects = parent.getClientRects();
    if (!rects.length) continue;
    all += text.length;
    if (parseFloat(style.fontSize) < limit) small += text.length;
  }
  const chart = [...document.querySelectorAll('svg.chart text')]
    .filter(t => t.getBoundingClientRect().height > 0 && getComputedStyle(t.closest('svg')).display !== 'none')
    .map(t => parseFloat(t.getAttribute('font-size') || getComputedStyle(t).fontSize)
              * t.closest('svg').getBoundingClientRect().width / t.closest('svg').viewBox.baseVal.width);
  return [all, small, chart.length ? Math.min(...chart) : null];
}"""


# What a site page tells search engines and link previews: the selectors that find nothing.
METADATA = """() => ['meta[name=description][content]', 'link[rel=canonical]', 'link[rel=icon]',
  'link[rel=alternate][hreflang=x-default]', 'meta[property="og:title"]', 'meta[property="og:description"]',
  'meta[property="og:locale"]'].filter(selector => !document.querySelector(selector))"""


def test_every_page_on_a_phone_is_light_readable_and_never_scrolls_sideways(browser: Any, demo_site: Path,
                                                                            server: str) -> None:
    problems = []
    for name in all_pages(demo_site):
        weight = page_weight(browser, server + name)
        if weight > PAGE_BUDGET:
            problems.append(f"{name}: {weight:,} bytes")
        page, _ = visit(browser, server + name, 390)
        total, small, chart = page.evaluate(TEXT_SIZES, SMALL_PX)
        if total and small / total >= 0.05:
            problems.append(f"{name}: {small / total:.0%} of the text below {SMALL_PX:g} px")
        if chart is not None and chart < CHART_PX:
            problems.append(f"{name}: chart text {chart:.1f} px high")
        scroll, client = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        if scroll > client:
            problems.append(f"{name}: {scroll} px wide in {client}")
        problems += [f"{name}: no {tag}" for tag in page.evaluate(METADATA)]
        page.context.close()
    assert problems == []
