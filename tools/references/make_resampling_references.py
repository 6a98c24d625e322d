#!/usr/bin/env python3
"""Independent references for RadStation's resampling (VolumeModule/Resampling), from SimpleITK's
ResampleImageFilter and PyRadiomics 3.1.0's imageoperations.resampleImage.

Run from the repository root with the PyRadiomics venv (it also holds SimpleITK 2.5.7 and numpy):

    VENV=/tmp/resample-pyrad bash ../shared/tools/pyradiomics-venv.sh
    /tmp/resample-pyrad/bin/python tools/references/make_resampling_references.py [--dump /tmp/dir]

Writes
  testdata/reference/resampling-sitk.json        synthetic anisotropic, rotated float32 image (23x17x9) and an int16
                                                 copy with a label mask; SimpleITK outputs on two grids (nearest,
                                                 linear, B-spline) and PyRadiomics resampleImage outputs (small crops).
  testdata/reference/resampling-brain1.json      PyRadiomics resampleImage on ../shared/testdata/pyradiomics/brain1
                                                 (int16 MR) at [1,1,1] mm, sitkBSpline and sitkLinear, padDistance 5:
                                                 output geometry, SHA-256 of the int16 image and uint8 mask, statistics.

Array convention: ITK memory order (i fastest, then j, then k), little-endian, base64. Geometry: size, spacing,
origin (LPS mm, centre of voxel 0), direction row-major (columns = i, j, k axes), floats printed with repr (exact).
--dump writes the full brain1 outputs as .npy files to the given folder (for debugging, never committed).
Nothing here is RadStation code: every output value comes from SimpleITK/ITK or PyRadiomics.
"""
import base64
import hashlib
import json
import os
import platform
import sys

import numpy as np
import SimpleITK as sitk
import radiomics
from radiomics import imageoperations

BRAIN1 = "../shared/testdata/pyradiomics/brain1_image.nrrd"
BRAIN1_LABEL = "../shared/testdata/pyradiomics/brain1_label.nrrd"


def geometry(img):
    return {
        "size": list(img.GetSize()),
        "spacing": list(img.GetSpacing()),
        "origin": list(img.GetOrigin()),
        "direction": list(img.GetDirection()),
    }


def b64(array, dtype):
    return base64.b64encode(np.ascontiguousarray(array, dtype=np.dtype(dtype).newbyteorder("<")).tobytes()).decode()


def arr(img):
    return sitk.GetArrayFromImage(img)  # (k, j, i) = ITK memory order when flattened


def rotation(axis, degrees):
    axis = np.asarray(axis, float) / np.linalg.norm(axis)
    a = np.radians(degrees)
    k = np.array([[0, -axis[2], axis[1]], [axis[2], 0, -axis[0]], [-axis[1], axis[0], 0]])
    return np.eye(3) + np.sin(a) * k + (1 - np.cos(a)) * (k @ k)


def synthetic_source():
    size = (23, 17, 9)
    img = sitk.Image(size, sitk.sitkFloat32)
    img.SetSpacing((0.8, 0.65, 2.5))
    img.SetOrigin((-10.3, 20.7, -35.2))
    img.SetDirection(tuple(rotation((1, 2, 3), 20).flatten()))
    k, j, i = np.meshgrid(np.arange(size[2]), np.arange(size[1]), np.arange(size[0]), indexing="ij")
    rng = np.random.default_rng(20261124)
    values = (400 * np.sin(i / 3.1) * np.cos(j / 4.3) + 35 * k + 3 * i * j - 120 + rng.normal(0, 60, i.shape))
    img = sitk.GetImageFromArray(values.astype(np.float32))
    img.SetSpacing((0.8, 0.65, 2.5))
    img.SetOrigin((-10.3, 20.7, -35.2))
    img.SetDirection(tuple(rotation((1, 2, 3), 20).flatten()))
    return img


def grid_reference(src):
    """Grid 1: rotated differently, anisotropic, overhanging the source (outside voxels, edge half-voxels)."""
    d = rotation((-2, 1, 0.5), 35)
    spacing = np.array([0.55, 0.9, 1.3])
    size = np.array([20, 12, 14])
    centre = np.array(src.TransformContinuousIndexToPhysicalPoint([(n - 1) / 2 for n in src.GetSize()]))
    origin = centre - d @ (spacing * (size - 1) / 2) + np.array([1.5, -2.0, 3.0])
    return {"size": size.tolist(), "spacing": spacing.tolist(), "origin": origin.tolist(),
            "direction": d.flatten().tolist()}


def grid_isotropic(src):
    """Grid 2: identity direction, 1 mm isotropic, around the source centre."""
    size = np.array([14, 12, 18])
    centre = np.array(src.TransformContinuousIndexToPhysicalPoint([(n - 1) / 2 for n in src.GetSize()]))
    origin = centre - (size - 1) / 2 + np.array([0.25, -0.35, 0.1])
    return {"size": size.tolist(), "spacing": [1.0, 1.0, 1.0], "origin": origin.tolist(),
            "direction": np.eye(3).flatten().tolist()}


def sitk_resample(src, grid, interpolator, default):
    f = sitk.ResampleImageFilter()
    f.SetSize([int(n) for n in grid["size"]])
    f.SetOutputSpacing(grid["spacing"])
    f.SetOutputOrigin(grid["origin"])
    f.SetOutputDirection(grid["direction"])
    f.SetInterpolator(interpolator)
    f.SetDefaultPixelValue(default)
    return f.Execute(src)


INTERPOLATORS = {"nearest": sitk.sitkNearestNeighbor, "linear": sitk.sitkLinear, "bSpline": sitk.sitkBSpline}


def synthetic_mask(src):
    size = src.GetSize()
    k, j, i = np.meshgrid(np.arange(size[2]), np.arange(size[1]), np.arange(size[0]), indexing="ij")
    m = np.zeros(i.shape, np.uint8)
    m[((i - 11) / 6.0) ** 2 + ((j - 8) / 5.0) ** 2 + ((k - 4) / 2.2) ** 2 <= 1] = 1
    m[(i >= 2) & (i <= 6) & (j >= 12) & (j <= 14) & (k == 6)] = 3  # single-slice ROI
    mask = sitk.GetImageFromArray(m)
    mask.CopyInformation(src)
    return mask


def pyradiomics_case(image, mask, name, spacing, interpolator, pad, label):
    mask32 = sitk.Cast(mask, sitk.sitkUInt32)
    out_img, out_mask = imageoperations.resampleImage(image, mask32, resampledPixelSpacing=spacing,
                                                      interpolator=interpolator, padDistance=pad, label=label)
    pixel = out_img.GetPixelIDTypeAsString()
    values = arr(out_img)
    entry = {
        "name": name, "spacing": spacing, "interpolator": interpolator, "padDistance": pad, "label": label,
        "geometry": geometry(out_img), "maskGeometry": geometry(out_mask), "outputPixelType": pixel,
        "mask": b64(arr(out_mask).astype(np.uint8), "u1"),
    }
    if values.dtype == np.int16:
        entry["imageInt16"] = b64(values, "i2")
    else:
        entry["imageFloat32"] = b64(values, "f4")
    return entry


def synthetic_references():
    src = synthetic_source()
    out = {"source": geometry(src), "sourceFloat32": b64(arr(src), "f4"), "cases": []}
    for gname, grid, default in [("rotated", grid_reference(src), -1024.0), ("isotropic", grid_isotropic(src), 0.0)]:
        for iname, itk_interp in INTERPOLATORS.items():
            res = sitk_resample(src, grid, itk_interp, default)
            out["cases"].append({"grid": gname, "interpolation": iname, "defaultValue": default,
                                 "geometry": geometry(res), "valuesFloat32": b64(arr(res), "f4")})
    # A single-slice source (axis of length 1: ITK skips its prefilter and mirrors every support index to 0).
    flat = sitk.GetImageFromArray(arr(src)[4:5])
    flat.SetSpacing(src.GetSpacing())
    flat.SetOrigin(src.GetOrigin())
    flat.SetDirection(src.GetDirection())
    out["flatSource"] = {"geometry": geometry(flat), "float32": b64(arr(flat), "f4")}
    grid = grid_isotropic(flat)
    grid["size"] = [14, 12, 3]
    centre = np.array(flat.TransformContinuousIndexToPhysicalPoint([11, 8, 0]))
    grid["origin"] = (centre - np.array([6.5, 5.5, 1.0]) + np.array([0.25, -0.35, 0.1])).tolist()
    for iname in ["linear", "bSpline"]:
        res = sitk_resample(flat, grid, INTERPOLATORS[iname], -5.0)
        out["cases"].append({"grid": "flat", "interpolation": iname, "defaultValue": -5.0,
                             "geometry": geometry(res), "valuesFloat32": b64(arr(res), "f4")})
    # PyRadiomics mode. Exact cases use an axis-aligned (signed permutation) direction: there ITK's SVD inverse of
    # direction*spacing is exactly diag(1/s)*D^T, so every continuous index (and every .5 tie of the corner-aligned
    # grid) can be reproduced bit for bit. The rotated cases are compared with a tolerance in the Swift tests.
    permuted = sitk.GetImageFromArray(arr(src))
    permuted.SetSpacing(src.GetSpacing())
    permuted.SetOrigin(src.GetOrigin())
    permuted.SetDirection((0.0, -1.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 1.0))
    out["pyradiomicsSources"] = {}
    out["pyradiomics"] = []
    for key, base, exact in [("permuted", permuted, True), ("rotated", src, False)]:
        int_img = sitk.Cast(sitk.Cast(base, sitk.sitkFloat32) * 1.7, sitk.sitkInt16)
        int_img.CopyInformation(base)
        mask = synthetic_mask(base)
        out["pyradiomicsSources"][key] = {"geometry": geometry(base), "int16": b64(arr(int_img), "i2"),
                                          "mask": b64(arr(mask), "u1")}
        cases = [
            (int_img, "int16 bspline 1mm pad2", [1, 1, 1], "sitkBSpline", 2, 1),
            (int_img, "int16 linear 1mm pad2", [1, 1, 1], "sitkLinear", 2, 1),
        ]
        if exact:
            # Mask on its own, smaller grid (a sub-region, as DICOM SEG masks often are): the output grid is built
            # from the mask, the image is sampled through physical coordinates.
            sub_mask = sitk.RegionOfInterest(mask, [17, 14, 7], [3, 2, 1])  # size, index
            out["pyradiomicsSources"][key]["subMask"] = {"geometry": geometry(sub_mask), "mask": b64(arr(sub_mask), "u1")}
            entry = pyradiomics_case(int_img, sub_mask, "int16 bspline 1mm pad3, mask on a sub-grid",
                                     [1, 1, 1], "sitkBSpline", 3, 1)
            entry["source"] = key
            entry["exact"] = exact
            entry["subMask"] = True
            out["pyradiomics"].append(entry)
            cases += [
                (int_img, "int16 bspline keep-z pad1", [0.5, 0.5, 0], "sitkBSpline", 1, 1),
                (int_img, "int16 same spacing (no interpolation)", [0.8, 0.65, 2.5], "sitkBSpline", 3, 1),
                (int_img, "int16 single-slice ROI linear", [1, 1, 1], "sitkLinear", 2, 3),
                (base, "float32 bspline 1mm pad5", [1, 1, 1], "sitkBSpline", 5, 1),
            ]
        for image, name, spacing, interp, pad, label in cases:
            entry = pyradiomics_case(image, mask, name, spacing, interp, pad, label)
            entry["source"] = key
            entry["exact"] = exact
            out["pyradiomics"].append(entry)
    return out


def brain1_references(dump):
    image = sitk.ReadImage(BRAIN1)
    mask = sitk.ReadImage(BRAIN1_LABEL)
    out = {"input": {"image": BRAIN1, "label": BRAIN1_LABEL, "imageGeometry": geometry(image),
                     "maskGeometry": geometry(mask), "imagePixelType": image.GetPixelIDTypeAsString()},
           "cases": []}
    for interp in ["sitkBSpline", "sitkLinear"]:
        mask32 = sitk.Cast(mask, sitk.sitkUInt32)
        out_img, out_mask = imageoperations.resampleImage(image, mask32, resampledPixelSpacing=[1, 1, 1],
                                                          interpolator=interp, padDistance=5, label=1)
        a = arr(out_img)
        m = arr(out_mask)
        assert a.dtype == np.int16 and m.max() <= 255
        a16 = np.ascontiguousarray(a, dtype="<i2")
        m8 = np.ascontiguousarray(m, dtype=np.uint8)
        out["cases"].append({
            "interpolator": interp, "spacing": [1, 1, 1], "padDistance": 5, "label": 1,
            "geometry": geometry(out_img), "maskGeometry": geometry(out_mask),
            "outputPixelType": out_img.GetPixelIDTypeAsString(),
            "imageSHA256": hashlib.sha256(a16.tobytes()).hexdigest(),
            "maskSHA256": hashlib.sha256(m8.tobytes()).hexdigest(),
            "imageMin": int(a.min()), "imageMax": int(a.max()), "imageSum": int(a.astype(np.int64).sum()),
            "maskCount": int((m == 1).sum()),
        })
        if dump:
            os.makedirs(dump, exist_ok=True)
            np.save(os.path.join(dump, f"brain1_{interp}_image.npy"), a16)
            np.save(os.path.join(dump, f"brain1_{interp}_mask.npy"), m8)
    return out


def header():
    return {"tools": {"SimpleITK": sitk.Version_VersionString(), "pyradiomics": radiomics.__version__,
                      "numpy": np.__version__, "python": platform.python_version()},
            "script": "tools/references/make_resampling_references.py",
            "conventions": "ITK memory order (i fastest), little-endian base64; direction row-major"}


def main():
    dump = sys.argv[sys.argv.index("--dump") + 1] if "--dump" in sys.argv else None
    synthetic = synthetic_references()
    synthetic["header"] = header()
    with open("testdata/reference/resampling-sitk.json", "w") as f:
        json.dump(synthetic, f, indent=1, sort_keys=True)
    if os.path.exists(BRAIN1):
        brain = brain1_references(dump)
        brain["header"] = header()
        with open("testdata/reference/resampling-brain1.json", "w") as f:
            json.dump(brain, f, indent=1, sort_keys=True)
    else:
        print("brain1 not found; resampling-brain1.json not rewritten", file=sys.stderr)


if __name__ == "__main__":
    main()
