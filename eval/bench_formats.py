"""The same articles in the formats users bring: do the answers hold?

    python eval/bench_formats.py [--set cmrc] [--questions 100] [--cache DIR]
                                 [--out eval/formats.md]

`../shared/eval/wild` has eight real articles, each in one format. This renders many more
articles in all of them: every article the first N questions of a bench set draw their
evidence from is printed by the wild set's own tool (../shared/eval/wild/tools/
build_documents.py, read from there) as a news-site HTML page, a single-page-app HTML page,
a two-column and a one-column PDF (headless Chromium), a Word file, a web copy saved as text
(CRLF, site chrome, full-width indents), a traditional-script text with Taiwan
punctuation, and a text saved as mojibake (its UTF-8 read as Latin-1). Each format's folder
is indexed and the questions answered through the whole pipeline (offline default, k = 5),
beside the plain text of the same articles: a format that loses words, splits paragraphs
wrongly or lets page chrome in shows as lost hits and answers. The folders and indexes are
cached under --cache/formats.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import re
import shutil
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from types import ModuleType
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from qa import evaluate as ev  # noqa: E402
from qa.config import load_settings  # noqa: E402
from qa.ingest import load_corpus  # noqa: E402
from qa.pipeline import Pipeline  # noqa: E402

SHARED = ROOT.parent / "shared"
TOOL = SHARED / "eval" / "wild" / "tools" / "build_documents.py"
SETS = {  # name: (question file, alternatives, documents)
    "cmrc": ("bench/cmrc/questions.jsonl", "bench/cmrc/alternatives.jsonl", "bench/cmrc/documents"),
    "drcd": ("bench/drcd/questions.jsonl", "bench/drcd/alternatives.jsonl", "bench/drcd/documents"),
}
K = 5
DATE = "2025-10-23 10:25"  # the page date the templates print; any date would do
OUTLET = "新华网"


def load_tool() -> ModuleType:
    """The wild set's renderer, imported from ../shared (never copied here)."""
    spec = importlib.util.spec_from_file_location("build_documents", TOOL)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot read {TOOL}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def as_article(path: Path) -> dict[str, Any]:
    """A plain-text bench document (title line, blank line, paragraphs) as the tool's input."""
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    title, *rest = [line for line in lines if line]
    return {
        "base": path.stem,
        "title": title,
        "date": DATE,
        "outlet": OUTLET,
        "blocks": [{"type": "p", "text": text} for text in rest],
    }


def docx(tool: ModuleType, article: dict[str, Any]) -> None:
    """A Word file as the wild set's plain one is made: title, subtitle, date, paragraphs."""
    from docx.shared import Pt

    doc = tool.docx_common(article, article["title"], "工作动态", f"发布时间：{DATE[:10]}")
    for block in article["blocks"]:
        paragraph = doc.add_paragraph(block["text"])
        paragraph.paragraph_format.first_line_indent = Pt(24)
    doc.save(tool.DOCS / f"{article['base']}.docx")


def mojibake(tool: ModuleType, article: dict[str, Any]) -> None:
    """A scraped page's text as a wrongly set tool saves it: the UTF-8 bytes read as Latin-1
    and written out again as UTF-8 ("å…°å·ž" for 兰州)."""
    text = "\n\n".join([article["title"], *(b["text"] for b in article["blocks"])])
    garbled = text.encode("utf-8").decode("latin-1")
    (tool.DOCS / f"{article['base']}.txt").write_text(garbled, encoding="utf-8")


def forms(tool: ModuleType) -> dict[str, Callable[[dict[str, Any]], None]]:
    return {
        "html, news site": tool.html_news_page,
        "html, single-page app": tool.html_single_page,
        "pdf, two columns": tool.pdf_two_column,
        "pdf, one column": tool.pdf_single_column,
        "docx": lambda a: docx(tool, a),
        "text, web copy (CRLF, chrome)": tool.messy_txt,
        "text, traditional (Taiwan)": tool.trad_txt,
        "text, mojibake (UTF-8 read as Latin-1)": lambda a: mojibake(tool, a),
    }


def render(
    tool: ModuleType,
    form: str,
    make: Callable[[dict[str, Any]], None],
    files: list[Path],
    out: Path,
) -> None:
    """Every file in one format into `out` (kept when already complete)."""
    if out.exists() and len(list(out.iterdir())) == len(files):
        return
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    tool.DOCS = out
    for n, path in enumerate(files, start=1):
        make(as_article(path))
        if n % 20 == 0:
            print(f"  {form}: {n}/{len(files)} rendered", file=sys.stderr, flush=True)


def by_stem(q: ev.Question) -> ev.Question:
    """The question with its evidence named by file stem, so "x.txt" matches "x.pdf"."""
    evidence = tuple(replace(e, source=Path(e.source).stem) for e in q.evidence)
    return replace(q, evidence=evidence)


def measure(docs: Path, index: Path, questions: list[ev.Question]) -> tuple[ev.RunSummary, int]:
    """The questions answered over one folder, and how many files the reader refused."""
    problems = len(load_corpus(docs).problems)
    pipeline = Pipeline(load_settings(docs=docs, index=index))
    pipeline.index()
    scores = [ev.score(q, pipeline.ask(q.question, k=K)) for q in questions]
    pipeline.close()
    return ev.summarise(scores), problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--set", default="cmrc", choices=sorted(SETS))
    parser.add_argument("--questions", type=int, default=100, help="the first N questions")
    default_cache = os.environ.get("QA_CACHE", str(Path.home() / ".cache/qa/bench"))
    parser.add_argument("--cache", type=Path, default=Path(default_cache))
    parser.add_argument("--out", type=Path, default=HERE / "formats.md")
    args = parser.parse_args()
    qfile, alts, folder = SETS[args.set]
    questions = ev.read_graded_questions(SHARED / qfile, SHARED / alts)[: args.questions]
    questions = [by_stem(q) for q in questions]
    stems = {e.source for q in questions for e in q.evidence}
    files = sorted(p for p in (SHARED / folder).iterdir() if p.stem in stems)
    tool = load_tool()
    work = args.cache / "formats" / f"{args.set}-{args.questions}"
    started = time.time()
    rows = []
    plain = work / "txt" / "documents"
    if not plain.exists() or len(list(plain.iterdir())) != len(files):
        shutil.rmtree(plain, ignore_errors=True)
        plain.mkdir(parents=True)
        for path in files:
            shutil.copy(path, plain / path.name)
    todo = {
        "plain text (as the bench ships it)": (None, plain),
        **{
            form: (make, work / re.sub(r"[^a-z0-9]+", "-", form.lower()).strip("-") / "documents")
            for form, make in forms(tool).items()
        },
    }
    for form, (make, docs) in todo.items():
        if make is not None:
            render(tool, form, make, files, docs)
        s, problems = measure(docs, docs.parent / "index", questions)
        rows.append((form, s, problems))
        print(
            f"{form:40} hit@5 {s.hit_at_5.value:.3f}  accuracy {s.accuracy.part:g}/"
            f"{s.accuracy.total}  false abstentions {s.abstain_answerable.part:g}  "
            f"files refused {problems}",
            file=sys.stderr,
            flush=True,
        )
    lines = [
        "# The same articles in the formats users bring",
        "",
        f"`make bench-formats` ({time.strftime('%Y-%m-%d')}, "
        f"{(time.time() - started) / 60:.0f} min): the {len(files)} articles that the first "
        f"{len(questions)} questions of `bench/{args.set}` draw their evidence from, printed by "
        "the wild set's own tool in each format, indexed alone and asked those questions "
        f"(offline default, k = {K}). eval/bench_formats.py says how.",
        "",
        "| format | files refused | hit@5 | accuracy | false abstentions | median answer |",
        "|---|---|---|---|---|---|",
    ]
    for form, s, problems in rows:
        median = f"{s.answer_chars_p50:g} chars" if s.answer_chars_p50 is not None else "—"
        lines.append(
            f"| {form} | {problems} | {s.hit_at_5.value:.3f} | {s.accuracy.value:.3f} "
            f"({s.accuracy.part:g}/{s.accuracy.total}) | {s.abstain_answerable.part:g} | {median} |"
        )
    args.out.write_text("\n".join([*lines, ""]), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
