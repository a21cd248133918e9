"""Hostile and broken input: a corpus of bad scenario files, generated files, and nothing leaking out."""

from __future__ import annotations

import http.server
import re
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest

from reportgen.pipeline import brief_document
from reportgen.publish import SiteConfig, build_site
from reportgen.render import render_pdf_bytes
from reportgen.resources import languages

from ..conftest import http_server

CORPUS = sorted((Path(__file__).parents[1] / "fixtures" / "bad").glob("*.yaml"))


def expectation(path: Path) -> str:
    match = re.search(rb"# expect: ([^\n]*)", path.read_bytes())
    assert match, f"{path.name} names no expected message"
    return match.group(1).decode()


def test_the_corpus_has_at_least_forty_files() -> None:
    assert len(CORPUS) >= 40


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.stem)
def test_each_bad_file_gets_exit_2_and_its_message(path: Path, cli) -> None:
    result = cli("calc", str(path))
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr.startswith(f"error: {path}")
    assert expectation(path) in result.stderr
    assert "Traceback" not in result.stderr


def test_a_50_mb_file_is_refused_before_it_is_parsed(tmp_path: Path, cli) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("w", encoding="utf-8") as handle:
        handle.write("scenarios:\n")
        line = "  - {id: a, name: A, hardware: nvidia-p100, hours: 1, location: BE}\n"
        handle.write(line * (50 * 1024 * 1024 // len(line) + 1))
    result = cli("calc", str(path))
    assert result.exit_code == 2
    assert "write larger sweeps as JSON" in result.stderr


def test_a_directory_is_refused(tmp_path: Path, cli) -> None:
    result = cli("calc", str(tmp_path))
    assert result.exit_code == 2 and "is a directory" in result.stderr


def test_a_symlink_loop_is_refused(tmp_path: Path, cli) -> None:
    (tmp_path / "a.yaml").symlink_to(tmp_path / "b.yaml")
    (tmp_path / "b.yaml").symlink_to(tmp_path / "a.yaml")
    result = cli("calc", str(tmp_path / "a.yaml"))
    assert result.exit_code == 2
    assert str(tmp_path / "a.yaml") in result.stderr


def test_an_unreadable_file_is_refused_without_showing_its_content(tmp_path: Path, unprivileged) -> None:
    path = tmp_path / "secret.yaml"
    path.write_text("scenarios: [secret-content]\n", encoding="utf-8")
    path.chmod(0)
    result = unprivileged("calc", str(path))
    assert result.returncode == 2 and "cannot read" in result.stderr
    assert "secret-content" not in result.stderr + result.stdout


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        _Recorder.requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def recorder() -> Iterator[str]:
    _Recorder.requests = []
    with http_server(_Recorder) as url:
        yield url


def hostile_file(folder: Path, base: str) -> Path:
    path = folder / "hostile.yaml"
    path.write_text(f"""
brief:
  title: '<link rel="stylesheet" href="{base}/title.css"> <style>body{{background:url({base}/bg.png)}}</style>'
  author: '<img src="{base}/author.png">'
scenarios:
  - id: a
    name: '<img src="{base}/name.png"> <link rel=attachment href="{base}/attachment">'
    description: 'background: url({base}/css.png); <iframe src="{base}/frame"></iframe>'
    hardware: nvidia-p100
    hours: 10
    location: BE
""", encoding="utf-8")
    return path


def test_user_text_never_reaches_the_renderer_as_markup(tmp_path: Path, recorder: str) -> None:
    path = hostile_file(tmp_path, recorder)
    for lang in languages():
        html = brief_document(path, lang, "html").data
        text = html.decode()
        assert "<img src" not in text and "<link rel=attachment" not in text and "<iframe" not in text
        assert "&lt;img src=" in text
        brief_document(path, lang, "pdf")
    build_site(SiteConfig(inputs=(path,), out=tmp_path / "site", pdf=True, jobs=1))
    assert _Recorder.requests == []


def test_the_fetcher_refuses_the_network_even_in_markup_it_is_given(recorder: str) -> None:
    html = (f'<html lang="en"><head><title>t</title><link rel="stylesheet" href="{recorder}/a.css"></head>'
            f'<body><img src="{recorder}/b.png" alt=""><p style="background:url({recorder}/c.png)">x</p>'
            f'<img src="file:///etc/passwd" alt=""></body></html>')
    assert render_pdf_bytes(html).startswith(b"%PDF")
    assert _Recorder.requests == []


def test_yaml_is_read_with_the_safe_loader_only(tmp_path: Path, cli) -> None:
    marker = tmp_path / "pwned"
    path = tmp_path / "evil.yaml"
    path.write_text(f"scenarios: !!python/object/apply:os.system ['touch {marker}']\n", encoding="utf-8")
    assert cli("calc", str(path)).exit_code == 2
    assert not marker.exists()
