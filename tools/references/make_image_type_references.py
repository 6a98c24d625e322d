#!/usr/bin/env python3
"""Reference features of PyRadiomics 3.1.0's simple image types (Square, SquareRoot, Logarithm, Exponential,
Gradient) on brain1.

Run from the repository root with the PyRadiomics venv (SimpleITK 2.5.7, numpy 2.4.6):

    VENV=/tmp/pyrad-venv bash ../shared/tools/pyradiomics-venv.sh
    /tmp/pyrad-venv/bin/python tools/references/make_image_type_references.py

Writes testdata/reference/image-types-pyradiomics.json: for each configuration its parameter text (given to
RadiomicsFeatureExtractor as is) and every non-diagnostic output. Every number comes from PyRadiomics; nothing here
is RadStation code.

* `bspline`: brain1 resampled to 1 mm with sitkBSpline (the B-spline over/undershoot gives negative intensities, so
  the sign branches of SquareRoot and Logarithm are exercised), all five types, every texture class.
* `no-resampling`: brain1 on its own anisotropic 0.78 x 0.78 x 6.5 mm grid (preCrop), Gradient with and without
  spacing (`gradientUseSpacing`), first order only.
"""
import json
import logging
import os
import sys

import radiomics
from radiomics import featureextractor

radiomics.logger.setLevel(logging.ERROR)
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DATA = os.path.join(ROOT, "..", "shared", "testdata", "pyradiomics")

CONFIGS = {
    "bspline": """
setting: {binWidth: 25, label: 1, interpolator: sitkBSpline, resampledPixelSpacing: [1, 1, 1]}
imageType:
  Square: {}
  SquareRoot: {}
  Logarithm: {}
  Exponential: {}
  Gradient: {}
featureClass:
  firstorder:
  glcm:
  glrlm:
  glszm:
  gldm:
  ngtdm:
""",
    "no-resampling-spacing": """
setting: {binWidth: 5, label: 1, preCrop: true}
imageType:
  Gradient: {gradientUseSpacing: true}
featureClass:
  firstorder:
""",
    "no-resampling-index": """
setting: {binWidth: 5, label: 1, preCrop: true, gradientUseSpacing: false}
imageType:
  Gradient: {}
featureClass:
  firstorder:
""",
}


def main():
    out = {"pyradiomics": radiomics.__version__, "image": "brain1_image.nrrd", "mask": "brain1_label.nrrd",
           "configurations": {}}
    import tempfile
    for name, text in CONFIGS.items():
        with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as f:
            f.write(text)
            path = f.name
        extractor = featureextractor.RadiomicsFeatureExtractor(path)
        os.unlink(path)
        result = extractor.execute(os.path.join(DATA, "brain1_image.nrrd"), os.path.join(DATA, "brain1_label.nrrd"))
        features = {k: float(v) for k, v in result.items() if not k.startswith("diagnostics_")}
        out["configurations"][name] = {"parameters": text.strip(), "features": features}
        print(name, len(features), file=sys.stderr)
    target = os.path.join(ROOT, "testdata", "reference", "image-types-pyradiomics.json")
    with open(target, "w") as f:
        json.dump(out, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
