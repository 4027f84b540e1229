"""The reference port: the article's three programs with only the changes Keras 3 forces.

Changed, and nothing else:
- ``keras.utils.np_utils.to_categorical`` -> ``keras.utils.to_categorical``;
- ``batch_input_shape=`` on the first layer -> ``keras.Input(...)`` first in the
  ``Sequential`` (shape ``(1, 28, 28)`` for the CNN, so that ``evaluate`` can
  take the last, partial batch; ``batch_shape`` where the layer is stateful);
- ``output_dim=`` -> ``units=``;
- ``mnist.load_data()`` -> ``utils.data.load_mnist()`` (same arrays; this machine
  has no internet);
- ``data_format='channels_first'`` is kept where this TensorFlow can train it
  (with oneDNN, as here) and switched to ``channels_last`` only where it cannot;
- the live plot draws on Matplotlib's non-interactive Agg backend, where
  ``plt.pause(0.1)`` still waits its 0.1 s.

Each function times the training (and the article's evaluation and plotting),
not the imports and data loading, and returns ``(seconds, headline metric)``.
"""

from __future__ import annotations

import time

import numpy as np


def _mnist():
    from utils.data import load_mnist

    return load_mnist()


def channels_first_trains() -> bool:
    """Whether this TensorFlow can take a training step of a channels-first convolution."""
    import keras
    from keras.layers import Conv2D, Flatten, Dense

    model = keras.Sequential([keras.Input((1, 8, 8)), Conv2D(2, 3, data_format="channels_first"), Flatten(), Dense(1)])
    model.compile(optimizer="adam", loss="mse")
    try:
        model.train_on_batch(np.zeros((2, 1, 8, 8), "float32"), np.zeros((2, 1), "float32"))
    except Exception:
        return False
    return True


def cnn() -> tuple[float, float]:
    import keras
    from keras.layers import Activation, Conv2D, Dense, Flatten, MaxPooling2D
    from keras.models import Sequential

    fmt = "channels_first" if channels_first_trains() else "channels_last"
    shape = (1, 28, 28) if fmt == "channels_first" else (28, 28, 1)
    (x_train, y_train), (x_test, y_test) = _mnist()
    x_train = x_train.reshape((x_train.shape[0],) + shape) / 255
    x_test = x_test.reshape((x_test.shape[0],) + shape) / 255
    y_train = keras.utils.to_categorical(y_train, num_classes=10)
    y_test = keras.utils.to_categorical(y_test, num_classes=10)

    start = time.perf_counter()
    model = Sequential()
    model.add(keras.Input(shape=shape))
    model.add(Conv2D(filters=32, kernel_size=5, strides=1, padding="same", data_format=fmt))
    model.add(Activation("relu"))
    model.add(MaxPooling2D(pool_size=2, strides=2, padding="same", data_format=fmt))
    model.add(Conv2D(64, 5, strides=1, padding="same", data_format=fmt))
    model.add(Activation("relu"))
    model.add(MaxPooling2D(2, 2, "same", data_format=fmt))
    model.add(Flatten())
    model.add(Dense(1024))
    model.add(Activation("relu"))
    model.add(Dense(10))
    model.add(Activation("softmax"))
    model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
    model.fit(x_train, y_train, epochs=1, batch_size=32)
    loss, accuracy = model.evaluate(x_test, y_test, verbose=0)
    return time.perf_counter() - start, float(accuracy)


def rnn_classifier() -> tuple[float, float]:
    import keras
    from keras.layers import Activation, Dense, SimpleRNN
    from keras.models import Sequential
    from keras.optimizers import Adam

    TIME_STEPS, INPUT_SIZE, BATCH_SIZE, CELL_SIZE, OUTPUT_SIZE, LR = 28, 28, 50, 50, 10, 0.001
    BATCH_INDEX = 0
    (x_train, y_train), (x_test, y_test) = _mnist()
    x_train = x_train.reshape(-1, 28, 28) / 255.0
    x_test = x_test.reshape(-1, 28, 28) / 255.0
    y_train = keras.utils.to_categorical(y_train, num_classes=10)
    y_test = keras.utils.to_categorical(y_test, num_classes=10)

    start = time.perf_counter()
    model = Sequential()
    model.add(keras.Input(shape=(TIME_STEPS, INPUT_SIZE)))
    model.add(SimpleRNN(units=CELL_SIZE, unroll=True))
    model.add(Dense(OUTPUT_SIZE))
    model.add(Activation("softmax"))
    model.compile(optimizer=Adam(LR), loss="categorical_crossentropy", metrics=["accuracy"])
    accuracy = float("nan")
    for step in range(40001):
        X_batch = x_train[BATCH_INDEX:BATCH_INDEX + BATCH_SIZE, :, :]
        Y_batch = y_train[BATCH_INDEX:BATCH_INDEX + BATCH_SIZE, :]
        cost = model.train_on_batch(X_batch, Y_batch)
        BATCH_INDEX += BATCH_SIZE
        BATCH_INDEX = 0 if BATCH_INDEX >= x_train.shape[0] else BATCH_INDEX
        if step % 500 == 0:
            cost, accuracy = model.evaluate(x_test, y_test, batch_size=y_test.shape[0], verbose=False)
            print("test cost: ", cost, "test accuracy: ", accuracy, flush=True)
    return time.perf_counter() - start, float(accuracy)


def rnn_regressor(plot: bool = True) -> tuple[float, float]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import keras
    from keras.layers import Dense, SimpleRNN, TimeDistributed
    from keras.models import Sequential
    from keras.optimizers import Adam

    state = {"BATCH_START": 0}
    TIME_STEPS, BATCH_SIZE, INPUT_SIZE, OUTPUT_SIZE, CELL_SIZE, LR = 20, 50, 1, 1, 20, 0.01

    def get_batch():
        start = state["BATCH_START"]
        xs = np.arange(start, start + TIME_STEPS * BATCH_SIZE).reshape((BATCH_SIZE, TIME_STEPS)) / (10 * np.pi)
        seq, res = np.sin(xs), np.cos(xs)
        state["BATCH_START"] += TIME_STEPS
        return [seq[:, :, np.newaxis], res[:, :, np.newaxis], xs]

    start = time.perf_counter()
    model = Sequential()
    model.add(keras.Input(batch_shape=(BATCH_SIZE, TIME_STEPS, INPUT_SIZE)))
    model.add(SimpleRNN(units=CELL_SIZE, return_sequences=True, stateful=True))
    model.add(TimeDistributed(Dense(OUTPUT_SIZE)))
    model.compile(optimizer=Adam(), loss="mse")
    costs = []
    for step in range(501):
        X_batch, Y_batch, xs = get_batch()
        cost = model.train_on_batch(X_batch, Y_batch)
        costs.append(float(cost))
        pred = model.predict(X_batch, BATCH_SIZE, verbose=0)
        if plot:
            plt.plot(xs[0, :], Y_batch[0].flatten(), "r", xs[0, :], pred.flatten()[:TIME_STEPS], "b--")
            plt.ylim((-1.2, 1.2))
            plt.draw()
            plt.pause(0.1)
        if step % 10 == 0:
            print("train cost: ", cost, flush=True)
    plt.close("all")
    return time.perf_counter() - start, float(np.mean(costs[-10:]))
