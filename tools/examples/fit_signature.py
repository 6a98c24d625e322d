#!/usr/bin/env python3
"""Fit a radiomics signature on RadStation's cohort table and write it as a `radstation score` signature.

Usage (the virtual environment comes from tools/examples/make-venv.sh):

    .venv-examples/bin/python tools/examples/fit_signature.py \
        --features <out>/cohort/features.csv --clinical clinical.csv --outcome response \
        [--model logistic] [--roi tumour] [--phase ARTERIAL] [--timepoint baseline] [--kept kept.csv] \
        --out sig.yaml

    ... --model cox --time months --event death --penalizer 0.1 --out sig.yaml

The cohort table has one row per (patient, study, timepoint, series, phase, ROI, reader) and one column per
feature (PyRadiomics names). The rows used are those of one ROI kind (``--roi``, default ``tumour``), one
timepoint (default ``baseline``), optionally one phase, and the first reader (empty or ``reader-1``); they
are joined to ``clinical.csv`` by its ``patient`` column (RadStation's pseudonymous ``pt-`` keys; a clinical
table keyed by study uses a ``study`` column instead). ``--kept`` restricts the candidates to the features
``radstation select --out kept.csv`` kept.

Features are z-scored with the training rows' mean and standard deviation (population, ddof 0), and both are
written into the signature, so ``radstation score`` reproduces the model's linear predictor exactly:

- ``logistic``: scikit-learn ``LogisticRegressionCV(penalty="l1", solver="liblinear")`` over 20 inverse
  regularisation strengths, stratified 5-fold CV by ROC AUC; the signature's score is the log-odds
  (``decision_function``), intercept included.
- ``cox``: lifelines ``CoxPHFitter(penalizer=P, l1_ratio=1.0)``; the score is the log partial hazard
  (no intercept). lifelines' smooth L1 leaves near-zero coefficients; those with |β| < 1e-3 are dropped.

``--scores-out`` also writes the model's own linear predictor per row (``patient, study, radscore``), which
the tests compare with ``radstation score``. The cutoff is left out, so ``radstation score`` splits at the
median of the rows it scores (``--cutoff-median`` writes the training median instead).
"""

import argparse
import re
import sys
import warnings

import numpy as np
import pandas as pd

FEATURE = re.compile(r"^.+_(shape|shape2D|firstorder|glcm|glrlm|glszm|gldm|ngtdm)_.+$")


def load_rows(args):
    table = pd.read_csv(args.features, dtype=str, keep_default_na=False)
    rows = table[table["roi"] == args.roi]
    if args.timepoint:
        rows = rows[rows["timepoint"] == args.timepoint]
    if args.phase:
        rows = rows[rows["phase"] == args.phase]
    rows = rows[rows["reader"].isin(["", "reader-1"])]
    clinical = pd.read_csv(args.clinical, dtype=str, keep_default_na=False)
    key = "patient" if "patient" in clinical.columns else "study" if "study" in clinical.columns else None
    if key is None:
        sys.exit("clinical table: needs a 'patient' (pt- keys) or 'study' (st- keys) column")
    if rows[key].duplicated().any():
        sys.exit(f"several cohort rows per {key} after filtering: give --phase or --timepoint")
    merged = rows.merge(clinical, on=key, how="inner", suffixes=("", "_clinical"))
    if len(merged) < 10:
        sys.exit(f"only {len(merged)} row(s) joined the clinical table (need at least 10)")
    return merged


def candidate_features(merged, args):
    names = [c for c in merged.columns if FEATURE.match(c)]
    if args.kept:
        kept = pd.read_csv(args.kept, dtype=str)
        if "decision" in kept.columns:
            kept = kept[kept["decision"] == "kept"]
        allowed = set(kept["feature"])
        names = [n for n in names if n in allowed]
    values = merged[names].apply(pd.to_numeric, errors="coerce")
    usable = [n for n in names if values[n].notna().all() and values[n].std(ddof=0) > 0]
    if not usable:
        sys.exit("no feature column with complete, non-constant values")
    return values[usable]


def fit_logistic(x, merged, args):
    from sklearn.linear_model import LogisticRegressionCV
    from sklearn.model_selection import StratifiedKFold

    y = pd.to_numeric(merged[args.outcome], errors="raise").astype(int).to_numpy()
    # scikit-learn 1.9 announces l1_ratios in place of penalty; penalty="l1" still means pure L1 here.
    warnings.filterwarnings("ignore", category=FutureWarning, module="sklearn")
    model = LogisticRegressionCV(Cs=20, penalty="l1", solver="liblinear", scoring="roc_auc",
                                 cv=StratifiedKFold(5, shuffle=True, random_state=args.seed), max_iter=10000)
    model.fit(x, y)
    return float(model.intercept_[0]), model.coef_[0], model.decision_function(x)


def fit_cox(x, merged, args):
    from lifelines import CoxPHFitter

    frame = pd.DataFrame(x, columns=[f"f{n}" for n in range(x.shape[1])])
    frame["T"] = pd.to_numeric(merged[args.time], errors="raise").to_numpy()
    frame["E"] = pd.to_numeric(merged[args.event], errors="raise").to_numpy()
    model = CoxPHFitter(penalizer=args.penalizer, l1_ratio=1.0)
    model.fit(frame, duration_col="T", event_col="E")
    beta = model.params_.to_numpy()
    beta = np.where(np.abs(beta) < 1e-3, 0.0, beta)
    return None, beta, x @ beta


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--features", required=True, help="cohort/features.csv")
    p.add_argument("--clinical", required=True, help="CSV with a 'patient' (or 'study') column and the outcome")
    p.add_argument("--model", choices=["logistic", "cox"], default="logistic")
    p.add_argument("--outcome", help="binary outcome column (logistic)")
    p.add_argument("--time", help="follow-up time column (cox)")
    p.add_argument("--event", help="event indicator column, 1 = event (cox)")
    p.add_argument("--penalizer", type=float, default=0.1, help="lifelines penalizer (cox)")
    p.add_argument("--roi", default="tumour")
    p.add_argument("--timepoint", default="baseline", help="'' for every timepoint")
    p.add_argument("--phase", default="")
    p.add_argument("--kept", help="radstation select --out file: only its kept features")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--cutoff-median", action="store_true", help="write the training median as the cutoff")
    p.add_argument("--scores-out", help="also write the model's linear predictor per row")
    p.add_argument("--out", required=True, help="signature YAML")
    args = p.parse_args()
    if args.model == "logistic" and not args.outcome:
        p.error("--outcome is required for the logistic model")
    if args.model == "cox" and not (args.time and args.event):
        p.error("--time and --event are required for the cox model")

    merged = load_rows(args)
    values = candidate_features(merged, args)
    mean = values.mean().to_numpy()
    std = values.std(ddof=0).to_numpy()
    x = (values.to_numpy() - mean) / std
    intercept, beta, predictor = (fit_logistic if args.model == "logistic" else fit_cox)(x, merged, args)

    chosen = [n for n in range(len(beta)) if beta[n] != 0]
    lines = [f"# {args.model} signature fitted by tools/examples/fit_signature.py on {len(merged)} row(s), "
             f"{values.shape[1]} candidate feature(s), {len(chosen)} selected"]
    if intercept is not None:
        lines.append(f"intercept: {intercept!r}")
    lines.append("features:" if chosen else "features: {}")
    for n in chosen:
        lines.append(f"  {values.columns[n]}: {{coefficient: {float(beta[n])!r}, mean: {float(mean[n])!r}, std: {float(std[n])!r}}}")
    if args.cutoff_median:
        lines.append(f"cutoff: {float(np.median(predictor))!r}")
    with open(args.out, "w") as f:
        f.write("\n".join(lines) + "\n")
    if args.scores_out:
        pd.DataFrame({"patient": merged["patient"], "study": merged["study"], "radscore": predictor}).to_csv(
            args.scores_out, index=False, float_format="%.17g")
    print(f"{len(chosen)} of {values.shape[1]} feature(s) selected on {len(merged)} row(s) -> {args.out}")


if __name__ == "__main__":
    main()
