"""Where a training step's time goes: an op-level table from a TensorFlow profiler trace.

Usage: .venv/bin/python benchmarks/profile.py {cnn,rnn_classifier} [--steps N]

Builds the chapter's model through ``utils``, trains a few steps to compile,
then records ``--steps`` training steps of ``fit`` (the chapters' own path)
with ``tf.profiler`` and reads the trace (the ``.xplane.pb`` file TensorBoard
would show). Every kernel the executor traced is attributed to the forward
pass, the backward pass (``gradient_tape``), the optimizer or the rest (loss,
metrics, the input pipeline), and summed per op type. TensorFlow's executor
runs kernels it has measured as cheap inline, without an event of their own,
so the table holds the kernels that cost something; their count per step
varies a little from run to run. Kernel times are summed over both cores'
threads, so they can add up to more than the wall time. Printed alongside: the
wall time of the same steps without and with the profiler, and the time the
executor spent beyond the kernels it traced (scheduling, dispatch, and the
cheap kernels it ran inline). Prints a Markdown section that ``run.py``
appends to BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import collections
import tempfile
import time
from pathlib import Path

#: name -> (title, batch size, default profiled steps)
MODELS = {"cnn": ("CNN", 32, 200), "rnn_classifier": ("RNN classifier", 50, 200)}


def trace_fit(name: str, steps: int, keras_adam: bool = False) -> tuple[float, float, Path]:
    """Profile ``steps`` training steps of the course's model.

    Returns the wall seconds of the steps without the profiler (the fastest of
    three runs over the same batches) and with it, and the trace directory.

    With ``keras_adam`` the model is recompiled with Keras's own ``Adam``
    instead of :class:`utils.optimizers.FusedAdam`, everything else equal.
    """
    import keras
    import tensorflow as tf

    from utils import data, models, seed_everything

    seed_everything(1)
    _, batch, _ = MODELS[name]
    (x_train, y_train), _ = data.load_mnist()
    count = batch * (steps + 100)
    if name == "cnn":
        x, model = data.prepare_images(x_train[:count]), models.build_cnn()
    else:
        x, model = data.prepare_sequences(x_train[:count]), models.build_rnn_classifier()
    y = data.one_hot(y_train[:count])
    if keras_adam:
        model.compile(optimizer=keras.optimizers.Adam(float(model.optimizer.learning_rate)), loss=model.loss,
                      metrics=["accuracy"], steps_per_execution=model.steps_per_execution)
    warm = 100 * batch
    model.fit(x[:warm], y[:warm], batch_size=batch, shuffle=False, verbose=0)  # trace and compile first
    plain = float("inf")
    for _ in range(3):  # the fastest of three: a busy minute on a shared machine only ever adds time
        start = time.perf_counter()
        model.fit(x[warm:], y[warm:], batch_size=batch, shuffle=False, verbose=0)
        plain = min(plain, time.perf_counter() - start)
    logdir = Path(tempfile.mkdtemp(prefix=f"profile_{name}_"))
    tf.profiler.experimental.start(str(logdir), options=tf.profiler.experimental.ProfilerOptions(host_tracer_level=3))
    start = time.perf_counter()
    model.fit(x[warm:], y[warm:], batch_size=batch, shuffle=False, verbose=0)
    traced = time.perf_counter() - start
    tf.profiler.experimental.stop()
    return plain, traced, logdir


def part_of(scope: str) -> str:
    if "gradient_tape/" in scope:
        return "backward"
    if "adam/" in scope:
        return "optimizer"
    if "article_" in scope:
        return "forward"
    return "loss, metrics, input"


def read_trace(logdir: Path) -> tuple[collections.Counter, collections.Counter, float]:
    """Kernel time (ps) and calls per (part, op type), and the executor's busy time (ps), from the trace.

    Only the threads that run the training graph (``tf_Compute``) are read. A
    kernel shows as an event named ``scope/name:OpType``; the executor wraps
    the kernels it runs in ``ExecutorState::Process`` events, and runs cheap
    kernels inline there without an event of their own, so the executor's time
    minus the kernels' is its bookkeeping plus those cheap kernels.
    """
    from tensorflow.tsl.profiler.protobuf import xplane_pb2

    (trace,) = logdir.glob("**/*.xplane.pb")
    space = xplane_pb2.XSpace()
    space.ParseFromString(trace.read_bytes())
    (host,) = [plane for plane in space.planes if plane.name == "/host:CPU"]
    times, calls, executor = collections.Counter(), collections.Counter(), 0.0
    for line in host.lines:
        if not line.name.startswith("tf_Compute"):
            continue
        for event in line.events:
            name = host.event_metadata[event.metadata_id].name
            if name == "ExecutorState::Process":
                executor += event.duration_ps
                continue
            scope, _, op = name.rpartition(":")
            if not scope or not op.isidentifier():
                continue  # not a kernel (the executor's own events, C++ scopes)
            times[(part_of(scope), op)] += event.duration_ps
            calls[(part_of(scope), op)] += 1
    return times, calls, executor


def report(name: str, steps: int) -> str:
    plain, wall, logdir = trace_fit(name, steps)
    times, calls, executor = read_trace(logdir)
    ms = {key: ps / 1e9 / steps for key, ps in times.items()}
    parts = collections.Counter()
    for (part, _), value in ms.items():
        parts[part] += value
    kernels = sum(parts.values())
    wall_ms, executor_ms = wall / steps * 1000, executor / 1e9 / steps
    title, batch, _ = MODELS[name]
    lines = [
        f"### {title} (batch {batch}): {steps} profiled training steps of `fit`",
        "",
        f"Wall time **{plain / steps * 1000:.2f} ms per step** without the profiler (fastest of 3 runs), "
        f"{wall_ms:.2f} ms with it. "
        f"In the traced steps, the graph executor was busy {executor_ms:.2f} ms per step "
        f"(summed over both cores' threads); of that, {kernels:.2f} ms went to the "
        f"{sum(calls.values()) / steps:.0f} kernels per step it traced, "
        f"and **{max(executor_ms - kernels, 0):.2f} ms** to its own scheduling and the cheap kernels it runs inline.",
        "",
        "| part | traced kernel ms per step | share |",
        "|---|---|---|",
        *[f"| {part} | {value:.2f} | {value / kernels:.0%} |" for part, value in parts.most_common()],
        "",
        "| part | op | calls per step | kernel ms per step |",
        "|---|---|---|---|",
    ]
    for (part, op), value in sorted(ms.items(), key=lambda kv: -kv[1])[:12]:
        lines.append(f"| {part} | `{op}` | {calls[(part, op)] / steps:.1f} | {value:.3f} |")
    if name == "cnn":
        plain, _, logdir = trace_fit(name, steps, keras_adam=True)
        keras_times, _, _ = read_trace(logdir)
        keras_optimizer = sum(ps for (part, _), ps in keras_times.items() if part == "optimizer") / 1e9 / steps
        lines += ["", f"The same steps with Keras's own `Adam` instead of `FusedAdam`: "
                  f"**{plain / steps * 1000:.2f} ms per step** without the profiler (fastest of 3 runs); in the profiled "
                  f"run the optimizer's kernels took {keras_optimizer:.2f} ms per step (against {parts['optimizer']:.2f} ms for "
                  "`ResourceApplyAdam` above)."]
    lines.append("")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("model", choices=list(MODELS))
    parser.add_argument("--steps", type=int, help="training steps to profile")
    args = parser.parse_args()
    print(report(args.model, args.steps or MODELS[args.model][2]))


if __name__ == "__main__":
    main()
