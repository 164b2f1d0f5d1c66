"""What every benchmark shares: the machine's description, results on disk, tables, statistics,
a `chroma run` server on loopback, and subprocesses whose peak memory is measured."""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "knowledge" / "corpus"
DEV_QUESTIONS = REPO / "tests" / "eval" / "dev_reporting.jsonl"
OUT_DIR = REPO / "bench" / "out"
VENV_BIN = Path(sys.executable).parent
MAX_BYTES = 20_000_000


def cpu_model() -> str:
    """The CPU's model name, as `lscpu` prints it."""
    try:
        out = subprocess.run(
            ["lscpu"], capture_output=True, text=True, timeout=10, check=False
        ).stdout
    except (OSError, subprocess.TimeoutExpired):
        out = ""
    for line in out.splitlines():
        if line.startswith("Model name:"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def ram_gb() -> float:
    """Total memory of the machine, in GB."""
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            return round(int(line.split()[1]) / 1024 / 1024, 1)
    return 0.0


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    return {
        "nproc": os.cpu_count(),
        "ram_gb": ram_gb(),
        "cpu": cpu_model(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "load_average_1_5_15": [round(x, 2) for x in os.getloadavg()],
    }


def now_utc() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def write_result(name: str, payload: dict[str, Any]) -> Path:
    """Write `bench/out/<name>.json` with the machine and the date beside the figures."""
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    path = OUT_DIR / f"{name}.json"
    data = {"benchmark": name, "date": now_utc(), "machine": machine(), **payload}
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nwrote {path.relative_to(REPO)}")
    return path


def render_table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """A plain-text table: first column left-aligned, the others right-aligned."""

    def cell(v: Any) -> str:
        if v is None:
            return "-"
        if isinstance(v, float):
            return f"{v:,.3f}" if abs(v) < 10 else f"{v:,.1f}"
        return str(v)

    cells = [[cell(v) for v in row] for row in [headers, *rows]]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    lines = []
    for n, row in enumerate(cells):
        parts = [row[0].ljust(widths[0])]
        parts += [c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)]
        lines.append("  ".join(parts).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def median(values: Sequence[float]) -> float:
    return float(statistics.median(values))


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100), linear interpolation between the closest ranks."""
    return float(np.percentile(np.asarray(values, dtype=float), q))


def proc_status_kb(pid: int, key: str) -> int | None:
    """A `kB` field of /proc/<pid>/status (VmHWM is the peak resident set size)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(f"{key}:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ChromaServer:
    """A `chroma run` server on 127.0.0.1 in a folder of ours, stopped by its PID."""

    def __init__(self, folder: Path, *, start_timeout_s: float = 60.0) -> None:
        self.folder = folder
        self.start_timeout_s = start_timeout_s
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._proc: subprocess.Popen[bytes] | None = None
        self._log: Any = None

    @property
    def pid(self) -> int:
        assert self._proc is not None, "server not started"
        return self._proc.pid

    def start(self) -> ChromaServer:
        import httpx

        chroma = shutil.which("chroma", path=str(VENV_BIN)) or shutil.which("chroma")
        if chroma is None:
            raise RuntimeError("the `chroma` command is missing: run `make install`")
        self.folder.mkdir(parents=True, exist_ok=True)
        self._log = (self.folder / "server.log").open("wb")
        db = str(self.folder / "db")
        self._proc = subprocess.Popen(
            [chroma, "run", "--host", "127.0.0.1", "--port", str(self.port), "--path", db],
            stdout=self._log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "ANONYMIZED_TELEMETRY": "False"},
        )
        deadline = time.monotonic() + self.start_timeout_s
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                tail = (self.folder / "server.log").read_text(errors="replace")[-2000:]
                raise RuntimeError(f"chroma run exited: {tail}")
            try:
                if httpx.get(f"{self.url}/api/v2/heartbeat", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"chroma run did not answer within {self.start_timeout_s:.0f} s")

    def peak_rss_kb(self) -> int | None:
        """The server's peak resident memory so far (VmHWM)."""
        return proc_status_kb(self.pid, "VmHWM")

    def stop(self) -> None:
        if self._proc is not None and self._proc.poll() is None:
            self._proc.terminate()
            try:
                self._proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait(timeout=15)
        if self._log is not None:
            self._log.close()
            self._log = None

    def __enter__(self) -> ChromaServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def run_measured(
    args: Sequence[str], *, timeout_s: float, log_path: Path
) -> tuple[int, int, float]:
    """Run a child process to its end; return (exit code, its peak RSS in kB, wall seconds).

    The peak is the child's VmHWM, polled from /proc every 20 ms while it runs. Not
    `ru_maxrss`: Linux carries the parent's high-water mark into a child across fork and exec,
    so a child of a big parent reports the parent's size. Children should also report their
    own VmHWM at their very end (`self_peak_rss_kb`), which the last poll may miss.
    Killed after `timeout_s`.
    """
    started = time.perf_counter()
    peak = 0
    with log_path.open("wb") as log:
        proc = subprocess.Popen(list(args), stdout=log, stderr=subprocess.STDOUT, cwd=REPO)
        deadline = time.monotonic() + timeout_s
        while proc.poll() is None:
            peak = max(peak, proc_status_kb(proc.pid, "VmHWM") or 0)
            if time.monotonic() > deadline:
                proc.kill()
                proc.wait(timeout=30)
                break
            time.sleep(0.02)
    return int(proc.returncode), peak, time.perf_counter() - started


def self_peak_rss_kb() -> int | None:
    """This process's peak resident memory (VmHWM)."""
    return proc_status_kb(os.getpid(), "VmHWM")
