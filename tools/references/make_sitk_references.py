#!/usr/bin/env python3
"""Independent reference values for RadStation's DICOM series reading, from
SimpleITK (ITK's GDCM ImageSeriesReader / GDCMImageIO) and nibabel.

Run from the repository root (needs the venv from tools/references/requirements.txt):

    /tmp/refvenv/bin/python tools/references/make_sitk_references.py

Writes testdata/reference/sitk-series.json (sorted keys, indent 1).

Nothing here is RadStation code: every number comes from SimpleITK/ITK/GDCM or nibabel.
When SimpleITK fails or does something surprising the entry records it
(`error`, `observations`) instead of being dropped.
"""
import datetime
import hashlib
import json
import os
import platform
import sys
import tempfile

import nibabel
import numpy as np
import SimpleITK as sitk

OUT = "testdata/reference/sitk-series.json"
FIXTURES_JSON = "testdata/dicom/fixtures.json"

SERIES_FOLDERS = [
    "testdata/dicom/uniform",
    "testdata/dicom/reversed_instance",
    "testdata/dicom/per_slice_rescale",
    "testdata/dicom/unsigned12",
    "testdata/dicom/mr_series",
    "testdata/dicom/codecs/implicit_le",
    "testdata/dicom/codecs/big_endian",
    "testdata/dicom/codecs/deflate",
    "testdata/dicom/codecs/jpeg_lossless_p14",
    "testdata/dicom/codecs/jpeg_lossless_sv1",
    "testdata/dicom/codecs/jpegls_lossless",
    "testdata/dicom/codecs/rle",
    # testdata/demo-study/* series folders are appended in main()
    "../shared/testdata/dicom/dcmqi_ct3slice_liver_seg/ct",
    "../shared/testdata/dicom/pydicom_mixed_study_scout_axial/CT5N",
]
SINGLE_FILE_FOLDERS = [
    "testdata/dicom/enhanced_descending",  # one multi-frame file -> sitk.ReadImage(file)
]


def fl(x):
    return [float(v) for v in x]


def voxel_stats(img):
    """img must already be sitkFloat32."""
    arr = sitk.GetArrayFromImage(img)  # (k, j, i) C-order == ITK memory order (i fastest)
    buf = np.ascontiguousarray(arr.astype("<f4")).tobytes()
    a64 = arr.astype(np.float64)
    return arr, {
        "sha256_float32": hashlib.sha256(buf).hexdigest(),
        "min": float(a64.min()),
        "max": float(a64.max()),
        "sum": float(a64.sum()),
    }


def nifti_roundtrip(img):
    """Write img with sitk.WriteImage to a temp .nii.gz, read it back with nibabel."""
    fd, path = tempfile.mkstemp(suffix=".nii.gz", prefix="sitkref_")
    os.close(fd)
    try:
        sitk.WriteImage(img, path)
        nimg = nibabel.load(path)
        hdr = nimg.header
        data = np.asanyarray(nimg.dataobj)
        # nibabel array is (i, j, k); SimpleITK array is (k, j, i)
        sarr = sitk.GetArrayFromImage(img)
        same = bool(data.shape == sarr.T.shape and np.array_equal(data, sarr.T))
        return {
            "nibabel_affine": [fl(row) for row in nimg.affine],
            "qform_code": int(hdr["qform_code"]),
            "sform_code": int(hdr["sform_code"]),
            "dataobj_dtype": str(nimg.get_data_dtype()),
            "written_pixel_type": img.GetPixelIDTypeAsString(),
            "nibabel_array_equals_sitk_array_transposed": same,
        }
    finally:
        os.remove(path)


def load_fixtures():
    if not os.path.exists(FIXTURES_JSON):
        return {}
    with open(FIXTURES_JSON) as f:
        return json.load(f)["fixtures"]


def fixture_expected(vol):
    """Expected values per fixture slice (list of (ipp, 2-D array[j,i])) from fixtures.json's formula,
    or None when the volume has no closed formula."""
    px = vol.get("pixel")
    if not px or px.get("v") != "c0 + ci*i + cj*j + ck*k":
        return None
    rows, cols = vol["rows"], vol["columns"]
    j, i = np.mgrid[0:rows, 0:cols].astype(np.float64)
    out = []
    for s in vol["slices"]:
        v = px["c0"] + px["ci"] * i + px["cj"] * j + px["ck"] * s["k"]
        slope, icpt = s.get("rescale_slope", 1.0), s.get("rescale_intercept", 0.0)
        if px["stored"] == "v":
            stored = v
        elif px["stored"].startswith("floor((v - 1024 - rescale_intercept) / rescale_slope)"):
            stored = np.floor((v - 1024 - icpt) / slope)
        else:
            return None
        val = slope * stored + icpt if px["hu"] else stored
        out.append((np.array(s["ipp"], dtype=np.float64), val))
    return out


def compare_with_fixture(img, arr, vol):
    """Match each SimpleITK slice to the fixture slice at the same physical position and
    compare voxel values with the fixtures.json formula. Purely informative."""
    exp = fixture_expected(vol)
    if exp is None:
        return None
    size = img.GetSize()
    if (size[0], size[1]) != (vol["columns"], vol["rows"]):
        return {"comparable": False, "reason": "in-plane size differs from fixture"}
    max_diff = 0.0
    max_pos_err = 0.0
    order = []
    for kk in range(size[2]):
        p = np.array(img.TransformIndexToPhysicalPoint((0, 0, kk)))
        d = [np.linalg.norm(p - ipp) for ipp, _ in exp]
        n = int(np.argmin(d))
        max_pos_err = max(max_pos_err, float(d[n]))
        order.append(n)
        max_diff = max(max_diff, float(np.abs(arr[kk].astype(np.float64) - exp[n][1]).max()))
    return {
        "comparable": True,
        "fixture_volume_label": vol["label"],
        "sitk_slice_to_fixture_spatial_slice": order,
        "max_position_error_mm": max_pos_err,
        "max_abs_value_diff": max_diff,
        "fixture_tolerance": vol["pixel"].get("tolerance", 0),
        "fixture_slice_count": len(exp),
    }


def find_fixture_volume(fixtures, folder, series_uid):
    prefix = "testdata/dicom/"
    if not folder.startswith(prefix):
        return None
    fx = fixtures.get(folder[len(prefix):])
    if not fx:
        return None
    for vol in fx["volumes"]:
        if series_uid is None or vol.get("series_instance_uid") == series_uid:
            return vol
    return None


def geometry(img):
    return {
        "size": [int(v) for v in img.GetSize()],
        "spacing": fl(img.GetSpacing()),
        "origin": fl(img.GetOrigin()),
        "direction": fl(img.GetDirection()),
        "native_pixel_type": img.GetPixelIDTypeAsString(),
        "number_of_components_per_pixel": int(img.GetNumberOfComponentsPerPixel()),
    }


def describe(img, folder, fixtures, series_uid, observations, reader_float32_img=None):
    entry = geometry(img)
    f32 = sitk.Cast(img, sitk.sitkFloat32)
    arr, stats = voxel_stats(f32)
    entry.update(stats)
    if reader_float32_img is not None:
        _, s2 = voxel_stats(reader_float32_img)
        entry["sha256_float32_when_reader_output_type_is_float32"] = s2["sha256_float32"]
        if s2["sha256_float32"] != stats["sha256_float32"]:
            observations.append(
                "reading with OutputPixelType=sitkFloat32 gives different voxels than reading the native type "
                "and casting (min/max/sum %r/%r/%r vs %r/%r/%r)"
                % (s2["min"], s2["max"], s2["sum"], stats["min"], stats["max"], stats["sum"]))
    try:
        entry["nifti"] = nifti_roundtrip(img)
    except Exception as e:  # noqa: BLE001
        entry["nifti"] = {"error": "%s: %s" % (type(e).__name__, e)}
    vol = find_fixture_volume(fixtures, folder, series_uid)
    if vol is not None:
        cmp = compare_with_fixture(img, arr, vol)
        if cmp is not None:
            entry["fixture_formula_check"] = cmp
            if cmp.get("comparable"):
                if cmp["max_abs_value_diff"] > cmp["fixture_tolerance"]:
                    observations.append("voxels differ from the fixtures.json formula by up to %g"
                                        % cmp["max_abs_value_diff"])
                if cmp["max_position_error_mm"] > 1e-3:
                    observations.append("slice positions differ from fixtures.json by up to %g mm"
                                        % cmp["max_position_error_mm"])
                if cmp["fixture_slice_count"] != img.GetSize()[2]:
                    observations.append("SimpleITK slice count %d != fixture slice count %d"
                                        % (img.GetSize()[2], cmp["fixture_slice_count"]))
            else:
                observations.append("not comparable with fixtures.json: " + cmp.get("reason", "?"))
    d = img.GetDirection()
    if not np.allclose(d, (1, 0, 0, 0, 1, 0, 0, 0, 1), atol=1e-9):
        observations.append("direction is not identity: %s" % (fl(d),))
    return entry


def subdirs(folder):
    out = []
    for root, dirs, _files in os.walk(folder):
        dirs.sort()
        out.append(root)
    return out


def count_files(folder, recursive):
    if not recursive:
        return sum(1 for n in os.listdir(folder) if os.path.isfile(os.path.join(folder, n)))
    return sum(len(files) for _r, _d, files in os.walk(folder))


def read_series_folder(folder, fixtures):
    entries = []
    has_subdirs = any(os.path.isdir(os.path.join(folder, n)) for n in os.listdir(folder))
    variants = [False, True] if has_subdirs else [False]
    for recursive in variants:
        if recursive:
            # GetGDCMSeriesIDs has no recursive flag: collect ids from every sub-folder.
            ids = []
            for d in subdirs(folder):
                for s in sitk.ImageSeriesReader.GetGDCMSeriesIDs(d):
                    if s not in ids:
                        ids.append(s)
        else:
            ids = list(sitk.ImageSeriesReader.GetGDCMSeriesIDs(folder))
        base = {
            "folder": folder,
            "read_mode": "ImageSeriesReader(recursive)" if recursive else "ImageSeriesReader",
            "gdcm_series_file_names_args": {"useSeriesDetails": False, "recursive": recursive,
                                            "loadSequences": False},
            "files_in_folder": count_files(folder, recursive),
            "primary": (recursive or not has_subdirs),
        }
        if not ids:
            e = dict(base)
            e["series_id"] = None
            e["error"] = "GetGDCMSeriesIDs returned no series"
            e["observations"] = []
            entries.append(e)
            continue
        for sid in ids:
            e = dict(base)
            e["series_id"] = sid
            obs = []
            try:
                names = list(sitk.ImageSeriesReader.GetGDCMSeriesFileNames(folder, sid, False, recursive, False))
                e["number_of_files"] = len(names)
                e["files_in_reader_order"] = [os.path.relpath(n, folder) for n in names]
                r = sitk.ImageSeriesReader()
                r.SetFileNames(names)
                img = r.Execute()
                r2 = sitk.ImageSeriesReader()
                r2.SetFileNames(names)
                r2.SetOutputPixelType(sitk.sitkFloat32)
                img32 = r2.Execute()
                e.update(describe(img, folder, fixtures, sid, obs, img32))
                if has_subdirs and not recursive:
                    obs.append("non-recursive read sees only the %d top-level files of a folder with sub-folders"
                               % len(names))
            except Exception as ex:  # noqa: BLE001
                e["error"] = "%s: %s" % (type(ex).__name__, str(ex).strip()[:2000])
            e["observations"] = obs
            entries.append(e)
    return entries


def read_single_file_folder(folder, fixtures):
    entries = []
    names = sorted(n for n in os.listdir(folder) if os.path.isfile(os.path.join(folder, n)))
    for n in names:
        path = os.path.join(folder, n)
        e = {"folder": folder, "read_mode": "ReadImage(single file)", "files_in_folder": len(names),
             "number_of_files": 1, "files_in_reader_order": [n], "primary": True}
        obs = []
        try:
            fr = sitk.ImageFileReader()
            fr.SetFileName(path)
            fr.ReadImageInformation()
            sid = fr.GetMetaData("0020|000e").strip() if fr.HasMetaDataKey("0020|000e") else None
            e["series_id"] = sid
            img = fr.Execute()
            img32 = sitk.ReadImage(path, sitk.sitkFloat32)
            e.update(describe(img, folder, fixtures, sid, obs, img32))
        except Exception as ex:  # noqa: BLE001
            e["error"] = "%s: %s" % (type(ex).__name__, str(ex).strip()[:2000])
        e["observations"] = obs
        entries.append(e)
    return entries


def main():
    if not os.path.isdir("testdata/dicom"):
        sys.exit("run from the repository root")
    sitk.ProcessObject.SetGlobalWarningDisplay(False)
    fixtures = load_fixtures()
    folders = list(SERIES_FOLDERS)
    demo = "testdata/demo-study"
    demo_series = [os.path.join(demo, n) for n in sorted(os.listdir(demo)) if os.path.isdir(os.path.join(demo, n))]
    folders[12:12] = demo_series
    entries = []
    for folder in folders + SINGLE_FILE_FOLDERS:
        if not os.path.isdir(folder):
            entries.append({"folder": folder, "error": "folder not found", "observations": [], "primary": True})
            continue
        if folder in SINGLE_FILE_FOLDERS:
            entries.extend(read_single_file_folder(folder, fixtures))
        else:
            entries.extend(read_series_folder(folder, fixtures))
        for e in entries:
            if e["folder"] == folder:
                print("%-64s %-10s files=%-3s size=%s %s" % (
                    folder, "primary" if e.get("primary") else "secondary", e.get("number_of_files"),
                    e.get("size"), e.get("error", "") or "; ".join(e.get("observations", []))))
    out = {
        "header": {
            "generator": "tools/references/make_sitk_references.py",
            "command": "/tmp/refvenv/bin/python tools/references/make_sitk_references.py  (from the repository root)",
            "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d"),
            "tools": {
                "SimpleITK": sitk.Version.VersionString(),
                "ITK": sitk.Version.ITKVersionString(),
                "nibabel": nibabel.__version__,
                "numpy": np.__version__,
                "python": platform.python_version(),
            },
            "conventions": {
                "paths": "folder is relative to the repository root (../shared/... = /work/shared/...); "
                         "files_in_reader_order are relative to folder, in the order SimpleITK/GDCM stacks them",
                "geometry": "size/spacing/origin/direction exactly as SimpleITK reports them (ITK/LPS convention; "
                            "direction row-major 3x3, columns are the i, j, k axis unit vectors)",
                "hash": "sha256_float32 = SHA-256 of the voxel buffer after sitk.Cast(img, sitkFloat32), "
                        "little-endian float32, ITK memory order (i fastest, then j, then k) = "
                        "hashlib.sha256(sitk.GetArrayFromImage(img).astype('<f4').tobytes()); "
                        "min/max/sum are float64 over the same float32 voxels",
                "reader_float32": "sha256_float32_when_reader_output_type_is_float32: same hash when the reader itself "
                                  "is asked for sitkFloat32 output (rescale applied in float)",
                "nifti": "nifti = sitk.WriteImage(native image) to a temp .nii.gz, read back with nibabel: "
                         "nibabel_affine (RAS, 4x4), qform_code, sform_code, dataobj dtype",
                "primary": "primary=true marks the entry to compare against; folders with sub-folders get a "
                           "non-recursive entry (what GetGDCMSeriesIDs/GetGDCMSeriesFileNames see by default, "
                           "primary=false) and a recursive one (primary=true)",
                "fixture_formula_check": "only for testdata/dicom fixtures: each SimpleITK slice is matched to the "
                                         "fixtures.json slice at the same physical position and compared with the "
                                         "fixtures.json pixel formula (informative, not part of the reference)",
            },
        },
        "series": entries,
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(out, f, sort_keys=True, indent=1)
        f.write("\n")
    print("wrote %s (%d entries)" % (OUT, len(entries)))


if __name__ == "__main__":
    main()
