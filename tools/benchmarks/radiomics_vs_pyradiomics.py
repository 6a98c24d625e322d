#!/usr/bin/env python3
"""Radiomics features: `radstation features` against PyRadiomics 3.1.0, side by side in one run.

Cases (binWidth 25, all default classes = 107 features, Original image only, resampledPixelSpacing [1, 1, 1]
with PyRadiomics' default sitkBSpline interpolator, as the studies run it):
  * ibsi-gtv: the IBSI 1 CT phantom with its GTV mask (204x201x60 at 0.977x0.977x3 mm; 359 664 ROI voxels at 1 mm);
  * liver-1M: the same CT with a synthetic 1.0 L ellipsoid mask (semi-axes 85, 65, 43.2 mm; ~1.0 M ROI voxels at
    1 mm, a whole-liver-sized ROI).
With --native, the two older no-resampling cases instead (GTV 125 256 voxels; a ~1.0 M-voxel ellipsoid at native
spacing).
With --full, those two cases with the full 1316-feature configuration instead of Original only (issue 8).
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
parser.add_argument("--native", action="store_true", help="no resampling (the older native-spacing cases)")
parser.add_argument("--only", help="run only this case (ibsi-gtv or liver-1M)")
parser.add_argument("--full", action="store_true",
                    help="the phantom cases with the full 1316-feature configuration (issue 8) instead of Original only")
parser.add_argument("--skip-pyradiomics", action="store_true", help="time radstation only (profiling)")
args = parser.parse_args()

work = tempfile.mkdtemp(prefix="radiomics-bench-")
image = os.path.join(args.phantom, "image", "phantom.nii.gz")
gtv = os.path.join(args.phantom, "mask", "mask.nii.gz")

reference = nib.load(gtv)
shape = reference.shape
i, j, k = np.indices(shape)
c = [(s - 1) / 2 for s in shape]
if args.native:
    # ~1.0 M voxels at native spacing (semi-axes in voxels).
    a, b, cc = 92.0, 92.0, 28.5
else:
    # 1.0 L: ~1.0 M voxels once resampled to 1 mm (semi-axes in mm over the voxel spacing).
    zooms = reference.header.get_zooms()[:3]
    a, b, cc = 85.0 / zooms[0], 65.0 / zooms[1], 43.2 / zooms[2]
ellipsoid = (((i - c[0]) / a) ** 2 + ((j - c[1]) / b) ** 2 + ((k - c[2]) / cc) ** 2 <= 1).astype(np.uint8)
liver = os.path.join(work, "liver.nii.gz")
nib.save(nib.Nifti1Image(ellipsoid, reference.affine), liver)

params = os.path.join(work, "params.yaml")
with open(params, "w") as f:
    f.write("setting:\n  binWidth: 25\n  label: 1\n")
    if not args.native:
        f.write("  interpolator: sitkBSpline\n  resampledPixelSpacing: [1, 1, 1]\n")
    f.write("imageType:\n  Original: {}\n")

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


full = os.path.join(work, "full.yaml")
with open(full, "w") as f:
    f.write("setting:\n  binWidth: 25\n  label: 1\n  interpolator: sitkBSpline\n  resampledPixelSpacing: [1, 1, 1]\n"
            "imageType:\n  Original: {}\n  LoG: {sigma: [1.0, 2.0, 3.0, 4.0, 5.0]}\n  Wavelet: {}\n"
            "featureClass:\n  shape:\n  firstorder:\n  glcm:\n  glrlm:\n  glszm:\n  gldm:\n  ngtdm:\n")
if args.full:
    params = full
case_prefixes = ("original_", "log-", "wavelet") if args.full else ("original_",)

if args.brain1:
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

cases = () if args.only_brain1 else (("ibsi-gtv", gtv), ("liver-1M", liver))
for name, mask in cases:
    if args.only and name != args.only:
        continue
    ours, theirs = [], []
    for run in range(args.runs):
        ours.append(timed([args.radstation, "features", image, mask, "--params", params,
                           "--out", os.path.join(work, "ours.csv")]))
        if not args.skip_pyradiomics:
            theirs.append(timed(pyradiomics + [image, mask, params, os.path.join(work, "theirs.csv")]))
    a_ = features(os.path.join(work, "ours.csv"), case_prefixes)
    voxels = int(a_.get("original_shape_VoxelVolume", 0) / (1.0 if not args.native else float(np.prod(reference.header.get_zooms()[:3]))))
    t_ours, m_ours = statistics.median(w for w, _ in ours), max(m for _, m in ours)
    if args.skip_pyradiomics:
        print(f"{name}: ROI {voxels} voxels, ours {len(a_)} features: radstation {t_ours:7.2f} s  {m_ours:7.0f} MiB")
        continue
    b_ = features(os.path.join(work, "theirs.csv"), case_prefixes)
    worst = max(abs(a_[k] - b_[k]) / max(abs(b_[k]), 1e-9) for k in b_ if k in a_ and not np.isnan(b_[k]))
    t_theirs, m_theirs = statistics.median(w for w, _ in theirs), max(m for _, m in theirs)
    print(f"{name}: ROI {voxels} voxels, {len(b_)} features (ours {len(a_)}, missing {len(set(b_) - set(a_))}), "
          f"max rel. difference {worst:.2e}")
    print(f"  radstation  {t_ours:7.2f} s  {m_ours:7.0f} MiB   (runs: {', '.join(f'{w:.2f}' for w, _ in ours)})")
    print(f"  pyradiomics {t_theirs:7.2f} s  {m_theirs:7.0f} MiB   (runs: {', '.join(f'{w:.2f}' for w, _ in theirs)})")
    print(f"  speed-up {t_theirs / t_ours:5.1f}x   memory {m_ours / m_theirs:5.2f}x")
