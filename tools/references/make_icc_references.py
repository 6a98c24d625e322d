#!/usr/bin/env python3
"""Reference values for the CohortStatistics module: inter-reader ICC(2,1)/ICC(3,1) with 95 % intervals
(pingouin `intraclass_corr`), Spearman correlations (pandas and SciPy), the redundancy filter's kept list (a pandas
implementation of the documented order), Rad-scores (pandas, the signature formula) and F-distribution quantiles
(SciPy `stats.f.ppf`, `special.betaincinv`).

Run from the repository root with a venv outside the repository:

    python3 -m venv /tmp/cohort-venv && /tmp/cohort-venv/bin/pip install -r tools/references/requirements-cohort.txt
    /tmp/cohort-venv/bin/python tools/references/make_icc_references.py

Needs `../shared/testdata/pyradiomics/reference-1316/brain1-bspline.csv` (PyRadiomics 3.1.0 output on brain1) for
real feature names and magnitudes. Writes, under testdata/reference/cohort/:

- `reader-a.csv`, `reader-b.csv`: two synthetic reader tables in the `features --batch` format (ID, Image, Mask,
  Label, two diagnostics columns, then features), 30 cases in A, 29 of them plus one other case in B, B's rows
  shuffled (so matching by ID matters), seeded NumPy. Special features: constant in both tables, constant in both
  with different values, constant in one table, perfect agreement, a constant shift, ties, an empty cell, a `nan`.
- `signature.yaml`: a Rad-score signature over features of those tables.
- `cohort-reference.json`: per feature pingouin's ICC(A,1) (= ICC(2,1)) and ICC(C,1) (= ICC(3,1)) with CI95, unrounded
  (pingouin rounds CI95 to 2 decimals by default: the `round.column.CI95` option is removed), on the cases matched by
  ID with listwise deletion (`nan_policy="omit"`); a Spearman matrix (pandas `corr(method="spearman")`, pairwise
  complete, average ranks; checked against `scipy.stats.spearmanr` per pair) on reader A; the filter's kept list and
  drop reasons for three settings; the Rad-scores of reader A's rows; F quantiles and inverse incomplete betas.
- `icc-1316-pingouin.csv`: pingouin's ICCs on a larger generated pair of tables (24 cases x 1316 features) whose
  values come from the integer generator below, which the Swift test re-implements (`SyntheticReaders.swift`), so the
  tables themselves need not be committed. Values written with 13 significant digits (rounding <= 5e-14 relative).

Redundancy filter order (the same as `RedundancyFilter` in Swift): candidates are the features with an ICC (the
chosen model) >= min-icc, visited by descending ICC, ties by feature name (code-point order); a candidate is dropped
when |rho| > max-spearman with any feature kept before it, and its reason names the kept feature with the largest |rho|
(the earliest kept one on ties); rho is undefined (NaN: fewer than 2 complete pairs or a constant) counts as not
correlated. Rad-score: intercept + sum(coefficient * (x - mean) / std), or coefficient * x without mean/std; risk
"high" when score >= cutoff (default: median of the rows with a score).

Every number here comes from pingouin, pandas, NumPy or SciPy; nothing is RadStation code.
"""
import csv
import io
import json
import math
import os
import sys
import warnings

import numpy as np
import pandas as pd
import pingouin as pg
import scipy
import scipy.special
import scipy.stats

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(ROOT, "testdata", "reference", "cohort")
SHARED = os.path.join(ROOT, "..", "shared", "testdata", "pyradiomics", "reference-1316", "brain1-bspline.csv")

# Unrounded intervals: pingouin's default options round the CI95 column to 2 decimals.
pg.options.pop("round.column.CI95", None)
warnings.simplefilter("ignore", RuntimeWarning)  # pingouin divides 0 by 0 for constant features (NaN results)


def num(x):
    """JSON-safe float: None for NaN/inf."""
    x = float(x)
    return x if math.isfinite(x) else None


def pingouin_icc(a, b):
    """ICC(A,1) and ICC(C,1) with CI95 of paired readings a, b (NaN = missing) via pingouin, or an error string."""
    n = len(a)
    long = pd.DataFrame({"case": list(range(n)) * 2, "reader": ["A"] * n + ["B"] * n,
                         "value": np.concatenate([np.asarray(a, float), np.asarray(b, float)])})
    complete = int(np.sum(np.isfinite(a) & np.isfinite(b)))
    try:
        s = pg.intraclass_corr(data=long, targets="case", raters="reader", ratings="value",
                               nan_policy="omit").set_index("Type")
    except Exception as error:  # pingouin refuses fewer than 5 values
        return {"n": complete, "error": type(error).__name__ + ": " + str(error)}
    a1, c1 = s.loc["ICC(A,1)"], s.loc["ICC(C,1)"]
    return {"n": complete,
            "icc2_1": num(a1["ICC"]), "icc2_1_ci": [num(a1["CI95"][0]), num(a1["CI95"][1])],
            "icc3_1": num(c1["ICC"]), "icc3_1_ci": [num(c1["CI95"][0]), num(c1["CI95"][1])]}


# ---------------------------------------------------------------------------------------------------------------
# 1. Small reader tables with real PyRadiomics names.
# ---------------------------------------------------------------------------------------------------------------

def real_features():
    with open(SHARED, newline="") as f:
        rows = [r for r in csv.reader(f)][1:]
    return [(k, float(v)) for k, v in rows if not k.startswith("diagnostics_")]


all_features = real_features()
assert len(all_features) == 1316, len(all_features)
chosen = [fv for fv in all_features if fv[0].startswith("original_")] + \
         [fv for fv in all_features if not fv[0].startswith("original_")][::40] + \
         [fv for fv in all_features if fv[0] == "wavelet-LLH_firstorder_Median"]  # the issue's signature example
names = [k for k, _ in chosen]

rng = np.random.default_rng(20260518)
n_cases = 30
ids = [f"case-{i + 1:02d}" for i in range(n_cases)]
latent = rng.standard_normal((n_cases + 1, 8))  # one more case: only reader B has it
truth, reader_a, reader_b = {}, {}, {}
for j, (name, base) in enumerate(chosen):
    scale = abs(base) if base != 0 else 1.0
    group = j % 8
    own = rng.uniform(0.05, 2.0)  # small: strongly driven by the group's latent factor (redundant features)
    cv = rng.uniform(0.05, 0.5)
    t = scale * (1 + cv * (latent[:, group] + own * rng.standard_normal(n_cases + 1)) / math.sqrt(1 + own ** 2))
    spread = np.std(t)
    noise = rng.choice([0.01, 0.05, 0.2, 0.5, 1.0]) * spread
    bias = rng.choice([0.0, 0.0, 0.3, 1.0]) * spread
    reader_a[name] = t + noise * rng.standard_normal(n_cases + 1)
    reader_b[name] = t + noise * rng.standard_normal(n_cases + 1) + bias

special = {
    "constant_both": "original_firstorder_Minimum",
    "constant_both_different": "original_glcm_Imc2",
    "constant_in_b": "original_firstorder_Maximum",
    "perfect": "original_shape_VoxelVolume",
    "shift": "original_shape_MeshVolume",
    "ties": "original_shape_Elongation",
    "independent": "original_ngtdm_Strength",
    "empty_cell_in_b": "original_glrlm_RunEntropy",
    "nan_in_a": "original_gldm_DependenceEntropy",
}
m = n_cases + 1
reader_a[special["constant_both"]] = np.full(m, 7.0)
reader_b[special["constant_both"]] = np.full(m, 7.0)
reader_a[special["constant_both_different"]] = np.full(m, 0.25)
reader_b[special["constant_both_different"]] = np.full(m, 0.5)
reader_b[special["constant_in_b"]] = np.full(m, 1234.0)
reader_b[special["perfect"]] = reader_a[special["perfect"]].copy()
reader_b[special["shift"]] = reader_a[special["shift"]] + 12.5
reader_a[special["ties"]] = rng.integers(1, 6, m) / 4.0          # 5 levels over 31 cases: many ties
reader_b[special["ties"]] = np.clip(reader_a[special["ties"]] + rng.integers(-1, 2, m) / 4.0, 0.25, 1.25)
reader_b[special["independent"]] = reader_a[special["independent"]][rng.permutation(m)]
reader_b[special["empty_cell_in_b"]][3] = np.nan
reader_a[special["nan_in_a"]][5] = np.nan


def write_table(path, values, rows, missing_as):
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["ID", "Image", "Mask", "Label", "diagnostics_Versions_PyRadiomics",
                    "diagnostics_Mask-original_VoxelNum"] + names)
        for r in rows:
            case = f"case-{r + 1:02d}"
            cells = []
            for name in names:
                x = values[name][r]
                cells.append(missing_as.get(name, "nan") if not np.isfinite(x) else repr(float(x)))
            w.writerow([case, f"images/{case}.nii.gz", f"masks/{case}.nii.gz", "1", "v3.1.0",
                        str(1000 + 17 * r)] + cells)


rows_a = list(range(n_cases))                                    # case-01 … case-30
rows_b = [r for r in range(m) if r != 11]                        # no case-12, plus case-31
rows_b = [rows_b[i] for i in rng.permutation(len(rows_b))]
os.makedirs(OUT, exist_ok=True)
write_table(os.path.join(OUT, "reader-a.csv"), reader_a, rows_a, {})
write_table(os.path.join(OUT, "reader-b.csv"), reader_b, rows_b, {special["empty_cell_in_b"]: ""})

# Read back exactly as written (the references use the parsed text, not the generator's doubles).
table_a = pd.read_csv(os.path.join(OUT, "reader-a.csv"), keep_default_na=True).set_index("ID")
table_b = pd.read_csv(os.path.join(OUT, "reader-b.csv"), keep_default_na=True).set_index("ID")
matched = [i for i in table_a.index if i in table_b.index]      # reader A's order
icc = []
for name in names:
    entry = {"feature": name}
    entry.update(pingouin_icc(table_a.loc[matched, name].to_numpy(float), table_b.loc[matched, name].to_numpy(float)))
    icc.append(entry)

# Spearman on reader A: pandas (pairwise complete) vs SciPy per pair.
spearman_names = names[:24] + [special[k] for k in ("ties", "nan_in_a", "constant_both", "perfect")] + names[-6:]
spearman_names = list(dict.fromkeys(spearman_names))
rho = table_a[spearman_names].corr(method="spearman")
for x in spearman_names:
    for y in spearman_names:
        ok = table_a[x].notna() & table_a[y].notna()
        if table_a.loc[ok, x].nunique() > 1 and table_a.loc[ok, y].nunique() > 1:
            s = scipy.stats.spearmanr(table_a.loc[ok, x], table_a.loc[ok, y]).statistic
            assert abs(s - rho.loc[x, y]) < 1e-12, (x, y, s, rho.loc[x, y])
        else:
            assert math.isnan(rho.loc[x, y]) or x == y


def redundancy_filter(icc_rows, model, min_icc, max_spearman, table):
    """The documented order, in pandas: see the module docstring."""
    frame = pd.DataFrame([{"feature": r["feature"], "icc": r.get(model)} for r in icc_rows])
    frame["icc"] = frame["icc"].astype(float)
    dropped = []
    for _, r in frame.iterrows():
        if math.isnan(r["icc"]):
            dropped.append({"feature": r["feature"], "reason": "no_icc"})
        elif r["icc"] < min_icc:
            dropped.append({"feature": r["feature"], "reason": "low_icc", "icc": r["icc"]})
    candidates = frame[frame["icc"] >= min_icc].sort_values(["icc", "feature"], ascending=[False, True],
                                                            kind="mergesort")
    # The reference must not hinge on rounding: candidates whose ICCs are within 1e-9 of each other (perfect and
    # shifted features: 1 up to pingouin's rounding) come in name order anyway, and no ICC is near the threshold.
    values, ordered = candidates["icc"].to_numpy(), list(candidates["feature"])
    for i in range(1, len(values)):
        assert values[i - 1] - values[i] > 1e-9 or ordered[i - 1] < ordered[i], "near-tied ICCs out of name order"
    assert np.all(np.abs(frame["icc"].dropna() - min_icc) > 1e-9)
    corr = table[list(candidates["feature"])].corr(method="spearman")
    kept = []
    for name in candidates["feature"]:
        best, best_abs = None, -1.0
        for k in kept:
            r = corr.loc[name, k]
            if not math.isnan(r):
                assert abs(abs(r) - max_spearman) > 1e-9, "rho near the threshold"
                if abs(r) > best_abs:
                    best, best_abs = k, abs(r)
        if best is not None and best_abs > max_spearman:
            dropped.append({"feature": name, "reason": "correlated", "with": best, "rho": float(corr.loc[name, best])})
        else:
            kept.append(name)
    return {"model": model, "min_icc": min_icc, "max_spearman": max_spearman, "kept": kept, "dropped": dropped}


selections = [redundancy_filter(icc, "icc2_1", 0.75, 0.9, table_a),
              redundancy_filter(icc, "icc3_1", 0.5, 0.8, table_a),
              redundancy_filter(icc, "icc2_1", 0.9, 0.95, table_a)]

# Rad-score on reader A (pandas).
signature = {"intercept": -0.42, "features": [
    ("original_glcm_Idmn", {"coefficient": 1.3, "mean": 0.91, "std": 0.021}),
    ("wavelet-LLH_firstorder_Median", {"coefficient": -0.07}),
    (names[40], {"coefficient": 0.5, "mean": float(table_a[names[40]].mean()), "std": float(table_a[names[40]].std())}),
    (special["nan_in_a"], {"coefficient": 0.2}),
]}
assert "wavelet-LLH_firstorder_Median" in names and "original_glcm_Idmn" in names
with open(os.path.join(OUT, "signature.yaml"), "w") as f:
    f.write("# Rad-score signature over testdata/reference/cohort/reader-a.csv (tools/references/make_icc_references.py)\n")
    f.write(f"intercept: {signature['intercept']!r}\nfeatures:\n")
    for name, term in signature["features"]:
        f.write(f"  {name}: {{" + ", ".join(f"{k}: {v!r}" for k, v in term.items()) + "}\n")
score = pd.Series(signature["intercept"], index=table_a.index, dtype=float)
for name, term in signature["features"]:
    x = table_a[name].astype(float)
    z = (x - term["mean"]) / term["std"] if "std" in term else x
    score = score + term["coefficient"] * z
cutoff = float(score.dropna().median())
risk = ["" if math.isnan(s) else ("high" if s >= cutoff else "low") for s in score]
scores = {"cutoff": cutoff, "rows": [{"ID": i, "radscore": num(s), "risk": r} for i, s, r in zip(score.index, score, risk)],
          "risk_at_cutoff_0_434": ["" if math.isnan(s) else ("high" if s >= 0.434 else "low") for s in score]}

# F quantiles and inverse incomplete beta (SciPy).
quantiles = []
for d1 in [1, 2, 3.5, 9, 19, 23, 28, 100, 169, 1000]:
    for d2 in [0.6, 1, 1.7, 5, 19, 23, 28, 54.3, 169, 1000]:
        for q in [1e-6, 0.025, 0.5, 0.975, 0.999999]:
            quantiles.append([d1, d2, q, float(scipy.stats.f.ppf(q, d1, d2))])
betas = []
for a in [0.3, 0.5, 1, 2.5, 14, 84.5, 500]:
    for b in [0.3, 0.5, 1, 3.25, 14, 84.5, 500]:
        for p in [1e-10, 0.025, 0.3, 0.5, 0.975, 1 - 1e-10]:
            x = float(scipy.special.betaincinv(a, b, p))
            betas.append([a, b, p, x, float(scipy.special.betainc(a, b, x)), float(scipy.special.betainc(a, b, 0.37))])

# ---------------------------------------------------------------------------------------------------------------
# 2. Generated 24 x 1316 tables (integer generator shared with the Swift test).
# ---------------------------------------------------------------------------------------------------------------
MASK = (1 << 64) - 1


class SplitMix64:
    """splitmix64 (Steele, Lea, Flood 2014), the generator of `SyntheticReaders.swift`."""

    def __init__(self, seed):
        self.state = seed & MASK

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def uniform(self, low, high):
        """Integer in [low, high]."""
        return low + (self.next() >> 11) % (high - low + 1)


def generated_readers(cases=24, features=1316, seed=20260518):
    """Reader tables as decimal strings "<integer>e<exponent>": for each feature j (outer) and case i (inner) draw
    t in [-500000, 500000], then noise_a and noise_b in [-amp_j, amp_j] with amp_j = 1000 * (1 + (7919 j) mod 1000);
    A = t + noise_a, B = t + noise_b + bias_j with bias_j = ((31 j) mod 5 - 2) * 50000; exponent (j mod 9) - 6.
    Specials (the three draws are made anyway): j = 0 constant 42 in both; j = 1 B = A; j = 2 ties (t = (t mod 5) *
    1000, noise mod 3 * 1000); j = 3 B = A + 7; j = 4 A constant 5; j = 5 B = the draws' noise_b * 10 only."""
    g = SplitMix64(seed)
    a = [[None] * features for _ in range(cases)]
    b = [[None] * features for _ in range(cases)]
    for j in range(features):
        amp = 1000 * (1 + (7919 * j) % 1000)
        bias = ((31 * j) % 5 - 2) * 50000
        exponent = j % 9 - 6
        for i in range(cases):
            t = g.uniform(-500000, 500000)
            na = g.uniform(-amp, amp)
            nb = g.uniform(-amp, amp)
            va, vb = t + na, t + nb + bias
            if j == 0:
                va = vb = 42
            elif j == 1:
                vb = va
            elif j == 2:
                va = (t % 5) * 1000 + (na % 3) * 1000
                vb = (t % 5) * 1000 + (nb % 3) * 1000
            elif j == 3:
                vb = va + 7
            elif j == 4:
                va = 5
            elif j == 5:
                vb = nb * 10
            a[i][j] = f"{va}e{exponent}"
            b[i][j] = f"{vb}e{exponent}"
    return a, b


gen_a, gen_b = generated_readers()
checksum_a = 0.0
checksum_b = 0.0
for i in range(len(gen_a)):
    for j in range(len(gen_a[0])):
        checksum_a += float(gen_a[i][j])
        checksum_b += float(gen_b[i][j])
big_lines = ["feature,icc2_1,icc2_1_low,icc2_1_high,icc3_1,icc3_1_low,icc3_1_high,n"]


def g13(x):
    return "" if x is None else f"{x:.13g}"


for j in range(len(gen_a[0])):
    r = pingouin_icc(np.array([float(row[j]) for row in gen_a]), np.array([float(row[j]) for row in gen_b]))
    big_lines.append(",".join([f"f{j:04d}", g13(r["icc2_1"]), g13(r["icc2_1_ci"][0]), g13(r["icc2_1_ci"][1]),
                               g13(r["icc3_1"]), g13(r["icc3_1_ci"][0]), g13(r["icc3_1_ci"][1]), str(r["n"])]))
with open(os.path.join(OUT, "icc-1316-pingouin.csv"), "w") as f:
    f.write("\n".join(big_lines) + "\n")

out = {
    "header": {"tools": {"pingouin": pg.__version__, "pandas": pd.__version__, "numpy": np.__version__,
                         "scipy": scipy.__version__, "python": sys.version.split()[0]},
               "script": "tools/references/make_icc_references.py", "seed": 20260518,
               "matching": "by ID, reader A's row order, cases in both tables",
               "generated": {"cases": 24, "features": 1316, "seed": 20260518,
                             "checksum_a": checksum_a, "checksum_b": checksum_b,
                             "samples": {"a[0][6]": gen_a[0][6], "b[23][1315]": gen_b[23][1315]}}},
    "special": special,
    "matched_ids": matched,
    "icc": icc,
    "spearman": {"table": "reader-a.csv", "features": spearman_names,
                 "rho": [[num(rho.loc[x, y]) for y in spearman_names] for x in spearman_names]},
    "selections": selections,
    "scores": scores,
    "f_quantiles": quantiles,
    "beta_inverse": betas,
}
with open(os.path.join(OUT, "cohort-reference.json"), "w") as f:
    json.dump(out, f, indent=None, separators=(",", ":"))
    f.write("\n")
for name in sorted(os.listdir(OUT)):
    print(name, os.path.getsize(os.path.join(OUT, name)))
