// The course's fixes to the theme's pages in the browser (see _ext/accessibility.py; tests/browser checks them).
(() => {
  // Wide code and outputs scroll inside their box (course.css): such a box takes the keyboard focus, so that
  // the arrow keys scroll it too. Boxes are measured again when a solution opens or the window changes size.
  const SCROLLERS = ".bd-content div.highlight pre, .bd-content div.cell_output pre, .bd-content div.cell_output div.text_html";
  function markScrollers() {
    for (const box of document.querySelectorAll(SCROLLERS)) {
      if (box.scrollWidth > box.clientWidth + 1) {
        box.tabIndex = 0;
        box.dataset.courseScrolls = "";
      } else if ("courseScrolls" in box.dataset) {
        box.removeAttribute("tabindex");
        delete box.dataset.courseScrolls;
      }
    }
  }
  function addLanguageSwitch() {
    // the link to this page in the other edition (_ext/language_switch.py) becomes the first header button
    const twin = document.querySelector("link[rel='alternate'][data-course-switch]");
    const buttons = document.querySelector(".article-header-buttons");
    if (!twin || !buttons || buttons.querySelector(".course-language")) return;
    const a = document.createElement("a");
    a.className = "btn btn-sm course-language";
    a.href = twin.getAttribute("href");
    a.hreflang = twin.hreflang;
    a.lang = twin.hreflang;
    a.title = twin.title;
    a.textContent = twin.dataset.courseSwitch;
    // the twin page has the same sections in the same order (scripts/translate.py keeps every heading), but
    // other anchors (#id3 in Chinese): keep the reader's place by the section's number, and a search's query
    a.addEventListener("click", () => {
      const sections = [...document.querySelectorAll(".bd-article section[id]")];
      const here = sections.filter((s) => s.getBoundingClientRect().top <= 120).length - 1;
      const query = location.pathname.endsWith("/search.html") ? location.search : "";
      a.href = twin.getAttribute("href") + query + (here > 0 ? `#course-section-${here}` : "");
    });
    buttons.prepend(a);
  }
  function goToSection() {  // arriving from the other edition's switch: the same section
    const match = /^#course-section-(\d+)$/.exec(location.hash);
    const section = match && document.querySelectorAll(".bd-article section[id]")[Number(match[1])];
    if (section) section.scrollIntoView();
  }
  // The Chinese edition: the theme strings its catalogues leave in English (jupyter-book#1780), in Chinese.
  const ZH = {
    "Skip to main content": "跳到正文", "Back to top": "回到顶部", "Launch interactive content": "启动交互式内容",
    "Launch on Colab": "在 Colab 中打开", "Link to this heading": "链接到此标题", "Search this book...": "搜索本书……",
    "Toggle primary sidebar": "展开或收起目录", "Toggle secondary sidebar": "展开或收起本页目录",
    "light/dark": "浅色/深色", "next page": "下一页", "previous page": "上一页", "Download this page": "下载本页",
    "Fullscreen mode": "全屏模式", "Source repositories": "源代码仓库", "Source repository": "源代码仓库",
    "Search": "搜索", "Main": "主导航", "Page": "本页", "Toggle hidden content": "展开或收起隐藏的内容",
    "Version warning": "版本提示",
  };
  function translateTheme() {
    if (document.documentElement.lang !== "zh-CN") return;
    for (const el of document.querySelectorAll("[title], [aria-label], [placeholder], [data-bs-original-title]")) {
      for (const name of ["title", "aria-label", "placeholder", "data-bs-original-title"]) {
        const value = el.getAttribute(name);
        if (value && ZH[value.trim()]) el.setAttribute(name, ZH[value.trim()]);
      }
    }
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.parentElement.closest("article, pre, code")) continue;  // the book's own text is translated already
      const text = node.nodeValue.trim();
      if (ZH[text]) node.nodeValue = node.nodeValue.replace(text, ZH[text]);
      else if (/^© Copyright (\d{4})\.$/.test(text)) node.nodeValue = node.nodeValue.replace(text, text.replace(/^© Copyright (\d{4})\.$/, "© 版权所有 $1"));
    }
  }
  function fix() {
    segmentChineseQueries();
    translateTheme();
    addLanguageSwitch();
    // the search button shows "Search ... Ctrl+K" but is named "Search": its visible text becomes its name
    document.querySelectorAll(".search-button-field[aria-label]").forEach((b) => b.removeAttribute("aria-label"));
    markScrollers();
  }
  // Chinese search: Sphinx indexes the Chinese edition's words as jieba segments them (html_search_language: zh),
  // but splits a query only at spaces and punctuation, so 循环神经网络 would be looked up as one word the index
  // does not hold. Each Chinese run of the query is cut into the longest words the index knows (循环 + 神经网络).
  function segmentChinese(word) {
    const index = typeof Search !== "undefined" && Search._index;
    if (!index || !/[\u4e00-\u9fff]/.test(word)) return [word];
    const known = (w) => w in index.terms || w in index.titleterms;
    const parts = [];
    for (let i = 0; i < word.length;) {
      let j = Math.min(word.length, i + 8);
      while (j > i + 1 && !known(word.slice(i, j))) j--;
      if (j > i + 1 || known(word.slice(i, j))) parts.push(word.slice(i, j));  // one unknown character: never indexed
      i = j;
    }
    return parts.length ? parts : [word];
  }
  function segmentChineseQueries() {  // at DOMContentLoaded: language_data.js (loaded after this file) defines splitQuery
    if (document.documentElement.lang !== "zh-CN" || typeof splitQuery !== "function" || splitQuery.courseSegments) return;
    const splitAtSpaces = splitQuery;
    splitQuery = (query) => splitAtSpaces(query).flatMap(segmentChinese);  // eslint-disable-line no-global-assign
    splitQuery.courseSegments = true;
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fix);
  else fix();
  window.addEventListener("load", markScrollers);
  window.addEventListener("load", goToSection);
  window.addEventListener("resize", markScrollers);
  document.addEventListener("click", () => setTimeout(markScrollers, 450));
  document.addEventListener("keyup", () => setTimeout(markScrollers, 450));
})();
