#!/usr/bin/env python3
"""Writes a full-size 4-phase liver CT study with a DICOM SEG (liver, tumour) for ProcessBenchmark (issue 21,
goal 3). Usage: make_process_study.py <folder> [--source ../shared/testdata/dicom/dcmqi_ct3slice_liver_seg].

Phases (one StudyInstanceUID and FrameOfReferenceUID; the sizes of the users' studies), LPS mm:
  NC   512 x 512 x 42, 0.78 mm pixels, 5.0 mm slices, no contrast tags
  ART  384 x 384 x 73, 0.90 mm pixels, 2.5 mm slices, bolus start time (the alignment's reference grid)
  PV   512 x 512 x 89, 0.70 mm pixels, 2.0 mm slices, bolus start time
  DEL  512 x 512 x 57, 0.74 mm pixels, 3.0 mm slices, bolus start time
Each phase covers a slightly different field of view and z-range (as real acquisitions do).

Real texture: the three 512 x 512 slices of dcmqi's abdominal CT (0.81 mm) and their liver label map, sampled
bilinearly (labels nearest) onto every phase's grid and extended in z as make_course_from_real_ct.py does:
slice (z index modulo 3) scaled about the body centre by s(z) = 1 - 0.25 (z / 110 mm)^2. Per phase the liver
enhances (+0/+15/+40/+25 HU); an HCC-sized tumour (ellipsoid, semi-axes 36 x 30 x 28 mm, about 125 mL) in the
liver is hypodense unenhanced, enhances in the arterial phase and washes out; seeded Gaussian noise of 9 HU.
The SEG (BINARY, 2 segments: Liver, Tumour) references the arterial series. numpy + tools/fixtures/dicomwriter.py
and segwriter.py. Deterministic (seed 21). No tag of the source is copied, only its pixels; synthetic, CC0.
"""
import argparse
import gzip
import hashlib
import os
import struct
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "fixtures"))
import dicomwriter as dw  # noqa: E402
import segwriter as sw  # noqa: E402

ROOT = dw.UID_ROOT + "97."
CT_IMAGE = "1.2.840.10008.5.1.4.1.1.2"
SOURCE_N, SOURCE_PIXEL = 512, 0.810547
SOURCE_ORIGIN = (-235.2, -226.8)  # LPS mm of the source's pixel (0, 0)
HALF_LENGTH, SOURCE_STEP = 110.0, 2.5
TUMOUR_AXES = (36.0, 30.0, 28.0)
# key, series number, description, acquisition time, columns = rows, pixel mm, slices, step mm, (x, y, z0) shift,
# liver enhancement HU, tumour HU, contrast tags
PHASES = [
    ("NC", 2, "LIVER NATIVE 5mm", "095930", 512, 0.78, 42, 5.0, (1.5, -2.0, -102.0), 0, 35, False),
    ("ART", 3, "LIVER ART 2.5mm", "100035", 384, 0.90, 73, 2.5, (0.0, 0.0, -90.0), 15, 150, True),
    ("PV", 4, "LIVER PORTAL 2mm", "100110", 512, 0.70, 89, 2.0, (-2.5, 1.0, -88.0), 40, 85, True),
    ("DEL", 5, "LIVER DELAYED 3mm", "100300", 512, 0.74, 57, 3.0, (2.0, 3.0, -85.0), 25, 60, True),
]


def read_ct_slice(path):
    """HU of a 512 x 512 CT slice whose pixel data is the file's last element (checked)."""
    data = open(path, "rb").read()
    n = SOURCE_N * SOURCE_N
    at = len(data) - 2 * n
    if data[at - 8:at - 4] != b"\xe0\x7f\x10\x00" or struct.unpack_from("<I", data, at - 4)[0] != 2 * n:
        raise SystemExit("unexpected layout (pixel data not last): %s" % path)
    return np.frombuffer(data, dtype="<i2", count=n, offset=at).astype(np.float32).reshape(SOURCE_N, SOURCE_N) - 1024


def read_liver(path):
    data = open(path, "rb").read()
    head = data.index(b"\n\n")
    return np.frombuffer(gzip.decompress(data[head + 2:]), dtype="<i2").reshape(3, SOURCE_N, SOURCE_N) > 0


def uid(*parts):
    return ROOT + ".".join(str(p) for p in parts)


def grid(phase):
    _, _, _, _, n, pixel, slices, step, shift, *_ = phase
    origin = (-0.5 * (n - 1) * pixel + shift[0], -0.5 * (n - 1) * pixel - 10.0 + shift[1], shift[2])
    return n, pixel, slices, step, origin


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("folder")
    parser.add_argument("--source", default=os.path.join(HERE, "..", "..", "..", "shared", "testdata", "dicom",
                                                         "dcmqi_ct3slice_liver_seg"))
    args = parser.parse_args()
    ct = os.path.join(args.source, "ct")
    images = [read_ct_slice(os.path.join(ct, f)) for f in sorted(os.listdir(ct))]
    livers = read_liver(os.path.join(args.source, "reference", "nrrd", "liver_seg.nrrd"))
    body = np.argwhere(images[1] > -300)
    centre = (SOURCE_ORIGIN[0] + SOURCE_PIXEL * (body[:, 1].min() + body[:, 1].max()) / 2,
              SOURCE_ORIGIN[1] + SOURCE_PIXEL * (body[:, 0].min() + body[:, 0].max()) / 2)
    # The tumour: centred on the liver's deepest point of the middle slice (distance to its edge in-plane).
    lv = np.argwhere(livers[1])
    from_edge = np.full(livers[1].shape, 0.0)
    inside = livers[1].astype(np.int32)
    for _ in range(60):  # a cheap city-block depth: 60 erosions of 0.81 mm
        inside[1:-1, 1:-1] = (inside[1:-1, 1:-1] & inside[:-2, 1:-1] & inside[2:, 1:-1] & inside[1:-1, :-2] & inside[1:-1, 2:])
        from_edge += inside
    j, i = np.unravel_index(np.argmax(from_edge), from_edge.shape)
    tumour_centre = (SOURCE_ORIGIN[0] + SOURCE_PIXEL * i, SOURCE_ORIGIN[1] + SOURCE_PIXEL * j, 0.0)
    del lv
    rng = np.random.default_rng(21)
    os.makedirs(args.folder, exist_ok=True)
    seg_masks = None
    for phase in PHASES:
        key, number, description, time, *_, liver_hu, tumour_hu, contrast = phase
        n, pixel, slices, step, origin = grid(phase)
        xs = origin[0] + pixel * np.arange(n)
        ys = origin[1] + pixel * np.arange(n)
        common = {
            (0x0008, 0x0008): ("CS", ["ORIGINAL", "PRIMARY", "AXIAL"]), (0x0008, 0x0016): ("UI", CT_IMAGE),
            (0x0008, 0x0020): ("DA", "20260301"), (0x0008, 0x0030): ("TM", "095500"), (0x0008, 0x0032): ("TM", time),
            (0x0008, 0x0050): ("SH", "PROCBENCH1"), (0x0008, 0x0060): ("CS", "CT"),
            (0x0008, 0x0070): ("LO", "RadStation Synthetic from dcmqi CT"), (0x0008, 0x103E): ("LO", description),
            (0x0010, 0x0010): ("PN", "PROCESS^BENCH"), (0x0010, 0x0020): ("LO", "PB0001"),
            (0x0010, 0x0030): ("DA", "19600101"), (0x0018, 0x0050): ("DS", step), (0x0018, 0x5100): ("CS", "HFS"),
            (0x0020, 0x000D): ("UI", uid(1)), (0x0020, 0x000E): ("UI", uid(2, number)), (0x0020, 0x0010): ("SH", "1"),
            (0x0020, 0x0011): ("IS", number), (0x0020, 0x0037): ("DS", [1.0, 0.0, 0.0, 0.0, 1.0, 0.0]),
            (0x0020, 0x0052): ("UI", uid(3)), (0x0028, 0x0002): ("US", 1), (0x0028, 0x0004): ("CS", "MONOCHROME2"),
            (0x0028, 0x0010): ("US", n), (0x0028, 0x0011): ("US", n), (0x0028, 0x0030): ("DS", [pixel, pixel]),
            (0x0028, 0x0100): ("US", 16), (0x0028, 0x0101): ("US", 16), (0x0028, 0x0102): ("US", 15),
            (0x0028, 0x0103): ("US", 1), (0x0028, 0x1052): ("DS", -1024), (0x0028, 0x1053): ("DS", 1),
            (0x0028, 0x1054): ("LO", "HU"),
        }
        if contrast:
            common[(0x0018, 0x0010)] = ("LO", "IOPAMIDOL")
            common[(0x0018, 0x1040)] = ("LO", "IV")
            common[(0x0018, 0x1042)] = ("TM", "100000.000")
        if key == "ART":
            seg_masks = {1: np.zeros((slices, n, n), bool), 2: np.zeros((slices, n, n), bool)}
        for k in range(slices):
            z = origin[2] + step * k
            s = 1 - 0.25 * (z / HALF_LENGTH) ** 2
            u = (centre[0] + (xs - centre[0]) / s - SOURCE_ORIGIN[0]) / SOURCE_PIXEL
            v = (centre[1] + (ys - centre[1]) / s - SOURCE_ORIGIN[1]) / SOURCE_PIXEL
            uu, vv = np.meshgrid(u, v)
            outside = (uu < 0) | (vv < 0) | (uu > SOURCE_N - 1) | (vv > SOURCE_N - 1) | (s <= 0.3)
            uc, vc = np.clip(uu, 0, SOURCE_N - 1.001), np.clip(vv, 0, SOURCE_N - 1.001)
            i0, j0 = uc.astype(np.int64), vc.astype(np.int64)
            a, b = uc - i0, vc - j0
            src = int(np.floor(z / SOURCE_STEP + 0.5)) % 3
            img = images[src]
            hu = ((img[j0, i0] * (1 - a) + img[j0, i0 + 1] * a) * (1 - b) + (img[j0 + 1, i0] * (1 - a) + img[j0 + 1, i0 + 1] * a) * b)
            liver = livers[src][np.rint(vc).astype(np.int64), np.rint(uc).astype(np.int64)] & ~outside
            hu = np.where(outside, -1000.0, hu)
            hu = np.where(liver, hu + liver_hu, hu)
            xx, yy = np.meshgrid(xs, ys)
            r2 = (((xx - tumour_centre[0]) / TUMOUR_AXES[0]) ** 2 + ((yy - tumour_centre[1]) / TUMOUR_AXES[1]) ** 2
                  + ((z - tumour_centre[2]) / TUMOUR_AXES[2]) ** 2)
            tumour = (r2 <= 1) & liver
            # Tumour: its own level plus the damped real texture (heterogeneous, brighter rim in enhanced phases).
            rim = np.clip((r2 - 0.6) / 0.4, 0, 1) * (0.3 * tumour_hu if contrast else 0)
            hu = np.where(tumour, tumour_hu + rim + 0.5 * (hu - liver_hu - 100), hu)
            hu = hu + rng.normal(0, 9, hu.shape) * (~outside)
            stored = np.clip(np.rint(hu), -1024, 3071).astype(np.int16) + 1024
            if seg_masks is not None and key == "ART":
                seg_masks[1][k] = liver
                seg_masks[2][k] = tumour
            sop = uid(4, number, k + 1)
            tags = dict(common)
            tags[(0x0008, 0x0018)] = ("UI", sop)
            tags[(0x0020, 0x0013)] = ("IS", k + 1)
            tags[(0x0020, 0x0032)] = ("DS", [origin[0], origin[1], z])
            tags[(0x7FE0, 0x0010)] = ("OW", stored.astype("<i2").tobytes())
            name = hashlib.sha1(sop.encode("ascii")).hexdigest()[:14]
            dw.write_part10(os.path.join(args.folder, name), [(g, e, vr, val) for (g, e), (vr, val) in tags.items()])
        if key == "ART":
            write_seg(args.folder, phase, seg_masks)
    print("written 4 phases and a SEG to", args.folder, "tumour voxels on ART:", int(seg_masks[2].sum()))


def write_seg(folder, phase, masks):
    _, number, *_ = phase
    n, pixel, slices, step, origin = grid(phase)
    frames = [(m, k) for m in (1, 2) for k in range(slices) if masks[m][k].any()]
    sop = uid(9, 1)
    elements = sw.elements(
        sop=sop, dimension=uid(9, 2), study=uid(1), series=uid(9, 3), series_number="9", frame_of_reference=uid(3),
        date="20260301", time="095500", accession="PROCBENCH1", description="Liver and tumour",
        patient=("PROCESS^BENCH", "PB0001", "19600101"), referenced_series=uid(2, number),
        referenced_sops=[uid(4, number, k + 1) for k in range(slices)],
        segments=[(1, "Liver", ("91723000", "Anatomical Structure"), ("10200004", "Liver"), [38000, 45000, 43000]),
                  (2, "Tumour", ("49755003", "Morphologically Altered Structure"), ("108369006", "Neoplasm"),
                   [53000, 55000, 43000])],
        frames=[(m, k, uid(4, number, k + 1), [origin[0], origin[1], origin[2] + step * k], masks[m][k].ravel().tolist())
                for m, k in frames],
        rows=n, columns=n, thickness=step, spacing=[pixel, pixel])
    dw.write_part10(os.path.join(folder, "seg.dcm"), elements, sw.SEG_CLASS, sop)


if __name__ == "__main__":
    main()
