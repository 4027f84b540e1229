"""Versions: the TensorFlow and Keras the course was tested on, and a guard for the rest.

Used from chapter 0 (``00_data``) on: every setup cell's ``import utils`` calls
:func:`check`, which says in one note what differs from the tested versions and
what to do; a version known to break a chapter raises a clear error from
:func:`require` as soon as the chapter's code (a model builder, a training loop)
is used. Appendix A1 (``A1_data_and_versions``) shows both at work. Only package
metadata is read here, so the check imports neither TensorFlow nor Keras.
"""

from __future__ import annotations

import re
from importlib import metadata

#: Each combination the course's test command runs every chapter on.
TESTED: dict[str, dict[str, str]] = {
    "the course's own pins, requirements.txt": {"tensorflow": "2.21.0", "keras": "3.15.1"},
    "Google Colab's runtime of 2026-08-19, requirements-colab.txt": {"tensorflow": "2.20.0", "keras": "3.13.2"},
}

#: (package, first version that works, what breaks below it).
KNOWN_WRONG: list[tuple[str, str, str]] = [
    ("keras", "3.0.0", "the course is written for Keras 3 (keras.ops, layer.reset_state()); Keras 2 has no "
                       "keras.ops, and its recurrent layers have only reset_states()"),
    ("tensorflow", "2.16.0", "Keras 3 runs on TensorFlow 2.16 or newer; older TensorFlow bundles Keras 2"),
]

_PINS = next(iter(TESTED.values()))
_HOW_TO_FIX = " ".join(f"{name}=={version}" for name, version in _PINS.items())


def installed(name: str) -> str | None:
    """The installed version of a distribution, or None."""
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def _key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", version.split("+")[0])[:3])


def report(found: dict[str, str | None] | None = None) -> str | None:
    """One note on how the installed TensorFlow and Keras differ from :data:`TESTED`, or None if they don't."""
    found = found if found is not None else {name: installed(name) for name in _PINS}
    if any(combo == found for combo in TESTED.values()):
        return None
    missing = [name for name, version in found.items() if version is None]
    if missing:
        return (f"utils: {' and '.join(missing)} not installed. Install the versions the course is tested on: "
                f"pip install {_HOW_TO_FIX}")
    have = " and ".join(f"{name} {version}" for name, version in found.items())
    tested = "; ".join(f"{', '.join(f'{n} {v}' for n, v in combo.items())} ({where})"
                       for where, combo in TESTED.items())
    newest = max((combo for combo in TESTED.values()), key=lambda c: [_key(v) for v in c.values()])
    newer = all(_key(found[name]) >= _key(newest[name]) for name in found)
    hint = ("Newer versions are not tested yet; if a chapter fails" if newer else "If a chapter fails")
    return (f"utils: this runtime has {have}; the course was tested with {tested}. {hint}, "
            f"install the first of these (pip install {_HOW_TO_FIX}) and restart the runtime.")


def check() -> None:
    """Print :func:`report`'s note, if there is one (``import utils`` calls this)."""
    note = report()
    if note:
        print(note)


def require(found: dict[str, str | None] | None = None) -> None:
    """Raise if an installed version is one :data:`KNOWN_WRONG` says breaks the chapters.

    Called by the model builders and training loops before they touch Keras.

    Raises:
        RuntimeError: naming the package, its version, what breaks and the fix.
    """
    found = found if found is not None else {name: installed(name) for name in _PINS}
    for name, first_good, why in KNOWN_WRONG:
        version = found.get(name)
        if version is not None and _key(version) < _key(first_good):
            raise RuntimeError(
                f"{name} {version} cannot run this course: {why}. Install the tested versions "
                f"(pip install {_HOW_TO_FIX}), or at least {name}>={first_good} with a TensorFlow it runs on, "
                "and restart the runtime."
            )
