"""IRCC adapter: permanent residents by citizenship and category, asylum claimants, TFWP year-end holders.

Reference values come from the folders' PROVENANCE.md ("Checks") or from the raw workbooks read cell by cell
with openpyxl (independent of the adapter's calamine-based reader and of its block parser).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from hemigov import sources
from hemigov.core.errors import InputError
from hemigov.sources.base import Layout
from tests.helpers import parse_file

PR_DIR = "ircc-permanent-residents-citz-immcat"
PR_FILE = "EN_ODP-PR-CitzImmCat.xlsx"
ASY = "ircc-asylum-claimants"
TFWP = "ircc-tfwp-year-end/EN_ODP_annual-TR-work-TFW_PT_program_year_end.xlsx"
RESETTLED_PRINTED = ("Government-Assisted Refugee", "Privately Sponsored Refugee", "Blended Sponsorship Refugee")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _num(v) -> int:
    return 0 if v in ("--", None, "") else int(str(v).replace(",", ""))


@pytest.fixture(scope="module")
def pr(shared_data):
    return parse_file(shared_data / PR_DIR / PR_FILE)


@pytest.fixture(scope="module")
def pr_raw(shared_data):
    """openpyxl's view of the PR sheet: rows up to the all-countries 'Total' row, and (column, year, month)."""
    wb = openpyxl.load_workbook(shared_data / PR_DIR / PR_FILE, read_only=True, data_only=True)
    rows = [list(r) for r in wb.active.iter_rows(values_only=True)]
    wb.close()
    end = next(i for i, r in enumerate(rows) if r[0] == "Total")
    year, cols = None, []
    for j, (y, m) in enumerate(zip(rows[2], rows[4], strict=True)):
        year = int(y) if y and str(y).isdigit() else year
        if m in MONTHS:
            cols.append((j, year, MONTHS.index(m) + 1))
    return rows[5:end], cols


def _raw_sum(rows, cols, *, label_col: int, labels, until=(2020, 6), country: str | None = None) -> int:
    """Sum printed cells of rows whose label in ``label_col`` is in ``labels`` (optionally one country's block)."""
    total, block = 0, []
    for r in rows:
        block.append(r)
        if r[0] and r[0].endswith(" - Total"):
            if country is None or r[0] == f"{country} - Total":
                for b in block:
                    if b[label_col] in labels:
                        total += sum(_num(b[j]) for j, y, m in cols if (y, m) <= until)
            block = []
    return total


# --- detection -----------------------------------------------------------------------------------

def test_every_file_in_the_three_folders_is_detected(shared_data):
    data, ignored = [], []
    for folder in (PR_DIR, ASY, "ircc-tfwp-year-end"):
        for f in sorted((shared_data / folder).rglob("*")):
            if not f.is_file():
                continue
            what = sources.detect(f)
            assert what is not None, f"{f.name}: not detected"
            if isinstance(what, Layout):
                assert what.adapter == "ircc" and what.dataset.startswith("ircc."), f.name
                data.append(f.name)
            else:
                ignored.append((f.name, what))
    assert len(data) == 8  # 1 PR workbook, 6 asylum workbooks (2024-02 x5, 2025-07 x1), 1 TFWP workbook
    reasons = dict(ignored)
    for extract in ("pr_all_categories_monthly_by_citizenship_2015-2024.csv.gz",
                    "pr_refugee_categories_monthly_by_citizenship_2015-2024.csv",
                    "asylum_office_type_province_monthly_2025-07.csv",
                    "asylum_top25_citizenship_office_type_monthly_2024-02.csv"):
        assert "extract" in reasons[extract] and "twice" in reasons[extract]
    assert "no warehouse table" in reasons["EN_ODP-Asylum-secondary_migration.xlsx"]
    for ranking in ("Office_Type", "prov"):
        assert "counted twice" in reasons[f"EN_ODP-Asylum-Top_25_CITZ_{ranking}_last_month.xlsx"]


# --- permanent residents --------------------------------------------------------------------------

def test_pr_vintage_and_shape(pr, pr_raw):
    rows, cols = pr_raw
    df = pr.frames["ircc_pr_admissions"]
    assert pr.parsed.vintage == "2024-12"  # footer "Source: IRCC, December 31, 2024"
    assert len(cols) == 120 and len(df) == len(rows) * 120  # every printed row, month columns only
    assert set(df.level) == {"category", "group_total", "broad_total", "country_total"}
    assert "Resettled Refugee & Protected Person in Canada" in set(df.broad_category)
    assert df.month.between(1, 12).all()


def test_pr_resettled_leaf_sums_match_the_raw_cells(pr, pr_raw):
    rows, cols = pr_raw
    df = pr.frames["ircc_pr_admissions"]
    w = df[(df.year * 100 + df.month <= 202006) & df.level.eq("category") & df.category.isin(["GAR", "PSR", "BVOR"])]
    raw = _raw_sum(rows, cols, label_col=3, labels=RESETTLED_PRINTED)
    assert w.persons.sum() == raw == 152_030
    by_cat = w.groupby("category").persons.sum().to_dict()
    assert by_cat == {"GAR": 60_130, "PSR": 83_695, "BVOR": 8_205}  # PROVENANCE.md
    col = w[w.citizenship_iso3 == "COL"].persons.sum()
    assert col == _raw_sum(rows, cols, label_col=3, labels=RESETTLED_PRINTED, country="Colombia") == 890
    assert int(w.suppressed.sum()) == 1_367  # PROVENANCE.md: suppressed resettled-refugee cells
    assert w[w.suppressed].persons.isna().all()


def test_pr_resettled_subtotal_gives_the_provenance_figures(pr, pr_raw):
    """153,110 and Colombia 910 (PROVENANCE.md) are sums of IRCC's printed 'Resettled Refugee' subtotal rows,
    not of the GAR/PSR/BVOR leaf cells (152,030 and 890): rounding each cell to 5 makes the two differ."""
    rows, cols = pr_raw
    df = pr.frames["ircc_pr_admissions"]
    g = df[(df.year * 100 + df.month <= 202006) & df.level.eq("group_total")
           & df.category_group.eq("Resettled Refugee")]
    assert g.persons.sum() == _raw_sum(rows, cols, label_col=2, labels={"Resettled Refugee"}) == 153_110
    assert g[g.citizenship_iso3 == "COL"].persons.sum() == 910
    assert g[g.citizenship_iso3 == "SYR"].persons.sum() == 73_765
    assert g[g.citizenship_iso3 == "ERI"].persons.sum() == 20_445
    assert g[g.citizenship_iso3 == "XXA"].persons.sum() == 1_090  # Stateless
    per_year = df[df.level.eq("group_total") & df.category_group.eq("Resettled Refugee")].groupby("year").persons.sum()
    assert per_year.to_dict() == {2015: 19_280, 2016: 45_985, 2017: 26_370, 2018: 27_465, 2019: 29_690,
                                  2020: 9_065, 2021: 20_200, 2022: 46_165, 2023: 50_680, 2024: 49_000}


def test_pr_annual_totals_from_broad_totals(pr):
    df = pr.frames["ircc_pr_admissions"]
    annual = df[df.level.eq("broad_total")].groupby("year").persons.sum()
    for year, total in {2015: 267_580, 2016: 291_990, 2019: 336_985, 2024: 479_340}.items():  # PROVENANCE.md
        assert annual[year] == total
    # the country totals are the other printed route to the same people: same order of magnitude, not added
    assert abs(df[df.level.eq("country_total")].groupby("year").persons.sum()[2024] - 479_340) < 5_000


def test_pr_afghanistan_january_2015_block(pr):
    """Sheet rows 27-34 (openpyxl): BVOR 0, GAR '--', PSR 20, Resettled 25, Protected 5, broad 30, country 90."""
    df = pr.frames["ircc_pr_admissions"]
    a = df[(df.citizenship_iso3 == "AFG") & (df.year == 2015) & (df.month == 1)].set_index(
        ["level", "category_group", "category"])
    assert a.loc[("category", "Resettled Refugee", "BVOR"), "persons"] == 0
    gar = a.loc[("category", "Resettled Refugee", "GAR")]
    assert bool(gar.suppressed) and pd.isna(gar.persons)
    assert a.loc[("category", "Resettled Refugee", "PSR"), "persons"] == 20
    assert a.loc[("group_total", "Resettled Refugee", "(all)"), "persons"] == 25
    assert a.loc[("group_total", "Protected Person in Canada", "(all)"), "persons"] == 5
    broad = a.loc[("broad_total", "(all)", "(all)")]
    assert dict(zip(broad.broad_category, broad.persons, strict=True))[
        "Resettled Refugee & Protected Person in Canada"] == 30
    assert a.loc[("country_total", "(all)", "(all)"), "persons"] == 90
    assert not bool(a.loc[("category", "Resettled Refugee", "PSR"), "suppressed"])


def test_pr_citizenship_names_and_shared_codes(pr):
    df = pr.frames["ircc_pr_admissions"]
    names = df.drop_duplicates("citizenship").set_index("citizenship").citizenship_iso3
    assert len(names) == 217
    assert names["Stateless"] == "XXA" and names["Country not stated"] == "XXX" and names["Other"] == "XXX"
    assert names["Azores"] == names["Portugal"] == "PRT"  # kept apart by the printed name
    assert names["Congo, Democratic Republic of the"] == "COD" and names["Myanmar (Burma)"] == "MMR"
    assert names["Kosovo, Republic of"] == "XKX" and names["Taiwan"] == "TWN"
    cns = df[df.citizenship == "Country not stated"]
    assert set(cns.level) == {"country_total"}  # printed without any category detail


# --- asylum claimants -----------------------------------------------------------------------------

def _raw_cells(path: Path, label: str, label_col: int = 0) -> dict[tuple[int, int], str]:
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    rows = [list(r) for r in wb.active.iter_rows(values_only=True)]
    wb.close()
    hdr = next(i for i, r in enumerate(rows) if "Jan" in r)
    year, out = None, {}
    for j in range(len(rows[hdr])):
        for above in rows[2:hdr]:
            if above[j] and str(above[j]).isdigit():
                year = int(above[j])
        if rows[hdr][j] in MONTHS:
            row = next(r for r in rows[hdr:] if r[label_col] and str(r[label_col]).strip() == label)
            out[(year, MONTHS.index(rows[hdr][j]) + 1)] = row[j]
    return out


def test_asylum_office_type_both_vintages(shared_data):
    new = parse_file(shared_data / ASY / "2025-07/EN_ODP-Asylum-OfficeType_Prov.xlsx")
    old = parse_file(shared_data / ASY / "2024-02/EN_ODP-Asylum-OfficeType_Prov.xlsx")
    assert (new.parsed.vintage, old.parsed.vintage) == ("2025-07", "2024-02")
    for loaded, months in ((new, 127), (old, 110)):  # Jan 2015 - Jul 2025 / Feb 2024
        df = loaded.frames["canada_asylum_claims"]
        assert set(df.citizenship_iso3) == {"(all)"}
        total = df[(df.office_type == "(all)") & (df.province == "(all)")]
        assert len(total) == months
        raw = _raw_cells(loaded.raw.path, "Total")
        assert {(y, m): p for y, m, p in zip(total.year, total.month, total.persons, strict=True)} == {
            k: _num(v) for k, v in raw.items()}
    df = new.frames["canada_asylum_claims"]
    annual = df[(df.office_type == "(all)") & (df.province == "(all)")].groupby("year").persons.sum()
    published = {2015: 16_040, 2016: 23_835, 2017: 50_360, 2018: 55_015, 2019: 64_010, 2020: 23_680,
                 2021: 24_870, 2022: 91_645, 2023: 143_310, 2024: 171_835, 2025: 69_810}  # PROVENANCE (year totals)
    for y, v in published.items():
        assert abs(annual[y] - v) <= 30, (y, annual[y], v)  # sum of months rounded one by one
    # 'Other Offices' is printed without provinces: an office total only. Row 41 of 2024-02: Jan 2015 '--'.
    oo = old.frames["canada_asylum_claims"]
    oo = oo[(oo.office_type == "Other Offices")]
    assert set(oo.province) == {"(all)"}
    jan = oo[(oo.year == 2015) & (oo.month == 1)].iloc[0]
    assert bool(jan.suppressed) and pd.isna(jan.persons)
    quebec = df[(df.office_type == "Airport") & (df.province == "Quebec") & (df.year == 2015) & (df.month == 2)]
    assert quebec.persons.tolist() == [35]  # row 8, column D


def test_asylum_top25_citizenships(shared_data):
    path = shared_data / ASY / "2024-02/EN_ODP-Asylum-Top_25_CITZ_Office_Type_last_year.xlsx"
    loaded = parse_file(path)
    df = loaded.frames["canada_asylum_claims"]
    assert loaded.parsed.vintage == "2024-02" and set(df.province) == {"(all)"}
    assert "(all)" not in set(df.citizenship_iso3)  # the 'Total' row is the office-type workbook's
    assert len(set(df.citizenship_iso3) - {"(other)"}) == 25
    assert {"MEX", "COL", "HTI", "VEN"} <= set(df.citizenship_iso3)
    mex = df[(df.citizenship_iso3 == "MEX") & (df.office_type == "(all)")]
    raw = _raw_cells(path, "(1) Mexico")
    assert {(y, m): p for y, m, p in zip(mex.year, mex.month, mex.persons, strict=True)} == {
        k: _num(v) for k, v in raw.items()}
    annual = mex.groupby("year").persons.sum()
    for y, v in {2017: 1_515, 2019: 6_340, 2022: 16_420, 2023: 23_860}.items():  # PROVENANCE year totals
        assert abs(annual[y] - v) <= 30
    other = df[df.citizenship_iso3 == "(other)"]
    assert set(other.office_type) == {"(all)"}
    assert other[(other.year == 2015) & (other.month == 1)].persons.tolist() == [525]  # row 120, column C
    prov_path = shared_data / ASY / "2024-02/EN_ODP-Asylum-Top_25_CITZ_prov_last_year.xlsx"
    p = parse_file(prov_path).frames["canada_asylum_claims"]
    assert set(p.office_type) == {"(all)"} and "(all)" not in set(p.province)
    assert "(other)" not in set(p.citizenship_iso3)
    qc = p[(p.citizenship_iso3 == "MEX") & (p.province == "Quebec") & (p.year == 2024) & (p.month == 2)]
    assert qc.persons.tolist() == [1_370]  # row 10, the Feb 2024 column


def test_asylum_rows_left_out_repeat_rows_kept(shared_data):
    """What the top-25 readers skip is printed identically in the workbook whose rows are kept (openpyxl)."""
    d = shared_data / ASY / "2024-02"
    office, prov = (d / f"EN_ODP-Asylum-Top_25_CITZ_{k}_last_year.xlsx" for k in ("Office_Type", "prov"))
    assert _raw_cells(office, "Total") == _raw_cells(d / "EN_ODP-Asylum-OfficeType_Prov.xlsx", "Total")
    for label in ("(1) Mexico", "(5) Colombia", "Other Countries", "Total"):
        assert _raw_cells(prov, label) == _raw_cells(office, label)


def test_asylum_keys_unique_across_datasets(shared_data):
    """The current vintages of all asylum datasets together hold each (year, month, citizenship, office type,
    province) once: no printed total is stored twice."""
    files = ["2025-07/EN_ODP-Asylum-OfficeType_Prov.xlsx",
             "2024-02/EN_ODP-Asylum-Top_25_CITZ_Office_Type_last_year.xlsx",
             "2024-02/EN_ODP-Asylum-Top_25_CITZ_prov_last_year.xlsx"]
    frames = [parse_file(shared_data / ASY / f).frames["canada_asylum_claims"] for f in files]
    both = pd.concat(frames)
    assert not both.duplicated(["year", "month", "citizenship_iso3", "office_type", "province"]).any()


def test_asylum_age_and_gender(shared_data):
    age = parse_file(shared_data / ASY / "2024-02/EN_ODP-Asylum-PT_Age.xlsx").frames[
        "canada_asylum_claims_characteristics"]
    gender = parse_file(shared_data / ASY / "2024-02/EN_ODP-Asylum-PT_Gender.xlsx").frames[
        "canada_asylum_claims_characteristics"]
    assert set(age.characteristic) == {"age"} and set(gender.characteristic) == {"gender"}
    for df in (age, gender):
        t = df[(df.province == "(all)") & (df.year == 2015) & (df.month == 1)]
        assert t.persons.tolist() == [1_165]  # 'Total' row, column C; quarter columns skipped
        assert len(df[(df.province == "(all)")]) == 110
    assert {"Female", "Male", "(all)"} <= set(gender.value_label)
    assert "Outside Canada" in set(age.province)  # printed as 'Outside Canada Total' with no age rows


# --- TFWP -----------------------------------------------------------------------------------------

def test_tfwp_holders(shared_data):
    loaded = parse_file(shared_data / TFWP)
    df = loaded.frames["tfwp_holders"]
    assert loaded.parsed.vintage == "2024-12"
    canada = df[df.province == "(all)"].set_index("year").persons
    for y, v in {2000: 22_470, 2010: 92_070, 2019: 73_355, 2020: 76_400, 2021: 81_430, 2022: 119_130,
                 2023: 187_455, 2024: 236_130}.items():  # PROVENANCE.md
        assert canada[y] == v
    sawp = df[df.program == "Seasonal Agricultural Worker Program"].set_index(["province", "year"]).persons
    assert sawp[("Ontario", 2016)] == 3_300 and sawp[("British Columbia", 2016)] == 1_580
    assert sawp[("British Columbia", 2021)] == 1_385
    assert set(df[df.program == "Seasonal Agricultural Worker Program"].program_group) == {"Agricultural Workers"}
    nl = df[(df.province == "Newfoundland and Labrador") & (df.year == 2000)].set_index(["program_group", "program"])
    assert bool(nl.loc[("Live-In Caregivers", "Live-In Caregiver Program"), "suppressed"])  # row 4, column D '--'
    assert nl.loc[("(all)", "(all)"), "persons"] == 565
    assert "Province / Territory not stated" in set(df.province)


# --- bad input ------------------------------------------------------------------------------------

def test_truncated_pr_workbook_is_an_input_error(shared_data, tmp_path):
    f = tmp_path / PR_FILE
    data = (shared_data / PR_DIR / PR_FILE).read_bytes()
    f.write_bytes(data[: len(data) * 6 // 10])
    with pytest.raises(InputError) as e:
        parse_file(f)
    assert PR_FILE in str(e.value) and "workbook" in str(e.value)


def test_non_numeric_cell_names_its_place(shared_data, tmp_path):
    f = tmp_path / Path(TFWP).name
    wb = openpyxl.load_workbook(shared_data / TFWP)
    wb.active["E8"] = "4O"  # letter O for zero
    wb.save(f)
    with pytest.raises(InputError) as e:
        parse_file(f)
    assert "row 8, column E" in str(e.value) and "'4O'" in str(e.value)


def test_release_folder_must_agree_with_the_footer(shared_data, tmp_path):
    f = tmp_path / "2025-07" / "EN_ODP-Asylum-OfficeType_Prov.xlsx"
    f.parent.mkdir()
    shutil.copy(shared_data / ASY / "2024-02/EN_ODP-Asylum-OfficeType_Prov.xlsx", f)
    with pytest.raises(InputError) as e:
        parse_file(f)
    assert "2024-02" in str(e.value) and "2025-07" in str(e.value)
