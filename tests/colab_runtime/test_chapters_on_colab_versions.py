"""Every chapter as a learner runs it in Google Colab, on the package versions Colab runs.

`make colab-test` (part of `make test`) builds `.venv-colab` from
`requirements-colab.txt`, Colab's own pins (TensorFlow 2.20.0, Keras 3.13.2,
NumPy 2.1.3, Matplotlib 3.10.0, IPython 7.34.0, ipykernel 6.17.1; see the file
for their source). Then, for each chapter:

- the notebook alone is copied into an empty working directory, with an empty
  home directory (no Keras cache, no MNIST, no `node_modules` anywhere above);
- a kernel starts in `.venv-colab`, where `utils` is *not* installed, with
  `google.colab` already imported (`colab_startup.py`);
- the chapter's bootstrap cell installs `utils` with pip from a clone of this
  repository (through `COURSE_REPO`; the clone holds the working tree's
  `utils`, so uncommitted changes are tested too);
- MNIST comes through Keras's download, served offline (`colab_startup.py`
  says exactly how);
- nbval runs the notebook: every cell must run, and the outputs marked
  `# NBVAL_CHECK_OUTPUT` must equal the committed ones.

What these machines cannot match: Colab runs Python 3.13.15; Python 3.13 is
not installable here, so `.venv-colab` uses the machine's Python (3.11).

The weekly GitHub workflow runs the same test inside Colab's own runtime
container, with ``COLAB_PYTHON`` naming the container's Python (the kernel then
runs on exactly Colab's interpreter and packages) and ``COLAB_MNIST=download``
(the container has internet, so Keras's download is real).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]
PYTHON = Path(os.environ.get("COLAB_PYTHON") or ROOT / ".venv-colab" / "bin" / "python")
DOWNLOAD = os.environ.get("COLAB_MNIST", "stand-in") == "download"
NOTEBOOKS = sorted((ROOT / "chapters").glob("*.ipynb"))
# The Chinese edition's chapter 0 too (zh/, scripts/translate.py): its code and outputs are the English ones, its
# comments and text Chinese; the cheapest chapter shows that the Chinese notebooks run as Colab opens them.
NOTEBOOKS += [ROOT / "zh" / "chapters" / "00_data.ipynb"]
COURSE_FILES = ["utils", "pyproject.toml", "README.md", "LICENSE"]


def run(*args, **kwargs):
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, **kwargs)


@pytest.fixture(scope="module")
def colab(tmp_path_factory):
    """Everything the simulated Colab needs, made once: clone, kernel, start-up, stand-in MNIST."""
    assert PYTHON.exists(), f"no Python at {PYTHON}: build the Colab environment first (make colab-test)"
    base = tmp_path_factory.mktemp("colab")

    clone = base / "course"  # the repository, with the working tree's utils committed on top
    assert run("git", "clone", "--quiet", "--branch", "main", ROOT, clone).returncode == 0
    for name in COURSE_FILES:
        target = clone / name
        shutil.rmtree(target) if target.is_dir() else target.unlink(missing_ok=True)
        copy = shutil.copytree if (ROOT / name).is_dir() else shutil.copyfile
        copy(ROOT / name, target, **({"ignore": shutil.ignore_patterns("__pycache__")} if copy is shutil.copytree else {}))
    git = ["git", "-C", clone, "-c", "user.name=test", "-c", "user.email=test@localhost"]
    run(*git, "add", "-A")
    run(*git, "commit", "--quiet", "--allow-empty", "-m", "working tree")

    fake = base / "fake-colab"  # a stand-in `google.colab` module
    (fake / "google" / "colab").mkdir(parents=True)
    (fake / "google" / "colab" / "__init__.py").write_text('"""Stand-in for Colab\'s module."""\n')
    ipython = base / "ipython" / "profile_default" / "startup"
    ipython.mkdir(parents=True)
    shutil.copyfile(Path(__file__).with_name("colab_startup.py"), ipython / "00-colab.py")

    kernels = base / "jupyter" / "kernels" / "colab"
    kernels.mkdir(parents=True)
    (kernels / "kernel.json").write_text(
        '{"argv": ["%s", "-m", "ipykernel_launcher", "-f", "{connection_file}"], '
        '"display_name": "Colab versions", "language": "python"}' % PYTHON)

    npz = base / "mnist.npz"
    if not DOWNLOAD:
        from utils.data import load_mnist  # the npm copy, checked; saved as Keras's mnist.npz holds it

        (x_train, y_train), (x_test, y_test) = load_mnist()
        np.savez_compressed(npz, x_train=x_train, y_train=y_train, x_test=x_test, y_test=y_test)

    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("MNIST_DIR", "PYTHON", "JUPYTER", "IPYTHON", "KERAS", "TF_", "VIRTUAL_ENV", "MPL",
                                  "COLAB"))}
    env.update(HOME=str(base / "home"), PYTHONPATH=str(fake), IPYTHONDIR=str(base / "ipython"),
               JUPYTER_PATH=str(base / "jupyter"), COURSE_REPO=f"file://{clone}", COURSE_BRANCH="main",
               **({} if DOWNLOAD else {"COLAB_SIM_MNIST_NPZ": str(npz)}))
    (base / "home").mkdir()
    return env


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: ("zh-" if p.parent.parent.name == "zh" else "") + p.stem)
def test_chapter_runs_on_colab_versions(colab, notebook, tmp_path):
    run(PYTHON, "-m", "pip", "uninstall", "--yes", "--quiet", "keras-course-utils")
    probe = run(PYTHON, "-c", "import utils", cwd=tmp_path, env=colab)
    assert probe.returncode != 0, "utils must not be importable before the chapter's bootstrap installs it"

    work = tmp_path / "content"
    work.mkdir()
    shutil.copyfile(notebook, work / notebook.name)
    result = run(sys.executable, "-m", "pytest", "--nbval-lax", "--nbval-kernel-name=colab",
                 f"--nbval-sanitize-with={ROOT / 'tests' / 'sanitize.cfg'}", "--nbval-cell-timeout=900",
                 "-p", "no:cacheprovider", "-q", "-rf", "--durations=0", notebook.name, cwd=work, env=colab)
    print(result.stdout[-3000:])
    assert result.returncode == 0, f"{notebook.name} failed on Colab's versions:\n{result.stdout[-6000:]}"
    assert os.listdir(work) == [notebook.name], f"the chapter left files behind: {os.listdir(work)}"
    installed = run(PYTHON, "-c", "import utils; print(utils.__file__)", cwd=tmp_path, env=colab)
    assert "-packages/utils/" in installed.stdout, f"utils did not come from the bootstrap's install: {installed}"
