"""scripts/set_repository.py (`make publish`): one command renames the repository everywhere."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import set_repository  # noqa: E402

import test_notebooks  # noqa: E402  (the checks that every place agrees)


@pytest.fixture
def course(tmp_path):
    for name in ["_config.yml", "_toc.yml", "intro.md"]:
        shutil.copyfile(ROOT / name, tmp_path / name)
    shutil.copytree(ROOT / "chapters", tmp_path / "chapters")
    return tmp_path


def test_publish_rewrites_config_bootstraps_and_landing_page(course, monkeypatch):
    changed = set_repository.set_repository("https://github.com/someone/keras-course/", "pages", root=course)
    assert {p.name for p in changed} == {"_config.yml", "intro.md"} | {p.name for p in test_notebooks.NOTEBOOKS}
    assert "  url: https://github.com/someone/keras-course\n  branch: pages\n" in (course / "_config.yml").read_text()
    # the repository's own consistency checks, run on the rewritten copy
    monkeypatch.setattr(test_notebooks, "ROOT", course)
    monkeypatch.setattr(test_notebooks, "CONFIG", test_notebooks.yaml.safe_load((course / "_config.yml").read_text()))
    monkeypatch.setattr(test_notebooks, "NOTEBOOKS", sorted((course / "chapters").glob("*.ipynb")))
    for path in test_notebooks.NOTEBOOKS:
        test_notebooks.test_colab_bootstrap_matches_the_repository_in_config(path)
    test_notebooks.test_landing_page_colab_links_match_the_config()
    assert "someone/keras-course/blob/pages/chapters/00_data.ipynb" in (course / "intro.md").read_text()
    assert set_repository.set_repository("https://github.com/someone/keras-course", "pages", root=course) == []


@pytest.mark.parametrize("url", ["github.com/someone/course", "https://gitlab.com/someone/course",
                                 "https://github.com/someone", ""])
def test_publish_refuses_what_is_not_a_github_repository(course, url):
    with pytest.raises(ValueError, match="REPO must look like https://github.com/OWNER/NAME"):
        set_repository.set_repository(url, root=course)


def test_make_publish_without_repo_says_how():
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "set_repository.py")], capture_output=True, text=True)
    assert result.returncode != 0 and "usage: make publish REPO=" in result.stderr
