"""SimpleITK side of MorphologyBenchmark: times BinaryDilate/BinaryErode (ball kernel, radius in whole voxels
per axis) and SignedMaurerDistanceMap thresholding on the mask written by the Swift benchmark, and compares
the Swift outputs voxel by voxel. Prints one JSON object. Usage: morphology_sitk.py <work dir> <runs>"""
import json
import sys
import time

import numpy as np
import SimpleITK as sitk

work, runs = sys.argv[1], int(sys.argv[2])
shape = (89, 512, 512)  # NumPy (k, j, i) order of the ITK (i, j, k) grid
spacing = (0.703, 0.703, 2.5)
r = 10.0


def load(name):
    return np.fromfile(f"{work}/{name}", dtype=np.uint8).reshape(shape)


def image(array):
    img = sitk.GetImageFromArray(array)
    img.SetSpacing(spacing)
    return img


def timed(fn):
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return sorted(times)[len(times) // 2], result


mask = load("mask.u8")
ours_dilated, ours_eroded = load("dilated.u8"), load("eroded.u8")
img = image(mask)
radius = [int(round(r / s)) for s in spacing]

t_bd, ball_d = timed(lambda: sitk.BinaryDilate(img, radius, sitk.sitkBall, 0, 1))
t_be, ball_e = timed(lambda: sitk.BinaryErode(img, radius, sitk.sitkBall, 0, 1))


def maurer(array):
    return sitk.SignedMaurerDistanceMap(image(array), insideIsPositive=False, squaredDistance=False,
                                        useImageSpacing=True)


def maurer_dilate():
    return sitk.GetArrayFromImage(maurer(mask)) <= r


def maurer_erode():
    return sitk.GetArrayFromImage(maurer((mask == 0).astype(np.uint8))) > r


t_md, m_d = timed(maurer_dilate)
t_me, m_e = timed(maurer_erode)
ball_d, ball_e = sitk.GetArrayFromImage(ball_d), sitk.GetArrayFromImage(ball_e)
print(json.dumps({
    "version": sitk.Version_VersionString(),
    "ball_radius": radius,
    "ball_dilate_s": t_bd, "ball_erode_s": t_be, "maurer_dilate_s": t_md, "maurer_erode_s": t_me,
    "ball_dilate_voxels": int(ball_d.sum()), "ball_erode_voxels": int(ball_e.sum()),
    "dilate_vs_maurer_mismatch": int(np.count_nonzero((ours_dilated != 0) != m_d)),
    "erode_vs_maurer_mismatch": int(np.count_nonzero((ours_eroded != 0) != m_e)),
    "dilate_vs_ball_mismatch": int(np.count_nonzero((ours_dilated != 0) != (ball_d != 0))),
    "erode_vs_ball_mismatch": int(np.count_nonzero((ours_eroded != 0) != (ball_e != 0))),
}))
