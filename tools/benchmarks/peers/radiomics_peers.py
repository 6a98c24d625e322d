#!/usr/bin/env python3
"""Radiomics features: `radstation features` against PyRadiomics 3.1.0 and the fastest PyPI alternatives
(fastrad 1.2.0 - PyTorch on the CPU; pictologics 0.9.0 - numba), on the same case in the same run (issue 21, goal 2).

Cases (built here from the IBSI 1 CT phantom, 204x201x60 at 0.977x0.977x3 mm, with its GTV):
  * gtv-512: the phantom mirror-padded into a full-size 512x512x80 field (154/155/10 voxels before, the rest after),
    GTV mask zero-padded: an HCC-sized ROI (359 664 voxels at 1 mm) in a full-size CT;
  * gtv-native (--native-field): the same ROI in the phantom's own 204x201x60 field.
Configurations (PyRadiomics' names and settings; every tool resamples to 1 mm itself):
  * original: binWidth 25, sitkBSpline to [1, 1, 1], Original image, all 7 default classes (107 features);
  * original-noresample (--no-resample): Original at the native 0.977x0.977x3 mm, nobody resamples, so every tool
    sees the same ROI voxels: the agreement there is that of the feature definitions alone;
  * full (--full): the same plus LoG sigma 1-5 mm and the 8 coif1 wavelets (1316 features). fastrad has no wavelet:
    it runs Original + LoG (572 of the 1316); pictologics runs all 14 images.
Each tool runs in its own process under /usr/bin/time (wall, user+system CPU, peak RSS), the tools alternate
within every round, and the median of --runs is kept (peak RSS: the largest). A peer's own "extract-seconds"
(time after its imports: PyTorch ~1.5 s, numba-cached pictologics ~2 s) is shown too. Ratios are peer / RadStation.
Agreement: every feature PyRadiomics writes that the peer also writes under the same name, counted within 1e-6 and
1e-4 relative, and the largest relative difference; per family as well.

What differs in settings (the peers' own pipelines; nothing is patched):
  * fastrad: resamples the WHOLE image (SimpleITK sitkBSpline, grid kept at the image origin, size rounded) where
    PyRadiomics resamples the ROI box plus 5 voxels with the grid anchored at the box corner, so the ROI voxels and
    values differ slightly; float32 voxels (PyRadiomics float64); its LoG is an analytical kernel by conv3d with
    zero padding, not normalised by sigma^2 (PyRadiomics: SimpleITK LaplacianRecursiveGaussian, normalised across
    scale); no wavelet. Feature names: snake_case, mapped to PyRadiomics' CamelCase (run_fastrad.py).
  * pictologics (IBSI 1/2): cubic-spline resampling (scipy order 3) on IBSI's centre-aligned grid; FBS needs a fixed
    bin origin, so it is given PyRadiomics' own (floor(min/25)*25 of PyRadiomics' ROI, per image); GLCM and GLRLM
    are merged over the 13 directions (IBSI 3D:mrg; PyRadiomics averages per-direction features, 3D:avg); its LoG
    is not normalised by sigma^2; wavelets with mirror padding (PyRadiomics' swtn: periodic); IBSI excess kurtosis
    (+3 for PyRadiomics). IBSI names are mapped to PyRadiomics' for the features with the same definition
    (run_pictologics.py); pictologics also computes families PyRadiomics has not (GLDZM, histogram, convex hull...).
  * Both peers are declared for Python >= 3.12 and run here on 3.11 (make-venv.sh says how and why).
  * RadStation and PyRadiomics read the same files and configuration (PyRadiomics semantics exactly).

Usage:
  nice swift build -c release --product radstation
  PEERS_VENV=/tmp/venv-peers PYRAD_VENV=/tmp/venv-pyrad bash tools/benchmarks/peers/make-venv.sh
  nice -n 10 /tmp/venv-pyrad/bin/python tools/benchmarks/peers/radiomics_peers.py \
      --radstation .build/release/radstation --peers-python /tmp/venv-peers/bin/python \
      --phantom ../shared/testdata/ibsi/ibsi_1_ct_radiomics_phantom/nifti --runs 3 --full --native-field
"""
import argparse
import csv
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile

import nibabel as nib
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
parser = argparse.ArgumentParser()
parser.add_argument("--radstation", required=True)
parser.add_argument("--phantom", required=True, help="folder with image/phantom.nii.gz and mask/mask.nii.gz")
parser.add_argument("--peers-python", required=True, help="python of the venv from make-venv.sh")
parser.add_argument("--runs", type=int, default=3)
parser.add_argument("--full", action="store_true", help="also the 1316-feature configuration")
parser.add_argument("--native-field", action="store_true", help="also the ROI in its own 204x201x60 field")
parser.add_argument("--no-resample", action="store_true",
                    help="also Original at native spacing (no tool resamples: the same ROI voxels for all)")
parser.add_argument("--configs", help="comma-separated configurations to run (default: all that are enabled)")
parser.add_argument("--skip", default="", help="comma-separated tools not to run (fastrad, pictologics)")
parser.add_argument("--work", help="folder for the case files and outputs (default: a new temporary one)")
args = parser.parse_args()

work = args.work or tempfile.mkdtemp(prefix="radiomics-peers-")
os.makedirs(work, exist_ok=True)


def build_cases():
    image = nib.load(os.path.join(args.phantom, "image", "phantom.nii.gz"))
    mask = nib.load(os.path.join(args.phantom, "mask", "mask.nii.gz"))
    cases = []
    if args.native_field:
        cases.append(("gtv-native", image.get_filename(), mask.get_filename(), image.shape))
    target = (512, 512, 80)
    before = [(t - s) // 2 for t, s in zip(target, image.shape)]
    pads = [(b, t - s - b) for b, t, s in zip(before, target, image.shape)]
    shift = np.eye(4)
    shift[:3, 3] = -np.array(before, dtype=float)
    affine = image.affine @ shift
    big_image = os.path.join(work, "gtv-512.nii.gz")
    big_mask = os.path.join(work, "gtv-512-mask.nii.gz")
    if not os.path.exists(big_mask):
        voxels = np.pad(np.asarray(image.dataobj, dtype=np.float32), pads, mode="symmetric")
        nib.save(nib.Nifti1Image(voxels, affine), big_image)
        labels = np.pad(np.asarray(mask.dataobj, dtype=np.uint8), pads, mode="constant")
        nib.save(nib.Nifti1Image(labels, affine), big_mask)
    cases.insert(0, ("gtv-512", big_image, big_mask, target))
    return cases


SETTING = "setting:\n  binWidth: 25\n  label: 1\n  interpolator: sitkBSpline\n  resampledPixelSpacing: [1, 1, 1]\n"
CLASSES = "featureClass:\n  shape:\n  firstorder:\n  glcm:\n  glrlm:\n  glszm:\n  gldm:\n  ngtdm:\n"
configs = {"original": SETTING + "imageType:\n  Original: {}\n" + CLASSES}
if args.full:
    configs["full"] = (SETTING + "imageType:\n  Original: {}\n  LoG: {sigma: [1.0, 2.0, 3.0, 4.0, 5.0]}\n"
                       "  Wavelet: {}\n" + CLASSES)
if args.no_resample:
    configs["original-noresample"] = "setting:\n  binWidth: 25\n  label: 1\nimageType:\n  Original: {}\n" + CLASSES
if args.configs:
    configs = {k: v for k, v in configs.items() if k in args.configs.split(",")}
for name, text in configs.items():
    with open(os.path.join(work, f"{name}.yaml"), "w") as f:
        f.write(text)

PYRADIOMICS = [sys.executable, "-c",
               "import sys, time, logging, csv\n"
               "logging.getLogger('radiomics').setLevel(logging.ERROR)\n"
               "from radiomics import featureextractor\n"
               "t0 = time.perf_counter()\n"
               "r = featureextractor.RadiomicsFeatureExtractor(sys.argv[3]).execute(sys.argv[1], sys.argv[2])\n"
               "t1 = time.perf_counter()\n"
               "w = csv.writer(open(sys.argv[4], 'w')); w.writerow(['feature', 'value'])\n"
               "[w.writerow([k, v]) for k, v in r.items()]\n"
               "print(f'extract-seconds {t1 - t0:.3f}', file=sys.stderr)\n"]
PREFIXES = ("original_", "log-", "wavelet-")


def timed(command):
    """(wall s, CPU s, peak MiB, extract s or None) of one process, or the reason it failed."""
    out = subprocess.run(["/usr/bin/time", "-f", "TIME %e %U %S %M"] + command, capture_output=True, text=True)
    lines = out.stderr.strip().splitlines()
    if out.returncode != 0:
        tail = [line for line in lines if not line.startswith(("TIME ", "Command exited"))][-3:]
        return f"exit {out.returncode}: " + " | ".join(tail)
    wall, user, system, rss = next(line for line in reversed(lines) if line.startswith("TIME ")).split()[1:]
    extract = next((float(line.split()[1]) for line in lines if line.startswith("extract-seconds ")), None)
    return float(wall), float(user) + float(system), int(rss) / 1024.0, extract


def features(path):
    with open(path) as f:
        return {row[0]: float(row[1]) for row in csv.reader(f) if row[0].startswith(PREFIXES)}


def relative(a, b):
    if math.isnan(a) or math.isnan(b):
        return 0.0 if math.isnan(a) and math.isnan(b) else math.inf
    return abs(a - b) / max(abs(a), abs(b), 1e-300) if a != b else 0.0


def agreement(ours, reference):
    common = [k for k in reference if k in ours]
    diffs = {k: relative(ours[k], reference[k]) for k in common}
    families = {}
    for k, d in diffs.items():
        family = k.split("_")[1]
        n, within = families.get(family, (0, 0))
        families[family] = (n + 1, within + (d <= 1e-4))
    return {"n": len(common), "missing": len(reference) - len(common),
            "1e-6": sum(d <= 1e-6 for d in diffs.values()), "1e-4": sum(d <= 1e-4 for d in diffs.values()),
            "max": max(diffs.values()) if diffs else math.nan,
            "median": statistics.median(diffs.values()) if diffs else math.nan, "families": families}


def pyradiomics_starts(reference):
    """PyRadiomics' bin origin per image type: minimum - minimum % binWidth."""
    return {k[:-len("_firstorder_Minimum")]: v - v % 25.0
            for k, v in reference.items() if k.endswith("_firstorder_Minimum")}


skip = {s for s in args.skip.split(",") if s}
tools = ["radstation", "pyradiomics"] + [t for t in ("fastrad", "pictologics") if t not in skip]
print(f"work folder {work}")
print("load (uptime):", subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
versions = subprocess.run([args.peers_python, "-c",
                           "from importlib.metadata import version as v; import torch, numba\n"
                           "print('fastrad', v('fastrad'), '| torch', torch.__version__, '| pictologics',"
                           " v('pictologics'), '| numba', numba.__version__)"],
                          capture_output=True, text=True)
print("peers:", versions.stdout.strip() or versions.stderr.strip().splitlines()[-1:])
rv = subprocess.run([sys.executable, "-c", "import radiomics; print(radiomics.__version__)"],
                    capture_output=True, text=True)
print("pyradiomics:", rv.stdout.strip(), "| python", sys.version.split()[0])

summary = []
for case, image, mask, shape in build_cases():
    for config in configs:
        params = os.path.join(work, f"{config}.yaml")
        out = {t: os.path.join(work, f"{case}-{config}-{t}.csv") for t in tools}
        commands = {
            "radstation": [args.radstation, "features", image, mask, "--params", params, "--out", out["radstation"]],
            "pyradiomics": PYRADIOMICS + [image, mask, params, out["pyradiomics"]],
            "fastrad": [args.peers_python, os.path.join(HERE, "run_fastrad.py"), image, mask, out["fastrad"]]
            + (["--no-resample"] if config.endswith("noresample") else [])
            + (["--log", "1", "2", "3", "4", "5"] if config == "full" else []),
        }
        runs = {t: [] for t in tools}
        failed = {}
        for run in range(args.runs):
            for tool in tools:
                if tool in failed:
                    continue
                command = commands.get(tool)
                if tool == "pictologics":
                    starts = pyradiomics_starts(features(out["pyradiomics"]))
                    starts_path = os.path.join(work, f"{case}-{config}-starts.json")
                    with open(starts_path, "w") as f:
                        json.dump(starts, f)
                    command = [args.peers_python, os.path.join(HERE, "run_pictologics.py"), image, mask,
                               out["pictologics"], str(starts["original"])]
                    command += ["--no-resample"] if config.endswith("noresample") else []
                    command += ["--full", starts_path] if config == "full" else []
                result = timed(["nice", "-n", "10"] + command)
                if isinstance(result, str):
                    failed[tool] = result
                    if tool == "pyradiomics":
                        raise SystemExit(f"PyRadiomics failed: {result}")
                else:
                    runs[tool].append(result)
        reference = features(out["pyradiomics"])
        print(f"\n{case} ({'x'.join(map(str, shape))}), {config}: PyRadiomics {len(reference)} features")
        base = statistics.median(r[0] for r in runs["radstation"])
        base_cpu = statistics.median(r[1] for r in runs["radstation"])
        print(f"  {'tool':12} {'wall s':>8} {'CPU s':>8} {'extract s':>9} {'peak MiB':>9} {'time ratio':>10} "
              f"{'mem ratio':>9}  agreement with PyRadiomics (features compared: within 1e-6 / 1e-4, max rel.)")
        base_rss = max(r[2] for r in runs["radstation"])
        for tool in tools:
            if tool in failed:
                print(f"  {tool:12} FAILED: {failed[tool]}")
                summary.append((case, config, tool, "failed", failed[tool]))
                continue
            wall = statistics.median(r[0] for r in runs[tool])
            cpu = statistics.median(r[1] for r in runs[tool])
            rss = max(r[2] for r in runs[tool])
            extracts = [r[3] for r in runs[tool] if r[3] is not None]
            extract = f"{statistics.median(extracts):9.2f}" if extracts else f"{'':9}"
            if tool == "pyradiomics":
                agree = "(reference)"
                a = None
            else:
                a = agreement(features(out[tool]), reference)
                agree = (f"{a['n']} compared ({a['missing']} not computed): {a['1e-6']} / {a['1e-4']}, "
                         f"max {a['max']:.1e}, median {a['median']:.1e}")
            print(f"  {tool:12} {wall:8.2f} {cpu:8.2f} {extract} {rss:9.0f} {wall / base:9.1f}x {rss / base_rss:8.2f}x"
                  f"  {agree}")
            print(f"  {'':12} runs: {', '.join(f'{r[0]:.2f}' for r in runs[tool])}")
            if a is not None and tool != "radstation":
                print(f"  {'':12} within 1e-4 per family: "
                      + ", ".join(f"{fam} {w}/{n}" for fam, (n, w) in sorted(a["families"].items())))
            summary.append((case, config, tool, wall, cpu, rss, wall / base, cpu / base_cpu, a))
print("\nload (uptime):", subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
with open(os.path.join(work, "summary.json"), "w") as f:
    json.dump(summary, f, default=str, indent=1)
