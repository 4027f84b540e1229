"""utils.plots: each function returns a figure holding what it was asked to draw."""

import base64
import io
import re

import matplotlib

matplotlib.use("Agg")
from matplotlib.image import imread
import matplotlib.pyplot as plt
import numpy as np
import pytest

from utils import plots


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_plot_digits_titles_and_marks_mistakes():
    images = np.zeros((3, 28, 28), dtype=np.uint8)
    fig = plots.plot_digits(images, [1, 2, 3], predictions=[1, 7, 3], ncols=3)
    titles = [ax.get_title() for ax in fig.axes]
    assert titles == ["1→1", "2→7", "3→3"]
    colors = [ax.title.get_color() for ax in fig.axes]
    assert colors[1] == plots.COLORS["mistake"] and colors[0] == plots.COLORS["ok"]
    assert len(fig.axes[0].images) == 1
    with pytest.raises(ValueError, match="same length"):
        plots.plot_digits(images, [1, 2])
    with pytest.raises(ValueError, match=r"\(N, H, W\)"):
        plots.plot_digits(np.zeros((3, 784)), [1, 2, 3])


def test_plot_maps_one_image_per_channel():
    maps = np.random.default_rng(0).random((7, 7, 5))
    fig = plots.plot_maps(maps, titles=list("abcde"), ncols=4)
    shown = [ax for ax in fig.axes if ax.images]
    assert len(shown) == 5 and len(fig.axes) == 8
    np.testing.assert_allclose(shown[2].images[0].get_array(), maps[..., 2])
    centred = plots.plot_maps(maps - 0.5, symmetric=True)
    low, high = centred.axes[1].images[0].get_clim()
    assert low == -high == -np.abs(maps[..., 1] - 0.5).max()
    with pytest.raises(ValueError, match="channels"):
        plots.plot_maps(np.zeros((7, 7)))


def test_confusion_matrix_counts():
    fig = plots.plot_confusion_matrix(np.array([0, 1, 1, 2]), np.array([0, 1, 2, 2]), num_classes=3)
    np.testing.assert_array_equal(fig.confusion, [[1, 0, 0], [0, 1, 1], [0, 0, 1]])


def test_plot_curves_draws_lines_and_reference_points():
    fig = plots.plot_curves({"a": ([0, 1, 2], [3, 2, 1]), "b": ([0, 2], [1, 1])}, reference=([0, 1], [5, 6]))
    ax = fig.axes[0]
    assert len(ax.lines) == 3
    np.testing.assert_array_equal(ax.lines[0].get_ydata(), [3, 2, 1])
    assert ax.get_legend() is None, "the legend belongs below the axes, not over the lines"
    (legend,) = fig.legends
    assert [t.get_text() for t in legend.get_texts()] == ["a", "b", "the article"]
    fig.canvas.draw()  # the legend is laid out below the axes, not inside them
    renderer = fig.canvas.get_renderer()
    assert legend.get_window_extent(renderer).y1 <= ax.get_window_extent(renderer).y0


def test_plot_sequence_target_solid_prediction_dashed():
    xs = np.linspace(0, 1, 20)
    fig = plots.plot_sequence(xs, np.cos(xs), np.sin(xs))
    target, prediction = fig.axes[0].lines
    assert target.get_linestyle() == "-" and prediction.get_linestyle() == "--"
    np.testing.assert_allclose(prediction.get_ydata(), np.sin(xs))


def test_animation_frames_follow_the_steps():
    xs = np.tile(np.arange(4.0), (3, 1)) + np.arange(3)[:, None]
    anim = plots.animate_sequences(xs, np.cos(xs), np.sin(xs), steps=[0, 2])
    html = plots.animation_html(anim)
    frames = re.findall(r"data:image/png;base64,([A-Za-z0-9+/=\\\n]+)", html)
    assert len(frames) == 2
    first = imread(io.BytesIO(base64.b64decode(frames[0].replace("\\\n", "").replace("\\n", ""))))
    assert first.shape[-1] == 4 and first[0, 0, 3] == 0  # transparent background, not painted white
    anim._func(1)
    ax = anim._fig.axes[0]
    assert ax.get_title() == "step 2"
    np.testing.assert_allclose(ax.lines[1].get_ydata(), np.sin(xs[2]))


def test_live_plot_updates_in_place_and_closes_to_one_figure():
    live = plots.LiveSequencePlot(time_steps=4, every=2)
    xs = np.arange(4.0)
    for step in range(5):
        live.update(step, xs + step, np.cos(xs), np.sin(xs) * step, cost=1.0 / (step + 1))
    assert live.redraws == 3  # steps 0, 2, 4
    fig = live.close()
    assert fig.axes[0].get_title().startswith("step 4")
    np.testing.assert_allclose(fig.axes[0].lines[1].get_ydata(), np.sin(xs) * 4)
    live = plots.LiveSequencePlot(time_steps=4, every=3)  # the last step, 4, is not a redraw step
    for step in range(5):
        live.update(step, xs + step, np.cos(xs), np.sin(xs) * step, cost=1.0 / (step + 1))
    assert live.redraws == 2  # steps 0, 3
    fig = live.close()
    assert fig.axes[0].get_title().startswith("step 4")
    np.testing.assert_allclose(fig.axes[0].lines[1].get_xdata(), xs + 4)


def test_unrolled_rnn_has_one_cell_per_step():
    fig = plots.draw_unrolled_rnn(steps=3)
    texts = fig.axes[0].texts
    assert sum(t.get_text() == "tanh" and t.get_bbox_patch() is not None for t in texts) == 3
    assert {"x(1)", "S(3)", "S(0) = 0", "input"} <= {t.get_text() for t in texts}
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    start = next(t for t in texts if t.get_text() == "S(0) = 0").get_window_extent(renderer)
    arrow = [c for c in fig.axes[0].get_children() if isinstance(c, matplotlib.text.Annotation)][0]
    assert not start.overlaps(arrow.arrow_patch.get_window_extent(renderer)), "the arrow strikes S(0) = 0"
    for t in texts:  # each cell's text stays inside its box
        if t.get_bbox_patch() is not None:
            inner, outer = t.get_window_extent(renderer), t.get_bbox_patch().get_window_extent(renderer)
            assert outer.x0 <= inner.x0 and inner.x1 <= outer.x1
    with pytest.raises(ValueError, match="steps"):
        plots.draw_unrolled_rnn(0)


def test_state_heatmaps_show_units_by_time():
    states = np.tanh(np.random.default_rng(0).normal(size=(2, 28, 50)))
    fig = plots.plot_state_heatmaps(states, ["a", "b"])
    image = fig.axes[1].images[0]
    assert image.get_array().shape == (50, 28)
    assert image.get_clim() == (-1, 1)
    # the axis counts rows read from 1 to 28, as the chapter's text does: the first column sits at 1, the last at 28
    assert fig.axes[0].get_xlim() == (0.5, 28.5)
    with pytest.raises(ValueError, match="one title each"):
        plots.plot_state_heatmaps(states, ["a"])


def _figures():
    rng = np.random.default_rng(0)
    yield "digits", plots.plot_digits(rng.integers(0, 255, (30, 28, 28)), list(range(30)), list(range(30)), ncols=10)
    yield "maps", plots.plot_maps(rng.random((14, 14, 16)), ncols=8, suptitle="conv_1: (28, 28, 32)")
    yield "kernels", plots.plot_maps(rng.random((5, 5, 32)), ncols=8, cmap="RdBu_r", symmetric=True)
    yield "titled maps", plots.plot_maps(rng.random((28, 28, 4)), titles=["a", "vertical edge", "horizontal edge", "b"],
                                         ncols=4)
    yield "confusion", plots.plot_confusion_matrix(np.arange(100) % 10, np.arange(100) % 7)
    yield "curves", plots.plot_curves({"a": (np.arange(5), np.arange(5))}, ylabel="y", reference=([1], [1]))
    yield "log curves", plots.plot_curves({"a": (np.arange(50), np.geomspace(1, 1e-5, 50))}, logy=True)
    yield "short log curves", plots.plot_curves({"a": (np.arange(50), np.geomspace(0.5, 0.05, 50))}, logy=True)
    yield "sequence", plots.plot_sequence(np.arange(20), np.cos(np.arange(20)), np.sin(np.arange(20)), title="step 1")
    yield "unrolled", plots.draw_unrolled_rnn(4)
    yield "heat maps", plots.plot_state_heatmaps(rng.random((3, 28, 50)), ["a 0", "a 1", "a 7"])
    yield "receptive field", plots.plot_receptive_field(rng.random((28, 28)), 6, 6, 16)


@pytest.mark.parametrize("name, fig", list(_figures()), ids=lambda v: v if isinstance(v, str) else "")
def test_figures_are_made_for_the_page(name, fig):
    """At most MAX_WIDTH_IN wide, no text under MIN_FONT_PT: 10 CSS px at 1366 px, legible on a phone."""
    fig.canvas.draw()
    assert fig.get_figwidth() <= plots.MAX_WIDTH_IN + 1e-9, f"{name} is {fig.get_figwidth()} in wide"
    assert plots.smallest_font_pt(fig) >= plots.MIN_FONT_PT, f"{name} has {plots.smallest_font_pt(fig)} pt text"


def test_smallest_text_counts_exponents_and_minor_tick_labels():
    """Matplotlib's default log axis writes "$10^{-3}$": the exponent is drawn at 0.7 of the label's size,
    and a short range labels minor ticks ("$2\\times10^{-1}$"). Both count."""
    fig, ax = plt.subplots()
    ax.set_yscale("log")
    ax.plot([1e-3, 1])
    assert plots.smallest_font_pt(fig) == pytest.approx(plots.MIN_FONT_PT * plots.SCRIPT_SHRINK)
    fig, ax = plt.subplots()
    ax.set_yscale("log")
    ax.plot([0.15, 0.6])
    ax.yaxis.set_minor_formatter(matplotlib.ticker.LogFormatter(labelOnlyBase=False))
    ax.tick_params(which="minor", labelsize=6)
    assert plots.smallest_font_pt(fig) == 6


def test_log_curves_label_their_ticks_as_python_prints_the_numbers():
    fig = plots.plot_curves({"a": (np.arange(50), np.geomspace(1, 1e-5, 50))}, logy=True)
    fig.canvas.draw()
    labels = [label.get_text() for label in fig.axes[0].yaxis.get_ticklabels(which="both") if label.get_text()]
    assert "0.001" in labels and "1e-05" in labels, labels
    assert not any("$" in label for label in labels), labels
    assert plots.smallest_font_pt(fig) >= plots.MIN_FONT_PT
    fig = plots.plot_curves({"a": (np.arange(50), np.geomspace(0.6, 0.002, 50))}, logy=True)  # under 3 decades
    fig.canvas.draw()
    low, high = fig.axes[0].get_ylim()
    shown = [label.get_text() for label in fig.axes[0].yaxis.get_ticklabels(which="both")
             if label.get_text() and low <= label.get_position()[1] <= high]
    assert shown == ["0.003", "0.01", "0.03", "0.1", "0.3"], shown


def test_figure_png_is_twice_the_resolution_and_records_its_smallest_text():
    fig, ax = plt.subplots(figsize=(4, 2))
    ax.plot([0, 1])
    data, meta = plots.figure_png(fig)
    pixels = imread(io.BytesIO(data))
    assert pixels.shape[1] == 2 * meta["width"] and abs(pixels.shape[0] - 2 * meta["height"]) <= 1
    assert meta["width"] <= 400  # the figure's own size in CSS px (100 dpi), less the trimmed margin
    assert float(plots.png_text(data)[plots.MIN_TEXT_KEY]) == pytest.approx(plots.MIN_FONT_PT * 200 / 72, rel=1e-3)


def test_animation_html_loads_nothing_from_other_origins_and_says_what_it_shows():
    xs = np.tile(np.arange(20.0), (3, 1))
    html = plots.animation_html(plots.animate_sequences(xs, np.cos(xs), np.sin(xs), steps=range(3)),
                                alt="the prediction settling onto the target")
    assert "https://" not in html and 'class="fa ' not in html
    assert html.count('alt="the prediction settling onto the target"') == 1
    assert "\u25b6" in html  # the Play button, as a symbol
    assert 'class="anim-slider" aria-label="Frame"' in html  # the slider has a name (axe-core: label)


def test_wide_figures_get_text_legible_on_a_phone():
    fig, ax = plt.subplots(figsize=(6, 3))
    ax.plot([0, 1])
    ax.set_title("title")
    data, meta = plots.figure_png(fig)
    on_phone = float(plots.png_text(data)[plots.MIN_TEXT_KEY]) / 2 * plots.PHONE_COLUMN_PX / meta["width"]
    assert on_phone >= plots.PHONE_MIN_TEXT_PX - 0.05
    narrow, ax = plt.subplots(figsize=(3, 2))
    ax.plot([0, 1])
    assert plots.fit_text_to_phone(narrow) == 1.0  # already legible: left as it is
    assert plots.png_text(plots.figure_png(narrow)[0])[plots.TEXT_COLORS_KEY] == plots.TEXT_COLOR


def test_titles_wrap_and_zero_is_transparent():
    fig = plots.plot_maps(np.random.default_rng(0).normal(size=(5, 5, 8)), titles=["horizontal edge"] * 8,
                          ncols=8, cmap="RdBu_r", symmetric=True)
    assert fig.axes[0].get_title() == "horizontal\nedge"
    image = fig.axes[0].images[0]
    assert image.cmap(0.5)[3] < 0.01 and image.cmap(0.0)[3] == image.cmap(1.0)[3] == 1.0
