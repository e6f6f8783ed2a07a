"""``kg query --timeout``: a runaway query's worker process is killed at the limit; cheap queries still answer."""

from __future__ import annotations

import csv
import io
import multiprocessing
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.errors import InputError, StoreError
from kg.query.limited import QueryTimeout, run_limited, start_clock
from tests.repo import ROOT

# Every triple pattern matches the whole seed graph (thousands of triples), so four of them joined with no shared
# variable is (thousands)^4 rows to count: hours on any store, so any limit of a few seconds cuts it.
CROSS_JOIN = """#+ summary: a 4-way cross join over the whole graph, expensive on purpose
#+ tags: [test]
#+ params: []

SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }
"""


def kg(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kg.cli", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, check=False)


@pytest.fixture
def cross_join(tmp_path: Path) -> Path:
    path = tmp_path / "cross-join.rq"
    path.write_text(CROSS_JOIN, encoding="utf-8")
    return path


def test_a_runaway_query_is_cut_at_the_limit(cross_join: Path) -> None:
    done = kg("query", str(cross_join), "--timeout", "1.5")
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.strip() == ("kg: error: query cross-join ran past the time limit of 1.5 s and was stopped "
                                   "(raise --timeout)")
    assert "Traceback" not in done.stderr


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(c) for c in path.read_text().split()] if path.exists() else []


def _gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return True
    return state == "Z"


@pytest.mark.skipif(not Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children").exists(),
                    reason="needs Linux /proc/PID/task/PID/children to find the worker")
@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGINT])
def test_killing_kg_query_kills_its_worker(cross_join: Path, signum: int) -> None:
    proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "query", str(cross_join), "--timeout", "600"],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while not (workers := _children(proc.pid)) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert workers, "kg query started no worker process"
        proc.send_signal(signum)  # SIGKILL: the parent gets no chance to clean up; SIGINT: Ctrl-C
        _, err = proc.communicate(timeout=30)
        if signum == signal.SIGINT:
            assert (proc.returncode, err) == (130, "kg: interrupted\n")
        deadline = time.monotonic() + 30
        while not all(_gone(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert all(_gone(w) for w in workers), f"worker {workers} outlived kg query"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)


# A Ctrl-C that arrives while kg query starts its worker, and whose KeyboardInterrupt Python then loses: CPython prints
# and drops an exception raised in a weakref callback, a __del__ or an at-fork hook, so an interrupt that lands there
# is gone (seen under load: in importlib's module-lock callback). Here it lands where run_limited lets Ctrl-C
# through again (the swallowing pthread_sigmask stands in for the callback), right after the worker started.
LOST_CTRL_C = """
import multiprocessing, os, signal, sys, time
from kg.query.limited import run_limited, start_clock

signal.signal(signal.SIGINT, signal.default_int_handler)  # as in any Python started with Ctrl-C not ignored
real = signal.pthread_sigmask

def swallowing(how, mask):
    if how != signal.SIG_SETMASK:
        return real(how, mask)
    os.kill(os.getpid(), signal.SIGINT)  # held back until the mask is restored ...
    try:
        return real(how, mask)
    except KeyboardInterrupt:  # ... and raised there, into code that drops it
        return set()

def query():
    start_clock()
    time.sleep(600)

signal.pthread_sigmask = swallowing
try:
    run_limited(query, timeout=600, clock_in_child=True)
except KeyboardInterrupt:
    print("interrupted", multiprocessing.active_children())
"""


@pytest.mark.skipif(not hasattr(signal, "pthread_sigmask"), reason="needs POSIX signal masks")
def test_a_ctrl_c_python_lost_still_stops_the_worker() -> None:
    try:
        done = subprocess.run([sys.executable, "-c", LOST_CTRL_C], cwd=ROOT, capture_output=True, text=True,
                              timeout=60, check=False)
    except subprocess.TimeoutExpired:
        pytest.fail("run_limited kept waiting for its worker after a Ctrl-C whose KeyboardInterrupt was lost")
    assert (done.returncode, done.stdout, done.stderr) == (0, "interrupted []\n", "")


def _overview(stdout: str) -> dict[str, str]:
    rows = list(csv.DictReader(io.StringIO(stdout)))
    assert len(rows) == 1
    return rows[0]


@pytest.mark.parametrize("timeout", ["2", "0"])
def test_a_cheap_query_still_answers(timeout: str) -> None:
    done = kg("query", "campaign-overview", "--format", "csv", "--timeout", timeout)
    assert done.returncode == 0, done.stderr
    row = _overview(done.stdout)
    # The seed report is Jiangsu's 2022 Quality Month: five numbered themes (一 … 五) and 22 activities under them.
    assert row["campaign"].endswith("/campaign/js-2022-qm")
    assert (row["year"], row["themes"], row["activities"]) == ("2022", "5", "22")


def test_errors_in_the_worker_come_back_as_messages(tmp_path: Path) -> None:
    service = tmp_path / "federated.rq"
    service.write_text("#+ summary: x\n#+ tags: [t]\n#+ params: []\n\n"
                       "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }\n", encoding="utf-8")
    done = kg("query", str(service), "--timeout", "5")
    assert done.returncode == 2
    assert "SERVICE http://example.org/sparql is refused" in done.stderr
    assert "Traceback" not in done.stderr
    done = kg("query", "agencies-by-theme", "--param", "nosuch=x", "--timeout", "5")
    assert done.returncode == 2
    assert "no parameter 'nosuch'" in done.stderr and "Traceback" not in done.stderr


@pytest.fixture
def silent_endpoint() -> Iterator[str]:
    """A 127.0.0.1 'SPARQL endpoint' that accepts connections, reads the request and never answers."""
    server = socket.create_server(("127.0.0.1", 0))
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except TimeoutError:
                continue
            held.append(conn)

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.getsockname()[1]}/query"
    finally:
        stop.set()
        thread.join(5)
        for conn in held:
            conn.close()
        server.close()


def test_an_endpoint_that_does_not_answer_is_cut_at_the_limit(silent_endpoint: str) -> None:
    done = kg("query", "campaign-overview", "--endpoint", silent_endpoint, "--timeout", "1")
    assert done.returncode == 2
    assert "query campaign-overview ran past the time limit of 1 s" in done.stderr
    assert "Traceback" not in done.stderr


# -- run_limited itself ------------------------------------------------------------------------------------------


def _sleep_then_return(setup: float, work: float) -> str:
    time.sleep(setup)
    start_clock()
    time.sleep(work)
    return "answered"


def _raise_input_error() -> None:
    raise InputError("bad value", path="q.rq", line=3)


def _die() -> None:
    os._exit(7)


def test_run_limited_kills_the_child_and_leaves_none_behind() -> None:
    with pytest.raises(QueryTimeout, match=r"ran past the time limit of 0\.5 s"):
        run_limited(_sleep_then_return, 0.0, 60.0, timeout=0.5, clock_in_child=True)
    assert multiprocessing.active_children() == []


def test_run_limited_does_not_time_the_setup() -> None:
    # 2 s of setup before start_clock(), then no work, under a 1 s limit: answered.
    assert run_limited(_sleep_then_return, 2.0, 0.0, timeout=1.0, clock_in_child=True) == "answered"
    # Without clock_in_child the same setup counts and is cut.
    with pytest.raises(QueryTimeout):
        run_limited(_sleep_then_return, 2.0, 0.0, timeout=1.0)


def test_run_limited_returns_errors_as_their_class() -> None:
    with pytest.raises(InputError, match=r"^q\.rq:3: bad value$"):
        run_limited(_raise_input_error, timeout=30)
    with pytest.raises(StoreError, match="died \\(exit code 7\\)"):
        run_limited(_die, timeout=30)
    assert multiprocessing.active_children() == []
