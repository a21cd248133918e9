"""Loading the reference tables, and checking that they agree with each other."""

from __future__ import annotations

from pathlib import Path

from ..resources import data_dir
from .checks import check_consistency
from .tables import COLUMNS, Reference, default_intensity_per_country, read_table, water_factor


def load_reference(folder: Path | None = None) -> Reference:
    """Return all reference tables, read from ``folder`` (default: the project's data/)."""
    root = folder or data_dir()
    tables = {name: read_table(root, name) for name in COLUMNS}
    grid = tables["grid_intensity"]
    cloud = tables["cloud_regions"]
    cloud.index = cloud["provider"] + ":" + cloud["region"]
    reference = Reference(
        hardware=tables["hardware"].set_index("id", drop=False),
        hardware_aliases=tables["hardware_aliases"].set_index("alias", drop=False),
        grid=grid.set_index(["country", "source_id"], drop=False),
        grid_default=default_intensity_per_country(grid),
        cloud_regions=cloud,
        pue=tables["pue"].set_index("provider", drop=False),
        sources=tables["sources"].set_index("source_id", drop=False),
        benchmarks=tables["benchmarks"].set_index("id", drop=False),
        table3=tables["strubell_table3"].set_index("id", drop=False),
        case_study=tables["case_study"].set_index("models", drop=False),
        case_study_facts=tables["case_study_facts"].set_index("key", drop=False),
        equivalences=tables["equivalences"].set_index("id", drop=False),
        whatif_locations=tables["whatif_locations"].set_index("location", drop=False),
        followups=tables["followups"].set_index("key", drop=False),
        country_codes=tables["country_codes"].set_index("alpha3", drop=False),
        uncertainty=tables["uncertainty"].set_index(["input", "key"], drop=False),
        whatif_options=tables["whatif_options"].set_index("option", drop=False),
        embodied=tables["embodied"].set_index(["hardware_id", "end"], drop=False),
        inference=tables["inference"].set_index("task", drop=False),
        wue=water_factor(tables["water"], "wue"),
        ewif=water_factor(tables["water"], "ewif"),
        comparisons=tables["comparisons"].set_index(["id", "region"], drop=False),
        flights=tables["flights"].set_index("region", drop=False),
        airports=tables["airports"].set_index("code", drop=False),
        recommendations=tables["recommendations"].set_index("id", drop=False),
        actors=tables["actors"].set_index(["actor", "region"], drop=False),
        low_carbon_capacity=tables["low_carbon_capacity"].set_index("region", drop=False),
        providers=tables["providers"].set_index("provider", drop=False),
        calibration=tables["calibration"].set_index("id", drop=False),
        region_intensity=tables["region_intensity"].set_index(["region", "source_id"], drop=False),
        law=tables["law"].set_index("key", drop=False),
    )
    check_consistency(reference)
    return reference
