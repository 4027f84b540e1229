"""The built book as readers meet it: every page in headless Chromium, at two widths and in both themes.

Runs after `jupyter-book build` (the test command builds first). It serves
`_build/html` on localhost and, for every page of `_toc.yml`, checks that the
page loads without a console error from our own pages, that every image has
loaded, that no page is wider than a phone's screen, that each chapter has its
Colab launch link, and that chapter 3's animation plays. Screenshots land in `_build/screenshots/`.
"""

from __future__ import annotations

import functools
import http.server
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
WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}


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
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.set_page_load_timeout(60)
    SHOTS.mkdir(parents=True, exist_ok=True)
    yield driver
    driver.quit()


def open_page(browser, url: str, size: tuple[int, int], theme: str = "light") -> list[dict]:
    browser.set_window_size(*size)
    browser.get(url)
    browser.execute_script("localStorage.setItem('theme', arguments[0]); localStorage.setItem('mode', arguments[0]);"
                           "document.documentElement.dataset.theme = arguments[0];"
                           "document.documentElement.dataset.mode = arguments[0];", theme)
    browser.refresh()
    deadline = time.time() + 30
    while browser.execute_script("return document.readyState") != "complete" and time.time() < deadline:
        time.sleep(0.1)
    time.sleep(0.5)
    return browser.get_log("browser")


def screenshot(browser, path: Path) -> Path:
    """The whole page, not only the window, through the DevTools protocol."""
    import base64

    size = browser.execute_cdp_cmd("Page.getLayoutMetrics", {})["cssContentSize"]
    shot = browser.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True,
        "clip": {"x": 0, "y": 0, "width": size["width"], "height": min(size["height"], 16000), "scale": 1},
    })
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
def test_dark_theme_figures_have_no_white_boxes(server, browser, page):
    open_page(browser, f"{server}/{page}.html", WIDTHS["desktop"], theme="dark")
    assert browser.execute_script("return document.documentElement.dataset.theme") == "dark"
    shot = screenshot(browser, SHOTS / f"{page.replace('/', '__')}-desktop-dark.png")
    assert not_blank(shot)
    # every figure's corner pixel is transparent: the page's own background shows through
    opaque = browser.execute_script("""
        const out = [];
        for (const img of document.querySelectorAll('.cell_output img')) {
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
        return Array.from(document.querySelectorAll('.cell_output img, .cell_output .text_html'))
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
