"""A disclosure registered once reaches the command line, the export command and a brief page's files."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest

from reportgen.brief.disclosure import DisclosureView
from reportgen.exports import registry
from reportgen.exports.target import ExportFile, ExportTarget
from reportgen.publish import SiteConfig, build_site

from ..conftest import EXAMPLES

FILE = EXAMPLES / "finetune-be-university.yaml"


def _carbon_txt(d: DisclosureView, env: jinja2.Environment, static: str) -> dict[str, bytes]:
    return {"txt": f"{d.scenario.id} {d.lang}\n".encode()}


CARBON_TXT = ExportTarget("carbon-txt", (ExportFile("txt", "Plain-text carbon note", "Text", "text/plain"),),
                          _carbon_txt)


@pytest.fixture
def registered(monkeypatch: pytest.MonkeyPatch) -> ExportTarget:
    monkeypatch.setitem(registry.TARGETS, CARBON_TXT.name, CARBON_TXT)
    return CARBON_TXT


def test_a_registered_target_is_a_choice_of_the_command_line(cli, registered) -> None:
    assert "carbon-txt" in cli("export", "--help").output
    assert "'carbon-txt'" in cli("export", str(FILE), "--to", "nothing").output  # among the names offered


def test_the_export_command_writes_a_registered_target(cli, registered, tmp_path: Path) -> None:
    result = cli("export", str(FILE), "--to", "carbon-txt", "--scenario", "finetune-single", "--lang", "nl",
                 "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    (path,) = (Path(line) for line in result.output.split())
    assert path.name == "finetune-be-university.finetune-single.carbon-txt.txt"
    assert path.read_text(encoding="utf-8") == "finetune-single nl\n"


def test_a_brief_page_offers_a_registered_target(registered, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build_site(SiteConfig(inputs=(FILE,), out=out, pdf=False, jobs=1))
    for lang in ("nl", "en"):
        assert (out / lang / "finetune-be-university.carbon-txt.txt").read_text(encoding="utf-8").endswith(
            f" {lang}\n")
        page = (out / lang / "finetune-be-university.html").read_text(encoding="utf-8")
        assert 'href="finetune-be-university.carbon-txt.txt"' in page
        assert "Plain-text carbon note" in page
