"""What touches the output folder: the writer, the brief command's output, and the site with its cache."""

from __future__ import annotations

from .brief import publish_brief, publish_export
from .site import SiteConfig, SiteReport, build_site
from .writer import Writer

__all__ = ["SiteConfig", "SiteReport", "Writer", "build_site", "publish_brief", "publish_export"]
