"""The warehouse schema: one place that names every table, its typed columns, its key and its meaning.

Domain tables hold every loaded vintage side by side; each row carries ``dataset`` and ``vintage``.
The public SQL interface is the ``v_*`` views (newest vintage of each dataset, ISO3 codes), built in
``views.py``. ``docs/data-dictionary.md`` documents both; a test checks it against this module.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Table:
    name: str
    columns: dict[str, str]
    key: tuple[str, ...]
    doc: str
    #: columns that must be >= 0 when not null
    counts: tuple[str, ...] = ()
    #: columns holding ISO3 codes that must exist in ``countries``
    iso3: tuple[str, ...] = ()
    #: column -> allowed values
    enums: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: False for reference tables that are not loaded per dataset/vintage
    versioned: bool = True

    def ddl(self) -> str:
        cols = ", ".join(f'"{c}" {t}' for c, t in self.columns.items())
        return f'CREATE TABLE IF NOT EXISTS "{self.name}" ({cols})'


DV = {"dataset": "VARCHAR NOT NULL", "vintage": "VARCHAR NOT NULL"}

TABLES: dict[str, Table] = {}


def _t(name: str, columns: dict[str, str], key: tuple[str, ...], doc: str, **kw) -> Table:
    versioned = kw.get("versioned", True)
    t = Table(name, ({**DV, **columns} if versioned else columns),
              (("dataset", "vintage", *key) if versioned else key), doc, **kw)
    TABLES[name] = t
    return t


# --- catalogue and reference -------------------------------------------------------------------
_t("datasets", {
    "dataset": "VARCHAR NOT NULL", "vintage": "VARCHAR NOT NULL", "publisher": "VARCHAR", "title": "VARCHAR",
    "file": "VARCHAR", "sha256": "VARCHAR", "bytes": "BIGINT", "rows": "BIGINT", "licence": "VARCHAR",
    "citation": "VARCHAR", "source_url": "VARCHAR", "adapter": "VARCHAR", "notes": "VARCHAR",
    "origin": "VARCHAR", "loaded_at": "TIMESTAMP",
}, ("dataset", "vintage"),
    "One row per loaded raw file: which dataset and release (vintage) it is, its sha256, licence and "
    "citation. origin = import | snapshot | fetch.", versioned=False)

_t("countries", {
    "iso3": "VARCHAR NOT NULL", "iso2": "VARCHAR", "m49": "VARCHAR", "unhcr_code": "VARCHAR", "name": "VARCHAR",
    "kind": "VARCHAR", "m49_region": "VARCHAR", "m49_subregion": "VARCHAR", "m49_intermediate": "VARCHAR",
    "unhcr_region": "VARCHAR", "wb_region": "VARCHAR", "wb_income_group": "VARCHAR", "paper_region": "VARCHAR",
}, ("iso3",), "Reviewed country table (package data countries.csv).", versioned=False,
    enums={"kind": ("country", "territory", "pseudo")})

_t("country_aliases", {"scheme": "VARCHAR NOT NULL", "name": "VARCHAR NOT NULL", "iso3": "VARCHAR NOT NULL"},
   ("scheme", "name"), "Exact source spellings of country names, by source scheme (package data aliases/).",
   versioned=False, iso3=("iso3",))

_t("groupings", {
    "grouping": "VARCHAR NOT NULL", "iso3": "VARCHAR NOT NULL", "role": "VARCHAR NOT NULL",
    "start_year": "INTEGER", "end_year": "INTEGER", "note": "VARCHAR", "source_url": "VARCHAR",
}, ("grouping", "iso3", "role", "start_year"),
    "Membership of governance groupings and region schemes, with years (package data groupings.csv).",
    versioned=False, iso3=("iso3",))

_t("grouping_info", {
    "grouping": "VARCHAR NOT NULL", "name": "VARCHAR", "kind": "VARCHAR", "description": "VARCHAR",
    "source_url": "VARCHAR",
}, ("grouping",), "One row per grouping: full name, kind and description.", versioned=False)

# --- UNHCR -------------------------------------------------------------------------------------
_t("unhcr_countries", {
    "unhcr_code": "VARCHAR NOT NULL", "iso3": "VARCHAR", "name": "VARCHAR", "unhcr_region": "VARCHAR",
    "m49_region": "VARCHAR", "m49_subregion": "VARCHAR", "m49_intermediate": "VARCHAR",
}, ("unhcr_code",), "UNHCR's own country list as released (countries.rda); the reviewed countries table is "
    "checked against it.")

POP_TYPES = ("refugees", "asylum_seekers", "returned_refugees", "idps", "returned_idps", "stateless", "ooc",
             "oip", "hst")
_t("displacement", {
    "year": "INTEGER NOT NULL", "origin_iso3": "VARCHAR NOT NULL", "asylum_iso3": "VARCHAR NOT NULL",
    "population_type": "VARCHAR NOT NULL", "persons": "BIGINT",
}, ("year", "origin_iso3", "asylum_iso3", "population_type"),
    "UNHCR population stocks at end-year, long. persons NULL = not reported ('-'), 0 = reported zero.",
    counts=("persons",), iso3=("origin_iso3", "asylum_iso3"), enums={"population_type": POP_TYPES})

_t("displacement_flows", {
    "year": "INTEGER NOT NULL", "origin_iso3": "VARCHAR NOT NULL", "asylum_iso3": "VARCHAR NOT NULL",
    "population_type": "VARCHAR NOT NULL", "persons": "BIGINT",
}, ("year", "origin_iso3", "asylum_iso3", "population_type"),
    "UNHCR newly displaced across borders during the year (flows.rda), long.",
    counts=("persons",), iso3=("origin_iso3", "asylum_iso3"),
    enums={"population_type": ("refugees", "asylum_seekers", "refugee_like", "oip")})

_t("solutions", {
    "year": "INTEGER NOT NULL", "origin_iso3": "VARCHAR NOT NULL", "asylum_iso3": "VARCHAR NOT NULL",
    "solution_type": "VARCHAR NOT NULL", "persons": "BIGINT",
}, ("year", "origin_iso3", "asylum_iso3", "solution_type"),
    "UNHCR durable solutions, long. For resettlement, asylum_iso3 is the resettlement country.",
    counts=("persons",), iso3=("origin_iso3", "asylum_iso3"),
    enums={"solution_type": ("returned_refugees", "resettlement", "naturalisation", "returned_idps")})

_t("idps", {"year": "INTEGER NOT NULL", "iso3": "VARCHAR NOT NULL", "persons": "BIGINT"}, ("year", "iso3"),
   "People internally displaced by conflict and violence (IDMC, as published by UNHCR).",
   counts=("persons",), iso3=("iso3",))

_t("asylum_applications", {
    "year": "INTEGER NOT NULL", "origin_iso3": "VARCHAR NOT NULL", "asylum_iso3": "VARCHAR NOT NULL",
    "procedure_type": "VARCHAR NOT NULL", "app_type": "VARCHAR NOT NULL", "dec_level": "VARCHAR NOT NULL",
    "unit": "VARCHAR NOT NULL", "applied": "BIGINT",
}, ("year", "origin_iso3", "asylum_iso3", "procedure_type", "app_type", "dec_level", "unit"),
    "UNHCR asylum applications. unit = persons | cases (app_pc P/C): never add the two.",
    counts=("applied",), iso3=("origin_iso3", "asylum_iso3"), enums={"unit": ("persons", "cases")})

_t("asylum_decisions", {
    "year": "INTEGER NOT NULL", "origin_iso3": "VARCHAR NOT NULL", "asylum_iso3": "VARCHAR NOT NULL",
    "procedure_type": "VARCHAR NOT NULL", "dec_level": "VARCHAR NOT NULL", "unit": "VARCHAR NOT NULL",
    "recognized": "BIGINT", "other": "BIGINT", "rejected": "BIGINT", "closed": "BIGINT", "total": "BIGINT",
}, ("year", "origin_iso3", "asylum_iso3", "procedure_type", "dec_level", "unit"),
    "UNHCR asylum decisions: recognized (Convention status), other (complementary protection), rejected, "
    "otherwise closed, total. unit = persons | cases.",
    counts=("recognized", "other", "rejected", "closed", "total"), iso3=("origin_iso3", "asylum_iso3"),
    enums={"unit": ("persons", "cases")})

DEMOGRAPHIC_SEXES = ("female", "male", "unknown")
AGE_GROUPS = ("0-4", "5-11", "12-17", "18-59", "60+", "unknown")
_t("demographics", {
    "year": "INTEGER NOT NULL", "origin_iso3": "VARCHAR NOT NULL", "asylum_iso3": "VARCHAR NOT NULL",
    "population_type": "VARCHAR NOT NULL", "sex": "VARCHAR NOT NULL", "age_group": "VARCHAR NOT NULL",
    "persons": "BIGINT NOT NULL",
}, ("year", "origin_iso3", "asylum_iso3", "population_type", "sex", "age_group"),
    "UNHCR end-year stocks by sex and age group (demographics.rda), summed over UNHCR's locations within the "
    "country of asylum. The cells add up: their sum is UNHCR's total, which equals v_displacement's persons for "
    "the same release and cut except stateless and returned refugees (see the adapter). sex 'unknown' (age "
    "'unknown') = people without a sex breakdown (UNHCR's total minus its female and male totals); age 'unknown' "
    "with sex female/male = UNHCR's 'other' age column. Zero cells are not stored. population_type as in "
    "displacement. The end-2025 release holds 2025 only, so v_demographics keeps, for each year, the newest "
    "release that reports that year (each row names its vintage).",
    counts=("persons",), iso3=("origin_iso3", "asylum_iso3"),
    enums={"population_type": POP_TYPES, "sex": DEMOGRAPHIC_SEXES, "age_group": AGE_GROUPS})

# --- UNHCR funding (IATI) ----------------------------------------------------------------------
EARMARKING = ("unearmarked", "global", "regional", "country")
DONOR_TYPES = ("government", "eu_institution", "un_system", "pooled_fund", "development_bank", "intergovernmental",
               "private")
_t("funding_activities", {
    "year": "INTEGER NOT NULL", "activity": "VARCHAR NOT NULL", "title": "VARCHAR", "earmarking": "VARCHAR NOT NULL",
    "region_code": "VARCHAR", "region": "VARCHAR", "recipient_iso3": "VARCHAR", "activity_scope": "INTEGER",
}, ("year", "activity"),
    "UNHCR's IATI activities of a programme year (iati_activity.xlsx): activity = IATI identifier "
    "(XM-DAC-41121-YYYY[-bureau[-operation]]). earmarking, from the identifier: unearmarked = the UNHCR-wide "
    "activity itself; global = UNHCR-wide programmes (GLOBALPROG, HQ, JPO); regional = a regional bureau's "
    "activity or its regional sub-activities; country = a country or multi-country operation (recipient_iso3 = "
    "the IATI recipient country, ISO2 in the file). region = UNHCR's bureau name for region_code (AFR until 2019; "
    "EHGL, SA/SAO, WCA from 2020).",
    iso3=("recipient_iso3",), enums={"earmarking": EARMARKING})

_t("funding_transactions", {
    "year": "INTEGER NOT NULL", "row": "INTEGER NOT NULL", "activity": "VARCHAR NOT NULL",
    "transaction_type": "VARCHAR NOT NULL", "date": "DATE", "provider_org": "VARCHAR NOT NULL",
    "provider_org_ref": "VARCHAR", "provider_org_type": "INTEGER", "donor": "VARCHAR NOT NULL",
    "donor_type": "VARCHAR NOT NULL", "donor_iso3": "VARCHAR", "currency": "VARCHAR", "value": "DOUBLE",
    "usd": "DOUBLE NOT NULL", "aid_type": "VARCHAR", "earmarking_category": "VARCHAR", "description": "VARCHAR",
    "transaction_ref": "VARCHAR",
}, ("year", "row"),
    "UNHCR's IATI incoming commitments (transaction type 11: a donor's contribution as UNHCR records it; not "
    "disbursements) of a programme year, one row per printed transaction (row = sheet row). provider_org is "
    "UNHCR's spelling; donor, donor_type and donor_iso3 come from reviewed tables (states and territories with a "
    "code -> donor_iso3; EU institutions, UN bodies, pooled funds, development banks, private donors have none). "
    "value is in currency, usd in US dollars as UNHCR converted it. earmarking_category = IATI's earmarking "
    "category (aid type vocabulary 2), which need not agree with the activity's earmarking level.",
    counts=("value", "usd"), iso3=("donor_iso3",),
    enums={"transaction_type": ("incoming_commitment",), "donor_type": DONOR_TYPES,
           "earmarking_category": ("unearmarked", "softly_earmarked", "earmarked", "tightly_earmarked")})

# --- World Bank / KNOMAD / UN DESA -------------------------------------------------------------
_t("economy", {
    "year": "INTEGER NOT NULL", "iso3": "VARCHAR NOT NULL", "indicator": "VARCHAR NOT NULL",
    "value": "DOUBLE", "estimated": "BOOLEAN",
}, ("year", "iso3", "indicator"),
    "Country-level economic series (WDI codes such as NY.GDP.MKTP.CD; KNOMAD flows as KNOMAD.*). "
    "Countries only: aggregates live in economy_aggregates.", iso3=("iso3",))

_t("economy_aggregates", {
    "year": "INTEGER NOT NULL", "code": "VARCHAR NOT NULL", "name": "VARCHAR", "indicator": "VARCHAR NOT NULL",
    "value": "DOUBLE", "estimated": "BOOLEAN",
}, ("year", "code", "indicator"),
    "Regional, income-group and world aggregates published beside country series (WLD, LCN, HIC ...).")

_t("economy_series", {
    "indicator": "VARCHAR NOT NULL", "title": "VARCHAR", "unit": "VARCHAR", "definition": "VARCHAR",
}, ("indicator",), "Title, unit and definition of each economy indicator, as the publisher gives them.")

_t("remittances_bilateral", {
    "year": "INTEGER NOT NULL", "sender_iso3": "VARCHAR NOT NULL", "receiver_iso3": "VARCHAR NOT NULL",
    "usd_millions": "DOUBLE", "rounded_to": "DOUBLE",
}, ("year", "sender_iso3", "receiver_iso3"),
    "World Bank/KNOMAD bilateral remittance estimates, US$ million. Empty matrix cells are absent; "
    "rounded_to = 1 where the file holds whole millions.",
    counts=("usd_millions",), iso3=("sender_iso3", "receiver_iso3"))

_t("migrant_stock", {
    "year": "INTEGER NOT NULL", "origin_iso3": "VARCHAR NOT NULL", "destination_iso3": "VARCHAR NOT NULL",
    "persons": "BIGINT",
}, ("year", "origin_iso3", "destination_iso3"),
    "Bilateral international migrant stock by country of birth (UN DESA IMS; World Bank matrix 2017).",
    counts=("persons",), iso3=("origin_iso3", "destination_iso3"))

_t("migrant_stock_totals", {
    "year": "INTEGER NOT NULL", "iso3": "VARCHAR NOT NULL", "measure": "VARCHAR NOT NULL",
    "sex": "VARCHAR NOT NULL", "value": "DOUBLE",
}, ("year", "iso3", "measure", "sex"),
    "Totals by destination from UN DESA IMS 2020: measure = migrant_stock | refugee_stock | population | "
    "migrant_share_pct ...; sex = both | male | female.", iso3=("iso3",))

# --- Canada: IRCC, CBSA, RCMP, IRB -------------------------------------------------------------
_t("ircc_pr_admissions", {
    "year": "INTEGER NOT NULL", "month": "INTEGER NOT NULL", "citizenship": "VARCHAR NOT NULL",
    "citizenship_iso3": "VARCHAR NOT NULL",
    "level": "VARCHAR NOT NULL", "broad_category": "VARCHAR NOT NULL", "category_group": "VARCHAR NOT NULL",
    "category": "VARCHAR NOT NULL", "persons": "BIGINT", "suppressed": "BOOLEAN NOT NULL",
}, ("year", "month", "citizenship", "level", "broad_category", "category_group", "category"),
    "IRCC admissions of permanent residents by citizenship and immigration category, monthly. Every printed "
    "row is kept; level says whether it is a leaf category or a printed subtotal (do not add the two). "
    "citizenship is IRCC's spelling (several share an ISO3: Azores/Portugal, Nevis/St. Kitts-Nevis; "
    "'Other', 'Country not stated' and 'Netherlands Antilles, The' are XXX). "
    "Resettled refugees: category GAR, PSR, BVOR. Values rounded to 5; suppressed = '--' (1-4).",
    counts=("persons",), iso3=("citizenship_iso3",),
    enums={"level": ("category", "group_total", "broad_total", "country_total")})

_t("canada_asylum_claims", {
    "year": "INTEGER NOT NULL", "month": "INTEGER NOT NULL", "citizenship_iso3": "VARCHAR NOT NULL",
    "office_type": "VARCHAR NOT NULL", "province": "VARCHAR NOT NULL", "persons": "BIGINT",
    "suppressed": "BOOLEAN NOT NULL",
}, ("year", "month", "citizenship_iso3", "office_type", "province"),
    "IRCC asylum claimants (persons) by month. '(all)' marks a printed total over that dimension; "
    "citizenship_iso3 '(other)' = the top-25 files' 'Other Countries'. Rounded to 5; suppressed = '--'.",
    counts=("persons",))

_t("canada_asylum_claims_characteristics", {
    "year": "INTEGER NOT NULL", "month": "INTEGER NOT NULL", "province": "VARCHAR NOT NULL",
    "characteristic": "VARCHAR NOT NULL", "value_label": "VARCHAR NOT NULL", "persons": "BIGINT",
    "suppressed": "BOOLEAN NOT NULL",
}, ("year", "month", "province", "characteristic", "value_label"),
    "IRCC asylum claimants by province and age group or gender (characteristic = age | gender).",
    counts=("persons",))

_t("canada_claims_by_office", {
    "year": "INTEGER NOT NULL", "month": "INTEGER NOT NULL", "agency": "VARCHAR NOT NULL",
    "office": "VARCHAR NOT NULL", "province": "VARCHAR NOT NULL", "persons": "BIGINT",
    "suppressed": "BOOLEAN NOT NULL",
}, ("year", "month", "agency", "office", "province"),
    "canada.ca 'Asylum claims by year' tables: claims processed by CBSA (air/land/marine ports, inland) and "
    "IRCC offices, by province and month. Rounded to 5; suppressed = '--'.", counts=("persons",))

_t("rcmp_interceptions", {
    "year": "INTEGER NOT NULL", "month": "INTEGER NOT NULL", "province": "VARCHAR NOT NULL",
    "persons": "BIGINT",
}, ("year", "month", "province"),
    "RCMP interceptions of asylum seekers between ports of entry, by province and month (exact counts).",
    counts=("persons",))

_t("canada_claims_official_totals", {
    "year": "INTEGER NOT NULL", "month": "INTEGER", "series": "VARCHAR NOT NULL", "persons": "BIGINT",
}, ("year", "month", "series"),
    "The total rows printed on the canada.ca pages; month NULL = the annual total as published.",
    counts=("persons",))

_t("irb_irregular_claims", {
    "period_end": "DATE NOT NULL", "country_iso3": "VARCHAR NOT NULL", "measure": "VARCHAR NOT NULL",
    "persons": "BIGINT",
}, ("period_end", "country_iso3", "measure"),
    "IRB claims by irregular border crossers, top countries, CUMULATIVE from February 2017 to period_end. "
    "country_iso3 '(other)' = Other Countries, '(all)' = all countries.", counts=("persons",))

_t("irb_rad_appeals", {
    "year": "INTEGER NOT NULL", "country_iso3": "VARCHAR NOT NULL", "outcome": "VARCHAR NOT NULL",
    "persons": "BIGINT", "suppressed": "BOOLEAN NOT NULL",
}, ("year", "country_iso3", "outcome"),
    "IRB Refugee Appeal Division appeals by country of alleged persecution and outcome; '(all)' = Total.",
    counts=("persons",))

_t("tfwp_holders", {
    "year": "INTEGER NOT NULL", "province": "VARCHAR NOT NULL", "program_group": "VARCHAR NOT NULL",
    "program": "VARCHAR NOT NULL", "persons": "BIGINT", "suppressed": "BOOLEAN NOT NULL",
}, ("year", "province", "program_group", "program"),
    "TFWP work-permit holders on 31 December (a stock, not arrivals) by province and program.",
    counts=("persons",))

_t("pr_from_work_permit", {
    "year": "INTEGER NOT NULL", "month": "INTEGER", "months": "INTEGER NOT NULL", "program": "VARCHAR NOT NULL",
    "province": "VARCHAR NOT NULL", "level": "VARCHAR NOT NULL", "broad_category": "VARCHAR NOT NULL",
    "category_group": "VARCHAR NOT NULL", "category": "VARCHAR NOT NULL", "persons": "BIGINT",
    "suppressed": "BOOLEAN NOT NULL",
}, ("year", "month", "program", "province", "level", "broad_category", "category_group", "category"),
    "IRCC admissions of permanent residents who held a work permit before (program TFWP | IMP), by province or "
    "territory of intended destination and immigration category. month NULL = IRCC's printed year total (months = "
    "the months it covers: 7 for 2025), which is not the sum of the rounded months. Every printed row is kept; "
    "level = category | group_total | broad_total | province_total (province '(all)' = Canada): never add two "
    "levels. Resettled refugees coded GAR, PSR as elsewhere. Rounded to 5; suppressed = '--' (1-4).",
    counts=("persons",), enums={"program": ("TFWP", "IMP"),
                                "level": ("category", "group_total", "broad_total", "province_total")})

# --- United States: DHS OHSS -------------------------------------------------------------------
_t("us_border_encounters", {
    "fiscal_year": "INTEGER NOT NULL", "fiscal_month": "INTEGER", "month": "INTEGER", "calendar_month": "DATE",
    "months": "INTEGER NOT NULL", "region": "VARCHAR NOT NULL", "sector": "VARCHAR NOT NULL",
    "citizenship": "VARCHAR NOT NULL", "citizenship_iso3": "VARCHAR NOT NULL", "family_status": "VARCHAR NOT NULL",
    "encounters": "BIGINT NOT NULL", "sheet": "VARCHAR NOT NULL",
}, ("fiscal_year", "fiscal_month", "region", "sector", "citizenship", "family_status"),
    "U.S. Border Patrol encounters (DHS OHSS KHSM workbook): Title 8 apprehensions and, March 2020 - May 2023, "
    "Title 42 expulsions. US fiscal years start in October: fiscal_month 1 = October of fiscal_year - 1; month and "
    "calendar_month (first day) are the calendar month. fiscal_month NULL = the annual sheet's fiscal-year value "
    "(months = how many months it covers: FY2025 has 2, never a year). '(all)' marks a total over that dimension; "
    "each sheet fills the dimensions it breaks down (sheet names it), so region x citizenship, region x sector and "
    "region x family status series sit side by side. citizenship is OHSS's spelling. Rounded to 10; small cells "
    "are withheld (absent), so a breakdown can sum to less than its total.",
    counts=("encounters",))

# --- events, web figures, the paper ------------------------------------------------------------
_t("events", {
    "event_id": "VARCHAR NOT NULL", "date": "DATE NOT NULL", "date_precision": "VARCHAR NOT NULL",
    "kind": "VARCHAR NOT NULL", "actor": "VARCHAR", "topic": "VARCHAR", "title": "VARCHAR NOT NULL",
    "value": "DOUBLE", "unit": "VARCHAR", "source_url": "VARCHAR", "confidence": "VARCHAR",
    "source_kind": "VARCHAR",
}, ("event_id",),
    "Dated policy events and published figures. date is the first day of the period when date_precision is "
    "month or year. source_kind: official (government, court, UN agency, official statistics), news (a news "
    "organisation of record), research (think tank, university, NGO of standing) or weak (cite with care).",
    enums={"date_precision": ("day", "month", "year"), "kind": ("event", "figure"),
           "source_kind": ("official", "news", "research", "weak")})

_t("web_figures", {
    "figure_id": "VARCHAR NOT NULL", "topic": "VARCHAR", "figure": "VARCHAR NOT NULL", "value": "DOUBLE",
    "unit": "VARCHAR", "period": "VARCHAR", "source_title": "VARCHAR", "publisher": "VARCHAR", "url": "VARCHAR",
    "source_type": "VARCHAR", "note": "VARCHAR",
}, ("figure_id",), "Figures transcribed from stored copies of public web pages, each with its URL.")

_t("paper_tables", {
    "exhibit": "VARCHAR NOT NULL", "row": "INTEGER NOT NULL", "label": "VARCHAR NOT NULL",
    "iso3": "VARCHAR", "period": "VARCHAR", "measure": "VARCHAR NOT NULL", "value": "DOUBLE", "unit": "VARCHAR",
}, ("exhibit", "row", "measure"),
    "The paper's printed tables, one row per cell: exhibit table1 | table2 | table2_totals | table3.")

_t("paper_figures", {
    "figure_id": "VARCHAR NOT NULL", "section": "VARCHAR", "quote": "VARCHAR NOT NULL", "value": "DOUBLE",
    "unit": "VARCHAR", "period": "VARCHAR", "iso3": "VARCHAR", "note": "VARCHAR",
}, ("figure_id",), "Numbers printed in the paper's text and figures, transcribed with their quote.")


def domain_tables() -> list[Table]:
    return [t for t in TABLES.values() if t.versioned]
