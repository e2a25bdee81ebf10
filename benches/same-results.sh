#!/usr/bin/env bash
# Same results from two binaries over the whole shared corpus: `extract
# --format json`, `check --format json` with the corpus metadata and
# permissions of both versions, and `check --format json` without them (the
# docs' resource pages as schemas), run from the corpus root with OLD_BIN and
# NEW_BIN, outputs and exit codes compared byte for byte (both are in page
# order, so no sorting is needed). Prints "identical", or the first lines of
# the diff and exits 1.
#
#   benches/same-results.sh OLD_BIN NEW_BIN
#
# MDCONTRACT_CORPUS and MDCONTRACT_METADATA override the corpus and metadata
# folders (default: ../shared/corpus/graph-docs-2021 and
# ../shared/metadata/graph-2021-07, from the repository's root, as for every
# bench script).
set -uo pipefail
[ $# -eq 2 ] || { echo "usage: $0 OLD_BIN NEW_BIN" >&2; exit 2; }
old=$(realpath "$1") new=$(realpath "$2")
cd "$(dirname "$0")/.."
. benches/corpus.sh
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cd "$corpus"
check_args=(check v1.0 beta --format json "${metadata[@]}" "${permissions[@]}")
status=0
for which in old new; do
  bin=${!which}
  "$bin" extract v1.0 beta --format json >"$out/extract.$which" 2>"$out/extract-err.$which"
  echo "exit $?" >>"$out/extract.$which"
  "$bin" "${check_args[@]}" >"$out/check.$which" 2>"$out/check-err.$which"
  echo "exit $?" >>"$out/check.$which"
  "$bin" check v1.0 beta --format json >"$out/check-docs.$which" 2>"$out/check-docs-err.$which"
  echo "exit $?" >>"$out/check-docs.$which"
done
for cmd in extract check check-docs; do
  if cmp -s "$out/$cmd.old" "$out/$cmd.new" && cmp -s "$out/$cmd-err.old" "$out/$cmd-err.new"; then
    echo "$cmd: identical ($(wc -l <"$out/$cmd.new") lines)"
  else
    echo "$cmd: DIFFERENT"
    diff "$out/$cmd.old" "$out/$cmd.new" | head -40
    diff "$out/$cmd-err.old" "$out/$cmd-err.new" | head -10
    status=1
  fi
done
[ $status -eq 0 ] && echo "identical"
exit $status
