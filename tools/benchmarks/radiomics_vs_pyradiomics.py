#!/usr/bin/env python3
"""Radiomics features: `radstation features` against PyRadiomics 3.1.0, side by side in one run.

Cases (no resampling, binWidth 25, all default classes = 107 features, Original image only):
  * ibsi-gtv: the IBSI 1 CT phantom with its GTV mask (204x201x60 at 0.977x0.977x3 mm, 125 256 ROI voxels);
  * liver-1M: the same CT with a synthetic ellipsoid mask of ~1.0 M voxels (a whole-liver-sized ROI).
With --brain1 DIR (../shared/testdata/pyradiomics), additionally the full 1316-feature configuration on brain1
(int16 MR NRRD, resampled to 1 mm with sitkBSpline, Original + LoG sigma 1-5 mm + Wavelet coif1, all default
classes), compared feature by feature (counts within 1e-6 and 1e-4 relative).
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
parser.add_argument("--brain1", help="folder with brain1_image.nrrd and brain1_label.nrrd: adds the 1316-feature case")
parser.add_argument("--only-brain1", action="store_true", help="skip the original-only phantom cases")
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


def features(path, prefixes=("original_",)):
    with open(path) as f:
        return {row[0]: float(row[1]) for row in csv.reader(f) if row[0].startswith(prefixes)}


def relative(a, b):
    return abs(a - b) / max(abs(a), abs(b), 1e-300) if a != b else 0.0


if args.brain1:
    full = os.path.join(work, "full.yaml")
    with open(full, "w") as f:
        f.write("setting:\n  binWidth: 25\n  label: 1\n  interpolator: sitkBSpline\n  resampledPixelSpacing: [1, 1, 1]\n"
                "imageType:\n  Original: {}\n  LoG: {sigma: [1.0, 2.0, 3.0, 4.0, 5.0]}\n  Wavelet: {}\n"
                "featureClass:\n  shape:\n  firstorder:\n  glcm:\n  glrlm:\n  glszm:\n  gldm:\n  ngtdm:\n")
    b_image = os.path.join(args.brain1, "brain1_image.nrrd")
    b_mask = os.path.join(args.brain1, "brain1_label.nrrd")
    ours, theirs = [], []
    for run in range(args.runs):
        ours.append(timed([args.radstation, "features", b_image, b_mask, "--params", full,
                           "--out", os.path.join(work, "ours-full.csv")]))
        theirs.append(timed(pyradiomics + [b_image, b_mask, full, os.path.join(work, "theirs-full.csv")]))
    prefixes = ("original_", "log-", "wavelet")
    a_ = features(os.path.join(work, "ours-full.csv"), prefixes)
    b_ = features(os.path.join(work, "theirs-full.csv"), prefixes)
    diffs = {k: relative(a_[k], b_[k]) for k in b_ if k in a_}
    within6 = sum(1 for d in diffs.values() if d <= 1e-6)
    within4 = sum(1 for d in diffs.values() if d <= 1e-4)
    t_ours, t_theirs = statistics.median(w for w, _ in ours), statistics.median(w for w, _ in theirs)
    m_ours, m_theirs = max(m for _, m in ours), max(m for _, m in theirs)
    print(f"brain1-1316: {len(b_)} PyRadiomics features, ours {len(a_)}, missing {len(set(b_) - set(a_))}, "
          f"extra {len(set(a_) - set(b_))}; within 1e-6: {within6}, within 1e-4: {within4}, "
          f"max rel. difference {max(diffs.values()):.2e}")
    print(f"  radstation  {t_ours:7.2f} s  {m_ours:7.0f} MiB")
    print(f"  pyradiomics {t_theirs:7.2f} s  {m_theirs:7.0f} MiB")
    print(f"  speed-up {t_theirs / t_ours:5.1f}x   memory {m_ours / m_theirs:5.2f}x")

for name, mask in () if args.only_brain1 else (("ibsi-gtv", gtv), ("liver-1M", liver)):
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
