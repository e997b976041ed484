"""What the server shows, as plain functions of validated values -> DataFrames (each with a ``sources`` column,
the one text form of :class:`hemigov.core.provenance.Provenance`) or dicts.

No SQL here: every number comes from :mod:`hemigov.series`, the indicators, the replication and the effects,
so the dashboard, the API, the report and the CLI show the same numbers from the same definitions. Unknown
names raise :class:`hemigov.core.errors.InputError` with the closest valid choice (HTTP 400 for a query
parameter); :class:`NotFound` wraps the same message for a name in the path (HTTP 404).
"""

from __future__ import annotations

import pandas as pd

from hemigov import series
from hemigov.core.errors import InputError, unknown
from hemigov.core.provenance import COLUMN, Provenance, label_rows
from hemigov.geo import regions


class NotFound(Exception):
    """An unknown country, grouping, dataset or case named in the path (HTTP 404); the message is the
    :class:`InputError`'s one line, with the closest valid choice."""


def found(fn, *args, **kwargs):
    """``fn(*args)``, with an unknown name turned into :class:`NotFound` (for names in the path)."""
    try:
        return fn(*args, **kwargs)
    except InputError as e:
        raise NotFound(str(e)) from None


# -- datasets ----------------------------------------------------------------------------------------------------
def datasets(dataset: str | None = None, current: bool | None = None) -> pd.DataFrame:
    """Every loaded file (or one dataset's releases), newest first; each row is its own source."""
    d = series.catalogue.datasets() if dataset is None else series.catalogue.dataset(dataset)
    if current is not None:
        d = d[d.is_current == current]
    return d.assign(**{COLUMN: label_rows(d.dataset, d.vintage)}).reset_index(drop=True)


def vintages() -> pd.DataFrame:
    """One row per dataset: its releases (newest first), the current one, and every release as its sources."""
    v = series.catalogue.vintages()
    files = series.catalogue.datasets()
    text = files.assign(s=label_rows(files.dataset, files.vintage)).groupby("dataset")["s"].agg(
        lambda s: Provenance.of(*s).text())
    return v.assign(**{COLUMN: v.dataset.map(text)})


# -- countries, regions, groupings -------------------------------------------------------------------------------
#: Filters of /api/countries: exact labels of these columns of the country table.
COUNTRY_FILTERS = ("kind", "paper_region", "unhcr_region", "m49_region", "m49_subregion", "wb_income_group")


def countries(**filters: str | None) -> pd.DataFrame:
    """The reviewed country table, sorted by name; ``filters`` are exact labels (an unknown label is bad input
    with the closest one)."""
    c = series.reference.countries()
    for col in COUNTRY_FILTERS:
        want = filters.get(col)
        if want is None:
            continue
        known = sorted(set(c[col].dropna()))
        if want not in known:
            raise unknown(col.replace("_", " "), want, known, where=col)
        c = c[c[col] == want]
    return c.reset_index(drop=True)


def country(iso3: str) -> pd.Series:
    """One country's row (the code is case-insensitive); unknown codes: the closest valid code."""
    return series.reference.country(iso3)


def canonical_country(code: str) -> str:
    """The country table's spelling of ``code`` (``ven`` -> ``VEN``); unknown codes are bad input."""
    return str(country(code).iso3)


def regions_table(scheme: str) -> pd.DataFrame:
    """The region labels of a scheme (``hemigov.geo.regions.SCHEMES``), their member counts and definitions."""
    s = regions.scheme(scheme)
    c = series.reference.countries()
    counts = c[s.column].value_counts()
    rows = [{"scheme": scheme, "region": label, "countries": int(counts.get(label, 0)),
             "definition": regions.Region(scheme, label).definition} for label in regions.labels(scheme)]
    return pd.DataFrame(rows).assign(**{COLUMN: Provenance.of(c).text()})


def groupings() -> pd.DataFrame:
    """One row per grouping: name, kind, number of countries, first year, source."""
    g = series.reference.groupings()
    out = g.groupby("grouping", as_index=False).agg(
        grouping_name=("grouping_name", "first"), grouping_kind=("grouping_kind", "first"),
        countries=("iso3", "nunique"), first_year=("start_year", "min"), source_url=("source_url", "first"),
        **{COLUMN: (COLUMN, lambda s: Provenance.of(*s).text())})
    return out.sort_values("grouping", ignore_index=True)


def grouping_name(name: str) -> str:
    """The grouping's own spelling (``ntca`` -> ``NTCA``); unknown names: the closest one."""
    known = regions.grouping_names()
    for k in known:
        if k.lower() == name.strip().lower():
            return k
    raise unknown("grouping", name, known)


def grouping(name: str) -> pd.DataFrame:
    return series.reference.grouping(grouping_name(name))


def memberships(iso3: str) -> pd.DataFrame:
    g = series.reference.groupings()
    return g[g.iso3 == iso3].sort_values("grouping", ignore_index=True)


# -- resettlement and displacement -------------------------------------------------------------------------------
def resettlement_destinations() -> pd.DataFrame:
    """Countries that resettled refugees (UNHCR), with their names and arrivals over every year."""
    r = series.resettlement.resettlement("unhcr")
    names = series.reference.countries().set_index("iso3")["name"]
    out = r.groupby("destination_iso3", as_index=False).agg(
        persons=("persons", "sum"), **{COLUMN: (COLUMN, lambda s: Provenance.of(*s).text())})
    out = out.rename(columns={"destination_iso3": "iso3"})
    out.insert(1, "name", out.iso3.map(names))
    return out.sort_values("name", ignore_index=True)


def resettlement_years() -> tuple[int, int]:
    """The first and the latest year of UNHCR's resettlement arrivals (each year in the data is complete:
    UNHCR publishes calendar-year totals)."""
    y = series.resettlement.resettlement("unhcr").year
    return int(y.min()), int(y.max())


#: The measures of a country profile: label -> (series, what the country is).
PROFILE_MEASURES = ("displaced from", "hosted in", "resettled from", "resettled to")


def _by_year(df: pd.DataFrame, key: str, value: str, measure: str) -> pd.DataFrame:
    sub = df[df[key] == value] if key else df
    out = sub.groupby("year", as_index=False).agg(persons=("persons", "sum"),
                                                  **{COLUMN: (COLUMN, lambda s: Provenance.of(*s).text())})
    return out.assign(measure=measure)


def profile_series(iso3: str) -> pd.DataFrame:
    """A country's cross-border displaced by origin and hosted (UNHCR end-year stocks of refugees, asylum-seekers
    and other people in need of international protection) and UNHCR resettlement arrivals from it and to it,
    per year: year, measure, persons, sources."""
    origin, host = series.displacement.by_origin(), series.displacement.by_host()
    res = series.resettlement.resettlement("unhcr")
    parts = [_by_year(origin, "origin_iso3", iso3, "displaced from"), _by_year(host, "asylum_iso3", iso3, "hosted in"),
             _by_year(res, "origin_iso3", iso3, "resettled from"),
             _by_year(res, "destination_iso3", iso3, "resettled to")]
    parts = [p for p in parts if len(p)]
    if not parts:
        return pd.DataFrame({"year": pd.Series(dtype="int64"), "measure": pd.Series(dtype="str"),
                             "persons": pd.Series(dtype="float64"), COLUMN: pd.Series(dtype="str")})
    out = pd.concat(parts, ignore_index=True)
    return out[["year", "measure", "persons", COLUMN]].sort_values(["measure", "year"], ignore_index=True)


def world_totals() -> pd.DataFrame:
    """The world totals of the profile measures per year (the denominators of "share of the world total")."""
    origin, host = series.displacement.by_origin(), series.displacement.by_host()
    res = series.resettlement.resettlement("unhcr")
    parts = [_by_year(origin, "", "", "displaced from"), _by_year(host, "", "", "hosted in"),
             _by_year(res, "", "", "resettled from"), _by_year(res, "", "", "resettled to")]
    return pd.concat(parts, ignore_index=True)


# -- events ------------------------------------------------------------------------------------------------------
def events(topic: str | None = None, actor: str | None = None, kind: str | None = None, since: str | None = None,
           until: str | None = None) -> pd.DataFrame:
    """The policy timeline (``hemigov.series.reference.events``): unknown topics, actors and kinds are bad input
    with the closest valid one; ``since``/``until`` are YYYY, YYYY-MM or YYYY-MM-DD."""
    return series.reference.events(topic=topic, actor=actor, kind=kind, since=since, until=until)


def event_vocabulary() -> dict[str, list[str]]:
    return series.reference.event_vocabulary()


# -- indicators --------------------------------------------------------------------------------------------------
def indicator(name: str, bound: dict) -> pd.DataFrame:
    from hemigov.indicators import indicator as compute

    return compute(name, **bound)


def indicator_sources() -> dict[str, str]:
    """Each registered indicator's sources with its default parameters (the files it reads): name -> text.
    Computed once per warehouse (the server caches it) by running every indicator with its defaults."""
    from hemigov.core.errors import HemigovError
    from hemigov.indicators import REGISTRY

    out = {}
    for name in sorted(REGISTRY):
        try:
            out[name] = Provenance.of(indicator(name, {})).text()
        except HemigovError:
            out[name] = ""
    return out


def indicators_table(src: dict[str, str]) -> pd.DataFrame:
    """Every registered indicator, with ``src`` (:func:`indicator_sources`) as its sources."""
    from hemigov.indicators import list_indicators

    t = list_indicators()
    return t.assign(**{COLUMN: t.name.map(src)})


def indicator_parameters(src: dict[str, str]) -> pd.DataFrame:
    from hemigov.indicators import REGISTRY, describe

    frames = [describe(n).assign(indicator=n, **{COLUMN: src[n]}) for n in sorted(REGISTRY)]
    return pd.concat(frames, ignore_index=True)[["indicator", "parameter", "type", "default", "choices", "help",
                                                 COLUMN]]


# -- replication, claims, effects ---------------------------------------------------------------------------------
def exhibit_name(exhibit: str) -> str:
    from hemigov.replication import EXHIBITS

    key = exhibit.strip().lower()
    if key not in EXHIBITS:
        raise unknown("exhibit", exhibit, EXHIBITS)
    return key


def replication(exhibit: str | None) -> pd.DataFrame:
    from hemigov.replication import replicate

    return replicate(None if exhibit is None else exhibit_name(exhibit))


AS_OF = ("latest", "paper", "both")


def claims(as_of: str) -> pd.DataFrame:
    from hemigov.replication import claims as ledger

    if as_of not in AS_OF:
        raise unknown("as_of", as_of, AS_OF)
    return ledger(as_of=as_of)


def case_studies() -> pd.DataFrame:
    from hemigov.effects import case_studies as cases

    return cases()


def case_name(case: str, names: list[str]) -> str:
    for n in names:
        if n.lower() == case.strip().lower():
            return n
    raise unknown("case study", case, names)


def effect(case: str) -> dict:
    """One case study's estimate as plain data: the effects' ``EffectResult.to_dict()`` (intervals as
    ``{"value", "low", "high"}``, the path as records with periods ``YYYY-MM`` or ``YYYY``, ``sources``)."""
    from hemigov.effects import effect as estimate

    return estimate(case=case).to_dict()
