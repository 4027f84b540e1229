"""The Chinese edition (zh/) stays the English run, translated: every English unit has a current translation,
the committed zh/ is what scripts/translate.py writes, code and outputs are the English ones, and the terms are
the terminology file's."""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

import polib
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import translate  # noqa: E402


def test_markdown_splits_into_units_that_join_back_exactly():
    for source in translate.sources():
        texts = [ROOT.joinpath(source).read_text()] if source.endswith(".md") else [
            "".join(c["source"]) for c in json.loads(ROOT.joinpath(source).read_text())["cells"] if c["cell_type"] == "markdown"]
        for text in texts:
            assert "\n".join(b.prefix + b.body for b in translate.split_markdown(text)) == text, source


def test_code_fences_math_and_targets_are_not_offered_for_translation():
    text = "(term-x)=\n\n## A heading\n\n```python\nx = 1  # kept\n```\n\n$$\na = b\n$$\n\n```{admonition} A title\n:class: dropdown\nInside.\n```"
    offered = [b.body for b in translate.split_markdown(text) if b.translate]
    assert offered == ["## A heading", "A title", "Inside."]


def test_docstrings_and_comments_are_offered_and_the_rest_of_the_code_is_not():
    code = 'def f(x):\n    """Twice x."""\n    return 2 * x  # doubled\n%time f(1)'
    assert [text for _, _, text in translate.docstrings(code)] == ["Twice x."]
    assert [text for _, _, text in translate.comments(code)] == ["# doubled"]
    assert translate.skeleton(code) == 'def f(x):\n    """"""\n    return 2 * x\n%time f(1)'


def test_every_english_unit_has_a_current_translation():
    _, problems = translate.generated()
    assert not problems, f"{len(problems)} problems with the Chinese translations:\n" + "\n".join(problems[:40])


def test_the_committed_chinese_edition_is_what_the_script_writes():
    problems = translate.check()
    assert not problems, "\n".join(problems[:40])


@pytest.mark.parametrize("source", translate.chapters(), ids=lambda s: Path(s).stem)
def test_chinese_notebook_has_the_english_code_and_outputs(source):
    english = json.loads((ROOT / source).read_text())
    chinese = json.loads((ROOT / "zh" / source).read_text())
    assert [(c["id"], c["cell_type"]) for c in chinese["cells"]] == [(c["id"], c["cell_type"]) for c in english["cells"]]
    for en, zh in zip(english["cells"], chinese["cells"]):
        if en["cell_type"] != "code":
            continue
        assert translate.skeleton("".join(zh["source"])) == translate.skeleton("".join(en["source"])), \
            f"{source}, cell {en['id']}: the code differs beyond its comments and docstrings"
        assert zh["execution_count"] == en["execution_count"]
        assert len(zh["outputs"]) == len(en["outputs"])
        for k, (o_en, o_zh) in enumerate(zip(en["outputs"], zh["outputs"])):
            for mime, value in o_en.get("data", {}).items():
                if mime == "application/papermill.record/text/plain" and value.startswith("'") and re.search("[A-Za-z]{3}", value):
                    continue  # a glued sentence, translated
                if mime == "text/html":
                    value, other = (translate.ALT.sub(r"\1\3", "".join(v)) for v in (value, o_zh["data"][mime]))
                    assert value == other, f"{source}, cell {en['id']}, output {k}: HTML differs beyond alt text"
                    continue
                assert o_zh["data"][mime] == value, f"{source}, cell {en['id']}, output {k} ({mime}) differs"
            assert {key: v for key, v in o_en.items() if key != "data"} == {key: v for key, v in o_zh.items() if key != "data"}


@pytest.mark.parametrize("source", translate.chapters(), ids=lambda s: Path(s).stem)
def test_every_chinese_code_cell_is_still_python(source):
    """A translated comment or docstring must not break the code (only chapter 0 runs again, on Colab's versions)."""
    import ast

    for cell in json.loads((ROOT / "zh" / source).read_text())["cells"]:
        if cell["cell_type"] == "code":
            try:
                ast.parse(translate._masked("".join(cell["source"])))
            except SyntaxError as error:
                pytest.fail(f"zh/{source}, cell {cell['id']}: {error}")


def test_a_changed_english_paragraph_fails_until_its_translation_is_updated(tmp_path, monkeypatch):
    """The whole mechanism on a copy: change one English paragraph of chapter 0, and the check names it; `extract`
    keeps the old translation as fuzzy, which still fails; a translator's update makes it pass again."""
    copy_of_the_course(tmp_path, monkeypatch)
    assert translate.generated()[1] == []

    path = tmp_path / "chapters/00_data.ipynb"
    notebook = json.loads(path.read_text())
    cell = next(c for c in notebook["cells"] if "## What MNIST is" in "".join(c["source"]))
    cell["source"] = "".join(cell["source"]).replace("It is small enough to train on a CPU", "It is small enough to train on any CPU")
    path.write_text(json.dumps(notebook))
    problems = translate.generated()[1]
    assert len(problems) == 1 and f"chapters/00_data.ipynb, cell {cell['id']}" in problems[0]
    assert "no translation" in problems[0]

    translate.extract()
    po = polib.pofile(str(tmp_path / "i18n/zh_CN/chapters/00_data.po"))
    fuzzy = [e for e in po if "fuzzy" in e.flags]
    assert len(fuzzy) == 1 and "any CPU" in fuzzy[0].msgid and fuzzy[0].msgstr, "extract should keep the old translation, fuzzy"
    assert len(translate.generated()[1]) == 1, "a fuzzy translation must still fail the check"
    fuzzy[0].flags.remove("fuzzy")
    po.save()
    assert translate.generated()[1] == []


def copy_of_the_course(tmp_path, monkeypatch) -> Path:
    """The landing page, chapter 0 and the translations in tmp_path, with translate.py pointed there."""
    for name in ["_config.yml", "intro.md", "BENCHMARKS.md", "chapters/00_data.ipynb"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / name, tmp_path / name)
    shutil.copytree(ROOT / "i18n", tmp_path / "i18n")
    (tmp_path / "_toc.yml").write_text(yaml.safe_dump({"format": "jb-book", "root": "intro",
                                                       "parts": [{"caption": "Chapters", "chapters": [{"file": "chapters/00_data"}]}]}))
    monkeypatch.setattr(translate, "ROOT", tmp_path)
    monkeypatch.setattr(translate, "I18N", tmp_path / "i18n" / "zh_CN")
    monkeypatch.setattr(translate, "OUT", tmp_path / "zh")
    monkeypatch.setattr(translate, "EDITION_NOTE", tmp_path / "i18n" / "zh_CN" / "edition_note.md")
    return tmp_path


def test_make_publish_needs_no_retranslation_and_moves_the_chinese_links(tmp_path, monkeypatch):
    import set_repository

    root = copy_of_the_course(tmp_path, monkeypatch)
    set_repository.set_repository("https://github.com/someone/course-fork", "trunk", root=root)
    files, problems = translate.generated()
    assert problems == [], problems
    assert "colab.research.google.com/github/someone/course-fork/blob/trunk/zh/chapters/00_data.ipynb" in files["intro.md"]
    assert "keras-course/conv-memory-state" not in files["intro.md"] + files["chapters/00_data.ipynb"]
    assert yaml.safe_load(files["_config.yml"].split("\n", 1)[1])["repository"]["url"] == "https://github.com/someone/course-fork"


def test_a_translation_that_drops_a_glued_number_is_refused():
    english = "It reaches {glue:text}`cnn_test_accuracy:.2%` with `fit`."
    assert translate.problems_with(english, "用 `fit` 达到 {glue:text}`cnn_test_accuracy:.2%`。") == []
    assert translate.problems_with(english, "用 `fit` 达到 98%。")
    assert translate.problems_with("| a | b |\n|---|---|", "| 甲 |\n|---|")


def glossary_rows() -> list[tuple[str, str]]:
    rows = []
    for line in (ROOT / "intro.md").read_text().split("## Glossary", 1)[1].splitlines():
        match = re.match(r"\| \{ref\}`([^<`]+)<[^`]+>` \| ([^|]+) \|", line)
        if match:
            rows.append((match.group(1).strip(), match.group(2).strip()))
    return rows


def test_the_glossary_uses_the_terminology_files_words():
    terms = {t["en"].lower(): t["zh"] for t in translate.terms()}
    checked = 0
    for english, chinese in glossary_rows():
        for name in re.split(r",\s*|\s*\(|\)", english):
            if name.strip().lower() in terms:
                checked += 1
                assert terms[name.strip().lower()] in chinese, \
                    f"the glossary gives {english!r} as {chinese!r}, terms.yml as {terms[name.strip().lower()]!r}"
    assert checked >= 25, f"only {checked} glossary terms are in i18n/zh_CN/terms.yml"


def test_no_translation_uses_a_variant_the_terminology_rules_out():
    found = []
    for path in sorted(translate.I18N.rglob("*.po")):
        for entry in polib.pofile(str(path)):
            if entry.msgstr and not entry.obsolete:
                found += [f"{path.name}: {entry.msgctxt}: {p}" for p in translate.term_problems(entry.msgid, entry.msgstr)]
    assert not found, "\n".join(found)


def test_the_variant_check_fails_on_a_variant_and_spares_the_glossary():
    assert translate.term_problems("learning rate", "学习速度是 0.001")
    assert not translate.term_problems("| term | 中文 | meaning here |\n| lr | 学习率 (原文：学习速度) | x |", "| 英文术语 | 中文 | 含义 |\n| lr | 学习率（原文：学习速度） | x |")


def test_chinese_colab_links_open_the_chinese_notebooks():
    intro = (ROOT / "zh" / "intro.md").read_text()
    colab = translate.placeholders()["⟨colab⟩"]
    links = re.findall(r"https://colab\.research\.google\.com/[^)\s]+", intro)
    assert links and all(colab + "zh/chapters/" in link for link in links), links
    config = yaml.safe_load((ROOT / "zh" / "_config.yml").read_text())
    assert config["repository"]["path_to_book"] == "zh" and config["sphinx"]["config"]["language"] == "zh_CN"
