#!/usr/bin/env python3
"""highdicom's and dcmqi's reading of the derived-mask DICOM SEG our pipeline writes (issue 5), as a reference.

Input: testdata/segcli/derived-seg.dcm, written by DerivedSegmentationTests (refresh it with
RADSTATION_WRITE_SEGCLI_REFERENCE=1 swift test --filter DerivedSegmentationTests) from the RTSTRUCT fixture's
Lesion ROI on testdata/rtstruct/ct_axial: Lipiodol, shell band, peritumoral ring and tumour core.

For every segment, per slice with a non-zero pixel: slice position (LPS mm of the first pixel), pixel count and
SHA-256 of the slice's non-zero map (rows x columns uint8, row by row), as read by highdicom 0.28.2 (and by
dcmqi's segimage2itkimage when installed in the same venv), plus the segment descriptions highdicom sees
(label, category and type codes, algorithm type and name). The reading functions are those of
seg_highdicom_reference.py.

Output: testdata/reference/derived-seg-highdicom.json. Run (venv outside the repository, see requirements-seg.txt):
    /tmp/segvenv/bin/python tools/references/derived_seg_reference.py
"""

import json
import os
import shutil
import sys

import highdicom as hd

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import seg_highdicom_reference as base  # noqa: E402

SEG = os.path.join(base.REPO, "testdata", "segcli", "derived-seg.dcm")
OUT = os.path.join(base.REPO, "testdata", "reference", "derived-seg-highdicom.json")


def descriptions(path):
    seg = hd.seg.segread(path)
    result = {}
    for number in seg.segment_numbers:
        d = seg.get_segment_description(number)
        result[str(number)] = {
            "label": d.segment_label,
            "category": [d.segmented_property_category.scheme_designator, d.segmented_property_category.value,
                         d.segmented_property_category.meaning],
            "type": [d.segmented_property_type.scheme_designator, d.segmented_property_type.value,
                     d.segmented_property_type.meaning],
            "algorithm_type": d.algorithm_type.value,
            "algorithm_name": getattr(d, "SegmentAlgorithmName", None),
        }
    return result


def main():
    out = {"tool": "highdicom %s" % hd.__version__, "highdicom": base.describe(SEG), "descriptions": descriptions(SEG)}
    dcmqi = shutil.which("segimage2itkimage") or os.path.join(os.path.dirname(sys.executable), "segimage2itkimage")
    if os.path.exists(dcmqi):
        out["dcmqi"] = base.describe_dcmqi(dcmqi, SEG)
    with open(OUT, "w") as f:
        json.dump(out, f, indent=1, sort_keys=True)
        f.write("\n")
    print("wrote", OUT, "(with dcmqi)" if "dcmqi" in out else "(no dcmqi)")


if __name__ == "__main__":
    main()
