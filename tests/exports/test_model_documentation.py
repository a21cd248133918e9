"""The Model Documentation Form's items, rendered in both languages for every example, carry calc's figures at
the precision the Form asks: MWh and FLOPs to two significant figures, FLOPs' order of magnitude, training time
in months, wall-clock days and hardware-days, and N/A with a reason where reportgen has no figure."""

from __future__ import annotations

import html
import math
import re
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from reportgen.core import measured_bases

from ..conftest import EXAMPLES
from .test_formats import EXAMPLE_SCENARIOS, calc_rows

SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")
DAYS_PER_MONTH = 365.25 / 12
WORDS = {
    "en": {"measured": "Measured.", "estimated": "Estimated.", "na": "N/A:", "months": "months", "days": "days",
           "title": "Model Documentation Form"},
    "nl": {"measured": "Gemeten.", "estimated": "Geschat.", "na": "N.v.t.:", "months": "maanden", "days": "dagen",
           "title": "Modeldocumentatieformulier"},
}


def sig(value: float, lang: str) -> str:
    """Return ``value`` at two significant figures as the locale writes it (5,600 / 5.600; 0.0021 / 0,0021)."""
    rounded = float(f"{value:.2g}")
    decimals = max(0, 1 - math.floor(math.log10(abs(rounded))))
    text = f"{rounded:,.{decimals}f}"
    return text.translate(str.maketrans(",.", ".,")) if lang == "nl" else text


def flops(value: float, lang: str) -> str:
    """Return FLOPs as mantissa × 10^n at two significant figures."""
    exponent = math.floor(math.log10(float(f"{value:.2g}")))
    return f"{sig(value / 10 ** exponent, lang)} × 10{str(exponent).translate(SUPERSCRIPT)}"


def magnitude(value: float) -> str:
    return "10" + str(math.floor(math.log10(float(f"{value:.2g}")))).translate(SUPERSCRIPT)


def form_text(paths: list[Path], ext: str) -> str:
    path = next(p for p in paths if p.suffix == f".{ext}")
    if ext == "pdf":
        text = " ".join(page.extract_text() for page in PdfReader(BytesIO(path.read_bytes())).pages)
    else:
        text = path.read_text(encoding="utf-8")
        text = html.unescape(re.sub(r"<[^>]+>", " ", text)) if ext == "html" else text
    return re.sub(r"\s+", " ", text.replace("\u00a0", " "))


def expected_items(row: dict, lang: str) -> list[str]:
    """Return the pieces of text the Form's items must hold for calc's row ``row``."""
    words = WORDS[lang]
    per_run = row["count"] * row["runs"]
    low, high = (row[f"device_hours_{end}"] / per_run / 24 / DAYS_PER_MONTH for end in ("low", "high"))
    months = sig(low, lang) if sig(low, lang) == sig(high, lang) else f"{sig(low, lang)} "
    items = [
        words["title"],
        f"{sig(row['energy_median_kwh'] / 1000, lang)} MWh",
        f"{sig(row['energy_low_kwh'] / 1000, lang)} MWh", f"{sig(row['energy_high_kwh'] / 1000, lang)} MWh",
        words["measured"] if row["power_basis"] in measured_bases() else words["estimated"],
        f"{magnitude(row['training_flops'])} FLOP", f"{flops(row['training_flops'], lang)} FLOP",
        f"{months}", f"{sig(high, lang)} {words['months']}",
        f"{sig(row['hours_median'] / 24, lang)} {words['days']}",
        f"{sig(row['device_hours_median'] / 24, lang)} ",
        words["na"],  # the inference's benchmarked computation
    ]
    if row["training_flops_method"] == "hardware":
        items += [flops(row["training_flops_low"], lang), flops(row["training_flops_high"], lang)]
    return items


@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize(("name", "scenario"), EXAMPLE_SCENARIOS)
def test_the_forms_items_carry_calcs_figures_at_the_forms_precision(cli, tmp_path, name, scenario, lang) -> None:
    path = EXAMPLES / name
    result = cli("export", str(path), "--to", "model-documentation", "--scenario", scenario, "--lang", lang,
                 "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    paths = [Path(line) for line in result.output.split()]
    assert sorted(p.name for p in paths) == [f"{path.stem}.{scenario}.model-documentation.{lang}.{ext}"
                                             for ext in ("html", "md", "pdf")]
    row = calc_rows(cli, path)[scenario]
    for ext in ("md", "html"):
        text = form_text(paths, ext)
        for piece in expected_items(row, lang):
            assert piece in text, (ext, piece)
        method = re.search(r"(?:Method|Methode):?\*?\*? (.+?) (?:##|Computation|Rekenwerk voor inferentie)",
                           text)
        assert method is not None and 70 <= len(method.group(1).split()) <= 130  # about a hundred words


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_the_forms_pdf_states_the_same_items(cli, tmp_path, lang) -> None:
    path, scenario = EXAMPLES / "pretrain-be-compute.yaml", "pretrain-7b-2t"
    result = cli("export", str(path), "--to", "model-documentation", "--scenario", scenario, "--lang", lang,
                 "--out", str(tmp_path))
    text = form_text([Path(line) for line in result.output.split()], "pdf").lower()
    for piece in expected_items(calc_rows(cli, path)[scenario], lang):
        assert piece.lower() in text, piece


def test_the_served_models_inference_is_na_with_its_reason_and_an_order_of_magnitude(cli, tmp_path) -> None:
    path = EXAMPLES / "pretrain-be-compute.yaml"
    result = cli("export", str(path), "--to", "model-documentation", "--scenario", "pretrain-7b-2t", "--out",
                 str(tmp_path))
    text = form_text([Path(line) for line in result.output.split()], "md")
    assert "N/A: reportgen does not benchmark the computation of inference." in text
    assert "0.29 Wh per request, for 50 million requests" in text and "1.4 × 10¹⁰ FLOPs per token" in text
