#!/usr/bin/env python3
"""SimpleITK side of ResamplingBenchmark: reads the raw int16 volume the Swift benchmark wrote, resamples it with
sitk.ResampleImageFilter (output int16, default value 0) onto the given grid for each interpolator, and prints one
JSON object {interpolator: [wall seconds per run], interpolator_cpu: [CPU seconds, all threads], "threads": n, "sha256": {interpolator: hash of int16 output}}.

    python sitk_resample.py volume.raw geometry.json target.json linear,bSpline runs
"""
import hashlib
import json
import sys
import time

import numpy as np
import SimpleITK as sitk

raw, geometry_path, target_path, names, runs = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4].split(","), int(sys.argv[5])
g = json.load(open(geometry_path))
t = json.load(open(target_path))
n = g["size"]
image = sitk.GetImageFromArray(np.fromfile(raw, dtype="<i2").reshape(n[2], n[1], n[0]))
image.SetSpacing(g["spacing"])
image.SetOrigin(g["origin"])
image.SetDirection(g["direction"])
interpolators = {"nearest": sitk.sitkNearestNeighbor, "linear": sitk.sitkLinear, "bSpline": sitk.sitkBSpline}
result = {"threads": sitk.ProcessObject.GetGlobalDefaultNumberOfThreads(), "sha256": {}}
for name in names:
    times, cpus = [], []
    for _ in range(runs):
        f = sitk.ResampleImageFilter()
        f.SetSize(t["size"])
        f.SetOutputSpacing(t["spacing"])
        f.SetOutputOrigin(t["origin"])
        f.SetOutputDirection(t["direction"])
        f.SetInterpolator(interpolators[name])
        f.SetDefaultPixelValue(0)
        start, cpu = time.perf_counter(), time.process_time()
        out = f.Execute(image)
        times.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    result[name] = times
    result[name + "_cpu"] = cpus
    result["sha256"][name] = hashlib.sha256(sitk.GetArrayViewFromImage(out).astype("<i2").tobytes()).hexdigest()
    del out
print(json.dumps(result))
