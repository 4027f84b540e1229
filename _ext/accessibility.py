"""Sphinx extension: small fixes that the axe-core audit in tests/browser asks of the theme's pages.

- MyST-NB's hidden-cell toggles are ``<summary aria-label="Toggle hidden content">`` showing "Show code
  cell source": an accessible name that is not the visible text (axe: label-content-name-mismatch), so a
  speech-input user saying what they see cannot reach it. The label goes; the name is the visible text.
- ``_static/course.js`` (added to every page) does the same for the theme's search button, and lets the
  keyboard scroll any code or output box that is wider than its column (axe: scrollable-region-focusable).
"""

from __future__ import annotations

import re

SUMMARY_LABEL = re.compile(r'(<summary\b[^>]*?)\s+aria-label="Toggle hidden content"')


def _name_toggles_by_their_text(app, pagename, templatename, context, doctree):
    if "body" in context:
        context["body"] = SUMMARY_LABEL.sub(r"\1", context["body"])


def setup(app):
    app.add_js_file("course.js")
    app.connect("html-page-context", _name_toggles_by_their_text)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
