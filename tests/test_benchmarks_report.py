"""benchmarks/run.py --redraw: the report's tables and chart, rewritten from the numbers it holds, unchanged."""

import shutil
import sys
from pathlib import Path

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
