"""The one error hierarchy of reportgen.

::

    ReportgenError            exit_code 1: anything that is not the user's mistake
    ├── InputError            exit_code 2: a bad scenario file, option or path (carries path, line, field)
    │   └── ScenarioError     a scenario file that does not meet the contract
    ├── DataError             the reference tables in data/ are missing or inconsistent
    ├── TranslationError      a catalog is missing or incomplete
    │   └── UnknownKey        a key of data or of a registry that no label table names
    └── RenderError           HTML or PDF could not be produced

The CLI catches ``ReportgenError`` only, prints ``str(exc)`` and exits with ``exc.exit_code``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

MAX_SHOWN = 50  # problems listed in one message
MAX_FIELD = 120  # characters of a field's name shown
MAX_MESSAGE = 600  # characters of one problem shown (a value quoted in it is cut)


class ReportgenError(Exception):
    """Base of every error that reportgen reports to its user."""

    exit_code = 1


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: where it is and what is wrong."""

    message: str
    line: int | None = None
    field: str | None = None

    def describe(self, path: Path | str | None) -> str:
        """Return the problem as ``file:line: field: message`` (without a file where it is about none)."""
        where = str(path) if path is not None else ""
        if self.line is not None:
            where += f":{self.line}"
        field = f"{cut(self.field, MAX_FIELD)}: " if self.field else ""
        message = cut(self.message, MAX_MESSAGE)
        return f"{where}: {field}{message}" if where else f"{field}{message}"


def cut(text: str, limit: int) -> str:
    """Return ``text`` cut to ``limit`` characters, so that a huge value in a file never fills a message."""
    return text if len(text) <= limit else f"{text[:limit - 1]}…"


class InputError(ReportgenError):
    """A mistake in what the user gave: a file, a path or an option."""

    exit_code = 2

    def __init__(self, path: Path | str | None, problems: list[Problem] | Problem | str) -> None:
        if isinstance(problems, str):
            problems = [Problem(problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.path = path
        self.problems = problems
        shown = [p.describe(path) for p in problems[:MAX_SHOWN]]
        if len(problems) > MAX_SHOWN:  # a summary, not 100,001 lines
            shown.append(f"{path}: … and {len(problems) - MAX_SHOWN:,} more problems of the same kinds")
        super().__init__("\n".join(shown))

    @property
    def line(self) -> int | None:
        """Return the line of the first problem, where known."""
        return self.problems[0].line if self.problems else None

    @property
    def field(self) -> str | None:
        """Return the field of the first problem, where known."""
        return self.problems[0].field if self.problems else None


class ScenarioError(InputError):
    """A scenario file that does not meet the contract of DESIGN.md."""


class DataError(ReportgenError):
    """The reference tables in data/ are missing or inconsistent."""


class TranslationError(ReportgenError):
    """A message catalog is missing, unreadable or incomplete."""


class UnknownKey(TranslationError):
    """A key that has no label: the brief would otherwise name it with a plausible but wrong sentence."""

    def __init__(self, table: str, key: object, known: object) -> None:
        self.table, self.key = table, key
        super().__init__(f"no {table} label for {key!r}: add it to reportgen/brief/labels.py (known: {known})")


class RenderError(ReportgenError):
    """HTML or PDF output could not be produced."""
