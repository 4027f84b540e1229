"""Argument checks shared by the public functions of `utils` (private: no chapter calls these)."""

from __future__ import annotations

import numpy as np


def positive_int(name: str, value: object) -> int:
    """Return ``value`` as an int if it is a positive integer (not a bool), else raise ValueError."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(f"{name} must be a positive int, got {value!r}")
    return int(value)
