#!/usr/bin/env bash
# Installs every system package RadStation needs to build, test and benchmark, from Debian's archive.
# Idempotent: packages already present are skipped. Runs as root, or through sudo when not root.
set -euo pipefail

packages=(
  libdcmtk-dev dcmtk        # DICOM parsing and codecs (CShims/CDcmtk); dcmtk CLIs build fixtures
  libopenjp2-7-dev          # JPEG 2000 decoding inside the DCMTK shim
  libpng-dev                # QA overlay writer (CShims/CPNG)
  zlib1g-dev                # .nii.gz / NRRD gzip (any gzip read; the Slicer .seg.nrrd written)
  libdeflate-dev            # .nii.gz / NRRD gzip written and read as BGZF blocks (VolumeIO)
  libisal-dev               # other tools' single-stream .nii.gz inflated as a stream, 2x zlib (VolumeIO)
  libssl-dev                # SHA-256 and HMAC-SHA256 from OpenSSL's libcrypto (CShims/COpenSSL, Hashing)
  libsqlite3-dev            # the watcher's durable state (GRDB)
  pkg-config
  elastix                   # cross-study registration (Registration module drives its command line)
  chromium                  # headless browser test of the cohort QA dashboard
  slurm-wlm munge           # the one-node Slurm of tools/slurm/local-cluster.sh (cluster tests and benchmark)
)
# Only for `tools/benchmarks` (reference tool timed side by side); not needed to build or test.
if [ "${RADSTATION_BENCH:-0}" = "1" ]; then packages+=(dcm2niix pigz); fi  # dcm2niix -z y compresses with pigz

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages already installed"
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
