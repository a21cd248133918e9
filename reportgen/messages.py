"""Marks for catalog messages that are written in code and translated where they are shown."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Message:
    """A catalog message: one text, or a singular and a plural chosen by a count where it is shown."""

    singular: str
    plural: str = ""


def N_(message: str) -> str:
    """Return ``message`` unchanged, marked for the catalogs; it is translated where it is shown."""
    return message


def Nn_(singular: str, plural: str) -> Message:
    """Return a message with a plural, marked for the catalogs; the count chooses between them where it is shown."""
    return Message(singular, plural)
