"""Regenerate the reviewed country table and the UNHCR / World Bank alias tables.

Run by a maintainer, never at import time:  python tools/build_countries.py ../shared/data

Inputs: UNHCR ``countries.rda`` (UNHCR code, ISO3, UNHCR region, UN M49 region/subregion/intermediate
region), the World Bank "Metadata - Countries" sheet of the WDI 2023-05 workbook (region, income group,
names) and ISO 3166 via pycountry (ISO2, numeric code = M49 for countries). The output is reviewed
and committed; changes show up as a git diff to be read, not as silent run-time behaviour.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pycountry
import pyreadr

OUT = Path(__file__).resolve().parents[1] / "src" / "hemigov" / "data"

# Codes with no ISO 3166 entry. User-assigned ranges (X..) as ICAO Doc 9303 uses them where one exists.
PSEUDO = [
    # iso3, unhcr_code, name, note
    ("XXA", "STA", "Stateless", "ICAO code for a stateless person"),
    ("XXX", "UKN", "Unknown", "ICAO code for an unspecified nationality; UNHCR 'Unknown' / 'Unknown/other'"),
    ("XTI", "TIB", "Tibetan", "UNHCR origin category for Tibetans; no ISO code"),
    ("XAB", "AB9", "Abyei Area", "UNHCR/IDMC area between Sudan and South Sudan; no ISO code"),
]

# Entries on the World Bank list but not UNHCR's: regions filled by hand from UN M49.
WB_ONLY_M49 = {
    "ASM": ("Oceania", "Polynesia", ""),
    "CHI": ("Europe", "Northern Europe", "Channel Islands"),
    "IMN": ("Europe", "Northern Europe", ""),
    "VIR": ("Americas", "Latin America and the Caribbean", "Caribbean"),
    "XKX": ("Europe", "Southern Europe", ""),
}
WB_ONLY_UNHCR_REGION = {"ASM": "Asia and the Pacific", "CHI": "Europe", "IMN": "Europe",
                        "VIR": "The Americas", "XKX": "Europe"}

# Places on neither list that other sources report (IRCC and UN DESA: Taiwan; UN DESA and the IRB: small
# territories). Regions from UN M49; UNHCR region by the bureau that covers the area.
OTHER_PLACES = {
    # iso3: (m49_region, m49_subregion, m49_intermediate, unhcr_region)
    "TWN": ("Asia", "Eastern Asia", "", "Asia and the Pacific"),
    "FLK": ("Americas", "Latin America and the Caribbean", "South America", "The Americas"),
    "BLM": ("Americas", "Latin America and the Caribbean", "Caribbean", "The Americas"),
    "MYT": ("Africa", "Sub-Saharan Africa", "Eastern Africa", "Eastern and Southern Africa"),
    "SHN": ("Africa", "Sub-Saharan Africa", "Western Africa", "West and Central Africa"),
    "TKL": ("Oceania", "Polynesia", "", "Asia and the Pacific"),
    "WLF": ("Oceania", "Polynesia", "", "Asia and the Pacific"),
}

# World Bank economies that are not sovereign states (dependent territories, special administrative regions).
WB_TERRITORIES = {"ABW", "ASM", "BMU", "CHI", "CUW", "CYM", "FRO", "GIB", "GRL", "GUM", "HKG", "IMN", "MAC", "MAF",
                  "MNP", "NCL", "PRI", "PYF", "SXM", "TCA", "VGB", "VIR"}

# Spellings of later WDI releases (2026-07 CSVs) beside the 2023-05 workbook's.
WB_EXTRA_ALIASES = {"Puerto Rico (US)": "PRI", "Somalia, Fed. Rep.": "SOM", "Viet Nam": "VNM"}

# Short English names where ISO's are long or political formulas.
NAME_OVERRIDES = {
    "BOL": "Bolivia", "VEN": "Venezuela", "IRN": "Iran", "SYR": "Syria", "TZA": "Tanzania",
    "COD": "DR Congo", "COG": "Congo", "KOR": "South Korea", "PRK": "North Korea", "LAO": "Laos",
    "MDA": "Moldova", "RUS": "Russia", "VNM": "Viet Nam", "FSM": "Micronesia", "PSE": "Palestine",
    "TWN": "Taiwan", "GBR": "United Kingdom", "USA": "United States", "CZE": "Czechia",
    "MKD": "North Macedonia", "CIV": "Côte d'Ivoire", "VAT": "Holy See", "BES": "Bonaire, Sint Eustatius and Saba",
    "MAF": "Saint Martin (French part)", "SXM": "Sint Maarten (Dutch part)", "FLK": "Falkland Islands (Malvinas)",
    "XKX": "Kosovo", "CHI": "Channel Islands", "TUR": "Türkiye", "BRN": "Brunei", "CPV": "Cabo Verde",
    "SWZ": "Eswatini", "TLS": "Timor-Leste", "HKG": "Hong Kong SAR, China", "MAC": "Macao SAR, China",
}

# The paper's IRCC-style regions, from UNHCR's regional bureaux (the paper's own definitions are not
# published; IRCC's and UNHCR's differ at the edges, e.g. Iran and Afghanistan).
PAPER_REGION = {
    "The Americas": "Western hemisphere",
    "Middle East and North Africa": "Middle East and North Africa",
    "Eastern and Southern Africa": "Sub-Saharan Africa",
    "West and Central Africa": "Sub-Saharan Africa",
    "Asia and the Pacific": "Asia-Pacific",
    "Europe": "Europe",
}


def main(shared: Path) -> None:
    unhcr = pyreadr.read_r(shared / "unhcr-refugees/2026-06-end2025/countries.rda")["countries"]
    unhcr = unhcr[unhcr.iso_code.notna() & ~unhcr.unhcr_code.isin([p[1] for p in PSEUDO])]
    xls = shared / "worldbank-wdi/2023-05_wdi-excel/personal-remittances-received.xls"
    meta = pd.read_excel(xls, sheet_name="Metadata - Countries")
    meta = meta[meta.Region.notna()].set_index("Country Code")
    wb_names = pd.read_excel(xls, sheet_name="Data", skiprows=3).set_index("Country Code")["Country Name"]

    rows = []
    for r in unhcr.itertuples():
        rows.append(dict(iso3=r.iso_code, unhcr_code=r.unhcr_code, unhcr_name=r.name,
                         m49_region=r.unsd_region or "", m49_subregion=r.unsd_subregion or "",
                         m49_intermediate=r.unsd_imregion or "", unhcr_region=r.unhcr_region or ""))
    for iso3, (reg, sub, inter) in WB_ONLY_M49.items():
        rows.append(dict(iso3=iso3, unhcr_code="", unhcr_name="", m49_region=reg, m49_subregion=sub,
                         m49_intermediate=inter, unhcr_region=WB_ONLY_UNHCR_REGION[iso3]))
    known = {r["iso3"] for r in rows}
    for iso3, (reg, sub, inter, ureg) in OTHER_PLACES.items():
        if iso3 not in known:
            rows.append(dict(iso3=iso3, unhcr_code="", unhcr_name="", m49_region=reg, m49_subregion=sub,
                             m49_intermediate=inter, unhcr_region=ureg))
    out = []
    for row in rows:
        iso = pycountry.countries.get(alpha_3=row["iso3"])
        name = NAME_OVERRIDES.get(row["iso3"]) or (
            getattr(iso, "common_name", None) or iso.name if iso else row["unhcr_name"])
        wb = meta.loc[row["iso3"]] if row["iso3"] in meta.index else None
        out.append(dict(
            iso3=row["iso3"],
            iso2="XK" if row["iso3"] == "XKX" else (iso.alpha_2 if iso else ""),
            m49=(iso.numeric if iso else {"CHI": "830", "XKX": ""}.get(row["iso3"], "")),
            unhcr_code=row["unhcr_code"],
            name=name,
            kind=("country" if (wb is not None and row["iso3"] not in WB_TERRITORIES) or row["iso3"] in {"VAT", "ESH"}
                  else "territory"),
            m49_region=row["m49_region"], m49_subregion=row["m49_subregion"],
            m49_intermediate=row["m49_intermediate"], unhcr_region=row["unhcr_region"],
            wb_region=wb.Region if wb is not None else "",
            wb_income_group=(wb.IncomeGroup if wb is not None and isinstance(wb.IncomeGroup, str) else ""),
            paper_region=PAPER_REGION.get(row["unhcr_region"], ""),
        ))
    for iso3, code, name, _note in PSEUDO:
        out.append(dict(iso3=iso3, iso2="", m49="", unhcr_code=code, name=name, kind="pseudo",
                        m49_region="", m49_subregion="", m49_intermediate="", unhcr_region="",
                        wb_region="", wb_income_group="", paper_region=""))
    countries = pd.DataFrame(out).sort_values("iso3")
    # Bouvet Island and South Georgia are uninhabited: UNHCR files them under Europe.
    countries.to_csv(OUT / "countries.csv", index=False)

    aliases = pd.DataFrame({"name": unhcr.name.str.strip(), "iso3": unhcr.iso_code})
    extra = pd.DataFrame({"name": ["Unknown", "Unknown/other", "Stateless", "Tibetan", "Abyei Area"],
                          "iso3": ["XXX", "XXX", "XXA", "XTI", "XAB"]})
    pd.concat([aliases, extra]).drop_duplicates().sort_values("name").to_csv(
        OUT / "aliases" / "unhcr.csv", index=False)
    wb = pd.DataFrame({"name": [wb_names[c] for c in meta.index] + list(WB_EXTRA_ALIASES),
                       "iso3": list(meta.index) + list(WB_EXTRA_ALIASES.values())})
    wb.sort_values("name").to_csv(OUT / "aliases" / "worldbank.csv", index=False)
    print(f"{len(countries)} countries, {len(aliases) + len(extra)} UNHCR aliases, {len(wb)} World Bank aliases")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
