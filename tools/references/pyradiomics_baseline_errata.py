#!/usr/bin/env python3
"""Find where PyRadiomics' packaged regression baselines disagree with PyRadiomics 3.1.0 itself.

The baseline CSVs in the 3.1.0 sdist (data/baseline/baseline_<class>.csv) predate some 3.1.0 changes: running
PyRadiomics 3.1.0 (+ SimpleITK 2.5.7, numpy 2.4.6; see ../shared/tools/pyradiomics-venv.sh) on the same cases
and settings reproduces all but a few values. This script re-runs every configuration that needs no resampling,
and writes the values that differ by more than 1e-9 relative, with the value 3.1.0 computes, to
testdata/reference/pyradiomics-3.1.0-baseline-errata.json. The Swift baseline test uses these 3.1.0 values
instead of the stale ones.

Usage: /path/to/pyradiomics-venv/bin/python tools/references/pyradiomics_baseline_errata.py ../shared/testdata/pyradiomics
"""
import ast
import csv
import glob
import json
import logging
import os
import sys

import radiomics
from radiomics import featureextractor

logging.getLogger("radiomics").setLevel(logging.ERROR)
folder = sys.argv[1]
table = {}
for path in glob.glob(os.path.join(folder, "baseline", "baseline_*.csv")):
    with open(path) as f:
        rows = list(csv.reader(f))
    header = rows[0]
    for row in rows[1:]:
        for column, value in zip(header[1:], row[1:]):
            table.setdefault(column, {})[row[0]] = value

errata = []
for column in sorted(table):
    case, _, config = column.partition("_")
    if config in ("resampling", "shape2D"):
        continue
    settings = ast.literal_eval(table[column]["diagnostics_Configuration_Settings"])
    extractor = featureextractor.RadiomicsFeatureExtractor(**settings)
    result = extractor.execute(os.path.join(folder, case + "_image.nrrd"), os.path.join(folder, case + "_label.nrrd"))
    for key, expected in table[column].items():
        if not key.startswith("original_") or key not in result:
            continue
        value = float(result[key])
        expected = float(expected)
        if abs(value - expected) > 1e-9 * max(abs(value), abs(expected), 1e-300):
            errata.append({"configuration": column, "feature": key, "baseline": expected, "pyradiomics_3_1_0": value})

out = {
    "source": "PyRadiomics %s run by tools/references/pyradiomics_baseline_errata.py" % radiomics.__version__,
    "errata": errata,
}
with open("testdata/reference/pyradiomics-3.1.0-baseline-errata.json", "w") as f:
    json.dump(out, f, indent=1)
print(len(errata), "values differ")
