#!/usr/bin/env bash
# Stub replay benchmark over the shared corpus: accept the corpus snapshots
# (outside the repository, in target/mdcontract-snapshots/), then time
# `cargo bench --bench replay`. Prints examples/s for each benchmark.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus="${MDCONTRACT_CORPUS:-../shared/corpus/graph-docs-2021}"
[ -d "$corpus" ] || { echo "corpus not found: $corpus (set MDCONTRACT_CORPUS)"; exit 2; }
# Writes the corpus snapshots that are missing; the docs that are wrong fail
# here, which is expected (the count per code is printed at the end).
INSTA_UPDATE=always MDCONTRACT_DOCS="$corpus" cargo test --release --test contracts >/dev/null 2>&1 || true
MDCONTRACT_CORPUS="$corpus" cargo bench --bench replay
