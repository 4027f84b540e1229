"""The notebook harness: the Colab bootstrap, the table of contents, committed outputs, on-page conventions."""

import ast
import json
import re
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "chapters").glob("*.ipynb"))
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text())


def code_cells(path):
    return [c for c in json.loads(path.read_text())["cells"] if c["cell_type"] == "code"]


def test_there_are_notebooks():
    assert NOTEBOOKS, "chapters/ holds no notebook"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_colab_bootstrap_matches_the_repository_in_config(path):
    first = "".join(code_cells(path)[0]["source"])
    assert '"google.colab" in sys.modules' in first, "the first code cell must be the Colab bootstrap"
    repo = re.search(r'COURSE_REPO", "([^"]+)"', first)
    branch = re.search(r'COURSE_BRANCH", "([^"]+)"', first)
    assert repo and branch, "the bootstrap must name the repository and branch (overridable by environment)"
    assert repo.group(1) == CONFIG["repository"]["url"]
    assert branch.group(1) == CONFIG["repository"]["branch"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_outputs_come_from_one_top_to_bottom_run(path):
    counts = [c["execution_count"] for c in code_cells(path)]
    assert counts == list(range(1, len(counts) + 1)), f"execution counts {counts}: re-run `make execute`"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_one_seeding_call_per_notebook(path):
    sources = "".join("".join(c["source"]) for c in code_cells(path))
    assert sources.count("seed_everything(") == 1


def test_every_notebook_is_in_the_table_of_contents_and_back():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [toc["root"]] + [entry["file"] for part in toc["parts"] for entry in part["chapters"]]
    for name in files:
        assert (ROOT / f"{name}.md").exists() or (ROOT / f"{name}.ipynb").exists(), name
    assert {f"chapters/{p.stem}" for p in NOTEBOOKS} <= set(files)


def test_landing_page_colab_links_match_the_config():
    owner_repo = CONFIG["repository"]["url"].removeprefix("https://github.com/").strip("/")
    text = (ROOT / "intro.md").read_text()
    links = re.findall(r"https://colab\.research\.google\.com/github/[^)\s]+", text)
    expected = [f"https://colab.research.google.com/github/{owner_repo}/blob/{CONFIG['repository']['branch']}/"
                f"chapters/{p.name}" for p in NOTEBOOKS]
    assert links == expected


sys.path.insert(0, str(ROOT / "scripts"))
from execute_notebooks import LOG_LINE, drop_log_lines  # noqa: E402


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_outputs_carry_no_library_log_lines(path):
    for number, cell in enumerate(code_cells(path)):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream":
                text = "".join(output["text"])
                assert not any(LOG_LINE.match(line) for line in text.splitlines()), f"code cell {number + 1}: {text[:200]}"


def test_log_lines_are_dropped_and_other_stderr_is_kept():
    import nbformat

    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x")])
    notebook.cells[0].outputs = [
        nbformat.v4.new_output("stream", name="stderr", text=(
            "WARNING: All log messages before absl::InitializeLog() is called are written to STDERR\n"
            "I0000 00:00:1795742286.908080   12011 port.cc:153] oneDNN custom operations are on.\n"
            "E0000 00:00:1795742288.532843   12011 cuda_platform.cc:52] failed call to cuInit: INTERNAL\n")),
        nbformat.v4.new_output("stream", name="stderr", text="UserWarning: a warning worth reading\n"),
        nbformat.v4.new_output("stream", name="stdout", text=(
            "WARNING:tensorflow:5 out of the last 5 calls to <function f> triggered tf.function retracing.\n"
            "step 2,000: rows 0.906\n")),
    ]
    assert drop_log_lines(notebook) == 4
    assert [o.get("text") for o in notebook.cells[0].outputs] == [
        "UserWarning: a warning worth reading\n", "step 2,000: rows 0.906\n"]


def test_a_print_that_arrives_in_pieces_keeps_its_newline():
    """The kernel may send one print as two stream messages, the text and then its "\n"; the committed output
    must be what nbval sees when it joins them, or the cell fails nbval on its missing newline."""
    import nbformat

    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print('a'); print('b')")])
    notebook.cells[0].outputs = [nbformat.v4.new_output("stream", name="stdout", text=text)
                                 for text in ("a\n", "b", "\n")]
    assert drop_log_lines(notebook) == 0
    assert [o.get("text") for o in notebook.cells[0].outputs] == ["a\nb\n"]


# On-page conventions (the house style, STYLE.md): tags instead of comments, glue cells off the page, short
# main-text cells, and one "Solution" dropdown per exercise. Each check is a function of a notebook's cells that
# returns what is wrong; cell numbers are 0-based indices among all cells (markdown included), as
# `json.load(...)["cells"][i]` counts them.

HIDDEN = {"remove-cell", "hide-input", "hide-cell", "hide-output", "solution"}
MAX_LINES = 15
ADMONITION = re.compile(r"^(`{3,}|:{3,})\{admonition\}[ \t]*(.*?)[ \t]*$", re.M)


def all_cells(path):
    return json.loads(path.read_text())["cells"]


def tags(cell):
    return set(cell.get("metadata", {}).get("tags", []))


def source(cell):
    return "".join(cell["source"])


def only_glue_calls(code: str) -> bool:
    """True if the code is nothing but `glue(...)` calls (a trailing `;` included)."""
    try:
        body = ast.parse(code).body
    except SyntaxError:  # IPython magics: not a glue cell
        return False
    return bool(body) and all(
        isinstance(node, ast.Expr) and isinstance(node.value, ast.Call)
        and getattr(node.value.func, "id", getattr(node.value.func, "attr", None)) == "glue"
        for node in body)


def nbval_comments(cells) -> list[int]:
    return [i for i, c in enumerate(cells) if c["cell_type"] == "code"
            and any(line.strip().startswith("# NBVAL_CHECK_OUTPUT") for line in source(c).splitlines())]


def glue_cells_on_the_page(cells) -> list[int]:
    return [i for i, c in enumerate(cells) if c["cell_type"] == "code"
            and only_glue_calls(source(c)) and "remove-cell" not in tags(c)]


def long_main_text_cells(cells) -> list[str]:
    """Code cells past the bootstrap and setup, shown on the page, with more than MAX_LINES non-blank lines."""
    code = [(i, c) for i, c in enumerate(cells) if c["cell_type"] == "code"][2:]
    lengths = [(i, sum(1 for line in source(c).splitlines() if line.strip())) for i, c in code if not tags(c) & HIDDEN]
    return [f"cell {i} ({n} lines)" for i, n in lengths if n > MAX_LINES]


def exercise_problems(cells) -> list[str]:
    """What is wrong with the Solution dropdowns of the "## Exercises" section (up to the next ## heading)."""
    inside, section = False, []
    for index, cell in enumerate(cells):
        for line in source(cell).splitlines() if cell["cell_type"] == "markdown" else []:
            if re.match(r"##\s", line):
                inside = line.strip() == "## Exercises"
        if inside:
            section.append((index, cell))
    problems = []
    for position, (index, cell) in enumerate(section):
        if "hide-cell" in tags(cell):
            problems.append(f"cell {index} is tagged hide-cell: tag an exercise's code `solution` instead")
        text = source(cell) if cell["cell_type"] == "markdown" else ""
        found = list(ADMONITION.finditer(text))
        for match in found:
            if match.group(2) != "Solution":
                problems.append(f"cell {index}: admonition titled {match.group(2)!r}, it must be exactly `Solution`")
            if not any(line.strip() == ":class: dropdown" for line in text[match.end():].lstrip("\n").splitlines()[:3]):
                problems.append(f"cell {index}: the Solution admonition needs `:class: dropdown` on its next line")
        if len(found) > 1:
            problems.append(f"cell {index}: one Solution per exercise; split this markdown cell, one per exercise")
        after = section[position + 1][1] if position + 1 < len(section) else {"cell_type": "none"}
        if found and (after["cell_type"] != "code" or "solution" not in tags(after)):
            problems.append(f"cell {index}: the Solution must be followed by its code cell(s), tagged `solution`")
    return problems


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_checked_outputs_use_the_nbval_tag_not_a_comment(path):
    bad = nbval_comments(all_cells(path))
    assert not bad, (f"{path.name}: cell(s) {bad} hold a `# NBVAL_CHECK_OUTPUT` comment. Delete the comment and "
                     "add the cell tag `nbval-check-output` instead.")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_cells_that_only_glue_are_removed_from_the_page(path):
    bad = glue_cells_on_the_page(all_cells(path))
    assert not bad, (f"{path.name}: cell(s) {bad} only call glue(...). Tag them `remove-cell` (they still run "
                     "under nbval), or move the glue calls into such a cell.")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_main_text_code_cells_are_short(path):
    long = long_main_text_cells(all_cells(path))
    assert not long, (f"{path.name}: main-text code cells over {MAX_LINES} non-blank lines: {', '.join(long)}. "
                      "Split each into steps that show something, or move the logic into utils/ (with a unit test); "
                      f"only the bootstrap and setup cells and cells tagged {sorted(HIDDEN)} may be longer.")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_exercise_has_one_solution_dropdown_then_its_solution_code(path):
    problems = exercise_problems(all_cells(path))
    assert not problems, f"{path.name}, ## Exercises:\n  " + "\n  ".join(problems)


def test_the_convention_checks_catch_what_they_guard():
    def code(text, *cell_tags):
        return {"cell_type": "code", "source": [text], "metadata": {"tags": list(cell_tags)}}

    def markdown(text):
        return {"cell_type": "markdown", "source": [text], "metadata": {}}

    start = [code("bootstrap"), code("setup")]
    assert nbval_comments(start + [code("# NBVAL_CHECK_OUTPUT\nprint(1)")]) == [2]
    assert glue_cells_on_the_page(start + [code('glue("a", 1)\nglue("b", 2);'), code('glue("c", 3)', "remove-cell"),
                                           code('x = glue("d", 4)')]) == [2]
    sixteen = "\n".join(f"x{i} = {i}" for i in range(16))
    fifteen = sixteen.rsplit("\n", 1)[0]
    assert long_main_text_cells(start + [code(sixteen), code(sixteen, "hide-input"), code(fifteen)]) == ["cell 2 (16 lines)"]
    solution = "1. A question?\n\n```{admonition} Solution\n:class: dropdown\nWhy, measured.\n```"
    good = [markdown("## Exercises\n\n" + solution), code("x", "solution"), code("y", "solution"),
            markdown("## Summary"), code("z", "hide-cell")]
    assert exercise_problems(good) == []
    assert exercise_problems([markdown(solution.replace("Solution", "Answer", 1)), code("x", "solution")]) == []
    for defect, cells in {
        "titled 'Answer'": [markdown("## Exercises\n" + solution.replace("Solution", "Answer", 1)), good[1]],
        "needs `:class: dropdown`": [markdown("## Exercises\n" + solution.replace(":class: dropdown\n", "")), good[1]],
        "followed by its code": [markdown("## Exercises\n" + solution), markdown("2. Next question?")],
        "tagged hide-cell": [markdown("## Exercises\n" + solution), code("x", "hide-cell")],
        "one Solution per exercise": [markdown("## Exercises\n" + solution + "\n" + solution), good[1]],
    }.items():
        assert any(defect in problem for problem in exercise_problems(cells)), defect
