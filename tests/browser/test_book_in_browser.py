"""The built book as readers meet it: every page in headless Chromium, at two widths and in both themes.

Runs after `jupyter-book build` (the test command builds first). It serves
`_build/html` on localhost and loads every page of `_toc.yml` once per width
(390 and 1366 px) and theme (light, dark), with every exercise solution opened,
and checks what that load shows: no console error from our own pages and not a
single request to another origin; every image loaded and saying in its alt
text what it shows; nothing wider than its column, and nothing cut off or
scrolling sideways without a visible cue; every table and display equation
fitting a phone's column, and every text output wrapping there; every
figure's smallest text large enough to read and in contrast with the page
(through the dark theme's filter, which must keep the figures' grey levels
apart); controls, and links that are a table cell's whole content, at least
24 x 24 px; no serious or critical axe-core violation (waivers below,
each with its reason); each chapter's Colab launch link. Then it uses the book
as a reader does, by mouse and by keyboard alone: the navigation toggle and a
chapter link, every exercise's "Solution" toggle (code and output hidden until
then), and chapter 3's animation. Screenshots land in `_build/screenshots/` (of
the first screen; of the whole page with BOOK_SCREENSHOTS=full).

BOOK_ROOT=/path/to/another/checkout tests that checkout's build instead (its
`_build/html`, `_toc.yml` and `_config.yml`), for example the last commit's, to
show that a new check fails there.
"""

from __future__ import annotations

import base64
import functools
import http.server
import json
import os
import re
import threading
import time
from pathlib import Path

import numpy as np
import pytest
import yaml
from matplotlib.image import imread
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

ROOT = Path(__file__).resolve().parents[2]
BOOK = Path(os.environ.get("BOOK_ROOT", ROOT)).resolve()
HTML = BOOK / "_build" / "html"
SHOTS = BOOK / "_build" / "screenshots"
CONFIG = yaml.safe_load((BOOK / "_config.yml").read_text())
TOC = yaml.safe_load((BOOK / "_toc.yml").read_text())


def toc_pages(toc: dict) -> list[str]:
    """The root and every chapter of a jb-book `_toc.yml`, with or without `parts:`."""
    entries = [entry for part in toc.get("parts", [{"chapters": toc.get("chapters", [])}]) for entry in part["chapters"]]
    return [toc["root"]] + [entry["file"] for entry in entries]


#: The English pages, then the Chinese edition's (scripts/translate.py writes zh/; `make book` builds it into zh/).
EN_PAGES = toc_pages(TOC)
ZH_PAGES = [f"zh/{page}" for page in toc_pages(yaml.safe_load((BOOK / "zh" / "_toc.yml").read_text()))] \
    if (BOOK / "zh" / "_toc.yml").exists() else []
PAGES = EN_PAGES + ZH_PAGES
WIDTHS = {"desktop": (1366, 900), "phone": (390, 844)}
THEMES = ["light", "dark"]
CHAPTERS = [p for p in PAGES if p.startswith(("chapters/", "zh/chapters/"))]
#: Smallest text a figure may show, in CSS px, at each width (utils/plots.py draws for these).
MIN_TEXT_PX = {"desktop": 10.0, "phone": 9.0}
#: WCAG 2 AA contrast for text, and WCAG 2.2's minimum target size for a control, in CSS px.
MIN_CONTRAST = 4.5
MIN_TARGET_PX = 24
#: axe-core, pinned in package-lock.json and installed by `npm ci` (make test does it first).
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
#: Rules not held against the book, each with its reason. Every other serious or critical violation fails.
AXE_WAIVED: dict[str, str] = {}

@pytest.fixture(scope="module")
def server():
    assert (HTML / "index.html").exists(), "build the book first (`make book`)"
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(HTML))
    handler.log_message = lambda *args: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic",
                 "--hide-scrollbars", f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.set_page_load_timeout(60)
    driver.set_script_timeout(120)
    SHOTS.mkdir(parents=True, exist_ok=True)
    _SETTINGS.clear()
    _VIEWS.clear()
    yield driver
    driver.quit()


_SETTINGS: dict = {}


def open_page(browser, url: str, size: tuple[int, int], theme: str = "light") -> list[dict]:
    """Load a page at a window size and in a theme, in one load; return the console log it produced."""
    if _SETTINGS.get("theme") != theme:  # the theme is in localStorage before the page's own scripts run
        if "script" in _SETTINGS:
            browser.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument", {"identifier": _SETTINGS["script"]})
        _SETTINGS["script"] = browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {
            "source": f"localStorage.setItem('theme', '{theme}'); localStorage.setItem('mode', '{theme}');"})["identifier"]
        _SETTINGS["theme"] = theme
    if _SETTINGS.get("size") != size:
        browser.set_window_size(*size)
        if size[0] < 600:  # a phone: exactly this wide (a headless window has a minimum width), a mobile viewport
            browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
                "width": size[0], "height": size[1], "deviceScaleFactor": 1, "mobile": True})
        else:
            browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        _SETTINGS["size"] = size
    browser.get(url)
    deadline = time.time() + 30
    while browser.execute_script("return document.readyState") != "complete" and time.time() < deadline:
        time.sleep(0.1)
    browser.execute_async_script(SETTLED)  # equations typeset, fonts in, two frames painted
    # the theme scrolls smoothly; WebDriver's click scrolls an element into view first and would click mid-scroll
    browser.execute_script("document.documentElement.style.scrollBehavior = 'auto';")
    return browser.get_log("browser")


def screenshot(browser, path: Path) -> Path:
    """The window, or with BOOK_SCREENSHOTS=full the whole page (slow: tens of seconds for a long chapter)."""
    if os.environ.get("BOOK_SCREENSHOTS") == "full":  # a viewport as tall as the page, then back
        width, height = _SETTINGS["size"]
        full = min(browser.execute_script("return document.documentElement.scrollHeight"), 16000)
        browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": width, "height": full, "deviceScaleFactor": 1, "mobile": width < 600})
        time.sleep(1.0)
        shot = browser.execute_cdp_cmd("Page.captureScreenshot", {"format": "png"})
        browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600})
        if width >= 600:
            browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    else:
        shot = browser.execute_cdp_cmd("Page.captureScreenshot", {"format": "png"})
    path.write_bytes(base64.b64decode(shot["data"]))
    return path


def not_blank(path: Path) -> bool:
    pixels = imread(path)[..., :3]
    return pixels.std() > 0.02 and len(np.unique(pixels.reshape(-1, 3).round(2), axis=0)) > 20


def colab_url(page: str) -> str:
    owner_repo = CONFIG["repository"]["url"].removeprefix("https://github.com/").strip("/")
    return f"https://colab.research.google.com/github/{owner_repo}/blob/{CONFIG['repository']['branch']}/{page}.ipynb"


# ---------------------------------------------------------------------------------------------------------------
# One load per page, width and theme: everything a test asks of that view is measured then, with every
# exercise solution open (their code, output and figures must fit and read too), and kept for the tests.

_VIEWS: dict = {}

VISIBLE = """
    // checkVisibility: false inside a closed <details> (its content is skipped, not just clipped) or display:none
    const el = arguments[0], r = el.getBoundingClientRect();
    return el.checkVisibility({visibilityProperty: true, opacityProperty: true, contentVisibilityAuto: true})
        && r.width > 0 && r.height > 0 && r.right > 0 && r.left < window.innerWidth;"""


def is_visible(browser, element) -> bool:
    return bool(browser.execute_script(VISIBLE, element))


OPEN_SOLUTIONS = """
    // no transitions: the boxes take their open size at once, so nothing waits for an animation to end
    const still = document.createElement('style');
    still.textContent = '*, *::before, *::after { transition: none !important; animation: none !important; }';
    document.head.appendChild(still);
    document.querySelectorAll('.admonition.dropdown.toggle-hidden').forEach(a => a.classList.remove('toggle-hidden'));
    document.querySelectorAll('.bd-article details').forEach(d => d.open = true);
    window.dispatchEvent(new Event('resize'));  // course.js measures the boxes that now show again"""

SETTLED = """
    const done = arguments[arguments.length - 1];
    const ready = window.MathJax && MathJax.startup && MathJax.startup.promise;
    Promise.all([ready ? MathJax.startup.promise : Promise.resolve(), document.fonts.ready])
        .then(() => requestAnimationFrame(() => requestAnimationFrame(() => done(true))), () => done(false));"""

LAYOUT = """
    const column = document.querySelector('article.bd-article');
    const edge = column.getBoundingClientRect();
    const name = el => el.tagName.toLowerCase() + (el.className && typeof el.className === 'string'
        ? '.' + el.className.trim().split(/\\s+/).join('.') : '') + ' "' + el.textContent.trim().slice(0, 40) + '"';
    // (a box of 1 px or less is visually hidden on purpose, as a stacked table's header row is)
    const shown = el => { const r = el.getBoundingClientRect(); return r.width > 1 && r.height > 1
        && el.checkVisibility({visibilityProperty: true}); };
    const out = {wider: [], cut: [], uncued: [], tables: [], equations: [], targets: [], outputs: []};
    for (const el of column.querySelectorAll('*')) {
        // equations are measured on their own; MathJax's inline boxes clip their glyphs' overhang by design
        if (!shown(el) || el.closest('mjx-container, span.math')) continue;
        const r = el.getBoundingClientRect(), style = getComputedStyle(el);
        let clipped = false;  // inside a box that scrolls or clips sideways, it is that box that must fit
        for (let a = el.parentElement; a && a !== column; a = a.parentElement) {
            if (['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(a).overflowX)) { clipped = true; break; }
        }
        if (!clipped && (r.right > edge.right + 1 || r.left < edge.left - 1)) out.wider.push(name(el));
        if (el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0) {
            if (['hidden', 'clip'].includes(style.overflowX)) out.cut.push(name(el));
            // a box that scrolls must show it: the shadow of course.css at the edge where lines go on
            else if (['auto', 'scroll'].includes(style.overflowX) && !style.backgroundImage.includes('radial-gradient'))
                out.uncued.push(name(el));
        }
    }
    for (const table of column.querySelectorAll('table')) {
        if (!shown(table)) continue;
        const box = table.parentElement, r = table.getBoundingClientRect();
        if (r.right > edge.right + 1 || table.scrollWidth > table.clientWidth + 1 || box.scrollWidth > box.clientWidth + 1)
            out.tables.push(`${Math.round(Math.max(r.width, table.scrollWidth))} px: ${name(table)}`);
    }
    for (const math of column.querySelectorAll('mjx-container[display="true"]')) {
        if (!shown(math)) continue;
        const inner = math.querySelector('mjx-math') || math, r = math.getBoundingClientRect();
        const room = Math.min(math.clientWidth, edge.right - r.left);
        const wide = inner.getBoundingClientRect().width;
        if (wide > room + 1) {
            const said = (math.querySelector('mjx-assistive-mml') || math).textContent.trim().slice(0, 50);
            out.equations.push(`${Math.round(wide)} px in ${Math.round(room)}: ${said}`);
        }
    }
    const controls = 'button, input:not([type=hidden]), select, textarea, summary, [role="button"], label.sidebar-toggle';
    // a link that is a table cell's whole content is a target of its own; a link inside a sentence is exempt
    const alone = a => {
        const cell = a.closest('td, th');
        if (!cell) return false;
        const rest = cell.cloneNode(true);
        rest.querySelectorAll('.stacked-label').forEach(l => l.remove());
        return rest.textContent.trim() === a.textContent.trim();
    };
    const cellLinks = [...document.querySelectorAll('.bd-article table a[href]')].filter(alone);
    for (const el of [...document.querySelectorAll(controls), ...cellLinks]) {
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.height === 0
            || !el.checkVisibility({visibilityProperty: true, opacityProperty: true})) continue;
        if (r.width < arguments[0] - 0.5 || r.height < arguments[0] - 0.5)
            out.targets.push(`${Math.round(r.width)}x${Math.round(r.height)} ${name(el)} ${el.getAttribute('aria-label') || el.title || ''}`);
    }
    // a text output that scrolls sideways although none of its words is wider than the box (with the
    // two-character hanging indent of a wrapped line): on a phone it should have wrapped instead
    for (const pre of document.querySelectorAll('.bd-article div.cell_output pre')) {
        if (pre.scrollWidth <= pre.clientWidth + 1 || !pre.checkVisibility()) continue;
        const probe = document.createElement('span');
        probe.textContent = '0'.repeat(10);
        pre.appendChild(probe);
        const ch = probe.getBoundingClientRect().width / 10;
        probe.remove();
        const style = getComputedStyle(pre);
        const room = pre.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
        const longest = Math.max(...pre.textContent.split(/\\s+/).map(word => word.length));
        if ((longest + 2) * ch <= room) out.outputs.push(pre.textContent.trim().slice(0, 60));
    }
    return out;"""

FIGURES = """
    // each figure: its shown and natural width, its source, and the page colour behind it with its CSS filter
    const background = el => {
        for (let a = el; a; a = a.parentElement) {
            const c = getComputedStyle(a).backgroundColor;
            if (c !== 'rgba(0, 0, 0, 0)' && c !== 'transparent') return c;
        }
        return 'rgb(255, 255, 255)';
    };
    return Array.from(document.querySelectorAll('.bd-article img')).map(img => {
        const r = img.getBoundingClientRect(), cs = getComputedStyle(img);
        const frame = ['paddingLeft', 'paddingRight', 'borderLeftWidth', 'borderRightWidth']
            .reduce((sum, side) => sum + parseFloat(cs[side]), 0);  // the image itself, inside any padding
        let corner = null;
        if (img.src.startsWith('data:') || img.src.includes('/_images/')) {
            const c = document.createElement('canvas');
            c.width = img.naturalWidth; c.height = img.naturalHeight;
            const ctx = c.getContext('2d');
            ctx.drawImage(img, 0, 0);
            corner = img.naturalWidth ? ctx.getImageData(0, 0, 1, 1).data[3] : null;
        }
        return {src: img.src, alt: img.getAttribute('alt') || '', shown: r.width - frame, natural: img.naturalWidth,
                filter: getComputedStyle(img).filter, background: background(img.parentElement),
                box: getComputedStyle(img).backgroundColor, corner: corner};
    });"""

THROUGH_FILTER = """
    // a colour as the reader sees it: painted through the image's CSS filter
    const [colors, filter] = arguments, c = document.createElement('canvas');
    c.width = c.height = 1;
    const ctx = c.getContext('2d', {willReadFrequently: true});
    return colors.map(color => {
        ctx.clearRect(0, 0, 1, 1);
        ctx.filter = filter === 'none' ? 'none' : filter;
        ctx.fillStyle = color;
        ctx.fillRect(0, 0, 1, 1);
        return Array.from(ctx.getImageData(0, 0, 1, 1).data.slice(0, 3));
    });"""

AXE_RUN = """
    const done = arguments[arguments.length - 1];
    axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})
        .then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            targets: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' ' + (n.failureSummary || '').slice(0, 160))}))))
        .catch(e => done([{id: 'axe-error', impact: 'critical', help: String(e), targets: []}]));"""


@functools.cache
def _axe_source() -> str:
    assert AXE.is_file(), f"{AXE} is missing: run `npm ci --ignore-scripts` (make test does)"
    return AXE.read_text()


def view(server, browser, page: str, width: str, theme: str) -> dict:
    """Load a page once at a width and in a theme, and measure all that the tests check of it."""
    key = (page, width, theme)
    if key in _VIEWS:
        return _VIEWS[key]
    browser.get_log("performance")  # start each page with an empty log
    logs = open_page(browser, f"{server}/{page}.html", WIDTHS[width], theme)
    got = {"logs": logs, "theme": browser.execute_script("return document.documentElement.dataset.theme")}
    got["broken"] = browser.execute_script(
        "return Array.from(document.images).filter(i => i.offsetParent !== null || i.closest('.cell_output'))"
        ".filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src.slice(0, 80));")
    got["page_width"] = browser.execute_script(
        "return [document.documentElement.scrollWidth, document.documentElement.clientWidth];")
    got["colab"] = [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "a[href*='colab.research.google.com']")]
    suffix = "" if theme == "light" else "-dark"
    got["shot"] = screenshot(browser, SHOTS / f"{page.replace('/', '__')}-{width}{suffix}.png")
    browser.execute_script(OPEN_SOLUTIONS)
    browser.execute_async_script(SETTLED)  # the opened boxes laid out and painted
    got["layout"] = browser.execute_script(LAYOUT, MIN_TARGET_PX)
    got["figures"] = figures = browser.execute_script(FIGURES)
    for figure in figures:
        text = png_text(png_bytes(figure["src"])) if figure["natural"] else {}
        figure["text"] = text
        colors = [c for c in text.get("course:text-colors", "").split(",") if c]
        figure["seen"] = browser.execute_script(THROUGH_FILTER, colors, figure["filter"]) if colors else []
        figure["colors"] = colors
    browser.execute_script(_axe_source())
    got["axe"] = browser.execute_async_script(AXE_RUN, AXE_TAGS)
    time.sleep(0.2)
    urls = [json.loads(entry["message"])["message"].get("params", {}).get("request", {}).get("url", "")
            for entry in browser.get_log("performance")]
    got["outside"] = sorted({u for u in urls if u.startswith(("http:", "https:", "ws:", "wss:")) and not u.startswith(server)})
    _VIEWS[key] = got
    return got


def png_bytes(src: str) -> bytes:
    if src.startswith("data:"):
        return base64.b64decode(src.split(",", 1)[1])
    return (HTML / src.split("127.0.0.1", 1)[1].split("/", 1)[1].split("?")[0]).read_bytes()


def png_text(data: bytes) -> dict[str, str]:
    from utils.plots import png_text as read

    return read(data)


def contrast(a, b) -> float:
    """WCAG 2's contrast ratio of two sRGB colours (0-255)."""
    def luminance(rgb):
        c = np.asarray(rgb, dtype=float) / 255
        c = np.where(c <= 0.03928, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]
    high, low = sorted([luminance(a), luminance(b)], reverse=True)
    return (high + 0.05) / (low + 0.05)


def rgb(css: str) -> list[int]:
    return [int(float(v)) for v in re.findall(r"[\d.]+", css)[:3]]


ALL_VIEWS = [pytest.param(p, w, t, id=f"{p}-{w}-{t}") for p in PAGES for w in WIDTHS for t in THEMES]
LIGHT_VIEWS = [pytest.param(p, w, "light", id=f"{p}-{w}") for p in PAGES for w in WIDTHS]


@pytest.mark.parametrize("page, width, theme", ALL_VIEWS)
def test_page_loads_cleanly(server, browser, page, width, theme):
    got = view(server, browser, page, width, theme)
    assert got["theme"] == theme
    ours = [entry for entry in got["logs"] if entry["level"] == "SEVERE" and server in entry["message"]]
    assert not ours, f"console errors from our pages on {page}: {ours}"
    assert got["broken"] == [], f"images that did not load on {page}: {got['broken']}"
    page_width, screen_width = got["page_width"]
    assert page_width <= screen_width, f"{page} is {page_width} px wide on a {screen_width} px {width} screen"
    assert not_blank(got["shot"]), f"{got['shot']} looks blank"


@pytest.mark.parametrize("page", CHAPTERS)
def test_chapter_has_its_colab_link(server, browser, page):
    links = view(server, browser, page, "desktop", "light")["colab"]
    assert colab_url(page) in links, f"{page}: Colab links {links}"


@pytest.mark.parametrize("page", PAGES)
def test_no_request_leaves_the_book(server, browser, page):
    outside = view(server, browser, page, "desktop", "light")["outside"]
    assert outside == [], f"{page} asks other origins for {outside}"


HASHED_NAME = re.compile(r"^[0-9a-f]{32,}(\.\w+)?$")
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize("page", PAGES)
def test_every_figure_says_what_it_shows(server, browser, page):
    for figure in view(server, browser, page, "desktop", "light")["figures"]:
        alt = figure["alt"].strip()
        words = len(CJK.findall(alt)) // 2 if page.startswith("zh/") else len(alt.split())  # two characters a word
        assert words >= 4 and not HASHED_NAME.match(alt), f"{page}: an image's alt text is {alt!r}"
        assert bool(CJK.search(alt)) == page.startswith("zh/"), f"{page}: an alt text in the other language: {alt!r}"


@pytest.mark.parametrize("page, width", [(p, w) for p in PAGES for w in WIDTHS])
def test_dark_theme_figures_have_no_white_boxes_and_keep_their_size(server, browser, page, width):
    figures = view(server, browser, page, width, "dark")["figures"]
    # every figure's corner pixel is transparent: the page's own background shows through
    opaque = [f["src"][-60:] for f in figures if f["corner"] not in (None, 0)]
    assert opaque == [], f"{page}: figures with an opaque background in dark mode: {opaque}"
    # ... and no light box painted behind them by the theme's stylesheet
    boxed = [f["box"] for f in figures if f["box"] not in ("rgba(0, 0, 0, 0)", "transparent")]
    assert boxed == [], f"{page}: figures on a coloured box in dark mode: {boxed[:3]}"
    # ... nor the box's padding, which would shrink each figure (and its text) below its light-mode size
    light = {f["src"]: f["shown"] for f in view(server, browser, page, width, "light")["figures"]}
    narrower = [(f["src"][-40:], f["shown"], light[f["src"]]) for f in figures
                if f["src"] in light and f["shown"] < light[f["src"]] - 0.5]
    assert narrower == [], f"{page} at {width}: figures narrower in dark mode than in light (dark, light px): {narrower[:3]}"


#: Grey levels as a figure draws them (MNIST's mid greys, the pale ends of a colour scale), darkest first.
DATA_GREYS = ["#808080", "#b0b0b0", "#e0e0e0"]


@pytest.mark.parametrize("page", PAGES)
def test_dark_theme_keeps_a_figures_grey_levels_apart(server, browser, page):
    """The dark theme lifts figures so that their grey text reads on the dark page; it must not clip the
    lighter values of the data to white, or a digit's greys and a kernel's pale weights would all show as
    white. Each figure's filter keeps these greys in order and below white."""
    figures = view(server, browser, page, "phone", "dark")["figures"]
    for filter_ in sorted({f["filter"] for f in figures}):
        seen = [value[0] for value in browser.execute_script(THROUGH_FILTER, DATA_GREYS, filter_)]
        assert seen == sorted(set(seen)) and seen[-1] < 250, \
            f"{page} (dark): the figures' filter {filter_} shows the greys {DATA_GREYS} as {seen}"


@pytest.mark.parametrize("page, width, theme", ALL_VIEWS)
def test_figure_text_is_large_enough_in_contrast_and_sharp(server, browser, page, width, theme):
    """From each PNG's recorded smallest text and text colours (utils.plots.figure_png), the size the page
    shows it at, and the colour the page shows behind it (through the theme's filter on images)."""
    from utils.plots import MIN_TEXT_KEY

    for figure in view(server, browser, page, width, theme)["figures"]:
        name = figure["src"][-50:]
        assert figure["shown"] > 0, f"{page}: an image is not shown even with every solution open"
        assert MIN_TEXT_KEY in figure["text"], f"{page}: {name} does not record its smallest text"
        if figure["text"][MIN_TEXT_KEY] == "none":  # a figure with no text (a grid of kernels)
            continue
        smallest = float(figure["text"][MIN_TEXT_KEY]) * figure["shown"] / figure["natural"]
        assert smallest >= MIN_TEXT_PX[width], f"{page} at {width}: text of {smallest:.1f} px in {name}"
        assert figure["colors"], f"{page}: {name} does not record its text colours"
        for color, seen in zip(figure["colors"], figure["seen"]):
            ratio = contrast(seen, rgb(figure["background"]))
            assert ratio >= MIN_CONTRAST, \
                f"{page} ({theme}): text {color} shows as rgb{tuple(seen)} on {figure['background']}, {ratio:.2f}:1 in {name}"
        if width == "desktop":
            assert figure["natural"] >= 1.9 * figure["shown"], \
                f"{page}: {name} has {figure['natural'] / figure['shown']:.1f} pixels per CSS pixel"


@pytest.mark.parametrize("page, width, theme", LIGHT_VIEWS)
def test_nothing_is_wider_than_its_column_or_cut_without_a_cue(server, browser, page, width, theme):
    """Nothing sticks out of the column; a box whose content is wider either scrolls and shows it (the
    shadow course.css draws at the edge where lines go on) or it is a defect: content cut with no sign."""
    layout = view(server, browser, page, width, theme)["layout"]
    assert layout["wider"] == [], f"{page} at {width}, wider than the column: {layout['wider'][:6]}"
    assert layout["cut"] == [], f"{page} at {width}, content cut off: {layout['cut'][:6]}"
    assert layout["uncued"] == [], f"{page} at {width}, scrolls sideways with no cue: {layout['uncued'][:6]}"


@pytest.mark.parametrize("page", PAGES)
def test_every_table_fits_a_phone_column(server, browser, page):
    """A reader never scrolls sideways to reach a table's last column (tables stack their rows on a phone)."""
    tables = view(server, browser, page, "phone", "light")["layout"]["tables"]
    assert tables == [], f"{page} at 390 px, tables wider than the column: {tables}"


@pytest.mark.parametrize("page", PAGES)
def test_text_outputs_wrap_on_a_phone(server, browser, page):
    """On a phone a text output is read for its values: its lines wrap (with a hanging indent) instead of
    hiding the values past the box's edge, or cutting a number mid-digit. Code keeps its lines and scrolls."""
    outputs = view(server, browser, page, "phone", "light")["layout"]["outputs"]
    assert outputs == [], f"{page} at 390 px, text outputs that scroll instead of wrapping: {outputs[:4]}"


@pytest.mark.parametrize("page", PAGES)
def test_every_display_equation_fits_a_phone_column(server, browser, page):
    equations = view(server, browser, page, "phone", "light")["layout"]["equations"]
    assert equations == [], f"{page} at 390 px, equations wider than the column: {equations}"


@pytest.mark.parametrize("page, width, theme", LIGHT_VIEWS)
def test_controls_are_large_enough_to_touch(server, browser, page, width, theme):
    small = view(server, browser, page, width, theme)["layout"]["targets"]
    assert small == [], f"{page} at {width}, controls under {MIN_TARGET_PX} x {MIN_TARGET_PX} px: {small[:6]}"


@pytest.mark.parametrize("page, width, theme", ALL_VIEWS)
def test_axe_finds_no_serious_or_critical_violation(server, browser, page, width, theme):
    violations = [v for v in view(server, browser, page, width, theme)["axe"]
                  if v["impact"] in ("serious", "critical") and v["id"] not in AXE_WAIVED]
    assert violations == [], f"{page} at {width}, {theme}: " + "; ".join(
        f"{v['id']} ({v['impact']}): {v['help']} at {v['targets']}" for v in violations)


# ---------------------------------------------------------------------------------------------------------------
# Using the book as a reader does, with the mouse and with the keyboard alone

def press(browser, element, key=Keys.ENTER) -> None:
    """Give ``element`` the keyboard focus, as Tab would, and press a key there."""
    assert browser.execute_script("return arguments[0].tabIndex", element) >= 0, "not reachable with Tab"
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'}); arguments[0].focus();", element)
    assert browser.execute_script("return document.activeElement === arguments[0]", element), "cannot take focus"
    ActionChains(browser).send_keys(key).perform()


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("by", ["mouse", "keyboard"])
def test_navigation_toggle_opens_the_chapter_list_and_a_link_in_it_leads_there(server, browser, width, by):
    open_page(browser, f"{server}/chapters/01_convolution_pooling.html", WIDTHS[width])
    toggles = [t for t in browser.find_elements(By.CSS_SELECTOR, ".primary-toggle") if is_visible(browser, t)]
    assert len(toggles) == 1, f"{width}: {len(toggles)} visible navigation toggles"
    link = browser.find_element(By.CSS_SELECTOR, ".bd-docs-nav a[href$='02_sequence_memory.html']")
    use = (lambda e: e.click()) if by == "mouse" else (lambda e: press(browser, e))
    shown_at_start = is_visible(browser, link)
    use(toggles[0])
    time.sleep(0.8)
    if shown_at_start:  # wide screens show the list; the toggle hides it and a second use brings it back
        assert not is_visible(browser, link), f"{width}: using the navigation toggle by {by} did nothing"
        use(toggles[0])
        time.sleep(0.8)
    assert is_visible(browser, link), f"{width}: the chapter list did not open when its toggle was used by {by}"
    screenshot(browser, SHOTS / f"navigation-open-{width}-{by}.png")
    use(link)
    deadline = time.time() + 10
    while not browser.current_url.endswith("02_sequence_memory.html") and time.time() < deadline:
        time.sleep(0.1)
    assert browser.current_url.endswith("/chapters/02_sequence_memory.html"), browser.current_url


HIDDEN_PARTS = """
    // the code, outputs and text inside a solution, without its title or toggle
    return Array.from(arguments[0].querySelectorAll('pre, img, .cell_output, .admonition > p:not(.admonition-title)'))
        .filter(e => !e.closest('summary'));"""


#: The section headed "Exercises" (练习 in the Chinese edition), or null; and each edition's title of a solution.
EXERCISES = """return Array.from(document.querySelectorAll('.bd-article section')).find(
    s => /^(Exercises|练习)/.test((s.querySelector(':scope > h2') || {textContent: ''}).textContent.trim())) || null;"""
SOLUTION = {False: "Solution", True: "解答"}


@pytest.mark.parametrize("page", CHAPTERS)
def test_each_solution_is_one_toggle_holding_explanation_code_and_output(server, browser, page):
    """Every exercise has one "Solution" toggle (no separate hidden cell) holding its explanation, code and
    output: all hidden until it is opened, by a click or by Enter on its button, and all shown after."""
    open_page(browser, f"{server}/{page}.html", WIDTHS["desktop"])
    exercises = browser.execute_script(EXERCISES)
    boxes = exercises.find_elements(By.CSS_SELECTOR, "div.admonition.dropdown") if exercises else []  # a note elsewhere may fold too
    hidden_cells = browser.find_elements(By.CSS_SELECTOR, ".bd-article div.cell.tag_hide-cell, .bd-article div.cell.tag_solution")
    stray = [c for c in hidden_cells if not browser.execute_script("return !!arguments[0].closest('.admonition.dropdown')", c)
             and exercises and browser.execute_script("return arguments[0].contains(arguments[1])", exercises, c)]
    assert stray == [], f"{page}: {len(stray)} exercise code cells outside their Solution toggle"
    if not exercises:  # chapter 0 and the appendix have none
        assert not boxes
        return
    assert boxes, f"{page} has no Solution toggles"
    for number, box in enumerate(boxes, 1):
        title = box.find_element(By.CSS_SELECTOR, ".admonition-title")
        assert title.text.strip().startswith(SOLUTION[page.startswith("zh/")]), f"{page}: a dropdown titled {title.text!r}"
        assert box.find_elements(By.CSS_SELECTOR, "div.cell div.cell_input pre"), f"{page}: solution {number} holds no code"
        assert box.find_elements(By.CSS_SELECTOR, "div.cell .cell_output"), f"{page}: solution {number} has no output"
        parts = browser.execute_script(HIDDEN_PARTS, box)
        assert not any(is_visible(browser, e) for e in parts), f"{page}: closed solution {number} shows its content"
        browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", title)
        title.click()
        time.sleep(0.4)
        assert all(is_visible(browser, e) for e in parts), f"{page}: solution {number}, clicked open, hides its content"
        button = box.find_element(By.CSS_SELECTOR, "button.toggle-button")
        press(browser, button)  # closed again, then opened, by the keyboard alone
        time.sleep(0.4)
        assert not any(is_visible(browser, e) for e in parts), f"{page}: Enter on solution {number}'s toggle did not close it"
        press(browser, button, Keys.SPACE)
        time.sleep(0.4)
        assert all(is_visible(browser, e) for e in parts), f"{page}: Space on solution {number}'s toggle did not open it"


@pytest.mark.parametrize("width", list(WIDTHS))
def test_chapter_3_animation_plays_by_mouse_and_keyboard(server, browser, width):
    open_page(browser, f"{server}/chapters/03_stateful_regression.html", WIDTHS[width])
    frames = browser.find_elements(By.CSS_SELECTOR, "img[id^='_anim_img']")
    assert len(frames) == 1, "chapter 3 should hold one animation"
    first = frames[0].get_attribute("src")
    assert first.startswith("data:image/png")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", frames[0])
    browser.find_element(By.CSS_SELECTOR, ".animation button[title='Play']").click()
    time.sleep(1.5)
    assert frames[0].get_attribute("src") != first, "the animation's frame did not advance when played"
    press(browser, browser.find_element(By.CSS_SELECTOR, ".animation button[title='Pause']"))
    press(browser, browser.find_element(By.CSS_SELECTOR, ".animation button[title='First frame']"))
    time.sleep(0.3)
    assert frames[0].get_attribute("src") == first, "Enter on 'First frame' did not go back to the first frame"
    press(browser, browser.find_element(By.CSS_SELECTOR, ".animation button[title='Next frame']"))
    time.sleep(0.3)
    assert frames[0].get_attribute("src") != first, "Enter on 'Next frame' did not advance the frame"
    slider = browser.find_element(By.CSS_SELECTOR, ".animation input.anim-slider")
    before = slider.get_attribute("value")
    press(browser, slider, Keys.ARROW_RIGHT)
    time.sleep(0.3)
    assert slider.get_attribute("value") != before, "the arrow keys do not move the animation's slider"


# ---------------------------------------------------------------------------------------------------------------
# The two editions: every page's language switch leads to the same page in the other one, and back; the Chinese
# book's search finds Chinese words.

def follow(browser, link, by: str) -> None:
    if by == "mouse":
        link.click()
    else:
        press(browser, link)
    deadline = time.time() + 30
    while browser.execute_script("return document.readyState") != "complete" and time.time() < deadline:
        time.sleep(0.1)


@pytest.mark.skipif(not ZH_PAGES, reason="no Chinese edition in this checkout")
@pytest.mark.parametrize("page", EN_PAGES)
def test_language_switch_leads_to_the_same_page_in_the_other_edition_and_back(server, browser, page):
    for width, by, start, twin, lang in [("phone", "mouse", page, f"zh/{page}", "zh-CN"),
                                         ("desktop", "keyboard", f"zh/{page}", page, "en")]:
        open_page(browser, f"{server}/{start}.html", WIDTHS[width])
        switch = browser.find_element(By.CSS_SELECTOR, ".article-header-buttons a.course-language")
        assert switch.is_displayed() and switch.get_attribute("hreflang") == lang, f"{start}: no visible switch to {lang}"
        box = switch.rect
        assert min(box["width"], box["height"]) >= MIN_TARGET_PX, f"{start}: the language switch is {box}"
        follow(browser, switch, by)
        assert browser.current_url == f"{server}/{twin}.html", f"{start}'s switch ({by}) led to {browser.current_url}"
        assert browser.execute_script("return document.documentElement.lang") == lang, f"{twin} is not marked {lang}"


@pytest.mark.skipif(not ZH_PAGES, reason="no Chinese edition in this checkout")
@pytest.mark.parametrize("query, expected", [
    ("循环神经网络", {"chapters/02_sequence_memory", "chapters/03_stateful_regression"}),
    ("学习率", {"chapters/01_convolution_pooling"}),  # jieba alone cuts it into 学习 + 率: the course's dictionary
    ("感受野", {"chapters/01_convolution_pooling"}),
])
def test_chinese_search_finds_the_chapters_that_use_a_word(server, browser, query, expected):
    open_page(browser, f"{server}/zh/search.html?q={query}", WIDTHS["desktop"])
    deadline, found = time.time() + 30, []
    while time.time() < deadline and not found:
        time.sleep(0.5)
        found = [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "#search-results ul.search li a")]
    pages = {re.sub(r"^.*/zh/|\.html.*$", "", href) for href in found}
    assert expected <= pages, f"a search for {query} found {sorted(pages)}"
