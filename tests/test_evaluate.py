"""Batch evaluation, as a user meets it: write a question file, answer it, read the answer
lines and the report.

The answers come from the real extractive backend over a small corpus, with a plain
character-pair ranking standing in for the index, so scores are earned, not canned.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from qa.answer import get_backend
from qa.answer.cite import support, verify
from qa.config import load_settings
from qa.evaluate import (
    Ask,
    Evidence,
    Question,
    QuestionFileError,
    Result,
    answer_all,
    by_language,
    by_source,
    is_evidence,
    pending,
    percentile,
    read_questions,
    read_results,
    score,
    start_answer_file,
    summarise,
)
from qa.ingest import load_corpus
from qa.records import Answer, Citation, Passage
from qa.report import RunInfo, compare, plot_path, render, summary_rows, write_report

REVIEW_2021 = """城市基层党建工作综述

新华社记者

经过近几年的努力,目前,全国已有76%的街道取消招商引资等工作任务,84.4%的街道被赋予相应职权。北京开展党建引领“街乡吹哨、部门报到”体制改革。

天津推行“战区制、主官上、权下放”体制改革,明确街道为主战区。

(新华社北京6月17日电)
"""
REVIEW_2022 = """吉林城市基層黨建

本報記者

吉林制定街道(鄉鎮)職責清單,梳理細化責任事項282項。

梅河口市精心打造100個網格黨群服務站。
"""

QUESTIONS: list[dict[str, Any]] = [
    {
        "id": "tianjin",
        "question": "天津推行了什么体制改革?",
        "answer_keys": ["战区制", "权下放"],
        "evidence": [["2021", "天津推行“战区制、主官上、权下放”体制改革"]],
    },
    {
        "id": "jilin",
        "question": "吉林制定职责清单,梳理细化了多少项责任事项?",
        "answer_keys": ["282"],
        "evidence": [["2022", "梳理细化责任事项282项"]],
    },
    {"id": "hangzhou", "question": "杭州市共建成了多少个社区党群服务中心?", "unanswerable": True},
    {
        "id": "meihekou",
        "question": "How many grid Party-masses service stations did Meihekou build?",
        "answer_keys": ["100"],
        "evidence": [["2022", "梅河口市精心打造100个网格党群服务站"]],
    },
]


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    folder = tmp_path / "documents"
    folder.mkdir()
    (folder / "2021.txt").write_text(REVIEW_2021, encoding="utf-8")
    (folder / "2022.txt").write_text(REVIEW_2022, encoding="utf-8")
    return folder


def extractive_ask(docs: Path, k: int = 2, worst_first: bool = False) -> Ask:
    """A small real question answerer: rank paragraphs by shared character pairs, keep k,
    answer with the extractive backend and check its citations. `worst_first` makes it
    the bad retriever a comparison should catch."""
    backend = get_backend("extractive", load_settings(docs=docs))
    paragraphs = [
        Passage(p.source, p.article, p.title, p.section, p.paragraph, p.text, 0.0)
        for p in load_corpus(docs).paragraphs()
    ]

    def ask(question: str) -> Answer:
        order = 1 if worst_first else -1
        ranked = sorted(paragraphs, key=lambda p: order * support(question, p.title + p.text))[:k]
        text = "".join(backend.generate(question, (), ranked))
        answer = verify(question, text, ranked)
        return replace(answer, timings={"retrieve": 0.01, "answer": 0.02, "total": 0.03})

    return ask


def write_questions(path: Path, rows: list[dict[str, Any]], extra: str = "") -> Path:
    path.write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n" + extra,
        encoding="utf-8",
    )
    return path


def run(questions: Path, ask: Ask, out: Path, resume: bool = False) -> list[Result]:
    """What `qa eval` does, minus the terminal."""
    qs = read_questions(questions).questions
    done = read_results(qs, out)[0] if resume and out.exists() else []
    start_answer_file(out, done)
    return done + list(answer_all(pending(qs, done), ask, out))


def lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture
def question_file(tmp_path: Path) -> Path:
    return write_questions(tmp_path / "questions.jsonl", QUESTIONS)


def test_each_line_is_the_ask_object_with_its_id_and_scores(
    docs: Path, question_file: Path, tmp_path: Path
) -> None:
    out = tmp_path / "answers.jsonl"
    run(question_file, extractive_ask(docs), out)
    rows = {row["id"]: row for row in lines(out)}
    assert list(rows) == ["tianjin", "jilin", "hangzhou", "meihekou"]
    tianjin = rows["tianjin"]
    assert {"question", "answer", "abstained", "citations", "passages", "timings"} <= set(tianjin)
    assert "战区制" in tianjin["answer"]
    assert tianjin["citations"][0]["source"] == "2021.txt"
    assert tianjin["scores"] | {"rr": None} == {
        "kind": "answerable",
        "language": "zh",
        "correct": True,
        "reason": "",
        "rank": 1,
        "hit@1": True,
        "hit@5": True,
        "rr": None,
        "missing_keys": [],
        "citations": 1,
        "evidence_citations": 1,
        "grounded_quotes": 1,
        "abstained": False,
    }


def test_a_traditional_script_paragraph_is_evidence_for_a_simplified_text(
    docs: Path, question_file: Path, tmp_path: Path
) -> None:
    out = tmp_path / "answers.jsonl"
    jilin = {r.question.id: r for r in run(question_file, extractive_ask(docs), out)}["jilin"]
    assert "282項" in jilin.answer.text  # the answer quotes the source's script
    assert jilin.score.correct and jilin.score.rank == 1


def test_wrong_answers_say_why(docs: Path, question_file: Path, tmp_path: Path) -> None:
    results = run(question_file, extractive_ask(docs), tmp_path / "answers.jsonl")
    scores = {r.question.id: r.score for r in results}
    assert scores["hangzhou"].correct and scores["hangzhou"].abstained
    english = scores["meihekou"]  # no character pair in common: the ranking cannot find it
    assert (english.correct, english.reason, english.language) == (
        False,
        "evidence not retrieved",
        "en",
    )


def test_a_word_table_row_is_evidence_for_the_sentence_its_cells_make() -> None:
    # a DOCX or HTML table row is read as "cell | cell | cell"; the question file quotes the
    # same words as prose, and the reader's separators are not the document's
    row = "志愿服务队 | 累计上门走访“问需” | 1200余次"
    evidence = (Evidence("report", "累计上门走访“问需”1200余次"),)
    assert is_evidence("report-2023.docx", row, evidence)
    assert not is_evidence("report-2023.docx", "志愿服务队 | 累计上门走访“问需”", evidence)


def answer(text: str, citations: tuple[Citation, ...], *passages: Passage) -> Answer:
    return Answer("q", text, citations, abstained=not citations, passages=passages)


P1 = Passage("000_x.txt", 1, "综述", "", 2, "天津推行“战区制、主官上、权下放”体制改革。", 0.9)
P2 = Passage("001_y.txt", 1, "綜述", "", 5, "全國99.8%的社區工作經費納入財政預算。", 0.8)
P3 = Passage("001_y.txt", 2, "其他", "", 1, "今天天气很好。", 0.7)
Q_FUND = Question(
    "d02", "比例?", ("99.8%",), (Evidence("001", "全国99.8%的社区工作经费纳入财政预算"),)
)


def cite(n: int, p: Passage, quote: str) -> Citation:
    return Citation(n, p.source, p.article, p.title, p.paragraph, quote)


def test_evidence_is_ranked_and_cited_across_scripts() -> None:
    s = score(Q_FUND, answer("全国99.8%[1]。", (cite(1, P2, P2.text),), P1, P2, P3))
    assert (s.rank, s.hit(1), s.hit(5), s.reciprocal_rank) == (2, False, True, 0.5)
    assert s.correct and s.evidence_citations == 1 and s.grounded_quotes == 1


def test_an_answer_with_the_key_but_citing_another_paragraph_is_wrong() -> None:
    s = score(Q_FUND, answer("99.8%[1]。", (cite(1, P3, P3.text),), P2, P3))
    assert (s.correct, s.reason, s.evidence_citations) == (False, "cites no evidence paragraph", 0)


def test_a_missing_key_is_named() -> None:
    q = replace(Q_FUND, answer_keys=("99.8%", "财政预算", "街道"))
    s = score(q, answer("纳入財政預算[1]", (cite(1, P2, P2.text),), P2))
    assert (s.correct, s.reason, s.missing_keys) == (False, "answer lacks a key", ("99.8%", "街道"))


def test_a_quote_not_copied_from_its_paragraph_is_not_grounded() -> None:
    paraphrase = cite(1, P2, "几乎所有社区的经费都纳入了预算")
    elsewhere = Citation(2, "001_y.txt", 9, "", 9, P2.text)  # not among the passages
    s = score(Q_FUND, answer("99.8%[1][2]", (paraphrase, elsewhere, cite(3, P2, "全國99.8%")), P2))
    assert (s.citations, s.grounded_quotes) == (3, 1)
    assert summarise([s]).groundedness.value == pytest.approx(1 / 3)


def test_citation_precision_counts_citations_and_recall_counts_questions() -> None:
    hit = score(Q_FUND, answer("99.8%[1][2]", (cite(1, P2, P2.text), cite(2, P3, P3.text)), P2, P3))
    miss = score(Q_FUND, answer("资料中没有找到答案。", (), P2))
    summary = summarise([hit, miss])
    assert (summary.citation_precision.part, summary.citation_precision.total) == (1, 2)
    assert summary.citation_recall.value == 0.5
    assert summary.accuracy.value == 0.5
    assert summary.abstain_answerable.value == 0.5
    assert miss.reason == "abstained though the evidence was retrieved"


def test_broken_lines_are_reported_with_their_line_numbers_and_skipped(tmp_path: Path) -> None:
    path = tmp_path / "q.jsonl"
    path.write_text(
        '{"id": "a", "question": "天津推行了什么?"}\n'
        '{"id": "b", "question": "没有结尾\n'
        "\n"
        '["not", "an", "object"]\n'
        '{"id": "c", "question": "x", "evidence": [["000"]]}\n'
        '{"id": "a", "question": "again"}\n'
        '{"id": "d", "question": "y", "unanswerable": true, "answer_keys": ["1"]}\n'
        '{"question": "no id is fine"}\n',
        encoding="utf-8",
    )
    qf = read_questions(path)
    assert [q.id for q in qf.questions] == ["a", "L8"]
    assert [(p.line, p.message.split(" (")[0]) for p in qf.problems] == [
        (2, "not valid JSON"),
        (4, "not a JSON object"),
        (5, "'evidence' must be a list of [source, text] pairs of strings"),
        (6, "duplicate id 'a'"),
        (7, "an unanswerable question cannot have answer_keys or evidence"),
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [(None, "does not exist"), ("", "is empty"), ("\n  \n", "is empty"), (b"\xff\xfe{", "UTF-8")],
)
def test_a_missing_or_empty_question_file_is_one_clear_error(
    tmp_path: Path, content: str | bytes | None, message: str
) -> None:
    path = tmp_path / "q.jsonl"
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(QuestionFileError, match=message):
        read_questions(path)


def test_a_file_without_gold_data_reports_latency_and_abstentions_only(
    docs: Path, tmp_path: Path
) -> None:
    path = write_questions(
        tmp_path / "plain.jsonl",
        [
            {"id": "1", "question": "天津推行了什么体制改革?"},
            {"id": "2", "question": "杭州有几个?"},
        ],
    )
    results = run(path, extractive_ask(docs), tmp_path / "out.jsonl")
    assert [r.score.correct for r in results] == [None, None]
    metrics = [row[0] for row in summary_rows(summarise([r.score for r in results]))]
    assert metrics == [
        "groundedness",
        "abstained",
        "backend errors",
        "retrieval p50",
        "retrieval p95",
        "answer p50",
        "answer p95",
        "median answer length",
    ]
    text = render(results, RunInfo("plain.jsonl", "out.jsonl", "backend `extractive`"))
    assert "no gold data" in text and "accuracy" not in text and "Wrong answers" not in text
    assert "| abstained | 50.0% (1/2) | 2 questions |" in text


def test_a_backend_error_is_recorded_on_its_line_and_the_run_goes_on(
    docs: Path, question_file: Path, tmp_path: Path
) -> None:
    real = extractive_ask(docs)

    def flaky(question: str) -> Answer:
        if question.startswith("天津"):
            raise TimeoutError("endpoint did not answer in 60 s")
        if question.startswith("吉林"):
            return replace(real(question), error="HTTP 502 from the model server")
        return real(question)

    out = tmp_path / "answers.jsonl"
    results = run(question_file, flaky, out)
    rows = lines(out)
    assert [row["id"] for row in rows] == ["tianjin", "jilin", "hangzhou", "meihekou"]
    assert rows[0]["error"] == "TimeoutError: endpoint did not answer in 60 s"
    assert rows[1]["error"] == "HTTP 502 from the model server"
    assert [r.score.reason for r in results[:2]] == ["backend error", "backend error"]
    assert rows[2]["scores"]["correct"] is True
    summary = summarise([r.score for r in results])
    assert (summary.errors.part, summary.abstain_answerable.total) == (2, 1)


def interrupted_on(n: int, ask: Ask) -> Callable[[str], Answer]:
    calls = 0

    def ask_until_ctrl_c(question: str) -> Answer:
        nonlocal calls
        calls += 1
        if calls == n:
            raise KeyboardInterrupt
        return ask(question)

    return ask_until_ctrl_c


def test_ctrl_c_leaves_a_valid_file_and_resume_answers_each_question_once(
    docs: Path, question_file: Path, tmp_path: Path
) -> None:
    out = tmp_path / "answers.jsonl"
    with pytest.raises(KeyboardInterrupt):
        run(question_file, interrupted_on(3, extractive_ask(docs)), out)
    assert [row["id"] for row in lines(out)] == ["tianjin", "jilin"]

    asked: list[str] = []
    real = extractive_ask(docs)

    def counting(question: str) -> Answer:
        asked.append(question)
        return real(question)

    results = run(question_file, counting, out, resume=True)
    assert len(asked) == 2
    assert [row["id"] for row in lines(out)] == ["tianjin", "jilin", "hangzhou", "meihekou"]
    assert [r.question.id for r in results] == ["tianjin", "jilin", "hangzhou", "meihekou"]
    assert results[0].score.correct  # earlier answers are read back and scored again


def test_resume_drops_a_torn_last_line_and_answers_that_question_again(
    docs: Path, question_file: Path, tmp_path: Path
) -> None:
    out = tmp_path / "answers.jsonl"
    run(question_file, extractive_ask(docs), out)
    whole = out.read_text(encoding="utf-8").splitlines()
    out.write_text("\n".join(whole[:2]) + "\n" + whole[2][:40], encoding="utf-8")
    run(question_file, extractive_ask(docs), out, resume=True)
    assert [row["id"] for row in lines(out)] == ["tianjin", "jilin", "hangzhou", "meihekou"]


def test_metrics_by_source_and_by_language(docs: Path, question_file: Path, tmp_path: Path) -> None:
    scores = [r.score for r in run(question_file, extractive_ask(docs), tmp_path / "a.jsonl")]
    sources = by_source(scores)
    assert list(sources) == ["2021", "2022", "(no evidence)"]
    assert (sources["2022"].questions, sources["2022"].accuracy.value) == (2, 0.5)
    languages = by_language(scores)
    assert (languages["zh"].correct.value, languages["en"].correct.value) == (1.0, 0.0)


def test_report_has_summary_breakdowns_wrong_answers_and_a_plot(
    docs: Path, question_file: Path, tmp_path: Path
) -> None:
    results = run(question_file, extractive_ask(docs), tmp_path / "answers.jsonl")
    report = tmp_path / "report.md"
    png = write_report(report, results, RunInfo("questions.jsonl", "answers.jsonl", "k = 2"))
    text = report.read_text(encoding="utf-8")
    assert png == plot_path(report) and png.read_bytes().startswith(b"\x89PNG")
    assert f"![metrics]({png.name})" in text
    for heading in ("## Summary", "## By source file", "## By question language"):
        assert heading in text
    assert "| answer accuracy | 66.7% (2/3) | 3 answerable questions |" in text
    assert "| groundedness | 100.0% (2/2) | 2 quotes |" in text
    assert "| 2022 | 2 |" in text and "| en | 1 |" in text
    wrong = text.split("## Wrong answers (1)")[1]
    assert "### meihekou" in wrong and "**why:** evidence not retrieved" in wrong
    assert "**expected:** `100`" in wrong and "梅河口市精心打造100个网格党群服务站" in wrong
    assert "| evidence not retrieved | 1 | meihekou |" in text


def test_compare_shows_both_runs_and_the_questions_that_changed(
    docs: Path, question_file: Path, tmp_path: Path
) -> None:
    good = run(question_file, extractive_ask(docs), tmp_path / "good.jsonl")
    bad = run(question_file, extractive_ask(docs, worst_first=True), tmp_path / "bad.jsonl")
    changed = compare(bad, good, "good.jsonl")
    assert [c.id for c in changed.fixed] == []
    assert [(c.id, c.other, c.this) for c in changed.broken] == [
        ("tianjin", "right", "evidence not retrieved"),
        ("jilin", "right", "evidence not retrieved"),
    ]
    text = render(bad, RunInfo("q.jsonl", "bad.jsonl", "worst first"), comparison=changed)
    section = text.split("## Compared with `good.jsonl`")[1]
    assert "| metric | good.jsonl | this run | delta |" in section
    assert "| answer accuracy | 66.7% | 0.0% | -66.7 pt (worse) |" in section
    assert "### Right → wrong (2)" in section and "- **jilin**" in section
    assert "### Wrong → right (0)\n\nNone." in section


def test_percentiles_interpolate() -> None:
    assert percentile([], 50) is None
    assert percentile([3.0], 95) == 3.0
    assert percentile([1.0, 2.0, 3.0, 4.0], 50) == 2.5
    assert percentile([float(i) for i in range(1, 101)], 95) == pytest.approx(95.05)


def test_the_report_names_citations_outside_the_evidence_of_right_answers() -> None:
    both = answer("99.8%[1]。今天[2]", (cite(1, P2, P2.text), cite(2, P3, P3.text)), P2, P3)
    text = render([Result(Q_FUND, both, score(Q_FUND, both))], RunInfo("q", "a", "k = 2"))
    section = text.split("## Right answers that also cite paragraphs outside the evidence")[1]
    assert section.strip() == "- **d02** [2] 001_y.txt article 2 ¶1: «今天天气很好。»"


def test_alternatives_accept_any_answer_and_every_all_of_group(tmp_path: Path) -> None:
    # RGB and CMRC give several acceptable answers; RGB sometimes needs two names at once.
    from qa.evaluate import Question, missing_alternatives, read_alternatives, with_alternatives

    alts = tmp_path / "alternatives.jsonl"
    alts.write_text(
        '{"id": "a", "answers": ["12人", "十二人"]}\n'
        '{"id": "b", "answers": ["张丹", "张昊"], "all_of": [["张丹"], ["张昊"]]}\n'
        "not json\n",
        encoding="utf-8",
    )
    accepted, problems = read_alternatives(alts)
    assert [p.line for p in problems] == [3]
    a, b = with_alternatives([Question("a", "死亡人数?"), Question("b", "谁?")], accepted)
    assert a.kind == "answerable" and not missing_alternatives(a.alternatives, "共十二人死亡[1]")
    assert missing_alternatives(b.alternatives, "张丹[1]") == ("张昊",)
    assert not missing_alternatives(b.alternatives, "张丹和张昊[1]")
