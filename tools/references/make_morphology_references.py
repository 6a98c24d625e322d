"""SimpleITK references for MaskMorphology (testdata/reference/morphology-sitk.json).

Small random masks on anisotropic grids (seeded NumPy), and what SimpleITK computes from them:
SignedMaurerDistanceMap(insideIsPositive=False, squaredDistance=False, useImageSpacing=True), one 3D case per
mask and of its complement. Masks and maps are flattened in ITK order (i fastest, then j, then k). Usage:
    /tmp/refvenv/bin/python tools/references/make_morphology_references.py testdata/reference/morphology-sitk.json
"""
import json
import sys

import numpy as np
import SimpleITK as sitk

cases = []
for seed, (size, spacing, fraction) in enumerate([
    ((12, 9, 6), (0.7, 0.7, 2.5), 0.05),
    ((10, 11, 7), (0.5, 0.9, 1.3), 0.4),
    ((9, 8, 5), (0.703, 0.703, 2.5), 0.85),
]):
    rng = np.random.default_rng(1000 + seed)
    nx, ny, nz = size
    mask = (rng.random((nz, ny, nx)) < fraction).astype(np.uint8)  # NumPy (k, j, i)
    img = sitk.GetImageFromArray(mask)
    img.SetSpacing(spacing)
    sdm = sitk.SignedMaurerDistanceMap(img, insideIsPositive=False, squaredDistance=False, useImageSpacing=True)
    values = sitk.GetArrayFromImage(sdm).astype(np.float64).ravel()
    complement = sitk.GetImageFromArray((mask == 0).astype(np.uint8))
    complement.SetSpacing(spacing)
    sdm_c = sitk.SignedMaurerDistanceMap(complement, insideIsPositive=False, squaredDistance=False, useImageSpacing=True)
    values_c = sitk.GetArrayFromImage(sdm_c).astype(np.float64).ravel()
    cases.append({
        "size": list(size),
        "spacing": list(spacing),
        "mask": mask.ravel().tolist(),
        "signed_maurer": [round(float(v), 6) for v in values],
        "signed_maurer_complement": [round(float(v), 6) for v in values_c],
    })

with open(sys.argv[1], "w") as f:
    json.dump({
        "header": {
            "tool": f"SimpleITK {sitk.Version_VersionString()}",
            "script": "tools/references/make_morphology_references.py",
            "order": "ITK (i fastest, then j, then k)",
            "filter": "SignedMaurerDistanceMap(insideIsPositive=False, squaredDistance=False, useImageSpacing=True)",
        },
        "cases": cases,
    }, f, separators=(",", ":"))
