"""Reproducibility: the single seeding call every notebook makes in its setup cell."""

from __future__ import annotations


def seed_everything(seed: int = 1, tensorflow: bool = True) -> None:
    """Seed Python, NumPy and Keras, and ask TensorFlow for deterministic ops.

    Introduced in chapter 0 (``00_data``) and called once at the top of every
    chapter. The article seeded NumPy alone (``np.random.seed(1)``); Keras 3's
    :func:`keras.utils.set_random_seed` also seeds Python's ``random`` and the
    backend, and op determinism makes TensorFlow pick deterministic kernels, so
    the same code on the same machine gives the same numbers.

    Args:
        seed: a non-negative integer.
        tensorflow: ``False`` seeds Python's ``random`` and NumPy only and
            imports neither Keras nor TensorFlow, which take seconds to load:
            for a notebook that trains nothing (chapter 0, appendix A1).

    Raises:
        TypeError: if ``seed`` is not an integer, or ``tensorflow`` not a bool.
        ValueError: if ``seed`` is negative.
    """
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise TypeError(f"seed must be an int, got {type(seed).__name__} ({seed!r})")
    if seed < 0:
        raise ValueError(f"seed must be >= 0, got {seed}")
    if not isinstance(tensorflow, bool):
        raise TypeError(f"tensorflow must be True or False, got {type(tensorflow).__name__} ({tensorflow!r})")
    if not tensorflow:
        import random

        import numpy as np

        random.seed(seed)
        np.random.seed(seed)
        return
    import keras

    keras.utils.set_random_seed(seed)
    if keras.backend.backend() == "tensorflow":
        import tensorflow as tf

        tf.config.experimental.enable_op_determinism()
        # Initialise TensorFlow's devices now: the messages TensorFlow's C++ side prints when it first looks
        # for a GPU then land in the setup cell, not in whichever cell happens to run the first operation.
        tf.config.list_physical_devices()
