"""The live preview: serve, watch, rebuild, reload, and show the author's mistakes in the page."""

from __future__ import annotations

import json
import logging
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from reportgen.publish import SiteConfig, build_site
from reportgen.publish.preview import PreviewState, _error_page, _with_script
from reportgen.publish.serve import ServeConfig, rebuild

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "finetune-be-university.yaml"
OLD, NEW = "Grid search over 32 hyperparameter settings", "Grid search over 48 hyperparameter settings"


class Preview:
    """A running ``reportgen serve`` and its address."""

    def __init__(self, process: subprocess.Popen[str], address: str) -> None:
        self.process, self.address = process, address

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.address + path.lstrip("/"), timeout=10) as response:
                return response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode("utf-8", "replace")

    def status(self) -> dict[str, Any]:
        return dict(json.loads(self.get("__reportgen__/status")[1]))

    def wait_until(self, done: Any, timeout: float) -> float:
        """Return the seconds until ``done(self)`` holds; fail after ``timeout``."""
        start = time.monotonic()
        while time.monotonic() - start < timeout:
            if done(self):
                return time.monotonic() - start
            assert self.process.poll() is None, self.process.stderr.read() if self.process.stderr else ""
            time.sleep(0.05)
        pytest.fail(f"not within {timeout} s; status {self.status()}")


@contextmanager
def preview(tmp_path: Path, *args: str) -> Iterator[Preview]:
    """Run ``reportgen serve`` on a free port, with its temporary folder inside ``tmp_path``."""
    temp = tmp_path / "temp"
    temp.mkdir(exist_ok=True)
    env = {**os.environ, "TMPDIR": str(temp), "SOURCE_DATE_EPOCH": "1795737600"}
    process = subprocess.Popen([sys.executable, "-m", "reportgen", "serve", *args, "--port", "0"], cwd=tmp_path,
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        ready, _, _ = select.select([process.stdout], [], [], 60)
        line = process.stdout.readline() if ready else ""
        assert line.startswith("Previewing at http://127.0.0.1:"), line + (process.stderr.read() if not line and
                                                                           process.stderr else "")
        yield Preview(process, line.split()[2])
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            raise
        finally:
            for stream in (process.stdout, process.stderr):
                if stream is not None:
                    stream.close()
    assert process.returncode == 0
    assert list(temp.iterdir()) == [], "the preview left its temporary folder behind"


def _copy_example(tmp_path: Path) -> Path:
    path = tmp_path / "briefs" / EXAMPLE.name
    path.parent.mkdir()
    shutil.copy(EXAMPLE, path)
    return path


def _build_of(page: str) -> int:
    """Return the build number a served page's reload script says it shows."""
    match = re.search(r"const shown = (\d+);", page)
    assert match, "the served page has no reload script"
    return int(match[1])


def _save(path: Path, text: str) -> None:
    """Save ``text`` as an editor does: a hidden file renamed over the old one, so no build reads half a file."""
    hidden = path.with_name(f".{path.name}.swp")
    hidden.write_text(text, encoding="utf-8")
    os.replace(hidden, path)


def test_serve_shows_an_edit_of_the_scenario_file_from_the_html_pass_before_its_pdfs(tmp_path: Path) -> None:
    # Waits on the preview's builds, never on a clock: on a loaded machine a pass may take long. The page that
    # first shows the edit must come from the HTML-only pass right after the edit, not from the pass with PDFs.
    scenario = _copy_example(tmp_path)
    with preview(tmp_path, str(scenario), "--jobs", "1") as server:
        # both passes of the first build done (build 2), so the edit starts a rebuild of its own
        server.wait_until(lambda s: s.status()["build"] >= 2 and not s.status()["busy"], timeout=300)
        before = server.status()["build"]
        code, page = server.get(f"en/{scenario.stem}.html")
        assert code == 200 and OLD in page and NEW not in page and _build_of(page) == before
        assert server.get(f"en/{scenario.stem}.pdf")[0] == 200
        _save(scenario, scenario.read_text(encoding="utf-8").replace(OLD, NEW))
        shown: list[str] = []  # the pages served since the edit; the last one is the first with the edit

        def edited(s: Preview) -> bool:
            shown.append(s.get(f"en/{scenario.stem}.html")[1])
            return NEW in shown[-1]

        server.wait_until(edited, timeout=300)
        # the HTML pass (build before + 1) shows the edit while the PDFs render (build before + 2): a poll
        # takes milliseconds, rendering the brief's PDFs seconds
        assert _build_of(shown[-1]) == before + 1
        server.wait_until(lambda s: s.status()["build"] >= before + 2 and not s.status()["busy"], timeout=300)
        code, page = server.get(f"en/{scenario.stem}.html")
        assert code == 200 and NEW in page and OLD not in page


def test_serve_shows_a_mistake_in_the_page_and_keeps_the_last_good_site(tmp_path: Path) -> None:
    scenario = _copy_example(tmp_path)
    good = scenario.read_text(encoding="utf-8")
    with preview(tmp_path, str(scenario.parent), "--no-pdf") as server:
        server.wait_until(lambda s: s.status()["build"] >= 1 and not s.status()["busy"], timeout=60)
        scenario.write_text(good.replace("hours:", "hourz:", 1), encoding="utf-8")
        server.wait_until(lambda s: s.status()["error"] is not None, timeout=30)
        error = server.status()["error"]
        assert f"{scenario}:" in error and "hourz" in error and "did you mean 'hours'" in error
        code, page = server.get(f"nl/{scenario.stem}.html")
        assert code == 200 and "Grid search: 32 combinaties" in page  # the last good build, still served
        assert "reportgen-preview" in page and "de laatste versie die wel werkte" in page  # the banner, in Dutch
        assert server.process.poll() is None  # a mistake does not stop the preview
        scenario.write_text(good, encoding="utf-8")
        server.wait_until(lambda s: s.status()["error"] is None, timeout=30)


def test_serve_before_any_good_build_shows_the_error_on_every_page(tmp_path: Path) -> None:
    scenario = tmp_path / "broken.yaml"
    scenario.write_text("scenarios:\n  - id: a\n    hardware: H100\n", encoding="utf-8")
    with preview(tmp_path, str(scenario), "--no-pdf") as server:
        server.wait_until(lambda s: s.status()["error"] is not None, timeout=30)
        code, page = server.get("en/broken.html")
        assert code == 503
        assert "The preview could not be built" in page and "hardware" in page
        scenario.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
        server.wait_until(lambda s: s.get("en/broken.html")[0] == 200, timeout=30)


def test_serve_publishes_nothing_but_the_build_and_no_listing(tmp_path: Path) -> None:
    scenario = _copy_example(tmp_path)
    with preview(tmp_path, str(scenario), "--no-pdf") as server:
        server.wait_until(lambda s: s.status()["build"] >= 1 and not s.status()["busy"], timeout=60)
        assert server.get("../../../etc/passwd")[0] == 404
        assert server.get("%2e%2e/%2e%2e/etc/passwd")[0] == 404
        assert server.get("static/")[0] == 404  # a folder without a page of its own is never listed
        code, root = server.get("")
        assert code == 200 and "reportgen-preview" in root


def test_a_served_page_gets_the_reload_script_in_its_own_language() -> None:
    page = '<!DOCTYPE html><html lang="nl"><body><main>x</main></body></html>'
    served = _with_script(page, 7, "nl")
    assert served.index("<script>") > served.index("<main>") and served.endswith("</body></html>")
    assert "de laatste versie die wel werkte" in served and "const shown = 7;" in served


def test_the_preview_knows_each_page_language_from_the_build(site_inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build_site(SiteConfig(inputs=(site_inputs,), out=out, pdf=False, jobs=1))
    state = PreviewState()
    state.built(out)
    assert state.languages["index.html"] == "en"  # the language choice speaks the source language
    assert state.languages["nl/pretrain-nl-cloud.html"] == "nl"
    assert state.languages["nl/pretrain-nl-cloud.ai-act.nl.html"] == "nl"
    assert state.languages["en/method.html"] == "en"
    assert set(state.languages) == {p.relative_to(out).as_posix() for p in out.rglob("*.html")}
    assert state.language(out / "nl" / "index.html") == "nl"


def test_the_error_page_shows_the_message_as_text() -> None:
    page = _error_page("en", "a.yaml:1: name: <script>alert(1)</script>", 3)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page


def test_serve_refuses_a_missing_input_and_a_busy_port(cli: Any, tmp_path: Path) -> None:
    result = cli("serve", str(tmp_path / "nothing.yaml"))
    assert result.exit_code == 2 and "nothing.yaml: no such file or folder" in result.output
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = cli("serve", str(EXAMPLE), "--port", str(port))
    assert result.exit_code == 2 and f"--port: cannot listen on 127.0.0.1:{port}" in result.output


def test_serve_answers_only_requests_that_name_this_machine(tmp_path: Path) -> None:
    scenario = _copy_example(tmp_path)
    with preview(tmp_path, str(scenario), "--no-pdf") as server:
        server.wait_until(lambda s: s.status()["build"] >= 1 and not s.status()["busy"], timeout=60)
        port = server.address.rsplit(":", 1)[1].strip("/")
        for host, expected in ((f"localhost:{port}", 200), (f"attacker.example:{port}", 403)):
            request = urllib.request.Request(server.address + "en/", headers={"Host": host})
            try:
                with urllib.request.urlopen(request, timeout=10) as response:
                    code = response.status
            except urllib.error.HTTPError as exc:
                code = exc.code
                exc.close()
            assert code == expected, host
        head = urllib.request.Request(server.address + "index.html", method="HEAD")
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(head, timeout=10)
        assert refused.value.code == 405
        refused.value.close()


def test_serve_says_in_the_terminal_each_rebuild_and_each_mistake(tmp_path: Path,
                                                                caplog: pytest.LogCaptureFixture) -> None:
    scenario = _copy_example(tmp_path)
    good = scenario.read_text(encoding="utf-8")
    config = ServeConfig(inputs=(scenario,), pdf=False, jobs=1)
    (tmp_path / "root").mkdir()
    with caplog.at_level(logging.INFO, logger="reportgen.publish.serve"):
        rebuild(config, tmp_path / "root", PreviewState())
        scenario.write_text(good.replace("hours:", "hourz:", 1), encoding="utf-8")
        rebuild(config, tmp_path / "root", PreviewState())
    said = [r.getMessage() for r in caplog.records if r.name == "reportgen.publish.serve"]
    assert said[0] == "rebuilt: the pages"
    assert said[1].startswith("the page shows this mistake, beside the last good build:\n") and "hourz" in said[1]
