"""The notebook harness: the Colab bootstrap, the table of contents, committed outputs."""

import json
import re
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
