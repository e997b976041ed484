"""IRCC open-data files by URL (``https://www.ircc.canada.ca/opendata-donneesouvertes/data/<file>``).

Each file is downloaded whole (resumable: ``.part`` + HTTP Range), recognised by its name like an imported
file and parsed by the IRCC file adapter (``hemigov.sources.ircc``), so a fetched workbook and an imported
one give the same rows. The vintage is the release the file prints in its footer ("Source: IRCC, <date>").
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urlparse

from hemigov import sources
from hemigov.core.errors import InputError
from hemigov.live.base import Fetched
from hemigov.live.http import Http
from hemigov.sources.base import Layout, RawFile

DEFAULT_BASE = "https://www.ircc.canada.ca/opendata-donneesouvertes/data"
ENV = "HEMIGOV_IRCC_BASE"

#: The open-data files hemigov reads (names as IRCC publishes them; each is an ``ircc`` adapter layout).
FILES = (
    "EN_ODP-PR-CitzImmCat.xlsx",
    "EN_ODP-Asylum-OfficeType_Prov.xlsx",
    "EN_ODP-Asylum-Top_25_CITZ_Office_Type_last_year.xlsx",
    "EN_ODP-Asylum-Top_25_CITZ_prov_last_year.xlsx",
    "EN_ODP-Asylum-PT_Age.xlsx",
    "EN_ODP-Asylum-PT_Gender.xlsx",
    "EN_ODP_annual-TR-work-TFW_PT_program_year_end.xlsx",
)


def base_url() -> str:
    return os.environ.get(ENV, DEFAULT_BASE).rstrip("/")


def url_for(name: str) -> str:
    return name if "://" in name else f"{base_url()}/{name}"


def file_layout(name: str) -> Layout:
    found = sources.detect(Path(name))
    if not isinstance(found, Layout) or found.adapter != "ircc":
        why = found if isinstance(found, str) else "not an IRCC file layout hemigov reads"
        raise InputError(name, None, f"{why} (known: {', '.join(FILES)})")
    return found


def fetch_file(http: Http, name_or_url: str, folder: Path,
               progress: Callable[[str, int, int | None], None] | None = None) -> Fetched:
    from hemigov.warehouse.load import parse

    url = url_for(name_or_url)
    name = unquote(Path(urlparse(url).path).name)
    lay = file_layout(name)
    dest = folder / name
    page = http.download(url, dest, what=f"IRCC {name}",
                         progress=(lambda done, total: progress(lay.dataset, done, total)) if progress else None)
    item = parse(RawFile(path=dest, sha256=page.sha256, bytes=len(page.body), layout=lay))
    return Fetched(lay, item.frames, [(name, page)], url, item.parsed.notes or "", vintage=item.parsed.vintage,
                   extra={"download": dest})


def fetch(http: Http, *, files: list[str] | None = None, folder: Path, progress=None) -> list[Fetched]:
    return [fetch_file(http, f, folder, progress) for f in (files or FILES)]
