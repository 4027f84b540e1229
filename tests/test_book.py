"""utils.book.glue: values reach the book as plain Python numbers; the glossary's links reach their targets."""

import json
import re
from pathlib import Path

import numpy as np
import pytest

from utils.book import glue


def test_glue_returns_python_numbers_for_numpy_scalars():
    value = glue("some_number", np.float32(0.25))
    assert type(value) is float and value == 0.25
    assert glue("an_int", np.int64(3)) == 3 and type(glue("an_int", np.int64(3))) is int


def test_glue_rejects_bad_names():
    with pytest.raises(ValueError, match="letters, digits and underscores"):
        glue("not a name", 1.0)


# The landing page's glossary links each term to the place that defines it: `{ref}`term <term-slug>``
# in intro.md, and a MyST target line `(term-slug)=` in a chapter's markdown.

ROOT = Path(__file__).resolve().parents[1]
REF = re.compile(r"\{ref\}`(?:[^`<]*<([^>`]+)>|([^`<]+))`")
TARGET = re.compile(r"^\(([A-Za-z0-9_.:-]+)\)=[ \t]*$", re.M)


def glossary_labels(text: str) -> list[str]:
    """The labels the `## Glossary` section of a landing page links to with {ref}."""
    if "## Glossary" not in text:
        return []
    section = text[text.index("## Glossary"):]
    return [named or bare.strip() for named, bare in REF.findall(section)]


def chapter_targets(notebooks) -> dict[str, list[str]]:
    """Every `(label)=` target in the notebooks' markdown cells: label -> ["notebook cell i", ...]."""
    targets: dict[str, list[str]] = {}
    for path in notebooks:
        for index, cell in enumerate(json.loads(path.read_text())["cells"]):
            if cell["cell_type"] == "markdown":
                for label in TARGET.findall("".join(cell["source"])):
                    targets.setdefault(label, []).append(f"{path.name} cell {index}")
    return targets


NOTEBOOKS = sorted((ROOT / "chapters").glob("*.ipynb"))
LANDING = (ROOT / "intro.md").read_text()


def test_the_glossary_links_its_terms():
    assert len(glossary_labels(LANDING)) >= 30, "intro.md's glossary should link each term with {ref}`term <term-slug>`"


def test_every_glossary_link_has_its_target_in_a_chapter():
    targets = chapter_targets(NOTEBOOKS)
    missing = [label for label in glossary_labels(LANDING) if label not in targets]
    assert not missing, (
        f"intro.md's glossary links to {len(missing)} label(s) that no chapter defines: {', '.join(missing)}. "
        "Put the line `(label)=`, then a blank line, right before the markdown that defines the term.")


def test_every_term_target_is_linked_from_the_glossary_once_and_defined_once():
    linked = glossary_labels(LANDING)
    terms = {label: where for label, where in chapter_targets(NOTEBOOKS).items() if label.startswith("term-")}
    unlinked = [f"{label} ({where[0]})" for label, where in terms.items() if label not in linked]
    assert not unlinked, f"term targets the glossary in intro.md does not link to: {', '.join(unlinked)}. Add a row."
    twice = [f"{label} ({', '.join(where)})" for label, where in terms.items() if len(where) > 1]
    assert not twice, f"term targets defined more than once (keep the first use only): {'; '.join(twice)}"
    repeated = sorted({label for label in linked if linked.count(label) > 1})
    assert not repeated, f"intro.md's glossary links to these labels more than once: {', '.join(repeated)}"


def test_the_glossary_checks_read_links_and_targets(tmp_path):
    text = ("intro\n{ref}`not <in-glossary>`\n## Glossary\n"
            "| {ref}`loss <term-loss>` | 损失函数 |\n| {ref}`term-epoch` | 轮次 |\n")
    assert glossary_labels(text) == ["term-loss", "term-epoch"]
    notebook = tmp_path / "X.ipynb"
    cells = [{"cell_type": "markdown", "source": ["(term-loss)=\n", "\n", "The *loss* is ..."]},
             {"cell_type": "code", "source": ["(term-epoch)=\n"]},
             {"cell_type": "markdown", "source": ["See (term-step)= inline, not a target"]}]
    notebook.write_text(json.dumps({"cells": cells}))
    assert chapter_targets([notebook]) == {"term-loss": ["X.ipynb cell 0"]}
