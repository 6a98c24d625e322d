#!/usr/bin/env python3
"""Times highdicom decoding a SEG onto its volume (for SegBenchmark). Usage: seg_highdicom_bench.py <seg.dcm> [runs].

Each run: hd.seg.segread(path) + get_volume(combine_segments=False, rescale_fractional=True) (decode all frames,
unpack bits, place by position). Imports are not timed. Prints JSON {"median_s": ..., "runs": [...], "voxels": n}.
"""
import json, statistics, sys, time

import highdicom as hd
import numpy as np

path = sys.argv[1]
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
times, voxels = [], 0
for _ in range(runs):
    t = time.perf_counter()
    volume = hd.seg.segread(path).get_volume(combine_segments=False, rescale_fractional=True)
    voxels = int(np.count_nonzero(volume.array))
    times.append(time.perf_counter() - t)
print(json.dumps({"median_s": statistics.median(times), "runs": times, "voxels": voxels, "highdicom": hd.__version__}))
