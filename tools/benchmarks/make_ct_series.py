#!/usr/bin/env python3
"""Writes a synthetic 512x512xN CT series (signed 16-bit, intercept -1024, 0.7 mm pixels, 1.25 mm slices,
Explicit VR Little Endian) for the conversion benchmark. Usage: make_ct_series.py <folder> [slices].
Python standard library only (uses tools/fixtures/dicomwriter.py)."""
import array, os, random, sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures"))
import dicomwriter as dw  # noqa: E402

folder = sys.argv[1]
slices = int(sys.argv[2]) if len(sys.argv) > 2 else 200
os.makedirs(folder, exist_ok=True)
n = 512
rng = random.Random(7)
noise = array.array("h", (rng.randint(-12, 12) for _ in range(n * n + 4096)))
body = array.array("h", bytes(2 * n * n))
for j in range(n):
    for i in range(n):
        dx, dy = (i - 256) / 240.0, (j - 256) / 200.0
        body[j * n + i] = 24 if dx * dx + dy * dy > 1 else 1064  # stored = HU + 1024 (air -1000, tissue 40)
root = "1.2.826.0.1.3680043.10.1411.9."
for k in range(slices):
    shift = (k * 97) % 4096
    px = array.array("h", (b + (noise[m + shift] if b > 100 else 0) for m, b in enumerate(body)))
    uid = root + "4.%d" % (k + 1)
    elements = [
        (0x0008, 0x0016, "UI", "1.2.840.10008.5.1.4.1.1.2"), (0x0008, 0x0018, "UI", uid),
        (0x0008, 0x0060, "CS", "CT"), (0x0008, 0x0008, "CS", ["ORIGINAL", "PRIMARY", "AXIAL"]),
        (0x0010, 0x0010, "PN", "BENCH^PATIENT"), (0x0010, 0x0020, "LO", "BENCH0001"),
        (0x0020, 0x000D, "UI", root + "1"), (0x0020, 0x000E, "UI", root + "2"), (0x0020, 0x0052, "UI", root + "3"),
        (0x0020, 0x0013, "IS", k + 1), (0x0020, 0x0032, "DS", [-179.0, -179.0, -250 + 1.25 * k]),
        (0x0020, 0x0037, "DS", [1, 0, 0, 0, 1, 0]), (0x0018, 0x0050, "DS", 1.25),
        (0x0028, 0x0002, "US", 1), (0x0028, 0x0004, "CS", "MONOCHROME2"), (0x0028, 0x0010, "US", n),
        (0x0028, 0x0011, "US", n), (0x0028, 0x0030, "DS", [0.7, 0.7]), (0x0028, 0x0100, "US", 16),
        (0x0028, 0x0101, "US", 16), (0x0028, 0x0102, "US", 15), (0x0028, 0x0103, "US", 1),
        (0x0028, 0x1052, "DS", -1024), (0x0028, 0x1053, "DS", 1), (0x7FE0, 0x0010, "OW", px.tobytes()),
    ]
    dw.write_part10(os.path.join(folder, "IM%05d" % k), elements, "1.2.840.10008.5.1.4.1.1.2", uid)
print("written", slices, "slices to", folder)
