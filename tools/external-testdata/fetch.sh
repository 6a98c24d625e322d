#!/usr/bin/env bash
# Materialises the public vendor DICOM test data listed in sources.txt (pinned commits) into
# ../external-testdata/<name>/ beside the repository, outside git. Each repository comes from a local bare mirror
# when one exists ($RADSTATION_MIRRORS/<owner>+<name>/repo, default /work/.mirror), else from GitHub over the
# network; when neither works the data stays absent and the tests that need it skip with a printed reason.
# Files a mirror lists but does not hold are named in <name>/ABSENT.txt. Gzipped DICOM (dcm_qa_philips_dwi ships
# IM_*.gz, as its own batch.sh expects) is unpacked. Idempotent: a complete copy at the same commit is kept.
# A line may name, after the commit, `only=<path>[,<path>…]`: then only those folders or files of the repository
# are materialised (large repositories of which the tests use a few series).
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
dest="${RADSTATION_EXTERNAL_TESTDATA:-$root/../external-testdata}"
mirrors="${RADSTATION_MIRRORS:-/work/.mirror}"
mkdir -p "$dest"

extract_from_bare() {  # <git dir> <commit> <target> [<path>…]
    local g=$1 commit=$2 target=$3
    shift 3
    git -C "$g" cat-file -e "$commit^{commit}" 2>/dev/null || return 1
    git -C "$g" ls-tree -r "$commit" -- "$@" | while read -r _mode _type oid path; do
        if git -C "$g" cat-file -e "$oid" 2>/dev/null; then
            mkdir -p "$target/$(dirname "$path")"
            git -C "$g" cat-file blob "$oid" > "$target/$path"
        else
            echo "$path" >> "$target/ABSENT.txt"
        fi
    done
}

grep -v '^\s*#' "$here/sources.txt" | while read -r repo commit rest; do
    [ -n "$repo" ] || continue
    only=()
    case "$rest" in only=*) only_list="${rest%% *}"; IFS=, read -r -a only <<< "${only_list#only=}"; commit_key="$commit $only_list" ;;
                     *) commit_key="$commit" ;; esac
    name="${repo#*/}"
    target="$dest/$name"
    if [ -f "$target/.complete" ] && [ "$(cat "$target/.complete")" = "$commit_key" ]; then continue; fi
    rm -rf "$target" "$target.partial"
    mkdir -p "$target.partial"
    ok=0
    if [ -d "$mirrors/${repo/\//+}/repo" ] && extract_from_bare "$mirrors/${repo/\//+}/repo" "$commit" "$target.partial" "${only[@]}"; then
        ok=1
    elif git clone -q --no-checkout "https://github.com/$repo.git" "$target.partial/.git-clone" 2>/dev/null \
         && git -C "$target.partial/.git-clone" cat-file -e "$commit^{commit}" 2>/dev/null; then
        extract_from_bare "$target.partial/.git-clone/.git" "$commit" "$target.partial" "${only[@]}" && ok=1
        rm -rf "$target.partial/.git-clone"
    fi
    if [ "$ok" = 1 ]; then
        find "$target.partial" -name '*.gz' -path '*/In/*' -exec gzip -d -q -f {} + 2>/dev/null || true
        echo "$commit_key" > "$target.partial/.complete"
        mv "$target.partial" "$target"
        echo "external test data: $name at ${commit:0:12}$( [ -f "$target/ABSENT.txt" ] && echo ", $(wc -l < "$target/ABSENT.txt") file(s) absent from the mirror")"
    else
        rm -rf "$target.partial"
        echo "external test data: $repo not available (no mirror, no network); its tests will skip"
    fi
done
exit 0
