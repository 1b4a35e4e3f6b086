#!/bin/sh
# Fills fuzz/corpus/TARGET/ with seed inputs: the bundled library (lessons/), the test fixtures
# and the small hand-written seeds in fuzz/seeds/. Safe to run again: files are copied by name.
set -eu
cd "$(dirname "$0")"
root=..
for target in module services framework plan config export; do
    mkdir -p "corpus/$target"
done
find "$root/lessons" "$root/tests/fixtures" -name '*.toml' | sort | while read -r file; do
    case "$(basename "$file")" in
        services.toml) target=services ;;
        framework.toml) target=framework ;;
        *)
            if grep -q '^\[\[items\]\]' "$file"; then target=plan; else target=module; fi
            ;;
    esac
    # The path keeps seeds of the same name apart.
    name=$(echo "${file#"$root"/}" | tr '/' '_')
    cp "$file" "corpus/$target/$name"
done
for target in plan config; do
    cp seeds/$target/*.toml "corpus/$target/"
done
for target in module services framework plan config; do
    echo "$target: $(ls "corpus/$target" | wc -l) seeds"
done
