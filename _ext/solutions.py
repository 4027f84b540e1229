"""Sphinx extension: one toggle named "Solution" holds an exercise's explanation, code and result.

Each exercise in a chapter is a question, then a dropdown admonition titled "Solution"
(the explanation, with measured numbers), then the code cell(s) that measured them, tagged
``solution`` (MyST-NB puts a cell's tags on its container as classes, ``tag_solution``).
This moves every such cell into the nearest ``Solution`` admonition before it in the same
section, after the explanation, so that the reader opens one toggle and finds all three.

A ``solution`` cell with no ``Solution`` admonition before it (only other solution cells may
stand between them) is a mistake in the notebook: the build warns, which ``make book`` (``-W``)
turns into an error.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.util import logging

logger = logging.getLogger(__name__)

TAG_CLASS = "tag_solution"
TITLE = "Solution"
TITLES = (TITLE, "解答")  # the English edition's title, and the Chinese edition's (zh/, scripts/translate.py)


def _is_solution_cell(node) -> bool:
    return isinstance(node, nodes.container) and TAG_CLASS in node.get("classes", [])


def _is_solution_box(node) -> bool:
    if not isinstance(node, nodes.Admonition) or "dropdown" not in node.get("classes", []):
        return False
    titles = [child for child in node.children if isinstance(child, nodes.title)]
    return bool(titles) and titles[0].astext().strip() in TITLES


def _solution_box_before(cell):
    """The Solution admonition this cell belongs in, or None."""
    parent = cell.parent
    for sibling in reversed(parent.children[:parent.index(cell)]):
        if _is_solution_box(sibling):
            return sibling
        if not _is_solution_cell(sibling):  # anything else in between: the cell is not the solution's
            return None
    return None


def move_solution_cells(app, doctree) -> None:
    for cell in list(doctree.findall(_is_solution_cell)):
        if isinstance(cell.parent, nodes.Admonition):  # already moved (a nested match)
            continue
        box = _solution_box_before(cell)
        if box is None:
            logger.warning("a code cell tagged 'solution' does not follow a '{admonition} %s' with "
                           ":class: dropdown", TITLE, location=cell)
            continue
        cell.parent.remove(cell)
        box.append(cell)


def setup(app):
    app.connect("doctree-read", move_solution_cells)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
