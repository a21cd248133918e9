"""The preview's web server: the newest complete build, on 127.0.0.1 only, each page with its reload script.

``/__reportgen__/status`` answers the build number, whether a build runs and the last build's error. Pages
are served with a script (templates/serve/reload.html) that asks for it, reloads the page when the number
changes and shows the error meanwhile. Before any build has worked, every address shows the error.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import threading
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .. import routes
from ..errors import InputError
from ..render import make_env, render_page
from ..resources import SOURCE_LANGUAGE, languages
from .cache import read_manifest

log = logging.getLogger(__name__)

STATUS_PATH = "/__reportgen__/status"


@dataclass
class PreviewState:
    """What the server shows: the folder of the newest complete build, its number, and the last error."""

    folder: Path | None = None
    build: int = 0
    busy: bool = False
    error: str | None = None
    languages: dict[str, str] = field(default_factory=dict)  # each page's language, by its path in the build
    lock: threading.Lock = field(default_factory=threading.Lock)

    def built(self, folder: Path) -> None:
        """Show the build in ``folder`` from now on."""
        found = {str(k): str(v) for k, v in read_manifest(folder).get("languages", {}).items()}
        with self.lock:
            self.folder, self.build, self.error, self.languages = folder, self.build + 1, None, found

    def language(self, file: Path) -> str:
        """Return the language of a page of the build shown, as the build recorded it."""
        with self.lock:
            if self.folder is None or not file.is_relative_to(self.folder):  # a newer build came in meanwhile
                return SOURCE_LANGUAGE
            return self.languages.get(file.relative_to(self.folder).as_posix(), SOURCE_LANGUAGE)

    def failed(self, message: str) -> None:
        """Keep showing the last good build, with ``message`` above it."""
        with self.lock:
            if message != self.error:
                self.error, self.build = message, self.build + 1

    def set_busy(self, busy: bool) -> None:
        """Say whether a build is running."""
        with self.lock:
            self.busy = busy

    def snapshot(self) -> dict[str, Any]:
        """Return the status as the page's script reads it."""
        with self.lock:
            return {"build": self.build, "busy": self.busy, "error": self.error}


class PreviewServer(ThreadingHTTPServer):
    """The preview's server: a normal listen backlog, and quiet about clients that go away."""

    request_queue_size = 128  # a page and its stylesheets, fonts and status polls, from several tabs at once

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Say nothing of a client that closed the connection or sent nothing in time (a reload mid-load);
        anything else is one line, not a traceback."""
        exc = sys.exc_info()[1]
        if not isinstance(exc, OSError):
            log.warning("the preview could not answer a request: %s: %s", type(exc).__name__, str(exc)[:200])


def start_server(host: str, port: int, state: PreviewState) -> ThreadingHTTPServer:
    """Return a server for ``state`` listening on ``host:port`` in a thread of its own."""
    handler = type("Handler", (PreviewHandler,), {"state": state})
    try:
        server = PreviewServer((host, port), handler)
    except OSError as exc:
        raise InputError(None, f"--port: cannot listen on {host}:{port}: {exc.strerror or exc}; "
                         "choose another port, or 0 for a free one") from None
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name="preview-server", daemon=True).start()
    return server


class PreviewHandler(SimpleHTTPRequestHandler):
    """Serves the files of the newest build; HTML pages with the reload script, nothing cached."""

    state: PreviewState
    timeout = 30  # seconds a connection may stay silent before it is closed (one thread each)

    def do_GET(self) -> None:
        """Answer the status, a page with its script, or a file of the build; a name no file can have (a NUL,
        too long) is simply not found."""
        if not self._from_this_machine():
            return
        try:
            self._answer()
        except ValueError:
            self.send_error(HTTPStatus.NOT_FOUND)
        except OSError as exc:
            if isinstance(exc, ConnectionError | TimeoutError):
                raise
            self.send_error(HTTPStatus.NOT_FOUND)

    def _answer(self) -> None:
        """Answer a GET from this machine."""
        path = urlsplit(self.path).path
        if path == STATUS_PATH:
            self._send(json.dumps(self.state.snapshot()).encode(), "application/json")
            return
        status = self.state.snapshot()
        folder = self.state.folder
        if folder is None:
            first = path.strip("/").split("/")[0]
            lang = first if first in languages() else SOURCE_LANGUAGE
            self._send(_error_page(lang, status["error"] or "", status["build"]).encode(), "text/html; charset=utf-8",
                       HTTPStatus.SERVICE_UNAVAILABLE)
            return
        file = Path(self.translate_path(self.path))
        if file.is_dir():
            file = file / routes.INDEX
        if file.suffix == ".html" and file.is_file():
            lang = self.state.language(file)
            self._send(_with_script(file.read_text(encoding="utf-8"), status["build"], lang).encode(),
                       "text/html; charset=utf-8")
            return
        super().do_GET()

    def do_HEAD(self) -> None:
        """Refuse HEAD: the preview answers a browser's GET, nothing else."""
        self.send_error(HTTPStatus.METHOD_NOT_ALLOWED)

    def translate_path(self, path: str) -> str:
        """Return the file a URL names inside the newest build (the handler refuses to leave it)."""
        folder = self.state.folder
        self.directory = str(folder) if folder is not None else os.devnull  # no build yet: nothing is a file
        return super().translate_path(path)

    def _from_this_machine(self) -> bool:
        """Return whether the request names this server as its host; refuse it otherwise, so that a web page
        elsewhere cannot read the preview through a name that it points at 127.0.0.1 (DNS rebinding)."""
        host = (self.headers.get("Host") or "").rsplit(":", 1)[0].strip("[]").lower()
        if host in ("127.0.0.1", "localhost"):
            return True
        self.send_error(HTTPStatus.FORBIDDEN)
        return False

    def end_headers(self) -> None:
        """Forbid caching: every reload must show the newest build."""
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def list_directory(self, path: Any) -> None:
        """Refuse to list a folder."""
        self.send_error(HTTPStatus.NOT_FOUND)

    def log_message(self, format: str, *args: Any) -> None:
        """Keep the terminal for what the author needs: requests are not logged."""

    def _send(self, body: bytes, kind: str, code: HTTPStatus = HTTPStatus.OK) -> None:
        """Send ``body`` whole."""
        self.send_response(code)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def _with_script(html: str, build: int, lang: str) -> str:
    """Return a page with the reload script, in the page's language, before its closing body tag."""
    script = render_page(make_env(lang), "serve/reload.html", build=build, status=STATUS_PATH)
    head, tag, tail = html.rpartition("</body>")
    return f"{head}{script}{tag}{tail}" if tag else html + script


def _error_page(lang: str, error: str, build: int) -> str:
    """Return the page shown before any build has worked: the error, and the script that reloads when fixed."""
    return render_page(make_env(lang), "serve/error.html", lang=lang, error=error, build=build, status=STATUS_PATH)
