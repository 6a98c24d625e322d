#!/usr/bin/env python3
"""Writes a synthetic RT Structure Set for the series made by make_ct_series.py (512x512xN, 0.7 mm pixels,
1.25 mm slices, first IPP (-179, -179, -250)), for the RTSTRUCT benchmark.
Usage: make_rtstruct_bench.py <out-file> [slices] [vertices]

ROI 1 "Liver": one 200-vertex wobbly ellipse (about 200 x 150 mm, size varying with z) on every slice, with
a 60-vertex hole (a vessel) on every second slice. ROI 2 "Tumour": a 120-vertex ellipse (about 40 mm) on
the middle 40 slices. Vertices at non-integer pixel positions. Python standard library only."""
import math, os, sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures"))
import dicomwriter as dw  # noqa: E402

out = sys.argv[1]
slices = int(sys.argv[2]) if len(sys.argv) > 2 else 200
vertices = int(sys.argv[3]) if len(sys.argv) > 3 else 200
root = "1.2.826.0.1.3680043.10.1411.9."  # the series of make_ct_series.py
CT = "1.2.840.10008.5.1.4.1.1.2"


def ring(cx, cy, rx, ry, n, z, wobble):
    pts = []
    for t in range(n):
        a = 2 * math.pi * t / n
        f = 1 + wobble * (0.08 * math.sin(3 * a + z / 40) + 0.04 * math.cos(7 * a))
        pts += [cx + rx * f * math.cos(a), cy + ry * f * math.sin(a), z]
    return pts


def contour(points, k):
    return [(0x3006, 0x0016, "SQ", [[(0x0008, 0x1150, "UI", CT), (0x0008, 0x1155, "UI", root + "4.%d" % (k + 1))]]),
            (0x3006, 0x0042, "CS", "CLOSED_PLANAR"), (0x3006, 0x0046, "IS", len(points) // 3),
            (0x3006, 0x0050, "DS", [round(p, 4) for p in points])]


liver, tumour = [], []
for k in range(slices):
    z = -250 + 1.25 * k
    s = 0.75 + 0.25 * math.sin(math.pi * (k + 0.5) / slices)
    liver.append(contour(ring(-10.3, 5.7, 100 * s, 75 * s, vertices, z, 1.0), k))
    if k % 2 == 0:
        liver.append(contour(ring(-30.1, 10.2, 12.3, 9.1, 60, z, 0.5), k))
    if abs(k - slices // 2) < 20:
        tumour.append(contour(ring(40.4, -20.6, 20.2, 17.3, 120, z, 0.3), k))

rois = [[(0x3006, 0x0022, "IS", n), (0x3006, 0x0024, "UI", root + "3"), (0x3006, 0x0026, "LO", name),
         (0x3006, 0x0036, "CS", "MANUAL")] for n, name in [(1, "Liver"), (2, "Tumour")]]
contours = [[(0x3006, 0x002A, "IS", [220, 180, 0]), (0x3006, 0x0084, "IS", 1), (0x3006, 0x0040, "SQ", liver)],
            [(0x3006, 0x002A, "IS", [200, 0, 0]), (0x3006, 0x0084, "IS", 2), (0x3006, 0x0040, "SQ", tumour)]]
series = [(0x0020, 0x000E, "UI", root + "2")]
study = [(0x0008, 0x1150, "UI", "1.2.840.10008.3.1.2.3.1"), (0x0008, 0x1155, "UI", root + "1"),
         (0x3006, 0x0014, "SQ", [series])]
sop = root + "5.1"
elements = [
    (0x0008, 0x0016, "UI", "1.2.840.10008.5.1.4.1.1.481.3"), (0x0008, 0x0018, "UI", sop),
    (0x0008, 0x0020, "DA", "20260101"), (0x0008, 0x0030, "TM", "090000"),
    (0x0008, 0x0060, "CS", "RTSTRUCT"), (0x0010, 0x0010, "PN", "BENCH^PATIENT"), (0x0010, 0x0020, "LO", "BENCH0001"),
    (0x0020, 0x000D, "UI", root + "1"), (0x0020, 0x000E, "UI", root + "6"), (0x0020, 0x0011, "IS", 99),
    (0x3006, 0x0002, "SH", "BENCH"), (0x3006, 0x0008, "DA", "20260101"), (0x3006, 0x0009, "TM", "090000"),
    (0x3006, 0x0010, "SQ", [[(0x0020, 0x0052, "UI", root + "3"), (0x3006, 0x0012, "SQ", [study])]]),
    (0x3006, 0x0020, "SQ", rois), (0x3006, 0x0039, "SQ", contours),
    (0x3006, 0x0080, "SQ", [[(0x3006, 0x0082, "IS", n), (0x3006, 0x0084, "IS", n), (0x3006, 0x00A4, "CS", "ORGAN"),
                             (0x3006, 0x00A6, "PN", "")] for n in (1, 2)]),
]
os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
dw.write_part10(out, elements)
print("written", out, "with", len(liver), "liver and", len(tumour), "tumour contours")
