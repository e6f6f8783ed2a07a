"""``kg serve``'s HTTP layer (issue 18, item 5): malformed and duplicate headers, CORS, the backlog, streaming,
disconnects and Ctrl-C in one log line each, the empty query, raw UTF-8 in a URL."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import threading
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.serve_process import Served, alive, descendants, kg_serve

ID = "https://w3id.org/govkg/id/"
LABEL = "SELECT ?l WHERE { <" + ID + "agency/js-amr> <http://www.w3.org/2004/02/skos/core#prefLabel> ?l }"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
BIG = 64 << 20  # an export file the server must not hold in memory


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    tmp = tmp_path_factory.mktemp("serve")
    (tmp / "export").mkdir()
    with (tmp / "export" / "govkg.nt").open("wb") as big:
        big.truncate(BIG)  # sparse: no disk written
    with kg_serve(tmp, "--timeout", "5") as running:
        yield running


def _host(served: Served) -> bytes:
    return f"Host: 127.0.0.1:{served.port}\r\n".encode()


def test_a_malformed_content_length_is_400(served: Served) -> None:
    answer = served.raw(b"POST /sparql HTTP/1.1\r\n" + _host(served) + "Content-Length: ²\r\n\r\n".encode())
    assert answer.startswith(b"HTTP/1.1 400 ")
    assert "Traceback" not in served.log


def test_duplicate_content_length_and_host_are_400(served: Served) -> None:
    form = b"query=" + urllib.parse.quote(LABEL).encode()
    head = b"POST /sparql HTTP/1.1\r\n" + _host(served) + b"Content-Type: application/x-www-form-urlencoded\r\n"
    length = f"Content-Length: {len(form)}\r\n".encode()
    assert served.raw(head + length + b"\r\n" + form).startswith(b"HTTP/1.1 200 ")  # the same request, once
    assert served.raw(head + length + length + b"\r\n" + form).startswith(b"HTTP/1.1 400 ")
    twice = b"GET / HTTP/1.1\r\n" + _host(served) + b"Host: evil.example\r\n\r\n"
    assert served.raw(twice).startswith(b"HTTP/1.1 400 ")
    assert "Traceback" not in served.log


def test_the_empty_query_is_answered_empty_query(served: Served) -> None:
    for body in (b"", b"  \n", b"# only a comment\n"):
        status, _, text = served.request("POST", "/sparql", body, {"Content-Type": "application/sparql-query"})
        assert status == 400 and b"empty query" in text, (body, text)
    status, _, text = served.request("GET", "/sparql?query=")
    assert status == 400 and b"empty query" in text


def test_cors_on_the_query_routes_only(served: Served) -> None:
    origin = {"Origin": "https://editor.example"}
    status, headers, _ = served.request("GET", "/sparql?" + urllib.parse.urlencode({"query": LABEL}), headers=origin)
    assert status == 200 and headers["access-control-allow-origin"] == "*"
    assert "kg-result-truncated" in headers["access-control-expose-headers"].lower()
    status, headers, _ = served.request("GET", "/queries/campaign-overview", headers=origin)
    assert status == 200 and headers["access-control-allow-origin"] == "*"
    preflight = {**origin, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}
    status, headers, _ = served.request("OPTIONS", "/sparql", headers=preflight)
    assert status == 200 and "POST" in headers["access-control-allow-methods"]
    status, headers, _ = served.request("GET", "/", headers=origin)
    assert status == 200 and "access-control-allow-origin" not in headers
    assert served.request("OPTIONS", "/", headers=preflight)[0] == 405


def test_the_listen_backlog_is_not_5(served: Served) -> None:
    shown = subprocess.run(["ss", "-ltnH", f"sport = :{served.port}"], capture_output=True, text=True, check=False)
    if shown.returncode != 0 or not shown.stdout.strip():
        pytest.skip(f"ss cannot show the listening socket: {shown.stderr.strip()}")
    backlog = int(shown.stdout.split()[2])  # Send-Q of a listening socket is its backlog
    assert backlog >= 128


def _rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def test_an_export_is_streamed_and_a_client_that_goes_away_is_one_line(served: Served) -> None:
    before = _rss_kib(served.process.pid)
    socks = []
    for _ in range(3):  # three clients that start a 64 MiB download and stop reading
        sock = socket.create_connection(("127.0.0.1", served.port), timeout=10)
        sock.sendall(b"GET /export/govkg.nt HTTP/1.1\r\n" + _host(served) + b"\r\n")
        assert sock.recv(4096).startswith(b"HTTP/1.1 200 ")
        socks.append(sock)
    time.sleep(1.5)
    grown = _rss_kib(served.process.pid) - before
    for sock in socks:
        sock.close()
    assert grown < (BIG >> 10) // 2, f"the server grew by {grown} KiB while serving three 64 MiB downloads"
    time.sleep(1.0)
    gone = [line for line in served.log.splitlines() if "went away" in line]
    assert gone and all("/export/govkg.nt" in line for line in gone)
    assert "Traceback" not in served.log


def test_a_client_that_goes_away_during_a_query_is_one_line(served: Served) -> None:
    sock = socket.create_connection(("127.0.0.1", served.port), timeout=10)
    sock.sendall(b"GET /sparql?" + urllib.parse.urlencode({"query": RUNAWAY}).encode() + b" HTTP/1.1\r\n"
                 + _host(served) + b"\r\n")
    time.sleep(1.0)
    sock.close()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and "went away before the answer" not in served.log:
        time.sleep(0.2)
    assert "went away before the answer was ready: GET /sparql" in served.log
    assert "Traceback" not in served.log


def test_raw_utf8_in_a_url_is_read_as_utf8(served: Served) -> None:
    query = 'SELECT ?s WHERE { ?s ?p "江蘇省市場監督管理局"@zh-Hant }'
    target = "/sparql?query=" + "".join(c if ord(c) > 127 else urllib.parse.quote(c, safe="") for c in query)
    head = f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{served.port}\r\nAccept: text/csv\r\nConnection: close\r\n"
    answer = served.raw((head + "\r\n").encode(), whole=True)
    assert answer.startswith(b"HTTP/1.1 200 ") and f"{ID}agency/js-amr".encode() in answer, answer
    answer = served.raw(f"GET /id/江苏 HTTP/1.1\r\nHost: 127.0.0.1:{served.port}\r\nConnection: close\r\n\r\n"
                        .encode(), whole=True)
    assert answer.startswith(b"HTTP/1.1 404 ") and "not found: /id/江苏".encode() in answer, answer


def test_ctrl_c_stops_the_server_and_its_workers_without_a_traceback(tmp_path: Path) -> None:
    with kg_serve(tmp_path, "--timeout", "30") as running:
        heavy = threading.Thread(target=lambda: _quiet(running, RUNAWAY), daemon=True)
        heavy.start()
        time.sleep(2.0)  # the runaway query is in a worker now
        below = descendants(running.process.pid)
        assert below, "kg serve has no query process"
        os.killpg(running.process.pid, signal.SIGINT)  # Ctrl-C in a terminal: the whole foreground group
        running.process.wait(30)
        time.sleep(1.0)
        assert [pid for pid in below if alive(pid)] == []
        assert "Traceback" not in running.log, running.log


def _quiet(running: Served, query: str) -> None:
    with contextlib.suppress(OSError):
        running.request("GET", "/sparql?" + urllib.parse.urlencode({"query": query}), timeout=60)


def test_a_large_body_in_the_packet_of_its_head_is_not_counted_as_head(served: Served) -> None:
    # 0.6 MiB of query (under the 1 MiB body limit) sent with its headers in one write: only the head is capped
    body = (LABEL + "\n#" + "x" * (600 << 10) + "\n").encode()
    head = (f"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1:{served.port}\r\nContent-Type: application/sparql-query\r\n"
            f"Accept: text/csv\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n").encode()
    answer = served.raw(head + body, timeout=60, whole=True)
    assert answer.startswith(b"HTTP/1.1 200 "), answer[:300]
    rows = answer.split(b"\r\n\r\n", 1)[1].split(b"\r\n")
    assert rows[0] == b"l" and rows[1], rows  # the CSV header and the label


def test_queries_waiting_for_a_worker_never_hold_up_a_page() -> None:
    """Every thread for queries is taken by queries waiting for a worker (a flood of long ones): a style sheet is
    still answered at once, from threads of its own (it waited behind them for up to --timeout)."""
    import asyncio
    import threading
    from typing import Any

    from kg.serve.app import Response, ServerConfig
    from kg.serve.asgi import Glue

    release = threading.Event()

    class Waiting:
        config = ServerConfig()

        def handle(self, method: str, target: str, headers: Any, body: bytes | None) -> Response:
            if target.startswith("/sparql"):
                release.wait(30)  # a query waiting for a slot in the long lane
            return Response(200, b"ok")

    async def call(glue: Glue, path: str) -> int:
        scope = {"type": "http", "method": "GET", "path": path, "raw_path": path.encode(), "query_string": b"",
                 "headers": [(b"host", b"127.0.0.1")]}
        sent: list[dict[str, Any]] = []

        async def receive() -> dict[str, Any]:
            await asyncio.sleep(3600)
            return {"type": "http.disconnect"}

        async def send(message: dict[str, Any]) -> None:
            sent.append(message)

        await glue(scope, receive, send)
        return int(sent[0]["status"])

    async def scenario() -> int:
        glue = Glue(Waiting(), threads=2)  # type: ignore[arg-type]
        queries = [asyncio.create_task(call(glue, "/sparql")) for _ in range(4)]
        await asyncio.sleep(0.3)
        try:
            return await asyncio.wait_for(call(glue, "/static/style.css"), 5)
        finally:
            release.set()
            await asyncio.gather(*queries)

    assert asyncio.run(scenario()) == 200
