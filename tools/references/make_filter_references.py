#!/usr/bin/env python3
"""Reference outputs of PyRadiomics 3.1.0's LoG and wavelet image types on small seeded random images.

Run from the repository root with the PyRadiomics venv (SimpleITK 2.5.7, PyWavelets, numpy 2.4.6):

    VENV=/tmp/pyrad-venv bash ../shared/tools/pyradiomics-venv.sh
    /tmp/pyrad-venv/bin/python tools/references/make_filter_references.py

Writes testdata/reference/filters-pyradiomics.json. Every output number comes from PyRadiomics'
`imageoperations.getLoGImage` (SimpleITK LaplacianRecursiveGaussianImageFilter) and
`imageoperations.getWaveletImage` (PyWavelets swtn); nothing here is RadStation code.
Arrays are little-endian base64 in ITK order (i fastest), dtype as named.
"""
import base64
import json
import logging

import numpy as np
import pywt
import radiomics
import SimpleITK as sitk
from radiomics import imageoperations

OUT = "testdata/reference/filters-pyradiomics.json"


def encode(array, dtype):
    return base64.b64encode(np.ascontiguousarray(array, dtype=np.dtype(dtype).newbyteorder("<")).tobytes()).decode()


def image_from(array_zyx, spacing):
    image = sitk.GetImageFromArray(array_zyx)
    image.SetSpacing(spacing)
    image.SetOrigin((-12.5, 30.25, 7.0))
    return image


def case(name, array_zyx, spacing, sigmas, wavelet_args):
    image = image_from(array_zyx, spacing)
    mask = sitk.Image(image.GetSize(), sitk.sitkUInt8)
    mask.CopyInformation(image)
    entry = {
        "name": name,
        "size": list(image.GetSize()),
        "spacing": list(spacing),
        "inputDtype": str(array_zyx.dtype),
        "input": encode(array_zyx, array_zyx.dtype),
        "sigmas": sigmas,
        "log": [],
        "wavelet": wavelet_args,
        "waveletImages": [],
    }
    for out, out_name, _ in imageoperations.getLoGImage(image, mask, sigma=sigmas):
        arr = sitk.GetArrayFromImage(out)
        entry["log"].append({"name": out_name, "dtype": str(arr.dtype), "values": encode(arr, arr.dtype)})
    for out, out_name, _ in imageoperations.getWaveletImage(image, mask, **wavelet_args):
        arr = sitk.GetArrayFromImage(out)
        entry["waveletImages"].append({"name": out_name, "dtype": str(arr.dtype), "values": encode(arr, arr.dtype)})
    return entry


def main():
    logging.getLogger("radiomics").setLevel(logging.ERROR)
    rng = np.random.default_rng(20261122)
    cases = [
        # int16 input, odd sizes (wavelet padding), anisotropic; σ 10 does not fit and is skipped.
        case("int16-odd", rng.integers(-1000, 2000, size=(7, 9, 11)).astype(np.int16), (0.8, 1.1, 1.7),
             [1.0, 2.5, 10.0], {"wavelet": "coif1", "start_level": 1, "level": 2}),
        # float32 input, even sizes: PyWavelets computes in float32.
        case("float32-even", (rng.normal(size=(6, 8, 10)) * 300).astype(np.float32), (1.0, 0.7, 2.0),
             [1.5], {"wavelet": "coif1", "start_level": 0, "level": 1}),
        # A dimension below 4 voxels: PyRadiomics computes no LoG at all.
        case("int16-thin", rng.integers(0, 500, size=(3, 6, 7)).astype(np.int16), (1.0, 1.0, 1.0),
             [1.0], {"wavelet": "haar", "start_level": 0, "level": 1}),
    ]
    header = {"pyradiomics": radiomics.__version__, "SimpleITK": sitk.Version.VersionString(),
              "pywt": pywt.__version__, "numpy": np.__version__, "seed": 20261122}
    with open(OUT, "w") as f:
        json.dump({"header": header, "cases": cases}, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
