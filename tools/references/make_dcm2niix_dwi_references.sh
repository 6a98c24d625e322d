#!/usr/bin/env bash
# dcm2niix's .bval/.bvec of the two icometrix/dicom2nifti Philips DWI series the tests use (issue 19), which ship
# with dicom2nifti's own ground truth but not dcm2niix's: Achieva classic DWI with one isotropic image per
# b = 0/40/273/800, and an enhanced DTI (dcm2niix orders its b = 0 volume last, by DimensionIndexValues).
# Input: ../external-testdata/dicom2nifti (tools/external-testdata/fetch.sh). Output:
# testdata/reference/dcm2niix-dwi/{philips_dti_002,philips_enhanced_dti_001}.{bval,bvec} and the version used.
# Run from the repository root with dcm2niix installed (Debian `dcm2niix`; committed outputs: v1.0.20220720).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
data="$root/../external-testdata/dicom2nifti/tests/data"
out="$root/testdata/reference/dcm2niix-dwi"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"
for pair in "philips/dti/002:philips_dti_002" "philips_enhanced/dti/001:philips_enhanced_dti_001"; do
    input="${pair%%:*}" name="${pair##*:}"
    mkdir -p "$work/$name"
    # v1.0.20220720 exits non-zero after a "Check sorted order" message on the classic series (volume indices 4..48
    # from InstanceNumber) although it writes the data: the .bval must exist.
    dcm2niix -z n -f "$name" -o "$work/$name" "$data/$input" > /dev/null || true
    [ -f "$work/$name/$name.bval" ] || { echo "dcm2niix wrote no $name.bval" >&2; exit 1; }
    cp "$work/$name/$name.bval" "$work/$name/$name.bvec" "$out/"
done
{ dcm2niix -v 2>/dev/null || true; } | tail -1 > "$out/VERSION"
echo "wrote $out"
