"""Sphinx extension: every table cell carries its column's name, so a phone can stack a table's rows.

A table of three columns is wider than a 358 px phone column; scrolled sideways, its last column (often
the one that explains) is out of sight. ``_static/course.css`` turns each row of a table into a block
on screens narrower than 600 px; this puts the column's header text at the start of each body cell, in a
``stacked-label`` element that the CSS shows only then. On wide screens the labels are hidden and the
table looks as written. Inline code, in a table or in the prose, gets break points after a dot, a bracket,
a comma or "=", and before a CamelCase word (``<wbr>``); in a table it breaks nowhere else.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx import addnodes

LABEL_CLASS = "stacked-label"
CODE_WORD = re.compile(r'(<span class="pre">)(.*?)(</span>)', re.S)
#: Where a long identifier in inline code may break (in a table, and in the prose): after a dot, an opening bracket, a comma or "=", or where
#: a CamelCase word begins, so that ``keras.utils.to_categorical(y,`` becomes ``keras.utils.`` /
#: ``to_categorical(y,`` and ``_MklNativeConv2DBackpropFilterWithBias`` breaks before ``Filter``, never
#: ``'`` / ``channels``. The browser breaks there only when the whole name does not fit.
BREAK_AFTER = re.compile(r"(?<=[.(,=])(?=[^\s<&])|(?<=[a-z])(?=[A-Z])")


def _header_cells(table) -> list[nodes.entry] | None:
    heads = list(table.findall(nodes.thead))
    if not heads:
        return None
    rows = [row for row in heads[0].children if isinstance(row, nodes.row)]
    if len(rows) != 1:  # a multi-row header has no single name per column
        return None
    return [entry for entry in rows[0].children if isinstance(entry, nodes.entry)]


def _label(header: nodes.entry) -> nodes.inline:
    """The header cell's content as one inline element (its text, inline code kept)."""
    label = nodes.inline()
    for paragraph in header.children:
        for child in (paragraph.children if isinstance(paragraph, nodes.paragraph) else [paragraph]):
            copy = child.deepcopy()
            if isinstance(copy, nodes.Element):
                for node in copy.findall(nodes.Element):
                    node["ids"] = []
            label.append(copy)
    return label


LONE_LINK_CLASS = "lone-link"


def _mark_lone_link(entry: nodes.entry) -> None:
    """A cell whose whole content is one link: that link is a touch target of its own (the CSS gives it a line's
    height). Internal links are still ``pending_xref`` nodes when this runs."""
    links = [n for n in entry.findall(nodes.Element) if isinstance(n, (nodes.reference, addnodes.pending_xref))]
    if len(links) == 1 and links[0].astext().strip() == entry.astext().strip():
        entry["classes"].append(LONE_LINK_CLASS)


def label_table_cells(app, doctree) -> None:
    for table in list(doctree.findall(nodes.table)):
        headers = _header_cells(table)
        if not headers or any(h.get("morecols") for h in headers):
            continue
        for body in table.findall(nodes.tbody):
            for row in body.children:
                entries = [e for e in row.children if isinstance(e, nodes.entry)]
                if len(entries) != len(headers) or any(e.get("morecols") for e in entries):
                    continue
                for entry in entries:
                    _mark_lone_link(entry)
                for entry, header in zip(entries, headers):
                    if header.astext().strip():
                        entry.insert(0, nodes.paragraph("", "", _label(header), classes=[LABEL_CLASS]))


def break_long_code_in_tables(app, pagename, templatename, context, doctree) -> None:
    """Give inline code line-break points (``<wbr>``, which copying leaves out) between its parts: in tables,
    where it may break nowhere else, and in the prose, where a call too long for a phone's line would
    otherwise break at any letter (``learning_ra`` / ``te=0.01``)."""
    if "body" in context:
        context["body"] = CODE_WORD.sub(lambda m: m[1] + BREAK_AFTER.sub("<wbr>", m[2]) + m[3], context["body"])


def setup(app):
    app.connect("doctree-read", label_table_cells)
    app.connect("html-page-context", break_long_code_in_tables)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
