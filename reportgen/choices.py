"""The names the command line offers, kept apart so that ``reportgen --help`` imports nothing heavy."""

from __future__ import annotations

LANGUAGES = ("nl", "en")
BRIEF_FORMATS = ("pdf", "html")
EXPORT_TARGETS = ("model-card", "spdx", "ai-act")
LIST_KINDS = ("hardware", "locations", "pue")
