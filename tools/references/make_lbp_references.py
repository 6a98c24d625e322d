#!/usr/bin/env python3
"""Reference local binary patterns (scikit-image `feature.local_binary_pattern`, what PyRadiomics 3.1.0's
`imageoperations.getLBP2DImage` calls slice by slice) on a small seeded int16 volume.

Run from the repository root with a venv outside the repository:

    python3 -m venv /tmp/ibsi-skimage-venv && /tmp/ibsi-skimage-venv/bin/pip install -r tools/references/requirements-lbp.txt
    /tmp/ibsi-skimage-venv/bin/python tools/references/make_lbp_references.py

Writes testdata/reference/lbp2d-skimage.json: the input (int16, ITK order = NumPy (z, y, x) C order, size x y z) and,
per (P, R, method, force2Ddimension), the LBP image exactly as getLBP2DImage builds it (array swapped so the LBP
plane is the last two axes, local_binary_pattern on each 2-D slice, written back into the input dtype). Every output
number comes from scikit-image; nothing here is RadStation code.
"""
import json
import os

import numpy as np
import skimage
from skimage.feature import local_binary_pattern

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
rng = np.random.default_rng(20261124)
# Few distinct values so that ties (texture == centre, the >= 0 branch) occur often.
image = rng.integers(-3, 4, size=(4, 7, 9)).astype(np.int16)  # (z, y, x)


def lbp2d(arr, P, R, method, axis):
    out = arr.copy().swapaxes(0, axis)
    for idx in range(out.shape[0]):
        out[idx, ...] = local_binary_pattern(out[idx, ...], P=P, R=R, method=method)
    return out.swapaxes(0, axis)


cases = []
for P, R, method, axis in [(8, 1, "uniform", 0), (8, 1, "default", 0), (12, 2, "uniform", 0), (8, 1.5, "uniform", 1),
                           (8, 1, "uniform", 2)]:
    result = lbp2d(image, P, R, method, axis)
    cases.append({"P": P, "R": R, "method": method, "force2Ddimension": axis,
                  "values": [int(v) for v in result.ravel()]})

out = {"scikit-image": skimage.__version__, "numpy": np.__version__,
       "size": [image.shape[2], image.shape[1], image.shape[0]],
       "input": [int(v) for v in image.ravel()], "cases": cases}
with open(os.path.join(ROOT, "testdata", "reference", "lbp2d-skimage.json"), "w") as f:
    json.dump(out, f, separators=(",", ":"))
    f.write("\n")
