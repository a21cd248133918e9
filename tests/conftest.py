from __future__ import annotations

import http.server
import os
import shutil
import subprocess
import sys
import textwrap
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from reportgen.cli import main
from reportgen.reference import Reference, load_reference

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
# The examples that are scenario files; a cluster file (a centre's year) has tests of its own.
SCENARIO_EXAMPLES = [p for p in sorted(EXAMPLES.glob("*.yaml"))
                     if not ("\n" + p.read_text(encoding="utf-8")).count("\ncluster:")]


@pytest.fixture(scope="session")
def ref() -> Reference:
    return load_reference()


@pytest.fixture
def write_file(tmp_path: Path) -> Callable[[str, str], Path]:
    """Write dedented text to a file in tmp_path and return its path."""

    def write(text: str, name: str = "scenarios.yaml") -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return write


@pytest.fixture
def cli() -> Callable[..., Result]:
    runner = CliRunner()

    def invoke(*args: str) -> Result:
        return runner.invoke(main, list(args), catch_exceptions=False)

    return invoke


@pytest.fixture
def site_inputs(tmp_path: Path) -> Path:
    """Return a folder holding two of the examples, for site builds."""
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("finetune-be-university.yaml", "pretrain-nl-cloud.yaml"):
        shutil.copy(EXAMPLES / name, folder / name)
    return folder


@contextmanager
def http_server(handler: Callable[..., http.server.BaseHTTPRequestHandler]) -> Iterator[str]:
    """Serve ``handler`` on 127.0.0.1 in a thread; yield the base URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


# Root reads and writes any file, so a test of a permission error runs the command without the capabilities that
# let it (uid 0 keeps its files, but no longer overrides their modes); without setpriv such a test is skipped.
DROP_OVERRIDE = ("setpriv", "--bounding-set", "-dac_override,-dac_read_search", "--")


@pytest.fixture
def unprivileged() -> Callable[..., subprocess.CompletedProcess[str]]:
    """Return a runner of ``reportgen ARGS`` in a process that file modes bind, as they bind a user."""
    prefix: tuple[str, ...] = ()
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("running as root, and setpriv (util-linux) is missing to drop the override of file modes")
        prefix = DROP_OVERRIDE

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*prefix, sys.executable, "-m", "reportgen", *args], capture_output=True, text=True,
                              timeout=120, check=False)

    return run


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="Rewrite the golden files in tests/golden/ from the current output (review the diff).")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    """Return whether this run rewrites the golden files instead of comparing with them."""
    return bool(request.config.getoption("--update-golden"))
