#!/usr/bin/env python3
"""highdicom's reading of DICOM SEG files, as a reference for our SEG reader and writer.

For every SEG listed below, highdicom 0.28.2 (`segread` + `Segmentation.get_volume(combine_segments=False,
rescale_fractional=True)`) decodes the segments on a volume; for each segment and each slice with a non-zero
pixel we record the slice position (ImagePositionPatient of its first pixel, LPS mm, from the volume affine),
the number of non-zero pixels, the sum of the values (fractions 0..1 for FRACTIONAL) and the SHA-256 of the
slice's non-zero map as rows x columns uint8 bytes (row by row, 1 = non-zero).

Output: testdata/reference/seg-highdicom.json. Inputs: the highdicom test SEGs in ../shared/testdata (if present),
our fixtures in testdata/seg/, and testdata/seg/written/radstation_roundtrip.dcm (written by our
DICOMSegmentationWriter, see SegmentationRoundTripTests). Run:
    /tmp/segvenv/bin/python tools/references/seg_highdicom_reference.py
"""

import hashlib
import json
import os

import highdicom as hd
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", ".."))
SHARED = os.path.normpath(os.path.join(REPO, "..", "shared", "testdata"))
OUT = os.path.join(REPO, "testdata", "reference", "seg-highdicom.json")

FILES = {
    "shared:dicom/highdicom_ct_seg_variants/seg/seg_image_ct_binary.dcm": None,
    "shared:dicom/highdicom_ct_seg_variants/seg/seg_image_ct_binary_overlap.dcm": None,
    "shared:dicom/highdicom_ct_seg_variants/seg/seg_image_ct_binary_fractional.dcm": None,
    "shared:dicom/highdicom_ct_seg_variants/seg/seg_image_ct_true_fractional.dcm": None,
    "repo:testdata/seg/shuffled_sparse.dcm": None,
    "repo:testdata/seg/fractional.dcm": None,
    "repo:testdata/seg/written/radstation_roundtrip.dcm": None,
}


def resolve(key):
    kind, rel = key.split(":", 1)
    return os.path.join(SHARED if kind == "shared" else REPO, rel)


def describe(path):
    seg = hd.seg.segread(path)
    volume = seg.get_volume(combine_segments=False, rescale_fractional=True)
    array = np.asarray(volume.array)  # (slices, rows, columns, segments)
    affine = np.asarray(volume.affine)
    numbers = list(seg.segment_numbers)
    result = {"type": seg.segmentation_type.value, "rows": int(array.shape[1]), "columns": int(array.shape[2]),
              "segments": {}}
    for s, number in enumerate(numbers):
        slices = []
        for k in range(array.shape[0]):
            plane = array[k, :, :, s]
            nonzero = plane != 0
            count = int(nonzero.sum())
            if count == 0:
                continue
            position = affine[:3, :3] @ np.array([k, 0, 0]) + affine[:3, 3]
            slices.append({
                "position": [round(float(x), 4) for x in position],
                "count": count,
                "sum": round(float(plane.astype(np.float64).sum()), 6),
                "sha256": hashlib.sha256(nonzero.astype(np.uint8).tobytes()).hexdigest(),
            })
        result["segments"][str(number)] = slices
    return result


def main():
    out = {"tool": "highdicom %s" % hd.__version__, "files": {}}
    for key in FILES:
        path = resolve(key)
        if not os.path.exists(path):
            print("missing, skipped:", path)
            continue
        out["files"][key] = describe(path)
    with open(OUT, "w") as f:
        json.dump(out, f, indent=1, sort_keys=True)
        f.write("\n")
    print("wrote", OUT)


if __name__ == "__main__":
    main()
