"""Sphinx extension: the SVG filter that lifts the course's figures on the dark theme.

The figures have transparent backgrounds and dark grey text (``utils/plots.py``), drawn for a light page.
On the dark page ``_static/course.css`` lifts them with this filter: a gamma curve, ``v ** 0.5`` on each
sRGB channel, which raises the grey text to 6.3:1 against the dark page (5.0:1 in a solution box) and keeps black black and white
white. A linear ``brightness()`` raised the text as much, but clipped every value above 60% to white: MNIST's
grey levels and the pale tints of the kernel and heat-map colours. The filter is defined once in each page
(a CSS ``url(#...)`` filter refers to an element of the same document).
"""

from __future__ import annotations

FILTER_ID = "course-dark-figures"
EXPONENT = 0.5
FILTER_SVG = (
    '<svg aria-hidden="true" focusable="false" width="0" height="0" style="position:absolute">'
    f'<filter id="{FILTER_ID}" color-interpolation-filters="sRGB"><feComponentTransfer>'
    + "".join(f'<feFunc{c} type="gamma" amplitude="1" exponent="{EXPONENT}" offset="0"/>' for c in "RGB")
    + "</feComponentTransfer></filter></svg>"
)


def add_filter(app, pagename, templatename, context, doctree) -> None:
    if "body" in context:
        context["body"] += FILTER_SVG


def setup(app):
    app.connect("html-page-context", add_filter)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
