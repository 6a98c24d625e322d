#!/usr/bin/env bash
# Creates the virtual environment of the example scripts (tools/examples) at .venv-examples/ beside the
# repository's sources (git-ignored), from PyPI. Idempotent; prints the interpreter's path.
set -euo pipefail
cd "$(dirname "$0")/../.."
venv=.venv-examples
if [ ! -x "$venv/bin/python" ]; then python3 -m venv "$venv"; fi
if ! "$venv/bin/python" -c "import sklearn, lifelines, pandas, SimpleITK" 2>/dev/null || [ ! -x "$venv/bin/segimage2itkimage" ]; then
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r tools/examples/requirements.txt
fi
echo "$PWD/$venv/bin/python"
