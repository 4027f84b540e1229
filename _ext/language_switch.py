"""Sphinx extension: every page links to the same page in the other edition of the course.

The English book is built at the site's root and the Chinese one (``zh/``, written by ``scripts/translate.py``)
under ``zh/``, with the same page names. Each page gets ``<link rel="alternate" hreflang=...>`` to its twin;
``_static/course.js`` turns that link into a button at the start of the page's header buttons (tests/browser
clicks it both ways). ``course_language`` (``en`` or ``zh_CN``) says which edition is being built.

The Chinese book's search dictionary (``html_search_options["dict"]``, jieba's user dictionary of the course's
terms) is named relative to the book's folder; Sphinx opens it relative to the working directory, so it is
resolved here.
"""

from __future__ import annotations

import os
from html import escape

OTHER = {  # this edition -> (the other's hreflang, its root from this one's, the button's text, its tooltip)
    "en": ("zh-CN", "zh/", "中文", "切换到中文版的这一页"),
    "zh_CN": ("en", "../", "English", "This page in English"),
}


def _link_to_twin(app, pagename, templatename, context, doctree):
    hreflang, root, text, title = OTHER[app.config.course_language]
    href = "../" * pagename.count("/") + root + pagename + ".html"
    context["metatags"] = context.get("metatags", "") + (
        f'\n<link rel="alternate" hreflang="{hreflang}" href="{escape(href)}" '
        f'data-course-switch="{escape(text)}" title="{escape(title)}">'
    )


def _resolve_search_dictionary(app, config):
    options = config.html_search_options or {}
    if options.get("dict") and not os.path.isabs(options["dict"]):
        path = os.path.join(app.confdir, options["dict"])
        if not os.path.isfile(path):
            raise FileNotFoundError(f"{path}, the Chinese search's dictionary, is missing: run scripts/translate.py build")
        config.html_search_options = {**options, "dict": path}


def setup(app):
    app.add_config_value("course_language", "en", "html")
    app.connect("config-inited", _resolve_search_dictionary)
    app.connect("html-page-context", _link_to_twin)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
