"""The README's commands, run as written from a checkout, leave nothing outside out/, which git ignores."""

from __future__ import annotations

import shlex

import click

from reportgen.cli import main

from .conftest import ROOT

# Commands a user runs in their own project, not in the checkout: a training under measurement writes its log
# beside the training.
ELSEWHERE = ("measure",)


def _commands() -> list[list[str]]:
    """Return the reportgen commands of the README's shell blocks, split as a shell would, comments dropped."""
    commands, shell = [], None  # shell: None outside a code block, else whether the block is a shell's
    for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines():
        fence = line.strip()
        if fence.startswith("```"):
            shell = fence[3:] in ("", "sh", "bash", "console", "shell") if shell is None else None
        elif shell and line.startswith("reportgen "):
            commands.append(shlex.split(line.split("  #")[0]))
    return commands


def test_the_readmes_commands_write_under_out_which_git_ignores() -> None:
    commands = [c for c in _commands() if c[1] not in ELSEWHERE]
    assert len(commands) >= 10, "the README's commands were not found"
    named = [c[c.index("--out") + 1] for c in commands if "--out" in c]
    assert named and all(path.startswith("out/") for path in named), named
    unnamed = {c[1] for c in commands if "--out" not in c}
    for name in unnamed & {"brief", "export", "site"}:  # the commands that write files, where none is named
        command = main.get_command(click.Context(main), name)
        assert command is not None
        assert next(p for p in command.params if p.name == "out_dir").default == "out", name
    assert "out/" in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
