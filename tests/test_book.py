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


# Claims about Keras cite its source as links to one file at the pinned Keras's tag: the reader sees
# the file's name, the link holds its path.
KERAS_SOURCE = re.compile(r"https://github\.com/keras-team/keras/blob/v([\d.]+)/(keras/src/[\w/]+\.py)")


def keras_source_links(paths) -> list[tuple[str, str, str]]:
    """(where, tag, path inside the Keras repository) of every Keras source link in the markdown of ``paths``."""
    links = []
    for path in paths:
        texts = ([("".join(c["source"]), f"{path.name} cell {i}") for i, c in enumerate(json.loads(path.read_text())["cells"])
                  if c["cell_type"] == "markdown"] if path.suffix == ".ipynb" else [(path.read_text(), path.name)])
        links += [(where, tag, file) for text, where in texts for tag, file in KERAS_SOURCE.findall(text)]
    return links


def test_keras_source_links_name_files_of_the_pinned_keras():
    import keras

    pinned = re.search(r"^keras==([\d.]+)$", (ROOT / "requirements.txt").read_text(), re.M).group(1)
    links = keras_source_links(NOTEBOOKS + [ROOT / "BENCHMARKS.md", ROOT / "intro.md"])
    assert len(links) >= 10, "the chapters cite Keras's source files as links"
    site = Path(keras.__file__).parent.parent  # the directory holding the installed `keras` package
    wrong_tag = [(where, tag) for where, tag, _ in links if tag != pinned]
    missing = [(where, file) for where, _, file in links if not (site / file).is_file()]
    assert not wrong_tag, f"Keras source links at another tag than the pinned keras=={pinned}: {wrong_tag}"
    assert not missing, f"Keras source links to files this Keras does not have: {missing}"
    bare = [(path.name, i) for path in NOTEBOOKS for i, c in enumerate(json.loads(path.read_text())["cells"])
            if c["cell_type"] == "markdown" and re.search(r"(?<!/)`keras/src/", "".join(c["source"]))]
    assert not bare, f"a bare `keras/src/...` path in the prose, cite it as a link instead: {bare}"
