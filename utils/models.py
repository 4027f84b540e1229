"""Models: the article's three networks, written in Keras 3, as builders.

Each builder returns a compiled model with the article's defaults (layers,
sizes, optimizer, loss) and exposes the knobs a reader would turn. The article
used separate ``Activation`` layers; here the activation is an argument of the
layer it follows, which computes the same thing with the same parameters.
"""

from __future__ import annotations

from typing import Sequence

from utils import versions
from utils._checks import positive_int
from utils.data import DATA_FORMATS

RNN_CELLS = ("simple", "lstm", "gru")


def build_cnn(
    filters: Sequence[int] = (32, 64),
    kernel_size: int = 5,
    dense_units: int = 1024,
    data_format: str = "channels_last",
    padding: str = "same",
    image_size: int = 28,
    num_classes: int = 10,
    learning_rate: float = 0.001,
    steps_per_execution: int = 10,
):
    """The article's CNN: [Conv2D -> ReLU -> MaxPool(2)] per filter count -> Dense -> softmax.

    Defined in chapter 1 (``01_convolution_pooling``). With the defaults it has
    3,274,634 parameters. Compiled with Adam (Keras's default rate, 0.001, as
    the article's ``optimizer='adam'``; run as :class:`utils.optimizers.FusedAdam`,
    the same update in one pass over each weight) and categorical cross-entropy.

    Args:
        filters: filters of each convolution; one conv + pool block per entry.
        kernel_size: side of the square kernels (the article: 5).
        dense_units: width of the hidden dense layer (the article: 1024).
        data_format: ``"channels_last"`` (inputs (N, 28, 28, 1), runs with
            every TensorFlow CPU kernel) or ``"channels_first"`` (the article's
            (N, 1, 28, 28); on a CPU it runs and trains through oneDNN only,
            TensorFlow's own kernels refuse it: appendix A2).
        padding: ``"same"`` (the article) or ``"valid"``, for convs and pools.
        image_size: side of the square input images.
        num_classes: outputs of the softmax layer.
        learning_rate: Adam's learning rate.
        steps_per_execution: batches Keras runs per call into its compiled
            training function. It changes no update, only how often Python
            is involved (the article's Keras ran one batch per call).

    Raises:
        ValueError: an unknown ``data_format`` or ``padding``, or a
            non-positive size.
    """
    versions.require()
    import keras
    from keras import layers

    if data_format not in DATA_FORMATS:
        raise ValueError(f"data_format must be one of {DATA_FORMATS}, got {data_format!r}")
    if padding not in ("same", "valid"):
        raise ValueError(f"padding must be 'same' or 'valid', got {padding!r}")
    filters = [positive_int("each entry of filters", f) for f in filters]
    for name, value in (("kernel_size", kernel_size), ("dense_units", dense_units), ("image_size", image_size)):
        positive_int(name, value)
    shape = (image_size, image_size, 1) if data_format == "channels_last" else (1, image_size, image_size)
    stack: list = [keras.Input(shape=shape)]
    for block, count in enumerate(filters, start=1):
        stack.append(layers.Conv2D(count, kernel_size, padding=padding, activation="relu",
                                   data_format=data_format, name=f"conv_{block}"))
        stack.append(layers.MaxPooling2D(2, strides=2, padding=padding, data_format=data_format, name=f"pool_{block}"))
    stack += [
        layers.Flatten(name="flatten"),
        layers.Dense(dense_units, activation="relu", name="dense"),
        layers.Dense(num_classes, activation="softmax", name="softmax"),
    ]
    return _compile_classifier(keras.Sequential(stack, name="article_cnn"), learning_rate, steps_per_execution)


def _compile_classifier(model, learning_rate: float, steps_per_execution: int):
    """Compile a classifier as the article did: Adam (as FusedAdam), categorical cross-entropy, accuracy."""
    from utils.optimizers import FusedAdam

    model.compile(
        optimizer=FusedAdam(learning_rate),
        loss="categorical_crossentropy",
        metrics=["accuracy"],
        steps_per_execution=positive_int("steps_per_execution", steps_per_execution),
    )
    return model


def _recurrent_layer(cell: str, units: int, **kwargs):
    from keras import layers

    if cell not in RNN_CELLS:
        raise ValueError(f"cell must be one of {RNN_CELLS}, got {cell!r}")
    kind = {"simple": layers.SimpleRNN, "lstm": layers.LSTM, "gru": layers.GRU}[cell]
    return kind(units, **kwargs)


def build_rnn_classifier(
    units: int = 50,
    time_steps: int = 28,
    input_size: int = 28,
    num_classes: int = 10,
    unroll: bool = True,
    cell: str = "simple",
    learning_rate: float = 0.001,
    steps_per_execution: int = 50,
):
    """The article's RNN classifier: SimpleRNN(50, unroll=True) -> Dense(10) softmax.

    Defined in chapter 2 (``02_sequence_memory``). Each image is read as
    ``time_steps`` rows of ``input_size`` pixels. With the defaults it has 4,460
    parameters. Compiled with Adam(``learning_rate``) (as
    :class:`utils.optimizers.FusedAdam`) and categorical
    cross-entropy, with accuracy.

    Args:
        units: size of the state S(t) (the article's ``CELL_SIZE``).
        time_steps: rows read one after another.
        input_size: pixels per row.
        num_classes: outputs of the softmax layer.
        unroll: build the 28 steps as 28 copies of the cell (the article) or
            as a loop.
        cell: ``"simple"`` (the article), ``"lstm"`` or ``"gru"``.
        learning_rate: Adam's learning rate (the article: 0.001).
        steps_per_execution: batches Keras runs per call into its compiled
            training function (no change to the updates; far less Python
            per step for this small, fast network).
    """
    versions.require()
    import keras
    from keras import layers

    for name, value in (("units", units), ("time_steps", time_steps), ("input_size", input_size)):
        positive_int(name, value)
    model = keras.Sequential(
        [
            keras.Input(shape=(time_steps, input_size)),
            _recurrent_layer(cell, units, unroll=unroll, name="rnn"),
            layers.Dense(num_classes, activation="softmax", name="softmax"),
        ],
        name=f"article_rnn_classifier_{cell}",
    )
    return _compile_classifier(model, learning_rate, steps_per_execution)


def build_rnn_regressor(
    units: int = 20,
    batch_size: int = 50,
    time_steps: int = 20,
    stateful: bool = True,
    cell: str = "simple",
    learning_rate: float = 0.001,
):
    """The article's regressor: stateful SimpleRNN(20, return_sequences) -> TimeDistributed(Dense(1)).

    Defined in chapter 3 (``03_stateful_regression``). A stateful layer needs a
    fixed batch size, so the input is ``keras.Input(batch_shape=(batch_size,
    time_steps, 1))`` (the article's ``batch_input_shape``). With the defaults
    it has 461 parameters. Compiled with Adam (as :class:`utils.optimizers.FusedAdam`)
    and mean squared error: the
    article defined ``LR = 0.01`` but built ``Adam()``, so the default rate
    0.001 is what it ran and what this builder uses.

    Args:
        units: size of the state.
        batch_size: sequences per batch (fixed, because of the state).
        time_steps: points per sequence and batch.
        stateful: carry the final state of each sequence into the next batch.
        cell: ``"simple"`` (the article), ``"lstm"`` or ``"gru"``.
        learning_rate: Adam's learning rate.
    """
    versions.require()
    import keras
    from keras import layers

    from utils.optimizers import FusedAdam

    for name, value in (("units", units), ("batch_size", batch_size), ("time_steps", time_steps)):
        positive_int(name, value)
    model = keras.Sequential(
        [
            keras.Input(batch_shape=(batch_size, time_steps, 1)),
            _recurrent_layer(cell, units, return_sequences=True, stateful=stateful, name="rnn"),
            layers.TimeDistributed(layers.Dense(1), name="dense_per_step"),
        ],
        name="article_rnn_regressor" + ("_stateful" if stateful else "_stateless"),
    )
    model.compile(optimizer=FusedAdam(learning_rate), loss="mse")
    return model


def summary_table(model) -> str:
    """The model's layers in three short columns (name, output shape, parameters) and the total.

    Defined in chapter 1 (``01_convolution_pooling``). It states what
    ``model.summary()`` states about each layer, as plain text narrow enough
    for a phone; Keras's own summary draws a wide box table whose layout
    changes from one Keras version to the next.
    """
    rows = [("layer", "output shape", "parameters")]
    rows += [(layer.name, str(tuple(layer.output.shape)), f"{layer.count_params():,}") for layer in model.layers]
    widths = [max(len(row[k]) for row in rows) for k in range(3)]
    lines = [f"{name:<{widths[0]}}  {shape:<{widths[1]}}  {params:>{widths[2]}}" for name, shape, params in rows]
    lines.insert(1, "-" * len(lines[0]))
    lines.append(f"{model.name}: {model.count_params():,} parameters")
    return "\n".join(lines)


def _without_names(config: dict) -> dict:
    """A layer's config without its name, nor the name of a layer it wraps (``TimeDistributed``, chapter 3)."""
    config = {key: value for key, value in config.items() if key != "name"}
    inner = config.get("layer")
    if isinstance(inner, dict) and isinstance(inner.get("config"), dict):
        config["layer"] = {**inner, "config": _without_names(inner["config"])}
    return config


def layer_differences(model, other) -> list[str]:
    """How the layers of two models differ: one line per difference, an empty list if none.

    Defined in chapter 1 (``01_convolution_pooling``), where it checks that the
    model written on the page is the model :func:`build_cnn` builds; chapters 2
    and 3 check theirs against :func:`build_rnn_classifier` and
    :func:`build_rnn_regressor` the same way.
    Compared: the input shape, the number of layers, and each layer's type and
    ``get_config()``, leaving out names (Keras numbers unnamed layers as it
    creates them). Weights, optimizer and loss are not compared.
    """
    for name, value in (("model", model), ("other", other)):
        if not hasattr(value, "layers"):
            raise TypeError(f"{name} must be a Keras model, got {type(value).__name__}")
    differences = []
    shapes = [tuple(m.inputs[0].shape) for m in (model, other)]
    if shapes[0] != shapes[1]:
        differences.append(f"input shape: {shapes[0]} against {shapes[1]}")
    if len(model.layers) != len(other.layers):
        differences.append(f"number of layers: {len(model.layers)} against {len(other.layers)}")
    for k, (a, b) in enumerate(zip(model.layers, other.layers)):
        configs = [_without_names(layer.get_config()) for layer in (a, b)]
        if type(a) is not type(b):
            differences.append(f"layer {k}: {type(a).__name__} against {type(b).__name__}")
        for key in sorted(set(configs[0]) | set(configs[1])):
            if configs[0].get(key) != configs[1].get(key):
                differences.append(f"layer {k} ({a.name}) {key}: {configs[0].get(key)!r} against {configs[1].get(key)!r}")
    return differences
