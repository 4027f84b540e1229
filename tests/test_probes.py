"""utils.probes: the chapter-2 probes against the tape and against known answers."""

import numpy as np
import pytest

from utils import models, probes, seed_everything


def _classifier_and_batch(units=6, n=8, steps=5, seed=0):
    seed_everything(seed)
    model = models.build_rnn_classifier(units=units, time_steps=steps, input_size=4)
    rng = np.random.default_rng(seed)
    weights = model.get_weights()
    weights[2] = rng.uniform(-0.5, 0.5, weights[2].shape).astype(np.float32)  # a non-zero bias
    model.set_weights(weights)
    x = rng.normal(0, 1, (n, steps, 4)).astype(np.float32)
    y = np.eye(10, dtype=np.float32)[rng.integers(0, 10, n)]
    return model, x, y


def test_row_gradients_sum_to_the_tapes_weight_gradients():
    import keras
    import tensorflow as tf

    model, x, y = _classifier_and_batch()
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(keras.losses.categorical_crossentropy(y, model(x)))
    kernel, recurrent = model.get_layer("rnn").trainable_weights[:2]
    expected = [g.numpy() for g in tape.gradient(loss, [kernel, recurrent])]
    rows = probes.row_gradients(model.get_weights(), x, y)
    assert rows["W"].shape == (5, 4, 6) and rows["U"].shape == (5, 6, 6)
    np.testing.assert_allclose(rows["W"].sum(axis=0), expected[0], rtol=1e-4, atol=1e-7)
    np.testing.assert_allclose(rows["U"].sum(axis=0), expected[1], rtol=1e-4, atol=1e-7)


def test_a_blank_row_adds_nothing_to_the_input_weights_gradient():
    model, x, y = _classifier_and_batch()
    x[:, 1] = 0
    rows = probes.row_gradients(model.get_weights(), x, y)
    assert np.all(rows["W"][1] == 0) and np.abs(rows["W"][2]).max() > 0


def test_jacobian_product_equals_the_tape():
    model, x, _ = _classifier_and_batch()
    layer = model.get_layer("rnn")
    norms, jacobians = probes.state_jacobian_norms(layer, x)
    W, U, _ = layer.get_weights()
    states = probes.row_gradients(model.get_weights(), x, np.eye(10)[np.zeros(len(x), int)])["states"]
    for i in range(len(x)):
        product = probes.jacobian_product(W, U, states[i])
        np.testing.assert_allclose(product, jacobians[i].transpose(1, 0, 2), rtol=1e-3, atol=1e-6)
    np.testing.assert_allclose(norms, np.linalg.norm(jacobians, axis=(1, 3)).mean(0))
    with pytest.raises(ValueError, match="need states"):
        probes.jacobian_product(W, U, states)


def test_linear_probe_reads_a_linearly_coded_label():
    rng = np.random.default_rng(0)
    labels = rng.integers(0, 10, 400)
    states = rng.normal(0, 1, (400, 3, 12))
    states[:, 2, :10] += 6 * np.eye(10)[labels]  # only step 3 holds the label
    accuracy = probes.linear_probe_accuracy(states, labels, n_fit=300)
    assert accuracy.shape == (3,) and accuracy[2] > 0.95 and accuracy[:2].max() < 0.3
    with pytest.raises(ValueError, match="n_fit"):
        probes.linear_probe_accuracy(states, labels, n_fit=400)
    with pytest.raises(ValueError, match="labels must have shape"):
        probes.linear_probe_accuracy(states, labels[:5], n_fit=3)
