"""Re-execute notebooks in place, top to bottom, as the course commits them.

Usage: python scripts/execute_notebooks.py chapters/01_convolution_pooling.ipynb [...]

Each notebook runs in a fresh kernel of this Python environment, from its own
folder (so relative paths behave as in Jupyter), and is written back with the
new outputs and execution counts 1, 2, 3, ... A cell that raises stops the run
unless it carries the ``raises-exception`` tag.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient


def execute(path: Path) -> float:
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(notebook, timeout=None, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    client.execute()
    seconds = time.perf_counter() - start
    nbformat.write(notebook, path)
    return seconds


def main(paths: list[str]) -> None:
    if not paths:
        raise SystemExit(__doc__)
    for name in paths:
        path = Path(name)
        if not path.is_file() or path.suffix != ".ipynb":
            raise SystemExit(f"not a notebook: {name}")
        print(f"{path}: executed in {execute(path):.0f} s", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
