"""Sphinx extension: on a phone, a text output's long lines wrap with a hanging indent instead of scrolling.

A 358 px phone column shows about 34 characters of 14 px monospace. Code keeps its lines and scrolls (a
wrapped line of Python would read as a new statement), but a text output is read for its values, and a
scrolled box hid them, or cut a number mid-digit so that "0.0578" read as "0.05". This puts each line of a
text output (a stream or a plain-text result) in a ``span.output-line`` of its own; ``_static/course.css``
lets those lines wrap on screens narrower than 600 px, each continuation indented under its line's start,
and leaves wide screens as they were (one line per line, scrolling if need be).
"""

from __future__ import annotations

import re

#: The <pre> of a cell's text output, as MyST-NB writes it (streams and text/plain results).
OUTPUT_PRE = re.compile(
    r'(<div class="output (?:stream|text_plain) highlight-myst-ansi notranslate"><div class="highlight"><pre>'
    r'(?:<span></span>)?)(.*?)(</pre>)', re.S)
LINE_CLASS = "output-line"


def _lines(match: re.Match) -> str:
    body = match[2]
    if "<" in body.replace("<span></span>", ""):  # coloured (ANSI) output holds its own spans: left as it is
        return match[0]
    lines = body.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    # each line keeps its newline inside its span, so that copying the output gives the same text as before
    return match[1] + "".join(f'<span class="{LINE_CLASS}">{line}\n</span>' for line in lines) + match[3]


def mark_output_lines(app, pagename, templatename, context, doctree) -> None:
    if "body" in context:
        context["body"] = OUTPUT_PRE.sub(_lines, context["body"])


def setup(app):
    app.connect("html-page-context", mark_output_lines)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
