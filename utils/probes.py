"""Probes: looking inside a trained recurrent classifier (chapter 2).

What a chapter measures about a SimpleRNN's state and gradients, in NumPy
where the formula is the lesson and with ``tf.GradientTape`` where the tape is
the reference:

- :func:`linear_probe_accuracy`: how well a linear readout, fitted by least
  squares, reads the digit from the state after each row;
- :func:`state_jacobian_norms`: the size of dS(T)/dx(t) for every row t,
  from the tape;
- :func:`jacobian_product`: the same Jacobians from the chain rule, one
  factor per step back (backpropagation through time);
- :func:`row_gradients`: backpropagation through time written out, giving
  each row's contribution to the gradient of the loss with respect to the
  input weights ``W`` and the recurrent weights ``U``.

The recurrence is Keras's ``SimpleRNN``: S(t) = tanh(x(t) W + S(t-1) U + b),
S(0) = 0, read out by a softmax layer z = S(T) V + c.
"""

from __future__ import annotations

import numpy as np


def _check_states(states: np.ndarray, what: str = "states") -> np.ndarray:
    states = np.asarray(states)
    if states.ndim != 3:
        raise ValueError(f"{what} must have shape (sequences, time steps, units), got shape {states.shape}")
    return states


def linear_probe_accuracy(states: np.ndarray, labels: np.ndarray, n_fit: int, num_classes: int = 10) -> np.ndarray:
    """Accuracy of a linear probe on S(k), for every k, on held-out sequences.

    Defined in chapter 2 (``02_sequence_memory``). For each k, a linear map
    from [S(k), 1] to the one-hot label is fitted by least squares (the map
    that makes the summed squared difference smallest, ``np.linalg.lstsq``)
    on the first ``n_fit`` sequences; its largest output is the predicted
    class of each of the others. The fit solves the normal equations
    (F^T F) w = F^T Y for the minimum-norm ``w``, which is the least-squares
    solution also when some features are constant (an untrained network's
    state over blank rows is exactly 0).

    Args:
        states: (sequences, time steps, units), e.g. S(1), ..., S(28) per digit.
        labels: (sequences,) integer classes.
        n_fit: how many of the first sequences fit the probe; the rest score it.
        num_classes: number of classes.

    Returns:
        (time steps,) accuracy on the held-out sequences after k = 1, 2, ... steps.

    Raises:
        ValueError: shapes that do not pair up, or an ``n_fit`` that leaves no sequence to fit or to score.
    """
    states = _check_states(states)
    labels = np.asarray(labels)
    if labels.shape != states.shape[:1]:
        raise ValueError(f"labels must have shape ({states.shape[0]},), got {labels.shape}")
    if not 0 < n_fit < len(states):
        raise ValueError(f"n_fit must be between 1 and {len(states) - 1}, got {n_fit}")
    targets = np.eye(num_classes)[labels]
    accuracy = []
    for k in range(states.shape[1]):
        features = np.c_[states[:, k], np.ones(len(states))]  # S(k) and a constant
        fit = features[:n_fit]
        weights = np.linalg.lstsq(fit.T @ fit, fit.T @ targets[:n_fit], rcond=None)[0]
        accuracy.append(np.mean((features[n_fit:] @ weights).argmax(axis=1) == labels[n_fit:]))
    return np.array(accuracy)


def state_jacobian_norms(layer, sequences: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """||dS(T)/dx(t)|| for every row t, averaged over sequences, from ``tf.GradientTape``.

    Defined in chapter 2 (``02_sequence_memory``). The norm is the Frobenius
    norm (square root of the sum of squares) of the (units x inputs) Jacobian.

    Args:
        layer: a recurrent layer returning its final state S(T).
        sequences: (sequences, time steps, inputs), float32.

    Returns:
        The (time steps,) mean norms, and the Jacobians themselves,
        shape (sequences, units, time steps, inputs).
    """
    import tensorflow as tf

    _check_states(sequences, "sequences")
    inputs = tf.convert_to_tensor(np.asarray(sequences, dtype=np.float32))
    with tf.GradientTape() as tape:
        tape.watch(inputs)
        final_state = layer(inputs)
    jacobians = tape.batch_jacobian(final_state, inputs).numpy()
    return np.linalg.norm(jacobians, axis=(1, 3)).mean(axis=0), jacobians


def jacobian_product(W: np.ndarray, U: np.ndarray, states: np.ndarray) -> np.ndarray:
    """dS(T)/dx(t) for every t by the chain rule, for one sequence.

    Defined in chapter 2 (``02_sequence_memory``). With row vectors,
    dS(t)/dx(t) = W diag(1 - S(t)^2) read as (units x inputs): ``D_t W.T``,
    and one step back multiplies by dS(t)/dS(t-1) = ``D_t U.T``, where D_t is
    diag(1 - S(t)^2), tanh's derivative at step t.

    Args:
        W: (inputs, units) input kernel.
        U: (units, units) recurrent kernel.
        states: (time steps, units), S(1), ..., S(T) of the sequence.

    Returns:
        (time steps, units, inputs): entry t is dS(T)/dx(t+1).
    """
    states = np.asarray(states)
    if states.ndim != 2 or states.shape[1] != U.shape[0] or W.shape[1] != U.shape[0]:
        raise ValueError(f"need states (T, units), W (inputs, units), U (units, units); got "
                         f"{states.shape}, {W.shape}, {U.shape}")
    product, out = np.eye(U.shape[0]), []
    for t in range(len(states) - 1, -1, -1):  # rows T, T-1, ..., 1
        tanh_slope = np.diag(1 - states[t] ** 2)
        out.append(product @ tanh_slope @ W.T)
        product = product @ tanh_slope @ U.T  # one more step back
    return np.array(out[::-1])


def row_gradients(weights: list[np.ndarray], x: np.ndarray, y: np.ndarray) -> dict[str, np.ndarray]:
    """Each row's contribution to dL/dW and dL/dU, by backpropagation through time in NumPy.

    Defined in chapter 2 (``02_sequence_memory``). L is the mean categorical
    cross-entropy of a SimpleRNN + softmax classifier over the batch. With
    delta(t) = dL/d(pre-activation at step t), going back from step T:
    delta(T) = dL/dS(T) * (1 - S(T)^2) and delta(t) = delta(t+1) U.T * (1 - S(t)^2).
    Row t then adds x(t).T delta(t) to dL/dW and S(t-1).T delta(t) to dL/dU;
    the sums over t are the full gradients.

    Args:
        weights: ``[W, U, b, V, c]``, the classifier's ``get_weights()``.
        x: (batch, time steps, inputs) sequences.
        y: (batch, classes) one-hot targets.

    Returns:
        ``{"W": (T, inputs, units), "U": (T, units, units), "states": (batch, T, units)}``:
        the per-row contributions, and the states.
    """
    if len(weights) != 5:
        raise ValueError(f"weights must be [W, U, b, V, c] (5 arrays), got {len(weights)}")
    W, U, b, V, c = (np.asarray(w, dtype=np.float64) for w in weights)
    x = _check_states(x, "x").astype(np.float64)
    if np.shape(y) != (len(x), V.shape[1]):
        raise ValueError(f"y must have shape ({len(x)}, {V.shape[1]}), got {np.shape(y)}")
    states, state = [], np.zeros((len(x), U.shape[0]))
    for t in range(x.shape[1]):
        state = np.tanh(x[:, t] @ W + state @ U + b)
        states.append(state)
    states = np.stack(states, axis=1)
    z = states[:, -1] @ V + c
    p = np.exp(z - z.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    grad_state = (p - y) @ V.T / len(x)  # dL/dS(T)
    previous = np.concatenate([np.zeros_like(states[:, :1]), states[:, :-1]], axis=1)  # S(t-1)
    dW, dU = [], []
    for t in range(x.shape[1] - 1, -1, -1):
        delta = grad_state * (1 - states[:, t] ** 2)
        dW.append(x[:, t].T @ delta)
        dU.append(previous[:, t].T @ delta)
        grad_state = delta @ U.T  # dL/dS(t-1)
    return {"W": np.array(dW[::-1]), "U": np.array(dU[::-1]), "states": states}
