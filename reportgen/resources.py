"""Where the project's own files live: data/, templates/ and locales/.

In a source checkout they sit beside the package; in an installed wheel they are copied into
``reportgen/_assets``. Every other module asks here and never builds paths from the working directory.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from .errors import DataError

_PACKAGE_DIR = Path(__file__).resolve().parent
_ASSET_NAMES = ("data", "templates", "locales")


@cache
def asset_root() -> Path:
    """Return the folder that holds data/, templates/ and locales/."""
    for candidate in (_PACKAGE_DIR / "_assets", _PACKAGE_DIR.parent):
        if all((candidate / name).is_dir() for name in _ASSET_NAMES):
            return candidate
    raise DataError(f"cannot find {', '.join(_ASSET_NAMES)} beside {_PACKAGE_DIR}: the installation is incomplete")


def data_dir() -> Path:
    """Return the folder of the reference tables."""
    return asset_root() / "data"


def templates_dir() -> Path:
    """Return the folder of the Jinja2 templates and static assets."""
    return asset_root() / "templates"


def locales_dir() -> Path:
    """Return the folder of the Babel message catalogs."""
    return asset_root() / "locales"
