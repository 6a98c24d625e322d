#!/usr/bin/env python3
"""dcmrtstruct2nii 5 (skimage polygon2mask at continuous indices, XOR per slice) on the generated RTSTRUCT
fixtures, as an independent reference for the in-plane rasterisation.

Writes testdata/reference/rtstruct-dcmrtstruct2nii.json: per structure set and ROI the inside voxels
(ITK offsets i + nx*(j + ny*k)), their count, and how many differ from testdata/rtstruct/expected.json.

dcmrtstruct2nii assigns a contour to slice round(k of its first vertex) and rejects a whole structure when
one contour is out of bounds, where we assign by plane distance and report single contours (notes/dicom.md
§3). So each contour goes through its converter on its own, and the contours we must report and leave out
(the "reported" ordinals of expected.json) are not given to it: what is compared is how a placed contour
fills the plane. Contours of one ROI on one slice are XOR-combined, as dcmrtstruct2nii does.

    python3 -m venv /tmp/rtvenv && /tmp/rtvenv/bin/pip install -r tools/references/requirements-rtstruct.txt
    /tmp/rtvenv/bin/python tools/references/make_rtstruct_references.py
"""
import json
import logging
import os
import sys

import numpy as np
import pydicom
import SimpleITK as sitk

pydicom.read_file = pydicom.dcmread  # dcmrtstruct2nii 5 still calls the name pydicom 3 removed
from dcmrtstruct2nii.adapters.convert.rtstructcontour2mask import DcmPatientCoords2Mask  # noqa: E402
from dcmrtstruct2nii.adapters.input.contours.rtstructinputadapter import RtStructInputAdapter  # noqa: E402
from dcmrtstruct2nii.adapters.input.image.dcminputadapter import DcmInputAdapter  # noqa: E402
import dcmrtstruct2nii  # noqa: E402

logging.disable(logging.CRITICAL)
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURES = os.path.join(REPO, "testdata", "rtstruct")
OUT = os.path.join(REPO, "testdata", "reference", "rtstruct-dcmrtstruct2nii.json")


def main():
    expected = json.load(open(os.path.join(FIXTURES, "expected.json")))
    result = {"tool": "dcmrtstruct2nii %s (scikit-image polygon2mask), SimpleITK %s, pydicom %s"
                      % (getattr(dcmrtstruct2nii, "__version__", "5"), sitk.Version_VersionString(), pydicom.__version__),
              "script": "tools/references/make_rtstruct_references.py", "structure_sets": {}}
    converter = DcmPatientCoords2Mask()
    for name, spec in sorted(expected["structure_sets"].items()):
        image = DcmInputAdapter().ingest(os.path.join(FIXTURES, spec["series_folder"]))
        rois = RtStructInputAdapter().ingest(os.path.join(FIXTURES, name))
        out = {}
        for roi in rois:
            label = roi["name"]
            exp = spec["rois"][label]
            left_out = {o for ordinals in exp["reported"].values() for o in ordinals}
            mask = np.zeros(tuple(reversed(image.GetSize())), dtype=bool)  # (k, j, i)
            for ordinal, contour in enumerate(roi.get("sequence", []), 1):
                if ordinal in left_out:
                    continue
                one = sitk.GetArrayFromImage(converter.convert([contour], image, 0, 1)) > 0
                mask ^= one
            voxels = np.flatnonzero(mask.ravel(order="C")).tolist()  # C order of (k, j, i) = ITK offsets
            out[label] = {"count": len(voxels), "voxels": voxels,
                          "differing_from_expected": len(set(voxels) ^ set(exp["voxels"]))}
            print(name, label, len(voxels), "differing:", out[label]["differing_from_expected"], file=sys.stderr)
        result["structure_sets"][name] = out
    with open(OUT, "w") as f:
        json.dump(result, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
