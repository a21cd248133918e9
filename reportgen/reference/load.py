"""Loading the reference tables once per process, and checking that they agree with each other."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from ..resources import data_dir
from .checks import check_consistency
from .tables import COLUMNS, Reference, default_intensity_per_country, read_table, water_factor


@cache
def load_reference(folder: Path | None = None) -> Reference:
    """Return all reference tables, read once from ``folder`` (default: the project's data/)."""
    root = folder or data_dir()
    t = {name: read_table(root, name) for name in COLUMNS}
    grid = t["grid_intensity"]
    cloud = t["cloud_regions"]
    cloud.index = cloud["provider"] + ":" + cloud["region"]
    reference = Reference(
        hardware=t["hardware"].set_index("id", drop=False),
        hardware_aliases=t["hardware_aliases"].set_index("alias", drop=False),
        grid=grid.set_index(["country", "source_id"], drop=False),
        grid_default=default_intensity_per_country(grid),
        cloud_regions=cloud,
        pue=t["pue"].set_index("provider", drop=False),
        sources=t["sources"].set_index("source_id", drop=False),
        benchmarks=t["benchmarks"].set_index("id", drop=False),
        table3=t["strubell_table3"].set_index("id", drop=False),
        case_study=t["case_study"].set_index("models", drop=False),
        case_study_facts=t["case_study_facts"].set_index("key", drop=False),
        equivalences=t["equivalences"].set_index("id", drop=False),
        whatif_locations=t["whatif_locations"].set_index("location", drop=False),
        followups=t["followups"].set_index("key", drop=False),
        country_codes=t["country_codes"].set_index("alpha3", drop=False),
        uncertainty=t["uncertainty"].set_index(["input", "key"], drop=False),
        whatif_options=t["whatif_options"].set_index("option", drop=False),
        embodied=t["embodied"].set_index("hardware_id", drop=False),
        inference=t["inference"].set_index("task", drop=False),
        wue=water_factor(t["water"], "wue"),
        ewif=water_factor(t["water"], "ewif"),
        comparisons=t["comparisons"].set_index(["id", "region"], drop=False),
        flights=t["flights"].set_index("region", drop=False),
        airports=t["airports"].set_index("code", drop=False),
        recommendations=t["recommendations"].set_index("id", drop=False),
        actors=t["actors"].set_index(["actor", "region"], drop=False),
    )
    check_consistency(reference)
    return reference
