"""The notebook harness: the Colab bootstrap, the table of contents, committed outputs."""

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
    files = [toc["root"]] + [entry["file"] for entry in toc["chapters"]]
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
