"""The ``reportgen`` command: parses arguments and calls one function per command.

app      the group, its options, and what every command shares
compute  calc, whatif, calibrate, list
publish  brief, export, site, serve
measure  measure
"""

from __future__ import annotations

from . import compute, measure, publish  # noqa: F401  (the commands register themselves on ``main``)
from .app import main, run

__all__ = ["main", "run"]
