"""Receptive fields: which window of the input one unit of a convolutional stack depends on.

Defined in chapter 1 (``01_convolution_pooling``). Only the layers' settings
are read (kernel or pool size, stride, padding), not their weights, so the
answer holds for a trained and an untrained network alike; the chapter checks
it against the gradient of one unit with respect to the input.

Along one side, for a stack of layers each with window ``k`` and stride ``s``:

- the window grows by ``(k - 1) * jump`` input pixels per layer, where
  ``jump`` is the product of the strides of the layers before it;
- ``"same"`` padding adds ``pad`` zeros before the first row, which moves the
  window ``pad * jump`` input pixels up; ``"valid"`` adds none.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

from utils._checks import positive_int


@dataclass(frozen=True)
class Field:
    """The receptive field of the units after one layer, along one side.

    Attributes:
        name: the layer's name.
        size: the layer's output size along this side.
        window: input pixels one unit depends on.
        jump: input pixels between two neighbouring units (the product of the strides so far).
        offset: first input pixel of unit 0's window (negative: it starts in the padding).
    """

    name: str
    size: int
    window: int
    jump: int
    offset: int

    def start(self, unit: int) -> int:
        """First input pixel of the window of ``unit`` (0-based) along this side."""
        if isinstance(unit, bool) or not isinstance(unit, int) or not 0 <= unit < self.size:
            raise ValueError(f"unit must be an int in [0, {self.size}), got {unit!r}")
        return self.offset + unit * self.jump


def _window_and_stride(layer) -> tuple[int, int, str]:
    config = layer.get_config()
    window = config.get("kernel_size", config.get("pool_size"))
    if window is None or "strides" not in config:
        raise TypeError(
            f"layer {getattr(layer, 'name', layer)!r} has no kernel_size or pool_size and strides; "
            "receptive_fields accepts convolution and pooling layers only"
        )
    if config.get("dilation_rate", (1,))[0] != 1:
        raise ValueError(f"layer {layer.name!r} is dilated; receptive_fields supports dilation 1 only")
    return int(window[0]), int(config["strides"][0]), config.get("padding", "valid")


def receptive_fields(layers: Sequence, input_size: int) -> list[Field]:
    """The receptive field after each layer of a stack of convolution and pooling layers.

    Defined in chapter 1 (``01_convolution_pooling``). Padding follows Keras's
    ``"same"`` rule: ``max((ceil(n / s) - 1) * s + k - n, 0)`` zeros in all,
    the smaller half before the first row.

    Args:
        layers: Keras ``Conv2D`` / ``MaxPooling2D``-like layers, in order (rows are read: square windows assumed).
        input_size: the input's side in pixels.

    Returns:
        One :class:`Field` per layer.

    Raises:
        TypeError: a layer without a kernel or pool size.
        ValueError: a non-positive ``input_size``, a dilated layer or an unknown padding.
    """
    size = positive_int("input_size", input_size)
    window, jump, offset, fields = 1, 1, 0, []
    for layer in layers:
        k, s, padding = _window_and_stride(layer)
        if padding == "same":
            pad_before = max((math.ceil(size / s) - 1) * s + k - size, 0) // 2
            size = math.ceil(size / s)
        elif padding == "valid":
            pad_before = 0
            size = (size - k) // s + 1
        else:
            raise ValueError(f"layer {layer.name!r}: padding must be 'same' or 'valid', got {padding!r}")
        window, offset, jump = window + (k - 1) * jump, offset - pad_before * jump, jump * s
        fields.append(Field(layer.name, size, window, jump, offset))
    return fields
