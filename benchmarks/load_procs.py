"""The processes of ``kg serve`` for ``benchmarks/load_serve.py`` and the tests that start it: the port it listens
on, RSS, threads and the process tree, from /proc."""

from __future__ import annotations

import contextlib
import signal
import socket
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

__all__ = ["TreeSampler", "alive", "descendants", "orphans", "proc_status", "serve_port", "tree_rss_mib"]

_SERVING = " on http://127.0.0.1:"  # in the line `kg serve` logs once it listens


def proc_status(pid: int) -> dict[str, Any]:
    """RSS (MiB), peak RSS, threads of ``pid``, and the processes below it with their RSS (from /proc)."""
    fields = _status_fields(pid)
    children = sorted(descendants(pid))
    return {
        "rss_mib": fields.get("VmRSS", 0) / 1024, "peak_rss_mib": fields.get("VmHWM", 0) / 1024,
        "threads": fields.get("Threads", 0),
        "children": [{"pid": c, "cmd": _cmdline(c), "rss_mib": _status_fields(c).get("VmRSS", 0) / 1024}
                     for c in children],
    }


def _status_fields(pid: int) -> dict[str, int]:
    out: dict[str, int] = {}
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return out
    for line in lines:
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM", "Threads"):
            out[key] = int(value.split()[0])
    return out


def descendants(pid: int) -> set[int]:
    """Every process below ``pid`` (from /proc)."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            parents.setdefault(ppid, []).append(int(entry.name))
    found, todo = set(), [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def tree_rss_mib(pid: int) -> tuple[float, int]:
    """RSS summed over ``pid`` and every process below it (MiB), and how many processes that is."""
    tree = {pid, *descendants(pid)}
    return sum(_status_fields(p).get("VmRSS", 0) for p in tree) / 1024, len(tree)


def orphans(server: int) -> int:
    """Query processes started for ``server`` (their command line ends with its pid) that still run."""
    count = 0
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            text = _cmdline(int(entry.name))
            if "kg.query.zygote" in text and text.endswith(f" {server}") and alive(int(entry.name)):
                count += 1
    return count


def _cmdline(pid: int) -> str:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return ""
    text = raw.replace(b"\0", b" ").decode(errors="replace").strip()
    return "multiprocessing resource tracker" if "resource_tracker" in text else text[:200]


def alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie does not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def interrupt(process: subprocess.Popen[bytes], wait: float) -> None:
    """Stop ``kg serve`` as Ctrl-C does (SIGINT), if it still runs; SIGKILL if it has not ended within ``wait`` s."""
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(wait)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)


def serve_port(process: subprocess.Popen[bytes], log_path: Path, wait: float = 600.0) -> int:
    """The 127.0.0.1 port ``kg serve`` (``process``, logging to ``log_path``) serves on, once it accepts connections
    (it logs the port just before it listens); RuntimeError when it exits first or is not up within ``wait`` s."""
    deadline = time.monotonic() + wait
    port = 0
    while time.monotonic() < deadline:
        if not port:
            for line in log_path.read_text(errors="replace").splitlines():
                if line.startswith("serving ") and _SERVING in line:
                    port = int(line.split(_SERVING, 1)[1].split("/", 1)[0])
        if port:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1.0):
                return port
        if process.poll() is not None:
            raise RuntimeError(f"kg serve exited ({process.returncode}): {log_path.read_text(errors='replace')}")
        time.sleep(0.1)
    raise RuntimeError("kg serve did not start in time")


class TreeSampler(threading.Thread):
    """Samples the RSS of the server's whole process tree every ``every`` seconds; keeps the peak."""

    def __init__(self, pid: int, every: float = 0.2) -> None:
        super().__init__(daemon=True)
        self.pid, self.every, self.peak, self.processes = pid, every, 0.0, 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(self.every):
            rss, count = tree_rss_mib(self.pid)
            self.peak, self.processes = max(self.peak, rss), max(self.processes, count)
