#!/usr/bin/env bash
# Venvs for tools/benchmarks/peers/radiomics_peers.py: the fastest PyRadiomics alternatives on PyPI in one venv
# (fastrad on CPU PyTorch, pictologics on numba), and PyRadiomics 3.1.0 in its own venv (reused if it imports).
# Usage: PEERS_VENV=/tmp/venv-peers PYRAD_VENV=/tmp/venv-pyrad bash tools/benchmarks/peers/make-venv.sh
# Needs Python 3.11 (the machine's python3), pip and PyPI. Tested 2026-12-07 (~3 min without PyRadiomics, plus a
# one-time ~4 min numba compile of pictologics' kernels on its first import, cached in its __pycache__).
#
# Versions tested: fastrad 1.2.0, torch 2.13.0+cpu, pictologics 0.9.0, numba 0.68.1 (llvmlite 0.50.0), numpy 2.4.6,
# scipy 1.17.1, SimpleITK 2.5.7, PyWavelets 1.9.0, pandas 3.1.1.
#
# What does not work as the packages ask (verified), and what is done instead:
#   * both declare Requires-Python >=3.12 (pictologics <3.15); Debian bookworm has only 3.11, so `pip install` finds
#     "No matching distribution". They install with --ignore-requires-python and import and run on 3.11.7 (the
#     benchmark checks their output against PyRadiomics; a failure is printed, never hidden).
#   * without a pin, pip then picks sdists that need 3.12 (scipy fails in "generating package metadata"):
#     scipy is pinned to 1.17.1 and everything is --only-binary.
#   * fastrad depends on `pyradiomics`, which pip cannot install on 3.11 (see ../../../../shared/tools/pyradiomics-venv.sh);
#     fastrad does not import it (only its tests do), so fastrad goes in with --no-deps plus its run-time deps.
#   * PyPI's default Linux torch wheel pulls ~2.5 GB of CUDA libraries: torch comes from the CPU wheel index
#     (torch==2.13.0+cpu; pip's find-links, if configured, may serve the same wheel).
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
PEERS_VENV="${PEERS_VENV:-$PWD/.venv-peers}"
PYRAD_VENV="${PYRAD_VENV:-$PWD/.venv-pyradiomics}"
PY="${PYTHON:-python3}"

if ! "$PYRAD_VENV/bin/python" -c "import radiomics, nibabel; assert radiomics.__version__ == 'v3.1.0'" 2>/dev/null; then
  VENV="$PYRAD_VENV" PYTHON="$PY" bash "$HERE/../../../../shared/tools/pyradiomics-venv.sh"
fi

rm -rf "$PEERS_VENV"
"$PY" -m venv "$PEERS_VENV"
PIP="$PEERS_VENV/bin/python -m pip"
$PIP install -U pip
$PIP install "torch==2.13.0+cpu" --extra-index-url https://download.pytorch.org/whl/cpu
$PIP install --only-binary=:all: --ignore-requires-python \
  "pictologics==0.9.0" "numba==0.68.1" "numpy==2.4.6" "scipy==1.17.1" "SimpleITK==2.5.7" "PyWavelets==1.9.0" \
  "pandas==3.1.1" "nibabel==5.4.2" "pydicom==3.0.2" loguru matplotlib seaborn requests pyyaml
$PIP install --no-deps --ignore-requires-python "fastrad==1.2.0"

cd /
# The first import of pictologics compiles its numba kernels (minutes on 2 cores); do it here, not in a timed run.
"$PEERS_VENV/bin/python" - <<'PYEOF'
import fastrad, torch, pictologics, numba, numpy, scipy, SimpleITK
from importlib.metadata import version
print("fastrad", version("fastrad"), "| torch", torch.__version__, "| pictologics", version("pictologics"),
      "| numba", numba.__version__, "| numpy", numpy.__version__, "| scipy", scipy.__version__,
      "| SimpleITK", SimpleITK.Version_VersionString())
PYEOF
