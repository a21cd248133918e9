"""The preview against odd requests and clients, killed previews, and edits made while it builds."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from reportgen.publish.preview import PreviewHandler, PreviewServer, PreviewState, start_server
from reportgen.publish.serve import TEMP_PREFIX, ServeConfig, Watcher, remove_abandoned_previews


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, int]]:
    build = tmp_path / "build"
    (build / "en").mkdir(parents=True)
    (build / "en" / "a.html").write_text("<html><body>a</body></html>", encoding="utf-8")
    state = PreviewState()
    state.built(build)
    running = start_server("127.0.0.1", 0, state)
    try:
        yield "127.0.0.1", running.server_address[1]
    finally:
        running.shutdown()
        running.server_close()


def _request(address: tuple[str, int], target: str) -> bytes:
    with socket.create_connection(address, timeout=10) as client:
        client.sendall(f"GET {target} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".encode())
        answer = b""
        while chunk := client.recv(65536):
            answer += chunk
    return answer


@pytest.mark.parametrize("target", ["/x%00.html", "/en/a%00", "/" + "a" * 5000 + ".html", "/en/" + "b" * 300])
def test_a_name_no_file_can_have_is_simply_not_found(server: tuple[str, int], target: str,
                                                     capfd: pytest.CaptureFixture[str]) -> None:
    assert _request(server, target).startswith(b"HTTP/1.0 404")
    assert _request(server, "/en/a.html").startswith(b"HTTP/1.0 200")
    assert "Traceback" not in capfd.readouterr().err


def test_clients_that_go_away_mid_response_print_nothing(capfd: pytest.CaptureFixture[str]) -> None:
    preview = PreviewServer.__new__(PreviewServer)  # handle_error needs no socket
    for error in (BrokenPipeError(32, "Broken pipe"), ConnectionResetError(104, "reset"), TimeoutError()):
        try:
            raise error
        except OSError:
            preview.handle_error(None, ("127.0.0.1", 1))
    assert capfd.readouterr().err == ""


def test_idle_connections_time_out_and_the_listen_backlog_is_normal(server: tuple[str, int],
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    assert PreviewHandler.timeout and PreviewHandler.timeout <= 60
    assert PreviewServer.request_queue_size >= 128
    monkeypatch.setattr(PreviewHandler, "timeout", 0.5)
    with socket.create_connection(server, timeout=10) as client:
        client.sendall(b"GET / HTTP/1.1\r\n")  # half a request, then silence (slow loris)
        start = time.monotonic()
        assert client.recv(1024) == b""
        assert time.monotonic() - start < 9  # the server closed it, long before the client's own timeout
    assert _request(server, "/en/a.html").startswith(b"HTTP/1.0 200")


def test_a_killed_previews_temporary_folder_is_removed_at_the_next_start(tmp_path: Path) -> None:
    dead = tmp_path / f"{TEMP_PREFIX}999999999-abc"  # no process has this id
    alive = tmp_path / f"{TEMP_PREFIX}{os.getppid()}-def"
    other = tmp_path / "reportgen-preview-someone"
    for folder in (dead, alive, other):
        (folder / "html").mkdir(parents=True)
    remove_abandoned_previews(tmp_path)
    assert not dead.exists() and alive.is_dir() and other.is_dir()


def _watcher(tmp_path: Path, scenario: Path) -> tuple[Watcher, threading.Event]:
    stop = threading.Event()
    return Watcher(ServeConfig(inputs=(scenario,)), tmp_path / "preview", stop), stop


def test_an_edit_made_during_a_build_is_not_lost(tmp_path: Path) -> None:
    scenario = tmp_path / "in" / "a.yaml"
    scenario.parent.mkdir()
    scenario.write_text("scenarios: []\n", encoding="utf-8")
    watcher, stop = _watcher(tmp_path, scenario)
    watcher.follow({scenario})
    scenario.write_text("scenarios: [1]\n", encoding="utf-8")  # as if during the first build
    time.sleep(0.5)
    threading.Timer(20, stop.set).start()
    changes = watcher.next()
    stop.set()
    assert changes is not None and str(scenario.resolve()) in changes


def test_a_changed_log_is_watched_once_a_build_read_it(tmp_path: Path) -> None:
    scenario = tmp_path / "in" / "a.yaml"
    scenario.parent.mkdir()
    scenario.write_text("scenarios: []\n", encoding="utf-8")
    log = tmp_path / "logs" / "power.csv"
    log.parent.mkdir()
    log.write_text("timestamp\n", encoding="utf-8")
    watcher, stop = _watcher(tmp_path, scenario)
    watcher.follow({scenario})
    watcher.follow({scenario, log})  # the build read the log
    assert watcher.next() == {"(files to watch)"}  # one rebuild for what changed while the watch moved
    log.write_text("timestamp\n1\n", encoding="utf-8")
    threading.Timer(20, stop.set).start()
    changes = watcher.next()
    stop.set()
    assert changes is not None and str(log.resolve()) in changes
