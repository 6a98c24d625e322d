#!/usr/bin/env python3
"""Original-image radiomics features: `radstation features` against PyRadiomics 3.1.0, side by side in one run.

Cases (no resampling, binWidth 25, all default classes = 107 features, Original image only):
  * ibsi-gtv: the IBSI 1 CT phantom with its GTV mask (204x201x60 at 0.977x0.977x3 mm, 125 256 ROI voxels);
  * liver-1M: the same CT with a synthetic ellipsoid mask of ~1.0 M voxels (a whole-liver-sized ROI).
Each tool runs in its own process under /usr/bin/time (wall seconds, peak RSS); the median of --runs is kept.
Both tools read the same NIfTI files and write a CSV. Values are compared too (max relative difference).

Usage (PyRadiomics venv from ../shared/tools/pyradiomics-venv.sh):
  swift build -c release --product radstation
  /path/to/venv/bin/python tools/benchmarks/radiomics_vs_pyradiomics.py --radstation .build/release/radstation \
      --phantom ../shared/testdata/ibsi/ibsi_1_ct_radiomics_phantom/nifti --runs 3
"""
import argparse
import csv
import os
import statistics
import subprocess
import sys
import tempfile

import nibabel as nib
import numpy as np

parser = argparse.ArgumentParser()
parser.add_argument("--radstation", required=True)
parser.add_argument("--phantom", required=True)
parser.add_argument("--runs", type=int, default=3)
args = parser.parse_args()

work = tempfile.mkdtemp(prefix="radiomics-bench-")
image = os.path.join(args.phantom, "image", "phantom.nii.gz")
gtv = os.path.join(args.phantom, "mask", "mask.nii.gz")

# ~1.0 M-voxel ellipsoid centred in the phantom grid.
reference = nib.load(gtv)
shape = reference.shape
zz, yy, xx = None, None, None
i, j, k = np.indices(shape)
c = [(s - 1) / 2 for s in shape]
a, b, cc = 92.0, 92.0, 28.5
ellipsoid = (((i - c[0]) / a) ** 2 + ((j - c[1]) / b) ** 2 + ((k - c[2]) / cc) ** 2 <= 1).astype(np.uint8)
liver = os.path.join(work, "liver.nii.gz")
nib.save(nib.Nifti1Image(ellipsoid, reference.affine), liver)

params = os.path.join(work, "params.yaml")
with open(params, "w") as f:
    f.write("setting:\n  binWidth: 25\n  label: 1\nimageType:\n  Original: {}\n")

pyradiomics = [sys.executable, "-c",
               "import sys, logging, csv\n"
               "logging.getLogger('radiomics').setLevel(logging.ERROR)\n"
               "from radiomics import featureextractor\n"
               "r = featureextractor.RadiomicsFeatureExtractor(sys.argv[3]).execute(sys.argv[1], sys.argv[2])\n"
               "w = csv.writer(open(sys.argv[4], 'w')); w.writerow(['feature', 'value'])\n"
               "[w.writerow([k, v]) for k, v in r.items()]\n"]


def timed(command):
    out = subprocess.run(["/usr/bin/time", "-f", "%e %M"] + command, capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(out.stderr)
    wall, rss = out.stderr.strip().splitlines()[-1].split()
    return float(wall), int(rss) / 1024.0


def features(path):
    with open(path) as f:
        return {row[0]: float(row[1]) for row in csv.reader(f) if row[0].startswith("original_")}


for name, mask in (("ibsi-gtv", gtv), ("liver-1M", liver)):
    voxels = int(np.asarray(nib.load(mask).dataobj).astype(bool).sum())
    ours, theirs = [], []
    for run in range(args.runs):
        ours.append(timed([args.radstation, "features", image, mask, "--params", params,
                           "--out", os.path.join(work, "ours.csv")]))
        theirs.append(timed(pyradiomics + [image, mask, params, os.path.join(work, "theirs.csv")]))
    a_ = features(os.path.join(work, "ours.csv"))
    b_ = features(os.path.join(work, "theirs.csv"))
    worst = max(abs(a_[k] - b_[k]) / max(abs(b_[k]), 1e-9) for k in b_ if k in a_ and not np.isnan(b_[k]))
    t_ours, t_theirs = statistics.median(w for w, _ in ours), statistics.median(w for w, _ in theirs)
    m_ours, m_theirs = max(m for _, m in ours), max(m for _, m in theirs)
    print(f"{name}: ROI {voxels} voxels, {len(b_)} features (ours {len(a_)}), max rel. difference {worst:.2e}")
    print(f"  radstation  {t_ours:7.2f} s  {m_ours:7.0f} MiB")
    print(f"  pyradiomics {t_theirs:7.2f} s  {m_theirs:7.0f} MiB")
    print(f"  speed-up {t_theirs / t_ours:5.1f}x   memory {m_ours / m_theirs:5.2f}x")
