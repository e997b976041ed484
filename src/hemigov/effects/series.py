"""Named count series for effect estimation, read from :mod:`hemigov.series`, with their flags and provenance.

A series is named by a spec ``kind:key=value,key=value`` (or a short alias from :data:`ALIASES`):

- ``ircc-claims`` — IRCC asylum claimants per month (:func:`hemigov.series.canada.ircc_claims`), keys
  ``citizenship`` (ISO3 of the top-25 files, default all), ``office`` (Airport, Border, Inland, Other Offices;
  default all), ``province`` (default all). Uses IRCC's printed ``(all)`` totals, never sums of rounded cells,
  except for the all-office total by province, which IRCC does not print (the office-type cells are added, and
  the series says so). Rounded to 5, 1–4 suppressed. A citizenship is itemised with the office type or with the
  province, not both.
- ``rcmp`` — RCMP interceptions between ports of entry per month
  (:func:`hemigov.series.canada.rcmp_interceptions`), key ``province`` (default all = sum of provinces; exact
  counts; 2017–2023 only).
- ``unhcr-applications`` — UNHCR asylum applications per year (:func:`hemigov.series.asylum.applications`),
  keys ``origin`` (ISO3, required), ``asylum`` (default CAN), ``unit`` (persons | cases; never added together),
  ``type`` (``new`` = hemigov's one definition of new applications, the default; ``all`` = every application
  type) and ``level`` (``first`` = first instance, the default; ``all`` = every decision level). The default is
  the definition every surface uses for "new first-instance applications" (docs/definitions.md).
- ``us-border`` — US Border Patrol encounters per month (:func:`hemigov.series.borders.encounters`, DHS OHSS),
  keys ``region`` (Southwest Land Border, Northern Land Border, Coastal Border; default all), ``sector`` (the
  Border Patrol sector's city, e.g. ``Swanton`` for "Swanton, VT"; it implies its region) and ``citizenship``
  (ISO3; default all). OHSS publishes region × sector and region × citizenship as separate cuts, so a sector and a
  citizenship are never combined (and never added across). Fiscal months are converted to calendar months
  (fiscal month 1 = October of the year before; ``fiscal_year`` is kept). Rounded to 10; a cell OHSS does not
  print is a count that rounds to 0 (0–4): it is marked suppressed for every month the cut covers.

A value may list alternatives with ``|`` (``unhcr-applications:origin=COL|HTI|IND``) to name several series at
once, e.g. controls. Unknown kinds, keys and values are bad input with the closest valid choice.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from hemigov.core import periods
from hemigov.core.errors import InputError, bad_value, unknown
from hemigov.core.provenance import Provenance
from hemigov.series import asylum, borders, canada, reference

ALIASES = {
    "mexico-claims-monthly": "ircc-claims:citizenship=MEX",
    "mexico-claims-annual": "unhcr-applications:origin=MEX",
    "claims-monthly": "ircc-claims",
    "claims-quebec": "ircc-claims:province=Quebec",
    "border-claims-quebec": "ircc-claims:office=Border,province=Quebec",
    "airport-claims": "ircc-claims:office=Airport",
    "rcmp-quebec": "rcmp:province=Quebec",
    "swanton": "us-border:sector=Swanton",
    "us-northern-border": "us-border:region=Northern Land Border",
    "mexicans-us-northern-border": "us-border:region=Northern Land Border,citizenship=MEX",
}

KEYS = {"ircc-claims": ("citizenship", "office", "province"), "rcmp": ("province",),
        "unhcr-applications": ("origin", "asylum", "unit", "type", "level"),
        "us-border": ("region", "sector", "citizenship")}
ALL = canada.ALL
#: Values of ``type`` and ``level`` in ``unhcr-applications``.
TYPES = ("new", "all")
LEVELS = ("first", "all")
FMT = {"M": "%Y-%m", "Y": "%Y"}
PER = {"M": "month", "Y": "year"}


@dataclass(frozen=True, eq=False)
class Series:
    """A count series: ``data`` has ``period`` (first day), ``count`` (float, NaN when suppressed),
    ``suppressed`` and, for UNHCR, ``app_types``; ``freq`` is "M" or "Y"; ``sources`` is the text form of its
    provenance; ``rounded_to`` the publisher's rounding base (None = exact); ``notes`` say how it was built when
    that is not a printed series; ``small`` is the range a suppressed value lies in (its middle is what
    ``suppressed="midpoint"`` counts) and ``small_how`` how the publisher marks it (``{band}`` is that range)."""

    name: str
    label: str
    freq: str
    data: pd.DataFrame
    rounded_to: int | None
    sources: str
    notes: tuple[str, ...] = ()
    small: tuple[int, int] = (1, 4)
    small_how: str = "printed as {band} ('--')"

    @property
    def midpoint(self) -> float:
        """The middle of the suppressed range: 2.5 for IRCC's 1–4, 2 for OHSS's 0–4."""
        return (self.small[0] + self.small[1]) / 2

    def span(self) -> tuple[str, str]:
        """First and last period held, as ``YYYY-MM`` (monthly) or ``YYYY``."""
        p = self.data["period"]
        return p.min().strftime(FMT[self.freq]), p.max().strftime(FMT[self.freq])


def parse(spec: str) -> tuple[str, dict[str, str]]:
    """``kind:key=value,...`` (or an alias) as (kind, {key: value})."""
    text = ALIASES.get(str(spec).strip(), str(spec).strip())
    kind, _, rest = text.partition(":")
    if kind not in KEYS:
        raise unknown("series", kind if rest else text, [*KEYS, *ALIASES])
    params = {}
    for part in filter(None, (p.strip() for p in rest.split(","))):
        k, eq, v = part.partition("=")
        if not eq and "sector" in params:  # "sector=Swanton, VT": the comma splits the spec
            raise InputError(None, f"series {text}", f"{part!r} is not KEY=VALUE: name a sector by its city alone, "
                             f"e.g. sector={params['sector']}")
        if not eq or not v.strip():
            raise bad_value(f"series {text}", part, f"KEY=VALUE with KEY one of {', '.join(KEYS[kind])}")
        if k.strip() not in KEYS[kind]:
            raise unknown(f"{kind} key", k.strip(), KEYS[kind])
        params[k.strip()] = v.strip()
    return kind, params


def canonical(spec: str) -> str:
    """The spec with aliases resolved (the name results carry)."""
    return ALIASES.get(str(spec).strip(), str(spec).strip())


def expand(spec: str) -> list[str]:
    """One spec per alternative: ``k:a=X|Y`` -> [``k:a=X``, ``k:a=Y``]."""
    kind, params = parse(spec)
    specs = [{}]
    for k, v in params.items():
        specs = [s | {k: alt.strip()} for s in specs for alt in v.split("|") if alt.strip()]
    return [kind + (":" + ",".join(f"{k}={v}" for k, v in s.items()) if s else "") for s in specs]


def _is_all(v: str) -> bool:
    return v.strip().lower() in ("all", ALL)


def _pick(value: str, choices, what: str, where: str | None = None) -> str:
    """The choice equal to ``value`` ignoring case, else bad input with the closest one."""
    by_key = {str(c).lower(): str(c) for c in choices}
    hit = by_key.get(value.strip().lower())
    if hit is None:
        raise unknown(what, value, by_key.values(), where=where)
    return hit


def _periods(year: pd.Series, month: pd.Series | int) -> pd.Series:
    return pd.to_datetime(pd.DataFrame({"year": year, "month": month, "day": 1}))


def _ircc(params: dict, name: str) -> Series:
    cit, office, prov = (params.get(k, ALL) for k in ("citizenship", "office", "province"))
    cit, office, prov = (ALL if _is_all(v) else v for v in (cit, office, prov))
    if cit == ALL:
        dataset = canada.OFFICE_TOTALS
    elif prov == ALL:
        dataset = canada.TOP25_OFFICE
    elif office == ALL:
        dataset = canada.TOP25_PROVINCE
    else:
        raise InputError(None, f"series {name}", "IRCC itemises a citizenship by office type or by province, not "
                         "both: drop office= or province=")
    cells = canada.ircc_claims(dataset=dataset)
    if cit != ALL:
        cit = _pick(cit, sorted(set(cells.citizenship_iso3) - {ALL}), "citizenship", "IRCC's top-25 files")
    if office != ALL:
        office = _pick(office, sorted(set(cells.office_type) - {ALL}), "IRCC office type")
    if prov != ALL:
        prov = _pick(prov, sorted(set(cells.province) - {ALL}), "province")
    sel = cells[(cells.citizenship_iso3 == cit) & (cells.office_type == office) & (cells.province == prov)]
    notes: tuple[str, ...] = ()
    if sel.empty and office == ALL and prov != ALL:
        # IRCC prints no all-offices total by province: add the office types, suppressed cells as 2.5.
        cells = cells[(cells.citizenship_iso3 == cit) & (cells.office_type != ALL) & (cells.province == prov)]
        sel = (cells.assign(persons=cells.persons.astype(float).fillna(2.5), n_sup=cells.suppressed.astype(int))
               .groupby(["year", "month"], as_index=False)
               .agg(persons=("persons", "sum"), n_sup=("n_sup", "sum"), sources=("sources", "first")))
        sel["suppressed"] = False
        notes = (f"IRCC prints no all-office total by province: the series adds the office-type cells "
                 f"({int(sel.n_sup.sum())} suppressed cell(s) counted as 2.5), so their rounding errors add up",)
    if sel.empty:
        raise InputError(None, f"series {name}", "IRCC prints no such series")
    data = pd.DataFrame({"period": _periods(sel.year, sel.month), "count": sel.persons.astype(float),
                         "suppressed": sel.suppressed.astype(bool)}).sort_values("period", ignore_index=True)
    label = f"IRCC asylum claimants per month: citizenship {cit}, office {office}, province {prov}"
    return Series(name, label, "M", data, 5, Provenance.of(sel).text(), notes)


def _rcmp(params: dict, name: str) -> Series:
    df = canada.rcmp_interceptions()
    prov = params.get("province", "all")
    if not _is_all(prov):
        prov = _pick(prov, sorted(df.province.unique()), "RCMP province")
        df = df[df.province == prov]
    else:
        prov = "all provinces"
    g = df.groupby(["year", "month"], as_index=False)["persons"].sum()
    data = pd.DataFrame({"period": _periods(g.year, g.month), "count": g.persons.astype(float),
                         "suppressed": False})
    return Series(name, f"RCMP interceptions between ports of entry per month, {prov}", "M", data, None,
                  Provenance.of(df).text())


def _unhcr(params: dict, name: str) -> Series:
    if "origin" not in params:
        raise InputError(None, f"series {name}", "needs origin=ISO3 (the applicants' country of origin)")
    origin = str(reference.country(params["origin"]).iso3)
    host = str(reference.country(params.get("asylum", "CAN")).iso3)
    unit = _pick(params.get("unit", "persons"), asylum.UNITS, "unit")
    kind = _pick(params.get("type", "new"), TYPES, "application type")
    level = _pick(params.get("level", "first"), LEVELS, "decision level")
    df = asylum.applications(asylum=host, origins=(origin,), unit=unit, new=kind == "new", level=level,
                             by=("year",))
    if df.empty:
        raise InputError(None, f"series {name}", f"no UNHCR applications by {origin} in {host}")
    data = pd.DataFrame({"period": _periods(df.year, 1), "count": df.applied.astype(float), "suppressed": False,
                         "app_types": df.app_types})
    what = {("new", "first"): "new, first instance", ("new", "all"): "new, every level",
            ("all", "first"): "every type, first instance", ("all", "all"): "every type and level"}[kind, level]
    label = f"UNHCR asylum applications per year ({unit}, {what}): {origin} in {host}"
    return Series(name, label, "Y", data, None, Provenance.of(df).text())


#: OHSS's monthly cut (sheet) for each combination of keys given: (region, sector, citizenship) given or not.
US_BORDER_SHEETS = {(False, False, False): "Monthly Count", (True, False, False): "Monthly Region",
                    (False, False, True): "Monthly Citizenship", (True, False, True): "Monthly Rgn and Citp"}


def _sector_city(sector: str) -> str:
    """``Swanton, VT`` -> ``Swanton`` (a comma cannot stand in a spec, and the city is unique)."""
    return sector.rpartition(",")[0].strip() or sector


def _us_border(params: dict, name: str) -> Series:
    region, sector, cit = (params.get(k, ALL) for k in ("region", "sector", "citizenship"))
    region, sector, cit = (ALL if _is_all(v) else v for v in (region, sector, cit))
    if sector != ALL and cit != ALL:
        raise InputError(None, f"series {name}", "OHSS publishes encounters by sector or by citizenship, not both: "
                         "drop sector= or citizenship=")
    enc = borders.encounters()
    if sector != ALL:
        cut = enc[enc.sheet == "Monthly Rgn and Sector"]
        cities = {_sector_city(s): s for s in cut.sector.unique()}
        sector = cities[_pick(sector, cities, "US Border Patrol sector")]
        home = str(cut.loc[cut.sector == sector, "region"].iloc[0])
        if region != ALL and _pick(region, set(enc.region) - {ALL}, "US border region") != home:
            raise InputError(None, f"series {name}", f"the {sector} sector is on the {home}, not the {region}: "
                             "drop region=")
        region = home
    else:
        cut = enc[enc.sheet == US_BORDER_SHEETS[region != ALL, False, cit != ALL]]
        if region != ALL:
            region = _pick(region, set(cut.region) - {ALL}, "US border region")
        if cit != ALL:
            # XXX stands for two printed names ("Unknown", the former Serbia and Montenegro): not one series.
            held = cut if region == ALL else cut[cut.region == region]
            where = "OHSS encounters" + ("" if region == ALL else f" at the {region}")
            cit = _pick(cit, set(held.citizenship_iso3) - {ALL, "XXX"}, "citizenship", where)
    sel = cut[(cut.region == region) & (cut.sector == sector) & (cut.citizenship_iso3 == cit)]
    if sel.empty:
        raise InputError(None, f"series {name}", "OHSS prints no such series")
    # Every month the cut covers is in the series: a cell OHSS does not print rounds to 0 (0–4).
    months = (cut[["calendar_month", "fiscal_year"]].drop_duplicates().sort_values("calendar_month")
              .rename(columns={"calendar_month": "period"}))
    data = months.merge(sel[["calendar_month", "encounters"]].rename(columns={"calendar_month": "period"}),
                        on="period", how="left", validate="one_to_one")
    data = pd.DataFrame({"period": data.period, "count": data.encounters.astype(float),
                         "suppressed": data.encounters.isna(), "fiscal_year": data.fiscal_year.astype(int)})
    where = "all regions" if region == ALL else region
    what = (f"{sector} sector ({where})" if sector != ALL else
            f"{where}, all citizenships" if cit == ALL else f"{where}, citizenship {cit}")
    label = f"US Border Patrol encounters per month: {what}"
    return Series(name, label, "M", data.reset_index(drop=True), 10, Provenance.of(sel).text(), small=(0, 4),
                  small_how="not printed (a count of {band}, which OHSS rounds to 0)")


LOADERS = {"ircc-claims": _ircc, "rcmp": _rcmp, "unhcr-applications": _unhcr, "us-border": _us_border}


def load(spec: str) -> Series:
    """Read one series by spec or alias (see the module docstring)."""
    kind, params = parse(spec)
    if any("|" in v for v in params.values()):
        raise bad_value(f"series {canonical(spec)}", spec, "one series (alternatives with | name controls)")
    return LOADERS[kind](params, canonical(spec))


# -- the estimation window -------------------------------------------------------------------------------------
def bounds(start: str | None, end: str | None) -> tuple[pd.Timestamp | None, pd.Timestamp | None]:
    """The window's first and last period start from ``start``/``end`` (``YYYY`` or ``YYYY-MM``, the one period
    grammar; ``latest`` or None = open): ``end="2015"`` reaches 2015-12, ``start="2015"`` 2015-01."""
    lo = periods.point(start, "start")
    hi = None if periods.point(end, "end") is None else periods.parse(str(end), "end").end
    first = pd.Timestamp(year=lo[0], month=lo[1], day=1) if lo else None
    last = pd.Timestamp(year=hi[0], month=hi[1], day=1) if hi else None
    if first is not None and last is not None and last < first:
        raise InputError(None, "window", f"start {start} is after end {end}")
    return first, last


def window(s: Series, start: str | None, end: str | None) -> pd.DataFrame:
    """The series' rows with start <= period <= end; a window outside the data is bad input naming what the
    data cover."""
    first, last = bounds(start, end)
    d = s.data
    if first is not None:
        d = d[d["period"] >= first]
    if last is not None:
        d = d[d["period"] <= last]
    if d.empty:
        lo, hi = s.span()
        raise InputError(None, "window", f"{start or '…'} to {end or '…'} outside the data: {s.name} covers "
                         f"{lo} to {hi}")
    return d.reset_index(drop=True)


@dataclass(frozen=True, eq=False)
class Window:
    """A series inside the estimation window, after the suppression policy: ``data`` (period, count, …),
    ``warnings`` (short flags), ``n_suppressed`` (periods suppressed by the publisher), ``suppressed`` (the
    policy applied), ``mean`` (the mean count per period), ``type_spans`` (UNHCR application-type codes and the
    years each covers, when they change inside the window)."""

    data: pd.DataFrame
    warnings: tuple[str, ...]
    n_suppressed: int
    suppressed: str
    mean: float
    type_spans: str = ""


SUPPRESSED = ("drop", "midpoint")


def prepared(s: Series, start: str | None, end: str | None, suppressed: str = "drop") -> Window:
    """The window's rows with the suppression policy applied, and the flags about rounding, suppression and
    definitions. ``suppressed`` = ``"drop"`` leaves suppressed periods out; ``"midpoint"`` counts them as the
    middle of the publisher's small range (:attr:`Series.midpoint`: 2.5 for IRCC's 1–4, 2 for OHSS's 0–4)."""
    d = window(s, start, end)
    w = list(s.notes)
    n_sup = int(d["suppressed"].sum())
    band = f"{s.small[0]}–{s.small[1]}"
    if n_sup:
        if suppressed == "midpoint":
            d = d.assign(count=d["count"].where(~d["suppressed"], s.midpoint))
            w.append(f"{n_sup} suppressed value(s) ({band}) counted as {s.midpoint:g}")
        else:
            d = d[~d["suppressed"]]
            w.append(f"{n_sup} suppressed value(s) ({band}) left out: small periods are missing, which biases the "
                     "level upward")
    mean = float(d["count"].mean()) if len(d) else 0.0
    if s.rounded_to:
        size = "large" if mean < 20 * s.rounded_to else "small"
        w.append(f"{s.name}: values are rounded to the nearest {s.rounded_to} by the publisher (error up to "
                 f"±{s.rounded_to // 2} per period; {size} next to the mean of {mean:,.0f})")
    spans = ""
    if "app_types" in d.columns and d["app_types"].nunique() > 1:
        g = d.groupby("app_types")["period"].agg(["min", "max"]).sort_values("min")
        spans = "; ".join(f"{k} {v['min']:%Y}–{v['max']:%Y}" for k, v in g.iterrows())
        w.append(f"{s.name}: UNHCR's application-type codes change inside the window ({spans}): the definition "
                 "may shift")
    return Window(d.reset_index(drop=True), tuple(w), n_sup, suppressed, mean, spans)
