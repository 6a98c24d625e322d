#!/usr/bin/env python3
"""highdicom's (and dcmqi's) reading of DICOM SEG files, as a reference for our SEG reader and writer.

For every SEG listed below, highdicom 0.28.2 (`segread` + `Segmentation.get_volume(combine_segments=False,
rescale_fractional=True)`) decodes the segments on a volume; for each segment and each slice with a non-zero
pixel we record the slice position (ImagePositionPatient of its first pixel, LPS mm, from the volume affine),
the number of non-zero pixels, the sum of the values (fractions 0..1 for FRACTIONAL) and the SHA-256 of the
slice's non-zero map as rows x columns uint8 bytes (row by row, 1 = non-zero).

Output: testdata/reference/seg-highdicom.json. Inputs: the highdicom test SEGs in ../shared/testdata (if present),
our fixtures in testdata/seg/, and testdata/seg/written/radstation_roundtrip.dcm (written by our
DICOMSegmentationWriter, see SegmentationRoundTripTests).

When dcmqi's `segimage2itkimage` is installed (pip package dcmqi 1.5.7, into the same venv), our written SEG is
also converted by it and recorded under "dcmqi" the same way (slice positions from the NRRD header, which
lies on dcmqi's own grid: the extent of the SEG's frames), with dcmqi's recommendedDisplayRGBValue per
segment (its own CIELab -> sRGB conversion). Run:
    /tmp/segvenv/bin/python tools/references/seg_highdicom_reference.py
"""

import hashlib
import json
import os
import shutil
import subprocess
import tempfile

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


def describe_dcmqi(tool, path):
    import nrrd  # pynrrd, only needed here

    folder = tempfile.mkdtemp()
    try:
        subprocess.run([tool, "--inputDICOM", path, "--outputDirectory", folder, "--outputType", "nrrd"],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        with open(os.path.join(folder, "meta.json")) as f:
            meta = json.load(f)
        result = {"segments": {}, "rgb": {}}
        for group, attributes in enumerate(meta["segmentAttributes"], start=1):
            data, header = nrrd.read(os.path.join(folder, "%d.nrrd" % group))  # data[i, j, k]
            origin = np.asarray(header["space origin"], dtype=float)
            directions = np.asarray(header["space directions"], dtype=float)  # rows: i, j, k steps (mm)
            for a in attributes:
                label = a["labelID"]
                if "recommendedDisplayRGBValue" in a:
                    result["rgb"][str(label)] = a["recommendedDisplayRGBValue"]
                slices = []
                for k in range(data.shape[2]):
                    nonzero = (data[:, :, k] == label).T  # rows x columns
                    count = int(nonzero.sum())
                    if count == 0:
                        continue
                    position = origin + k * directions[2]
                    slices.append({"position": [round(float(x), 4) for x in position], "count": count,
                                   "sum": float(count),
                                   "sha256": hashlib.sha256(nonzero.astype(np.uint8).tobytes()).hexdigest()})
                result["segments"][str(label)] = slices
        return result
    finally:
        shutil.rmtree(folder)


def main():
    out = {"tool": "highdicom %s" % hd.__version__, "files": {}}
    for key in FILES:
        path = resolve(key)
        if not os.path.exists(path):
            print("missing, skipped:", path)
            continue
        out["files"][key] = describe(path)
    dcmqi = shutil.which("segimage2itkimage") or os.path.join(os.path.dirname(__import__("sys").executable), "segimage2itkimage")
    if os.path.exists(dcmqi):
        out["dcmqi"] = {"repo:testdata/seg/written/radstation_roundtrip.dcm":
                        describe_dcmqi(dcmqi, resolve("repo:testdata/seg/written/radstation_roundtrip.dcm"))}
    with open(OUT, "w") as f:
        json.dump(out, f, indent=1, sort_keys=True)
        f.write("\n")
    print("wrote", OUT, "(with dcmqi)" if "dcmqi" in out else "(no dcmqi)")


if __name__ == "__main__":
    main()
