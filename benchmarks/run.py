"""Benchmark the article's reference port against the course's ``utils`` path, in one run.

Usage (from the top of the repository, after ``make setup``)::

    .venv/bin/python benchmarks/run.py                # all rows, writes BENCHMARKS.md and benchmarks/speed.png
    .venv/bin/python benchmarks/run.py --only rnn_regressor --repeats 1
    .venv/bin/python benchmarks/run.py --profiles-only   # keep BENCHMARKS.md's timings, redo its profiles
    .venv/bin/python benchmarks/run.py --only rnn_regressor rnn_regressor_noplot --merge  # redo two rows, keep the rest

Every measurement runs in a fresh Python process (so no run inherits another's
compiled graphs or warm caches), and the reference and course runs of an
experiment alternate: ref, course, ref, course, ... The table reports the
median wall time of each, their ratio, and the headline metric of both, so a
speed-up that cost accuracy would show.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: name -> (title, metric name, lower metric is better, default repeats)
EXPERIMENTS = {
    "cnn": ("CNN, 1 epoch of 60,000 digits + test", "test accuracy", False, 3),
    "rnn_classifier": ("RNN classifier, 40,001 steps, 81 evaluations", "final test accuracy", False, 1),
    "rnn_classifier_jax": ("RNN classifier, the course's code on Keras's JAX backend (extra row)", "final test accuracy",
                           False, 1),
    "rnn_regressor": ("Stateful regressor, 501 steps with live plot", "final cost (mean of last 10)", True, 3),
    "rnn_regressor_noplot": ("Stateful regressor, 501 steps, no plotting (extra row)", "final cost (mean of last 10)", True, 3),
}

#: The course side of a ``*_jax`` row runs in this environment (``make benchmark`` creates it).
JAX_PYTHON = ROOT / ".venv-jax" / "bin" / "python"


def measure_once(side: str, name: str) -> dict:
    """Run one experiment in a fresh process; returns {'seconds', 'metric'}."""
    function = name.removesuffix("_noplot").removesuffix("_jax")
    code = (
        "import json, os, sys; sys.path.insert(0, os.getcwd()); sys.path.insert(0, 'benchmarks');"
        "from utils import seed_everything; seed_everything(1);"
        f"import {side} as m; "
        f"s, v = m.{function}({'plot=False' if name.endswith('_noplot') else ''});"
        "print('RESULT ' + json.dumps({'seconds': s, 'metric': v}))"
    )
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2", "MPLBACKEND": "Agg"}
    python = sys.executable
    if name.endswith("_jax") and side == "course":
        if not JAX_PYTHON.exists():
            raise FileNotFoundError(f"{JAX_PYTHON} is missing: run `make benchmark`, which creates .venv-jax")
        python, env["KERAS_BACKEND"] = str(JAX_PYTHON), "jax"
    proc = subprocess.run([python, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    lines = [line for line in proc.stdout.splitlines() if line.startswith("RESULT ")]
    if proc.returncode != 0 or not lines:
        raise RuntimeError(f"{side}.{name} failed (exit {proc.returncode}):\n{proc.stderr[-3000:]}")
    return json.loads(lines[-1][len("RESULT "):])


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def machine() -> str:
    """This machine and the versions measured on, as the report's opening line names them."""
    import keras
    import tensorflow as tf

    return (f"{cpu_model()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
            f"TensorFlow {tf.__version__}, Keras {keras.__version__}")


def write_report(rows: list[dict], path: Path, chart: Path) -> None:
    measured = (f"Measured {time.strftime('%Y-%m-%d')} on {machine()}, no GPU; one run of "
                "`benchmarks/run.py`, every measurement in a fresh process, reference and course runs alternating.")
    width = draw_chart(rows, chart)
    path.write_text("\n".join(report_lines(rows, measured, width)))


ARTICLE_CNN_ACCURACY = 0.9897  # the test accuracy the article printed after its epoch


def cnn_metric_sentence(rows: list[dict]) -> str:
    """Where the reference CNN's accuracy comes from, and whether it is the article's own number."""
    row = next((r for r in rows if r["title"].startswith("CNN") and "reference_metric" in r), None)
    if row is None:
        return ""
    value = row["reference_metric"]
    sentence = (f"The reference's {value:.4f} is its own `evaluate` on the 10,000 test digits "
                "(`benchmarks/reference.py`), not a number copied from the article")
    if round(value, 4) == ARTICLE_CNN_ACCURACY:
        sentence += (f"; it equals the {ARTICLE_CNN_ACCURACY} the article printed, and nothing measured here "
                     "says why the two agree")
    return sentence + "."


def report_lines(rows: list[dict], measured: str, chart_width: int) -> list[str]:
    """The report's opening: what was measured, the two tables, every run, and how to read the rows."""
    lines = [
        "# Benchmarks",
        "",
        measured,
        "",
        "*Reference* is the article's code with only the changes Keras 3 forces (`benchmarks/reference.py`); "
        "*course* is the chapters' code, through `utils` (`benchmarks/course.py`), at the article's full lengths: the "
        "CNN's whole epoch and the RNN's 40,001 steps, which chapters 1 and 2 shorten to a fifth and an eighth. Same data, same "
        "hyperparameters, steps and evaluation cadence.",
        "",
        "| experiment | runs | reference (s) | course (s) | reference / course | fastest / fastest |",
        "|---|---|---|---|---|---|",
    ]
    for row in rows:
        fastest = row.get("fastest") or min(row["reference_all"]) / min(row["course_all"])
        lines.append(f"| {row['title']} | {row['runs']} | {row['reference_s']:.1f} | {row['course_s']:.1f} | "
                     f"**{row['ratio']:.2f}×** | {fastest:.2f}× |")
    lines += ["", "What each run reached:", "", "| experiment | metric | reference | course |", "|---|---|---|---|"]
    lines += [f"| {row['title']} | {row['metric_name']} | {row['reference_metric']:.4g} | {row['course_metric']:.4g} |"
              for row in rows]
    lines += ["", "Times are medians over the runs; metrics are those of the median-time run. *Fastest / fastest* "
              "divides the fastest reference run by the fastest course run: this machine is a virtual one whose "
              "speed varies from minute to minute, and a slow minute only ever adds time, so that ratio is the "
              "less noisy of the two. Ratios are computed from the unrounded times. Every run, in the order measured:", ""]
    lines += [f"- {row['title']}: reference {', '.join(f'{s:.1f}' for s in row['reference_all'])} s; "
              f"course {', '.join(f'{s:.1f}' for s in row['course_all'])} s" for row in rows]
    lines += ["",
              "```{image} benchmarks/speed.png",
              ":alt: Wall time of each experiment on a log scale, the reference port against the course",
              f":width: {chart_width}px",
              ":class: dark-light",  # the theme's light box behind images in dark mode is not needed here
              "```", "",
              "Reading the rows:", "",
              "- **CNN.** The reference keeps the article's `channels_first` layout, which this TensorFlow trains "
              "through oneDNN; the course is channels-last. The flattened features come in another order, so the "
              "same seed starts the dense layer differently and the two runs end at different accuracies; neither "
              "is tuned. " + cnn_metric_sentence(rows) + " The course runs 10 steps per call into Keras's compiled function "
              "(`steps_per_execution=10`) and updates the weights with `utils.optimizers.FusedAdam`, Adam's update "
              "in TensorFlow's one-pass kernel: Keras's own Adam makes about ten passes over the 3.2 million dense "
              "weights each step. The rest of the step is the convolution and matrix kernels, see the profile below. "
              "How much of the gap the layout, `steps_per_execution` and `FusedAdam` each account for was not "
              "measured: no run changes one of them at a time.",
              "- **RNN classifier.** The same batches in the same order, and the same updates up to float32 rounding "
              "(chapter 2 checks the chunked loop against the article's over 201 steps, with Keras's Adam, and "
              "`tests/test_optimizers.py` checks FusedAdam against Adam; no weights are compared "
              "here, after 40,001 steps, where the last digits of the accuracy differ). The course runs 50 training steps per call (the builder's default; chapter 2 passes 500) into Keras's compiled "
              "function instead of one `train_on_batch` per step, and evaluates with `test_on_batch` on the test "
              "set converted to a tensor once, where `evaluate` rebuilt its input pipeline 81 times. What is left "
              "is TensorFlow's graph executor running several hundred tiny kernels per step, see the profile below. "
              "How much of the gap each change accounts for was not measured.",
              "- **RNN classifier on JAX (extra row).** The same `utils` code and the same experiment, run with "
              "`KERAS_BACKEND=jax`: JAX compiles each training step with XLA, which fuses the step's small "
              "kernels that TensorFlow's executor schedules one by one (TensorFlow's own XLA route, "
              "`jit_compile=True`, is refused by Keras while op determinism is on: `model_supports_jit` in Keras's "
              "[`trainer.py`](https://github.com/keras-team/keras/blob/v3.15.1/keras/src/trainers/trainer.py)). "
              "Its reference column is the TensorFlow reference run again beside it, hence the same accuracy and "
              "another time. Another backend draws its random numbers with its own generator and computes in "
              "another order, so the same seed gives another run, which ends at another accuracy; no JAX profile "
              "was taken. The chapters stay on TensorFlow.",
              "- **Stateful regressor.** The article redraws its plot every step and waits `plt.pause(0.1)` each "
              "time (50 s of the reference's time are that wait); the course redraws every 10 steps (chapter 3 redraws every 100). The course also predicts with "
              "`predict_on_batch` where the article called `predict`, which sets up an input pipeline at every "
              "call, and runs each step's training and prediction as one `tf.function` (`training.train_stateful`); "
              "chapter 3 times `predict` against `predict_on_batch`, and its port of the article's loop, "
              "`predict_on_batch` included, against `train_stateful`. How much of this row's gap each change "
              "accounts for was not measured. The final costs differ; chapter 3, from one set of starting weights, traces "
              "such a gap to the article's `predict`, which moved the stateful layer's state on a second time each "
              "step, while the course winds it back first. These two runs were not checked to start from the same "
              "weights. The row without plotting leaves out the plot; its times still include building the network and "
              "tracing its training step.",
              "- **Why the metrics are not the chapters'.** Each measurement here trains one experiment alone in a "
              "fresh process, seeded once. A chapter first builds and runs other layers (its NumPy checks, the "
              "other networks it trains first), which draw from the same seeded generator, so its network starts from other "
              "initial weights and ends at another accuracy or cost; the chapters glue their own numbers into their "
              "text.",
              ""]
    return lines



def draw_chart(rows: list[dict], chart: Path) -> int:
    """The bar chart of wall times, drawn in the course's figure style; returns the width to show it at (px)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from utils import plots

    fig, ax = plt.subplots(figsize=(plots.MAX_WIDTH_IN, 1.1 + 0.75 * len(rows)), layout="constrained")
    labels = [row["title"].split(",")[0] + ("\n(no plot)" if "no plotting" in row["title"] else "")
              + ("\n(JAX backend)" if "JAX" in row["title"] else "") for row in rows]
    y = range(len(rows))
    ax.barh([i + 0.2 for i in y], [r["reference_s"] for r in rows], height=0.4, label="reference port",
            color=plots.COLORS["other"])
    ax.barh([i - 0.2 for i in y], [r["course_s"] for r in rows], height=0.4, label="course (utils)",
            color=plots.COLORS["prediction"])
    ax.set_yticks(list(y), labels)
    ax.invert_yaxis()
    ax.set_xscale("log")
    plots.label_log_axis(ax.xaxis)  # 10, 100 at the labels' full size, not "$10^{2}$" with a small exponent
    ax.set_xlabel("wall time (s, log scale)")
    fig.legend(loc="outside lower center", ncols=2)  # below the axes, clear of the bars
    png, size = plots.figure_png(fig)  # twice the resolution, its smallest text recorded (chapter 0)
    chart.write_bytes(png)
    return size["width"]


def rows_from_report(text: str) -> list[dict]:
    """The rows a report was written from: its timing table, its metric table and its list of every run."""
    rows = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 9 and cells[1].isdigit():  # the one-table layout of reports before 2026-11-27
            rows[cells[0]] = {"title": cells[0], "runs": int(cells[1]), "reference_s": float(cells[2]),
                              "course_s": float(cells[3]), "ratio": float(cells[4].strip("*×")),
                              "fastest": float(cells[5].strip("×")), "metric_name": cells[6], "reference_metric": float(cells[7]),
                              "course_metric": float(cells[8])}
        elif len(cells) == 6 and cells[1].isdigit():
            rows[cells[0]] = {"title": cells[0], "runs": int(cells[1]), "reference_s": float(cells[2]),
                              "course_s": float(cells[3]), "ratio": float(cells[4].strip("*×")),
                              "fastest": float(cells[5].strip("×"))}
        elif len(cells) == 4 and cells[0] in rows:
            rows[cells[0]].update(metric_name=cells[1], reference_metric=float(cells[2]), course_metric=float(cells[3]))
        elif line.startswith("- ") and ": reference " in line and line[2:].split(": reference ")[0] in rows:
            title, runs = line[2:].split(": reference ")
            reference, course = runs.rstrip(" s").split(" s; course ")
            rows[title].update(reference_all=[float(v) for v in reference.split(", ")],
                               course_all=[float(v) for v in course.split(", ")])
    return list(rows.values())


def redraw(path: Path, chart: Path) -> None:
    """Rewrite the report's opening and its chart from the numbers it holds, measuring nothing."""
    text = path.read_text()
    rows = rows_from_report(text)
    measured = next(line for line in text.splitlines() if line.startswith("Measured "))
    rest = text[text.index("## The CNN epoch's arithmetic"):]
    width = draw_chart(rows, chart)
    path.write_text("\n".join(report_lines(rows, measured, width)) + "\n" + rest)


def merge(new_rows: list[dict], path: Path, chart: Path, measured_on: str | None = None) -> None:
    """Rewrite the report with ``new_rows`` in place of its rows of the same titles, keeping everything else;
    the report's opening line then says which rows were measured when (``measured_on``, default today)."""
    text = path.read_text()
    old_rows = rows_from_report(text)
    titles = [row["title"] for row in new_rows]
    missing = [title for title in titles if title not in {row["title"] for row in old_rows}]
    if missing:
        raise SystemExit(f"--merge: the report {path} has no row {missing}; run without --merge to write all rows")
    by_title = {row["title"]: row for row in new_rows}
    rows = [by_title.get(row["title"], row) for row in old_rows]
    measured = next(line for line in text.splitlines() if line.startswith("Measured "))
    measured = measured.split(" Measured again")[0]  # an older merge's note, now replaced
    names = [name for name, spec in EXPERIMENTS.items() if spec[0] in titles]
    again = " and ".join(f"*{title}*" for title in titles)
    measured += (f" Measured again {measured_on or time.strftime('%Y-%m-%d')}, the same way, on {machine()} "
                 f"(`benchmarks/run.py --only {' '.join(names)} --merge`), only the rows {again}, merged in here. "
                 "Each ratio compares runs made side by side; "
                 "times measured on different days or machines are not comparable across rows.")
    rest = text[text.index("## The CNN epoch's arithmetic"):]
    width = draw_chart(rows, chart)
    path.write_text("\n".join(report_lines(rows, measured, width)) + "\n" + rest)


PROFILES = "## Where the time goes: op-level profiles"


def append_profiles(path: Path, names: list[str]) -> None:
    """Append the op-level profiles of ``names`` to the report (``profile.py``, each in a fresh process)."""
    if not names:
        return
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2"}
    sections = [subprocess.run([sys.executable, str(ROOT / "benchmarks" / "profile.py"), name], cwd=ROOT,
                               env=env, capture_output=True, text=True, check=True).stdout for name in names]
    with open(path, "a") as report:
        report.write(f"\n{PROFILES}\n\n"
                     f"Profiled {time.strftime('%Y-%m-%d')} from a `tf.profiler` trace of the course's own training "
                     "steps (`benchmarks/profile.py`); the profiler slows the steps down (each model's wall time is given below with and without it).\n\n"
                     + "\n".join(sections))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", nargs="*", choices=list(EXPERIMENTS), help="experiments to run (default: all)")
    parser.add_argument("--repeats", type=int, help="runs per side (default: per experiment, 3 or 1)")
    parser.add_argument("--out", default=str(ROOT / "BENCHMARKS.md"))
    parser.add_argument("--chart", default=str(ROOT / "benchmarks" / "speed.png"))
    parser.add_argument("--profiles-only", action="store_true",
                        help="keep the report's timings and redo only its op-level profiles")
    parser.add_argument("--merge", action="store_true",
                        help="with --only: put the new rows in place of the report's rows of the same experiments "
                             "and keep the rest of the report (its other rows, arithmetic and profiles)")
    parser.add_argument("--redraw", action="store_true",
                        help="measure nothing: rewrite the report's tables and chart from the numbers it holds")
    args = parser.parse_args()
    if args.redraw:
        redraw(Path(args.out), Path(args.chart))
        return
    if args.profiles_only:
        report = Path(args.out).read_text()
        Path(args.out).write_text(report.split("\n" + PROFILES)[0])
        append_profiles(Path(args.out), ["cnn", "rnn_classifier"])
        print(Path(args.out).read_text())
        return
    if args.merge and not args.only:
        parser.error("--merge needs --only: the experiments whose rows to measure again")
    rows = []
    for name in args.only or list(EXPERIMENTS):
        title, metric_name, _, default_repeats = EXPERIMENTS[name]
        runs = args.repeats or default_repeats
        results = {"reference": [], "course": []}
        for _ in range(runs):
            for side in ("reference", "course"):
                result = measure_once(side, name)
                results[side].append(result)
                print(f"{name:22} {side:9} {result['seconds']:8.1f} s   metric {result['metric']:.5g}", flush=True)
        median = {side: sorted(r, key=lambda x: x["seconds"])[len(r) // 2] for side, r in results.items()}
        rows.append({
            "title": title, "runs": runs, "metric_name": metric_name,
            "reference_s": statistics.median(r["seconds"] for r in results["reference"]),
            "course_s": statistics.median(r["seconds"] for r in results["course"]),
            "reference_metric": median["reference"]["metric"], "course_metric": median["course"]["metric"],
            "reference_all": [r["seconds"] for r in results["reference"]],
            "course_all": [r["seconds"] for r in results["course"]],
        })
        rows[-1]["ratio"] = rows[-1]["reference_s"] / rows[-1]["course_s"]
    if args.merge:
        merge(rows, Path(args.out), Path(args.chart))
        print(Path(args.out).read_text())
        return
    write_report(rows, Path(args.out), Path(args.chart))
    if not args.only or "cnn" in args.only:
        env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2"}
        arithmetic = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "cnn_arithmetic.py")], cwd=ROOT,
                                    env=env, capture_output=True, text=True, check=True).stdout
        with open(args.out, "a") as report:
            report.write("\n" + arithmetic)
    append_profiles(Path(args.out), [name for name in ("cnn", "rnn_classifier") if not args.only or name in args.only])
    print(Path(args.out).read_text())


if __name__ == "__main__":
    main()
