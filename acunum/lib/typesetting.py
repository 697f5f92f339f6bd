"""PDF documents with Typst: a template of acunum/documents/templates filled with JSON data.

Typst is a Rust library in a wheel: no system library, no browser, a sheet in milliseconds. The
fonts are the ones bundled with the application (SIL Open Font Licence), never the machine's, so
a document looks the same on every laptop and server, and the same data gives the same bytes.
"""

from __future__ import annotations

import functools
import json
import threading
from datetime import datetime
from pathlib import Path

import typst

DOCUMENTS = Path(__file__).resolve().parent.parent / "documents"
TEMPLATES = DOCUMENTS / "templates"
FONTS = DOCUMENTS / "fonts"
# PDF/A-2b: the archival PDF that funders and controllers keep for years.
STANDARD = "a-2b"

_lock = threading.Lock()


class DocumentError(Exception):
    """The template could not be typeset: a bug, never the user's data (data is JSON)."""


@functools.cache
def _compiler() -> typst.Compiler:
    return typst.Compiler(root=str(TEMPLATES), font_paths=[str(FONTS)], ignore_system_fonts=True)


def render(template: str, data: dict, *, issued: datetime) -> bytes:
    """The PDF of `template` (a file name in TEMPLATES), which reads `data` as `sys.inputs.data`.

    Data goes in as JSON text, never spliced into Typst markup: a name with `#`, `$` or `]` is
    printed as it is, and cannot run as code. `issued` is the document's date in its metadata:
    the same data issued at the same moment gives the same bytes.
    """
    with _lock:  # one compiler, its fonts loaded once; it is not shared between threads
        try:
            return _compiler().compile(
                input=str(TEMPLATES / template),
                sys_inputs={"data": json.dumps(data, ensure_ascii=False)},
                pdf_standards=[STANDARD],
                timestamp=int(issued.timestamp()),
            )
        except RuntimeError as e:  # typst raises RuntimeError subclasses for compile errors
            raise DocumentError(f"{template}: {e}") from e


def render_png(template: str, data: dict, *, ppi: float = 144) -> bytes:
    """The first page of `template` as a PNG image, `ppi` pixels per inch: to project, or to
    paste into a slide. Data goes in as for `render`, as JSON only."""
    with _lock:
        try:
            pages = _compiler().compile(
                input=str(TEMPLATES / template),
                sys_inputs={"data": json.dumps(data, ensure_ascii=False)},
                format="png",
                ppi=ppi,
            )
        except RuntimeError as e:
            raise DocumentError(f"{template}: {e}") from e
    # typst gives the bytes of the one page, or a list with a PNG for each page.
    return pages[0] if isinstance(pages, list) else pages
