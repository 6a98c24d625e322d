#!/usr/bin/env python3
"""Check RadStation convert output with tools nobody here wrote (SimpleITK, nibabel).

    /tmp/refvenv/bin/python tools/references/check_outputs.py <output dir> [--json] [--reference FILE] [--tol 1e-4]

For every *.nii.gz, *.nii and *.nrrd under <output dir> (recursively) with its JSON sidecar
(same stem, .json; report.geometry in LPS: size{i,j,k}, spacing{x,y,z}, origin{x,y,z},
direction{rowMajor[9]}):

 (a) SimpleITK origin/spacing/direction/size == sidecar geometry (abs tol 1e-4)
 (b) NIfTI only: nibabel affine (and the qform affine) == diag(-1,-1,1) . [D.diag(s) | o] (tol 1e-4),
     qform_code == sform_code == 1
 (c) NIfTI only: nibabel voxel array (i,j,k) == SimpleITK voxel array transposed
 (d) informative only (never a problem): if an entry of testdata/reference/sitk-series.json has the
     same grid (up to axis flips), compare voxel hash/min/max/sum with it and report.

Prints one line per file and "N files checked, M problems"; exit status 1 when M > 0
(2 on usage errors). --json prints the machine-readable result instead.
"""
import argparse
import hashlib
import json
import os
import sys

import nibabel
import numpy as np
import SimpleITK as sitk

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_REF = os.path.normpath(os.path.join(HERE, "..", "..", "testdata", "reference", "sitk-series.json"))
EXTS = (".nii.gz", ".nii", ".nrrd")


def stem_of(path):
    for e in EXTS:
        if path.endswith(e):
            return path[: -len(e)], e
    return None, None


def find_images(root):
    out = []
    for d, dirs, files in os.walk(root):
        dirs.sort()
        for f in sorted(files):
            if stem_of(f)[0] is not None:
                out.append(os.path.join(d, f))
    return out


def sidecar_geometry(sc):
    g = sc["report"]["geometry"]
    return {
        "size": [int(g["size"]["i"]), int(g["size"]["j"]), int(g["size"]["k"])],
        "spacing": [float(g["spacing"][a]) for a in "xyz"],
        "origin": [float(g["origin"][a]) for a in "xyz"],
        "direction": [float(v) for v in g["direction"]["rowMajor"]],
    }


def ras_affine(geom):
    d = np.array(geom["direction"], dtype=np.float64).reshape(3, 3)
    a = np.eye(4)
    a[:3, :3] = d @ np.diag(geom["spacing"])
    a[:3, 3] = geom["origin"]
    return np.diag([-1.0, -1.0, 1.0, 1.0]) @ a


def maxdiff(a, b):
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        return float("inf")
    return float(np.max(np.abs(a - b))) if a.size else 0.0


def load_reference(path):
    if not path or not os.path.exists(path):
        return []
    with open(path) as f:
        return [e for e in json.load(f).get("series", []) if "size" in e and "error" not in e]


def reference_matches(img, arr_kji, refs, tol):
    """Entries of sitk-series.json whose voxel-centre grid equals img's, allowing axis flips.
    Returns list of dicts (folder, flips, hash_equal, stats_equal...)."""
    out = []
    size = list(img.GetSize())
    if len(size) != 3:
        return out
    d_o = np.array(img.GetDirection()).reshape(3, 3)
    sp_o = np.array(img.GetSpacing())
    f32 = arr_kji.astype("<f4")
    a64 = f32.astype(np.float64)
    stats = (float(a64.min()), float(a64.max()), float(a64.sum()))
    for r in refs:
        if list(r["size"]) != size or maxdiff(r["spacing"], sp_o) > tol:
            continue
        d_r = np.array(r["direction"]).reshape(3, 3)
        flips = []
        ok = True
        for ax in range(3):
            if maxdiff(d_r[:, ax], d_o[:, ax]) <= tol:
                flips.append(False)
            elif maxdiff(d_r[:, ax], -d_o[:, ax]) <= tol:
                flips.append(True)
            else:
                ok = False
        if not ok:
            continue
        # the reference origin must be the output voxel at the (flipped) corner
        corner = [size[ax] - 1 if flips[ax] else 0 for ax in range(3)]
        p = np.array(img.TransformIndexToPhysicalPoint([int(c) for c in corner]))
        if maxdiff(p, r["origin"]) > max(tol, 1e-3):
            continue
        a = f32
        # array is (k, j, i): axis ax of the image is array axis 2 - ax
        for ax in range(3):
            if flips[ax]:
                a = a[(slice(None),) * (2 - ax) + (slice(None, None, -1),)]
        h = hashlib.sha256(np.ascontiguousarray(a).tobytes()).hexdigest()
        out.append({
            "folder": r["folder"],
            "series_id": r.get("series_id"),
            "primary": r.get("primary", True),
            "flipped_axes": [ax for ax in range(3) if flips[ax]],
            "hash_equal": h == r["sha256_float32"],
            "min_max_sum_equal": stats == (r["min"], r["max"], r["sum"]),
            "min_max_sum": list(stats),
            "reference_min_max_sum": [r["min"], r["max"], r["sum"]],
        })
    return out


def check_file(path, refs, tol):
    stem, ext = stem_of(path)
    res = {"file": path, "format": ext.lstrip("."), "problems": [], "info": []}
    sc_path = stem + ".json"
    if not os.path.exists(sc_path):
        res["problems"].append("sidecar %s missing" % os.path.basename(sc_path))
        return res
    with open(sc_path) as f:
        sc = json.load(f)
    if sc.get("image") not in (None, os.path.basename(path)):
        res["problems"].append("sidecar 'image' is %r, not %r" % (sc.get("image"), os.path.basename(path)))
    try:
        geom = sidecar_geometry(sc)
    except (KeyError, TypeError, ValueError) as e:
        res["problems"].append("sidecar report.geometry unreadable: %r" % (e,))
        return res
    res["sidecar_geometry"] = geom
    res["sidecar_voxel_type"] = sc.get("report", {}).get("voxelType")
    res["sidecar_transfer_syntaxes"] = sc.get("report", {}).get("transferSyntaxes")
    res["sidecar_resampled"] = sc.get("report", {}).get("resampled")

    # (a) SimpleITK geometry
    try:
        img = sitk.ReadImage(path)
    except Exception as e:  # noqa: BLE001
        res["problems"].append("SimpleITK cannot read: %s" % str(e).strip()[:500])
        return res
    sg = {
        "size": list(img.GetSize()),
        "spacing": list(img.GetSpacing()),
        "origin": list(img.GetOrigin()),
        "direction": list(img.GetDirection()),
    }
    res["sitk_geometry"] = sg
    res["sitk_pixel_type"] = img.GetPixelIDTypeAsString()
    if sg["size"] != geom["size"]:
        res["problems"].append("(a) size sitk %s != sidecar %s" % (sg["size"], geom["size"]))
    for key in ("spacing", "origin", "direction"):
        md = maxdiff(sg[key], geom[key])
        res["a_maxdiff_" + key] = md
        if md > tol:
            res["problems"].append("(a) %s sitk %s != sidecar %s (max diff %.6g)" % (key, sg[key], geom[key], md))
    sarr = sitk.GetArrayFromImage(img)  # (k, j, i)

    if ext in (".nii", ".nii.gz"):
        nimg = nibabel.load(path)
        hdr = nimg.header
        q, s = int(hdr["qform_code"]), int(hdr["sform_code"])
        res["qform_code"], res["sform_code"] = q, s
        res["nibabel_dtype"] = str(nimg.get_data_dtype())
        res["nibabel_affine"] = [[float(v) for v in row] for row in nimg.affine]
        expected = ras_affine(geom)
        md = maxdiff(nimg.affine, expected)
        res["b_affine_maxdiff"] = md
        if md > tol:
            res["problems"].append("(b) nibabel affine != sidecar RAS affine (max diff %.6g): nibabel %s expected %s"
                                   % (md, np.round(nimg.affine, 6).tolist(), np.round(expected, 6).tolist()))
        mq = maxdiff(hdr.get_qform(), expected)
        res["b_qform_maxdiff"] = mq
        if mq > tol:
            res["problems"].append("(b) qform affine != sidecar RAS affine (max diff %.6g)" % mq)
        if not (q == 1 and s == 1):
            res["problems"].append("(b) qform_code=%d sform_code=%d, expected 1 and 1" % (q, s))
        # (c) voxels
        narr = np.asanyarray(nimg.dataobj)  # scaled by scl_slope/scl_inter if set
        if narr.shape != sarr.T.shape:
            res["problems"].append("(c) nibabel shape %s != sitk shape (transposed) %s" % (narr.shape, sarr.T.shape))
        else:
            vd = maxdiff(narr, sarr.T)
            res["c_voxel_maxdiff"] = vd
            if vd != 0.0:
                res["problems"].append("(c) nibabel and SimpleITK voxels differ (max abs diff %.6g)" % vd)

    # (d) reference comparison, informative only
    matches = reference_matches(img, sarr, refs, tol)
    res["reference_matches"] = matches
    a64 = sarr.astype(np.float64)
    res["min_max_sum"] = [float(a64.min()), float(a64.max()), float(a64.sum())]
    if matches:
        hits = [m for m in matches if m["hash_equal"]]
        if hits:
            res["info"].append("voxels == sitk-series.json for %s" % ", ".join(
                sorted({m["folder"] + (" (flipped axes %s)" % m["flipped_axes"] if m["flipped_axes"] else "")
                        for m in hits})))
        else:
            best = min(matches, key=lambda m: sum(abs(x - y) for x, y in zip(res["min_max_sum"],
                                                                        m["reference_min_max_sum"])))
            res["info"].append("%d sitk-series.json entr%s on this grid, none with equal voxels; closest %s: "
                               "min/max/sum %s vs ref %s" % (
                                   len(matches), "y" if len(matches) == 1 else "ies", best["folder"],
                                   res["min_max_sum"], best["reference_min_max_sum"]))
    else:
        res["info"].append("no sitk-series.json entry on this grid")
    return res


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("outdir")
    ap.add_argument("--json", action="store_true", help="print a machine-readable result")
    ap.add_argument("--reference", default=DEFAULT_REF, help="sitk-series.json (default: %(default)s)")
    ap.add_argument("--tol", type=float, default=1e-4)
    args = ap.parse_args()
    if not os.path.isdir(args.outdir):
        print("not a directory: %s" % args.outdir, file=sys.stderr)
        return 2
    sitk.ProcessObject.SetGlobalWarningDisplay(False)
    refs = load_reference(args.reference)
    results = [check_file(p, refs, args.tol) for p in find_images(args.outdir)]
    nprob = sum(len(r["problems"]) for r in results)
    nbad = sum(1 for r in results if r["problems"])
    if args.json:
        json.dump({"outdir": args.outdir, "reference": args.reference, "tolerance": args.tol,
                   "files_checked": len(results), "files_with_problems": nbad, "problems": nprob,
                   "tools": {"SimpleITK": sitk.Version.VersionString(), "nibabel": nibabel.__version__,
                             "numpy": np.__version__},
                   "results": results}, sys.stdout, indent=1, sort_keys=True)
        print()
    else:
        for r in results:
            rel = os.path.relpath(r["file"], args.outdir)
            g = r.get("sitk_geometry", {})
            status = "OK  " if not r["problems"] else "FAIL"
            extra = ""
            if r.get("sidecar_transfer_syntaxes"):
                extra += " ts=%s" % ",".join(r["sidecar_transfer_syntaxes"])
            if r.get("sidecar_resampled"):
                extra += " resampled"
            if "qform_code" in r:
                extra += " q/s=%d/%d" % (r["qform_code"], r["sform_code"])
            print("%s %s size=%s %s%s | %s" % (status, rel, g.get("size"), r.get("sitk_pixel_type", ""), extra,
                                               "; ".join(r["problems"] + r["info"])))
        print("%d files checked, %d problems" % (len(results), nprob))
    return 1 if nprob else 0


if __name__ == "__main__":
    sys.exit(main())
