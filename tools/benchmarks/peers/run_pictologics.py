#!/usr/bin/env python3
"""One pictologics (numba) extraction, written as a CSV with PyRadiomics names where the feature is the same
quantity: run by radiomics_peers.py.

Usage: python run_pictologics.py IMAGE MASK OUT.csv START [--no-resample] [--full STARTS.json]

pictologics follows IBSI 1/2, not PyRadiomics; the configuration below is as close to PyRadiomics' as its options
allow, and what still differs is listed in radiomics_peers.py's docstring:
  * resample to 1 mm with "cubic" (scipy spline order 3; PyRadiomics sitkBSpline) on IBSI's grid whose centre
    stays at the image's centre (PyRadiomics: the ROI box's grid anchored at its corner), mask nearest neighbour;
  * FBS binWidth 25 from START: radiomics_peers.py passes PyRadiomics' own bin origin (floor(min/25)*25 of the ROI
    in PyRadiomics' image) because pictologics needs one fixed start; --full gives one per filtered image;
  * GLCM and GLRLM: one matrix merged over the 13 directions (IBSI 3D:mrg); PyRadiomics averages the features of
    the 13 per-direction matrices (3D:avg) - no option of pictologics 0.9.0 changes that;
  * IBSI kurtosis is the excess kurtosis: +3 here for PyRadiomics' Kurtosis;
  * with --full: LoG sigma 1-5 mm (truncate 4, mirror boundary), NOT scaled by sigma^2 (PyRadiomics: SimpleITK's
    recursive Gaussian, normalised across scale; pictologics has no such option), and the 8 undecimated coif1
    level-1 wavelets (mirror boundary; PyRadiomics: pywt.swtn, periodic).
pictologics also computes what PyRadiomics does not (GLDZM, convex hull, enclosing ellipsoid, histogram family, ...):
those are counted but not written under a PyRadiomics name.
The last line of stderr is "extract-seconds S": the time after the imports.
"""
import csv
import json
import math
import sys
import time

t_start = time.perf_counter()
from pictologics import RadiomicsPipeline  # noqa: E402

# PyRadiomics feature -> pictologics (IBSI) feature with the same definition (up to the notes above).
SAME = {
    "shape_VoxelVolume": "volume_voxel_counting_YEKZ", "shape_MeshVolume": "volume_RNU0",
    "shape_SurfaceArea": "surface_area_C0JK", "shape_SurfaceVolumeRatio": "surface_to_volume_ratio_2PR5",
    "shape_Sphericity": "sphericity_QCFX", "shape_Maximum3DDiameter": "maximum_3d_diameter_L0JK",
    "shape_MajorAxisLength": "major_axis_length_TDIC", "shape_MinorAxisLength": "minor_axis_length_P9VJ",
    "shape_LeastAxisLength": "least_axis_length_7J51", "shape_Elongation": "elongation_Q3CK",
    "shape_Flatness": "flatness_N17B",
    "firstorder_Mean": "mean_intensity_Q4LE", "firstorder_Variance": "intensity_variance_ECT3",
    "firstorder_Skewness": "intensity_skewness_KE2A", "firstorder_Kurtosis": "intensity_kurtosis_IPH6",
    "firstorder_Median": "median_intensity_Y12H", "firstorder_Minimum": "minimum_intensity_1GSF",
    "firstorder_10Percentile": "10th_intensity_percentile_QG58",
    "firstorder_90Percentile": "90th_intensity_percentile_8DWT", "firstorder_Maximum": "maximum_intensity_84IY",
    "firstorder_InterquartileRange": "intensity_interquartile_range_SALO", "firstorder_Range": "intensity_range_2OJQ",
    "firstorder_MeanAbsoluteDeviation": "intensity_mean_absolute_deviation_4FUA",
    "firstorder_RobustMeanAbsoluteDeviation": "intensity_robust_mean_absolute_deviation_1128",
    "firstorder_Energy": "intensity_energy_N8CA", "firstorder_RootMeanSquared": "root_mean_square_intensity_5ZWQ",
    "firstorder_Entropy": "discretised_intensity_entropy_TLU2",
    "firstorder_Uniformity": "discretised_intensity_uniformity_BJ5W",
    "glcm_MaximumProbability": "joint_maximum_GYBY", "glcm_JointAverage": "joint_average_60VM",
    "glcm_SumSquares": "joint_variance_UR99", "glcm_JointEntropy": "joint_entropy_TU9B",
    "glcm_DifferenceAverage": "difference_average_TF7R", "glcm_DifferenceVariance": "difference_variance_D3YU",
    "glcm_DifferenceEntropy": "difference_entropy_NTRS", "glcm_SumAverage": "sum_average_ZGXS",
    "glcm_SumEntropy": "sum_entropy_P6QZ", "glcm_JointEnergy": "angular_second_moment_8ZQL",
    "glcm_Contrast": "contrast_ACUI", "glcm_Id": "inverse_difference_IB1Z",
    "glcm_Idn": "normalised_inverse_difference_NDRX", "glcm_Idm": "inverse_difference_moment_WF0Z",
    "glcm_Idmn": "normalised_inverse_difference_moment_1QCO", "glcm_InverseVariance": "inverse_variance_E8JP",
    "glcm_Correlation": "correlation_NI2N", "glcm_Autocorrelation": "autocorrelation_QWB0",
    "glcm_ClusterTendency": "cluster_tendency_DG8W", "glcm_ClusterShade": "cluster_shade_7NFM",
    "glcm_ClusterProminence": "cluster_prominence_AE86", "glcm_Imc1": "information_correlation_1_R8DG",
    "glcm_Imc2": "information_correlation_2_JN9H",
    "glrlm_ShortRunEmphasis": "short_runs_emphasis_22OV", "glrlm_LongRunEmphasis": "long_runs_emphasis_W4KF",
    "glrlm_GrayLevelNonUniformity": "grey_level_non_uniformity_R5YN",
    "glrlm_GrayLevelNonUniformityNormalized": "normalised_grey_level_non_uniformity_OVBL",
    "glrlm_RunLengthNonUniformity": "run_length_non_uniformity_W92Y",
    "glrlm_RunLengthNonUniformityNormalized": "normalised_run_length_non_uniformity_IC23",
    "glrlm_RunPercentage": "run_percentage_9ZK5", "glrlm_GrayLevelVariance": "grey_level_variance_8CE5",
    "glrlm_RunVariance": "run_length_variance_SXLW", "glrlm_RunEntropy": "run_entropy_HJ9O",
    "glrlm_LowGrayLevelRunEmphasis": "low_grey_level_run_emphasis_V3SW",
    "glrlm_HighGrayLevelRunEmphasis": "high_grey_level_run_emphasis_G3QZ",
    "glrlm_ShortRunLowGrayLevelEmphasis": "short_run_low_grey_level_emphasis_HTZT",
    "glrlm_ShortRunHighGrayLevelEmphasis": "short_run_high_grey_level_emphasis_GD3A",
    "glrlm_LongRunLowGrayLevelEmphasis": "long_run_low_grey_level_emphasis_IVPO",
    "glrlm_LongRunHighGrayLevelEmphasis": "long_run_high_grey_level_emphasis_3KUM",
    "glszm_SmallAreaEmphasis": "small_zone_emphasis_P001", "glszm_LargeAreaEmphasis": "large_zone_emphasis_48P8",
    "glszm_GrayLevelNonUniformity": "grey_level_non_uniformity_JNSA",
    "glszm_GrayLevelNonUniformityNormalized": "normalised_grey_level_non_uniformity_Y1RO",
    "glszm_SizeZoneNonUniformity": "zone_size_non_uniformity_4JP3",
    "glszm_SizeZoneNonUniformityNormalized": "normalised_zone_size_non_uniformity_VB3A",
    "glszm_ZonePercentage": "zone_percentage_P30P", "glszm_GrayLevelVariance": "grey_level_variance_BYLV",
    "glszm_ZoneVariance": "zone_size_variance_3NSA", "glszm_ZoneEntropy": "zone_size_entropy_GU8N",
    "glszm_LowGrayLevelZoneEmphasis": "low_grey_level_zone_emphasis_XMSY",
    "glszm_HighGrayLevelZoneEmphasis": "high_grey_level_zone_emphasis_5GN9",
    "glszm_SmallAreaLowGrayLevelEmphasis": "small_zone_low_grey_level_emphasis_5RAI",
    "glszm_SmallAreaHighGrayLevelEmphasis": "small_zone_high_grey_level_emphasis_HW1V",
    "glszm_LargeAreaLowGrayLevelEmphasis": "large_zone_low_grey_level_emphasis_YH51",
    "glszm_LargeAreaHighGrayLevelEmphasis": "large_zone_high_grey_level_emphasis_J17V",
    "ngtdm_Coarseness": "coarseness_QCDE", "ngtdm_Contrast": "contrast_65HE", "ngtdm_Busyness": "busyness_NQ30",
    "ngtdm_Complexity": "complexity_HDEZ", "ngtdm_Strength": "strength_1X9X",
    "gldm_SmallDependenceEmphasis": "low_dependence_emphasis_SODN",
    "gldm_LargeDependenceEmphasis": "high_dependence_emphasis_IMOQ",
    "gldm_LowGrayLevelEmphasis": "low_grey_level_count_emphasis_TL9H",
    "gldm_HighGrayLevelEmphasis": "high_grey_level_count_emphasis_OAE7",
    "gldm_SmallDependenceLowGrayLevelEmphasis": "low_dependence_low_grey_level_emphasis_EQ3F",
    "gldm_SmallDependenceHighGrayLevelEmphasis": "low_dependence_high_grey_level_emphasis_JA6D",
    "gldm_LargeDependenceLowGrayLevelEmphasis": "high_dependence_low_grey_level_emphasis_NBZI",
    "gldm_LargeDependenceHighGrayLevelEmphasis": "high_dependence_high_grey_level_emphasis_9QMG",
    "gldm_GrayLevelNonUniformity": "grey_level_non_uniformity_FP8K",
    "gldm_DependenceNonUniformity": "dependence_count_non_uniformity_Z87G",
    "gldm_DependenceNonUniformityNormalized": "normalised_dependence_count_non_uniformity_OKJI",
    "gldm_GrayLevelVariance": "grey_level_variance_1PFV", "gldm_DependenceVariance": "dependence_count_variance_DNX2",
    "gldm_DependenceEntropy": "dependence_count_entropy_FCBV",
}

image_path, mask_path, out_path, start = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
starts = json.load(open(sys.argv[sys.argv.index("--full") + 1])) if "--full" in sys.argv else None

RESAMPLE = {"step": "resample", "params": {"new_spacing": (1.0, 1.0, 1.0), "interpolation": "cubic",
                                           "mask_interpolation": "nearest"}}


def discretise(min_val):
    return {"step": "discretise", "params": {"method": "FBS", "bin_width": 25.0, "min_val": float(min_val)}}


t0 = time.perf_counter()
pipeline = RadiomicsPipeline()
resample = [] if "--no-resample" in sys.argv else [RESAMPLE]
configs = {"original": resample + [discretise(start),
                        {"step": "extract_features", "params": {"families": ["intensity", "morphology", "texture"]}}]}
if starts is not None:
    filtered = [(f"log-sigma-{int(s)}-0-mm-3D", {"type": "log", "sigma_mm": float(s), "boundary": "mirror"})
                for s in (1, 2, 3, 4, 5)]
    # The same letters name the same sub-band in both (checked on the phantom: the means and variances pair up).
    filtered += [(f"wavelet-{d}", {"type": "wavelet", "wavelet": "coif1", "level": 1, "decomposition": d,
                                   "boundary": "mirror"})
                 for d in ("LLH", "LHL", "LHH", "HLL", "HLH", "HHL", "HHH", "LLL")]
    for name, params in filtered:
        configs[name] = resample + [{"step": "filter", "params": params}, discretise(starts[name]),
                         {"step": "extract_features", "params": {"families": ["intensity", "texture"]}}]
for name, steps in configs.items():
    pipeline.add_config(name, steps)
results = pipeline.run(image=image_path, mask=mask_path, config_names=list(configs))
t1 = time.perf_counter()

rows, computed = [], 0
for prefix, series in results.items():
    values = {str(k): float(v) for k, v in series.items()}
    computed += len(values)
    for ours, theirs in SAME.items():
        if prefix != "original" and ours.startswith("shape_"):
            continue
        if theirs in values:
            v = values[theirs] + (3.0 if ours == "firstorder_Kurtosis" else 0.0)
            rows.append((f"{prefix}_{ours}", v if math.isfinite(v) else float("nan")))
with open(out_path, "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["feature", "value"])
    w.writerows(rows)
print(f"pictologics computed {computed} values, {len(rows)} with a PyRadiomics name", file=sys.stderr)
print(f"extract-seconds {t1 - t0:.3f}", file=sys.stderr)
