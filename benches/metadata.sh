# Sourced by the bench scripts (from the repository's root): `metadata` is
# the `--metadata VERSION=FILE` arguments for each `<version>.csdl.xml` of
# $MDCONTRACT_METADATA (none when it is unset).
metadata=()
if [ -n "${MDCONTRACT_METADATA:-}" ]; then
    for v in v1.0 beta; do
        f="$MDCONTRACT_METADATA/$v.csdl.xml"
        if [ -e "$f" ]; then metadata+=(--metadata "$v=$f"); fi
    done
fi
