"""Where outputs go: one object per output knows its path and its URL-encoded address."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportgen.errors import InputError
from reportgen.files import Output, write_atomic


def test_an_output_knows_its_path_and_its_encoded_url(tmp_path: Path) -> None:
    output = Output.at("nl", "my brief #1?.html")
    assert output.path(tmp_path) == tmp_path / "nl" / "my brief #1?.html"
    assert output.url == "nl/my%20brief%20%231%3F.html"


def test_a_relative_url_climbs_only_as_far_as_needed() -> None:
    page = Output.at("en", "index.html")
    assert Output.at("en", "a b.pdf").url_from(page) == "a%20b.pdf"
    assert Output.at("nl", "index.html").url_from(page) == "../nl/index.html"
    assert Output.at("static").url_from(page) == "../static"
    assert Output.at("nl", "index.html").url_from(Output.at("index.html")) == "nl/index.html"


@pytest.mark.parametrize("parts", [(), ("..", "x"), ("a/b",), ("",), (".",), ("x\0y",)])
def test_an_output_cannot_name_a_path_outside_its_folder(parts: tuple[str, ...]) -> None:
    with pytest.raises(InputError):
        Output.at(*parts)


def test_an_atomic_write_leaves_only_the_file(tmp_path: Path) -> None:
    target = tmp_path / "deep" / "file.txt"
    write_atomic(target, b"one")
    write_atomic(target, b"two")
    assert target.read_bytes() == b"two"
    assert [p.name for p in target.parent.iterdir()] == ["file.txt"]
