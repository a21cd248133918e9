"""The view model: plain frozen records of already computed results, and chart geometry; it computes nothing."""

from __future__ import annotations

from .build import build_view, option_views
from .model import BriefView
from .site import SITE_PAGES, SiteEntry, section_view, site_entry

__all__ = ["SITE_PAGES", "BriefView", "SiteEntry", "build_view", "option_views", "section_view", "site_entry"]
