"""utils.receptive: the window one unit depends on, against the article's CNN and against the gradient."""

import keras
import numpy as np
import pytest
import tensorflow as tf
from keras import layers

from utils import models, receptive


def test_the_article_cnn():
    fields = receptive.receptive_fields(models.build_cnn().layers[:4], input_size=28)
    assert [(f.window, f.jump, f.size) for f in fields] == [(5, 1, 28), (6, 2, 14), (14, 2, 14), (16, 4, 7)]
    assert fields[-1].start(3) == 6  # the centre unit of the 7 x 7 map: rows 6-21
    assert fields[0].start(0) == -2  # "same" padding: the first window starts in the zeros


@pytest.mark.parametrize("padding", ["same", "valid"])
def test_windows_match_the_gradient(padding):
    stack = [layers.Conv2D(1, 3, strides=2, padding=padding, kernel_initializer="ones"),
             layers.AveragePooling2D(2, padding=padding),
             layers.Conv2D(1, 4, padding=padding, kernel_initializer="ones")]
    model = keras.Sequential([keras.Input((21, 21, 1)), *stack])
    last = receptive.receptive_fields(model.layers, input_size=21)[-1]
    assert last.size == model.output_shape[1]
    image = tf.ones((1, 21, 21, 1))
    for unit in range(last.size):
        with tf.GradientTape() as tape:
            tape.watch(image)
            response = model(image)[0, unit, unit, 0]
        gradient = np.abs(tape.gradient(response, image).numpy()[0, :, :, 0])
        rows = np.flatnonzero(gradient.sum(axis=1))
        start = last.start(unit)
        assert rows.min() == max(start, 0) and rows.max() == min(start + last.window, 21) - 1


def test_bad_arguments():
    with pytest.raises(TypeError, match="convolution and pooling"):
        receptive.receptive_fields([layers.Dense(3)], input_size=28)
    with pytest.raises(ValueError, match="input_size"):
        receptive.receptive_fields([layers.Conv2D(1, 3)], input_size=0)
    field = receptive.receptive_fields([layers.Conv2D(1, 3)], input_size=28)[0]
    with pytest.raises(ValueError, match="unit"):
        field.start(26)
