"""IPython start-up file of the simulated Colab kernel (copied into its profile by the test).

Colab imports `google.colab` before a notebook's first cell runs; so does this.
Colab's notebooks then reach the internet; this machine reaches only package
registries, so the one download a chapter makes in Colab, Keras's MNIST file
(`keras.datasets.mnist.load_data()`), is served from a local stand-in:

- `urlretrieve` inside Keras's `get_file` copies COLAB_SIM_MNIST_NPZ for Keras's
  MNIST address and refuses every other address, as a machine without internet
  would;
- the stand-in holds the same four arrays as Google's `mnist.npz` (it is built
  from the original IDX files, whose SHA-256 the course checks), but not the
  same bytes, so for that one file Keras's hash check is made against the
  stand-in's own SHA-256 instead of the one in `keras/src/datasets/mnist.py`.

Where COLAB_SIM_MNIST_NPZ is not set (the weekly run in Colab's own container,
which has internet), the download is real and nothing is patched.

Everything else, Keras's cache folder under the (empty) home directory and the
loading code in `utils.data` and Keras, runs as it does in Colab.
"""

import hashlib
import importlib.abc
import importlib.util
import os
import shutil
import sys
import urllib.error

import google.colab  # noqa: F401  (Colab imports it at start-up)

MNIST_URL = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz"
STAND_IN = os.environ.get("COLAB_SIM_MNIST_NPZ")  # unset in Colab's own container, which has internet


def _sha256(path):
    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


def _patch(file_utils):
    original_validate = file_utils.validate_file

    def urlretrieve(url, filename, reporthook=None, data=None):
        if url != MNIST_URL:
            raise urllib.error.URLError(f"no internet in the simulated Colab (asked for {url})")
        shutil.copyfile(STAND_IN, filename)

    def validate_file(fpath, file_hash, algorithm="auto", chunk_size=65535):
        if os.path.basename(fpath) == "mnist.npz" and _sha256(fpath) == _sha256(STAND_IN):
            return True
        return original_validate(fpath, file_hash, algorithm, chunk_size)

    file_utils.urlretrieve = urlretrieve
    file_utils.validate_file = validate_file


class _PatchOnImport(importlib.abc.MetaPathFinder):
    name = "keras.src.utils.file_utils"

    def find_spec(self, fullname, path, target=None):
        if fullname != self.name:
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(fullname)
        run = spec.loader.exec_module

        def exec_module(module):
            run(module)
            _patch(module)

        spec.loader.exec_module = exec_module
        return spec


if STAND_IN:
    sys.meta_path.insert(0, _PatchOnImport())
