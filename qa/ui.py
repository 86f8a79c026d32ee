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
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import gradio as gr

from qa.answer import backend_names
from qa.pipeline import Pipeline
from qa.records import Answer, Passage, Turn
from qa.schema import answer_json

log = logging.getLogger(__name__)

UPLOAD_TYPES = (".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx")
UPLOAD_MAX_MB = 5
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
        return f"⚠️ 出错了:{answer.error}"
    if answer.abstained:
        related = "\n".join(
            f"- 《{p.title}》({p.source},第{p.article}篇第{p.paragraph}段)"
            for p in answer.passages[:3]
        )
        return f"{answer.text}\n\n**相关,但不是答案:**\n{related}" if related else answer.text
    refs = "\n".join(
        f"{c.n}. 《{c.title}》 · {c.source} · 第{c.article}篇 第{c.paragraph}段"
        for c in answer.citations
    )
    return f"{linked_markers(answer.text)}\n\n**来源**\n\n{refs}"


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


def safe_upload_name(name: str) -> str | None:
    """The file name to store an upload under, or None when it is not acceptable."""
    base = Path(name.replace("\\", "/")).name.strip()
    if not base or base.startswith(".") or Path(base).suffix.lower() not in UPLOAD_TYPES:
        return None
    return base


def save_uploads(paths: list[str], docs: Path) -> tuple[list[str], list[str]]:
    """Copy uploaded files into docs/; returns (saved names, one-line refusals)."""
    saved, refused = [], []
    docs.mkdir(parents=True, exist_ok=True)
    for path in paths:
        name = safe_upload_name(os.path.basename(path))
        if name is None:
            refused.append(f"{os.path.basename(path)}:只接受 {'、'.join(UPLOAD_TYPES)} 文件")
            continue
        if os.path.getsize(path) > UPLOAD_MAX_MB * 2**20:
            refused.append(f"{name}:超过 {UPLOAD_MAX_MB} MB")
            continue
        target = (docs / name).resolve()
        if target.parent != docs.resolve():
            refused.append(f"{name}:文件名不合法")
            continue
        shutil.copyfile(path, target)
        saved.append(name)
    return saved, refused


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
        chat = [*chat, {"role": "user", "content": question}, {"role": "assistant", "content": "…"}]
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
                        "content": chat[-1]["content"].rstrip("…") + piece,
                    }
                    yield chat, turns, "", "<p>正在回答…</p>"
        except Exception as exc:  # the chat shows a message, never a stack trace
            log.exception("answering failed")
            chat[-1] = {"role": "assistant", "content": f"⚠️ 出错了:{exc}"}
            yield chat, turns, "", f"<p><b>出错了:</b>{html.escape(str(exc))}</p>"
            return
        assert answer is not None
        chat[-1] = {"role": "assistant", "content": chat_text(answer)}
        if not answer.error:
            turns = [*turns, Turn(answer.question, answer.text)]
        yield chat, turns, "", sources_html(answer)

    def ask_api(question: str) -> dict[str, Any]:
        """Answer one question; returns the same JSON object as `qa ask --json`."""
        return answer_json(pipeline.ask(question))

    def upload(files: list[str] | None, progress: gr.Progress = PROGRESS) -> tuple[Any, ...]:
        if not files:
            return "请先选择 .txt 或 .md 文件。", gr.update(), gr.update(), gr.update()
        saved, refused = save_uploads(list(files), pipeline.settings.docs)
        lines = [f"拒绝 {r}" for r in refused]
        if saved:
            progress(0.2, desc="正在建立索引…")
            report = pipeline.index()
            progress(1.0, desc="索引完成")
            lines.insert(0, f"已加入 {'、'.join(saved)}。{report.summary()}")
        return (
            "\n\n".join(lines),
            documents_table(pipeline),
            gr.update(choices=source_choices(pipeline), value=ALL_SOURCES),
            status_markdown(pipeline, default_backend),
        )

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
            upload_btn = gr.Button("加入并建立索引", variant="primary")
            upload_log = gr.Markdown()

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
        upload_btn.click(
            upload, files, [upload_log, table, source, status], api_visibility="private"
        )
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
