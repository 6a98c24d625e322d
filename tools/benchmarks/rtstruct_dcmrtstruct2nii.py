#!/usr/bin/env python3
"""The dcmrtstruct2nii 5 side of RTStructBenchmark. Usage:
    rtstruct_dcmrtstruct2nii.py <ct-folder> <rtstruct> <runs> <work-folder>
Times (median of runs): parsing the RTSTRUCT (pydicom), reading the CT (SimpleITK ImageSeriesReader), and
rasterising every ROI (DcmPatientCoords2Mask.convert: skimage polygon2mask per contour, XOR per slice).
Compares each mask with <work-folder>/<ROI name>.u8 (our mask, ITK order) and prints one JSON object."""
import json, logging, os, statistics, sys, time

import numpy as np
import pydicom
import SimpleITK as sitk

pydicom.read_file = pydicom.dcmread  # dcmrtstruct2nii 5 still calls the name pydicom 3 removed
from dcmrtstruct2nii.adapters.convert.rtstructcontour2mask import DcmPatientCoords2Mask  # noqa: E402
from dcmrtstruct2nii.adapters.input.contours.rtstructinputadapter import RtStructInputAdapter  # noqa: E402
from dcmrtstruct2nii.adapters.input.image.dcminputadapter import DcmInputAdapter  # noqa: E402

logging.disable(logging.CRITICAL)
ct, rtstruct, runs, work = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
t_parse, t_read, t_mask = [], [], []
for _ in range(runs):
    t0 = time.perf_counter()
    rois = RtStructInputAdapter().ingest(rtstruct)
    t1 = time.perf_counter()
    image = DcmInputAdapter().ingest(ct)
    t2 = time.perf_counter()
    masks = {roi["name"]: DcmPatientCoords2Mask().convert(roi["sequence"], image, 0, 1) for roi in rois}
    t3 = time.perf_counter()
    t_parse.append(t1 - t0)
    t_read.append(t2 - t1)
    t_mask.append(t3 - t2)
result = {"parse_s": statistics.median(t_parse), "read_ct_s": statistics.median(t_read),
          "rasterise_s": statistics.median(t_mask), "rois": {}}
for name, mask in masks.items():
    theirs = sitk.GetArrayFromImage(mask).ravel(order="C") > 0
    path = os.path.join(work, name + ".u8")
    entry = {"voxels": int(theirs.sum())}
    if os.path.exists(path):
        ours = np.fromfile(path, dtype=np.uint8) > 0
        entry["differing_from_ours"] = int((ours != theirs).sum()) if ours.size == theirs.size else -1
    result["rois"][name] = entry
print(json.dumps(result))
