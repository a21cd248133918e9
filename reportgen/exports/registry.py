"""Every disclosure ``reportgen export --to`` can write, in the order a brief page offers their files."""

from __future__ import annotations

from ..errors import InputError
from .ai_act import AI_ACT
from .boamps import BOAMPS
from .cyclonedx import CYCLONEDX
from .model_card import MODEL_CARD
from .model_documentation import MODEL_DOCUMENTATION
from .sci import SCI
from .spdx import SPDX
from .target import ExportTarget

TARGETS: dict[str, ExportTarget] = {t.name: t for t in (AI_ACT, MODEL_DOCUMENTATION, MODEL_CARD, SPDX, BOAMPS, SCI,
                                                           CYCLONEDX)}


def target_names() -> tuple[str, ...]:
    """Return the names ``--to`` accepts."""
    return tuple(TARGETS)


def export_target(name: str) -> ExportTarget:
    """Return the disclosure of this name; refuse an unknown one with InputError."""
    if name not in TARGETS:
        raise InputError(None, f"unknown export '{name}': use {', '.join(TARGETS)}")
    return TARGETS[name]
