"""The names the command line offers, kept apart so that ``reportgen --help`` imports nothing heavy."""

from __future__ import annotations

BRIEF_FORMATS = ("pdf", "html")
LIST_KINDS = ("hardware", "locations", "pue")


def N_(message: str) -> str:
    """Mark a message for the catalogs; it is translated where it is shown."""
    return message
