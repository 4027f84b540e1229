"""Training: the article's three regimes, same batches, order and cadence.

- :func:`train_epochs`: ``model.fit`` for whole epochs with a few progress lines (the CNN in the
  benchmarks; chapter 1 writes its ``fit`` call on the page);
- :func:`train_in_steps`: the step loop that walks the training set in order
  and evaluates on the whole test set every few hundred steps (chapter 2);
- :func:`train_stateful`: one step per consecutive batch of a curve, keeping
  what the model predicts at every step for plotting (chapter 3);
- :func:`start_over`: a trained model put back where a fresh one starts, to
  run again without tracing its training step again (chapters 2 and 3).

The article called ``train_on_batch`` once per step from Python. Here the loops
hand Keras whole runs of steps at once where the article's numbers allow it
(chapter 2), or run each step's training and prediction as one compiled
function (chapter 3), so the batches and the order are the article's but most
of the per-step Python overhead is gone.

Every value these loops read back from Keras (a batch's cost, a test accuracy)
is this batch's own value on every Keras 3: before Keras 3.15.0,
``train_on_batch`` and ``test_on_batch`` did not reset the model's metrics and
returned a running average over every call since the last reset
(keras-team/keras#22617), so :func:`_on_batch` resets them first, and
:func:`_stateful_step` resets them inside its compiled step. Each loop
also checks one value it read against a computation of its own, so that a
future change in Keras stops the chapter with a message instead of drawing a
wrong curve.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Callable, Iterator

import numpy as np

from utils import versions
from utils._checks import positive_int


def _check_pairs(x: np.ndarray, y: np.ndarray, what: str) -> None:
    if len(x) != len(y):
        raise ValueError(f"{what}: {len(x)} inputs but {len(y)} targets; they must pair up one to one")


class ReadBackError(RuntimeError):
    """A value read back from Keras disagrees with the same value computed independently."""


def _resets_itself(method) -> bool:
    """True if ``method`` is Keras's own ``train_on_batch``/``test_on_batch`` of a Keras that resets the
    metrics inside it (3.15.0 and later); False for older Keras and for any wrapper put in its place."""
    function = getattr(method, "__func__", None)
    if function is None or not function.__module__.startswith("keras."):
        return False
    import keras

    return versions._key(keras.__version__) >= (3, 15)


def _on_batch(method, *args) -> dict[str, float]:
    """Call ``model.train_on_batch`` or ``model.test_on_batch``; return this batch's own values.

    Keras before 3.15.0 returned a running average over every call since the
    model's metrics were last reset (keras-team/keras#22617, "Fix
    train_on_batch/test_on_batch returning cumulative metric instead of
    per-batch loss"). Resetting them first gives the batch's own loss and
    metrics on every Keras 3. Keras 3.15.0 and later reset them inside the call
    (``train_on_batch`` in ``keras/src/backend/tensorflow/trainer.py``), so a
    second reset from here is skipped there: it cost about 0.6 ms per step.
    """
    if not _resets_itself(method):
        method.__self__.reset_metrics()
    return {name: float(np.asarray(value)) for name, value in method(*args, return_dict=True).items()}


def _check_read_back(
    what: str, reported: float, recomputed: float, source: str = "train_on_batch/test_on_batch (see keras-team/keras#22617)",
    rtol: float = 1e-4, atol: float = 1e-6,
) -> None:
    if not np.isclose(reported, recomputed, rtol=rtol, atol=atol):
        import keras

        raise ReadBackError(
            f"{what}: Keras {keras.__version__} reported {reported:.6g}, but computing it directly gives "
            f"{recomputed:.6g}. This Keras returns something else from {source} than the course was "
            "tested with; install a tested version (utils.versions.TESTED lists them) or report it to the course."
        )


def _progress_callback(steps_per_epoch: int, epochs: int, lines: int):
    import keras

    class _Progress(keras.callbacks.Callback):
        """Prints a few short lines while ``fit`` runs (readable live and in the saved notebook)."""

        def on_train_begin(self, logs=None):
            self.start, self.epoch = time.perf_counter(), 0
            total_steps = steps_per_epoch * epochs
            self.marks = sorted({max(1, round(total_steps * k / lines)) for k in range(1, lines + 1)})

        def on_epoch_begin(self, epoch, logs=None):
            self.epoch = epoch

        def on_train_batch_end(self, batch, logs=None):
            # With steps_per_execution > 1, Keras calls this once per execution, `batch` being its last step.
            # (for the last, shorter execution of an epoch Keras may report a step past the epoch's end).
            done = self.epoch * steps_per_epoch + min(batch + 1, steps_per_epoch)
            if self.marks and done >= self.marks[0]:
                while self.marks and done >= self.marks[0]:
                    self.marks.pop(0)
                scores = "  ".join(f"{k} {float(v):.4f}" for k, v in (logs or {}).items())
                print(f"step {done:>6}/{steps_per_epoch * epochs}  {scores}  ({time.perf_counter() - self.start:.0f} s)")

    return _Progress()


def train_epochs(model, x: np.ndarray, y: np.ndarray, epochs: int = 1, batch_size: int = 32, progress_lines: int = 10):
    """Train with ``model.fit`` for whole epochs (the article's CNN regime).

    Used by the benchmarks (``benchmarks/course.py``); chapter 1
    (``01_convolution_pooling``) calls ``fit`` itself, with ``verbose=2``, for
    the same epoch. Shuffles as ``fit`` does by default, like the article. Prints ``progress_lines`` short lines per run
    (0 for silence) instead of Keras's progress bar, whose thousands of updates
    would swell a saved notebook.

    Returns:
        The ``History`` that ``fit`` returns.
    """
    versions.require()
    _check_pairs(x, y, "train_epochs")
    epochs = positive_int("epochs", epochs)
    batch_size = positive_int("batch_size", batch_size)
    callbacks = [_progress_callback(-(-len(x) // batch_size), epochs, progress_lines)] if progress_lines else []
    return model.fit(x, y, epochs=epochs, batch_size=batch_size, verbose=0, callbacks=callbacks)


@dataclass
class Curve:
    """Test loss and accuracy measured at given training steps (chapter 2)."""

    steps: np.ndarray
    loss: np.ndarray
    accuracy: np.ndarray
    seconds: float


def batch_indices(first_step: int, last_step: int, batch_size: int, num_samples: int) -> np.ndarray:
    """Sample indices of steps ``first_step..last_step`` of the article's walk.

    Defined in chapter 2 (``02_sequence_memory``). Step ``s`` trains on samples
    ``[(s * batch_size) mod num_samples, ... + batch_size)``: the article's
    ``BATCH_INDEX`` advanced by ``batch_size`` and set back to 0 at the end.
    """
    if num_samples % batch_size:
        raise ValueError(
            f"the walk needs num_samples ({num_samples}) to be a multiple of batch_size ({batch_size})"
        )
    starts = (np.arange(first_step, last_step + 1, dtype=np.int64) * batch_size) % num_samples
    return (starts[:, None] + np.arange(batch_size)).ravel()


def _walk(x: np.ndarray, y: np.ndarray, first_step: int, last_step: int, batch_size: int):
    """The samples of steps ``first_step..last_step`` of the walk: a view of the arrays where they are
    contiguous (no wrap in between), a copy gathered by :func:`batch_indices` otherwise."""
    start, stop = first_step * batch_size % len(x), first_step * batch_size % len(x) + (last_step - first_step + 1) * batch_size
    if stop <= len(x):
        return x[start:stop], y[start:stop]
    index = batch_indices(first_step, last_step, batch_size, len(x))
    return x[index], y[index]


def train_in_steps(
    model,
    x_train: np.ndarray,
    y_train: np.ndarray,
    x_test: np.ndarray,
    y_test: np.ndarray,
    steps: int = 40001,
    batch_size: int = 50,
    eval_every: int = 500,
    print_every: int = 5000,
) -> Curve:
    """The article's step loop: walk the training set in order, evaluate every ``eval_every`` steps.

    Defined in chapter 2 (``02_sequence_memory``). Steps 0 to ``steps - 1``
    each train on the next ``batch_size`` samples in order, wrapping at the
    end; after every step ``s`` with ``s % eval_every == 0`` the whole test set
    is evaluated in one batch, as the article did (``test_on_batch`` on the
    test set, converted to a tensor once). The steps between two
    evaluations go to Keras as one ``fit`` call over exactly those batches, in
    that order, with no shuffling: the same updates as ``train_on_batch`` in a
    Python loop, without its per-step overhead.

    Returns:
        A :class:`Curve` of the evaluated steps (81 for the article's numbers).
    """
    versions.require()
    _check_pairs(x_train, y_train, "train_in_steps (training set)")
    _check_pairs(x_test, y_test, "train_in_steps (test set)")
    steps = positive_int("steps", steps)
    batch_size = positive_int("batch_size", batch_size)
    eval_every = positive_int("eval_every", eval_every)
    batch_indices(0, 0, batch_size, len(x_train))  # validates the walk up front
    import keras

    eval_steps = np.arange(0, steps, eval_every)
    losses, accuracies = [], []
    labels = np.asarray(y_test).argmax(axis=1)
    start, first = time.perf_counter(), 0
    # The test set goes to the backend once; each evaluation is then one call of the compiled test step
    # (`evaluate` would rebuild its data pipeline and callbacks 81 times for a single batch each time).
    test_inputs, test_targets = keras.ops.convert_to_tensor(x_test), keras.ops.convert_to_tensor(y_test)
    for eval_step in eval_steps:
        model.fit(*_walk(x_train, y_train, first, int(eval_step), batch_size), batch_size=batch_size, epochs=1,
                  shuffle=False, verbose=0)
        scores = _on_batch(model.test_on_batch, test_inputs, test_targets)
        loss, accuracy = scores["loss"], scores["accuracy"]
        if not losses:  # once: the accuracy read back against one counted from the model's own output
            predicted = keras.ops.convert_to_numpy(model(test_inputs, training=False)).argmax(axis=1)
            _check_read_back(f"test accuracy at step {eval_step}", accuracy, float(np.mean(predicted == labels)))
        losses.append(loss)
        accuracies.append(accuracy)
        first = int(eval_step) + 1
        if print_every and (eval_step % print_every == 0 or eval_step == eval_steps[-1]):
            print(f"step {eval_step:>6}  test loss {loss:.4f}  test accuracy {accuracy:.4f}  "
                  f"({time.perf_counter() - start:.0f} s)")
    if first < steps:  # steps after the last evaluation still train, as in the article
        model.fit(*_walk(x_train, y_train, first, steps - 1, batch_size), batch_size=batch_size, epochs=1,
                  shuffle=False, verbose=0)
    return Curve(eval_steps, np.array(losses), np.array(accuracies), time.perf_counter() - start)


@dataclass
class StatefulRun:
    """What :func:`train_stateful` records at every step (chapter 3).

    ``costs[k]`` is the training cost of step ``k``; ``xs``, ``targets`` and
    ``predictions`` hold the first sequence of each step's batch, shape
    (steps, time_steps); ``step_errors[k, t]`` is the squared error at time
    step ``t`` averaged over the batch. ``cost_check`` is ``(step, reported,
    recomputed)``: the last step's cost as Keras returned it and as the mean
    squared error of a prediction from the same weights and state.
    """

    costs: np.ndarray
    xs: np.ndarray
    targets: np.ndarray
    predictions: np.ndarray
    step_errors: np.ndarray
    seconds: float
    cost_check: tuple[int, float, float]


def start_over(model, weights: list, learning_rate: float | None = None):
    """Put a compiled model back where a fresh copy of it starts, and return it.

    Defined in chapter 2 (``02_sequence_memory``, exercise 2). A new model
    costs seconds before its first step, while Keras traces its training and
    test steps into TensorFlow graphs; a model that has already run keeps
    them. To run it again as if new: its weights become ``weights``, every
    optimizer variable (the step count, Adam's two running averages) takes
    the value a freshly built copy of the optimizer starts from, the
    learning rate becomes ``learning_rate`` (if given), a stateful layer's
    state goes back to zeros, and the metrics are reset. What it does not
    reset is the random stream of layers such as ``Dropout``; the course's
    recurrent networks have none.

    Raises:
        ValueError: the model is not compiled, or ``weights`` do not fit it.
    """
    versions.require()
    optimizer = getattr(model, "optimizer", None)
    if optimizer is None:
        raise ValueError("start_over needs a compiled model (it resets the optimizer): call model.compile(...) first")
    model.set_weights(weights)
    if not optimizer.built:
        optimizer.build(model.trainable_variables)
    fresh = type(optimizer).from_config(optimizer.get_config())
    fresh.build(model.trainable_variables)
    for variable, start in zip(optimizer.variables, fresh.variables, strict=True):
        variable.assign(start)
    if learning_rate is not None:
        optimizer.learning_rate = learning_rate
    for layer in model.layers:
        if getattr(layer, "stateful", False):
            layer.reset_state()
    model.reset_metrics()
    return model


def _stateful_variables(model) -> list:
    return [v for layer in model.layers if getattr(layer, "stateful", False) for v in (layer.states or [])]


def _stateful_step(model, rewind_state: bool):
    """One step of the article's loop as one compiled TensorFlow function, made once per model.

    The function does what three calls from Python do, ``reset_metrics()``,
    ``train_on_batch`` and ``predict_on_batch``, with the state wound back
    between the last two (if ``rewind_state``): it resets the metrics, calls
    the model's own ``train_step`` (what ``train_on_batch`` runs: the forward
    pass, the loss, the gradient, the optimizer's update), restores the state
    and makes the forward pass ``predict_on_batch`` makes: one call of one
    traced graph per step instead of three calls into Keras (chapter 3 times
    both). It is kept on the model, and made again if the model gets another
    optimizer or ``train_step``.
    """
    import tensorflow as tf

    optimizer = model.optimizer
    train_step = getattr(model.train_step, "__func__", model.train_step)
    key = (optimizer, train_step, rewind_state)
    made = getattr(model, "_course_stateful_step", None)
    if made is not None and made[0] == key:
        return made[1]
    state_vars = _stateful_variables(model) if rewind_state else []
    if not optimizer.built:
        optimizer.build(model.trainable_variables)

    def step(inputs, targets):
        before = [tf.identity(variable.value) for variable in state_vars]
        model.reset_metrics()  # so that the loss below is this batch's own, on every Keras 3
        logs = model.train_step((inputs, targets))
        for variable, value in zip(state_vars, before):
            variable.assign(value)
        return logs["loss"], model(inputs, training=False)

    compiled = tf.function(step, jit_compile=bool(getattr(model, "jit_compile", False)))
    object.__setattr__(model, "_course_stateful_step", (key, compiled))  # past Keras's attribute tracking
    return compiled


def train_stateful(
    model,
    batches: Iterator,
    steps: int = 501,
    print_every: int = 10,
    on_step: Callable[[int, np.ndarray, np.ndarray, np.ndarray, float], None] | None = None,
    rewind_state: bool = True,
) -> StatefulRun:
    """The article's regression loop: one training step per consecutive batch.

    Defined in chapter 3 (``03_stateful_regression``). At each step: train on
    the batch, then predict the same batch, as the article did to draw its
    plot. The article's ``predict`` started from the state its training pass
    had left (the end of the batch), so the state read every batch twice; here
    a stateful model's state is wound back to the start of the batch before
    predicting, so the prediction reads the batch once, from where it begins,
    and hands the state on to the next batch. The three parts of a step run
    as one compiled function (:func:`_stateful_step`), with the updates of
    ``reset_metrics()``, ``train_on_batch`` and ``predict_on_batch`` called in
    turn (``tests/test_training.py`` checks the costs, weights and state).

    Args:
        model: a model compiled with mean squared error (the article's loss,
            which the last step's check recomputes), taking
            ``(batch, time_steps, 1)`` inputs.
        batches: an iterator of ``(inputs, targets, xs)``, such as
            :class:`utils.data.SineCosineBatches`.
        steps: training steps (the article: 501).
        print_every: print the cost every so many steps (the article: 10; 0
            for silence).
        on_step: called as ``on_step(step, xs, target, prediction, cost)`` for
            the first sequence after every step (for a live plot).
        rewind_state: wind a stateful model's state back to the batch's start
            before predicting (the default). ``False`` reproduces the
            article's loop, whose prediction moved the state on a second time.

    Raises:
        ValueError: the model is not compiled.
        ReadBackError: the last step's cost, as Keras's ``train_step`` returns
            it, is not the mean squared error of the model's prediction for
            that batch.
    """
    versions.require()
    import keras
    steps = positive_int("steps", steps)
    if getattr(model, "optimizer", None) is None:
        raise ValueError("train_stateful needs a compiled model: call model.compile(optimizer=..., loss=\"mse\") first")
    all_state_vars = _stateful_variables(model)
    one_step = _stateful_step(model, rewind_state)
    costs, xs_rec, targets, predictions, errors = [], [], [], [], []
    start = time.perf_counter()
    for step in range(steps):
        inputs, target, xs = next(batches)
        inputs, target = np.asarray(inputs, dtype=np.float32), np.asarray(target, dtype=np.float32)
        if step == steps - 1:  # once: what the cost should be, from the same weights and starting state
            before = [keras.ops.copy(v.value) for v in all_state_vars]
            expected = float(np.mean((keras.ops.convert_to_numpy(model(inputs, training=False)) - target) ** 2))
            for variable, value in zip(all_state_vars, before):
                variable.assign(value)
        cost, prediction = one_step(inputs, target)
        cost, prediction = float(cost), keras.ops.convert_to_numpy(prediction)
        if step == steps - 1:
            _check_read_back(f"training cost at step {step}", cost, expected, source="the model's train_step")
        costs.append(cost)
        xs_rec.append(xs[0])
        targets.append(target[0, :, 0])
        predictions.append(prediction[0, :, 0])
        errors.append(((prediction - target) ** 2).mean(axis=(0, 2)))
        if on_step is not None:
            on_step(step, xs[0], target[0, :, 0], prediction[0, :, 0], cost)
        if print_every and step % print_every == 0:
            print(f"step {step:>4}  train cost {cost:.5f}")
    return StatefulRun(
        np.array(costs), np.array(xs_rec), np.array(targets), np.array(predictions), np.array(errors),
        time.perf_counter() - start, (steps - 1, costs[-1], expected),
    )
