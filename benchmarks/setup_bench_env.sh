#!/usr/bin/env bash
# Create .bench-venv (gitignored) with nomenklatura for the side-by-side quality benchmark.
# nomenklatura is NOT a dependency of openfiu: it lives only in this separate venv and is
# driven by benchmarks/nk_runner.py through JSON lines.
#
#   bash benchmarks/setup_bench_env.sh            # latest nomenklatura
#   NK_VERSION=4.17.4 bash benchmarks/setup_bench_env.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
SPEC="nomenklatura${NK_VERSION:+==$NK_VERSION}"
[ -x .bench-venv/bin/python ] || "$PYTHON" -m venv .bench-venv
.bench-venv/bin/pip install --quiet --upgrade pip
.bench-venv/bin/pip install --quiet "$SPEC" rapidfuzz
.bench-venv/bin/python - <<'PY'
from importlib.metadata import version
from nomenklatura.matching import get_algorithm
assert get_algorithm("logic-v2") is not None, "this nomenklatura has no logic-v2"
print("nomenklatura", version("nomenklatura"), "followthemoney", version("followthemoney"),
      "rigour", version("rigour"), "- logic-v2 available")
PY
