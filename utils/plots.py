"""Plots: every figure the chapters draw, in one style, made for reading on the page.

Each function returns the Matplotlib figure it made (and draws nothing else),
so a notebook shows it and a test can inspect it. The style keeps figure and
axes backgrounds transparent and uses mid-tone colours, so figures read on the
book's light and dark pages alike. Figures are at most :data:`MAX_WIDTH_IN`
inches wide and their smallest text is :data:`MIN_FONT_PT` points, so that at
the book's 100 px per inch text is never below 10 CSS px on a desktop and stays
legible on a phone; in a notebook they are shown at twice that resolution
(:func:`figure_png`), sharp on high-DPI screens.
"""

from __future__ import annotations

import io
import re
import struct
import zlib
from typing import Sequence

import matplotlib
import matplotlib.pyplot as plt
import numpy as np

#: Colours used throughout: target, prediction, a second run, mistakes.
COLORS = {"target": "#d62728", "prediction": "#1f77b4", "other": "#ff7f0e", "mistake": "#d62728", "ok": "#2ca02c"}

#: The smallest font size any figure uses, and the widest figure, at STYLE's 100 dpi (1 pt = 100/72 px).
MIN_FONT_PT = 10
MAX_WIDTH_IN = 6.0

STYLE = {
    "font.size": 11,
    "axes.titlesize": 11,
    "axes.labelsize": 11,
    "xtick.labelsize": MIN_FONT_PT,
    "ytick.labelsize": MIN_FONT_PT,
    "legend.fontsize": MIN_FONT_PT,
    "figure.titlesize": 12,
    "figure.facecolor": "none",
    "axes.facecolor": "none",
    "savefig.facecolor": "none",
    "axes.edgecolor": "#888888",
    "axes.labelcolor": "#777777",
    "text.color": "#777777",
    "xtick.color": "#777777",
    "ytick.color": "#777777",
    "grid.color": "#888888",
    "grid.alpha": 0.3,
    "axes.grid": True,
    "figure.dpi": 100,
    "legend.framealpha": 0.0,
    "image.cmap": "gray",
}


#: The PNG text key under which :func:`figure_png` records the figure's smallest text, in image pixels.
MIN_TEXT_KEY = "course:min-text-px"


def smallest_font_pt(fig) -> float:
    """The smallest font size, in points, of any visible text with characters in ``fig``.

    Tick labels count too; Matplotlib makes them only when a figure is drawn or asked for its ticks, so
    this asks each axis for its ticks first (far cheaper than drawing the figure).
    """
    sizes = []
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            if axis.get_visible() and ax.axison:
                sizes += [tick.label1.get_fontsize() for tick in axis.get_major_ticks() if tick.label1.get_visible()]
    sizes += [text.get_fontsize() for text in fig.findobj(matplotlib.text.Text)
              if text.get_visible() and text.get_text().strip()]
    return min(sizes) if sizes else float("inf")


def _text_metadata(fig, dpi: float) -> dict[str, str]:
    """The PNG text entry recording ``fig``'s smallest text, in pixels of an image saved at ``dpi``."""
    smallest = smallest_font_pt(fig) * dpi / 72
    return {MIN_TEXT_KEY: f"{smallest:.2f}"} if np.isfinite(smallest) else {}


def figure_png(fig, scale: int = 2) -> tuple[bytes, dict]:
    """A figure as PNG at ``scale`` times its resolution, with the size to show it at.

    Defined in chapter 0 (``00_data``). This is how the notebooks show every
    figure (:func:`use_course_style` registers it with IPython): the image has
    ``scale`` pixels per CSS pixel, so it is sharp on high-DPI screens, and its
    metadata asks for the figure's own size, which the book uses as the
    image's width. The PNG records its smallest text height in image pixels
    under :data:`MIN_TEXT_KEY`, so a test can tell how large that text is
    wherever the image is shown.
    """
    dpi = scale * fig.dpi
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight", metadata=_text_metadata(fig, dpi))
    data = buffer.getvalue()
    width, height = struct.unpack(">II", data[16:24])
    return data, {"width": width // scale, "height": height // scale}


def png_text(data: bytes) -> dict[str, str]:
    """The tEXt entries of a PNG file's bytes (how :func:`figure_png` records the smallest text)."""
    entries, offset = {}, 8
    while offset + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[offset:offset + 8])
        body = data[offset + 8:offset + 8 + length]
        if kind == b"tEXt":
            key, _, value = body.partition(b"\0")
            entries[key.decode("latin-1")] = value.decode("latin-1")
        elif kind == b"zTXt":
            key, _, rest = body.partition(b"\0")
            entries[key.decode("latin-1")] = zlib.decompress(rest[1:]).decode("latin-1")
        offset += 12 + length
    return entries


def use_course_style() -> None:
    """Apply the course's Matplotlib style and show figures with :func:`figure_png`.

    Defined in chapter 0 (``00_data``).
    """
    matplotlib.rcParams.update(STYLE)
    try:
        from IPython import get_ipython
    except ImportError:  # plain Python: nothing displays figures
        return
    shell = get_ipython()
    if shell is None or not hasattr(shell, "display_formatter"):
        return
    # Load the notebook backend first: it registers its own PNG formatter when it loads, which would
    # otherwise replace this one at the first figure.
    plt.switch_backend(matplotlib.get_backend())
    formatter = shell.display_formatter.formatters["image/png"]
    formatter.for_type(matplotlib.figure.Figure, figure_png)


use_course_style()


def _grid(count: int, ncols: int, titled: bool = True):
    ncols = max(1, min(ncols, count))
    nrows = -(-count // ncols)
    cell = min(1.1, MAX_WIDTH_IN / ncols)
    height = cell + (0.25 if titled else 0.0)
    fig, axes = plt.subplots(nrows, ncols, figsize=(cell * ncols, height * nrows + 0.2), squeeze=False)
    for ax in axes.flat:
        ax.set_axis_off()
    return fig, axes.flat


def plot_digits(
    images: np.ndarray,
    labels: Sequence[int],
    predictions: Sequence[int] | None = None,
    ncols: int = 10,
):
    """A grid of digits titled with their labels (and predictions).

    Defined in chapter 0 (``00_data``). With ``predictions``, each title reads
    ``label→prediction`` and wrong ones are drawn in red.

    Raises:
        ValueError: images not (N, H, W) or (N, H, W, 1), or lengths differ.
    """
    images = np.asarray(images)
    if images.ndim == 4 and images.shape[-1] == 1:
        images = images[..., 0]
    if images.ndim != 3:
        raise ValueError(f"images must have shape (N, H, W) or (N, H, W, 1), got {images.shape}")
    if len(labels) != len(images) or (predictions is not None and len(predictions) != len(images)):
        raise ValueError("images, labels and predictions must have the same length")
    fig, axes = _grid(len(images), ncols)
    for i, ax in enumerate(axes):
        if i >= len(images):
            break
        ax.imshow(images[i], cmap="gray")
        if predictions is None:
            ax.set_title(str(int(labels[i])), fontsize=MIN_FONT_PT + 1)
        else:
            wrong = int(labels[i]) != int(predictions[i])
            ax.set_title(f"{int(labels[i])}→{int(predictions[i])}", fontsize=MIN_FONT_PT + 1,
                         color=COLORS["mistake"] if wrong else COLORS["ok"])
    fig.tight_layout()
    return fig


def plot_maps(maps: np.ndarray, titles: Sequence[str] | None = None, ncols: int = 8, cmap: str = "gray",
              suptitle: str | None = None, symmetric: bool = False):
    """Show each channel of an (H, W, C) array (feature maps, or kernels) as an image.

    Defined in chapter 1 (``01_convolution_pooling``). With ``symmetric``, each
    image's colour scale is centred on zero (for a diverging ``cmap`` such as
    ``"RdBu_r"``: zero is white, positive red, negative blue).

    Raises:
        ValueError: ``maps`` is not 3-D.
    """
    maps = np.asarray(maps)
    if maps.ndim != 3:
        raise ValueError(f"maps must have shape (H, W, channels), got {maps.shape}")
    fig, axes = _grid(maps.shape[-1], ncols, titled=titles is not None)
    for i, ax in enumerate(axes):
        if i >= maps.shape[-1]:
            break
        limit = float(np.abs(maps[..., i]).max()) or 1.0
        ax.imshow(maps[..., i], cmap=cmap, **({"vmin": -limit, "vmax": limit} if symmetric else {}))
        if titles is not None:
            ax.set_title(titles[i], fontsize=MIN_FONT_PT)
    if suptitle:
        fig.suptitle(suptitle)
    fig.tight_layout()
    return fig


def plot_confusion_matrix(labels: np.ndarray, predictions: np.ndarray, num_classes: int = 10):
    """Counts of (true, predicted) pairs, with the count written in each cell.

    Defined in chapter 1 (``01_convolution_pooling``). Returns the figure; the
    matrix itself is ``fig.confusion`` (rows: true class).
    """
    matrix = np.zeros((num_classes, num_classes), dtype=np.int64)
    np.add.at(matrix, (np.asarray(labels), np.asarray(predictions)), 1)
    fig, ax = plt.subplots(figsize=(5.5, 5))
    ax.imshow(np.log1p(matrix), cmap="Blues")
    ax.grid(False)
    for (i, j), count in np.ndenumerate(matrix):
        if count:
            ax.text(j, i, str(count), ha="center", va="center", fontsize=MIN_FONT_PT,
                    color="white" if count > matrix.max() / 3 else "#555555")
    ax.set(xlabel="predicted", ylabel="true", xticks=range(num_classes), yticks=range(num_classes))
    fig.confusion = matrix
    fig.tight_layout()
    return fig


def plot_curves(
    curves: dict[str, tuple[np.ndarray, np.ndarray]],
    xlabel: str = "step",
    ylabel: str = "",
    reference: tuple[Sequence[float], Sequence[float]] | None = None,
    reference_label: str = "the article",
    logy: bool = False,
):
    """Learning curves: one line per named (x, y) pair, and optional reference points.

    Defined in chapter 2 (``02_sequence_memory``).
    """
    fig, ax = plt.subplots(figsize=(MAX_WIDTH_IN, 3.2))
    palette = [COLORS["prediction"], COLORS["other"], COLORS["ok"], "#9467bd"]
    for (name, (x, y)), color in zip(curves.items(), palette * 3):
        ax.plot(x, y, label=name, color=color)
    if reference is not None:
        ax.plot(reference[0], reference[1], "o", color=COLORS["target"], label=reference_label)
    if logy:
        ax.set_yscale("log")
    ax.set(xlabel=xlabel, ylabel=ylabel)
    ax.legend()
    fig.tight_layout()
    return fig


def plot_sequence(xs: np.ndarray, target: np.ndarray, prediction: np.ndarray | None = None, ax=None,
                  title: str | None = None):
    """Target (solid) against prediction (dashed) along one sequence, as the article drew it.

    Defined in chapter 3 (``03_stateful_regression``). Returns the figure.
    """
    if ax is None:
        fig, ax = plt.subplots(figsize=(MAX_WIDTH_IN, 3))
    else:
        fig = ax.figure
    ax.plot(xs, target, "-", color=COLORS["target"], label="target cos(x)")
    if prediction is not None:
        ax.plot(xs, prediction, "--", color=COLORS["prediction"], label="prediction")
    ax.set_ylim(-1.2, 1.2)
    ax.set_xlabel("x")
    if title:
        ax.set_title(title)
    return fig


class LiveSequencePlot:
    """The article's ``plt.pause`` loop, done so that it works in a notebook.

    Defined in chapter 3 (``03_stateful_regression``). Pass :meth:`update` as
    ``on_step`` to :func:`utils.training.train_stateful`: every ``every`` steps
    the figure is redrawn in place in a live notebook (through an IPython
    display handle); :meth:`close` leaves the final frame as one static figure,
    which is what a saved notebook and the book show.
    """

    def __init__(self, time_steps: int, every: int = 10) -> None:
        from IPython.display import display

        self.every = every
        self.fig, self.ax, self.target_line, self.prediction_line = _sequence_axes()
        zeros = np.zeros(time_steps)
        self.target_line.set_data(zeros, zeros)
        self.prediction_line.set_data(zeros, zeros)
        self.handle = display(self.fig, display_id=True)
        self.redraws = 0

    def update(self, step: int, xs: np.ndarray, target: np.ndarray, prediction: np.ndarray, cost: float) -> None:
        """Move the two lines to this step's sequence (redraws every ``every`` steps)."""
        self.target_line.set_data(xs, target)
        self.prediction_line.set_data(xs, prediction)
        self.ax.set_xlim(xs[0], xs[-1])
        self.ax.set_title(f"step {step}   cost {cost:.2e}")
        if step % self.every == 0:
            self.redraws += 1
            if self.handle is not None:  # None outside IPython: nothing to redraw into
                self.handle.update(self.fig)

    def close(self):
        """Show the final frame once more and release the figure; returns it."""
        if self.handle is not None:
            self.handle.update(self.fig)
        plt.close(self.fig)
        return self.fig


def _sequence_axes():
    """A figure for one sequence: target and prediction lines, the legend below the axes."""
    fig, ax = plt.subplots(figsize=(MAX_WIDTH_IN, 3.2), layout="constrained")
    (target_line,) = ax.plot([], [], "-", color=COLORS["target"], label="target cos(x)")
    (prediction_line,) = ax.plot([], [], "--", color=COLORS["prediction"], label="prediction")
    ax.set_ylim(-1.2, 1.2)
    ax.set_xlabel("x")
    fig.legend(loc="outside lower center", ncols=2)
    return fig, ax, target_line, prediction_line


def animate_sequences(xs: np.ndarray, targets: np.ndarray, predictions: np.ndarray, steps: Sequence[int]):
    """An animation of target against prediction, one frame per chosen step.

    Defined in chapter 3 (``03_stateful_regression``). ``xs``, ``targets`` and
    ``predictions`` are (steps, time_steps) records such as a
    :class:`utils.training.StatefulRun` holds; ``steps`` picks the frames.
    Returns a ``FuncAnimation``; ``anim.to_jshtml()`` makes the HTML player the
    book shows.
    """
    from matplotlib.animation import FuncAnimation

    steps = list(steps)
    fig, ax, target_line, prediction_line = _sequence_axes()

    def draw(frame: int):
        k = steps[frame]
        target_line.set_data(xs[k], targets[k])
        prediction_line.set_data(xs[k], predictions[k])
        ax.set_xlim(xs[k][0], xs[k][-1])
        ax.set_title(f"step {k}")
        return target_line, prediction_line

    anim = FuncAnimation(fig, draw, frames=len(steps), interval=150, blit=False)
    plt.close(fig)
    return anim


#: Matplotlib's player draws its buttons with Font Awesome 4 icons from a CDN; the course's pages load nothing
#: from other origins, so each icon becomes plain text drawn from the triangles every font has (the buttons keep
#: their titles and labels).
_BUTTON_SYMBOLS = {
    "fa fa-minus": "\u2212", "fa fa-fast-backward": "|\u25c0\u25c0", "fa fa-step-backward": "\u25c0|",
    "fa fa-play fa-flip-horizontal": "\u25c0", "fa fa-pause": "||", "fa fa-play": "\u25b6",
    "fa fa-step-forward": "|\u25b6", "fa fa-fast-forward": "\u25b6\u25b6|", "fa fa-plus": "+",
}


def animation_html(anim, default_mode: str = "once", alt: str = "") -> str:
    """The HTML player of an animation, with transparent frames.

    Defined in chapter 3 (``03_stateful_regression``). Like
    ``anim.to_jshtml()``, except that Matplotlib's HTML writer paints every
    frame onto white, which would put a white box on the book's dark pages;
    here the PNG frames keep the figure's transparent background. Frames are
    drawn at twice the figure's resolution, like :func:`figure_png`; the
    player's icons are Unicode symbols instead of Font Awesome from a CDN, and
    ``alt`` says what the animation shows.
    """
    import tempfile
    from pathlib import Path

    from matplotlib.animation import HTMLWriter

    class _TransparentHTMLWriter(HTMLWriter):
        def _supports_transparency(self):  # PNG frames can carry an alpha channel
            return True

    fig = anim._fig
    width = round(fig.get_figwidth() * fig.dpi)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "animation.html")
        writer = _TransparentHTMLWriter(fps=1000 / anim._interval, embed_frames=True, default_mode=default_mode)
        anim.save(str(path), writer=writer, dpi=2 * fig.dpi, savefig_kwargs={"metadata": _text_metadata(fig, 2 * fig.dpi)})
        html = path.read_text()
    html = re.sub(r'<link rel="stylesheet"\s+href="https://maxcdn\.bootstrapcdn\.com/font-awesome[^"]*">', "", html)
    for icon, symbol in _BUTTON_SYMBOLS.items():
        html = html.replace(f'<i class="{icon}"></i>', symbol)
    # frames have two pixels per CSS pixel: show them at the figure's size, and narrower where the page is
    alt_text = alt.replace('"', "&quot;")
    return html.replace('<img id="_anim_img', f'<img alt="{alt_text}" style="width: {width}px; max-width: 100%" '
                        'id="_anim_img', 1)


def draw_unrolled_rnn(steps: int = 4):
    """The recurrence drawn unrolled through time: one cell per step, the state passed along.

    Defined in chapter 2 (``02_sequence_memory``). Each column is the same cell
    (the same W, U and b) at time t: it reads x(t) and S(t-1) and writes S(t).
    """
    if isinstance(steps, bool) or not isinstance(steps, int) or steps < 1:
        raise ValueError(f"steps must be a positive int, got {steps!r}")
    fig, ax = plt.subplots(figsize=(min(MAX_WIDTH_IN, 1.5 * steps + 0.6), 2.8))
    ax.set_axis_off()
    ax.set_xlim(-1.3, 1.9 * steps - 0.3)
    ax.set_ylim(-0.4, 2.9)
    box = dict(boxstyle="round,pad=0.35", fc="none", ec=COLORS["prediction"], lw=1.5)
    arrow = dict(arrowstyle="->", color="#888888", lw=1.3)
    ax.annotate("", xy=(-0.45, 1.25), xytext=(-1.2, 1.25), arrowprops=arrow)
    ax.text(-1.25, 1.45, "S(0) = 0", fontsize=MIN_FONT_PT, ha="left")
    for t in range(steps):
        x0 = 1.9 * t
        label = f"t={t + 1}" if t < steps - 1 or steps < 4 else "t=T"
        ax.text(x0, 0.0, f"x({label[2:]})", ha="center", va="center", fontsize=11)
        ax.text(x0, 1.25, "tanh(x·W\n+ S·U + b)", ha="center", va="center", fontsize=MIN_FONT_PT, bbox=box)
        ax.text(x0, 2.55, f"S({label[2:]})", ha="center", va="center", fontsize=11)
        ax.annotate("", xy=(x0, 0.8), xytext=(x0, 0.2), arrowprops=arrow)
        ax.annotate("", xy=(x0, 2.35), xytext=(x0, 1.7), arrowprops=arrow)
        if t < steps - 1:
            ax.annotate("", xy=(x0 + 1.45, 1.25), xytext=(x0 + 0.6, 1.25), arrowprops=arrow)
    fig.tight_layout()
    return fig


def plot_state_heatmaps(states: np.ndarray, titles: Sequence[str]):
    """How the state units evolve over time: one (units x steps) heat map per sequence.

    Defined in chapter 2 (``02_sequence_memory``). ``states`` has shape
    (sequences, time_steps, units), values in [-1, 1] (a tanh state).

    Raises:
        ValueError: ``states`` is not 3-D or ``titles`` has the wrong length.
    """
    states = np.asarray(states)
    if states.ndim != 3 or len(titles) != len(states):
        raise ValueError(f"states must be (sequences, time_steps, units) with one title each, got {states.shape}")
    fig, axes = plt.subplots(1, len(states), figsize=(min(MAX_WIDTH_IN, 1.7 * len(states) + 0.9), 3.2), squeeze=False)
    for ax, sequence, title in zip(axes[0], states, titles):
        image = ax.imshow(sequence.T, cmap="RdBu_r", vmin=-1, vmax=1, aspect="auto")
        ax.set(title=title, xlabel="row read")
        ax.grid(False)
    axes[0][0].set_ylabel("state unit")
    fig.colorbar(image, ax=list(axes[0]), shrink=0.8, label="S(t)")
    return fig


def plot_receptive_field(image: np.ndarray, top: int, left: int, size: int):
    """A digit with the square window one unit of a feature map depends on.

    Defined in chapter 1 (``01_convolution_pooling``). ``top`` and ``left``
    may be negative and the window may pass the image's edge (that part of
    it sees "same" padding's zeros); the square is drawn as it is.
    """
    from matplotlib.patches import Rectangle

    image = np.asarray(image)
    if image.ndim != 2:
        raise ValueError(f"image must be 2-D (height, width), got shape {image.shape}")
    fig, ax = plt.subplots(figsize=(3, 3))
    ax.imshow(image, cmap="gray")
    ax.add_patch(Rectangle((left - 0.5, top - 0.5), size, size, fill=False, ec=COLORS["other"], lw=2.5))
    ax.set_title(f"a {size} x {size} window", fontsize=11)
    ax.set_axis_off()
    fig.tight_layout()
    return fig
