"""Re-execute notebooks in place, top to bottom, as the course commits them.

Usage: python scripts/execute_notebooks.py chapters/01_convolution_pooling.ipynb [...]

Each notebook runs in a fresh kernel of this Python environment, from its own
folder (so relative paths behave as in Jupyter), and is written back with the
new outputs and execution counts 1, 2, 3, ... A cell that raises stops the run
unless it carries the ``raises-exception`` tag. Log lines that TensorFlow's C++
side and absl write to stderr (start-up, CUDA probing, graph warnings) are
removed from the saved outputs, so that the notebooks read cleanly wherever
they are previewed (GitHub, Colab, the book); any other stderr text is kept.
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient


#: A line from TensorFlow's C++ logging (I/W/E/F, date, time, thread, file:line]), absl, or TensorFlow's Python
#: logger (retracing warnings).
LOG_LINE = re.compile(
    r"^([IWEF]\d{4} \d\d:\d\d:\d+\.\d+\s+\d+ \S+:\d+\] .*"
    r"|WARNING: All log messages before absl::InitializeLog\(\) is called are written to STDERR"
    r"|WARNING:tensorflow:.*"
    r"|To enable the following instructions: .* in other operations, rebuild TensorFlow .*)$"
)


def drop_log_lines(notebook) -> int:
    """Remove library log lines from every stream output; return how many lines went."""
    removed = 0
    for cell in notebook.cells:
        merged = []  # a print can reach the notebook in pieces ("text", then "\n"): join a stream's pieces first
        for output in cell.get("outputs", []):
            previous = merged[-1] if merged else None
            if (output.get("output_type") == "stream" and previous is not None
                    and previous.get("output_type") == "stream" and previous.get("name") == output.get("name")):
                previous["text"] += output["text"]
            else:
                merged.append(output)
        kept = []
        for output in merged:
            if output.get("output_type") == "stream":
                lines = output["text"].splitlines(keepends=True)
                clean = [line for line in lines if not LOG_LINE.match(line.rstrip("\n")) and line.strip()]
                removed += len(lines) - len(clean)
                if not clean:
                    continue
                output["text"] = "".join(clean)
            kept.append(output)
        if "outputs" in cell:
            cell["outputs"] = kept
    return removed


def execute(path: Path) -> float:
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(notebook, timeout=None, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    client.execute()
    seconds = time.perf_counter() - start
    drop_log_lines(notebook)
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
