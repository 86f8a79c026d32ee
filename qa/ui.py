"""The Gradio chat UI: a thin front end over the Pipeline.

Answers stream into the chat with numbered markers; each marker links to its source,
shown beside the chat with the quoted sentences highlighted. The same question answering
is a Gradio API endpoint named `ask` that returns the `qa ask --json` object.
"""

from __future__ import annotations

import html
import logging
import os
import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import gradio as gr

from qa.answer import backend_names
from qa.errors import QAError, one_line
from qa.pipeline import Pipeline
from qa.records import Answer, Passage, Turn
from qa.schema import answer_json

log = logging.getLogger(__name__)

UPLOAD_TYPES = (".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx")
UPLOAD_MAX_MB = 5
BACKUP = ".backup"  # replaced documents are kept in documents/.backup/ (hidden: never read)
INTRO = "每个回答都注明出处:来源文件、第几篇文章、第几段。资料没有答案时会直说。"
ALL_SOURCES = "全部文档"
PROGRESS = gr.Progress()  # Gradio fills this in for the event that takes it
EXAMPLES = [
    "天津在街道管理体制上推行了什么创新?",
    "全国社区工作经费纳入财政预算的比例是多少?",
    "兰州有多少名在职党员到社区报到?",
    "How many grid Party-masses service stations did Meihekou build?",
]
CSS = """
.qa-panel { max-height: 65vh; overflow-y: auto; padding-right: 6px; }
.qa-source { border-left: 3px solid #c0392b; padding: 4px 10px; margin: 10px 0; }
.qa-source mark { background: #ffe08a; }
.qa-related { border-left: 3px solid #999; padding: 4px 10px; margin: 10px 0; color: #555; }
"""


def highlight(text: str, quotes: list[str]) -> str:
    """The paragraph as HTML with the quoted sentences marked."""
    out = html.escape(text)
    for quote in sorted(set(quotes), key=len, reverse=True):
        q = html.escape(quote)
        if q and q in out:
            out = out.replace(q, f"<mark>{q}</mark>", 1)
    return out


def linked_markers(text: str) -> str:
    """[1] in the answer becomes a link to source 1 in the sources panel."""
    return re.sub(r"\[(\d{1,3})\]", r'<a href="#qa-src-\1">[\1]</a>', text)


def as_text(text: str) -> str:
    """Text from a document or a user, escaped so the chat shows `<img src=x>` as it is
    written instead of rendering it: documents are data, never markup."""
    return html.escape(text, quote=False)


def _source_block(
    css: str,
    heading: str,
    source: str,
    article: int,
    paragraph: int,
    body: str,
    anchor: str = "",
    page: int | None = None,
) -> str:
    """One paragraph in the sources panel: its heading, where it is (with the PDF page when
    it has one), and its (marked) text."""
    ident = f' id="{anchor}"' if anchor else ""
    where = f"第{article}篇 第{paragraph}段" + (f" · p. {page}" if page is not None else "")
    return (
        f'<div class="{css}"{ident}><b>{html.escape(heading)}</b><br>'
        f"<small>{html.escape(source)} · {where}</small><p>{body}</p></div>"
    )


def sources_html(answer: Answer) -> str:
    if answer.error:
        return f"<p><b>出错了:</b>{html.escape(answer.error)}</p>"
    if answer.abstained:
        items = "".join(
            _source_block(
                "qa-related",
                p.title,
                p.source,
                p.article,
                p.paragraph,
                html.escape(p.text),
                page=p.page,
            )
            for p in answer.passages[:3]
        )
        items = items or "<p>没有相关段落。</p>"
        return f'<div class="qa-panel"><h4>相关,但不是答案</h4>{items}</div>'
    by_place: dict[tuple[str, int, int], Passage] = {
        (p.source, p.article, p.paragraph): p for p in answer.passages
    }
    blocks = []
    for c in answer.citations:
        passage = by_place.get((c.source, c.article, c.paragraph))
        body = highlight(passage.text, [c.quote]) if passage else html.escape(c.quote)
        heading = f"[{c.n}] {c.title}"
        blocks.append(
            _source_block(
                "qa-source",
                heading,
                c.source,
                c.article,
                c.paragraph,
                body,
                f"qa-src-{c.n}",
                page=c.page,
            )
        )
    return f'<div class="qa-panel"><h4>来源</h4>{"".join(blocks)}</div>'


def chat_text(answer: Answer) -> str:
    """What the chat shows: the answer, then where each marker points (or the related reading)."""
    if answer.error:
        return f"⚠️ 出错了:{as_text(answer.error)}"
    text = as_text(answer.text)
    if answer.abstained:
        related = "\n".join(
            f"- 《{as_text(p.title)}》({as_text(p.source)},第{p.article}篇第{p.paragraph}段)"
            for p in answer.passages[:3]
        )
        return f"{text}\n\n**相关,但不是答案:**\n{related}" if related else text
    refs = "\n".join(
        f"{c.n}. 《{as_text(c.title)}》 · {as_text(c.source)} · 第{c.article}篇 第{c.paragraph}段"
        for c in answer.citations
    )
    # An answer the fallback backend gave says so: the chosen model had found nothing.
    note = (
        f"\n\n*(所选模型未找到答案,以下由 {as_text(answer.fallback)} 从同一资料中摘出)*"
        if answer.fallback
        else ""
    )
    return f"{linked_markers(text)}{note}\n\n**来源**\n\n{refs}"


def status_markdown(pipeline: Pipeline, backend: str) -> str:
    stats = pipeline.stats()
    return (
        f"**嵌入模型** `{stats['embedder']}` · **回答方式** `{backend}`  \n"
        f"**索引** `{stats['index']}`  \n"
        f"**文档** {stats['documents']} · **文章** {stats['articles']} · "
        f"**段落** {stats['paragraphs']}"
    )


def documents_table(pipeline: Pipeline) -> list[list[Any]]:
    return [[a.source, a.number, a.title, len(a.paragraphs)] for a in pipeline.articles()]


def source_choices(pipeline: Pipeline) -> list[str]:
    return [ALL_SOURCES, *sorted({a.source for a in pipeline.articles()})]


def upload_refusal(name: str) -> str:
    """Why an upload's file name is refused, or "" when it is fine. A name is stored as it
    is or not at all: a path (`../x.txt`, `..\\x.txt`) or a leading dot (hidden, or what is
    left of `..` once a browser strips the slash) is a bad name, not a bad file type."""
    stripped = name.strip()
    if not stripped or stripped != name or any(c in name for c in "/\\\0"):
        return "文件名不合法(不能含路径或斜杠)"
    if name.startswith("."):
        return "文件名不合法(不能以“.”开头)"
    if Path(name).suffix.lower() not in UPLOAD_TYPES:
        return f"只接受 {'、'.join(UPLOAD_TYPES)} 文件"
    return ""


def safe_upload_name(name: str) -> str | None:
    """The file name to store an upload under, or None when it is not acceptable."""
    return None if upload_refusal(name) else name


def free_name(docs: Path, name: str) -> str:
    """`name`, or `name (2).txt`, `name (3).txt`… when a document of that name exists."""
    stem, suffix = Path(name).stem, Path(name).suffix
    n, candidate = 1, name
    while (docs / candidate).exists() or (docs / candidate).is_symlink():
        n += 1
        candidate = f"{stem} ({n}){suffix}"
    return candidate


def _check_upload(path: str) -> tuple[str, str]:
    """The upload's own name and why it is refused ("" when it is fine)."""
    name = os.path.basename(path)
    why = upload_refusal(name)
    if not why and os.path.getsize(path) > UPLOAD_MAX_MB * 2**20:
        why = f"超过 {UPLOAD_MAX_MB} MB"
    return name, why


def save_uploads(paths: list[str], docs: Path) -> tuple[list[str], list[str]]:
    """Copy uploaded files into docs/, never over an existing document: a name already
    there gets ` (2)` before its suffix. Returns (saved names, one-line notes and refusals)."""
    saved, notes = [], []
    docs.mkdir(parents=True, exist_ok=True)
    for path in paths:
        name, why = _check_upload(path)
        if why:
            notes.append(f"拒绝 {name}:{why}")
            continue
        target = free_name(docs, name)
        if target != name:
            if Path(path).read_bytes() == (docs / name).read_bytes():
                notes.append(f"{name} 已在文档中,内容相同,未重复加入")
                continue
            notes.append(f"{name} 已存在,新文件另存为 {target}(要替换原文件,请用“替换文档”)")
        with open(path, "rb") as src, open(docs / target, "xb") as dst:  # never overwrite
            shutil.copyfileobj(src, dst)
        saved.append(target)
    return saved, notes


def replace_document(path: str, name: str, docs: Path) -> Path:
    """Put the upload at `path` in place of document `name`; the old file is kept in
    documents/.backup/ with the time in its name. Returns where the old file went."""
    upload, why = _check_upload(path)
    if why:
        raise UploadRefused(f"{upload}:{why}")
    target = docs / name
    if upload_refusal(target.name) or not target.is_file() or target.is_symlink():
        raise UploadRefused(f"{name}:不是可替换的文档")
    backup = docs / BACKUP / f"{time.strftime('%Y%m%d-%H%M%S')}-{target.name}"
    backup.parent.mkdir(exist_ok=True)
    backup = backup.with_name(free_name(backup.parent, backup.name))
    shutil.copy2(target, backup)
    staged = target.with_name(f".upload-{target.name}")  # hidden: never read half-copied
    shutil.copyfile(path, staged)
    os.replace(staged, target)
    return backup


class UploadRefused(QAError):
    """An upload or replacement the UI will not store; the message says why."""


def upload_lines(saved: list[str], notes: list[str], report: Any) -> list[str]:
    """What the upload log says: each file added, or why it could not be read."""
    unreadable = {p.source: p.message for p in report.problems} if report else {}
    lines = [f"未能读取 {name}:{unreadable[name]}" for name in saved if name in unreadable]
    added = [name for name in saved if name not in unreadable]
    if added and report is not None:
        lines.insert(0, f"已加入 {'、'.join(added)}。{report.summary()}")
    return [*lines, *notes]


def _failure(exc: Exception, what: str) -> str:
    """The UI's one handler: the one-line message for a failure; a traceback goes to the
    server log only for what is not a QAError or OSError (a bug, not a user's problem)."""
    if isinstance(exc, QAError | OSError):
        log.warning("%s: %s", what, one_line(exc))
    else:
        log.exception(what)
    return one_line(exc)


def build_app(pipeline: Pipeline) -> gr.Blocks:
    default_backend = pipeline.settings.backend

    def respond(
        message: str,
        chat: list[dict[str, Any]],
        turns: list[Turn],
        backend: str,
        k: float,
        source: str,
    ) -> Iterator[tuple[list[dict[str, Any]], list[Turn], str, str]]:
        question = (message or "").strip()
        if not question:
            yield chat, turns, "", "<p>请输入问题。</p>"
            return
        asked = {"role": "user", "content": as_text(question)}
        chat = [*chat, asked, {"role": "assistant", "content": "…"}]
        yield chat, turns, "", "<p>正在查找…</p>"
        answer: Answer | None = None
        try:
            stream = pipeline.stream(
                question,
                tuple(turns),
                k=int(k),
                source=None if source in ("", ALL_SOURCES) else source,
                backend=backend,
            )
            for piece in stream:
                if isinstance(piece, Answer):
                    answer = piece
                else:
                    chat[-1] = {
                        "role": "assistant",
                        "content": chat[-1]["content"].rstrip("…") + as_text(piece),
                    }
                    yield chat, turns, "", "<p>正在回答…</p>"
        except Exception as exc:  # the chat shows a message, never a stack trace
            message = _failure(exc, "answering failed")
            chat[-1] = {"role": "assistant", "content": f"⚠️ 出错了:{as_text(message)}"}
            yield chat, turns, "", f"<p><b>出错了:</b>{html.escape(message)}</p>"
            return
        assert answer is not None
        chat[-1] = {"role": "assistant", "content": chat_text(answer)}
        if not answer.error:
            turns = [*turns, Turn(answer.question, answer.text)]
        yield chat, turns, "", sources_html(answer)

    def ask_api(question: str) -> dict[str, Any]:
        """Answer one question; returns the same JSON object as `qa ask --json`, with an
        `error` field (one line) when it cannot be answered (empty, no words, index down)."""
        try:
            return answer_json(pipeline.ask(question or ""))
        except Exception as exc:
            failed = Answer(question or "", "", (), True, error=_failure(exc, "ask failed"))
            return answer_json(failed)

    def refreshed() -> tuple[Any, ...]:
        """The document table, source list and status as they are now (on every page
        load and after every upload, not as they were when the server started)."""
        names = source_choices(pipeline)
        return (
            documents_table(pipeline),
            gr.update(choices=names, value=ALL_SOURCES),
            status_markdown(pipeline, default_backend),
            gr.update(choices=names[1:], value=None),
        )

    def upload(files: list[str] | None, progress: gr.Progress = PROGRESS) -> tuple[Any, ...]:
        if not files:
            return "请先选择 .txt 或 .md 文件。", *refreshed()
        try:
            saved, notes = save_uploads(list(files), pipeline.settings.docs)
            report = None
            if saved:
                progress(0.2, desc="正在建立索引…")
                report = pipeline.index()
                progress(1.0, desc="索引完成")
            lines = upload_lines(saved, notes, report)
        except Exception as exc:
            lines = [f"出错了:{_failure(exc, 'upload failed')}"]
        return "\n\n".join(as_text(line) for line in lines), *refreshed()

    def replace(
        files: list[str] | None, name: str | None, progress: gr.Progress = PROGRESS
    ) -> tuple[Any, ...]:
        if not files or len(files) != 1 or not name:
            return "请选择要替换的文档,并上传一个新文件。", *refreshed()
        try:
            backup = replace_document(files[0], name, pipeline.settings.docs)
            progress(0.2, desc="正在建立索引…")
            report = pipeline.index()
            kept = backup.relative_to(pipeline.settings.docs).as_posix()
            lines = [f"已替换 {name},原文件保存在 {kept}。{report.summary()}"]
            lines += [
                f"未能读取 {p.source}:{p.message}" for p in report.problems if p.source == name
            ]
        except Exception as exc:
            lines = [f"出错了:{_failure(exc, 'replace failed')}"]
        return "\n\n".join(as_text(line) for line in lines), *refreshed()

    with gr.Blocks(title="城市基层党建问答") as app:
        gr.Markdown(f"## 城市基层党建问答\n{INTRO}")
        turns = gr.State([])
        with gr.Tab("问答"), gr.Row():
            with gr.Column(scale=3):
                chatbot = gr.Chatbot(label="对话", height=520, elem_id="chat")
                question = gr.Textbox(
                    label="问题",
                    placeholder="输入问题后按回车,例如:天津在街道管理体制上推行了什么创新?",
                    elem_id="question",
                )
                with gr.Row():
                    ask_btn = gr.Button("提问", variant="primary", elem_id="ask-button")
                    clear_btn = gr.Button("清空对话", elem_id="clear-button")
                gr.Examples(EXAMPLES, inputs=question, label="示例问题")
            with gr.Column(scale=2):
                sources = gr.HTML("<p>回答的来源会显示在这里。</p>", elem_id="sources")
                with gr.Accordion("设置", open=False):
                    backend = gr.Dropdown(backend_names(), value=default_backend, label="回答方式")
                    k = gr.Slider(1, 10, value=pipeline.settings.top_k, step=1, label="检索段落数")
                    source = gr.Dropdown(
                        source_choices(pipeline), value=ALL_SOURCES, label="只看这个文档"
                    )
                status = gr.Markdown(status_markdown(pipeline, default_backend), elem_id="status")
        with gr.Tab("文档"):
            table = gr.Dataframe(
                documents_table(pipeline),
                headers=["来源", "文章", "标题", "段落数"],
                interactive=False,
                label="已索引的文章",
            )
            files = gr.File(
                label=f"上传 .txt / .md 文件(每个不超过 {UPLOAD_MAX_MB} MB)",
                file_count="multiple",
                file_types=list(UPLOAD_TYPES),
                type="filepath",
            )
            with gr.Row():
                upload_btn = gr.Button("加入并建立索引", variant="primary", elem_id="upload")
                replaced = gr.Dropdown(
                    source_choices(pipeline)[1:], value=None, label="要替换的文档"
                )
                replace_btn = gr.Button("替换文档(原文件留作备份)", elem_id="replace")
            upload_log = gr.Markdown(elem_id="upload-log")

        inputs = [question, chatbot, turns, backend, k, source]
        outputs = [chatbot, turns, question, sources]
        question.submit(respond, inputs, outputs, api_visibility="private")
        ask_btn.click(respond, inputs, outputs, api_visibility="private")
        clear_btn.click(
            lambda: ([], [], "", "<p>回答的来源会显示在这里。</p>"),
            None,
            outputs,
            api_visibility="private",
        )
        shown = [table, source, status, replaced]
        upload_btn.click(upload, files, [upload_log, *shown], api_visibility="private")
        replace_btn.click(
            replace, [files, replaced], [upload_log, *shown], api_visibility="private"
        )
        app.load(refreshed, None, shown, api_visibility="private")
        gr.api(ask_api, api_name="ask")
    return app


def auth_from_env() -> tuple[str, str] | None:
    """QA_AUTH=user:password turns on login."""
    raw = os.environ.get("QA_AUTH", "")
    if not raw:
        return None
    user, sep, password = raw.partition(":")
    if not sep or not user or not password:
        raise ValueError("QA_AUTH must look like user:password")
    return user, password


def serve(pipeline: Pipeline, host: str = "127.0.0.1", port: int = 7860) -> None:
    app = build_app(pipeline)
    app.queue(default_concurrency_limit=4, max_size=64)
    app.launch(
        server_name=host,
        server_port=port,
        auth=auth_from_env(),
        max_file_size=f"{UPLOAD_MAX_MB}mb",
        show_error=False,
        css=CSS,
        theme=gr.themes.Soft(),
    )
