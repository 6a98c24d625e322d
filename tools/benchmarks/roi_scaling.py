#!/usr/bin/env python3
"""Issue 21 goal 1: the same ROI costs the same in a small and in a full-size image.

Cases (built here with SimpleITK from the IBSI 1 CT phantom, 204x201x60 float32 at 0.977x0.977x3 mm, and its GTV):
  * small: the phantom and its mask as SimpleITK writes them (one gzip member, as most tools write .nii.gz);
  * big:   the phantom mirror-padded (sitk.MirrorPad, 154/155/10 voxels before, the rest after) into 512x512x80,
           the mask zero-padded: an HCC-sized ROI (359,664 voxels at 1 mm) in a full-size CT field;
  * with --bgzf also both as BGZF (SAM spec 4.1, what RadStation writes; seekable), written here with zlib.
Configuration: the 1,316 PyRadiomics features (binWidth 25, sitkBSpline to 1 mm, Original + LoG sigma 1-5 + 8
wavelets, all 7 classes).

Each binary runs `features <image> <mask> --params full.yaml --out <csv>` under /usr/bin/time (wall, user+system
CPU, peak RSS); binaries and cases alternate within every round; medians of --runs (RSS: the largest). Prints
big/small ratios per binary and whether every binary wrote byte-identical CSVs for each case.

Usage (release builds; copy the old binary away before rebuilding):
  nice -n 10 .venv-examples/bin/python tools/benchmarks/roi_scaling.py \\
      --phantom ../shared/testdata/ibsi/ibsi_1_ct_radiomics_phantom/nifti --work /tmp/roi-scaling \\
      --binary old=/tmp/radstation-old --binary new=.build/release/radstation --runs 5 [--bgzf]
"""
import argparse
import filecmp
import os
import statistics
import struct
import subprocess
import zlib

import SimpleITK as sitk

parser = argparse.ArgumentParser()
parser.add_argument("--phantom", required=True, help="folder with image/phantom.nii.gz and mask/mask.nii.gz")
parser.add_argument("--work", required=True, help="folder for the cases and outputs (cases are kept and reused)")
parser.add_argument("--binary", action="append", required=True, help="name=path of a radstation binary")
parser.add_argument("--runs", type=int, default=5)
parser.add_argument("--bgzf", action="store_true", help="also the BGZF-compressed copies of both cases")
args = parser.parse_args()
os.makedirs(args.work, exist_ok=True)

PARAMS = """setting:
  binWidth: 25
  label: 1
  interpolator: sitkBSpline
  resampledPixelSpacing: [1, 1, 1]
imageType:
  Original: {}
  LoG: {sigma: [1.0, 2.0, 3.0, 4.0, 5.0]}
  Wavelet: {}
featureClass:
  shape:
  firstorder:
  glcm:
  glrlm:
  glszm:
  gldm:
  ngtdm:
"""


def bgzf(source, target):
    """Rewrites a .nii.gz as BGZF: gzip members of <= 0xff00 input bytes with the BC extra subfield, then EOF."""
    import gzip
    data = gzip.open(source).read()
    with open(target, "wb") as out:
        for start in range(0, len(data), 0xFF00):
            block = data[start:start + 0xFF00]
            c = zlib.compressobj(6, zlib.DEFLATED, -15)
            deflated = c.compress(block) + c.flush()
            header = struct.pack("<BBBBIBBHBBHH", 0x1F, 0x8B, 8, 4, 0, 0, 0xFF, 6, 0x42, 0x43, 2, len(deflated) + 25)
            out.write(header + deflated + struct.pack("<II", zlib.crc32(block), len(block)))
        out.write(bytes.fromhex("1f8b08040000000000ff0600424302001b0003000000000000000000"))


def build():
    paths = {"small": (os.path.join(args.work, "small.nii.gz"), os.path.join(args.work, "small-mask.nii.gz")),
             "big": (os.path.join(args.work, "big.nii.gz"), os.path.join(args.work, "big-mask.nii.gz"))}
    if not os.path.exists(paths["big"][1]):
        image = sitk.ReadImage(os.path.join(args.phantom, "image", "phantom.nii.gz"))
        mask = sitk.ReadImage(os.path.join(args.phantom, "mask", "mask.nii.gz"))
        sitk.WriteImage(image, paths["small"][0], useCompression=True)
        sitk.WriteImage(mask, paths["small"][1], useCompression=True)
        size = image.GetSize()
        target = (512, 512, 80)
        before = [(t - s) // 2 for t, s in zip(target, size)]
        after = [t - s - b for t, s, b in zip(target, size, before)]
        sitk.WriteImage(sitk.MirrorPad(image, before, after), paths["big"][0], useCompression=True)
        sitk.WriteImage(sitk.ConstantPad(mask, before, after, 0), paths["big"][1], useCompression=True)
    if args.bgzf:
        for case in ("small", "big"):
            files = tuple(p.replace(".nii.gz", "-bgzf.nii.gz") for p in paths[case])
            for s, t in zip(paths[case], files):
                if not os.path.exists(t):
                    bgzf(s, t)
            paths[case + "-bgzf"] = files
    with open(os.path.join(args.work, "full.yaml"), "w") as f:
        f.write(PARAMS)
    return paths


def timed(command):
    out = subprocess.run(["/usr/bin/time", "-f", "TIME %e %U %S %M"] + command, capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"failed ({out.returncode}): {' '.join(command)}\n{out.stderr[-2000:]}")
    line = next(l for l in reversed(out.stderr.splitlines()) if l.startswith("TIME "))
    wall, user, system, rss = line.split()[1:]
    return float(wall), float(user) + float(system), int(rss) / 1024.0


cases = build()
binaries = [b.split("=", 1) for b in args.binary]
params = os.path.join(args.work, "full.yaml")
print("load (uptime):", subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
runs = {(name, case): [] for name, _ in binaries for case in cases}
for round in range(args.runs):
    for case, (image, mask) in cases.items():
        for name, path in binaries:
            csv = os.path.join(args.work, f"{case}-{name}.csv")
            runs[(name, case)].append(timed([path, "features", image, mask, "--params", params, "--out", csv]))
print("load (uptime):", subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())

print(f"\n{'binary':10} {'case':11} {'wall s':>7} {'CPU s':>7} {'peak MB':>8}   (medians of {args.runs})")
medians = {}
for (name, case), values in runs.items():
    medians[(name, case)] = (statistics.median(v[0] for v in values), statistics.median(v[1] for v in values),
                             max(v[2] for v in values))
    w, c, m = medians[(name, case)]
    print(f"{name:10} {case:11} {w:7.3f} {c:7.3f} {m:8.1f}")
print()
for name, _ in binaries:
    for suffix in ("", "-bgzf"):
        if "big" + suffix in cases:
            b, s = medians[(name, "big" + suffix)], medians[(name, "small" + suffix)]
            print(f"{name}{suffix}: big/small {b[0] / s[0]:.2f}x wall, {b[1] / s[1]:.2f}x CPU, {b[2] / s[2]:.2f}x peak RSS")
for case in cases:
    first = os.path.join(args.work, f"{case}-{binaries[0][0]}.csv")
    same = all(filecmp.cmp(first, os.path.join(args.work, f"{case}-{n}.csv"), shallow=False) for n, _ in binaries[1:])
    print(f"{case}: CSVs of all binaries byte-identical: {same}")
