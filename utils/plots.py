"""Plots: every figure the chapters draw, in one style, made for reading on the page.

Each function returns the Matplotlib figure it made (and draws nothing else),
so a notebook shows it and a test can inspect it. The style keeps figure and
axes backgrounds transparent and uses mid-tone colours, so figures read on the
book's light and dark pages alike (the book lifts figures in dark mode with a
gamma curve, so text colours are dark enough for a light page and light
enough, once lifted, for a dark one); colour scales that would be white at zero fade to
transparent instead. Figures are at most :data:`MAX_WIDTH_IN` inches wide and
their smallest text is :data:`MIN_FONT_PT` points, so that at the book's 100 px
per inch text is never below 10 CSS px on a desktop; :func:`figure_png` also
enlarges the text of a figure shown narrower on a phone (:data:`PHONE_COLUMN_PX`)
until it is at least :data:`PHONE_MIN_TEXT_PX` there. In a notebook figures are
shown at twice that resolution (:func:`figure_png`), sharp on high-DPI screens.
"""

from __future__ import annotations

import io
import re
import struct
import textwrap
import zlib
from typing import Sequence

import matplotlib
import matplotlib.pyplot as plt
import numpy as np

#: Colours used throughout: target, prediction, a second run, mistakes.
#: ("mistake" and "ok" also colour text: both have at least 4.5:1 contrast on a white page.)
COLORS = {"target": "#d62728", "prediction": "#1f77b4", "other": "#ff7f0e", "mistake": "#d62728", "ok": "#1f7a1f"}

#: The colour of all other text: 7:1 on a white page; the book's dark mode lifts figures (v ** 0.5) to 6.3:1 there.
TEXT_COLOR = "#595959"

#: The smallest font size any figure uses, and the widest figure, at STYLE's 100 dpi (1 pt = 100/72 px).
MIN_FONT_PT = 10
MAX_WIDTH_IN = 5.0

#: The narrowest column a figure is shown in on a 390 px phone (inside a solution's box), and the smallest
#: text it must show there, in CSS px: :func:`fit_text_to_phone` enlarges a wide figure's text to reach it.
PHONE_COLUMN_PX = 330
PHONE_MIN_TEXT_PX = 9.3

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
    "axes.labelcolor": TEXT_COLOR,
    "text.color": TEXT_COLOR,
    "xtick.color": TEXT_COLOR,
    "ytick.color": TEXT_COLOR,
    "xtick.labelcolor": TEXT_COLOR,
    "ytick.labelcolor": TEXT_COLOR,
    "grid.color": "#888888",
    "grid.alpha": 0.3,
    "axes.grid": True,
    "figure.dpi": 100,
    "legend.framealpha": 0.0,
    "image.cmap": "gray",
}


#: The PNG text key under which :func:`figure_png` records the figure's smallest text, in image pixels.
MIN_TEXT_KEY = "course:min-text-px"
#: ... and the one under which it records the colours of text drawn on the page (not on a filled cell).
TEXT_COLORS_KEY = "course:text-colors"
#: The ``gid`` of a text drawn on a filled area of its own (a confusion-matrix cell), whose contrast is with that.
ON_FILL = "on-fill"


def fit_text_to_phone(fig) -> float:
    """Enlarge every text of ``fig`` so that its smallest is legible on a phone; return the factor used.

    Defined in chapter 0 (``00_data``). A figure wider than :data:`PHONE_COLUMN_PX` CSS px is shown
    shrunk to that width on a 390 px phone, its text with it; this scales all text (tick labels
    included) so that the smallest is :data:`PHONE_MIN_TEXT_PX` there, then lays the figure out again.
    """
    # the saved image is cropped to its content, which can reach past the figure's edge (a legend outside)
    width_px = max(fig.get_figwidth(), fig.get_tightbbox().width) * fig.dpi
    smallest = smallest_font_pt(fig)
    needed = PHONE_MIN_TEXT_PX * max(width_px, PHONE_COLUMN_PX) / PHONE_COLUMN_PX * 72 / fig.dpi
    if not np.isfinite(smallest) or smallest >= needed:
        return 1.0
    factor = needed / smallest
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            ticks = axis.get_major_ticks()
            if ticks:
                axis.set_tick_params(labelsize=ticks[0].label1.get_fontsize() * factor)
    for text in fig.findobj(matplotlib.text.Text):
        text.set_fontsize(text.get_fontsize() * factor)
    if fig.get_layout_engine() is None:
        import warnings

        with warnings.catch_warnings():  # a figure tight_layout cannot handle (a colour bar) keeps its layout
            warnings.simplefilter("ignore", UserWarning)
            fig.tight_layout()
    return factor


#: How much smaller Matplotlib's mathtext sets a superscript or subscript than its text (``SHRINK_FACTOR``
#: in ``matplotlib/_mathtext.py``): the exponent of a default log-axis label "$10^{-3}$" is that small.
SCRIPT_SHRINK = 0.7


def _drawn_size(text) -> float:
    """A text's font size in points, or its scripts' where mathtext sets a super- or subscript."""
    string = text.get_text()
    scripted = string.count("$") >= 2 and any(mark in string for mark in "^_")
    return text.get_fontsize() * (SCRIPT_SHRINK if scripted else 1.0)


def smallest_font_pt(fig) -> float:
    """The smallest text, in points, of any visible text with characters in ``fig``.

    Tick labels count too, minor ones included; Matplotlib makes them only when a figure is drawn or asked
    for its tick labels, so this asks each axis for them (far cheaper than drawing the figure). A
    mathtext super- or subscript counts at its own, smaller size (:data:`SCRIPT_SHRINK`).
    """
    sizes = []
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            if axis.get_visible() and ax.axison:
                sizes += [_drawn_size(label) for label in axis.get_ticklabels(which="both")
                          if label.get_visible() and label.get_text().strip()]
    sizes += [_drawn_size(text) for text in fig.findobj(matplotlib.text.Text)
              if text.get_visible() and text.get_text().strip()]
    return min(sizes) if sizes else float("inf")


def _text_metadata(fig, dpi: float) -> dict[str, str]:
    """The PNG text entries recording ``fig``'s smallest text, in pixels of an image saved at ``dpi``,
    and the colours of its text drawn on the page."""
    smallest = smallest_font_pt(fig) * dpi / 72
    if not np.isfinite(smallest):  # a figure with no text at all (a grid of kernels) says so
        return {MIN_TEXT_KEY: "none", TEXT_COLORS_KEY: ""}
    colors = {matplotlib.colors.to_hex(text.get_color()) for text in fig.findobj(matplotlib.text.Text)
              if text.get_visible() and text.get_text().strip() and text.get_gid() != ON_FILL}
    return {MIN_TEXT_KEY: f"{smallest:.2f}", TEXT_COLORS_KEY: ",".join(sorted(colors))}


def figure_png(fig, scale: int = 2) -> tuple[bytes, dict]:
    """A figure as PNG at ``scale`` times its resolution, with the size to show it at.

    Defined in chapter 0 (``00_data``). This is how the notebooks show every
    figure (:func:`use_course_style` registers it with IPython): the image has
    ``scale`` pixels per CSS pixel, so it is sharp on high-DPI screens, and its
    metadata asks for the figure's own size, which the book uses as the
    image's width. The PNG records its smallest text height in image pixels
    under :data:`MIN_TEXT_KEY`, so a test can tell how large that text is
    wherever the image is shown (and its text colours under
    :data:`TEXT_COLORS_KEY`). A figure too wide for its text to be legible on a
    phone first has its text enlarged (:func:`fit_text_to_phone`).
    """
    fit_text_to_phone(fig)
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


def _frame(ax) -> None:
    """An image's axes with no ticks but a thin grey frame, so a black panel keeps its edge on a dark page."""
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    for spine in ax.spines.values():
        spine.set_edgecolor("#888888")
        spine.set_linewidth(0.8)


def _grid(count: int, ncols: int, title_lines: int = 1):
    ncols = max(1, min(ncols, count))
    nrows = -(-count // ncols)
    cell = min(1.1, MAX_WIDTH_IN / ncols)
    height = cell + 0.22 * title_lines
    fig, axes = plt.subplots(nrows, ncols, figsize=(cell * ncols, height * nrows + 0.2), squeeze=False)
    for i, ax in enumerate(axes.flat):
        if i < count:
            _frame(ax)
        else:
            ax.set_axis_off()
    return fig, axes.flat


def _fading(name: str):
    """A colour map that is transparent where ``name`` is white, so zero shows the page on either theme.

    ``"RdBu_r"``: zero transparent, growing red (positive) and blue (negative). Any other name is
    returned as it is.
    """
    from matplotlib.colors import LinearSegmentedColormap, to_rgb

    if name in ("RdBu_r", DIVERGING):
        blue, red = to_rgb("#2166ac"), to_rgb("#b2182b")
        return LinearSegmentedColormap.from_list(DIVERGING, [
            (0.0, (*blue, 1.0)), (0.5 - 1e-6, (*blue, 0.0)), (0.5 + 1e-6, (*red, 0.0)), (1.0, (*red, 1.0))])
    return name


#: The name of the course's diverging colour map (Matplotlib knows it by this name once utils.plots is
#: imported): ``"RdBu_r"`` with zero transparent instead of white, for a chapter's own ``imshow`` of signed
#: values, so that it leaves no white block on the book's dark page.
DIVERGING = "course_RdBu_r"
if DIVERGING not in matplotlib.colormaps:
    matplotlib.colormaps.register(_fading("RdBu_r"), name=DIVERGING)


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
    ``"RdBu_r"``: zero is transparent, the page itself, positive red, negative
    blue). Each image has a thin grey frame; long titles wrap onto two lines.

    Raises:
        ValueError: ``maps`` is not 3-D.
    """
    maps = np.asarray(maps)
    if maps.ndim != 3:
        raise ValueError(f"maps must have shape (H, W, channels), got {maps.shape}")
    count = maps.shape[-1]
    chars = max(6, int(min(1.1, MAX_WIDTH_IN / max(1, min(ncols, count))) * 12))  # characters per title line
    wrapped = [textwrap.fill(str(t), chars, break_long_words=False) for t in titles] if titles is not None else None
    lines = max((t.count("\n") + 1 for t in wrapped), default=0) if wrapped else 0
    fig, axes = _grid(count, ncols, title_lines=lines)
    for i, ax in enumerate(axes):
        if i >= count:
            break
        limit = float(np.abs(maps[..., i]).max()) or 1.0
        ax.imshow(maps[..., i], cmap=_fading(cmap), **({"vmin": -limit, "vmax": limit} if symmetric else {}))
        if wrapped is not None:
            ax.set_title(wrapped[i], fontsize=MIN_FONT_PT)
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
    fig, ax = plt.subplots(figsize=(4.6, 4.3))
    # Two regimes, each readable on either theme: a light tint of blue under grey text for rare pairs, deep
    # blue under white text for frequent ones (log scale); an empty cell is transparent, the page itself.
    share = np.log1p(matrix) / max(np.log1p(matrix.max()), 1e-9)
    filled = share >= 0.75
    rgba = np.zeros(matrix.shape + (4,))
    rgba[..., :3] = matplotlib.colors.to_rgb("#08306b")
    rgba[..., 3] = np.where(filled, 1.0, 0.35 * share)
    ax.imshow(rgba)
    ax.grid(False)
    for (i, j), count in np.ndenumerate(matrix):
        if count:
            ax.text(j, i, str(count), ha="center", va="center", fontsize=MIN_FONT_PT,
                    color="white" if filled[i, j] else TEXT_COLOR, gid=ON_FILL if filled[i, j] else None)
    ax.set(xlabel="predicted", ylabel="true", xticks=range(num_classes), yticks=range(num_classes))
    fig.confusion = matrix
    fig.tight_layout()
    return fig


class _PlainLogFormatter(matplotlib.ticker.LogFormatter):
    """Log-axis labels as Python prints the numbers (0.001, 1e-05, 0.3), every character at the labels' size.

    Matplotlib's default writes "$10^{-3}$", whose exponent mathtext sets at :data:`SCRIPT_SHRINK` of the
    label's size: too small to read on a phone.
    """

    def _num_to_string(self, x, vmin, vmax):
        return f"{x:g}"

    def fix_minus(self, s):  # keep Python's hyphen-minus in 1e-05, not Matplotlib's U+2212
        return s


def label_log_axis(axis) -> None:
    """Label a log-scale axis as Python prints its numbers (0.001, 1e-05, 0.3), all at the labels' size.

    Defined in chapter 1 (``01_convolution_pooling``), for its loss curve; :func:`plot_curves` (chapter 2)
    and the benchmarks' chart use it too. Each decade is labelled; a range under three decades also labels 3 of each (0.003, 0.03), so
    that a short axis shows more than one or two numbers.
    """
    axis.axes.autoscale_view()  # call this after plotting: the range shown, from the data
    low, high = axis.get_view_interval()
    if 0 < low < high and np.log10(high / low) < 3:  # a short range: label 1 and 3 of each decade
        axis.set_major_locator(matplotlib.ticker.LogLocator(subs=(1.0, 3.0)))
    axis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda value, _: f"{value:g}"))  # every major tick
    axis.set_minor_formatter(_PlainLogFormatter(labelOnlyBase=False))


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
    labels = list(curves) + ([reference_label] if reference is not None else [])
    # the legend goes below the axes, never over a line: two columns when the labels are short enough
    ncols = 2 if len(labels) > 1 and max(map(len, labels)) <= 26 else 1
    rows = -(-len(labels) // ncols)
    fig, ax = plt.subplots(figsize=(MAX_WIDTH_IN, 3.0 + 0.25 * rows), layout="constrained")
    palette = [COLORS["prediction"], COLORS["other"], COLORS["ok"], "#9467bd"]
    for (name, (x, y)), color in zip(curves.items(), palette * 3):
        ax.plot(x, y, label=name, color=color)
    if reference is not None:
        ax.plot(reference[0], reference[1], "o", color=COLORS["target"], label=reference_label)
    if logy:
        ax.set_yscale("log")
        label_log_axis(ax.yaxis)
    ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(nbins=5))  # long step numbers stay apart
    ax.set(xlabel=xlabel, ylabel=ylabel)
    fig.legend(loc="outside lower center", ncols=ncols, frameon=False)
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
        self.redraws, self.latest = 0, None

    def update(self, step: int, xs: np.ndarray, target: np.ndarray, prediction: np.ndarray, cost: float) -> None:
        """Record this step's sequence; every ``every`` steps, move the two lines to it and redraw."""
        self.latest = (step, xs, target, prediction, cost)
        if step % self.every == 0:
            self._draw()
            self.redraws += 1
            if self.handle is not None:  # None outside IPython: nothing to redraw into
                self.handle.update(self.fig)

    def _draw(self) -> None:
        step, xs, target, prediction, cost = self.latest
        self.target_line.set_data(xs, target)
        self.prediction_line.set_data(xs, prediction)
        self.ax.set_xlim(xs[0], xs[-1])
        self.ax.set_title(f"step {step}   cost {cost:.2e}", fontsize=self.ax.title.get_fontsize())

    def close(self):
        """Show the last step's frame once more and release the figure; returns it."""
        if self.latest is not None:
            self._draw()
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
        ax.set_title(f"step {k}", fontsize=ax.title.get_fontsize())
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
    anim._func(0)  # the first frame's title, so that its size counts
    fit_text_to_phone(fig)
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
    html = html.replace('class="anim-slider"', 'class="anim-slider" aria-label="Frame"', 1)  # a control needs a name
    return html.replace('<img id="_anim_img', f'<img alt="{alt_text}" style="width: {width}px; max-width: 100%" '
                        'id="_anim_img', 1)


def draw_unrolled_rnn(steps: int = 4):
    """The recurrence drawn unrolled through time: one cell per step, the state passed along.

    Defined in chapter 2 (``02_sequence_memory``). Each column is the same cell
    (the same W, U and b) at time t: it reads the input x(t) and S(t-1) and
    writes S(t); the line under the cells says what each computes.
    """
    if isinstance(steps, bool) or not isinstance(steps, int) or steps < 1:
        raise ValueError(f"steps must be a positive int, got {steps!r}")
    fig, ax = plt.subplots(figsize=(min(MAX_WIDTH_IN, 1.0 * steps + 1.0), 3.0))
    ax.set_axis_off()
    gap = 1.6  # data units from one cell to the next
    ax.set_xlim(-1.7, gap * (steps - 1) + 0.6)
    ax.set_ylim(-1.0, 3.0)
    box = dict(boxstyle="round,pad=0.45", fc="none", ec=COLORS["prediction"], lw=1.5)
    arrow = dict(arrowstyle="->", color="#888888", lw=1.3)
    ax.annotate("", xy=(-0.5, 1.25), xytext=(-1.65, 1.25), arrowprops=arrow)
    ax.text(-1.65, 1.45, "S(0) = 0", ha="left", va="bottom")  # above the incoming arrow, not struck by it
    ax.text(-1.65, 0.0, "input", ha="left", va="center")
    ax.text(-1.65, 2.55, "state", ha="left", va="center")
    for t in range(steps):
        x0 = gap * t
        label = str(t + 1) if t < steps - 1 or steps < 4 else "T"
        ax.text(x0, 0.0, f"x({label})", ha="center", va="center")
        ax.text(x0, 1.25, "tanh", ha="center", va="center", bbox=box)
        ax.text(x0, 2.55, f"S({label})", ha="center", va="center")
        ax.annotate("", xy=(x0, 0.9), xytext=(x0, 0.25), arrowprops=arrow)
        ax.annotate("", xy=(x0, 2.3), xytext=(x0, 1.6), arrowprops=arrow)
        if t < steps - 1:
            ax.annotate("", xy=(x0 + gap - 0.5, 1.25), xytext=(x0 + 0.5, 1.25), arrowprops=arrow)
    ax.text(gap * (steps - 1) / 2 - 0.55, -0.75, "each cell: S(t) = tanh(x(t)·W + S(t−1)·U + b)",
            ha="center", va="center", fontsize=MIN_FONT_PT)
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
    fig, axes = plt.subplots(1, len(states), figsize=(min(MAX_WIDTH_IN, 1.7 * len(states) + 0.9), 3.2), squeeze=False,
                             layout="constrained")  # keeps the colour bar beside the panels when text grows
    for ax, sequence, title in zip(axes[0], states, titles):
        steps, units = sequence.shape  # rows read are counted from 1, as in the text: S(1), ..., S(28)
        image = ax.imshow(sequence.T, cmap=_fading("RdBu_r"), vmin=-1, vmax=1, aspect="auto",
                          extent=(0.5, steps + 0.5, units - 0.5, -0.5))
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
    _frame(ax)
    fig.tight_layout()
    return fig
