"""The names the command line offers, kept apart so that ``reportgen --help`` imports nothing heavy."""

from __future__ import annotations

BRIEF_FORMATS = ("pdf", "html")
LIST_KINDS = ("hardware", "locations", "pue")


def N_(message: str) -> str:
    """Mark a message for the catalogs; it is translated where it is shown."""
    return message


def languages() -> tuple[str, ...]:
    """Return the codes of the languages found under locales/ (looked up when an option is checked or shown)."""
    from .resources import languages

    return languages()


def export_targets() -> tuple[str, ...]:
    """Return the disclosures ``export --to`` offers: the export registry's, imported only when asked for."""
    from .exports.registry import target_names

    return target_names()
