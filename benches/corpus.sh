# Sourced by the bench scripts that need both the corpus and its metadata
# (from the repository's root): `corpus` is $MDCONTRACT_CORPUS, else
# ../shared's; MDCONTRACT_METADATA defaults to ../shared's too; either one
# missing stops the script (exit 2). Then benches/metadata.sh gives the
# `metadata` and `permissions` arguments.
corpus="${MDCONTRACT_CORPUS:-../shared/corpus/graph-docs-2021}"
export MDCONTRACT_METADATA="${MDCONTRACT_METADATA:-../shared/metadata/graph-2021-07}"
[ -d "$corpus/v1.0" ] || { echo "corpus not found: $corpus (set MDCONTRACT_CORPUS)" >&2; exit 2; }
[ -f "$MDCONTRACT_METADATA/v1.0.csdl.xml" ] || { echo "metadata not found: $MDCONTRACT_METADATA (set MDCONTRACT_METADATA)" >&2; exit 2; }
. benches/metadata.sh
