"""Where the project's own files live: data/, templates/ and locales/, and which languages they offer.

In a source checkout they sit beside the package; in an installed wheel they are copied into
``reportgen/_assets``; ``REPORTGEN_ASSETS`` names another folder (a test's copy, a translator's tree).
Every other module asks here and never builds paths from the working directory.
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import DataError

_PACKAGE_DIR = Path(__file__).resolve().parent
_ASSET_NAMES = ("data", "templates", "locales")
ASSETS_VARIABLE = "REPORTGEN_ASSETS"
SOURCE_LANGUAGE = "en"  # the language the messages are written in; its catalog comes last


def asset_root() -> Path:
    """Return the folder that holds data/, templates/ and locales/."""
    chosen = os.environ.get(ASSETS_VARIABLE)
    candidates = (Path(chosen),) if chosen else (_PACKAGE_DIR / "_assets", _PACKAGE_DIR.parent)
    for candidate in candidates:
        if all((candidate / name).is_dir() for name in _ASSET_NAMES):
            return candidate
    where = chosen if chosen else f"beside {_PACKAGE_DIR}: the installation is incomplete"
    raise DataError(f"cannot find {', '.join(_ASSET_NAMES)} in {where}")


def data_dir() -> Path:
    """Return the folder of the reference tables."""
    return asset_root() / "data"


def templates_dir() -> Path:
    """Return the folder of the Jinja2 templates and static assets."""
    return asset_root() / "templates"


def locales_dir() -> Path:
    """Return the folder of the Babel message catalogs."""
    return asset_root() / "locales"


def catalog_path(lang: str, locales: Path | None = None) -> Path:
    """Return where the message catalog of ``lang`` lives (in ``locales``, default: the project's)."""
    return (locales or locales_dir()) / lang / "LC_MESSAGES" / "messages.po"


def languages(locales: Path | None = None) -> tuple[str, ...]:
    """Return the codes of the languages with a catalog: the translations alphabetically, the source last."""
    found = sorted(p.parent.parent.name for p in (locales or locales_dir()).glob("*/LC_MESSAGES/messages.po"))
    return (*(code for code in found if code != SOURCE_LANGUAGE), *(c for c in found if c == SOURCE_LANGUAGE))
