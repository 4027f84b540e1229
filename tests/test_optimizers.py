"""utils.optimizers.FusedAdam: Adam's update, checked against NumPy and against Keras's Adam."""

import keras
import numpy as np
import pytest

from utils.optimizers import FusedAdam

# Keras's eager `apply` converts a variable with np.array(), which NumPy 2 flags; it is Keras's code, not ours.
pytestmark = pytest.mark.filterwarnings("ignore:__array__ implementation:DeprecationWarning")


def numpy_adam(weight, gradients, lr=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    """Adam as Keras writes it (keras/src/optimizers/adam.py), in float64."""
    w, m, v = weight.astype(np.float64), np.zeros(weight.shape), np.zeros(weight.shape)
    for t, g in enumerate(gradients, start=1):
        alpha = lr * np.sqrt(1 - beta_2**t) / (1 - beta_1**t)
        m += (g - m) * (1 - beta_1)
        v += (g * g - v) * (1 - beta_2)
        w -= m * alpha / (np.sqrt(v) + epsilon)
    return w


def run(optimizer, weight, gradients):
    variable = keras.Variable(weight.copy())
    optimizer.build([variable])
    for g in gradients:
        optimizer.apply([keras.ops.convert_to_tensor(g)], [variable])
    return keras.ops.convert_to_numpy(variable.value)


@pytest.fixture
def problem():
    rng = np.random.default_rng(0)
    weight = rng.standard_normal((64, 32)).astype(np.float32)
    gradients = [rng.standard_normal((64, 32)).astype(np.float32) * scale for scale in (1.0, 0.1, 1e-3, 5.0)]
    return weight, gradients


def test_matches_the_numpy_reference(problem):
    weight, gradients = problem
    ours = run(FusedAdam(0.01), weight, gradients)
    np.testing.assert_allclose(ours, numpy_adam(weight, gradients, lr=0.01), rtol=1e-5, atol=1e-6)
    assert not np.allclose(ours, weight)  # it did move


def test_matches_keras_adam_to_float32_rounding(problem):
    weight, gradients = problem
    ours = run(FusedAdam(0.01, beta_1=0.8, beta_2=0.99, epsilon=1e-5), weight, gradients)
    keras_adam = run(keras.optimizers.Adam(0.01, beta_1=0.8, beta_2=0.99, epsilon=1e-5), weight, gradients)
    np.testing.assert_allclose(ours, keras_adam, rtol=1e-6, atol=1e-6)


def test_uses_the_fused_kernel_on_tensorflow(problem, monkeypatch):
    if keras.backend.backend() != "tensorflow":
        pytest.skip("the fused kernel is TensorFlow's")
    import tensorflow as tf

    calls = []
    fused = tf.raw_ops.ResourceApplyAdam
    monkeypatch.setattr(tf.raw_ops, "ResourceApplyAdam", lambda **kw: calls.append(kw) or fused(**kw))
    weight, gradients = problem
    run(FusedAdam(), weight, gradients[:2])
    assert len(calls) == 2


def test_amsgrad_falls_back_to_keras(problem):
    weight, gradients = problem
    ours = run(FusedAdam(0.01, amsgrad=True), weight, gradients)
    np.testing.assert_array_equal(ours, run(keras.optimizers.Adam(0.01, amsgrad=True), weight, gradients))


def test_sparse_gradients_fall_back_to_keras(monkeypatch):
    if keras.backend.backend() != "tensorflow":
        pytest.skip("IndexedSlices are TensorFlow's")
    import tensorflow as tf

    monkeypatch.setattr(tf.raw_ops, "ResourceApplyAdam",
                        lambda **kw: pytest.fail("the fused kernel got a sparse gradient"))
    weights = []
    for optimizer in (FusedAdam(0.1), keras.optimizers.Adam(0.1)):
        variable = keras.Variable(np.ones((6, 3), dtype=np.float32))
        optimizer.build([variable])
        rows = tf.IndexedSlices(tf.reshape(tf.range(1.0, 7.0), (2, 3)), tf.constant([1, 4]), tf.constant([6, 3]))
        optimizer.apply([rows], [variable])
        weights.append(keras.ops.convert_to_numpy(variable.value))
    np.testing.assert_array_equal(weights[0], weights[1])
    assert (weights[0][[0, 2, 3, 5]] == 1).all() and (weights[0][[1, 4]] < 1).all()  # only the two rows moved


def test_round_trips_through_its_config():
    optimizer = FusedAdam(0.003, beta_1=0.7)
    again = keras.optimizers.deserialize(keras.optimizers.serialize(optimizer))
    assert isinstance(again, FusedAdam)
    assert again.beta_1 == 0.7 and float(again.learning_rate) == pytest.approx(0.003)
