"""Named count series for effect estimation, read from the warehouse views, with their flags and provenance.

A series is named by a spec ``kind:key=value,key=value`` (or a short alias from :data:`ALIASES`):

- ``ircc-claims`` — IRCC asylum claimants per month (``v_canada_asylum_claims``), keys ``citizenship`` (ISO3
  of the top-25 files, default all), ``office`` (Airport, Border, Inland, Other Offices; default all),
  ``province`` (default all). Uses IRCC's printed '(all)' totals, never sums of rounded cells. Rounded to 5,
  1–4 suppressed. Citizenship series are only itemised with either the office or the province total.
- ``rcmp`` — RCMP interceptions between ports of entry per month (``v_rcmp_interceptions``), key ``province``
  (default all = sum of provinces; exact counts; 2017–2023 only).
- ``unhcr-applications`` — UNHCR asylum applications per year (``v_asylum_applications``), keys ``origin``
  (ISO3, required), ``asylum`` (default CAN), ``unit`` (persons | cases; never added together) and ``level``
  (``first`` = new first-instance applications: dec_level FI/FA with app_type N, or V where UNHCR did not
  split new from repeat; ``all`` = every level and type).

A value may list alternatives with ``|`` (``unhcr-applications:origin=COL|HTI|IND``) to name several series at
once, e.g. controls.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from hemigov import api
from hemigov.core.errors import HemigovError

ALIASES = {
    "mexico-claims-monthly": "ircc-claims:citizenship=MEX",
    "mexico-claims-annual": "unhcr-applications:origin=MEX",
    "claims-monthly": "ircc-claims",
    "claims-quebec": "ircc-claims:province=Quebec",
    "border-claims-quebec": "ircc-claims:office=Border,province=Quebec",
    "airport-claims": "ircc-claims:office=Airport",
    "rcmp-quebec": "rcmp:province=Quebec",
    "rcmp": "rcmp",
}

KEYS = {"ircc-claims": {"citizenship", "office", "province"}, "rcmp": {"province"},
        "unhcr-applications": {"origin", "asylum", "unit", "level"}}


@dataclass
class Series:
    """A count series: ``data`` has ``period`` (first day), ``count`` (float, NaN when suppressed) and
    ``suppressed``; ``freq`` is "M" or "Y"; ``provenance`` lists (dataset, vintage) pairs."""

    name: str
    label: str
    freq: str
    data: pd.DataFrame
    rounded_to: int | None
    provenance: list[dict]
    notes: list[str] = field(default_factory=list)


def parse(spec: str) -> tuple[str, dict[str, str]]:
    spec = ALIASES.get(spec.strip(), spec.strip())
    kind, _, rest = spec.partition(":")
    if kind not in KEYS:
        raise HemigovError(f"unknown series {spec!r}: kinds are {', '.join(KEYS)}; aliases {', '.join(ALIASES)}")
    params = {}
    for part in filter(None, (p.strip() for p in rest.split(","))):
        k, eq, v = part.partition("=")
        if not eq or k.strip() not in KEYS[kind]:
            raise HemigovError(f"series {spec!r}: {part!r} is not one of {', '.join(sorted(KEYS[kind]))}=VALUE")
        params[k.strip()] = v.strip()
    return kind, params


def expand(spec: str) -> list[str]:
    """One spec per alternative: ``k:a=X|Y`` -> [``k:a=X``, ``k:a=Y``]."""
    kind, params = parse(spec)
    specs = [{}]
    for k, v in params.items():
        specs = [s | {k: alt.strip()} for s in specs for alt in v.split("|")]
    return [kind + (":" + ",".join(f"{k}={v}" for k, v in s.items()) if s else "") for s in specs]



def _provenance(df: pd.DataFrame) -> list[dict]:
    return df[["dataset", "vintage"]].drop_duplicates().sort_values(["dataset", "vintage"]).to_dict("records")


def _all(v: str) -> str:
    return "(all)" if v.strip().lower() in ("all", "(all)") else v.strip()


def _ircc(params: dict, name: str) -> Series:
    cit, office, prov = (_all(params.get(k, "all")) for k in ("citizenship", "office", "province"))
    cit = cit if cit == "(all)" else cit.upper()
    df = api.query("SELECT year, month, persons, suppressed, dataset, vintage FROM v_canada_asylum_claims "
                "WHERE citizenship_iso3 = ? AND lower(office_type) = lower(?) AND lower(province) = lower(?) "
                "ORDER BY year, month", [cit, office, prov])
    notes = []
    if df.empty and office == "(all)" and prov != "(all)":
        # IRCC prints no all-offices total by province: add the office types, suppressed cells as 2.5.
        df = api.query("SELECT year, month, sum(coalesce(persons, 2.5)) AS persons, false AS suppressed, "
                    "sum(suppressed::int) AS n_sup, count(*) AS n_cells, min(dataset) AS dataset, "
                    "min(vintage) AS vintage FROM v_canada_asylum_claims WHERE citizenship_iso3 = ? "
                    "AND office_type <> '(all)' AND lower(province) = lower(?) GROUP BY year, month "
                    "ORDER BY year, month", [cit, prov])
        if not df.empty:
            notes.append(f"{name}: IRCC prints no all-office total by province; the series adds the office-type "
                         f"cells ({int(df.n_sup.sum())} suppressed cell(s) counted as 2.5), so rounding errors add up")
    if df.empty:
        raise HemigovError(f"no IRCC series {name!r}: citizenship is itemised only with the office-type or the "
                           "province total; offices are Airport, Border, Inland, Other Offices")
    data = pd.DataFrame({"period": pd.to_datetime(dict(year=df.year, month=df.month, day=1)),
                         "count": df.persons.astype(float), "suppressed": df.suppressed.astype(bool)})
    label = f"IRCC asylum claimants per month: citizenship {cit}, office {office}, province {prov}"
    return Series(name, label, "M", data, 5, _provenance(df), notes)


def _rcmp(params: dict, name: str) -> Series:
    prov = params.get("province", "all")
    where, args = ("", []) if prov.lower() == "all" else ("WHERE lower(province) = lower(?)", [prov])
    df = api.query(f"SELECT year, month, sum(persons) AS persons, min(dataset) AS dataset, min(vintage) AS vintage "
                f"FROM v_rcmp_interceptions {where} GROUP BY year, month ORDER BY year, month", args)
    if df.empty:
        raise HemigovError(f"no RCMP interceptions for province {prov!r}")
    data = pd.DataFrame({"period": pd.to_datetime(dict(year=df.year, month=df.month, day=1)),
                         "count": df.persons.astype(float), "suppressed": False})
    return Series(name, f"RCMP interceptions between ports of entry per month, {prov}", "M", data, None,
                  _provenance(df))


def _unhcr(params: dict, name: str) -> Series:
    if "origin" not in params:
        raise HemigovError(f"series {name!r} needs origin=ISO3")
    origin, asylum = params["origin"].upper(), params.get("asylum", "CAN").upper()
    unit, level = params.get("unit", "persons"), params.get("level", "first")
    if unit not in ("persons", "cases") or level not in ("first", "all"):
        raise HemigovError(f"series {name!r}: unit is persons|cases, level is first|all")
    cond = "AND dec_level IN ('FI', 'FA') AND app_type IN ('N', 'V')" if level == "first" else ""
    df = api.query("SELECT year, sum(applied) AS applied, list(DISTINCT app_type ORDER BY app_type) AS types, "
                "min(dataset) AS dataset, min(vintage) AS vintage FROM v_asylum_applications "
                f"WHERE origin_iso3 = ? AND asylum_iso3 = ? AND unit = ? {cond} GROUP BY year ORDER BY year",
                [origin, asylum, unit])
    if df.empty:
        raise HemigovError(f"no UNHCR applications for {name!r}")
    data = pd.DataFrame({"period": pd.to_datetime(dict(year=df.year, month=1, day=1)),
                         "count": df.applied.astype(float), "suppressed": False, "types": df.types.map(tuple)})
    label = f"UNHCR asylum applications per year ({unit}, {'new first-instance' if level == 'first' else 'all'}): " \
            f"{origin} in {asylum}"
    return Series(name, label, "Y", data, None, _provenance(df))


def load(spec: str) -> Series:
    """Read one series by spec or alias (see the module docstring)."""
    kind, params = parse(spec)
    name = ALIASES.get(spec.strip(), spec.strip())
    return {"ircc-claims": _ircc, "rcmp": _rcmp, "unhcr-applications": _unhcr}[kind](params, name)


def window(s: Series, start: str | None, end: str | None) -> pd.DataFrame:
    """The series' rows with start <= period <= end (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``)."""
    d = s.data
    if start:
        d = d[d["period"] >= pd.Timestamp(start)]
    if end:
        d = d[d["period"] <= pd.Timestamp(end)]
    return d.reset_index(drop=True)


def flags(s: Series, d: pd.DataFrame, suppressed: str) -> tuple[pd.DataFrame, list[str]]:
    """Apply the suppression policy and return warnings about rounding, suppression and definitions.

    ``suppressed`` = ``"drop"`` leaves suppressed periods out; ``"midpoint"`` counts them as 2.5 (the middle of
    IRCC's 1–4 band).
    """
    w = list(s.notes)
    n_sup = int(d["suppressed"].sum())
    if n_sup:
        if suppressed == "midpoint":
            d = d.assign(count=d["count"].where(~d["suppressed"], 2.5))
            w.append(f"{n_sup} suppressed value(s) (1–4) counted as 2.5")
        elif suppressed == "drop":
            d = d[~d["suppressed"]]
            w.append(f"{n_sup} suppressed value(s) (1–4) left out: small periods are missing, which biases the "
                     "level upward")
        else:
            raise HemigovError(f"suppressed must be drop or midpoint, not {suppressed!r}")
    if s.rounded_to:
        mean = float(d["count"].mean()) if len(d) else 0.0
        size = "large" if mean < 20 * s.rounded_to else "small"
        w.append(f"{s.name}: values are rounded to the nearest {s.rounded_to} by the publisher (error up to "
                 f"±{s.rounded_to // 2} per period; {size} next to the mean of {mean:,.0f})")
    if "types" in d.columns and d["types"].nunique() > 1:
        spans = d.groupby(d["types"].map("+".join))["period"].agg(["min", "max"])
        desc = "; ".join(f"{k} {v['min']:%Y}–{v['max']:%Y}" for k, v in spans.sort_values("min").iterrows())
        w.append(f"{s.name}: UNHCR's application-type codes change inside the window ({desc}): the definition "
                 "may shift")
    return d.reset_index(drop=True), w
