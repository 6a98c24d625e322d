#!/usr/bin/env python3
"""Times slicerio writing a Slicer segmentation (for SegExportBenchmark). Usage: segnrrd_slicerio_bench.py <x.seg.nrrd> [runs].

Reads the file once with slicerio.read_segmentation (not timed), then each run writes the same segmentation
(layered voxels, geometry, segment fields) with slicerio.write_segmentation(compression_level=6) to a temporary
file. Prints JSON {"median_s": ..., "runs": [...], "slicerio": version}.
"""
import json, os, statistics, sys, tempfile, time
from importlib.metadata import version

import slicerio

path = sys.argv[1]
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
segmentation = slicerio.read_segmentation(path)
out = os.path.join(tempfile.mkdtemp(), "copy.seg.nrrd")
times = []
for _ in range(runs):
    t = time.perf_counter()
    slicerio.write_segmentation(out, segmentation, compression_level=6)
    times.append(time.perf_counter() - t)
os.remove(out)
print(json.dumps({"median_s": statistics.median(times), "runs": times, "slicerio": version("slicerio")}))
