"""utils.book.glue: values reach the book as plain Python numbers."""

import numpy as np
import pytest

from utils.book import glue


def test_glue_returns_python_numbers_for_numpy_scalars():
    value = glue("some_number", np.float32(0.25))
    assert type(value) is float and value == 0.25
    assert glue("an_int", np.int64(3)) == 3 and type(glue("an_int", np.int64(3))) is int


def test_glue_rejects_bad_names():
    with pytest.raises(ValueError, match="letters, digits and underscores"):
        glue("not a name", 1.0)
