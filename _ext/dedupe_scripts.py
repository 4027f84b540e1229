"""Sphinx extension: drop repeated inline scripts from each page.

With jupyter-book 1.0.4 on Sphinx 7.4, sphinx-thebe and sphinx-togglebutton
each add their inline configuration script twice to every page. Two
``const THEBE_JS_URL = ...`` declarations make the browser raise
"Identifier 'THEBE_JS_URL' has already been declared" on every page
(tests/browser caught it). This keeps the first copy of each identical script.
"""

from __future__ import annotations


def _dedupe(app, pagename, templatename, context, doctree):
    scripts = context.get("script_files")
    if not scripts:
        return
    seen, kept = set(), []
    for script in scripts:
        # the second copy differs only in naming "no file" '' instead of None
        filename = getattr(script, "filename", None) or ""
        key = (filename, tuple(sorted((k, str(v)) for k, v in getattr(script, "attributes", {}).items())))
        if key in seen:
            continue
        seen.add(key)
        kept.append(script)
    context["script_files"] = kept


def setup(app):
    app.connect("html-page-context", _dedupe, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
