#!/usr/bin/env python3
"""One fastrad (PyTorch, CPU) extraction, written as a PyRadiomics-named CSV: run by radiomics_peers.py.

Usage: python run_fastrad.py IMAGE MASK OUT.csv [--no-resample] [--log SIGMA ...]

The pipeline is fastrad's own pieces (fastrad.io, the calls inside fastrad.load_and_align), with one change:
crop_to_bbox pads the ROI box by 5 voxels (PyRadiomics' padDistance) instead of 0, so that the LoG filter sees
image around the ROI as in PyRadiomics; the Original features do not depend on the pad (the extractor crops again).
  * resampling: fastrad.io.resample_to_isotropic, sitkBSpline on a grid that keeps the whole image's origin
    (PyRadiomics resamples only the ROI box, with its grid anchored at the box's corner), float32 voxels;
  * LoG: fastrad's analytical kernel by conv3d with zero padding (PyRadiomics: SimpleITK's recursive Gaussian);
  * no wavelet (fastrad 1.2.0 has Original, LoG, Square, SquareRoot, Logarithm, Exponential);
  * binWidth 25, all 7 classes, device "cpu" (torch's default of 2 threads here).
The last line of stderr is "extract-seconds S": the time after the imports.
"""
import csv
import sys
import time

t_start = time.perf_counter()
import torch  # noqa: E402
import fastrad  # noqa: E402
from fastrad import io as fio  # noqa: E402
from fastrad import FeatureExtractor, FeatureSettings  # noqa: E402
from fastrad.image import Mask, MedicalImage  # noqa: E402

try:
    from loguru import logger

    logger.remove()
except ImportError:
    pass

image_path, mask_path, out_path = sys.argv[1:4]
sigmas = [float(s) for s in sys.argv[sys.argv.index("--log") + 1:] if not s.startswith("--")] if "--log" in sys.argv else []

t0 = time.perf_counter()
image = fio._read_sitk_image(image_path)
mask = fio._read_sitk_image(mask_path)
if "--no-resample" not in sys.argv:
    image, mask = fio.resample_to_isotropic(image, mask, (1.0, 1.0, 1.0))
image, mask = fio.crop_to_bbox(image, mask, pad=5)
image_t, image_spacing = fio._sitk_to_tensor(image)
mask_t, mask_spacing = fio._sitk_to_tensor(mask)
image = MedicalImage(tensor=image_t, spacing=image_spacing)
mask = Mask(tensor=mask_t, spacing=mask_spacing)
filters = {"Original": {}}
if sigmas:
    filters["LoG"] = {"sigma": sigmas}
images = fastrad.apply_builtin_filters(image, filters)
extractor = FeatureExtractor(FeatureSettings(bin_width=25.0, device="cpu"))

SPECIAL = {"10th_percentile": "10Percentile", "90th_percentile": "90Percentile", "mcc": "MCC",
           "maximum_3d_diameter": "Maximum3DDiameter", "maximum_2d_diameter_slice": "Maximum2DDiameterSlice",
           "maximum_2d_diameter_column": "Maximum2DDiameterColumn",
           "maximum_2d_diameter_row": "Maximum2DDiameterRow"}


def pyradiomics_name(prefix, key):
    family, name = key.split(":", 1)
    camel = SPECIAL.get(name) or "".join(part[:1].upper() + part[1:] for part in name.split("_"))
    return f"{prefix}_{family}_{camel}"


rows = []
for prefix, filtered in images.items():
    for key, value in extractor.extract(filtered, mask).items():
        if prefix != "original" and key.startswith("shape"):
            continue  # PyRadiomics computes shape on the Original image only
        rows.append((pyradiomics_name(prefix, key), value))
t1 = time.perf_counter()
with open(out_path, "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["feature", "value"])
    w.writerows(rows)
print(f"torch {torch.__version__} threads {torch.get_num_threads()}", file=sys.stderr)
print(f"extract-seconds {t1 - t0:.3f}", file=sys.stderr)
