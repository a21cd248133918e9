"""The names the command line offers, kept apart so that ``reportgen --help`` imports nothing heavy."""

from __future__ import annotations

from dataclasses import dataclass

BRIEF_FORMATS = ("pdf", "html")
LIST_KINDS = ("hardware", "locations", "pue")


def N_(message: str) -> str:
    """Mark a message for the catalogs; it is translated where it is shown."""
    return message


@dataclass(frozen=True)
class Message:
    """A catalog message: one text, or a singular and a plural chosen by a count where it is shown."""

    singular: str
    plural: str = ""


def Nn_(singular: str, plural: str) -> Message:
    """Return a message with a plural, marked for the catalogs; the count chooses between them where it is shown."""
    return Message(singular, plural)
