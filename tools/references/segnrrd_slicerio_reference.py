#!/usr/bin/env python3
"""slicerio's reading of a Slicer segmentation (.seg.nrrd) written by `radstation convert --seg-nrrd`.

Input: testdata/segcli/seg-ct.seg.nrrd, written by ConversionSegmentationTests from testdata/seg/ct with
fractional.dcm and shuffled_sparse.dcm (refresh with RADSTATION_WRITE_SEGCLI_REFERENCE=1 swift test --filter
ConversionSegmentationTests). slicerio 1.4.0 (`read_segmentation`) decodes it; for every segment we record its ID,
name, layer, label value, extent, terminology, and the inside voxels as ITK offsets i + nx*(j + ny*k) (voxels of
its layer equal to its label value), plus the ijkToLPS matrix. ConversionSegmentationTests compares the offsets
with testdata/seg/expected.json (the fixture generator's own voxel lists) and the matrix with the CT's geometry.

Output: testdata/reference/segnrrd-slicerio.json. Run (venv outside the repository):
    /tmp/segvenv/bin/pip install slicerio==1.4.0 && /tmp/segvenv/bin/python tools/references/segnrrd_slicerio_reference.py
"""

import json
import os

import numpy as np
import slicerio

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", ".."))
SOURCE = os.path.join(REPO, "testdata", "segcli", "seg-ct.seg.nrrd")
OUT = os.path.join(REPO, "testdata", "reference", "segnrrd-slicerio.json")


def main():
    seg = slicerio.read_segmentation(SOURCE)
    voxels = np.asarray(seg["voxels"])
    if voxels.ndim == 3:
        voxels = voxels[np.newaxis]
    layers, nx, ny, nz = voxels.shape
    out = {"tool": "slicerio %s" % getattr(slicerio, "__version__", "1.4.0"), "sizes": [nx, ny, nz], "layers": layers,
           "ijkToLPS": np.asarray(seg["ijkToLPS"]).round(6).tolist(), "segments": []}
    for s in seg["segments"]:
        inside = voxels[s["layer"]] == s["labelValue"]  # [i, j, k]
        i, j, k = np.nonzero(inside)
        offsets = sorted(int(x) for x in i + nx * (j + ny * k))
        out["segments"].append({"id": s["id"], "name": s["name"], "layer": s["layer"], "labelValue": s["labelValue"],
                                "extent": s.get("extent"), "terminology": s.get("terminology"), "offsets": offsets})
    with open(OUT, "w") as f:
        json.dump(out, f, indent=1, sort_keys=True)
        f.write("\n")
    print("wrote", OUT)


if __name__ == "__main__":
    main()
