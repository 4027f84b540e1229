"""The built book as readers meet it: every page in headless Chromium, at two widths and in both themes.

Runs after `jupyter-book build` (the test command builds first). It serves
`_build/html` on localhost and, for every page of `_toc.yml`, checks that the
page loads without a console error from our own pages and without a single
request to another origin, that every image has loaded and says in its alt
text what it shows, that no element is wider than its column, that every
figure's smallest text is large enough to read, and that each chapter has its
Colab launch link. Then it uses the book as a reader does: it clicks the
visible navigation toggle and follows a chapter link, opens every exercise
solution (hidden, code and output, until then), and plays chapter 3's
animation. Screenshots land in `_build/screenshots/` (of the first screen; of the
whole page with BOOK_SCREENSHOTS=full).
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
from selenium.webdriver.common.by import By

ROOT = Path(__file__).resolve().parents[2]
HTML = ROOT / "_build" / "html"
SHOTS = ROOT / "_build" / "screenshots"
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text())
TOC = yaml.safe_load((ROOT / "_toc.yml").read_text())
PAGES = [TOC["root"]] + [entry["file"] for entry in TOC["chapters"]]
WIDTHS = {"desktop": (1366, 900), "phone": (390, 844)}
CHAPTERS = [p for p in PAGES if p.startswith("chapters/")]
#: Smallest text a figure may show, in CSS px, at each width (utils/plots.py draws for these).
MIN_TEXT_PX = {"desktop": 10.0, "phone": 7.5}


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
    SHOTS.mkdir(parents=True, exist_ok=True)
    _SETTINGS.clear()
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
    time.sleep(0.5)
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


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("width", list(WIDTHS))
def test_page_loads_cleanly(server, browser, page, width):
    url = f"{server}/{page}.html"
    logs = open_page(browser, url, WIDTHS[width])
    ours = [entry for entry in logs if entry["level"] == "SEVERE" and server in entry["message"]]
    assert not ours, f"console errors from our pages on {page}: {ours}"
    broken = browser.execute_script(
        "return Array.from(document.images).filter(i => i.offsetParent !== null || i.closest('.cell_output'))"
        ".filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src.slice(0, 80));")
    assert broken == [], f"images that did not load on {page}: {broken}"
    page_width, screen_width = browser.execute_script(
        "return [document.documentElement.scrollWidth, document.documentElement.clientWidth];")
    assert page_width <= screen_width, f"{page} is {page_width} px wide on a {screen_width} px {width} screen"
    shot = screenshot(browser, SHOTS / f"{page.replace('/', '__')}-{width}.png")
    assert not_blank(shot), f"{shot} looks blank"


@pytest.mark.parametrize("page", [p for p in PAGES if p.startswith("chapters/")])
def test_chapter_has_its_colab_link(server, browser, page):
    open_page(browser, f"{server}/{page}.html", WIDTHS["desktop"])
    links = [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "a[href*='colab.research.google.com']")]
    assert colab_url(page) in links, f"{page}: Colab links {links}"


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("width", list(WIDTHS))
def test_dark_theme_figures_have_no_white_boxes(server, browser, page, width):
    open_page(browser, f"{server}/{page}.html", WIDTHS[width], theme="dark")
    assert browser.execute_script("return document.documentElement.dataset.theme") == "dark"
    shot = screenshot(browser, SHOTS / f"{page.replace('/', '__')}-{width}-dark.png")
    assert not_blank(shot)
    # every figure's corner pixel is transparent: the page's own background shows through
    opaque = browser.execute_script("""
        const out = [];
        for (const img of document.querySelectorAll('.bd-article img')) {
            if (!img.src.startsWith('data:') && !img.src.includes('/_images/')) continue;
            const c = document.createElement('canvas');
            c.width = img.naturalWidth; c.height = img.naturalHeight;
            const ctx = c.getContext('2d');
            ctx.drawImage(img, 0, 0);
            if (ctx.getImageData(0, 0, 1, 1).data[3] !== 0) out.push(img.src.slice(-60));
        }
        return out;""")
    assert opaque == [], f"{page}: figures with an opaque background in dark mode: {opaque}"
    # ... and no light box painted behind outputs by the theme's stylesheet
    boxed = browser.execute_script("""
        return Array.from(document.querySelectorAll('.bd-article img, .cell_output .text_html'))
            .map(e => getComputedStyle(e).backgroundColor)
            .filter(c => c !== 'rgba(0, 0, 0, 0)' && c !== 'transparent');""")
    assert boxed == [], f"{page}: outputs on a coloured box in dark mode: {boxed[:3]}"


def test_chapter_3_animation_plays(server, browser):
    open_page(browser, f"{server}/chapters/03_stateful_regression.html", WIDTHS["desktop"])
    frames = browser.find_elements(By.CSS_SELECTOR, "img[id^='_anim_img']")
    assert len(frames) == 1, "chapter 3 should hold one animation"
    first = frames[0].get_attribute("src")
    assert first.startswith("data:image/png")
    browser.find_element(By.CSS_SELECTOR, "button[title='Play']").click()
    time.sleep(1.5)
    assert frames[0].get_attribute("src") != first, "the animation's frame did not advance when played"


# ---------------------------------------------------------------------------------------------------------------
# Using the book as a reader does

VISIBLE = """
    // checkVisibility: false inside a closed <details> (its content is skipped, not just clipped) or display:none
    const el = arguments[0], r = el.getBoundingClientRect();
    return el.checkVisibility({visibilityProperty: true, opacityProperty: true, contentVisibilityAuto: true})
        && r.width > 0 && r.height > 0 && r.right > 0 && r.left < window.innerWidth;"""


def is_visible(browser, element) -> bool:
    return bool(browser.execute_script(VISIBLE, element))


@pytest.mark.parametrize("width", list(WIDTHS))
def test_navigation_toggle_opens_the_chapter_list_and_a_link_in_it_leads_there(server, browser, width):
    open_page(browser, f"{server}/chapters/01_convolution_pooling.html", WIDTHS[width])
    toggles = [t for t in browser.find_elements(By.CSS_SELECTOR, ".primary-toggle") if is_visible(browser, t)]
    assert len(toggles) == 1, f"{width}: {len(toggles)} visible navigation toggles"
    link = browser.find_element(By.CSS_SELECTOR, ".bd-docs-nav a[href$='02_sequence_memory.html']")
    shown_at_start = is_visible(browser, link)
    toggles[0].click()
    time.sleep(0.8)
    if shown_at_start:  # wide screens show the list; the toggle hides it and a second click brings it back
        assert not is_visible(browser, link), f"{width}: clicking the navigation toggle did nothing"
        toggles[0].click()
        time.sleep(0.8)
    assert is_visible(browser, link), f"{width}: the chapter list did not open when its toggle was clicked"
    screenshot(browser, SHOTS / f"navigation-open-{width}.png")
    link.click()
    deadline = time.time() + 10
    while not browser.current_url.endswith("02_sequence_memory.html") and time.time() < deadline:
        time.sleep(0.1)
    assert browser.current_url.endswith("/chapters/02_sequence_memory.html"), browser.current_url


HIDDEN_PARTS = """
    // the code and outputs (or text) inside a solution, without its title or toggle
    return Array.from(arguments[0].querySelectorAll('pre, img, .cell_output, .admonition > p:not(.admonition-title)'))
        .filter(e => !e.closest('summary'));"""


@pytest.mark.parametrize("page", CHAPTERS)
def test_solutions_hide_code_and_output_until_opened(server, browser, page):
    open_page(browser, f"{server}/{page}.html", WIDTHS["desktop"])
    dropdowns = browser.find_elements(By.CSS_SELECTOR, "div.admonition.dropdown")
    cells = browser.find_elements(By.CSS_SELECTOR, "div.cell.tag_hide-cell details")
    if page.endswith("00_data"):
        assert not dropdowns and not cells
        return
    assert dropdowns and len(cells) == len(dropdowns), f"{page}: {len(dropdowns)} solutions, {len(cells)} solution cells"
    for cell in cells:
        parts = browser.execute_script(HIDDEN_PARTS, cell)
        assert cell.find_elements(By.CSS_SELECTOR, "pre"), "a solution cell holds no code"
        assert not any(is_visible(browser, e) for e in parts), f"{page}: a closed solution cell shows its code or output"
    for box in dropdowns:
        assert not any(is_visible(browser, e) for e in browser.execute_script(HIDDEN_PARTS, box)), \
            f"{page}: a closed solution shows its text"
    for box, cell in zip(dropdowns, cells):
        for opener in (box.find_element(By.CSS_SELECTOR, ".admonition-title"), cell.find_element(By.TAG_NAME, "summary")):
            browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", opener)
            opener.click()
            time.sleep(0.4)
        for container in (box, cell):
            parts = browser.execute_script(HIDDEN_PARTS, container)
            assert parts and all(is_visible(browser, e) for e in parts), f"{page}: an opened solution hides its content"
        assert cell.find_elements(By.CSS_SELECTOR, ".cell_output"), f"{page}: a solution cell has no output"


OVERFLOW = """
    const column = document.querySelector('article.bd-article');
    const edge = column.getBoundingClientRect();
    const out = [];
    for (const el of column.querySelectorAll('*')) {
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.height === 0 || el.closest('details:not([open])')) continue;
        let clipped = false;  // inside a box that scrolls or clips sideways, it is that box that must fit
        for (let a = el.parentElement; a && a !== column; a = a.parentElement) {
            if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(a).overflowX)) { clipped = true; break; }
        }
        if (!clipped && (r.right > edge.right + 1 || r.left < edge.left - 1)) out.push('wider: ' + el.tagName + '.' + el.className);
        if (arguments[0] && ['auto', 'scroll'].includes(getComputedStyle(el).overflowX) && el.scrollWidth > el.clientWidth + 1)
            out.push('scrolls sideways: ' + el.tagName + '.' + el.className + ' ' + el.textContent.trim().slice(0, 40));
    }
    return out;"""


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("width", list(WIDTHS))
def test_no_element_is_wider_than_its_column(server, browser, page, width):
    """At 1366 px nothing may need sideways scrolling either; on a phone, code and tables may scroll in their box."""
    open_page(browser, f"{server}/{page}.html", WIDTHS[width])
    offenders = browser.execute_script(OVERFLOW, width == "desktop")
    assert offenders == [], f"{page} at {width}: {offenders[:6]}"


def test_no_request_leaves_the_book(server, browser):
    for page in PAGES:
        browser.get_log("performance")  # start each page with an empty log
        open_page(browser, f"{server}/{page}.html", WIDTHS["desktop"])
        time.sleep(1.0)
        urls = [json.loads(entry["message"])["message"].get("params", {}).get("request", {}).get("url", "")
                for entry in browser.get_log("performance")]
        outside = sorted({u for u in urls if u.startswith(("http:", "https:", "ws:", "wss:")) and not u.startswith(server)})
        assert outside == [], f"{page} asks other origins for {outside}"


HASHED_NAME = re.compile(r"^[0-9a-f]{32,}(\.\w+)?$")


@pytest.mark.parametrize("page", PAGES)
def test_every_figure_says_what_it_shows(server, browser, page):
    open_page(browser, f"{server}/{page}.html", WIDTHS["desktop"])
    for image in browser.find_elements(By.CSS_SELECTOR, ".bd-article img"):
        alt = (image.get_attribute("alt") or "").strip()
        assert len(alt.split()) >= 4 and not HASHED_NAME.match(alt), f"{page}: an image's alt text is {alt!r}"


def png_bytes(src: str) -> bytes:
    if src.startswith("data:"):
        return base64.b64decode(src.split(",", 1)[1])
    return (HTML / src.split("127.0.0.1", 1)[1].split("/", 1)[1].split("?")[0]).read_bytes()


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("width", list(WIDTHS))
def test_figure_text_is_large_enough_and_images_are_sharp(server, browser, page, width):
    """From each PNG's recorded smallest text (utils.plots.figure_png) and the size the page shows it at."""
    from utils.plots import MIN_TEXT_KEY, png_text

    open_page(browser, f"{server}/{page}.html", WIDTHS[width])
    browser.execute_script("document.querySelectorAll('div.cell.tag_hide-cell details').forEach(d => d.open = true);")
    images = browser.find_elements(By.CSS_SELECTOR, ".bd-article img")
    for image in images:
        browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", image)
        shown, natural = browser.execute_script(
            "return [arguments[0].getBoundingClientRect().width, arguments[0].naturalWidth];", image)
        assert shown > 0, f"{page}: an image is not shown even with every solution open"
        src = image.get_attribute("src")
        text = png_text(png_bytes(src))
        assert MIN_TEXT_KEY in text, f"{page}: {src[-50:]} does not record its smallest text"
        smallest = float(text[MIN_TEXT_KEY]) * shown / natural
        assert smallest >= MIN_TEXT_PX[width], f"{page} at {width}: text of {smallest:.1f} px in {src[-50:]}"
        if width == "desktop":
            assert natural >= 1.9 * shown, f"{page}: {src[-50:]} has {natural / shown:.1f} pixels per CSS pixel"
