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
  function fix() {
    // the search button shows "Search ... Ctrl+K" but is named "Search": its visible text becomes its name
    document.querySelectorAll(".search-button-field[aria-label]").forEach((b) => b.removeAttribute("aria-label"));
    markScrollers();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fix);
  else fix();
  window.addEventListener("load", markScrollers);
  window.addEventListener("resize", markScrollers);
  document.addEventListener("click", () => setTimeout(markScrollers, 450));
  document.addEventListener("keyup", () => setTimeout(markScrollers, 450));
})();
