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
