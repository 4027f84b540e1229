"""The course's path: the three experiments exactly as the chapters run them, through ``utils``.

Each function times what the matching function in ``reference.py`` times
(building, training, the article's evaluations and plotting; not imports or
data loading) and returns ``(seconds, headline metric)``.
"""

from __future__ import annotations

import io
import time

import numpy as np

from utils import data, models, training


def _mnist(prepare) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """MNIST with ``prepare`` applied to the images and one-hot labels, before any timing starts."""
    (x_train, y_train), (x_test, y_test) = data.load_mnist()
    return prepare(x_train), data.one_hot(y_train), prepare(x_test), data.one_hot(y_test)


def cnn() -> tuple[float, float]:
    x_train, y_train, x_test, y_test = _mnist(data.prepare_images)
    start = time.perf_counter()
    model = models.build_cnn()
    training.train_epochs(model, x_train, y_train, epochs=1, batch_size=32)
    loss, accuracy = model.evaluate(x_test, y_test, batch_size=1000, verbose=0)
    return time.perf_counter() - start, float(accuracy)


def rnn_classifier() -> tuple[float, float]:
    x_train, y_train, x_test, y_test = _mnist(data.prepare_sequences)
    start = time.perf_counter()
    model = models.build_rnn_classifier()
    curve = training.train_in_steps(model, x_train, y_train, x_test, y_test, steps=40001, batch_size=50, eval_every=500)
    return time.perf_counter() - start, float(curve.accuracy[-1])


def rnn_regressor(plot: bool = True) -> tuple[float, float]:
    import matplotlib

    matplotlib.use("Agg")
    from utils import plots

    start = time.perf_counter()
    model = models.build_rnn_regressor()
    on_step = None
    if plot:
        live = plots.LiveSequencePlot(time_steps=20, every=10)

        def on_step(step, xs, target, prediction, cost):
            live.update(step, xs, target, prediction, cost)
            if step % live.every == 0:  # what the notebook's display handle does: render a PNG
                live.fig.savefig(io.BytesIO(), format="png")

    run = training.train_stateful(model, data.SineCosineBatches(), steps=501, print_every=10, on_step=on_step)
    if plot:
        live.close()
    return time.perf_counter() - start, float(np.mean(run.costs[-10:]))
