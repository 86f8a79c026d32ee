"""The `qa` command: thin front end over the library. Every command takes `--help`."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from qa.config import ConfigError, Settings, load_settings
from qa.ingest import load_corpus
from qa.records import Corpus

app = typer.Typer(
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
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


@app.callback()
def _root() -> None:
    """Ask questions of the articles in documents/; see each command's --help."""


def settings_or_exit(**flags: object) -> Settings:
    try:
        return load_settings(**flags)
    except ConfigError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc


def report_problems(corpus: Corpus) -> None:
    for problem in corpus.problems:
        err.print(f"[yellow]skipped[/yellow] {problem.source}: {problem.message}")


def corpus_json(corpus: Corpus) -> list[dict[str, object]]:
    return [
        {
            "source": a.source,
            "article": a.number,
            "title": a.title,
            "paragraphs": [{"paragraph": p.paragraph, "text": p.text} for p in a.paragraphs],
        }
        for a in corpus.articles
    ]


@app.command()
def sources(docs: DocsOpt = None, as_json: JsonOpt = False) -> None:
    """Show the parsed corpus: every article of every file, with its paragraph count."""
    settings = settings_or_exit(docs=docs)
    if not settings.docs.is_dir():
        err.print(f"[red]error:[/red] documents folder {settings.docs} does not exist")
        raise typer.Exit(1)
    corpus = load_corpus(settings.docs, settings.max_file_mb)
    report_problems(corpus)
    if as_json:
        json.dump(corpus_json(corpus), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return
    if not corpus.articles:
        err.print(f"no articles found in {settings.docs}: add .txt or .md files there")
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


def main() -> None:
    app()


if __name__ == "__main__":
    main()
