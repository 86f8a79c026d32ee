"""The `qa` command: thin front end over the library. Every command takes `--help`."""

from __future__ import annotations

import json
import shlex
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import click
import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text
from typer.core import TyperGroup

from qa.answer import backend_names
from qa.config import ConfigError, Settings, load_settings
from qa.errors import QAError, one_line
from qa.records import Answer, Corpus, Passage

if TYPE_CHECKING:
    from qa import evaluate as ev

# Modules a command needs are imported inside it: `qa --help` imports none of the models,
# FAISS, gradio or langchain (tests/test_startup.py).


def _readable() -> str:
    """The file types the reader takes, for messages that tell the user what to add."""
    from qa.ingest.read import SUPPORTED_SUFFIXES

    return " ".join(sorted(SUPPORTED_SUFFIXES))


class _OneLineErrors(TyperGroup):
    """The one place a failure becomes a message: any QAError or OSError a command lets
    through is printed as one line on stderr, with no traceback, and ends the command."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except QAError as exc:
            raise _fail(one_line(exc), exc.exit_code) from None
        except OSError as exc:
            raise _fail(one_line(exc)) from None


app = typer.Typer(
    cls=_OneLineErrors,
    help="Ask questions of Chinese news articles on urban grassroots Party building; "
    "every answer cites its article and paragraph.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
console = Console()
err = Console(stderr=True)

DocsOpt = Annotated[
    Path | None,
    typer.Option("--docs", help="Folder of documents (default: documents/ at the project root)"),
]
IndexOpt = Annotated[
    Path | None,
    typer.Option("--index", help="Folder of the index (default: index/ at the project root)"),
]
FallbackOpt = Annotated[
    str | None,
    typer.Option(
        "--fallback",
        help="Backend that reads the passages when the asked one abstains; 'none' for no "
        "fallback (default: setting fallback, extractive).",
    ),
]
StoreOpt = Annotated[
    str | None,
    typer.Option("--store", help="Vector store: faiss or milvus (default: setting store)."),
]
SourceOpt = Annotated[
    str | None, typer.Option("--source", help="Only this file (a name or its start).")
]
ArticleOpt = Annotated[
    int | None, typer.Option("--article", min=1, help="Only this article number.")
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


@app.callback()
def _root() -> None:
    """Ask questions of the articles in documents/; see each command's --help."""


def settings_or_exit(**flags: object) -> Settings:
    try:
        return load_settings(**flags)
    except ConfigError as exc:
        raise _fail(str(exc), 2) from exc


def report_problems(corpus: Corpus) -> None:
    for problem in corpus.problems:
        err.print(
            f"[yellow]skipped[/yellow] {escape(problem.source)}: {escape(problem.message)}",
            soft_wrap=True,
        )


@app.command()
def sources(docs: DocsOpt = None, as_json: JsonOpt = False) -> None:
    """Show the parsed corpus: every article of every file, with its paragraph count."""
    from qa.ingest import load_corpus
    from qa.schema import corpus_json

    settings = settings_or_exit(docs=docs)
    if not settings.docs.is_dir():
        raise _fail(f"documents folder {settings.docs} does not exist")
    corpus = load_corpus(settings.docs, settings.max_file_mb)
    report_problems(corpus)
    if as_json:
        json.dump(corpus_json(corpus), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return
    if not corpus.articles:
        where = escape(str(settings.docs))
        err.print(f"no articles found in {where}: add documents ({_readable()})", soft_wrap=True)
        return
    table = Table(title=f"{settings.docs}", show_lines=False)
    table.add_column("source", no_wrap=True)
    table.add_column("article", justify="right")
    table.add_column("title", overflow="fold")
    table.add_column("paragraphs", justify="right")
    for a in corpus.articles:
        table.add_row(a.source, str(a.number), a.title, str(len(a.paragraphs)))
    console.print(table)
    n_paras = sum(len(a.paragraphs) for a in corpus.articles)
    files = len({a.source for a in corpus.articles})
    console.print(f"{files} files, {len(corpus.articles)} articles, {n_paras} paragraphs")


# ------------------------------------------------------------------------------- qa eval


def _tell(message: str) -> None:
    """A note on stderr, never wrapped: one line per problem, whatever the terminal width."""
    err.print(message, soft_wrap=True)


def _eval_ask(settings: Settings) -> ev.Ask:
    """The pipeline's `ask`, with the backend loaded and the index opened (built when missing
    or stale) before the progress bar starts, so the two never fight over the terminal."""
    from qa.pipeline import Pipeline

    pipeline = Pipeline(settings, progress=True, notify=_note)
    pipeline.backend()
    pipeline.retriever  # noqa: B018 -- open or build the index now, not inside the first ask
    return lambda question: pipeline.ask(question)


class _RateColumn(ProgressColumn):
    """Questions per second (rich's own speed column counts bytes)."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:.2f} q/s" if speed else "-.-- q/s", style="progress.data.speed")


def _skipped(path: Path, problems: Sequence[ev.LineProblem], what: str = "skipped") -> None:
    for p in problems:
        _tell(
            f"[yellow]{what}[/yellow] {escape(str(path))} line {p.line}: {escape(p.message)}",
        )


def _eval_table(title: str, header: Sequence[str], rows: Sequence[Sequence[str]]) -> Table:
    table = Table(title=escape(title), title_justify="left")
    for i, name in enumerate(header):
        table.add_column(name, justify="left" if i == 0 or name == "over" else "right")
    for row in rows:
        table.add_row(*(Text(cell) for cell in row))
    return table


def _eval_answer(
    questions: Sequence[ev.Question], done: list[ev.Result], settings: Settings, out: Path
) -> list[ev.Result]:
    """Answer the questions not yet in OUT, one flushed line each, under a progress bar.
    OUT is only touched once the pipeline is ready: a stale index or a Ctrl-C while it
    loads leaves an earlier run's answers as they were."""
    from qa import evaluate as ev

    todo = ev.pending(questions, done)
    try:
        ask = _eval_ask(settings) if todo else None
    except (RuntimeError, OSError, ValueError) as exc:
        why = one_line(exc) if isinstance(exc, OSError) else str(exc)
        _tell(f"[red]error:[/red] cannot answer questions: {escape(why)}")
        raise typer.Exit(1) from None
    except KeyboardInterrupt:
        _tell(f"interrupted before the first question; {escape(str(out))} is as it was")
        raise typer.Exit(130) from None
    ev.start_answer_file(out, done)
    if ask is None:
        return done
    columns = (
        TextColumn("answering"),
        BarColumn(),
        MofNCompleteColumn(),
        _RateColumn(),
        TimeElapsedColumn(),
        TextColumn("left"),
        TimeRemainingColumn(),
    )
    new: list[ev.Result] = []
    with Progress(*columns, console=err) as progress:
        task = progress.add_task("answering", total=len(todo))
        for result in ev.answer_all(todo, ask, out):
            new.append(result)
            progress.advance(task)
    return ev.in_question_order(questions, done + new)


@app.command("eval")
def eval_questions(
    file: Annotated[Path, typer.Argument(help="Question file: JSON Lines, one question a line.")],
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", help="Answer file, a line per question (default: FILE-answers.jsonl)"
        ),
    ] = None,
    report: Annotated[
        Path | None,
        typer.Option("--report", help="Write a Markdown report here, and its PNG plot beside it."),
    ] = None,
    backend: Annotated[
        str | None, typer.Option("--backend", help="Answer backend (default: setting backend).")
    ] = None,
    k: Annotated[int | None, typer.Option("-k", min=1, help="Passages per question.")] = None,
    compare: Annotated[
        Path | None,
        typer.Option("--compare", help="Another run's answer file, to put beside this one."),
    ] = None,
    resume: Annotated[
        bool, typer.Option("--resume", help="Keep the answers already in OUT; ask the rest.")
    ] = False,
    alternatives: Annotated[
        Path | None,
        typer.Option(
            "--alternatives",
            help='Acceptable answers by id ({"id", "answers": [...], "all_of": [[...], ...]}): '
            "an answer holding any one of them (one of every all_of group) is right.",
        ),
    ] = None,
    fallback: FallbackOpt = None,
    docs: DocsOpt = None,
    index: IndexOpt = None,
    store: StoreOpt = None,
) -> None:
    """Answer every question of FILE, score the answers where it has gold data, and report.

    A broken line is skipped with its line number; Ctrl-C keeps every answer so far in OUT,
    and --resume goes on from there.
    """
    from qa import evaluate as ev
    from qa import report as eval_report

    out = out or file.with_name(f"{file.stem}-answers.jsonl")
    try:
        parsed = ev.read_questions(file)
        _skipped(file, parsed.problems)
        if not parsed.questions:
            raise ev.QuestionFileError(f"no usable question in {file}")
        if alternatives is not None:
            accepted, bad = ev.read_alternatives(alternatives)
            _skipped(alternatives, bad)
            parsed = replace(parsed, questions=ev.with_alternatives(parsed.questions, accepted))
        other, broken = ev.read_results(parsed.questions, compare) if compare else ([], ())
        _skipped(compare or file, broken)
    except ev.QuestionFileError as exc:
        _tell(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(1) from None
    questions = parsed.questions
    settings = settings_or_exit(
        docs=docs, index=index, store=store, backend=backend, top_k=k, fallback=fallback
    )
    if settings.backend not in backend_names():
        known = ", ".join(backend_names())
        _tell(f"[red]error:[/red] unknown answer backend '{settings.backend}'; known: {known}")
        raise typer.Exit(2)
    done: list[ev.Result] = []
    if resume and out.exists():
        done, broken = ev.read_results(questions, out)
        _skipped(out, broken, "will ask again:")
        _tell(f"resuming: {len(done)} of {len(questions)} questions already answered")
    try:
        results = _eval_answer(questions, done, settings, out)
    except KeyboardInterrupt:
        answered = len(ev.read_results(questions, out)[0])
        flags = [("--report", report), ("--backend", backend), ("-k", k), ("--compare", compare)]
        flags += [("--alternatives", alternatives)]
        flags += [("--docs", docs), ("--index", index), ("--store", store)]
        words = ["qa", "eval", str(file), "--out", str(out)]
        words += [str(w) for flag, value in flags if value is not None for w in (flag, value)]
        _tell(
            f"interrupted: {answered} of {len(questions)} questions answered, kept in "
            f"{escape(str(out))}. To go on from there:\n  {escape(shlex.join(words))} --resume"
        )
        raise typer.Exit(130) from None
    summary = ev.summarise([r.score for r in results])
    header = ["metric", "value", "over"]
    rows = eval_report.summary_rows(summary)
    console.print(_eval_table(f"{file}: {len(results)} questions", header, rows))
    if summary.errors.part:
        _tell(
            f"[yellow]{summary.errors.part:g} questions got an error[/yellow] "
            f'(field "error" of their lines in {escape(str(out))})'
        )
    comparison = None
    if compare is not None:
        comparison = eval_report.compare(results, other, compare.name)
        title = f"compared with {compare} ({comparison.this.questions} questions in both)"
        header = ["metric", compare.name, "this run", "delta"]
        console.print(_eval_table(title, header, eval_report.comparison_rows(comparison)))
        for label, changes in (
            ("right → wrong", comparison.broken),
            ("wrong → right", comparison.fixed),
        ):
            ids = ", ".join(f"{c.id} ({c.other} → {c.this})" for c in changes) or "none"
            console.print(f"{label}: {escape(ids)}")
    console.print(f"answers: {escape(str(out))}")
    if report is not None:
        run = f"backend `{settings.backend}`, k = {settings.top_k}, embedder `{settings.embedder}`"
        info = eval_report.RunInfo(str(file), str(out), run, parsed.problems)
        png = eval_report.write_report(report, results, info, comparison)
        console.print(f"report: {escape(str(report))} (plot: {escape(str(png))})")


# ------------------------------------------------------------------------ qa index, qa search


def _json_per_line(
    handle: Callable[[str], dict[str, Any]], refused: Callable[[str], dict[str, Any]]
) -> None:
    """`qa search -` and `qa ask -`: one JSON object per non-empty line of standard input,
    printed as soon as it is ready; a line that cannot be searched gets `refused(text)`
    with an `error` field, and the rest go on."""
    from qa.retrieve import QueryError

    for line in sys.stdin:
        text = line.strip()
        if not text:
            continue
        try:
            out = handle(text)
        except QueryError as exc:
            out = {**refused(text), "error": str(exc)}
        sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
        sys.stdout.flush()


def _note(message: str) -> None:
    """One line on stderr per note (skipped file, rebuild, waiting for a lock)."""
    err.print(escape(message), soft_wrap=True)


def _fail(message: str, code: int = 1) -> typer.Exit:
    err.print(f"[red]error:[/red] {escape(message)}", soft_wrap=True)
    return typer.Exit(code)


@app.command("index")
def index_command(
    docs: DocsOpt = None,
    index: IndexOpt = None,
    store: StoreOpt = None,
    rebuild: Annotated[
        bool, typer.Option("--rebuild", help="Start again: re-embed every document.")
    ] = False,
) -> None:
    """Build or update the index: only added or changed documents are embedded."""
    from qa.pipeline import Pipeline

    settings = settings_or_exit(docs=docs, index=index, store=store)
    report = Pipeline(settings, progress=True, notify=_note).index(rebuild=rebuild)
    console.print(f"{escape(str(settings.index))}: {report.summary()}", soft_wrap=True)
    if report.chunks == 0:
        _note(f"the index is empty: add documents ({_readable()}) to {settings.docs}")


def _passages_table(query: str, passages: Sequence[Passage]) -> Table:
    table = Table(title=escape(query), title_justify="left", show_lines=True)
    for name in ("#", "score", "source", "art.", "par.", "text"):
        left = name in {"source", "text"}
        table.add_column(name, justify="left" if left else "right", overflow="fold")
    for n, p in enumerate(passages, start=1):
        text = p.text if len(p.text) <= 300 else p.text[:300] + "…"
        row = (str(n), f"{p.score:.4f}", p.source, str(p.article), str(p.paragraph), text)
        table.add_row(*(Text(cell) for cell in row))
    return table


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="What to look for; '-' reads one query a line.")],
    k: Annotated[int | None, typer.Option("-k", min=1, help="Passages to show.")] = None,
    as_json: JsonOpt = False,
    source: SourceOpt = None,
    article: ArticleOpt = None,
    docs: DocsOpt = None,
    index: IndexOpt = None,
    store: StoreOpt = None,
) -> None:
    """Find the paragraphs that best match QUERY (hybrid: embeddings + BM25), best first.

    The index is built or updated first when it is missing or stale.

    With '-': one query a line from standard input, one JSON line out each (models load once).
    """
    from qa.pipeline import Pipeline
    from qa.retrieve import MAX_QUERY_CHARS, prepare_query
    from qa.schema import search_json

    settings = settings_or_exit(docs=docs, index=index, store=store, top_k=k)
    if query != "-":
        prepare_query(query)  # refuse a bad query before loading any model
    pipeline = Pipeline(settings, progress=True, notify=_note)
    if not pipeline.retriever.store.catalog.count("paragraphs"):
        _note(f"the index is empty: add documents ({_readable()}) to {settings.docs}")
    if query == "-":
        _json_per_line(
            lambda text: search_json(text, pipeline.search(text, source=source, article=article)),
            lambda text: search_json(text, []),
        )
        return
    passages = pipeline.search(query, source=source, article=article)
    if len(query) > MAX_QUERY_CHARS:
        _note(f"the query was cut to its first {MAX_QUERY_CHARS} characters")
    if as_json:
        json.dump(search_json(query, passages), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    elif passages:
        console.print(_passages_table(query, passages))
    else:
        console.print("no passage found")


def _print_answer(answer: Answer) -> None:
    """The answer, then its sources: where each marker points and what it quotes."""
    if answer.error:
        err.print(f"[red]error:[/red] {escape(answer.error)}", soft_wrap=True)
    console.print(Text(answer.text), soft_wrap=True)
    if answer.abstained:
        if answer.passages:
            console.print("\n[dim]related, but not an answer:[/dim]")
        for p in answer.passages[:3]:
            console.print(
                Text(f"  · {p.title} ({p.source}, article {p.article}, paragraph {p.paragraph})"),
                soft_wrap=True,
            )
        return
    if answer.fallback:
        err.print(f"[dim]the chosen backend found nothing; answered by {answer.fallback}[/dim]")
    console.print("\n[bold]sources[/bold]")
    for c in answer.citations:
        place = f"{c.source}, article {c.article}, paragraph {c.paragraph}"
        place += f", p. {c.page}" if c.page is not None else ""  # PDF paragraphs: their page
        where = f"[{c.n}] {c.title} ({place})"
        console.print(Text(where), soft_wrap=True)
        console.print(Text(f"    “{c.quote}”", style="dim"), soft_wrap=True)


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="The question; '-' reads one question a line.")],
    as_json: JsonOpt = False,
    backend: Annotated[
        str | None,
        typer.Option("--backend", help=f"Answer backend: {', '.join(backend_names())}."),
    ] = None,
    k: Annotated[int | None, typer.Option("-k", min=1, help="Passages to retrieve.")] = None,
    source: SourceOpt = None,
    article: ArticleOpt = None,
    fallback: FallbackOpt = None,
    docs: DocsOpt = None,
    index: IndexOpt = None,
    store: StoreOpt = None,
) -> None:
    """Answer QUESTION from the documents, citing article and paragraph for every claim.

    With '-', questions are read from standard input and each gets one JSON line (the
    index and models load once).
    """
    from qa.pipeline import Pipeline
    from qa.schema import answer_json

    settings = settings_or_exit(
        docs=docs, index=index, store=store, top_k=k, backend=backend, fallback=fallback
    )
    if question != "-" and not question.strip():
        raise _fail("the question is empty", 2)
    pipeline = Pipeline(settings, progress=True, notify=_note)

    def one(text: str) -> Answer:
        return pipeline.ask(text, source=source, article=article)

    pipeline.backend()
    if question == "-":
        _json_per_line(lambda text: answer_json(one(text)), lambda text: {"question": text})
        return
    answer = one(question)
    if as_json:
        json.dump(answer_json(answer), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        if answer.error:
            err.print(f"[red]error:[/red] {escape(answer.error)}", soft_wrap=True)
    else:
        _print_answer(answer)
    if answer.error:
        raise typer.Exit(1)


@app.command()
def serve(
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on; 0.0.0.0 opens it to the network.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 7860,
    docs: DocsOpt = None,
    index: IndexOpt = None,
    store: StoreOpt = None,
) -> None:
    """Start the chat UI (and its `ask` API endpoint) in the browser at http://HOST:PORT."""
    from qa.pipeline import Pipeline
    from qa.ui import auth_from_env
    from qa.ui import serve as serve_ui

    settings = settings_or_exit(docs=docs, index=index, store=store)
    try:
        auth_from_env()
    except ValueError as exc:
        raise _fail(str(exc), 2) from None
    pipeline = Pipeline(settings, progress=True, notify=_note)
    pipeline.retriever  # noqa: B018 -- build or open the index before the server starts
    console.print(f"chat UI on http://{host}:{port} (Ctrl-C stops it)")
    serve_ui(pipeline, host=host, port=port)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
