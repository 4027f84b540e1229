"""utils.seed_everything: one call makes Keras and NumPy repeat themselves."""

import numpy as np
import pytest

from utils import models, seed_everything


def test_same_seed_same_weights_and_numbers():
    seed_everything(5)
    a, r1 = models.build_rnn_classifier(units=4).get_weights()[0], np.random.rand(3)
    seed_everything(5)
    b, r2 = models.build_rnn_classifier(units=4).get_weights()[0], np.random.rand(3)
    np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(r1, r2)
    seed_everything(6)
    assert not np.array_equal(a, models.build_rnn_classifier(units=4).get_weights()[0])


@pytest.mark.parametrize("bad, error", [(-1, ValueError), (1.5, TypeError), ("1", TypeError)])
def test_seed_rejects_bad_values(bad, error):
    with pytest.raises(error):
        seed_everything(bad)


def test_a_rerun_from_one_seed_trains_to_the_same_weights():
    """What chapter 0 promises: run again on the same machine, the same code gives the same numbers, training
    included (random starting weights, random data, fit's shuffled batches)."""
    from utils import data

    def run():
        seed_everything(3)
        model = models.build_rnn_classifier(units=8)
        x = np.random.rand(200, 28, 28).astype("float32")
        y = data.one_hot(np.random.randint(0, 10, 200))
        model.fit(x, y, batch_size=50, epochs=2, verbose=0)  # shuffled: the order comes from the seed too
        return model.get_weights(), model.evaluate(x, y, verbose=0)

    (first, first_scores), (second, second_scores) = run(), run()
    for a, b in zip(first, second):
        np.testing.assert_array_equal(a, b)
    assert first_scores == second_scores


def test_without_tensorflow_python_and_numpy_repeat_and_nothing_heavy_is_loaded():
    """Chapter 0 and appendix A1 train nothing: seed_everything(..., tensorflow=False) seeds Python and NumPy
    and loads neither Keras nor TensorFlow (seconds of a learner's wait), checked in a fresh Python."""
    import subprocess
    import sys

    code = ("import random, sys, numpy as np, utils\n"
            "utils.seed_everything(4, tensorflow=False); a = (random.random(), np.random.rand())\n"
            "utils.seed_everything(4, tensorflow=False); b = (random.random(), np.random.rand())\n"
            "assert a == b, (a, b)\n"
            "print(sorted({'keras', 'tensorflow'} & set(sys.modules)))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
    with pytest.raises(TypeError, match="tensorflow must be True or False"):
        seed_everything(1, tensorflow="no")
