"""A scenario's measurement: one log, under the key of its format in measure.FORMATS, relative to the scenario file.

The model's fields are built from the registry, so a new log format is accepted without a change here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, create_model, model_validator

from ..measure import FORMATS, log_format


class LogChoice(BaseModel):
    """Exactly one log, under the key of its format."""

    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False, frozen=True)

    @model_validator(mode="after")
    def _exactly_one(self) -> LogChoice:
        if len(self._given()) != 1:
            raise ValueError("give exactly one of " + " or ".join(f"'{f.schema_key}'" for f in FORMATS.values()))
        return self

    def _given(self) -> list[str]:
        """Return the kinds of log given."""
        return [f.kind for f in FORMATS.values() if getattr(self, f.schema_key, None) is not None]

    @property
    def kind(self) -> str:
        """Return which format the log has."""
        return self._given()[0]

    @property
    def file(self) -> str:
        """Return the log's path as written in the scenario file."""
        return str(getattr(self, log_format(self.kind).schema_key))


def _fields() -> dict[str, Any]:
    """Return one optional field per registered log format."""
    return {f.schema_key: (Annotated[str, Field(min_length=1)] | None, None) for f in FORMATS.values()}


if TYPE_CHECKING:
    Measurement = LogChoice
else:
    Measurement = create_model("Measurement", __base__=LogChoice, __module__=__name__, **_fields())
