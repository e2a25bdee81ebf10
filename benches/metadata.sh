# Sourced by the bench scripts (from the repository's root): `metadata` is
# the `--metadata VERSION=FILE` arguments for each `<version>.csdl.xml` of
# $MDCONTRACT_METADATA, and `permissions` the `--permissions VERSION=FILE`
# arguments for each `<version>.permissions.xml` (none when it is unset).
# The paths are absolute, so a script may change folder after sourcing.
metadata=()
permissions=()
if [ -n "${MDCONTRACT_METADATA:-}" ]; then
    meta_dir="$(cd "$MDCONTRACT_METADATA" && pwd)"
    for v in v1.0 beta; do
        f="$meta_dir/$v.csdl.xml"
        if [ -e "$f" ]; then metadata+=(--metadata "$v=$f"); fi
        f="$meta_dir/$v.permissions.xml"
        if [ -e "$f" ]; then permissions+=(--permissions "$v=$f"); fi
    done
fi
