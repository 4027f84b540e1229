"""utils.models: the article's three models, their sizes and shapes."""

import numpy as np
import pytest

from utils import models


def test_cnn_matches_the_article():
    model = models.build_cnn()
    assert model.count_params() == 3_274_634
    assert model.output_shape == (None, 10)
    shapes = [layer.output.shape for layer in model.layers]
    assert [tuple(s[1:]) for s in shapes[:4]] == [(28, 28, 32), (14, 14, 32), (14, 14, 64), (7, 7, 64)]
    out = model(np.zeros((2, 28, 28, 1), dtype=np.float32))
    np.testing.assert_allclose(np.sum(out, axis=1), 1.0, rtol=1e-5)  # softmax rows


def test_cnn_channels_first_has_the_same_parameters_and_its_own_input():
    model = models.build_cnn(data_format="channels_first")
    assert model.count_params() == 3_274_634
    assert tuple(model.input_shape) == (None, 1, 28, 28)


def test_cnn_valid_padding_shrinks_the_dense_layer():
    # valid: 28 -5+1 = 24 -> pool 12 -> 8 -> pool 4: 4*4*64 = 1024 inputs to Dense(1024)
    model = models.build_cnn(padding="valid")
    dense = model.layers[5]
    assert dense.kernel.shape == (1024, 1024)


@pytest.mark.parametrize("kwargs, message", [
    ({"data_format": "NCHW"}, "data_format"),
    ({"padding": "full"}, "padding"),
    ({"filters": (32, 0)}, "filters"),
])
def test_cnn_rejects_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        models.build_cnn(**kwargs)


def test_rnn_classifier_matches_the_article():
    model = models.build_rnn_classifier()
    assert model.count_params() == 4_460
    assert model.layers[0].unroll is True
    assert model.output_shape == (None, 10)
    assert models.build_rnn_classifier(units=25).count_params() == 28 * 25 + 25 * 25 + 25 + 26 * 10


def test_rnn_classifier_cells():
    assert models.build_rnn_classifier(cell="lstm").count_params() == 4 * (28 * 50 + 50 * 50 + 50) + 510
    with pytest.raises(ValueError, match="cell"):
        models.build_rnn_classifier(cell="transformer")


def test_rnn_regressor_matches_the_article():
    model = models.build_rnn_regressor()
    assert model.count_params() == 461
    rnn = model.layers[0]
    assert rnn.stateful and rnn.return_sequences
    assert tuple(model.input_shape) == (50, 20, 1) and tuple(model.output_shape) == (50, 20, 1)
    assert not models.build_rnn_regressor(stateful=False).layers[0].stateful
    with pytest.raises(ValueError, match="batch_size"):
        models.build_rnn_regressor(batch_size=0)


def test_layer_differences_finds_a_changed_layer_and_ignores_names():
    import keras
    from keras import layers

    written = keras.Sequential([keras.Input(shape=(28, 28)), layers.SimpleRNN(50, unroll=True),
                                layers.Dense(10, activation="softmax")])
    assert models.layer_differences(written, models.build_rnn_classifier()) == []
    differences = models.layer_differences(written, models.build_rnn_classifier(units=25, unroll=False))
    assert any("units: 50 against 25" in d for d in differences) and any("unroll" in d for d in differences)
    assert models.layer_differences(written, models.build_rnn_classifier(time_steps=14)) == [
        "input shape: (None, 28, 28) against (None, 14, 28)"]
    with pytest.raises(TypeError, match="Keras model"):
        models.layer_differences(written, "rnn")


def test_layer_differences_ignores_the_name_of_a_wrapped_layer_but_not_its_config():
    import keras
    from keras import layers

    def written(units=1):  # the article's regressor as chapter 3 writes it, unnamed layers
        return keras.Sequential([keras.Input(batch_shape=(50, 20, 1)),
                                 layers.SimpleRNN(20, return_sequences=True, stateful=True),
                                 layers.TimeDistributed(layers.Dense(units))])

    assert models.layer_differences(written(), models.build_rnn_regressor()) == []
    differences = models.layer_differences(written(units=2), models.build_rnn_regressor())
    assert len(differences) == 1 and "'units': 2" in differences[0]
    assert any("stateful" in d for d in models.layer_differences(written(), models.build_rnn_regressor(stateful=False)))


def _cnn_as_chapter_1_writes_it(second_kernel=5):
    import keras
    from keras import layers

    return keras.Sequential([
        keras.Input(shape=(28, 28, 1)),
        layers.Conv2D(32, 5, padding="same", activation="relu"),
        layers.MaxPooling2D(2, padding="same"),
        layers.Conv2D(64, second_kernel, padding="same", activation="relu"),
        layers.MaxPooling2D(2, padding="same"),
        layers.Flatten(),
        layers.Dense(1024, activation="relu"),
        layers.Dense(10, activation="softmax"),
    ])


def test_layer_differences_holds_chapter_1s_cnn_to_build_cnn():
    assert models.layer_differences(_cnn_as_chapter_1_writes_it(), models.build_cnn()) == []
    differences = models.layer_differences(_cnn_as_chapter_1_writes_it(second_kernel=3), models.build_cnn())
    assert len(differences) == 1 and "kernel_size: (3, 3) against (5, 5)" in differences[0]
    assert models.layer_differences(_cnn_as_chapter_1_writes_it(), models.build_cnn(dense_units=512))
