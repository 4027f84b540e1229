"""utils.versions: the tested versions agree with the requirement files; the note and the guard."""

import re
from pathlib import Path

import pytest

from utils import models, versions

ROOT = Path(__file__).resolve().parents[1]


def pins(path):
    return dict(re.findall(r"^([A-Za-z0-9_.-]+)==(\S+)$", (ROOT / path).read_text(), flags=re.M))


@pytest.mark.parametrize("where, path", [(w, p) for w, p in zip(versions.TESTED, ["requirements.txt",
                                                                                    "requirements-colab.txt"])])
def test_tested_versions_are_the_ones_the_requirement_files_pin(where, path):
    assert path in where
    file_pins = pins(path)
    assert {name: file_pins[name] for name in versions.TESTED[where]} == versions.TESTED[where]


def test_a_tested_combination_gets_no_note():
    for combo in versions.TESTED.values():
        assert versions.report(dict(combo)) is None
    assert versions.report() is None  # this environment is the course's own pins


def test_a_newer_keras_gets_a_note_that_says_what_to_do():
    note = versions.report({"tensorflow": "2.21.0", "keras": "3.16.0"})
    assert "this runtime has tensorflow 2.21.0 and keras 3.16.0" in note
    assert "Newer versions are not tested yet" in note and "pip install tensorflow==2.21.0 keras==3.15.1" in note
    versions.require({"tensorflow": "2.21.0", "keras": "3.16.0"})  # a note, not an error


def test_a_missing_keras_is_named():
    assert "keras not installed" in versions.report({"tensorflow": "2.21.0", "keras": None})


def test_keras_2_is_refused_when_a_chapter_uses_the_course(monkeypatch):
    with pytest.raises(RuntimeError, match=r"keras 2\.15\.0 cannot run this course: .* keras>=3\.0\.0"):
        versions.require({"tensorflow": "2.15.1", "keras": "2.15.0"})
    monkeypatch.setattr(versions, "installed", {"tensorflow": "2.15.1", "keras": "2.15.0"}.get)
    with pytest.raises(RuntimeError, match="cannot run this course"):
        models.build_rnn_regressor()
