#!/usr/bin/env python3
"""Reference outputs of PyRadiomics 3.1.0's `shape2D` class (force2D, single-slice masks).

Run from the repository root with the PyRadiomics venv (PyRadiomics 3.1.0, SimpleITK 2.5.x, numpy):

    VENV=/tmp/pyrad-venv bash ../shared/tools/pyradiomics-venv.sh
    /tmp/pyrad-venv/bin/python tools/references/make_shape2d_references.py

Writes testdata/reference/shape2d-pyradiomics.json. Every feature value comes from PyRadiomics'
`RadiomicsFeatureExtractor.execute` (shape2D enabled with all ten features, SphericalDisproportion named
explicitly, force2D True) on a seeded random image; nothing here is RadStation code. Cases:
  * synthetic masks on non-square, anisotropic grids: a disc, an L with a hole, two blobs, a ring, a sagittal
    slice (force2Ddimension 2);
  * the largest axial slice of PyRadiomics' brain1 label (when ../shared/testdata/pyradiomics exists), its
    bounding box plus one voxel;
  * what PyRadiomics does with a multi-slice mask (ValueError) and without force2D (warning, no shape2D).
Masks are little-endian base64 uint8 in ITK order (i fastest); sizes and spacings in ITK (x, y, z) order.
"""
import base64
import json
import logging
import os

import numpy as np
import radiomics
import SimpleITK as sitk
from radiomics import featureextractor

OUT = "testdata/reference/shape2d-pyradiomics.json"
BRAIN1 = "../shared/testdata/pyradiomics/brain1_label.nrrd"
NAMES = ["Elongation", "MajorAxisLength", "MaximumDiameter", "MeshSurface", "MinorAxisLength", "Perimeter",
         "PerimeterSurfaceRatio", "PixelSurface", "SphericalDisproportion", "Sphericity"]

logging.getLogger("radiomics").setLevel(logging.ERROR)
rng = np.random.default_rng(20261124)


def encode(array_zyx):
    return base64.b64encode(np.ascontiguousarray(array_zyx, dtype=np.uint8).tobytes()).decode()


def run(mask_zyx, spacing, force2d=True, dimension=0):
    image_zyx = rng.integers(-100, 300, size=mask_zyx.shape).astype(np.int16)
    image = sitk.GetImageFromArray(image_zyx)
    image.SetSpacing(spacing)
    image.SetOrigin((-20.5, 13.25, 4.0))
    mask = sitk.GetImageFromArray(mask_zyx.astype(np.uint8))
    mask.CopyInformation(image)
    extractor = featureextractor.RadiomicsFeatureExtractor(force2D=force2d, force2Ddimension=dimension, label=1)
    extractor.disableAllFeatures()
    extractor.enableFeaturesByName(shape2D=NAMES)
    entry = {"size": list(image.GetSize()), "spacing": list(spacing), "force2D": force2d,
             "force2Ddimension": dimension, "mask": encode(mask_zyx)}
    try:
        result = extractor.execute(image, mask)
        entry["features"] = {k[len("original_shape2D_"):]: float(v) for k, v in result.items()
                             if k.startswith("original_shape2D_")}
    except ValueError as error:
        entry["error"] = str(error)
    return entry


def disc(ny, nx, cy, cx, r):
    y, x = np.indices((ny, nx))
    return ((y - cy) ** 2 + (x - cx) ** 2 <= r * r)


cases = []

m = np.zeros((3, 23, 31), np.uint8)
m[1] = disc(23, 31, 11.3, 14.6, 8.2)
cases.append(dict(name="disc-axial", **run(m, (0.7, 1.3, 2.5))))

m = np.zeros((1, 19, 26), np.uint8)
m[0, 2:17, 3:9] = 1
m[0, 12:17, 3:23] = 1
m[0, 14, 5] = 0  # a one-pixel hole
m[0, 4, 20] = 1  # an isolated pixel
cases.append(dict(name="l-shape-hole", **run(m, (0.9, 0.6, 3.0))))

m = np.zeros((2, 30, 40), np.uint8)
m[0] = disc(30, 40, 9, 10, 5.5) | disc(30, 40, 20, 28, 7.1)
m[0, 9, 10] = 0
cases.append(dict(name="two-blobs-checker-edge", **run(m, (1.1, 0.8, 2.0))))

m = np.zeros((2, 27, 29), np.uint8)
m[1] = disc(27, 29, 13, 14, 11.5) & ~disc(27, 29, 13.4, 13.8, 6.2)
m[1, 2, 2] = 1  # diagonal neighbours: marching-squares saddle squares (index 5 and 10)
m[1, 3, 3] = 1
cases.append(dict(name="ring-saddles", **run(m, (0.5, 0.5, 1.0))))

m = np.zeros((24, 17, 5), np.uint8)  # sagittal: one x column, z and y extent
yz = np.zeros((24, 17), bool)
yz[4:20, 3:14] = disc(24, 17, 11.5, 8.2, 7.3)[4:20, 3:14]
m[:, :, 2] = yz
cases.append(dict(name="sagittal-force2Ddimension-2", **run(m, (2.0, 0.8, 1.4), dimension=2)))

if os.path.exists(BRAIN1):
    label = sitk.ReadImage(BRAIN1)
    arr = sitk.GetArrayFromImage(label) == 1
    z = int(np.argmax(arr.sum(axis=(1, 2))))
    ys, xs = np.nonzero(arr[z])
    crop = arr[z, ys.min() - 1:ys.max() + 2, xs.min() - 1:xs.max() + 2]
    m = np.zeros((3,) + crop.shape, np.uint8)
    m[1] = crop
    entry = run(m, label.GetSpacing())
    cases.append(dict(name=f"brain1-slice-{z}", **entry))

m = np.zeros((3, 12, 14), np.uint8)
m[0:2, 3:9, 2:11] = 1
cases.append(dict(name="error-two-slices", **run(m, (1.0, 1.0, 1.0))))

m = np.zeros((2, 12, 14), np.uint8)
m[1, 3:9, 2:11] = 1
cases.append(dict(name="skipped-without-force2D", **run(m, (1.0, 1.0, 1.0), force2d=False)))

with open(OUT, "w") as f:
    json.dump({"pyradiomics": radiomics.__version__, "simpleitk": sitk.Version_VersionString(),
               "numpy": np.__version__, "cases": cases}, f, indent=1)
    f.write("\n")
print(f"wrote {OUT}: {len(cases)} cases")
for c in cases:
    print(c["name"], c.get("error") or c.get("features"))
