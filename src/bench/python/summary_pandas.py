"""The primary-outcome summary workbook as a statistician would write it with pandas and openpyxl, from the CSVs that
`bench --scale --work-dir DIR` imports: the yardstick `export summary` is timed against (docs/summary-workbook.md).

Same sheets, same counting rules (docs/summary-workbook.md): N = dosed subjects; treatment-emergent, partial onsets imputed
as TreatmentEmergence does; a subject counts once per row, under its highest grade in the row's scope; columns by arm and
Total when a randomization list is given. Usage:

    python3 summary_pandas.py CTCAE_CSV SUBJECTS_CSV RANDOMIZATION_CSV|- OUT.xlsx AES_CSV...
"""
import sys
import time

import pandas as pd

NOMINAL_END_OF_STUDY_DAY = 197  # the bundled study's, as its definition says
RELATED = {"POSSIBLE", "PROBABLE", "DEFINITE"}


def imputed_onset(onset, day1):
    """A missing day is the 1st, or Day 1 in Day 1's month; a missing month and day 1 January, or Day 1 in Day 1's year."""
    n = onset.str.len().fillna(0)
    full = pd.to_datetime(onset.where(n == 10), errors="coerce")
    month = pd.to_datetime(onset.where(n == 7) + "-01", errors="coerce")
    year = pd.to_datetime(onset.where(n == 4) + "-01-01", errors="coerce")
    same_month = (month.dt.year == day1.dt.year) & (month.dt.month == day1.dt.month)
    same_year = year.dt.year == day1.dt.year
    return full.fillna(month.where(~same_month, day1)).fillna(year.where(~same_year, day1))


def study_day(dates, day1):
    """The study day of a complete date: Day 1 the first dose, no day 0 (SDTM)."""
    days = (pd.to_datetime(dates.where(dates.str.len() == 10), errors="coerce") - day1).dt.days
    return days.where(days < 0, days + 1).astype("Int64")


def counts(frame, columns, n_by_column, keys):
    """Subjects with at least one AE per row of `keys`, per column, as n and %."""
    table = frame.groupby(keys + ["column"])["subject_id"].nunique().unstack("column").reindex(columns=columns).fillna(0).astype(int)
    for c in columns:
        table[c + " %"] = table[c] / n_by_column[c]
    return table


def by_soc_and_term(frame, columns, n_by_column):
    soc = counts(frame, columns, n_by_column, ["soc"]).assign(term="")
    term = counts(frame, columns, n_by_column, ["soc", "term"]).reset_index("term")
    table = pd.concat([soc, term]).reset_index()
    return table.sort_values(["soc", "term"], kind="stable")


def main():
    started = time.time()
    ctcae_csv, subjects_csv, randomization_csv, out = sys.argv[1:5]
    terms = pd.read_csv(ctcae_csv, dtype=str, usecols=["meddra_code", "soc", "term"])
    subjects = pd.read_csv(subjects_csv, dtype=str, keep_default_na=False)
    aes = pd.concat([pd.read_csv(f, dtype=str, keep_default_na=False) for f in sys.argv[5:]], ignore_index=True)
    ae_columns = list(aes.columns)

    subjects["day1"] = pd.to_datetime(subjects["first_dose_date"].replace("", None))
    eos = pd.to_datetime(subjects["eos_date"].replace("", None))
    subjects["window_end"] = eos.fillna(subjects["day1"] + pd.Timedelta(days=NOMINAL_END_OF_STUDY_DAY - 1))
    if randomization_csv != "-":
        arms = pd.read_csv(randomization_csv, dtype=str)
        subjects = subjects.merge(arms, on="subject_id", how="left")
        columns = sorted(arms["arm"].unique()) + ["Total"]
    else:
        subjects["arm"] = "Total"
        columns = ["Total"]
    dosed = subjects[subjects["day1"].notna()]
    n_by_column = dosed.groupby("arm").size().to_dict()
    n_by_column["Total"] = len(dosed)

    aes = aes.merge(terms, on="meddra_code", how="left").merge(subjects, on="subject_id", how="left")
    aes["grade"] = aes["grade"].astype(int)
    onset = imputed_onset(aes["onset_date"].replace("", None), aes["day1"])
    end = pd.to_datetime(aes["end_date"].where(aes["end_date"].str.len() == 10), errors="coerce")
    aes["treatment_emergent"] = aes["day1"].notna() & ~(end < aes["day1"]) & (
        onset.isna() | ((onset >= aes["day1"]) & (onset <= aes["window_end"])))
    aes["onset_study_day"] = study_day(aes["onset_date"], aes["day1"])
    aes["end_study_day"] = study_day(aes["end_date"], aes["day1"])
    te = aes[aes["treatment_emergent"]]
    # each AE counts in its arm's column and in Total
    te = pd.concat([te.assign(column=te["arm"]), te.assign(column="Total")]) if columns != ["Total"] else te.assign(column="Total")

    overview = pd.DataFrame({
        "Any TEAE": counts(te.assign(k=1), columns, n_by_column, ["k"]).iloc[0],
        "Related TEAE": counts(te[te["relationship"].isin(RELATED)].assign(k=1), columns, n_by_column, ["k"]).iloc[0],
        "Grade 3 or higher": counts(te[te["grade"] >= 3].assign(k=1), columns, n_by_column, ["k"]).iloc[0],
        "Serious": counts(te[te["serious"] == "Y"].assign(k=1), columns, n_by_column, ["k"]).iloc[0],
        "Leading to withdrawal": counts(te[te["action_taken"] == "DRUG WITHDRAWN"].assign(k=1), columns, n_by_column, ["k"]).iloc[0],
        "Fatal": counts(te[te["grade"] == 5].assign(k=1), columns, n_by_column, ["k"]).iloc[0],
    }).T
    # the highest grade of each subject in each row's scope, then subjects by that grade
    worst = te.groupby(["column", "subject_id", "soc", "term"])["grade"].max().reset_index()
    worst_soc = te.groupby(["column", "subject_id", "soc"])["grade"].max().reset_index().assign(term="")
    by_grade = pd.concat([worst_soc, worst]).groupby(["soc", "term", "grade", "column"])["subject_id"].nunique()
    by_grade = by_grade.unstack("column").reindex(columns=columns).fillna(0).astype(int).reset_index()

    about = pd.DataFrame({"": ["Study", "Columns", "N", "Exported"],
                          " ": ["NCT04835441", ", ".join(columns), ", ".join(f"{c} {n_by_column[c]}" for c in columns),
                                time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())]})
    # the listings' columns: the AE as imported, its CTCAE term and SOC, study days, whether treatment-emergent, lab fields
    listing = aes.rename(columns={"term": "ctcae_term"}).assign(
        teae=aes["treatment_emergent"].map({True: "Y", False: "N"}), lab_value="", lab_unit="", lab_lln="", lab_uln="",
        lab_baseline="", grade_reason="").sort_values(["subject_id"], kind="stable")
    listed = ae_columns + ["soc", "ctcae_term", "onset_study_day", "end_study_day", "teae", "lab_value", "lab_unit",
                                        "lab_lln", "lab_uln", "lab_baseline", "grade_reason"] + (["arm"] if columns != ["Total"] else [])
    listing = listing[listed]
    with pd.ExcelWriter(out, engine="openpyxl") as w:
        about.to_excel(w, sheet_name="About", index=False)
        overview.to_excel(w, sheet_name="Overview")
        by_soc_and_term(te, columns, n_by_column).to_excel(w, sheet_name="TEAE by SOC and Term", index=False)
        by_grade.to_excel(w, sheet_name="TEAE by Max Grade", index=False)
        by_soc_and_term(te[te["grade"] >= 3], columns, n_by_column).to_excel(w, sheet_name="Grade 3+ TEAEs", index=False)
        listing[listing["serious"] == "Y"].to_excel(w, sheet_name="Serious AEs", index=False)
        listing.to_excel(w, sheet_name="AE Listing", index=False)
    print(f"{len(aes):,} AEs, {len(subjects):,} subjects, columns {columns}: {time.time() - started:.2f} s")


if __name__ == "__main__":
    main()
