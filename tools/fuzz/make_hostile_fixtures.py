#!/usr/bin/env python3
"""Write testdata/hostile/: small, deterministic, single-defect hostile inputs.

Each case is derived from an existing synthetic fixture (testdata/seg/ct,
testdata/seg/shuffled_sparse.dcm, testdata/rtstruct) by exactly one edit, made
through tools/fuzz/dicomedit.py (lengths of enclosing sequences stay correct
unless the defect is a length lie). Image cases hold three consecutive slices of
seg/ct (InstanceNumber 1-3; 19 x 12 px, the smallest CT fixture, so the folder
stays small) so that series assembly is reached; the
defect is in every slice when it is series-wide by nature (spacing,
orientation, rescale) and in the middle slice otherwise.

testdata/hostile/cases.json maps each case to its description, the file(s)
holding the defect and the attribute keyword a good error message names.

Usage (from the repository root):  python3 tools/fuzz/make_hostile_fixtures.py
The output folder is deleted and rewritten; the output is byte-deterministic.
Synthetic data, CC0-1.0 like the fixtures it is derived from.
"""

import json
import os
import shutil
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)

import dicomedit as dx  # noqa: E402

TESTDATA = os.path.join(REPO, "testdata")
OUT = os.path.join(TESTDATA, "hostile")

T = dx.TAGS


BASE_SERIES = os.path.join("seg", "ct")  # 19 x 12 px, 6 slices, ~1.4 KB per file


def base_slices(n=3):
    """The first n slices of the base series by InstanceNumber: [(name, bytes)]."""
    base = os.path.join(TESTDATA, BASE_SERIES)
    found = []
    for root, dirs, files in os.walk(base):
        for f in files:
            p = os.path.join(root, f)
            t = dx.read(p)
            found.append((int(t.find(T["InstanceNumber"]).text()), p))
    found.sort()
    return [("slice%d.dcm" % i, open(p, "rb").read()) for i, p in found[:n]]


def edit(data, fn):
    t = dx.parse(data)
    fn(t)
    return dx.serialize(t)[0]


def setter(**values):
    """Edit function setting top-level attributes: keyword=(vr, value)."""
    def fn(t):
        for kw, (vr, v) in values.items():
            dx.set_value(t.dataset, T[kw], vr, v)
    return fn


def image_case(mutate, where="middle"):
    """Three slices; mutate(bytes) -> bytes applied to the middle one or all."""
    slices = base_slices(3)
    out = []
    for i, (name, data) in enumerate(slices):
        if where == "all" or (where == "middle" and i == 1):
            data = mutate(data)
        out.append((name, data))
    defect = [n for i, (n, _) in enumerate(slices) if where == "all" or i == 1]
    return out, defect


def length_lie(data, tag, new_length):
    """Set the length field of a top-level element to new_length."""
    raw, fields = dx.serialize(dx.parse(data))
    f = next(f for f in fields if f.tag == tag and len(f.path) == 1)
    buf = bytearray(raw)
    struct.pack_into("<I" if f.length_size == 4 else "<H", buf, f.length_pos, new_length)
    return bytes(buf)


def truncate_mid_pixels(data):
    raw, fields = dx.serialize(dx.parse(data))
    f = next(f for f in fields if f.tag == T["PixelData"])
    return raw[:f.value_pos + f.value_len // 2]


def folder_files(rel):
    base = os.path.join(TESTDATA, rel)
    return [(os.path.join(os.path.basename(rel), f), open(os.path.join(base, f), "rb").read())
            for f in sorted(os.listdir(base))]


def seg_case():
    ct = folder_files("seg/ct")
    seg = open(os.path.join(TESTDATA, "seg", "shuffled_sparse.dcm"), "rb").read()

    def fn(t):
        n = int(t.find(T["NumberOfFrames"]).text())
        dx.set_value(t.dataset, T["NumberOfFrames"], "IS", str(2 * n))
    return ct + [("seg.dcm", edit(seg, fn))], ["seg.dcm"]


def first_contour(t):
    roi = t.find(T["ROIContourSequence"]).value
    for item in roi:
        cs = item.find(T["ContourSequence"])
        if cs is not None and cs.value:
            return cs.value[0]
    raise ValueError("no contour")


def rt_case(kind):
    ct = folder_files("rtstruct/ct_axial")
    rt = open(os.path.join(TESTDATA, "rtstruct", "rtstruct_axial.dcm"), "rb").read()

    def fn(t):
        c = first_contour(t)
        data = c.find(T["ContourData"])
        if kind == "points":
            n = len(dx.decode_numbers(data)) // 3
            c.find(T["NumberOfContourPoints"]).value = dx.encode("IS", str(n + 3))
        else:
            vals = data.text().split("\\")
            vals[4] = "nan"
            data.value = dx.encode("DS", vals)
    return ct + [("rtstruct.dcm", edit(rt, fn))], ["rtstruct.dcm"]


def jpeg_rows_case():
    """Three slices of codecs/jpeg_lossless_sv1 (40 x 32), the middle one's Rows set to 64: the header lies
    about the size of its (intact) JPEG codestream."""
    files = folder_files("dicom/codecs/jpeg_lossless_sv1")[:3]
    out = []
    for i, (rel, data) in enumerate(files):
        name = "slice%d.dcm" % (i + 1)
        out.append((name, edit(data, setter(Rows=("US", 64))) if i == 1 else data))
    return out, ["slice2.dcm"]


def cases():
    """(name, description, attribute, (files, defect files))."""
    return [
        ("rows_columns_65535",
         "Rows = Columns = 65535 with the original 456-byte Pixel Data (middle slice)",
         "Rows", image_case(lambda d: edit(d, setter(Rows=("US", 65535),
                                                     Columns=("US", 65535))))),
        ("nifti_axis_32768",
         "Rows = 1, Columns = 32768 with Pixel Data that agrees (middle slice): a consistent file whose "
         "grid NIfTI-1 cannot hold (int16 dim; found by fuzzing as an Int16 trap)",
         "NIfTI", image_case(lambda d: edit(d, setter(Rows=("US", 1), Columns=("US", 32768),
                                                      PixelData=("OW", bytes(65536)))))),
        ("jpeg_rows_lie",
         "Rows = 64 on a JPEG lossless slice whose codestream is 40 x 32 (middle slice): DCMTK's decoder "
         "fills what the header declares, so without a check the volume is garbage",
         "Rows", jpeg_rows_case()),
        ("number_of_frames_100000",
         "NumberOfFrames = 100000 on a one-frame CT image (middle slice)",
         "NumberOfFrames", image_case(lambda d: edit(d, setter(NumberOfFrames=("IS", "100000"))))),
        ("bits_allocated_64", "BitsAllocated = 64 (BitsStored 16, HighBit 15; Pixel Data still 456 bytes) "
         "(middle slice)",
         "BitsAllocated", image_case(lambda d: edit(d, setter(BitsAllocated=("US", 64))))),
        ("bits_allocated_0", "BitsAllocated = 0 (middle slice)",
         "BitsAllocated", image_case(lambda d: edit(d, setter(BitsAllocated=("US", 0))))),
        ("bits_stored_gt_allocated", "BitsStored = 17 > BitsAllocated = 16 (middle slice)",
         "BitsStored", image_case(lambda d: edit(d, setter(BitsStored=("US", 17))))),
        ("samples_per_pixel_0", "SamplesPerPixel = 0 (middle slice)",
         "SamplesPerPixel", image_case(lambda d: edit(d, setter(SamplesPerPixel=("US", 0))))),
        ("pixel_spacing_zero", "PixelSpacing = 0\\0 on every slice",
         "PixelSpacing", image_case(lambda d: edit(d, setter(PixelSpacing=("DS", "0\\0"))),
                                    where="all")),
        ("ipp_nan", "ImagePositionPatient = nan\\nan\\nan on the middle slice",
         "ImagePositionPatient",
         image_case(lambda d: edit(d, setter(ImagePositionPatient=("DS", "nan\\nan\\nan"))))),
        ("iop_all_zero", "ImageOrientationPatient = 0\\0\\0\\0\\0\\0 on every slice",
         "ImageOrientationPatient",
         image_case(lambda d: edit(d, setter(ImageOrientationPatient=("DS", "0\\0\\0\\0\\0\\0"))),
                    where="all")),
        ("iop_non_orthogonal",
         "ImageOrientationPatient = 1\\0\\0\\0.6\\0.8\\0 (unit vectors, 53 degrees apart) "
         "on every slice", "ImageOrientationPatient",
         image_case(lambda d: edit(d, setter(ImageOrientationPatient=("DS",
                                                                      "1\\0\\0\\0.6\\0.8\\0"))),
                    where="all")),
        ("rescale_slope_nan", "RescaleSlope = nan on every slice",
         "RescaleSlope", image_case(lambda d: edit(d, setter(RescaleSlope=("DS", "nan"))),
                                    where="all")),
        ("rescale_slope_1e308", "RescaleSlope = 1e308 on every slice (HU overflow to inf)",
         "RescaleSlope", image_case(lambda d: edit(d, setter(RescaleSlope=("DS", "1e308"))),
                                    where="all")),
        ("pixel_data_truncated",
         "file cut in the middle of Pixel Data (declared 456 bytes, 228 present) "
         "(middle slice)", "PixelData", image_case(truncate_mid_pixels)),
        ("pixel_length_past_eof",
         "Pixel Data length field = 0x7FFFFFF0, far larger than the file (middle slice)",
         "PixelData", image_case(lambda d: length_lie(d, T["PixelData"], 0x7FFFFFF0))),
        ("element_length_past_eof",
         "(0008,0070) Manufacturer length field = 0xFFFF, larger than the 1.4 KB file "
         "(middle slice)", "Manufacturer",
         image_case(lambda d: length_lie(d, 0x00080070, 0xFFFF))),
        ("instance_number_huge", "InstanceNumber = 99999999999999999999 (middle slice)",
         "InstanceNumber",
         image_case(lambda d: edit(d, setter(InstanceNumber=("IS", "99999999999999999999"))))),
        ("seg_number_of_frames_lie",
         "BINARY SEG (seg/shuffled_sparse.dcm on seg/ct) with NumberOfFrames doubled (6 -> 12): "
         "disagrees with the 6 per-frame functional group items and the packed Pixel Data",
         "NumberOfFrames", seg_case()),
        ("rtstruct_contour_points_lie",
         "RTSTRUCT (rtstruct_axial on ct_axial): first contour's NumberOfContourPoints = "
         "actual + 3", "NumberOfContourPoints", rt_case("points")),
        ("rtstruct_contour_data_nan",
         "RTSTRUCT (rtstruct_axial on ct_axial): first contour's ContourData holds a nan "
         "(2nd point, y)", "ContourData", rt_case("nan")),
    ]


README = """# testdata/hostile

Single-defect hostile inputs, written by `python3 tools/fuzz/make_hostile_fixtures.py`
(deleted and rewritten; byte-deterministic; synthetic, CC0-1.0). Each `<case>/` folder
holds three slices of `testdata/seg/ct` with one edit (or `seg/ct` + a SEG, or
`rtstruct/ct_axial` + an RT Structure Set). `cases.json` gives per case the description,
the file(s) holding the defect and the attribute keyword the error message should name.
Expectation: `convert`/`process` do not crash, hang or allocate by header values; the
defect file is an error naming the attribute; the other files still convert.
See `tools/fuzz/README.md`.
"""


def main():
    shutil.rmtree(OUT, ignore_errors=True)
    os.makedirs(OUT)
    index = {}
    total = 0
    for name, desc, attribute, (files, defect) in cases():
        d = os.path.join(OUT, name)
        for rel, data in files:
            p = os.path.join(d, rel)
            os.makedirs(os.path.dirname(p), exist_ok=True)
            with open(p, "wb") as fh:
                fh.write(data)
            total += len(data)
        index[name] = {"description": desc, "attribute": attribute,
                       "defect_files": defect, "files": len(files)}
    doc = {
        "generator": "tools/fuzz/make_hostile_fixtures.py",
        "license": "CC0-1.0 (synthetic, derived from testdata/seg and testdata/rtstruct)",
        "expectation": "convert/process must not crash, hang or allocate by header values; "
                       "the defect file is reported as an error whose message names "
                       "`attribute`; other files still convert",
        "cases": index,
    }
    with open(os.path.join(OUT, "README.md"), "w") as fh:
        fh.write(README)
    with open(os.path.join(OUT, "cases.json"), "w") as fh:
        json.dump(doc, fh, indent=2, sort_keys=True)
        fh.write("\n")
    print("wrote %d cases, %d bytes of DICOM, to %s" % (len(index), total,
                                                         os.path.relpath(OUT, REPO)))


if __name__ == "__main__":
    main()
