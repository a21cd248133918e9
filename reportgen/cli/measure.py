"""The command that measures: ``measure`` runs a command and logs every GPU's power."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .app import main, reports_errors


@main.command(short_help="Run a command and log every GPU's power through NVML.",
              context_settings={"ignore_unknown_options": True, "allow_interspersed_args": False})
@click.option("--out", "out_file", required=True, metavar="FILE", help="CSV log to write (nvidia-smi format).")
@click.option("--interval", type=float, default=0.2, show_default=True, help="Seconds between samples.")
@click.argument("command", nargs=-1, required=True, type=click.UNPROCESSED)
@reports_errors
def measure(out_file: str, interval: float, command: tuple[str, ...]) -> None:
    """Run COMMAND while sampling every GPU's power through NVML; write the log and print its energy."""
    from ..measure.sampler import measure_command

    result = measure_command(list(command), Path(out_file), interval)
    run = result.run
    click.echo(f"{out_file}: {run.devices} GPU(s), {run.duration_s:.1f} s, {run.samples} samples, "
               f"energy {run.energy_kwh * 3.6e6:,.0f} J = {run.energy_kwh:.6f} kWh", err=True)
    if result.counter_energy_j is not None:
        click.echo(f"NVML energy counter over the same window: {result.counter_energy_j:,.0f} J", err=True)
    click.echo("# paste into a scenario file:\n"
               f"  - id: measured-run\n    name: \"Measured run\"\n    location: BE\n"
               f"    measurement:\n      nvidia_smi_csv: {out_file}")
    sys.exit(result.returncode)
