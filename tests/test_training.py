"""utils.training: the three regimes on tiny data, and the article's batch walk."""

import numpy as np
import pytest

from utils import data, models, seed_everything, training, versions


def test_batch_indices_walk_in_order_and_wrap():
    index = training.batch_indices(0, 4, batch_size=2, num_samples=6)
    assert index.tolist() == [0, 1, 2, 3, 4, 5, 0, 1, 2, 3]
    # the article: BATCH_INDEX += 50, back to 0 at 60000 -> step 1200 reads samples 0..49 again
    assert training.batch_indices(1200, 1200, 50, 60000).tolist() == list(range(50))
    assert training.batch_indices(1199, 1199, 50, 60000)[0] == 59950
    with pytest.raises(ValueError, match="multiple of batch_size"):
        training.batch_indices(0, 1, 7, 60)


def _tiny_classification(n=200, seed=0):
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, 10, n)
    x = rng.normal(0, 0.3, (n, 28, 28)).astype(np.float32)
    x[np.arange(n), labels, :] += 1.0  # class = which row lights up
    return x, data.one_hot(labels)


def test_train_in_steps_evaluates_at_the_article_cadence_and_learns(capsys):
    seed_everything(0)
    x, y = _tiny_classification()
    model = models.build_rnn_classifier(units=16, learning_rate=0.01)
    curve = training.train_in_steps(model, x, y, x, y, steps=121, batch_size=20, eval_every=40, print_every=40)
    assert curve.steps.tolist() == [0, 40, 80, 120]
    assert curve.loss.shape == curve.accuracy.shape == (4,)
    assert curve.loss[-1] < curve.loss[0] / 2
    assert "step    120" in capsys.readouterr().out
    # step 120 is the last step, so the last evaluation is the trained model's loss and accuracy on the test set
    np.testing.assert_allclose([curve.loss[-1], curve.accuracy[-1]], model.evaluate(x, y, batch_size=len(x), verbose=0),
                               rtol=1e-6)


def test_train_in_steps_equals_train_on_batch_loop():
    """The chunked loop makes the same updates as the article's train_on_batch loop."""
    x, y = _tiny_classification(n=40)
    seed_everything(3)
    ours = models.build_rnn_classifier(units=8)
    weights = ours.get_weights()
    reference = models.build_rnn_classifier(units=8)
    reference.set_weights(weights)
    training.train_in_steps(ours, x, y, x, y, steps=7, batch_size=10, eval_every=3, print_every=0)
    index = 0
    for _ in range(7):
        reference.train_on_batch(x[index:index + 10], y[index:index + 10])
        index = (index + 10) % 40
    for a, b in zip(ours.get_weights(), reference.get_weights()):
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-6)


def test_train_epochs_lowers_the_loss(capsys):
    seed_everything(0)
    rng = np.random.default_rng(1)
    labels = rng.integers(0, 10, 64)
    images = np.zeros((64, 12, 12), dtype=np.uint8)
    images[np.arange(64), labels, :] = 255
    x, y = data.prepare_images(images), data.one_hot(labels)
    model = models.build_cnn(filters=(4,), dense_units=16, image_size=12)
    before = model.evaluate(x, y, verbose=0)[0]
    history = training.train_epochs(model, x, y, epochs=3, batch_size=16, progress_lines=2)
    assert len(history.history["loss"]) == 3
    assert model.evaluate(x, y, verbose=0)[0] < before
    printed = capsys.readouterr().out
    assert printed.count("step") == 2 and "step     12/12" in printed  # never past the last step
    with pytest.raises(ValueError, match="inputs but"):
        training.train_epochs(model, x, y[:3])


def test_train_stateful_records_every_step_and_learns():
    seed_everything(0)
    model = models.build_rnn_regressor()  # the article's sizes: each batch spans five periods of the curve
    run = training.train_stateful(model, data.SineCosineBatches(), steps=100, print_every=0)
    assert run.costs.shape == (100,) and run.predictions.shape == run.targets.shape == run.xs.shape == (100, 20)
    assert run.step_errors.shape == (100, 20)
    assert run.costs[-20:].mean() < run.costs[:20].mean() / 10
    np.testing.assert_allclose(run.targets, np.cos(run.xs), atol=1e-6)


def test_train_stateful_prediction_reads_the_batch_once_from_its_start():
    """Each step's prediction starts from the state the batch began with, with the updated weights."""
    seed_everything(1)
    model = models.build_rnn_regressor(units=3, batch_size=2, time_steps=4)
    rnn = model.layers[0]
    seen = []  # after each step: weights, state, prediction of the first sequence
    training.train_stateful(
        model, data.SineCosineBatches(2, 4), steps=3, print_every=0,
        on_step=lambda step, xs, t, p, c: seen.append((model.get_weights(), rnn.states[0].numpy(), p.copy())),
    )
    probe = models.build_rnn_regressor(units=3, batch_size=2, time_steps=4)
    batches = data.SineCosineBatches(2, 4)
    state = np.zeros((2, 3), dtype=np.float32)
    for weights, state_after, prediction in seen:
        probe.set_weights(weights)
        probe.layers[0].states[0].assign(state)
        expected = probe.predict_on_batch(next(batches)[0])
        np.testing.assert_allclose(prediction, expected[0, :, 0], rtol=1e-5, atol=1e-6)
        np.testing.assert_allclose(state_after, probe.layers[0].states[0].numpy(), rtol=1e-5, atol=1e-6)
        state = state_after
    assert np.any(state != 0)


def test_train_stateful_without_rewinding_reads_each_batch_twice():
    """rewind_state=False is the article's loop: the prediction pass moves the state on again."""
    seed_everything(2)
    model = models.build_rnn_regressor(units=3, batch_size=2, time_steps=4)
    weights = model.get_weights()
    training.train_stateful(model, data.SineCosineBatches(2, 4), steps=1, print_every=0, rewind_state=False)
    probe = models.build_rnn_regressor(units=3, batch_size=2, time_steps=4)
    probe.set_weights(weights)
    inputs, targets, _ = next(data.SineCosineBatches(2, 4))
    probe.train_on_batch(inputs, targets)  # state: end of the batch, read once
    probe.predict_on_batch(inputs)  # read a second time, with the new weights
    np.testing.assert_allclose(model.layers[0].states[0].numpy(), probe.layers[0].states[0].numpy(), rtol=1e-5, atol=1e-6)


class _RunningMeanKeras:
    """Wraps a model's *_on_batch like Keras before 3.15.0 (keras-team/keras#22617).

    The method returns the running mean of the true batch values since the
    model's metrics were last reset; ``model.reset_metrics`` starts a new mean.
    ``scale`` makes the returned values wrong in another way (a future change).
    """

    def __init__(self, model, name, scale=1.0):
        self.method, self.values, self.scale, self.inside = getattr(model, name), [], scale, False
        reset = model.reset_metrics
        # Keras 3.15 resets inside the method itself; only a reset from outside starts a new mean here
        model.reset_metrics = lambda: (self.inside or self.values.clear(), reset())
        setattr(model, name, self)
        self.__self__ = model

    def __call__(self, *args, return_dict=False):
        self.inside = True
        try:
            self.values.append(self.method(*args, return_dict=True))
        finally:
            self.inside = False
        logs = {k: self.scale * float(np.mean([v[k] for v in self.values])) for k in self.values[0]}
        return logs if return_dict else list(logs.values())


def test_train_stateful_costs_are_each_batchs_own():
    """Keras's train_step returns the loss tracker's mean since the metrics were last reset; the compiled step
    resets them first, so each cost is the batch's own, not a running mean (keras-team/keras#22617's symptom)."""
    seed_everything(4)
    model = models.build_rnn_regressor(units=4, batch_size=5, time_steps=10)
    run = training.train_stateful(model, data.SineCosineBatches(5, 10), steps=30, print_every=0)
    step, reported, recomputed = run.cost_check
    assert step == 29 and run.costs[-1] == reported
    np.testing.assert_allclose(reported, recomputed, rtol=1e-4)
    assert not np.isclose(run.costs.mean(), run.costs[-1], rtol=1e-2)  # a running mean would have been caught


class _ScaledTrainStep:
    """Puts itself in place of a model's train_step and scales the loss it reports (a future change in Keras)."""

    def __init__(self, model, scale):
        self.train_step, self.scale = model.train_step, scale
        model.train_step = self

    def __call__(self, data):
        logs = self.train_step(data)
        return {**logs, "loss": self.scale * logs["loss"]}


def test_train_stateful_stops_when_keras_reports_a_different_cost():
    seed_everything(4)
    model = models.build_rnn_regressor(units=4, batch_size=5, time_steps=10)
    training.train_stateful(model, data.SineCosineBatches(5, 10), steps=2, print_every=0)  # its step is made
    _ScaledTrainStep(model, scale=2.0)  # and must be made again, around the new train_step
    with pytest.raises(training.ReadBackError, match=r"training cost at step 2: Keras .* the model's train_step"):
        training.train_stateful(model, data.SineCosineBatches(5, 10), steps=3, print_every=0)


def test_train_stateful_follows_a_model_compiled_again():
    """The compiled step is made once per model; compiling the model again (a new optimizer) makes a new one."""
    import keras

    seed_everything(9)
    start = models.build_rnn_regressor(units=3, batch_size=2, time_steps=4).get_weights()
    model = models.build_rnn_regressor(units=3, batch_size=2, time_steps=4)
    model.set_weights(start)
    training.train_stateful(model, data.SineCosineBatches(2, 4), steps=3, print_every=0)
    model.set_weights(start)
    model.layers[0].reset_state()
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="mse")
    again = training.train_stateful(model, data.SineCosineBatches(2, 4), steps=4, print_every=0)
    fresh = models.build_rnn_regressor(units=3, batch_size=2, time_steps=4)
    fresh.set_weights(start)
    fresh.compile(optimizer=keras.optimizers.SGD(0.1), loss="mse")
    expected = training.train_stateful(fresh, data.SineCosineBatches(2, 4), steps=4, print_every=0)
    np.testing.assert_allclose(again.costs, expected.costs, rtol=1e-6)
    for ours, theirs in zip(model.get_weights(), fresh.get_weights()):
        np.testing.assert_allclose(ours, theirs, rtol=1e-6, atol=1e-7)


def test_a_model_trained_by_train_stateful_can_still_be_freed():
    """The compiled step is kept on the model itself, so a model nobody holds any more is freed with its step
    (a module-level cache whose entries refer to their model would keep every model ever trained alive)."""
    import gc
    import weakref

    model = models.build_rnn_regressor(units=2, batch_size=2, time_steps=3)
    training.train_stateful(model, data.SineCosineBatches(2, 3), steps=2, print_every=0)
    gone = weakref.ref(model)
    del model
    gc.collect()
    assert gone() is None


def test_train_stateful_asks_for_a_compiled_model():
    import keras

    model = keras.Sequential([keras.Input(batch_shape=(2, 4, 1)),
                              keras.layers.SimpleRNN(3, return_sequences=True, stateful=True)])
    with pytest.raises(ValueError, match="train_stateful needs a compiled model"):
        training.train_stateful(model, data.SineCosineBatches(2, 4), steps=2, print_every=0)


def test_train_in_steps_stops_when_keras_reports_a_different_accuracy():
    seed_everything(5)
    x, y = _tiny_classification(n=40)
    model = models.build_rnn_classifier(units=8)
    _RunningMeanKeras(model, "test_on_batch", scale=0.5)
    with pytest.raises(training.ReadBackError, match="test accuracy at step 0"):
        training.train_in_steps(model, x, y, x, y, steps=3, batch_size=10, eval_every=2, print_every=0)


def test_train_stateful_makes_the_updates_of_the_articles_loop_with_the_state_wound_back():
    """Chapter 3's claim: the article's train_on_batch loop, its predict started from the batch's start,
    written with Keras's own Adam, and train_stateful on the builder's network end with the same costs and weights."""
    import keras

    seed_everything(6)
    written = keras.Sequential([keras.Input(batch_shape=(2, 4, 1)),
                                keras.layers.SimpleRNN(3, return_sequences=True, stateful=True),
                                keras.layers.TimeDistributed(keras.layers.Dense(1))])
    written.compile(optimizer=keras.optimizers.Adam(), loss="mse")
    helper = models.build_rnn_regressor(units=3, batch_size=2, time_steps=4)
    helper.set_weights(written.get_weights())
    state, costs, batches = written.layers[0].states[0], [], data.SineCosineBatches(2, 4)
    for _ in range(8):
        inputs, targets, _ = next(batches)
        start = state.numpy()
        written.reset_metrics()
        costs.append(float(written.train_on_batch(inputs, targets)))
        state.assign(start)
        written.predict_on_batch(inputs)
    run = training.train_stateful(helper, data.SineCosineBatches(2, 4), steps=8, print_every=0)
    np.testing.assert_allclose(run.costs, costs, rtol=1e-5)
    for ours, theirs in zip(helper.get_weights() + [helper.layers[0].states[0].numpy()],
                            written.get_weights() + [state.numpy()]):
        np.testing.assert_allclose(ours, theirs, rtol=1e-5, atol=1e-6)


def test_the_walk_is_a_view_where_contiguous_and_wraps_like_batch_indices():
    x, y = np.arange(60).reshape(30, 2), np.arange(30)
    for first, last in [(0, 2), (1, 4), (4, 7), (5, 5), (2, 13)]:  # (4, 7) and (2, 13) cross the end
        xs, ys = training._walk(x, y, first, last, 5)
        index = training.batch_indices(first, last, 5, 30)
        np.testing.assert_array_equal(xs, x[index])
        np.testing.assert_array_equal(ys, y[index])
    assert np.shares_memory(training._walk(x, y, 1, 4, 5)[0], x)  # no copy when no wrap


def test_start_over_runs_a_used_model_as_a_fresh_one_would():
    """Chapters 2 and 3 reuse a traced model through start_over: it must then make a fresh model's updates,
    for a stateful network (its state), for the course's optimizer (its step count and running averages),
    at a new learning rate, and for the classifier's step loop."""
    seed_everything(7)
    start = models.build_rnn_regressor(units=3, batch_size=2, time_steps=4).get_weights()
    fresh = models.build_rnn_regressor(units=3, batch_size=2, time_steps=4, learning_rate=0.01)
    fresh.set_weights(start)
    expected = training.train_stateful(fresh, data.SineCosineBatches(2, 4), steps=6, print_every=0)
    used = models.build_rnn_regressor(units=3, batch_size=2, time_steps=4, learning_rate=0.05)
    used.set_weights(start)
    training.train_stateful(used, data.SineCosineBatches(2, 4), steps=5, print_every=0)  # state, steps, averages
    again = training.train_stateful(training.start_over(used, start, learning_rate=0.01),
                                    data.SineCosineBatches(2, 4), steps=6, print_every=0)
    np.testing.assert_allclose(again.costs, expected.costs, rtol=1e-6)
    for ours, theirs in zip(used.get_weights(), fresh.get_weights()):
        np.testing.assert_allclose(ours, theirs, rtol=1e-6, atol=1e-7)

    x, y = _tiny_classification(n=40)
    seed_everything(8)
    first = models.build_rnn_classifier(units=8)
    weights = first.get_weights()
    curve = training.train_in_steps(first, x, y, x, y, steps=5, batch_size=10, eval_every=2, print_every=0)
    replay = training.train_in_steps(training.start_over(first, weights), x, y, x, y, steps=5, batch_size=10,
                                     eval_every=2, print_every=0)
    np.testing.assert_allclose(replay.loss, curve.loss, rtol=1e-6)


def test_start_over_asks_for_a_compiled_model():
    import keras

    model = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(1)])
    with pytest.raises(ValueError, match="compiled model"):
        training.start_over(model, model.get_weights())


def test_the_metrics_reset_is_skipped_only_where_keras_resets_itself(monkeypatch):
    """_on_batch leaves the reset to Keras's own *_on_batch from 3.15.0 on; older Keras (Colab's 3.13) and any
    wrapper put in its place (such as the running-mean imitation above) are reset first, as before."""
    import keras

    model = models.build_rnn_regressor(units=2, batch_size=2, time_steps=3)
    assert training._resets_itself(model.train_on_batch) == (versions._key(keras.__version__) >= (3, 15))
    monkeypatch.setattr(keras, "__version__", "3.13.2")
    assert not training._resets_itself(model.train_on_batch)
    monkeypatch.undo()
    assert not training._resets_itself(_RunningMeanKeras(model, "train_on_batch"))
