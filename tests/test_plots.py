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
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["a", "b", "the article"]


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


def test_unrolled_rnn_has_one_cell_per_step():
    fig = plots.draw_unrolled_rnn(steps=3)
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert sum("tanh" in t for t in texts) == 3
    assert {"x(1)", "S(3)", "S(0) = 0"} <= set(texts)
    with pytest.raises(ValueError, match="steps"):
        plots.draw_unrolled_rnn(0)


def test_state_heatmaps_show_units_by_time():
    states = np.tanh(np.random.default_rng(0).normal(size=(2, 28, 50)))
    fig = plots.plot_state_heatmaps(states, ["a", "b"])
    image = fig.axes[1].images[0]
    assert image.get_array().shape == (50, 28)
    assert image.get_clim() == (-1, 1)
    with pytest.raises(ValueError, match="one title each"):
        plots.plot_state_heatmaps(states, ["a"])
