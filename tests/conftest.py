"""Fixtures others may reuse: the seed graph, and real Oxigraph and Virtuoso servers on 127.0.0.1."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings
from rdflib import Graph

from kg.paths import KG_FILE
from tests.repo import ROOT
from tests.virtuoso import VIRTUOSO, Virtuoso, free_port, start_virtuoso

OXIGRAPH = ROOT / ".venv" / "bin" / "oxigraph"

# Property tests draw the same examples on every run (set GOVKG_HYPOTHESIS_RANDOM=1 to explore new ones), so a red
# CI run can be reproduced and a green one is not luck.
settings.register_profile("govkg", derandomize=not os.environ.get("GOVKG_HYPOTHESIS_RANDOM"))
settings.load_profile("govkg")


@pytest.fixture(scope="session")
def seed_graph() -> Graph:
    """The committed seed graph ``data/kg.ttl``."""
    return Graph().parse(KG_FILE, format="turtle")


def _wait_until_up(url: str, process: subprocess.Popen[bytes], seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"oxigraph exited early with code {process.returncode}")
        try:
            with urllib.request.urlopen(url + "/query?query=ASK%7B%7D", timeout=1) as response:
                response.read()
                return
        except (urllib.error.URLError, OSError):
            time.sleep(0.1)
    raise RuntimeError(f"oxigraph did not answer on {url} within {seconds} s")



def stop_process(process: subprocess.Popen[bytes], seconds: float = 10) -> None:
    """Stop a server or browser a fixture started: SIGTERM, then SIGKILL if it has not exited in ``seconds``."""
    process.terminate()
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()

@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Start ``oxigraph serve`` on a free 127.0.0.1 port with a fresh store; yield its base URL; stop it."""
    binary = OXIGRAPH if OXIGRAPH.is_file() else shutil.which("oxigraph")
    if binary is None:
        print("skipping: the oxigraph server binary is not installed (pip install oxigraph)")
        pytest.skip("the oxigraph server binary is not installed (pip install oxigraph)")
    location: Path = tmp_path_factory.mktemp("oxigraph")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(
        [str(binary), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_until_up(url, process)
        yield url
    finally:
        stop_process(process)


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Virtuoso]:
    """Start Debian's Virtuoso on free 127.0.0.1 ports with a new database in a temporary folder; stop it after."""
    if shutil.which(VIRTUOSO) is None:
        print(f"skipping: {VIRTUOSO} is not installed (apt-get install virtuoso-opensource)")
        pytest.skip(f"{VIRTUOSO} is not installed (apt-get install virtuoso-opensource)")
    server = start_virtuoso(tmp_path_factory.mktemp("virtuoso"))
    try:
        yield server
    finally:
        server.stop()


# Markers: `make check` leaves out the slow, browser and server tests; `make test` and CI run everything.
_MODULE_MARKS = {
    "browser": {"test_browser"},
    "server": {"test_server", "test_load_smoke", "test_server_http", "test_server_limits"},
    "slow": {"test_install", "test_bench_smoke", "test_build_parallel", "test_harden_writes", "test_harden_sources",
             "test_harden_text", "test_harden_rdf", "test_query_timeout", "test_netmetrics", "test_network",
             "test_shacl", "test_synth"},
}
# single tests of seconds in otherwise quick modules
_SLOW_TESTS = {"test_rdflib_and_oxigraph_agree_on_every_case",
               "test_two_site_runs_under_different_hash_seeds_write_identical_files",
               "test_two_builds_under_different_hash_seeds_give_identical_bytes",
               "test_re_export_gives_identical_bytes_whatever_the_hash_seed"}
_SERVER_FIXTURES = {"oxigraph_server", "virtuoso_server", "canary"}


def pytest_configure(config: pytest.Config) -> None:
    """Register the markers, so a misspelt one is an error (``--strict-markers``)."""
    config.addinivalue_line("markers", "slow: takes seconds (processes, wheels, property tests); not in make check")
    config.addinivalue_line("markers", "browser: drives headless Chromium; not in make check")
    config.addinivalue_line("markers", "server: starts a real server on 127.0.0.1; not in make check")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark each test by its module, and every test that starts a server by the fixtures it uses."""
    for item in items:
        module = item.nodeid.split("::", 1)[0].rsplit("/", 1)[-1].removesuffix(".py")
        for mark, modules in _MODULE_MARKS.items():
            if module in modules:
                item.add_marker(mark)
        reference_engine = module in {"test_shapes", "test_queries"} and item.name.endswith(("-pyshacl]", "-rdflib]"))
        if getattr(item, "originalname", item.name) in _SLOW_TESTS or reference_engine:  # the slow reference engines
            item.add_marker("slow")
        if _SERVER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker("server")
