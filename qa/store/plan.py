"""What an update must do: compare the documents folder with the catalog's files, and read
only the new or changed ones (a file whose size and mtime are unchanged is not even hashed)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from qa.ingest import READER_VERSION, file_digest
from qa.ingest.read import document_files
from qa.records import Paragraph, Problem
from qa.store.bulk import read_documents
from qa.store.catalog import FileEntry


@dataclass
class Plan:
    """The files by fate, their entries after the update, and what was read."""

    entries: dict[str, FileEntry] = field(default_factory=dict)
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)  # of the added and changed
    problems: list[Problem] = field(default_factory=list)


def plan_update(docs: Path, before: dict[str, FileEntry], max_file_mb: float) -> Plan:
    """The plan for bringing `before` (the catalog's files) up to date with `docs`."""
    plan = Plan()
    files = document_files(docs, plan.problems)
    to_read: dict[str, tuple[str, int, int]] = {}  # source -> digest, size, mtime
    for source, found in files.items():
        size, mtime = found.size, found.mtime_ns
        entry = before.get(source)
        if entry and entry.reader != READER_VERSION:
            entry = entry._replace(sha256="")  # read by an older reader: read it again
        if entry and (entry.size, entry.mtime_ns) == (size, mtime) and entry.sha256:
            plan.entries[source] = entry
            plan.unchanged.append(source)
            continue
        digest = digest_of(Path(found.path))
        if entry and digest == entry.sha256:  # touched, not changed
            plan.entries[source] = entry._replace(size=size, mtime_ns=mtime)
            plan.unchanged.append(source)
            continue
        (plan.changed if entry else plan.added).append(source)
        to_read[source] = (digest, size, mtime)
    paths = [Path(files[s].path) for s in to_read]
    documents = read_documents(paths, docs, int(max_file_mb * 2**20))
    for (source, (digest, size, mtime)), document in zip(to_read.items(), documents, strict=True):
        plan.paragraphs.extend(p for a in document.articles for p in a.paragraphs)
        plan.problems.extend(document.problems)
        problem = "; ".join(p.message for p in document.problems)
        plan.entries[source] = FileEntry(digest, size, mtime, 0, problem, READER_VERSION)
    for source in plan.unchanged:  # an unreadable file is named on every run
        if plan.entries[source].problem:
            plan.problems.append(Problem(source, plan.entries[source].problem))
    plan.removed = [s for s in before if s not in files]
    return plan


def is_fresh(docs: Path, indexed: dict[str, FileEntry]) -> bool:
    """True when the files under `docs` are the ones indexed (hashing only touched files)."""
    files = document_files(docs)
    if set(files) != set(indexed):
        return False
    for source, found in files.items():
        entry = indexed[source]
        if entry.reader != READER_VERSION:
            return False
        same = (found.size, found.mtime_ns) == (entry.size, entry.mtime_ns)
        if not same and digest_of(Path(found.path)) != entry.sha256:
            return False
    return True


def digest_of(path: Path) -> str:
    try:
        return file_digest(path)
    except OSError:
        return ""
