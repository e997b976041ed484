"""Per-capita and relative views of people counts: absolute, per 1,000 inhabitants, per US$1 of GDP (PPP) per
capita, or share of a total — the toggle of the explorer, the country charts and the map.

The rates are the host-burden indicator's (:func:`hemigov.indicators.burden.burden_table`: UNHCR's "per 1,000
inhabitants" and "per 1 US$ GDP (PPP) per capita") and shares are :func:`hemigov.indicators.formulas.shares`'
rule, so a dashboard figure is computed exactly as the indicator computes it. Denominators are World Bank WDI
values (``hemigov.series.economy``) of the value's own year, or of the year before when the World Bank has not
published that year yet; a value without either is missing (never a guess). Every result names the
denominator's dataset, vintage and years.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from hemigov import series
from hemigov.core.provenance import COLUMN, Provenance
from hemigov.indicators.burden import burden_table
from hemigov.style import numbers

ECO = series.economy


@dataclass(frozen=True)
class Mode:
    key: str
    label: str          # the toggle's words
    unit: str           # the axis title / column heading
    kind: str           # hemigov.style.numbers kind of the values
    indicator: str | None = None  # the WDI denominator


MODES: dict[str, Mode] = {m.key: m for m in (
    Mode("absolute", "Absolute", "people", "count"),
    Mode("per_1000", "Per 1,000 inhabitants", "people per 1,000 inhabitants", "number", ECO.POPULATION),
    Mode("per_gdp_ppp", "Per US$ GDP (PPP)", "people per US$1 of GDP (PPP) per capita", "ratio", ECO.GDP_PPP_PC),
    Mode("share", "Share of the total", "share of the total", "share"),
)}
#: How many years a denominator may lag the value (WDI publishes a year later than UNHCR).
MAX_LAG = 1


def mode(key: str) -> Mode:
    from hemigov.core.errors import unknown

    if key not in MODES:
        raise unknown("view", key, MODES)
    return MODES[key]


def _denominators(indicator: str) -> pd.DataFrame:
    eco = ECO.economy((ECO.POPULATION, ECO.GDP_PPP_PC))
    wide = eco.pivot_table(index=["iso3", "year"], columns="indicator", values="value", aggfunc="first")
    wide = wide.reindex(columns=[ECO.POPULATION, ECO.GDP_PPP_PC]).reset_index()
    src = eco[eco.indicator == indicator][COLUMN].iloc[0]
    return wide.assign(**{COLUMN: src}).dropna(subset=[indicator])


def relative(df: pd.DataFrame, view: str, *, iso3: str = "iso3", year: str = "year", value: str = "persons",
             total: pd.Series | float | None = None) -> tuple[pd.DataFrame, dict]:
    """``df`` with a ``value`` column in the chosen view and a note naming the denominator.

    Parameters
    ----------
    df : rows with an ISO3 column ``iso3``, a year column ``year``, a count column ``value`` and ``sources``.
    view : a key of :data:`MODES`.
    total : for ``share``: the total each row is a share of (a number, or a Series aligned with ``df``).

    Returns
    -------
    (frame, note): the frame gains ``value`` (the view's number), ``denominator`` and ``denominator_year`` (and
    its ``sources`` the denominator's file); ``note`` = {"view", "unit", "kind", "text", "sources"}.
    """
    m = mode(view)
    out = df.copy()
    if m.key == "absolute":
        out["value"] = out[value].astype(float)
        return out, {"view": m.key, "unit": m.unit, "kind": m.kind, "text": "", "sources": ""}
    if m.key == "share":
        tot = total if total is not None else out[value].sum()
        out["value"] = out[value].astype(float) / (tot.astype(float) if isinstance(tot, pd.Series) else float(tot))
        out.loc[~np.isfinite(out["value"]), "value"] = np.nan
        return out, {"view": m.key, "unit": m.unit, "kind": m.kind, "sources": "",
                     "text": "share of the total of the same measure and year(s)"}
    den = _denominators(m.indicator)
    found = pd.Series(np.nan, index=out.index)
    used = pd.Series(pd.NA, index=out.index, dtype="Int64")
    by_key = den.set_index(["iso3", "year"])[m.indicator]
    for lag in range(MAX_LAG + 1):
        keys = list(zip(out[iso3], out[year].astype(int) - lag, strict=True))
        got = pd.Series([by_key.get(k, np.nan) for k in keys], index=out.index)
        take = found.isna() & got.notna()
        found[take] = got[take]
        used[take] = out.loc[take, year].astype(int) - lag
    pop = found if m.key == "per_1000" else pd.Series(np.nan, index=out.index)
    gdp = found if m.key == "per_gdp_ppp" else pd.Series(np.nan, index=out.index)
    with np.errstate(invalid="ignore", divide="ignore"):  # the table's relative burdens are not used here
        rates = burden_table(out[value].astype(float), pop, gdp)
    out["value"] = rates["per_1000" if m.key == "per_1000" else "per_usd_gdp_ppp_pc"]
    out["denominator"], out["denominator_year"] = found, used
    src = den[COLUMN].iloc[0]
    out[COLUMN] = [Provenance.of(s, src).text() if isinstance(s, str) else src for s in out[COLUMN]]
    years = sorted(set(used.dropna().astype(int)))
    label = series.catalogue.label(*Provenance.parse(src).pairs()[0])
    span = "" if not years else (str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}")
    what = "population (SP.POP.TOTL)" if m.key == "per_1000" else "GDP per capita, PPP (NY.GDP.PCAP.PP.CD)"
    text = (f"denominator: {what}, {label}, {span or 'no year'}; the value's own year, or the year before when "
            "not yet published; missing where neither is")
    return out, {"view": m.key, "unit": m.unit, "kind": m.kind, "text": text, "sources": src,
                 "years": span}


def fmt(v, view: str) -> str:
    """A value of ``view`` written by the one formatter."""
    return numbers.fmt(v, MODES[view].kind)
