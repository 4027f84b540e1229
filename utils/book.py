"""Book: ties numbers computed in a notebook to the prose of the rendered book.

Used from chapter 0 (``00_data``) on; appendix A1 (``A1_data_and_versions``)
explains it. The chapters never type a result into their text; they *glue* it
(MyST-NB's mechanism) and the text refers to the glued name, so the book always
shows what the committed run computed.
"""

from __future__ import annotations

from typing import Any


def glue(name: str, value: Any, display: bool = False) -> Any:
    """Store ``value`` under ``name`` for the book's ``{glue}`` roles, and return it.

    With MyST-NB installed (the book build, the test run) this is
    :func:`myst_nb.glue`. Where it is absent (a plain Colab runtime) there is no
    book to feed, so the value is only shown when ``display`` asks for it.

    Raises:
        ValueError: ``name`` is not a non-empty identifier-like string.
    """
    if not isinstance(name, str) or not name.replace("_", "").isalnum():
        raise ValueError(f"glue name must be letters, digits and underscores, got {name!r}")
    if hasattr(value, "item") and getattr(value, "ndim", None) == 0:
        value = value.item()  # NumPy scalars to Python numbers, so the book can format them
    try:
        from myst_nb import glue as myst_glue
    except ImportError:
        if display:
            from IPython.display import display as show

            show(value)
        return value
    myst_glue(name, value, display=display)
    return value
