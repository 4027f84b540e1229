"""benchmarks/run.py --redraw: the report's tables and chart, rewritten from the numbers it holds, unchanged."""

import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
import run  # noqa: E402


def test_redraw_keeps_every_number_and_draws_a_sharp_chart(tmp_path):
    report, chart = tmp_path / "BENCHMARKS.md", tmp_path / "speed.png"
    shutil.copyfile(ROOT / "BENCHMARKS.md", report)
    before = run.rows_from_report(report.read_text())
    assert len(before) == 5 and all({"fastest", "reference_all", "course_metric"} <= set(row) for row in before)
    run.redraw(report, chart)
    assert run.rows_from_report(report.read_text()) == before
    assert report.read_text() == (ROOT / "BENCHMARKS.md").read_text()  # the committed report is already redrawn

    from utils.plots import MIN_TEXT_KEY, png_text

    assert float(png_text(chart.read_bytes())[MIN_TEXT_KEY]) >= 27  # 10 pt at 200 dpi
    assert chart.read_bytes() == (ROOT / "benchmarks" / "speed.png").read_bytes()


def test_merge_replaces_only_the_rows_measured_again(tmp_path):
    report, chart = tmp_path / "BENCHMARKS.md", tmp_path / "speed.png"
    shutil.copy(ROOT / "BENCHMARKS.md", report)
    before = run.rows_from_report(report.read_text())
    new = {**before[-1], "course_s": 1.5, "course_all": [1.4, 1.5, 1.6], "ratio": before[-1]["reference_s"] / 1.5}
    new.pop("fastest", None)
    run.merge([new], report, chart)
    text = report.read_text()
    after = run.rows_from_report(text)
    assert after[:-1] == before[:-1]  # every other row, number for number
    assert after[-1]["course_all"] == [1.4, 1.5, 1.6] and after[-1]["course_s"] == 1.5
    assert "Measured again" in text and f"*{new['title']}*" in text.splitlines()[2]
    old = (ROOT / "BENCHMARKS.md").read_text()
    assert text[text.index("## The CNN epoch's arithmetic"):] == old[old.index("## The CNN epoch's arithmetic"):]
    with pytest.raises(SystemExit, match="has no row"):
        run.merge([{**new, "title": "an experiment the report lacks"}], report, chart)
