"""Point the course at its published repository: `make publish REPO=https://github.com/OWNER/NAME [BRANCH=main]`.

The repository is named in three kinds of places, which must agree (tests/test_notebooks.py checks):
`_config.yml` (`repository.url` and `.branch`: the book's launch and repository buttons), the Colab
bootstrap cell of every notebook in `chapters/` (the defaults of `COURSE_REPO` and `COURSE_BRANCH`),
and the Colab links of the landing page, `intro.md`. This rewrites all of them; it changes no output
of any notebook, only the source of its bootstrap cell.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat
import yaml

ROOT = Path(__file__).resolve().parents[1]
URL = re.compile(r"https://github\.com/[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")
BRANCH = re.compile(r"[A-Za-z0-9._/-]+")


def set_repository(url: str, branch: str = "main", root: Path = ROOT) -> list[Path]:
    """Rewrite every place that names the repository; return the files changed.

    Raises:
        ValueError: ``url`` is not ``https://github.com/OWNER/NAME`` or ``branch`` is not a branch name.
    """
    url = url.rstrip("/").removesuffix(".git")
    if not URL.fullmatch(url):
        raise ValueError(f"REPO must look like https://github.com/OWNER/NAME (Colab opens notebooks from GitHub), "
                         f"got {url!r}")
    if not BRANCH.fullmatch(branch) or branch.startswith(("-", "/")) or ".." in branch:
        raise ValueError(f"BRANCH must be a git branch name such as main, got {branch!r}")
    config_path = root / "_config.yml"
    config = yaml.safe_load(config_path.read_text())
    old_url, old_branch = config["repository"]["url"], config["repository"]["branch"]
    changed = []

    text = config_path.read_text()
    text = re.sub(r"(?m)^(  url: ).*$", rf"\g<1>{url}", text, count=1)
    text = re.sub(r"(?m)^(  branch: ).*$", rf"\g<1>{branch}", text, count=1)
    changed += _write(config_path, text)

    for path in sorted((root / "chapters").glob("*.ipynb")):
        notebook = nbformat.read(path, as_version=4)
        cell = next(c for c in notebook.cells if c.cell_type == "code")
        source = cell.source.replace(f'"COURSE_REPO", "{old_url}"', f'"COURSE_REPO", "{url}"')
        source = source.replace(f'"COURSE_BRANCH", "{old_branch}"', f'"COURSE_BRANCH", "{branch}"')
        if source != cell.source:
            cell.source = source
            nbformat.write(notebook, path)
            changed.append(path)

    intro = root / "intro.md"
    old_owner_repo = old_url.removeprefix("https://github.com/")
    new_owner_repo = url.removeprefix("https://github.com/")
    changed += _write(intro, intro.read_text().replace(
        f"colab.research.google.com/github/{old_owner_repo}/blob/{old_branch}/",
        f"colab.research.google.com/github/{new_owner_repo}/blob/{branch}/"))
    return changed


def _write(path: Path, text: str) -> list[Path]:
    if path.read_text() == text:
        return []
    path.write_text(text)
    return [path]


def main(argv: list[str]) -> None:
    if not argv or not argv[0]:
        raise SystemExit("usage: make publish REPO=https://github.com/OWNER/NAME [BRANCH=main]")
    try:
        changed = set_repository(argv[0], *(argv[1:2] or ["main"]))
    except ValueError as error:
        raise SystemExit(f"error: {error}") from None
    for path in changed:
        print(f"updated {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    print("now rebuild the book (make book) and commit; the tests check that every place agrees")


if __name__ == "__main__":
    main(sys.argv[1:])
