"""The Chinese edition, generated from the English sources and translations keyed to the English they translate.

    python scripts/translate.py extract [SOURCE ...]  # bring i18n/zh_CN/*.po up to date with the English sources
    python scripts/translate.py build     # write zh/ (notebooks, pages, book config) from the English and the .po files
    python scripts/translate.py lint F.po # what is left to translate in F.po, and what its translations break
    python scripts/translate.py check     # exit 1, naming each, if a translation is missing or stale, or zh/ is not
                                          # what `build` writes from today's English and translations

The English notebooks and pages stay the source. Each translatable unit of English (a paragraph, a heading, a
table, an admonition's title, an image's alt text, a code comment or docstring, a glued sentence) is one gettext
message: its ``msgid`` is the English text, its ``msgctxt`` says where it is (file and cell id), its ``msgstr``
the Chinese. When an English paragraph changes, its old message no longer matches: ``extract`` keeps the old
translation as a *fuzzy* entry beside the new English, and ``check`` fails until a translator updates it and
drops the flag. Code is copied as is, except comments and docstrings, which are translated; outputs are copied
from the English run (the same numbers and figures; nothing runs twice), except glued sentences and the alt text
of figures and the animation.
"""

from __future__ import annotations

import copy
import difflib
import functools
import io
import json
import re
import sys
import tokenize
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
LANG = "zh_CN"
I18N = ROOT / "i18n" / LANG
OUT = ROOT / "zh"
PAGES = ["intro.md", "BENCHMARKS.md"]
EDITION_NOTE = I18N / "edition_note.md"  # one paragraph the Chinese landing page carries after its title


def chapters() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    return [f"{entry['file']}.ipynb" for part in toc["parts"] for entry in part["chapters"]
            if (ROOT / f"{entry['file']}.ipynb").exists()]


def sources() -> list[str]:
    return PAGES + chapters()


# ---------------------------------------------------------------- splitting Markdown into translatable units
FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})(.*)$")
TRANSLATED_OPTIONS = (":alt:",)


@dataclass
class Block:
    """Whole lines of Markdown: ``prefix`` kept as is, ``body`` translated when ``translate`` is true."""

    prefix: str
    body: str
    translate: bool


def split_markdown(text: str) -> list[Block]:
    """The lines of ``text`` as blocks; ``"\\n".join(prefix + body)`` gives ``text`` back exactly."""
    blocks: list[Block] = []
    paragraph: list[str] = []
    stack: list[tuple[str, str]] = []  # open fences: (marker, "literal" | "directive" | "math")
    options_open = False  # just after a directive's opening line: its :option: lines

    def flush():
        if paragraph:
            blocks.append(Block("", "\n".join(paragraph), True))
            paragraph.clear()

    def keep(line: str):
        flush()
        blocks.append(Block(line, "", False))

    in_math = False
    for line in text.split("\n"):
        fence = FENCE.match(line)
        if stack and stack[-1][1] in ("literal", "math"):  # inside code or a math directive: kept
            if fence and fence.group(2) == stack[-1][0] and not fence.group(3).strip():
                stack.pop()
            keep(line)
            continue
        if in_math:
            keep(line)
            in_math = not line.rstrip().endswith("$$")
            continue
        if fence:
            marker, info = fence.group(2), fence.group(3).strip()
            if stack and marker == stack[-1][0] and not info:  # closes a directive
                stack.pop()
                keep(line)
                continue
            flush()
            directive = re.match(r"\{([\w-]+)\}\s*(.*)$", info)
            if directive is None:
                stack.append((marker, "literal"))
                keep(line)
            elif directive.group(1) == "math":
                stack.append((marker, "math"))
                keep(line)
            else:
                stack.append((marker, "directive"))
                title = directive.group(2)
                if directive.group(1) in ("admonition",) and title:
                    head = line[: len(line) - len(title)]
                    blocks.append(Block(head, title, True))
                else:
                    keep(line)
                options_open = True
            continue
        stripped = line.strip()
        if options_open and stripped.startswith(":") and re.match(r"^:[\w-]+:", stripped):
            flush()
            option = next((o for o in TRANSLATED_OPTIONS if stripped.startswith(o + " ")), None)
            if option:
                head = line[: line.index(option) + len(option) + 1]
                blocks.append(Block(head, line[len(head):], True))
            else:
                keep(line)
            continue
        options_open = False
        if not stripped or re.fullmatch(r"\([\w:.-]+\)=", stripped) or stripped.startswith("<!--"):
            keep(line)
        elif stripped.startswith("$$"):
            keep(line)
            in_math = not (len(stripped) > 2 and stripped.endswith("$$"))
        else:
            paragraph.append(line)
    flush()
    return blocks


# ---------------------------------------------------------------- what a translation must keep
PROTECTED = [
    re.compile(r"\{glue(?::\w+)?\}`[^`]+`"),  # glued values, with their formats
    re.compile(r"(?<![`\\])`[^`\n]+`(?!`)"),  # code spans (and role bodies, compared below)
    re.compile(r"(?<![\\$])\$[^$\n]+\$(?!\$)"),  # inline math
    re.compile(r"\]\(([^)\s]+)\)"),  # link targets
]
ROLE = re.compile(r"\{(ref|doc|numref|eq)\}`(?:[^`<]*<)?([^`>]+)>?`")


def protected(text: str) -> list[str]:
    """The pieces of ``text`` a translation must carry unchanged: glue, code, math, link and reference targets."""
    found = []
    text = ROLE.sub(lambda m: found.append(f"{{{m.group(1)}}}{m.group(2)}") or "", text)
    text = PROTECTED[0].sub(lambda m: found.append(m.group(0)) or "", text)
    for pattern in PROTECTED[1:]:
        found += pattern.findall(text)
    return sorted(found)


def structure(text: str) -> list:
    """A table's rows and columns, a heading's level, a list's items: what a translation keeps."""
    lines = text.split("\n")
    shape = []
    for line in lines:
        s = line.lstrip()
        if s.startswith("|"):
            shape.append(("row", s.count("|") - s.count("\\|"), bool(re.fullmatch(r"[|:\- ]+", s))))
        elif re.match(r"#+ ", s):
            shape.append(("heading", len(s) - len(s.lstrip("#"))))
        elif re.match(r"(\d+\.|[-*]) ", s):
            shape.append(("item", len(line) - len(s)))
    return shape


def problems_with(english: str, chinese: str) -> list[str]:
    """What is wrong with ``chinese`` as a translation of ``english`` (empty when nothing)."""
    found = []
    if protected(english) != protected(chinese):
        missing = sorted(set(protected(english)) - set(protected(chinese)))
        extra = sorted(set(protected(chinese)) - set(protected(english)))
        found.append(f"glue, code, math or link targets differ (missing {missing}, added {extra})")
    if structure(english) != structure(chinese):
        found.append("its table rows, heading level or list items differ from the English")
    if english.strip() and not re.search(r"[\u4e00-\u9fff]", chinese) and re.search(r"[A-Za-z]{3,}", english):
        if not re.fullmatch(r"[\W\d_]*|`[^`]*`|\{[^}]*\}`[^`]*`", english.strip()):
            found.append("it holds no Chinese")
    return found


@functools.lru_cache(maxsize=None)
def _terms(path: Path) -> tuple:
    return tuple(yaml.safe_load(path.read_text()))


def terms() -> list[dict]:
    return list(_terms(I18N / "terms.yml"))


def is_glossary(english: str) -> bool:
    """The landing page's glossary table: it quotes the article's own words, variants included."""
    return english.startswith("| term | 中文 |")


def term_problems(english: str, chinese: str) -> list[str]:
    """The variants terms.yml rules out, where ``chinese`` uses one (the glossary quotes them, so it may)."""
    if is_glossary(english):
        return []
    chinese = re.sub(r"`[^`\n]+`", "", chinese)  # code, and the article's own code quoted, is not prose
    return [f"writes {variant} where this edition writes {term['zh']} ({term['en']}; i18n/zh_CN/terms.yml)"
            for term in terms() for variant in term.get("avoid", []) if variant in chinese]


def lint(po_file: str) -> list[str]:
    """Every problem of one .po file's translations, and what is left to translate."""
    import polib

    found = []
    for entry in polib.pofile(po_file):
        where = f"{entry.msgctxt}: {entry.msgid[:60]!r}"
        if entry.obsolete:
            continue
        if not entry.msgstr:
            found.append(f"{where}: not translated")
        elif "fuzzy" in entry.flags:
            found.append(f"{where}: fuzzy (the English changed; check the translation, then drop the flag)")
        else:
            found += [f"{where}: {p}" for p in problems_with(entry.msgid, entry.msgstr) + term_problems(entry.msgid, entry.msgstr)]
    return found


# ---------------------------------------------------------------- code comments
KEPT_COMMENTS = re.compile(r"#\s*(NBVAL_|noqa|type:|fmt:|pragma|!)")


def comments(code: str) -> list[tuple[int, int, str]]:
    """Each comment of a code cell to translate: (line index, column of its '#', its text)."""
    found = []
    try:
        for token in tokenize.generate_tokens(io.StringIO(_masked(code)).readline):
            if token.type == tokenize.COMMENT and not KEPT_COMMENTS.match(token.string):
                found.append((token.start[0] - 1, token.start[1], token.string))
    except (tokenize.TokenError, IndentationError, SyntaxError) as error:
        raise SystemExit(f"cannot read the comments of this code cell ({error}):\n{code}") from error
    return found


def _masked(code: str) -> str:
    """The cell with its IPython lines (``%pip``, ``!ls``) blanked, so that Python's own parsers read it."""
    return "\n".join(" " * len(line) if line.lstrip().startswith(("%", "!")) else line for line in code.split("\n"))


def docstrings(code: str) -> list[tuple[int, int, str]]:
    """Each docstring of a code cell's functions and classes: (start offset of its text, end offset, the text)."""
    import ast

    try:
        tree = ast.parse(_masked(code))
    except SyntaxError:
        return []
    lines = code.split("\n")
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)

    def offset(row: int, byte_col: int) -> int:  # ast counts UTF-8 bytes within a line
        return starts[row - 1] + len(lines[row - 1].encode()[:byte_col].decode(errors="ignore"))

    found = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
                begin, end = offset(first.lineno, first.col_offset), offset(first.end_lineno, first.end_col_offset)
                literal = re.fullmatch(r'(?s)("""|\'\'\'|"|\')(.*)\1', code[begin:end])
                if literal:  # a plain string (no r, b or f prefix)
                    quote = len(literal.group(1))
                    found.append((begin + quote, end - quote, literal.group(2)))
    return sorted(found)


def skeleton(code: str) -> str:
    """The code without its comments and with its docstrings emptied: what the two editions share exactly."""
    for begin, end, _ in reversed(docstrings(code)):
        code = code[:begin] + code[end:]
    lines = code.split("\n")
    for row, col, _ in reversed(comments(code)):
        lines[row] = lines[row][:col].rstrip()
    return "\n".join(lines)


# ---------------------------------------------------------------- the messages of one source
@dataclass
class Unit:
    context: str
    english: str
    where: str  # for messages: file, cell and the first words


def placeholders() -> dict[str, str]:
    """Where the course is published, as the messages write it: `make publish` changes it without a retranslation."""
    repository = yaml.safe_load((ROOT / "_config.yml").read_text())["repository"]
    url = repository["url"].rstrip("/")
    return {"⟨colab⟩": f"github/{url.removeprefix('https://github.com/')}/blob/{repository['branch']}/",
            "⟨repository⟩": url}


def repo_neutral(text: str) -> str:
    for placeholder, value in placeholders().items():
        text = text.replace(value, placeholder)
    return text


def repo_filled(text: str) -> str:
    for placeholder, value in placeholders().items():
        text = text.replace(placeholder, value)
    return text


def glue_records(cell) -> list[tuple[int, str, str]]:
    """The glued strings of a code cell that are words, not numbers: (output index, name, value)."""
    found = []
    for k, output in enumerate(cell.get("outputs", [])):
        record = output.get("data", {}).get("application/papermill.record/text/plain")
        if record is None:
            continue
        name = output.get("metadata", {}).get("scrapbook", {}).get("name", "")
        if re.fullmatch(r"'.*'", record, re.S) and re.search(r"[A-Za-z]{3,}", record):
            found.append((k, name, record))
    return found


ALT = re.compile(r'(<img\b[^>]*?\balt=")([^"]*)(")')


def units_of(source: str) -> list[Unit]:
    path = ROOT / source
    units: list[Unit] = []
    if source.endswith(".md"):
        for block in split_markdown(path.read_text()):
            if block.translate:
                units.append(Unit(source, repo_neutral(block.body), f"{source}: {block.body[:70]!r}"))
        return units
    notebook = json.loads(path.read_text())
    for cell in notebook["cells"]:
        text = "".join(cell["source"])
        context = f"{source} {cell['id']}"
        if cell["cell_type"] == "markdown":
            for block in split_markdown(text):
                if block.translate:
                    units.append(Unit(context, repo_neutral(block.body), f"{source}, cell {cell['id']}: {block.body[:70]!r}"))
        elif cell["cell_type"] == "code":
            for _, _, docstring in docstrings(text):
                units.append(Unit(context + " docstring", docstring, f"{source}, cell {cell['id']}, docstring {docstring[:50]!r}"))
            for _, _, comment in comments(text):
                units.append(Unit(context + " comment", comment, f"{source}, cell {cell['id']}, comment {comment!r}"))
            alt = cell["metadata"].get("mystnb", {}).get("image", {}).get("alt")
            if alt:
                units.append(Unit(context + " alt", alt, f"{source}, cell {cell['id']}, alt text {alt[:60]!r}"))
            for _, name, record in glue_records(cell):
                units.append(Unit(f"{source} glue {name}", record[1:-1], f"{source}, glued {name!r}: {record[:60]}"))
            for output in cell.get("outputs", []):
                html = "".join(output.get("data", {}).get("text/html", ""))
                for match in ALT.finditer(html):
                    units.append(Unit(context + " output alt", match.group(2), f"{source}, cell {cell['id']}, output alt text"))
    return units


# ---------------------------------------------------------------- the .po files
def po_path(source: str) -> Path:
    return I18N / (source.rsplit(".", 1)[0] + ".po")


def load_po(source: str):
    import polib

    path = po_path(source)
    if path.exists():
        return polib.pofile(str(path), wrapwidth=0)
    po = polib.POFile(wrapwidth=0)
    po.metadata = {"Project-Id-Version": "conv-memory-state", "Language": LANG, "MIME-Version": "1.0",
                   "Content-Type": "text/plain; charset=UTF-8", "Content-Transfer-Encoding": "8bit"}
    return po


def extract(only: list[str] | None = None) -> None:
    """Bring every .po file (or those of the sources ``only`` names) up to date: new English gets an empty entry
    (or, when it replaces an English text that had a translation in the same place, that translation marked
    fuzzy); English that is gone leaves its entry."""
    import polib

    for source in only or sources():
        po = load_po(source)
        old = {(e.msgctxt, e.msgid): e for e in po if not e.obsolete}
        entries = []
        seen = set()
        for unit in units_of(source):
            key = (unit.context, unit.english)
            if key in seen:
                continue
            seen.add(key)
            if key in old:
                entries.append(old.pop(key))
                continue
            entry = polib.POEntry(msgctxt=unit.context, msgid=unit.english, msgstr="")
            near = [e for (ctx, _), e in old.items() if ctx == unit.context and e.msgstr]
            best = max(near, key=lambda e: difflib.SequenceMatcher(None, e.msgid, unit.english).ratio(), default=None)
            if best is not None and difflib.SequenceMatcher(None, best.msgid, unit.english).ratio() > 0.5:
                entry.msgstr, entry.flags = best.msgstr, ["fuzzy"]
                entry.previous_msgid = best.msgid
            entries.append(entry)
        po[:] = entries
        po_path(source).parent.mkdir(parents=True, exist_ok=True)
        po.save(str(po_path(source)))
        todo = sum(1 for e in entries if not e.msgstr or "fuzzy" in e.flags)
        print(f"{po_path(source).relative_to(ROOT)}: {len(entries)} messages, {todo} to translate")


# ---------------------------------------------------------------- writing zh/
class Translations:
    def __init__(self, source: str):
        self.source = source
        self.table = {}
        self.problems: list[str] = []
        path = po_path(source)
        if path.exists():
            import polib

            for entry in polib.pofile(str(path)):
                if entry.msgstr and "fuzzy" not in entry.flags and not entry.obsolete:
                    self.table[(entry.msgctxt, entry.msgid)] = entry.msgstr

    def __call__(self, context: str, english: str, where: str) -> str:
        key = (context, repo_neutral(english))
        if key not in self.table:
            self.problems.append(f"{where}: no translation for this English (new or changed; "
                                 "run `python scripts/translate.py extract` and translate it in "
                                 f"{po_path(self.source).relative_to(ROOT)})")
            return english
        chinese = self.table[key]
        for problem in problems_with(key[1], chinese) + term_problems(key[1], chinese):
            self.problems.append(f"{where}: the translation is not usable: {problem}")
        return repo_filled(chinese)


def to_zh_links(text: str) -> str:
    """Colab links to an English notebook lead to its Chinese copy."""
    colab = placeholders()["⟨colab⟩"]
    return text.replace(colab + "chapters/", colab + "zh/chapters/")


def translate_markdown(text: str, tr: Translations, context: str, where: str) -> str:
    lines = []
    for block in split_markdown(text):
        body = tr(context, block.body, f"{where}: {block.body[:70]!r}") if block.translate else block.body
        lines.append(block.prefix + body)
    return to_zh_links("\n".join(lines))


def translate_code(code: str, tr: Translations, context: str, where: str) -> str:
    for begin, end, docstring in reversed(docstrings(code)):
        chinese = tr(context + " docstring", docstring, f"{where}, docstring {docstring[:50]!r}")
        if '"' in chinese[-1:] or '"""' in chinese or "\\" in chinese.replace("\\\\", ""):
            tr.problems.append(f"{where}: the docstring's translation must not end with or hold a quote mark or a backslash")
        code = code[:begin] + chinese + code[end:]
    lines = code.split("\n")
    for row, col, comment in reversed(comments(code)):
        line = lines[row]
        lines[row] = line[:col] + tr(context + " comment", comment, f"{where}, comment {comment!r}") + line[col + len(comment):]
    return "\n".join(lines)


def as_source(text: str) -> list[str]:
    return text.splitlines(keepends=True)


def translate_notebook(source: str, tr: Translations) -> str:
    notebook = json.loads((ROOT / source).read_text())
    out = copy.deepcopy(notebook)
    for cell in out["cells"]:
        text = "".join(cell["source"])
        context, where = f"{source} {cell['id']}", f"{source}, cell {cell['id']}"
        if cell["cell_type"] == "markdown":
            cell["source"] = as_source(translate_markdown(text, tr, context, where))
        elif cell["cell_type"] == "code":
            cell["source"] = as_source(translate_code(text, tr, context, where))
            image = cell["metadata"].get("mystnb", {}).get("image", {})
            if image.get("alt"):
                image["alt"] = tr(context + " alt", image["alt"], f"{where}, alt text")
            for k, name, record in glue_records(cell):
                chinese = tr(f"{source} glue {name}", record[1:-1], f"{source}, glued {name!r}")
                cell["outputs"][k]["data"]["application/papermill.record/text/plain"] = f"'{chinese}'"
            for output in cell.get("outputs", []):
                html = output.get("data", {}).get("text/html")
                if html is not None:
                    joined = "".join(html)
                    new = ALT.sub(lambda m: m.group(1) + tr(context + " output alt", m.group(2), f"{where}, output alt") + m.group(3), joined)
                    if new != joined:
                        output["data"]["text/html"] = as_source(new) if isinstance(html, list) else new
    return json.dumps(out, indent=1, ensure_ascii=False) + "\n"


def translate_page(source: str, tr: Translations) -> str:
    text = translate_markdown((ROOT / source).read_text(), tr, source, source)
    if source == "intro.md":
        title, _, rest = text.partition("\n")
        text = f"{title}\n\n{EDITION_NOTE.read_text().strip()}\n{rest}"
    text = text.replace("](benchmarks/", "](../benchmarks/").replace("{image} benchmarks/", "{image} ../benchmarks/")
    return text


def book_config() -> str:
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    zh = yaml.safe_load((I18N / "book.yml").read_text())
    config["title"] = zh["title"]
    config["author"] = zh["author"]
    config["repository"]["path_to_book"] = "zh"
    config["html"]["favicon"] = "../_static/favicon.png"
    config["exclude_patterns"] = ["_build", "**/.ipynb_checkpoints"]
    config["sphinx"]["local_extensions"] = {name: "../_ext" for name in config["sphinx"]["local_extensions"]}
    sphinx = config["sphinx"]["config"]
    # Jupyter Book adds the CSS files of the book's own _static/; this book's _static is the English one's
    sphinx.update({"language": LANG, "html_search_language": "zh", "html_static_path": ["../_static"],
                   "html_css_files": sorted(p.name for p in (ROOT / "_static").glob("*.css")),
                   "html_search_options": {"dict": "search_words.txt"},  # beside this file; see _ext/language_switch.py
                   "course_language": LANG, "nb_code_prompt_show": "显示代码", "nb_code_prompt_hide": "隐藏代码"})
    header = ("# Generated by scripts/translate.py from ../_config.yml and ../i18n/zh_CN/book.yml: edit those.\n")
    return header + yaml.safe_dump(config, allow_unicode=True, sort_keys=False)


def search_words() -> str:
    """jieba's user dictionary for the Chinese search: the terminology's words, so that 学习率 or 感受野 are
    indexed whole (jieba's own dictionary cuts them into 学习 + 率; a one-character piece is not indexed)."""
    words = sorted({part for term in terms() for part in re.split(r"[^\u4e00-\u9fff]+", term["zh"]) if len(part) > 1})
    return "".join(f"{word} 100000\n" for word in words)


def table_of_contents() -> tuple[str, list[str]]:
    """The English _toc.yml with its part captions translated (i18n/zh_CN/book.yml)."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    captions = yaml.safe_load((I18N / "book.yml").read_text()).get("captions", {})
    problems = []
    for part in toc.get("parts", []):
        if part.get("caption") in captions:
            part["caption"] = captions[part["caption"]]
        elif "caption" in part:
            problems.append(f"_toc.yml: the caption {part['caption']!r} has no translation in i18n/zh_CN/book.yml")
    header = "# Generated by scripts/translate.py from ../_toc.yml and ../i18n/zh_CN/book.yml: edit those.\n"
    return header + yaml.safe_dump(toc, allow_unicode=True, sort_keys=False), problems


def generated() -> tuple[dict[str, str], list[str]]:
    """Every file of zh/ as `build` writes it, and the problems found on the way."""
    files, problems = {}, []
    for source in sources():
        tr = Translations(source)
        files[source] = translate_page(source, tr) if source.endswith(".md") else translate_notebook(source, tr)
        problems += tr.problems
    files["search_words.txt"] = search_words()
    files["_toc.yml"], toc_problems = table_of_contents()
    problems += toc_problems
    files["_config.yml"] = book_config()
    return files, problems


def build() -> int:
    files, problems = generated()
    for name, text in files.items():
        (OUT / name).parent.mkdir(parents=True, exist_ok=True)
        (OUT / name).write_text(text)
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"zh/: {len(files)} files written; {len(problems)} problems", file=sys.stderr)
    return 1 if problems else 0


def check() -> list[str]:
    files, problems = generated()
    for name, text in files.items():
        path = OUT / name
        if not path.exists() or path.read_text() != text:
            problems.append(f"zh/{name} is not what `python scripts/translate.py build` writes from today's English "
                            "and translations: run it and commit the result")
    expected = {str(OUT / name) for name in files}
    for path in OUT.rglob("*"):
        if path.is_file() and "_build" not in path.parts and str(path) not in expected:
            problems.append(f"zh/{path.relative_to(OUT)} is not generated by scripts/translate.py: remove it")
    return problems


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "extract":
        extract(sys.argv[2:])
    elif command == "build":
        sys.exit(build())
    elif command == "lint":
        found = [f"{path}: {problem}" for path in sys.argv[2:] for problem in lint(path)]
        print("\n".join(found) or "no problems")
        sys.exit(1 if found else 0)
    elif command == "check":
        found = check()
        print("\n".join(found) or "zh/ is up to date with the English and its translations")
        sys.exit(1 if found else 0)
    else:
        sys.exit(__doc__)
