#!/usr/bin/env python3
"""Seeded, reproducible mutation fuzzer for the radstation CLI (stdlib only).

Every run copies one fixture series / study from testdata/ into a run folder,
mutates K of its DICOM files (element values from a table of hostile values,
structural lies, truncation, byte flips), runs `radstation convert` and
`radstation process` on it and classifies the outcome. Run I of seed S is
reproducible on its own: `fuzz.py --seed S --only-run I`.

See tools/fuzz/README.md.
"""

import argparse
import collections
import json
import math
import os
import random
import re
import shlex
import shutil
import signal
import struct
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)

import dicomedit as dx  # noqa: E402

# ------------------------------------------------------------------ corpus

# (name, weight, [(source path relative to testdata/, destination folder in the run)])
# A source that is a folder is copied recursively (relative paths kept).
TEMPLATES = [
    ("dicom/uniform", 3, [("dicom/uniform", "")]),
    ("dicom/missing_slice", 1, [("dicom/missing_slice", "")]),
    ("dicom/variable_spacing", 1, [("dicom/variable_spacing", "")]),
    ("dicom/tilt_plus15", 1, [("dicom/tilt_plus15", "")]),
    ("dicom/tilt_tag0", 1, [("dicom/tilt_tag0", "")]),
    ("dicom/reversed_instance", 1, [("dicom/reversed_instance", "")]),
    ("dicom/two_phases", 1, [("dicom/two_phases", "")]),
    ("dicom/localizer", 1, [("dicom/localizer", "")]),
    ("dicom/per_slice_rescale", 1, [("dicom/per_slice_rescale", "")]),
    ("dicom/unsigned12", 2, [("dicom/unsigned12", "")]),
    ("dicom/mr_series", 1, [("dicom/mr_series", "")]),
    ("dicom/siemens_mosaic/ascending", 1, [("dicom/siemens_mosaic/ascending", "")]),
    ("dicom/siemens_mosaic/dwi", 1, [("dicom/siemens_mosaic/dwi", "")]),
    ("dicom/uih_mosaic/dwi", 1, [("dicom/uih_mosaic/dwi", "")]),
    ("dicom/diffusion/philips_isotropic", 1, [("dicom/diffusion/philips_isotropic", "")]),
    ("dicom/diffusion/missing_b", 1, [("dicom/diffusion/missing_b", "")]),
    ("dicom/enhanced_descending", 3, [("dicom/enhanced_descending", "")]),
    ("dicom/bad_files", 1, [("dicom/bad_files", "")]),
    ("dicom/codecs/implicit_le", 1, [("dicom/codecs/implicit_le", "")]),
    ("dicom/codecs/big_endian", 1, [("dicom/codecs/big_endian", "")]),
    ("dicom/codecs/deflate", 1, [("dicom/codecs/deflate", "")]),
    ("dicom/codecs/jpeg_lossless_sv1", 1, [("dicom/codecs/jpeg_lossless_sv1", "")]),
    ("dicom/codecs/jpeg_lossless_p14", 1, [("dicom/codecs/jpeg_lossless_p14", "")]),
    ("dicom/codecs/jpegls_lossless", 1, [("dicom/codecs/jpegls_lossless", "")]),
    ("dicom/codecs/jpegls_near_lossless", 1, [("dicom/codecs/jpegls_near_lossless", "")]),
    ("dicom/codecs/rle", 1, [("dicom/codecs/rle", "")]),
    ("dicom/codecs/jpeg_baseline", 1, [("dicom/codecs/jpeg_baseline", "")]),
    ("dicom/codecs/jpeg_extended", 1, [("dicom/codecs/jpeg_extended", "")]),
    ("seg/ct+shuffled_sparse", 3, [("seg/ct", "ct"), ("seg/shuffled_sparse.dcm", "seg")]),
    ("seg/ct+fractional", 2, [("seg/ct", "ct"), ("seg/fractional.dcm", "seg")]),
    ("seg/ct+roundtrip", 2, [("seg/ct", "ct"), ("seg/written/radstation_roundtrip.dcm", "seg")]),
    ("seg/ct+all", 1, [("seg/ct", "ct"), ("seg/shuffled_sparse.dcm", "seg"),
                       ("seg/fractional.dcm", "seg"), ("seg/rotated.dcm", "seg"),
                       ("seg/off_grid.dcm", "seg"), ("seg/labelmap.dcm", "seg")]),
    ("rtstruct/axial", 3, [("rtstruct/ct_axial", "ct"), ("rtstruct/rtstruct_axial.dcm", "rt")]),
    ("rtstruct/oblique", 2, [("rtstruct/ct_oblique", "ct"),
                             ("rtstruct/rtstruct_oblique.dcm", "rt")]),
    ("rtstruct/axial+derived-seg", 1, [("rtstruct/ct_axial", "ct"),
                                       ("rtstruct/rtstruct_axial.dcm", "rt"),
                                       ("segcli/derived-seg.dcm", "seg")]),
    ("demo-study/arterial+seg", 2, [("demo-study/%ARTERIAL%", "ct"), ("demo-study/seg", "seg")]),
    ("demo-study", 1, [("demo-study", "")]),
    ("multiphase/tagged", 1, [("multiphase/tagged", "")]),
    ("multiphase/untagged", 1, [("multiphase/untagged", "")]),
    ("ingest/study-1", 1, [("ingest/study-1", "")]),
]

SKIP_SUFFIXES = (".json", ".nrrd", ".md")

SOP_SEG = "1.2.840.10008.5.1.4.1.1.66.4"
SOP_RTSTRUCT = "1.2.840.10008.5.1.4.1.1.481.3"


def _demo_arterial_series(testdata):
    """The demo-study series folder the demo SEG references."""
    seg_dir = os.path.join(testdata, "demo-study", "seg")
    try:
        seg = dx.read(os.path.join(seg_dir, sorted(os.listdir(seg_dir))[0]))
        uid = seg.find(0x00081115).value[0].find(0x0020000E).text()
    except (OSError, IndexError, AttributeError, dx.ParseError):
        return None
    base = os.path.join(testdata, "demo-study")
    for d in sorted(os.listdir(base)):
        p = os.path.join(base, d)
        if d == "seg" or not os.path.isdir(p):
            continue
        for f in sorted(os.listdir(p)):
            try:
                t = dx.read(os.path.join(p, f))
            except (OSError, dx.ParseError):
                continue
            e = t.find(0x0020000E)
            if e is not None and e.text() == uid:
                return "demo-study/" + d
            break
    return None


def resolve_templates(testdata):
    arterial = _demo_arterial_series(testdata)
    out = []
    for name, weight, sources in TEMPLATES:
        resolved = []
        ok = True
        for src, dest in sources:
            if "%ARTERIAL%" in src:
                if arterial is None:
                    ok = False
                    break
                src = arterial
            if not os.path.exists(os.path.join(testdata, src)):
                ok = False
                break
            resolved.append((src, dest))
        if ok:
            out.append((name, weight, resolved))
    return out


def template_files(testdata, sources):
    """[(absolute source file, relative destination path)], sorted."""
    files = []
    for src, dest in sources:
        p = os.path.join(testdata, src)
        if os.path.isdir(p):
            for root, dirs, names in os.walk(p):
                dirs.sort()
                for n in sorted(names):
                    if n.endswith(SKIP_SUFFIXES):
                        continue
                    a = os.path.join(root, n)
                    files.append((a, os.path.join(dest, os.path.relpath(a, p))))
        else:
            files.append((p, os.path.join(dest, os.path.basename(p))))
    return sorted(files, key=lambda x: x[1])


# ------------------------------------------------------------ hostile table

CT_LIKE_TS = ["1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.70", "1.2.840.10008.1.2.4.80",
              "1.2.840.10008.1.2.4.90", "1.2.840.10008.1.2.5"]
NUM_BAD = ["0", "-1", "nan", "inf", "-inf", "1e308", "-1e308", "abc", ""]
INT_BAD = ["99999999999999999999", "-2147483649", "2147483648", "abc", "", "0", "-1", "1.5"]
UID_BAD = ["", "$LONGUID", "$LONGUID200", "$DUP", "$BADCHARS", "$TRAILINGDOT"]
SQ_OPS = ["$SQ_EMPTY", "$SQ_REMOVE_SOME", "$SQ_REMOVE_ONE", "$SQ_DUP_ITEM", "$SQ_RESTYLE",
          "$DELETE"]

# keyword: (VR used when inserting, hostile values, insertable when absent at top level)
HOSTILE = {
    "Rows": ("US", [0, 1, 65535, 32768, 2, 40000, "$EMPTY_BIN", "$ODD_BIN", "$DELETE"], False),
    "Columns": ("US", [0, 1, 65535, 32768, 2, 40000, "$EMPTY_BIN", "$DELETE"], False),
    "BitsAllocated": ("US", [0, 1, 7, 8, 12, 32, 33, 64, 255, "$DELETE"], False),
    "BitsStored": ("US", [0, 17, 64, "$BS_GT_BA", 1, "$DELETE"], False),
    "HighBit": ("US", ["$HB_EQ_BS", "$HB_EQ_BA", "$HB_LT_BS", 255, 0], False),
    "PixelRepresentation": ("US", [2, 65535, "$DELETE"], False),
    "SamplesPerPixel": ("US", [0, 3, 4, 65535, "$DELETE"], False),
    "NumberOfFrames": ("IS", ["0", "-1", "100000", "2147483648", "1e30", "abc", "",
                              "2", "50", "$FRAMES_PLUS", "$FRAMES_MINUS", "$FRAMES_DOUBLE"],
                       True),
    "PixelSpacing": ("DS", ["0\\0", "-1\\1", "nan\\nan", "inf\\1", "1e308\\1e308", "1", "",
                            "1e-308\\1e-308", "abc\\def", "$DELETE"], False),
    "SliceThickness": ("DS", NUM_BAD, False),
    "SpacingBetweenSlices": ("DS", NUM_BAD, True),
    "ImagePositionPatient": ("DS", ["nan\\nan\\nan", "0\\nan\\0", "inf\\0\\0", "0\\0\\-inf",
                                    "1e308\\1e308\\1e308", "-1e308\\0\\1e308", "1\\2", "",
                                    "abc\\def\\ghi", "$DELETE", "$Z_SCALE", "$Z_TINY",
                                    "$Z_SAME", "$XY_SHEAR"], False),
    "ImageOrientationPatient": ("DS", ["0\\0\\0\\0\\0\\0", "2\\0\\0\\0\\3\\0",
                                       "1\\0\\0\\1\\0\\0", "0.7\\0.7\\0\\0\\1\\0",
                                       "nan\\0\\0\\0\\1\\0", "1\\0\\0\\0\\1", "",
                                       "1e308\\0\\0\\0\\1e308\\0", "inf\\0\\0\\0\\1\\0",
                                       "$DELETE"], False),
    "RescaleSlope": ("DS", ["0", "nan", "inf", "1e308", "-1e308", "abc", "", "1e-308",
                            "$DELETE"], True),
    "RescaleIntercept": ("DS", ["0", "nan", "inf", "1e308", "-1e308", "abc", "",
                                "$DELETE"], True),
    "PhotometricInterpretation": ("CS", ["RGB", "YBR_FULL", "PALETTE COLOR", "GARBAGE_PI", "",
                                         "MONOCHROME1", "$DELETE"], False),
    "PlanarConfiguration": ("US", [0, 1, 2, 65535], True),
    "PixelPaddingValue": ("US", [0, 32767, 65535, -32768, -1024, "$EMPTY_BIN"], True),
    "WindowCenter": ("DS", ["nan", "1e308", "abc", "", "40\\400\\nan", "inf"], True),
    "WindowWidth": ("DS", ["0", "-1", "nan", "1e308", "abc", ""], True),
    "InstanceNumber": ("IS", INT_BAD, False),
    "AcquisitionNumber": ("IS", INT_BAD, True),
    "SeriesNumber": ("IS", INT_BAD, False),
    "GantryDetectorTilt": ("DS", ["nan", "90", "-90", "1e308", "abc", "inf"], True),
    "ImageType": ("CS", ["ORIGINAL\\PRIMARY\\LOCALIZER", "", "DERIVED\\SECONDARY\\GARBAGE"],
                  False),
    "SeriesInstanceUID": ("UI", UID_BAD, False),
    "StudyInstanceUID": ("UI", UID_BAD, False),
    "SOPInstanceUID": ("UI", UID_BAD, False),
    "FrameOfReferenceUID": ("UI", UID_BAD, False),
    "SOPClassUID": ("UI", ["", "1.2.3", "1.2.840.10008.5.1.4.1.1.2", "1.2.840.10008.5.1.4.1.1.2.1",
                           SOP_SEG, SOP_RTSTRUCT, "1.2.840.10008.5.1.4.1.1.4",
                           "1.2.840.10008.5.1.4.1.1.66.7"], False),
    "Modality": ("CS", ["", "SEG", "RTSTRUCT", "CT", "MR", "GARBAGE"], False),
    "TransferSyntaxUID": ("UI", ["1.2.3.4.5.6.7.8.9.10", "1.2.840.10008.1.2.4.50",
                                 "1.2.840.10008.1.2.4.70", "1.2.840.10008.1.2.4.80",
                                 "1.2.840.10008.1.2.4.90", "1.2.840.10008.1.2.5",
                                 "1.2.840.10008.1.2", "1.2.840.10008.1.2.2",
                                 "1.2.840.10008.1.2.1.99", "1.2.840.10008.1.2.1", "",
                                 "$LONGUID"], False),
    "MediaStorageSOPClassUID": ("UI", ["", "1.2.3", SOP_SEG, SOP_RTSTRUCT], False),
    # SEG
    "SegmentNumber": ("US", [0, 65535, 99, "$DUP_SIBLING", "$EMPTY_BIN"], False),
    "ReferencedSegmentNumber": ("US", [0, 99, 65535, "$EMPTY_BIN"], False),
    "SegmentationType": ("CS", ["FRACTIONAL", "BINARY", "LABELMAP", "GARBAGE", "", "$DELETE"],
                         False),
    "MaximumFractionalValue": ("US", [0, 1, 65535, "$DELETE"], False),
    "SegmentationFractionalType": ("CS", ["", "GARBAGE", "OCCUPANCY", "PROBABILITY"], False),
    "DimensionIndexValues": ("UL", [[], [0], [0, 0], [0xFFFFFFFF, 1], [1, 2, 3, 4, 5],
                                    [65536, 1], "$ODD_BIN"], False),
    "PerFrameFunctionalGroupsSequence": ("SQ", SQ_OPS, False),
    "SharedFunctionalGroupsSequence": ("SQ", SQ_OPS, False),
    "SegmentSequence": ("SQ", SQ_OPS, False),
    "SegmentIdentificationSequence": ("SQ", SQ_OPS, False),
    "PlanePositionSequence": ("SQ", SQ_OPS, False),
    "PlaneOrientationSequence": ("SQ", SQ_OPS, False),
    "PixelMeasuresSequence": ("SQ", SQ_OPS, False),
    "FrameContentSequence": ("SQ", SQ_OPS, False),
    "PixelValueTransformationSequence": ("SQ", SQ_OPS, False),
    "ReferencedSeriesSequence": ("SQ", SQ_OPS, False),
    "ReferencedInstanceSequence": ("SQ", SQ_OPS, False),
    "DimensionIndexSequence": ("SQ", SQ_OPS, False),
    # RTSTRUCT
    "NumberOfContourPoints": ("IS", ["0", "1", "2", "1000000000", "$MISMATCH", "-1", "abc", "",
                                     "99999999999999999999"], False),
    "ContourData": ("DS", ["$ODD", "$NAN", "$INF", "$BIG", "", "$HUGE", "$ABC", "$TWO_POINTS"],
                    False),
    "ContourGeometricType": ("CS", ["", "POINT", "OPEN_PLANAR", "OPEN_NONPLANAR", "GARBAGE",
                                    "CLOSED_PLANAR", "$DELETE"], False),
    "ReferencedROINumber": ("IS", ["0", "-1", "99999999999999999999", "abc", "", "12345",
                                   "$DUP_SIBLING"], False),
    "ROINumber": ("IS", ["0", "-1", "99999999999999999999", "abc", "", "12345",
                         "$DUP_SIBLING"], False),
    "ROIContourSequence": ("SQ", SQ_OPS, False),
    "ContourSequence": ("SQ", SQ_OPS, False),
    "StructureSetROISequence": ("SQ", SQ_OPS, False),
    "ReferencedFrameOfReferenceSequence": ("SQ", SQ_OPS, False),
    "ContourImageSequence": ("SQ", SQ_OPS, False),
    "ReferencedSOPInstanceUID": ("UI", ["", "$LONGUID", "$BADCHARS", "1.2.3.4"], False),
    "ReferencedFrameOfReferenceUID": ("UI", ["", "$LONGUID", "1.2.3.4"], False),
}
HOSTILE_TAGS = {dx.TAGS[k]: k for k in HOSTILE}

# Attributes that are also mutated series-wide (every file of one series gets
# the same hostile entry, so that assembly sees a consistent hostile series).
SERIES_WIDE = ["PixelSpacing", "SliceThickness", "SpacingBetweenSlices", "ImageOrientationPatient",
               "ImagePositionPatient", "RescaleSlope", "RescaleIntercept", "Rows", "Columns",
               "BitsAllocated", "BitsStored", "HighBit", "PixelRepresentation", "SamplesPerPixel",
               "PhotometricInterpretation", "NumberOfFrames", "GantryDetectorTilt",
               "WindowCenter", "PixelPaddingValue", "AcquisitionNumber", "InstanceNumber",
               "FrameOfReferenceUID", "ImageType", "TransferSyntaxUID"]

# Attributes that size Pixel Data; after such an edit Pixel Data may be resized to agree.
SIZE_ATTRS = {"Rows", "Columns", "BitsAllocated", "NumberOfFrames", "SamplesPerPixel"}
FIT_CAP = 64 << 20

PIXEL_NATIVE_OPS = ["short", "odd", "zero", "long", "one_byte"]
PIXEL_ENCAP_OPS = ["drop_fragment", "empty_fragment", "truncate_fragment", "only_offset_table",
                   "bogus_offset_table", "garbage_fragment", "as_native", "no_items"]


def _short(v, n=80):
    s = v if isinstance(v, str) else json.dumps(v)
    return s if len(s) <= n else s[:n] + "…(%d chars)" % len(s)


# --------------------------------------------------------------- planning

class FileInfo:
    def __init__(self, rel, data):
        self.rel, self.data = rel, data
        try:
            self.tree = dx.parse(data)
            self.error = None
        except (dx.ParseError, struct.error, UnicodeDecodeError) as e:
            self.tree, self.error = None, str(e)

    @property
    def is_dicom(self):
        return len(self.data) >= 132 and self.data[128:132] == b"DICM"

    @property
    def sop_class(self):
        e = self.tree.find(0x00080016) if self.tree and self.tree.dataset is not None else None
        return e.text() if e is not None else ""


def _num(tree, tag, default):
    e = tree.find(tag) if tree.dataset is not None else None
    if e is None:
        return default
    n = dx.decode_numbers(e)
    return int(n[0]) if n and all(math.isfinite(x) for x in n[:1]) else default


def _locate(tree, loc):
    """Return (container list, index) for loc = [[tag, item], ...] (last item None)."""
    elements = tree.meta if loc[0][0] >> 16 == 2 else tree.dataset
    for i, (tag, idx) in enumerate(loc):
        pos = next((j for j, e in enumerate(elements) if e.tag == tag), None)
        if pos is None:
            return None, None
        if i == len(loc) - 1:
            return elements, pos
        e = elements[pos]
        if not e.is_sequence or idx >= len(e.value):
            return None, None
        elements = e.value[idx].elements
    return None, None


def _sibling_values(tree, loc):
    """Values of the same tag in the other items of the parent sequence."""
    if len(loc) < 2:
        return []
    parent = [list(x) for x in loc[:-1]]
    cont, pos = _locate(tree, parent[:-1] + [[parent[-1][0], None]])
    if cont is None:
        return []
    seq = cont[pos]
    out = []
    for i, item in enumerate(seq.value):
        if i == parent[-1][1]:
            continue
        e = item.find(loc[-1][0])
        if e is not None and not e.is_sequence:
            out.append(e)
    return out


def _fmt_ds(x):
    return repr(float(x)) if isinstance(x, float) else str(x)


def resolve_value(rng, run, finfo, keyword, vr, token, loc, elem):
    """Turn a table entry into (display value, encoding spec) or an op dict."""
    tree = finfo.tree
    if isinstance(token, list):
        return {"op": "set", "vr": vr, "enc": ["int", token], "value": _short(token)}
    if isinstance(token, int):
        return {"op": "set", "vr": vr, "enc": ["int", [token]], "value": str(token)}
    if not token.startswith("$"):
        return {"op": "set", "vr": vr, "enc": ["str", token], "value": token}
    if token == "$DELETE":
        return {"op": "delete", "value": "<deleted>"}
    if token == "$EMPTY_BIN":
        return {"op": "set", "vr": vr, "enc": ["hex", ""], "value": "<0 bytes>"}
    if token == "$ODD_BIN":
        return {"op": "set", "vr": vr, "enc": ["hex", "ff"], "value": "<1 byte ff>"}
    if token.startswith("$SQ_"):
        n = len(elem.value) if elem is not None and elem.is_sequence else 0
        if token == "$SQ_EMPTY":
            return {"op": "sq_empty", "value": "<empty sequence, was %d items>" % n}
        if token == "$SQ_REMOVE_SOME" and n > 1:
            k = rng.randint(1, n - 1)
            idx = sorted(rng.sample(range(n), k))
            return {"op": "sq_remove", "indices": idx,
                    "value": "<removed items %s of %d>" % (_short(idx, 40), n)}
        if token in ("$SQ_REMOVE_ONE", "$SQ_REMOVE_SOME") and n >= 1:
            i = rng.randrange(n)
            return {"op": "sq_remove", "indices": [i], "value": "<removed item %d of %d>" % (i, n)}
        if token == "$SQ_DUP_ITEM" and n >= 1:
            i = rng.randrange(n)
            return {"op": "sq_dup", "index": i, "value": "<item %d duplicated, %d items>" % (i, n)}
        return {"op": "sq_restyle", "value": "<lengths restyled (defined <-> undefined)>"}
    ba = _num(tree, 0x00280100, 16)
    bs = _num(tree, 0x00280101, ba)
    s = None
    if token == "$BS_GT_BA":
        s = [ba + rng.choice([1, 8])]
    elif token == "$HB_EQ_BS":
        s = [bs]
    elif token == "$HB_EQ_BA":
        s = [ba]
    elif token == "$HB_LT_BS":
        s = [max(0, bs - 3)]
    if s is not None:
        return {"op": "set", "vr": vr, "enc": ["int", s], "value": str(s[0])}
    if token.startswith("$Z_") or token == "$XY_SHEAR":
        p = (dx.decode_numbers(elem) if elem is not None else []) + [0.0, 0.0, 0.0]
        x, y, z = p[0], p[1], p[2]
        x, y, z = {"$Z_SCALE": (x, y, z * 1e6), "$Z_TINY": (x, y, z * 1e-7),
                   "$Z_SAME": (x, y, 0.0), "$XY_SHEAR": (x + 1000.0 * z, y, z)}[token]
        v = "\\".join("%.10g" % c for c in (x, y, z))
        return {"op": "set", "vr": vr, "enc": ["str", v], "value": "%s: %s" % (token[1:], v)}
    if token.startswith("$FRAMES_"):
        nf = _num(tree, 0x00280008, 1)
        v = {"$FRAMES_PLUS": nf + 1, "$FRAMES_MINUS": nf - 1, "$FRAMES_DOUBLE": nf * 2}[token]
        return {"op": "set", "vr": vr, "enc": ["str", str(v)], "value": str(v)}
    if token in ("$LONGUID", "$LONGUID200"):
        n = 200 if token == "$LONGUID200" else 70
        u = ("1.2.826.0.1.3680043.10.1411.999." + "9" * n)[:n]
        return {"op": "set", "vr": vr, "enc": ["str", u], "value": "<%d-char UID>" % len(u)}
    if token == "$BADCHARS":
        return {"op": "set", "vr": vr, "enc": ["str", "1.2.abc.03..4 x"], "value": "1.2.abc.03..4 x"}
    if token == "$TRAILINGDOT":
        cur = elem.text() if elem is not None else "1.2.3"
        return {"op": "set", "vr": vr, "enc": ["str", cur + "."], "value": "<current UID + '.'>"}
    if token == "$DUP":
        tag = dx.TAGS[keyword]
        cur = elem.text() if elem is not None else None
        pool = sorted(v for v in run.uid_pool.get(tag, ()) if v != cur)
        if not pool:  # another UID attribute's value from the run
            pool = sorted(v for t, vs in run.uid_pool.items() for v in vs if v != cur)
        if not pool:
            return {"op": "set", "vr": vr, "enc": ["str", ""], "value": ""}
        u = rng.choice(pool)
        return {"op": "set", "vr": vr, "enc": ["str", u],
                "value": "<UID of another file in the run: %s>" % u}
    if token == "$DUP_SIBLING":
        sib = _sibling_values(tree, loc)
        if sib:
            src = rng.choice(sib)
            return {"op": "set", "vr": vr, "enc": ["hex", bytes(src.value).hex()],
                    "value": "<duplicate of a sibling item: %s>" % _short(
                        dx.decode_numbers(src) or src.text(), 20)}
        return {"op": "set", "vr": vr, "enc": ["int" if vr in dx.BINARY_FMT else "str",
                                               [0] if vr in dx.BINARY_FMT else "0"], "value": "0"}
    if token == "$MISMATCH":
        cont, pos = _locate(tree, loc)
        item = cont if cont is not None else []
        cd = next((e for e in item if e.tag == 0x30060050), None)
        actual = len(dx.decode_numbers(cd)) // 3 if cd is not None else 4
        v = rng.choice([actual + 1, max(0, actual - 1), actual * 2, actual * 1000 + 7])
        return {"op": "set", "vr": vr, "enc": ["str", str(v)],
                "value": "%d (ContourData has %d points)" % (v, actual)}
    if keyword == "ContourData":
        nums = dx.decode_numbers(elem) if elem is not None else [0.0] * 9
        if token == "$ODD":
            nums = nums[:-1] if len(nums) % 3 == 0 and nums else nums + [1.0]
            return {"op": "set", "vr": vr, "enc": ["str", "\\".join(_fmt_ds(x) for x in nums)],
                    "value": "<%d values (not a multiple of 3)>" % len(nums)}
        if token in ("$NAN", "$INF", "$BIG"):
            bad = {"$NAN": "nan", "$INF": "inf", "$BIG": "1e308"}[token]
            strs = [_fmt_ds(x) for x in nums] or ["0"]
            if token == "$BIG" and rng.random() < 0.5:
                strs = [rng.choice(["1e308", "-1e308"]) for _ in strs]
            else:
                for _ in range(rng.randint(1, 3)):
                    strs[rng.randrange(len(strs))] = bad
            return {"op": "set", "vr": vr, "enc": ["str", "\\".join(strs)],
                    "value": "<%d values with %s>" % (len(strs), bad)}
        if token == "$ABC":
            strs = [_fmt_ds(x) for x in nums] or ["0"]
            strs[rng.randrange(len(strs))] = "abc"
            return {"op": "set", "vr": vr, "enc": ["str", "\\".join(strs)],
                    "value": "<%d values with 'abc'>" % len(strs)}
        if token == "$TWO_POINTS":
            strs = [_fmt_ds(x) for x in nums[:6]]
            return {"op": "set", "vr": vr, "enc": ["str", "\\".join(strs)],
                    "value": "<%d values (2 points or fewer)>" % len(strs)}
        if token == "$HUGE":
            z = nums[2] if len(nums) >= 3 else 0.0
            npts = rng.choice([2000, 5000])
            return {"op": "set", "vr": vr, "enc": ["huge_contour", npts, _fmt_ds(z)],
                    "value": "<%d points, ~%d KB>" % (npts, npts * 12 // 1000)}
    raise ValueError("unknown token %s for %s" % (token, keyword))


def huge_contour(npts, z):
    pts = []
    for i in range(npts):
        a = 2 * math.pi * i / npts
        pts.append("%d\\%d\\%s" % (round(40 * math.cos(a)), round(40 * math.sin(a)), z))
    s = "\\".join(pts)
    return s[:65530].rsplit("\\", 1)[0] if len(s) > 65530 else s


def plan_element(rng, run, finfo, force=None):
    """One element mutation; force = (keyword, token) applies that entry to
    every occurrence (series-wide mutations), inserting it when absent."""
    tree = finfo.tree
    occurrences = collections.defaultdict(list)
    for path, e, _ in tree.walk():
        kw = HOSTILE_TAGS.get(e.tag)
        if kw is None:
            continue
        if tree.dataset is None and e.tag >> 16 != 2:
            continue
        occurrences[kw].append(([list(x) for x in path], e))
    present = sorted(occurrences)
    absent = sorted(k for k, (vr, vals, ins) in HOSTILE.items()
                    if ins and k not in occurrences and tree.dataset is not None)
    if force is not None:
        kw, token = force
        if kw not in occurrences:
            if tree.dataset is None or not HOSTILE[kw][2] or token == "$DELETE":
                return None
            present, absent = [], [kw]
        else:
            present, absent = [kw], []
    if not present and not absent:
        return None
    if absent and (not present or force is not None or rng.random() < 0.12):
        kw = rng.choice(absent)
        vr, values, _ = HOSTILE[kw]
        if kw == "PixelPaddingValue" and _num(tree, 0x00280103, 0) == 1:
            vr = "SS"
        if force is None:
            token = rng.choice([v for v in values if v != "$DELETE"])
        loc = [[dx.TAGS[kw], None]]
        m = resolve_value(rng, run, finfo, kw, vr, token, loc, None)
        m.update({"kind": "element", "attribute": kw, "locs": [loc], "path": kw, "inserted": True})
        return m
    kw = rng.choice(present)
    vr_default, values, _ = HOSTILE[kw]
    occ = occurrences[kw]
    if force is None:
        token = rng.choice(values)
    if force is not None and not (isinstance(token, str) and "SIBLING" in token):
        chosen = occ
    elif len(occ) > 1 and rng.random() < 0.3 and not (isinstance(token, str) and "SIBLING" in token):
        chosen = occ
    else:
        chosen = [rng.choice(occ)]
    loc, elem = chosen[0]
    vr = elem.vr if elem.vr not in ("UN",) else vr_default
    m = resolve_value(rng, run, finfo, kw, vr, token, loc, elem)
    m.update({"kind": "element", "attribute": kw, "locs": [c[0] for c in chosen],
              "path": dx.path_string(chosen[0][0]) + ("" if len(chosen) == 1
                                                      else " (all %d)" % len(chosen))})
    return m


def plan_pixel(rng, finfo):
    e = finfo.tree.find(0x7FE00010) if finfo.tree.dataset is not None else None
    if e is None:
        return None
    if e.encapsulated:
        op = rng.choice(PIXEL_ENCAP_OPS)
        nfr = len(e.value)
        m = {"kind": "pixel", "attribute": "PixelData", "op": op, "path": "PixelData",
             "value": "<encapsulated, %d items: %s>" % (nfr, op)}
        if nfr > 1:
            m["fragment"] = rng.randrange(1, nfr)
        m["fraction"] = round(rng.random(), 3)
        m["seed"] = rng.randrange(1 << 30)
        return m
    n = len(e.value)
    op = rng.choice(PIXEL_NATIVE_OPS)
    m = {"kind": "pixel", "attribute": "PixelData", "op": op, "path": "PixelData"}
    if op == "short":
        keep = (int(n * rng.choice([0.0, 0.1, 0.5, 0.9, 0.99])) // 2) * 2
        m["keep"] = keep
        m["value"] = "<%d of %d bytes>" % (keep, n)
    elif op == "long":
        m["extra"] = rng.choice([2, n, 4 * n])
        m["value"] = "<%d + %d bytes>" % (n, m["extra"])
    elif op == "odd":
        m["value"] = "<%d bytes (odd)>" % (n - 1)
    elif op == "one_byte":
        m["value"] = "<1 byte>"
    else:
        m["value"] = "<0 bytes>"
    return m


def plan_length_lie(rng, finfo, fields, size):
    if not fields:
        return None
    weights = []
    for f in fields:
        w = 1.0
        if f.tag == 0x7FE00010:
            w = 8.0
        elif f.vr == "SQ":
            w = 3.0
        elif f.tag >> 16 == 2:
            w = 1.5
        weights.append(w)
    i = rng.choices(range(len(fields)), weights)[0]
    f = fields[i]
    remaining = size - f.value_pos
    if f.length_size == 4:
        choices = [("larger than the file", min(0xFFFFFFFE, size * 2 + 10)),
                   ("remaining + 2", min(0xFFFFFFFE, remaining + 2)),
                   ("0x7FFFFFFF", 0x7FFFFFFF), ("0xFFFFFFFE", 0xFFFFFFFE), ("0", 0),
                   ("odd (+1)", f.value_len + 1 if not f.undefined else 1)]
        if f.vr != "SQ" and not f.undefined:
            choices.append(("0xFFFFFFFF on a non-SQ", 0xFFFFFFFF))
        if f.vr == "SQ" and f.undefined:
            choices.append(("defined length on an undefined-length sequence", 8))
    else:
        choices = [("0xFFFF", 0xFFFF), ("remaining + 2", min(0xFFFF, remaining + 2)),
                   ("0", 0), ("odd (+1)", min(0xFFFF, f.value_len + 1)),
                   ("-2", max(0, f.value_len - 2))]
    label, value = rng.choice(choices)
    return {"kind": "length_lie", "attribute": dx.keyword(f.tag), "path": dx.path_string(f.path),
            "field_index": i, "new_length": value, "value": "%s (%d, was %s)" % (
                label, value, "undefined" if f.undefined else f.value_len)}


def plan_truncate(rng, data, fields, alone=True):
    size = len(data)
    pix = next((f for f in fields if f.tag == 0x7FE00010), None)
    first_ds = next((f.length_pos for f in fields if f.tag >> 16 != 2), 132)
    choices = {"zero": 1, "preamble": 1, "at_132": 1, "mid_header": 3, "random": 2,
               "last_byte": 1}
    if pix is not None and pix.value_len > 2:
        choices["mid_pixel"] = 4
    if alone is False:  # other mutations on this file: keep most of it
        choices = {k: v for k, v in choices.items() if k in ("mid_pixel", "last_byte", "random")}
    where = rng.choices(sorted(choices), [choices[k] for k in sorted(choices)])[0]
    if where == "zero":
        off = 0
    elif where == "preamble":
        off = rng.randint(1, 131)
    elif where == "at_132":
        off = 132
    elif where == "mid_header":
        hi = pix.length_pos if pix is not None else size
        off = rng.randint(133, max(133, min(hi, first_ds + 400)))
    elif where == "mid_pixel":
        off = rng.randint(pix.value_pos + 1, pix.value_pos + pix.value_len - 1)
    elif where == "last_byte":
        off = size - 1
    else:
        off = rng.randint(1, size - 1)
    off = max(0, min(off, size))
    return {"kind": "truncate", "where": where, "offset": off,
            "value": "%s: %d of %d bytes" % (where, off, size)}


def plan_bytes(rng, data, fields):
    size = len(data)
    pix = next((f for f in fields if f.tag == 0x7FE00010), None)
    header_end = pix.value_pos if pix is not None else size
    op = rng.choice(["flip", "flip", "flip_many", "run", "insert", "delete"])
    region = (0, header_end) if rng.random() < 0.75 and header_end > 8 else (0, size)
    lo, hi = max(region[0], 128 if rng.random() < 0.8 else 0), max(region[0] + 1, region[1])
    if hi <= lo:
        lo, hi = 0, size
    if op in ("flip", "flip_many"):
        n = rng.randint(1, 4) if op == "flip" else int(math.exp(rng.uniform(math.log(5),
                                                                             math.log(max(6, min(
                                                                                 2000, size // 50))))))
        edits = []
        for _ in range(n):
            p = rng.randrange(lo, hi)
            kind = rng.choice(["xor", "bit", "zero", "ff"])
            v = {"xor": rng.randrange(1, 256), "bit": 1 << rng.randrange(8), "zero": 0,
                 "ff": 255}[kind]
            edits.append([p, kind, v])
        return {"kind": "bytes", "op": op, "edits": edits,
                "value": "%d byte(s) changed in [%d, %d)" % (n, lo, hi)}
    p = rng.randrange(lo, hi)
    if op == "run":
        ln = rng.choice([2, 4, 8, 16, 64, 512, 4096])
        fill = rng.choice(["zero", "ff", "random", "repeat"])
        return {"kind": "bytes", "op": "run", "pos": p, "len": ln, "fill": fill,
                "seed": rng.randrange(1 << 30),
                "value": "%d-byte %s run at %d" % (ln, fill, p)}
    if op == "insert":
        ln = rng.choice([1, 2, 4, 8, 100])
        return {"kind": "bytes", "op": "insert", "pos": p, "len": ln,
                "seed": rng.randrange(1 << 30), "value": "%d byte(s) inserted at %d" % (ln, p)}
    ln = rng.choice([1, 2, 4, 8, 100])
    return {"kind": "bytes", "op": "delete", "pos": p, "len": ln,
            "value": "%d byte(s) deleted at %d" % (ln, p)}


class RunContext:
    def __init__(self, files):
        self.files = files
        self.uid_pool = collections.defaultdict(set)
        for f in files:
            if f.tree is None or f.tree.dataset is None:
                continue
            for tag in (0x0020000E, 0x0020000D, 0x00080018, 0x00200052):
                e = f.tree.find(tag)
                if e is not None and e.text():
                    self.uid_pool[tag].add(e.text())


def plan_series_wide(rng, run, dicom):
    """One hostile entry applied to every file of one series: {rel: [mutation]}."""
    parsed = [f for f in dicom if f.tree is not None and f.tree.dataset is not None]
    images = [f for f in parsed if f.tree.find(0x7FE00010) is not None]
    if not images:
        return {}
    f0 = rng.choice(images)
    uid = f0.tree.find(0x0020000E)
    uid = uid.text() if uid is not None else None
    members = [f for f in parsed if (lambda e: e.text() if e is not None else None)(
        f.tree.find(0x0020000E)) == uid]
    kws = [k for k in SERIES_WIDE if f0.tree.find(dx.TAGS[k]) is not None or HOSTILE[k][2]
           or any(e.tag == dx.TAGS[k] for _, e, _ in f0.tree.walk())]
    if not kws:
        return {}
    kw = rng.choice(kws)
    token = rng.choice(HOSTILE[kw][1])
    plan = {}
    fit = kw in SIZE_ATTRS and rng.random() < 0.6
    for f in members:
        m = plan_element(rng, run, f, force=(kw, token))
        if m is not None:
            m["series_wide"] = len(members)
            plan[f.rel] = [m]
            if fit and _native_pixels(f):
                plan[f.rel].append(fit_mutation(series_wide=len(members)))
    return plan


def _native_pixels(f):
    e = f.tree.find(0x7FE00010) if f.tree is not None and f.tree.dataset is not None else None
    return e is not None and not e.encapsulated


def fit_mutation(series_wide=None):
    m = {"kind": "pixel", "attribute": "PixelData", "op": "fit_to_header", "path": "PixelData",
         "value": "<resized to Rows x Columns x NumberOfFrames x SamplesPerPixel x "
                  "BitsAllocated, zero-padded; skipped if > %d MiB>" % (FIT_CAP >> 20)}
    if series_wide:
        m["series_wide"] = series_wide
    return m


def maybe_fit(rng, f, muts):
    """After a size attribute was made hostile, sometimes make Pixel Data agree
    with it, so that the size check passes and later stages see the value."""
    if any(m["kind"] == "element" and m.get("attribute") in SIZE_ATTRS and m["op"] == "set"
           for m in muts) and _native_pixels(f) and rng.random() < 0.6:
        muts.append(fit_mutation())


def plan_run(rng, template_name, files, k):
    """Choose the files to mutate and the mutations: {rel: [mutation, ...]}."""
    run = RunContext(files)
    dicom = [f for f in files if f.is_dicom]
    if not dicom:
        return {}
    series_plan = {}
    if rng.random() < 0.25:
        series_plan = plan_series_wide(rng, run, dicom)
        if series_plan and rng.random() < 0.6:
            return series_plan
        k = max(1, k - 1)
    special = [f for f in dicom if f.sop_class in (SOP_SEG, SOP_RTSTRUCT)
               or (f.tree is not None and f.tree.dataset is not None
                   and f.tree.find(0x00280008) is not None)]
    chosen = []
    if special and rng.random() < 0.6:
        chosen.append(rng.choice(special))
    chosen = [f for f in chosen if f.rel not in series_plan]
    rest = [f for f in dicom if f not in chosen and f.rel not in series_plan]
    rng.shuffle(rest)
    chosen += rest[:max(0, k - len(chosen))]
    plan = {}
    for f in sorted(chosen, key=lambda x: x.rel):
        muts = []
        nmut = rng.choices([1, 2, 3], [0.5, 0.3, 0.2])[0]
        kinds = []
        for _ in range(nmut):
            if f.tree is None:
                kinds.append(rng.choice(["truncate", "bytes", "bytes"]))
            elif f.tree.dataset is None:
                kinds.append(rng.choices(["element", "truncate", "bytes", "length_lie"],
                                         [0.3, 0.2, 0.4, 0.1])[0])
            else:
                kinds.append(rng.choices(["element", "pixel", "length_lie", "truncate", "bytes"],
                                         [0.55, 0.08, 0.1, 0.1, 0.17])[0])
        # tree edits first, then byte-level edits on the serialized file, truncation last
        order = {"element": 0, "pixel": 1, "length_lie": 2, "bytes": 3, "truncate": 4}
        kinds.sort(key=lambda x: order[x])
        if kinds.count("truncate") > 1:
            kinds = [x for x in kinds if x != "truncate"] + ["truncate"]
        tree_done = False
        data, fields = f.data, []
        for kind in kinds:
            if kind in ("element", "pixel"):
                m = plan_element(rng, run, f) if kind == "element" else plan_pixel(rng, f)
                if m is not None:
                    muts.append(m)
                continue
            if not tree_done:
                maybe_fit(rng, f, muts)
                data, fields = apply_tree_mutations(f, muts)
                tree_done = True
            if kind == "length_lie":
                m = plan_length_lie(rng, f, fields, len(data))
            elif kind == "bytes":
                m = plan_bytes(rng, data, fields)
            else:
                m = plan_truncate(rng, data, fields, alone=not muts)
            if m is not None:
                muts.append(m)
        if not tree_done:
            maybe_fit(rng, f, muts)
        if not muts:
            muts.append(plan_bytes(rng, f.data, []))
        plan[f.rel] = muts
    for rel, muts in series_plan.items():
        # series-wide element edits go first (tree edits precede byte edits)
        plan[rel] = muts + plan.get(rel, [])
    return plan


# ---------------------------------------------------------------- applying

def _encode(spec, vr):
    kind = spec[0]
    if kind == "hex":
        return bytes.fromhex(spec[1])
    if kind == "huge_contour":
        return dx.encode_strings(vr, huge_contour(spec[1], spec[2]))
    if kind == "str":
        raw = dx.encode_strings(vr, spec[1])
        if vr not in dx.LONG_VRS and len(raw) > 0xFFFF:
            raw = raw[:0xFFFE]
        return raw
    vals = list(spec[1])
    if vr in dx.BINARY_FMT:
        fmt = dx.BINARY_FMT[vr]
        bits = struct.calcsize(fmt) * 8
        if fmt in "fd":
            return struct.pack("<%d%s" % (len(vals), fmt), *[float(v) for v in vals])
        signed = fmt.islower()
        out = []
        for v in vals:
            v &= (1 << bits) - 1
            if signed and v >= 1 << (bits - 1):
                v -= 1 << bits
            out.append(v)
        return struct.pack("<%d%s" % (len(out), fmt), *out)
    return dx.encode_strings(vr, "\\".join(str(v) for v in vals))


def _apply_element(tree, m):
    for loc in m["locs"]:
        cont, pos = _locate(tree, loc)
        if m.get("inserted") and cont is None:
            vr = m["vr"]
            dx.set_value(tree.dataset, loc[-1][0], vr, _encode(m["enc"], vr))
            continue
        if cont is None:
            continue
        e = cont[pos]
        op = m["op"]
        if op == "delete":
            del cont[pos]
        elif op == "set":
            vr = e.vr if e.vr != "SQ" else m["vr"]
            e.value = _encode(m["enc"], vr)
            e.vr = vr
            e.encapsulated = False
            e.undefined = False
        elif op == "sq_empty":
            e.value = []
        elif op == "sq_remove":
            drop = set(m["indices"])
            e.value = [it for i, it in enumerate(e.value) if i not in drop]
        elif op == "sq_dup":
            if m["index"] < len(e.value):
                e.value.insert(m["index"], e.value[m["index"]])
        elif op == "sq_restyle":
            e.undefined = not e.undefined
            for it in e.value:
                it.undefined = not it.undefined


def _apply_pixel(tree, m):
    e = tree.find(0x7FE00010)
    if e is None:
        return
    op = m["op"]
    if e.encapsulated:
        r = random.Random(m.get("seed", 0))
        frs = e.value
        i = m.get("fragment")
        if i is not None and i >= len(frs):  # an earlier edit removed fragments
            i = len(frs) - 1 if len(frs) > 1 else None
        if op == "drop_fragment" and i is not None:
            del frs[i]
        elif op == "empty_fragment" and i is not None:
            frs[i] = b""
        elif op == "truncate_fragment" and i is not None:
            frs[i] = frs[i][:(int(len(frs[i]) * m["fraction"]) // 2) * 2]
        elif op == "only_offset_table":
            del frs[1:]
        elif op == "bogus_offset_table":
            frs[0] = struct.pack("<4I", 0, 0xFFFFFF00, 7, 0x7FFFFFFF)
        elif op == "garbage_fragment" and i is not None:
            frs[i] = bytes(r.randrange(256) for _ in range(max(2, len(frs[i]) & ~1)))
        elif op == "as_native":
            e.value = b"".join(frs[1:])
            if len(e.value) % 2:
                e.value += b"\0"
            e.encapsulated = e.undefined = False
        elif op == "no_items":
            e.value = []
        return
    v = bytes(e.value)
    if op == "fit_to_header":
        def num(tag, default):
            x = tree.find(tag)
            n = dx.decode_numbers(x) if x is not None else []
            return int(n[0]) if n and math.isfinite(n[0]) and abs(n[0]) < 1e12 else default
        rows, cols = num(0x00280010, 0), num(0x00280011, 0)
        frames, spp = num(0x00280008, 1), num(0x00280002, 1)
        ba = num(0x00280100, 16)
        bits = rows * cols * max(frames, 0) * spp * ba
        need = (bits + 7) // 8
        need += need % 2
        if 0 < need <= FIT_CAP:
            e.value = v[:need] + b"\0" * max(0, need - len(v))
        return
    if op == "short":
        e.value = v[:m["keep"]]
    elif op == "odd":
        e.value = v[:-1] if len(v) % 2 == 0 else v
    elif op == "zero":
        e.value = b""
    elif op == "one_byte":
        e.value = v[:1]
    elif op == "long":
        e.value = v + (v * (1 + m["extra"] // max(1, len(v))))[:m["extra"]]


def apply_tree_mutations(f, muts):
    """Apply element/pixel mutations to a fresh copy of f's tree -> (bytes, fields)."""
    tree_muts = [m for m in muts if m["kind"] in ("element", "pixel")]
    if f.tree is None:
        return f.data, []
    tree = dx.parse(f.data)  # fresh copy
    for m in tree_muts:
        if m["kind"] == "element":
            _apply_element(tree, m)
        else:
            _apply_pixel(tree, m)
    return dx.serialize(tree)


def apply_mutations(f, muts):
    data, fields = apply_tree_mutations(f, muts)
    buf = bytearray(data)
    for m in muts:
        k = m["kind"]
        if k == "length_lie":
            fl = next((x for x in fields if dx.path_string(x.path) == m["path"]), None)
            if fl is None and m["field_index"] < len(fields):
                fl = fields[m["field_index"]]
            if fl is not None:
                fmt = "<I" if fl.length_size == 4 else "<H"
                if fl.length_pos + fl.length_size <= len(buf):
                    struct.pack_into(fmt, buf, fl.length_pos, m["new_length"])
        elif k == "bytes":
            op = m["op"]
            if op in ("flip", "flip_many"):
                for p, kind, v in m["edits"]:
                    if p < len(buf):
                        buf[p] = {"xor": buf[p] ^ v, "bit": buf[p] ^ v}.get(kind, v)
            elif op == "run":
                r = random.Random(m["seed"])
                p, ln = m["pos"], m["len"]
                fill = {"zero": b"\0" * ln, "ff": b"\xff" * ln,
                        "random": bytes(r.randrange(256) for _ in range(ln)),
                        "repeat": (bytes(buf[p:p + 4]) or b"\xfe\xff\x00\xe0") * (ln // 4 + 1)
                        }[m["fill"]][:ln]
                buf[p:p + ln] = fill[:max(0, min(ln, len(buf) - p))]
            elif op == "insert":
                r = random.Random(m["seed"])
                buf[m["pos"]:m["pos"]] = bytes(r.randrange(256) for _ in range(m["len"]))
            elif op == "delete":
                del buf[m["pos"]:m["pos"] + m["len"]]
        elif k == "truncate":
            del buf[m["offset"]:]
    return bytes(buf)


def build_run(testdata, templates, seed, index, k):
    """-> (template name, [(src, rel)], files {rel: FileInfo}, plan)."""
    rng = random.Random("radstation-fuzz:%d:%d" % (seed, index))
    names = [t for t in templates]
    name, _, sources = rng.choices(names, [t[1] for t in names])[0]
    srcs = template_files(testdata, sources)
    files = []
    for src, rel in srcs:
        with open(src, "rb") as fh:
            files.append(FileInfo(rel, fh.read()))
    plan = plan_run(rng, name, files, k)
    return name, srcs, files, plan


def materialize(dest, files, plan, only=None):
    """Write the run folder; `only` = set of (rel, mutation index) to apply (all if None)."""
    os.makedirs(dest, exist_ok=True)
    for f in files:
        path = os.path.join(dest, f.rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        muts = plan.get(f.rel)
        if only is not None and muts:
            muts = [m for i, m in enumerate(muts) if (f.rel, i) in only]
        data = apply_mutations(f, muts) if muts else f.data
        with open(path, "wb") as fh:
            fh.write(data)


# ------------------------------------------------------------------ running

def signame(n):
    try:
        return signal.Signals(n).name
    except ValueError:
        return "SIG%d" % n


def _tail(path, n=20, max_bytes=65536):
    try:
        with open(path, "rb") as fh:
            fh.seek(0, 2)
            size = fh.tell()
            fh.seek(max(0, size - max_bytes))
            lines = fh.read().decode("utf-8", "replace").splitlines()
        return lines[-n:]
    except OSError:
        return []


def _count_lines(path):
    n = 0
    try:
        with open(path, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                n += chunk.count(b"\n")
    except OSError:
        pass
    return n


def _vm_rss_kib(pid):
    try:
        with open("/proc/%d/status" % pid) as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def run_command(argv, cwd, stdout_path, stderr_path, timeout, rss_kill_kib):
    env = dict(os.environ)
    env["SWIFT_BACKTRACE"] = ("enable=yes,interactive=no,color=no,registers=none,images=none,"
                              "threads=crashed,limit=48,top=24")
    env["TMPDIR"] = cwd
    t0 = time.monotonic()
    with open(stdout_path, "wb") as out, open(stderr_path, "wb") as err:
        # own session = own process group, so a timeout kills the whole group
        pid = os.posix_spawn(argv[0], argv, env, file_actions=[
            (os.POSIX_SPAWN_OPEN, 0, "/dev/null", os.O_RDONLY, 0),
            (os.POSIX_SPAWN_DUP2, out.fileno(), 1),
            (os.POSIX_SPAWN_DUP2, err.fileno(), 2)], setsid=True)
    killed = None
    status = ru = None
    sleep = 0.005
    while True:
        wpid, status, ru = os.wait4(pid, os.WNOHANG)
        if wpid == pid:
            break
        el = time.monotonic() - t0
        if el > timeout:
            killed = "timeout"
        elif rss_kill_kib and _vm_rss_kib(pid) > rss_kill_kib:
            killed = "memory"
        if killed:
            try:
                os.killpg(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            _, status, ru = os.wait4(pid, 0)
            break
        time.sleep(sleep)
        sleep = min(0.05, sleep * 1.5)
    elapsed = time.monotonic() - t0
    try:  # stragglers of the group (e.g. a backtracer) must not outlive the run
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    res = {"elapsed": round(elapsed, 3), "peak_rss_kib": ru.ru_maxrss}
    if killed:
        res["outcome"] = killed
    elif os.WIFSIGNALED(status):
        res["outcome"] = "signal"
        res["signal"] = signame(os.WTERMSIG(status))
    else:
        res["outcome"] = "exit"
        res["code"] = os.WEXITSTATUS(status)
    return res


FATAL_RE = re.compile(r"(?:(\S+\.swift):(\d+): )?Fatal error: ?(.*)")
PROJECT_FRAME_RE = re.compile(r" in radstation at (\S*?/Sources/\S+\.swift):(\d+)")
PROJECT_FUNC_RE = re.compile(r"^\s*\d+\s+(?:\[\w+\]\s+)*0x[0-9a-f]+ (.*?)(?: \+ \d+)? in radstation at ")


def crash_info(stderr_path):
    """Trap message, its file:line and the first project frame from stderr."""
    lines = _tail(stderr_path, 400, 1 << 20)
    info = {"fatal": None, "fatal_at": None, "frame": None, "function": None,
            "crash_line": None}
    for ln in lines:
        m = FATAL_RE.search(ln)
        if m and info["fatal"] is None:
            info["fatal"] = m.group(3).strip()[:300]
            if m.group(1):
                info["fatal_at"] = "%s:%s" % (m.group(1), m.group(2))
        if "*** Program crashed:" in ln and info["crash_line"] is None:
            info["crash_line"] = re.sub(r" at 0x[0-9a-f]+", "", ln.strip(" *"))
        if info["frame"] is None:
            pm = PROJECT_FRAME_RE.search(ln)
            if pm:
                path = pm.group(1)
                i = path.find("/Sources/")
                info["frame"] = "%s:%s" % (path[i + 1:], pm.group(2))
                fm = PROJECT_FUNC_RE.search(ln)
                if fm:
                    info["function"] = fm.group(1)[:160]
    return info


def signature(res, info):
    msg = info.get("fatal") or info.get("crash_line") or ""
    msg = re.sub(r"\d+", "N", msg)[:160]
    where = info.get("frame") or info.get("fatal_at") or "?"
    kind = res["outcome"] if res["outcome"] != "signal" else res["signal"]
    return "%s | %s | %s" % (kind, msg or "(no trap message)", where)


# ------------------------------------------------------------------ campaign

def failure_kind(res, max_rss_kib):
    if res["outcome"] in ("signal", "timeout", "memory"):
        return res["outcome"]
    if res["peak_rss_kib"] >= max_rss_kib:
        return "memory"
    return None


def invoke(binary, cmd, run_dir, in_dir, args, tag=""):
    out_dir = os.path.join(run_dir, "out-%s%s" % (cmd, tag))
    argv = [binary, cmd, in_dir, "--out", out_dir] + shlex.split(
        getattr(args, "%s_args" % cmd, None) or "")
    so = os.path.join(run_dir, "%s%s.stdout" % (cmd, tag))
    se = os.path.join(run_dir, "%s%s.stderr" % (cmd, tag))
    res = run_command(argv, run_dir, so, se, args.timeout, args.rss_kill_mb * 1024)
    res["stderr_lines"] = _count_lines(se)
    kind = failure_kind(res, args.max_rss_mb * 1024)
    if kind:
        res["failure"] = kind
        res["stderr_tail"] = _tail(se, 20)
        info = crash_info(se)
        res["crash"] = info
        res["signature"] = signature(res if kind != "memory" else dict(res, outcome="memory"),
                                     info)
    shutil.rmtree(out_dir, ignore_errors=True)
    return res, se


def describe(plan):
    out = []
    wide_seen = set()
    for rel, muts in sorted(plan.items()):
        for m in muts:
            if m.get("series_wide"):
                key = (m["kind"], m.get("attribute"), m.get("op"))
                if key in wide_seen:
                    continue
                wide_seen.add(key)
                where = "<series-wide: all %d files of %s's series>" % (m["series_wide"], rel)
            else:
                where = rel
            what = m.get("attribute") or m.get("op") or m.get("where", "")
            path = m.get("path")
            at = " @" + path if path and path != what else ""
            if m.get("inserted"):
                at = " (inserted)"
            out.append("%s: %s %s%s = %s" % (where, m["kind"], what, at, m.get("value", "")))
    return out


def reduce_crash(binary, testdata, templates, args, seed, index, cmd, sig, work):
    """Re-run each single mutation of run `index` alone; return the first that
    reproduces `sig` (or None)."""
    name, srcs, files, plan = build_run(testdata, templates, seed, index, args.files_per_run)
    groups, wide = [], []
    for rel, muts in sorted(plan.items()):
        for i, m in enumerate(muts):
            if m.get("series_wide"):
                wide.append([(rel, i)])
            elif m.get("op") == "fit_to_header" and groups and groups[-1][-1][0] == rel:
                groups[-1].append((rel, i))  # a fit belongs to the size edit before it
            else:
                groups.append([(rel, i)])
    if wide:  # a series-wide edit is one unit (with its Pixel Data fit)
        groups.insert(0, [g[0] for g in wide])
    if len(groups) < 2:
        return None
    for n, group in enumerate(groups):
        d = os.path.join(work, "reduce-%d-%s-%d" % (index, cmd, n))
        shutil.rmtree(d, ignore_errors=True)
        in_dir = os.path.join(d, "in")
        materialize(in_dir, files, plan, only=set(group))
        res, _ = invoke(binary, cmd, d, in_dir, args)
        shutil.rmtree(d, ignore_errors=True)
        if res.get("signature") == sig:
            sub = collections.defaultdict(list)
            for rel, i in group:
                sub[rel].append(plan[rel][i])
            return "; ".join(describe(dict(sub)))
    return None


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    default_bin = os.path.join(REPO, ".build/release/radstation")
    if not os.path.exists(default_bin):
        default_bin = os.path.join(REPO, ".build/debug/radstation")
    ap.add_argument("--binary", default=default_bin)
    ap.add_argument("--runs", type=int, default=100)
    ap.add_argument("--files-per-run", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--only-run", type=int, default=None, help="run only this run index")
    ap.add_argument("--first-run", type=int, default=0, help="start at this run index")
    ap.add_argument("--commands", default="convert,process")
    ap.add_argument("--keep-crashers", default=None, metavar="DIR")
    ap.add_argument("--keep-all", action="store_true", help="keep every run folder (debug)")
    ap.add_argument("--convert-args", default="",
                    help="extra arguments for convert, e.g. '--format nrrd --seg-nrrd'")
    ap.add_argument("--process-args", default="", help="extra arguments for process")
    ap.add_argument("--timeout", type=float, default=20.0)
    ap.add_argument("--max-rss-mb", type=int, default=2048, help="peak RSS counted as a failure")
    ap.add_argument("--rss-kill-mb", type=int, default=4096,
                    help="kill a child whose RSS exceeds this (protects the machine)")
    ap.add_argument("--testdata", default=os.path.join(REPO, "testdata"))
    ap.add_argument("--work", default=None, help="scratch folder (default: a new temp folder)")
    ap.add_argument("--report", default=None, help="write the full JSON report here")
    ap.add_argument("--no-reduce", action="store_true",
                    help="do not re-run single mutations to explain each crash signature")
    ap.add_argument("--plan-only", action="store_true", help="print the mutations, run nothing")
    args = ap.parse_args(argv)

    binary = os.path.abspath(args.binary)
    commands = [c.strip() for c in args.commands.split(",") if c.strip()]
    if not args.plan_only and not os.access(binary, os.X_OK):
        print("fuzz: binary not found or not executable: %s" % binary, file=sys.stderr)
        return 2
    templates = resolve_templates(args.testdata)
    work = args.work or ("-" if args.plan_only else tempfile.mkdtemp(prefix="radstation-fuzz-"))
    if not args.plan_only:
        os.makedirs(work, exist_ok=True)
    indices = [args.only_run] if args.only_run is not None else \
        range(args.first_run, args.first_run + args.runs)

    stats = {c: {"exits": collections.Counter(), "signals": collections.Counter(), "timeouts": 0,
                 "memory": 0, "max_rss": (0, None), "slowest": (0.0, None), "floods": []}
             for c in commands}
    sigs = collections.OrderedDict()
    odd_exits = []
    records = []
    files_mutated = 0
    passed = failed = 0
    t_start = time.monotonic()
    print("fuzz: seed %d, %d run(s), %d file(s) per run, commands %s, binary %s, work %s" % (
        args.seed, len(indices), args.files_per_run, ",".join(commands), binary, work))
    harness_errors = []
    for n, index in enumerate(indices):
        try:
            name, srcs, files, plan = build_run(args.testdata, templates, args.seed, index,
                                                args.files_per_run)
        except Exception as exc:  # a harness bug must not end the campaign
            harness_errors.append(index)
            print("  run %d: harness error (%s: %s); skipped" % (index, type(exc).__name__, exc))
            continue
        files_mutated += len(plan)
        desc = describe(plan)
        if args.plan_only:
            print("run %d [%s]" % (index, name))
            for d in desc:
                print("  " + d)
            continue
        run_dir = os.path.join(work, "run-%05d" % index)
        shutil.rmtree(run_dir, ignore_errors=True)
        in_dir = os.path.join(run_dir, "in")
        materialize(in_dir, files, plan)
        record = {"seed": args.seed, "run": index, "template": name, "mutations": plan,
                  "summary": desc, "results": {}}
        run_failed = False
        for cmd in commands:
            res, se = invoke(binary, cmd, run_dir, in_dir, args)
            record["results"][cmd] = res
            st = stats[cmd]
            if res["outcome"] == "exit":
                st["exits"][res["code"]] += 1
                if res["code"] not in (0, 1, 3):
                    odd_exits.append((cmd, index, res["code"]))
            elif res["outcome"] == "signal":
                st["signals"][res["signal"]] += 1
            elif res["outcome"] == "timeout":
                st["timeouts"] += 1
            if res.get("failure") == "memory":
                st["memory"] += 1
            if res["peak_rss_kib"] > st["max_rss"][0]:
                st["max_rss"] = (res["peak_rss_kib"], index)
            if res["elapsed"] > st["slowest"][0]:
                st["slowest"] = (res["elapsed"], index)
            if res["stderr_lines"] > 1000:
                st["floods"].append((index, res["stderr_lines"]))
            if res.get("failure"):
                run_failed = True
                sig = res["signature"]
                entry = sigs.setdefault(sig, {"count": 0, "commands": set(), "runs": [],
                                              "example": None, "crash": res["crash"],
                                              "failure": res["failure"]})
                entry["count"] += 1
                entry["commands"].add(cmd)
                entry["runs"].append(index)
                nm = sum(len(v) for v in plan.values())
                if entry["example"] is None or nm < entry["example"][2]:
                    entry["example"] = (index, cmd, nm, desc, res.get("signal"),
                                        res["elapsed"], res["peak_rss_kib"])
                print("  run %d %s: %s %s%s" % (
                    index, cmd, res["failure"], res.get("signal", ""),
                    (" — " + (res["crash"].get("fatal") or "")[:120]) if res["crash"].get(
                        "fatal") else ""))
        with open(os.path.join(run_dir, "mutations.json"), "w") as fh:
            json.dump(record, fh, indent=1, sort_keys=True, default=list)
        records.append(record)
        if run_failed:
            failed += 1
            if args.keep_crashers:
                kinds = sorted({r["failure"] for r in record["results"].values()
                                if r.get("failure")})
                dest = os.path.join(args.keep_crashers, "seed%d-run%05d-%s" % (
                    args.seed, index, "-".join(kinds)))
                shutil.rmtree(dest, ignore_errors=True)
                shutil.copytree(run_dir, dest)
        else:
            passed += 1
        if not args.keep_all:
            shutil.rmtree(run_dir, ignore_errors=True)
        if (n + 1) % 25 == 0 or n + 1 == len(indices):
            print("fuzz: %d/%d runs, %d failed, %.0f s" % (n + 1, len(indices), failed,
                                                           time.monotonic() - t_start))
    if args.plan_only:
        return 0

    if sigs and not args.no_reduce:
        for sig, entry in sigs.items():
            idx, cmd = entry["example"][0], entry["example"][1]
            if entry["failure"] == "timeout" and entry["example"][2] > 1:
                # a timeout costs the full limit per attempt; still try, it is bounded
                pass
            entry["reduced"] = reduce_crash(binary, args.testdata, templates, args, args.seed,
                                            idx, cmd, sig, work)

    # ---------------------------------------------------------------- summary
    print()
    print("== summary: seed %d, %d run(s), %d file(s) mutated" % (args.seed, len(indices),
                                                                  files_mutated))
    for cmd in commands:
        st = stats[cmd]
        print("%s: exits %s; signal deaths %s; timeouts %d; over-memory (>= %d MB or killed) %d; max peak RSS %.1f MB "
              "(run %s); slowest %.2f s (run %s)" % (
                  cmd, dict(sorted(st["exits"].items())) or "{}",
                  dict(st["signals"]) or "{}", st["timeouts"], args.max_rss_mb, st["memory"],
                  st["max_rss"][0] / 1024.0, st["max_rss"][1], st["slowest"][0],
                  st["slowest"][1]))
        if st["floods"]:
            print("  %d run(s) wrote > 1000 stderr lines (max %d, run %d)" % (
                len(st["floods"]), max(f[1] for f in st["floods"]),
                max(st["floods"], key=lambda f: f[1])[0]))
    if harness_errors:
        print("harness errors (runs skipped, not counted): %s" % harness_errors)
    if odd_exits:
        print("unexpected exit codes: %s" % ", ".join("%s run %d -> %d" % x for x in odd_exits))
    if sigs:
        print()
        print("== %d distinct failure signature(s)" % len(sigs))
        for i, (sig, e) in enumerate(sigs.items(), 1):
            idx, cmd, nm, desc, signame, el, rss = e["example"]
            c = e["crash"]
            print("[%d] %s — %d run(s), %s" % (i, e["failure"] + (" " + signame if signame else ""),
                                               e["count"], ",".join(sorted(e["commands"]))))
            if c.get("fatal"):
                print("    trap: %s%s" % (c["fatal"][:200],
                                          " (%s)" % c["fatal_at"] if c.get("fatal_at") else ""))
            elif c.get("crash_line"):
                print("    crash: %s" % c["crash_line"])
            if c.get("frame"):
                print("    at: %s%s" % (c["frame"], " in " + c["function"] if c.get("function")
                                        else ""))
            if e["failure"] in ("timeout", "memory"):
                print("    elapsed %.1f s, peak RSS %.0f MB" % (el, rss / 1024.0))
            if e.get("reduced"):
                print("    trigger (alone): %s" % e["reduced"])
            for d in desc[:6]:
                print("    mutation: %s" % d)
            extra = getattr(args, "%s_args" % cmd, "")
            print("    repro: python3 tools/fuzz/fuzz.py --binary %s --seed %d --only-run %d "
                  "--files-per-run %d --commands %s%s --keep-crashers /tmp/crashers" % (
                      args.binary, args.seed, idx, args.files_per_run, cmd,
                      " --%s-args %s" % (cmd, shlex.quote(extra)) if extra else ""))
    if args.report:
        rep = {"seed": args.seed, "runs": records,
               "signatures": {s: dict(e, commands=sorted(e["commands"])) for s, e in sigs.items()}}
        with open(args.report, "w") as fh:
            json.dump(rep, fh, indent=1, default=list)
    if not args.work and not args.keep_all:
        shutil.rmtree(work, ignore_errors=True)
    print("fuzz: %d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
