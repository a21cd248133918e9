"""The text a reader sees in a brief's PDF, as tests compare it with expected sentences."""
from __future__ import annotations

import re
from io import BytesIO

from pypdf import PdfReader

# WeasyPrint marks a word it hyphenates at a line's end with U+2010; the word itself has none. Where the page
# ends there, its footer comes before the rest of the word, and the hyphen stays.
_HYPHENATED = re.compile("\u2010\\s*\n\\s*(?=[^\\W\\d_])")


def pdf_page_texts(data: bytes) -> list[str]:
    """Return each page's text, hyphenated words joined again and runs of spaces (no-break ones too) made one."""
    return [re.sub(r"[\s\u00a0\u202f]+", " ", _HYPHENATED.sub("", page.extract_text()))
            for page in PdfReader(BytesIO(data)).pages]


def pdf_text(data: bytes) -> str:
    """Return the whole document's text, as :func:`pdf_page_texts` gives each page, pages joined by a space."""
    return " ".join(pdf_page_texts(data))
