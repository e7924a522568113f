#!/usr/bin/env bash
# Type-checks every ```swift snippet of README.md and Docs/*.md against the package's debug build, so the
# documentation cannot drift from the API. Run after a debug build of the package and its tests (as
# scripts/test.sh does).
#
# Per document, one Swift file is generated under .build/doc-snippets (scripts/doc-snippets/snippets.awk):
# the snippets' `import` lines at the top; the document's hidden context at file scope (HTML comments
# `<!-- snippet-context ... -->` holding the declarations its fragments assume, e.g. `let henon = ...`;
# a snippet's own names shadow them); snippets that declare types, extensions or functions at file scope
# as they are; every other snippet as the body of its own function. Each file is type-checked on its
# own, so documents may reuse names.
#
# Printed claims: a line of a snippet that calls `print(...)` and ends with `// prints VALUE` (or
# `// prints VALUE; a note`) states what it prints. The snippets holding such lines are then also built
# into a program (linked with the debug build's objects) and run, and each claimed line's output is
# compared with VALUE: the same text around the numbers, and each number within half a unit of the last
# digit the document shows (`-1.68` allows ±0.005, `6.2832` ±0.00005, `2` exactly). A document cannot
# state a value its code does not print.
set -euo pipefail
cd "$(dirname "$0")/.."
build=.build/debug
[ -d "$build/Modules" ] || { echo "check-doc-snippets: no debug build in $build; run swift build --build-tests first" >&2; exit 1; }
out=.build/doc-snippets
rm -rf "$out"
mkdir -p "$out"

flags=(-I "$build/Modules")
while IFS= read -r map; do flags+=(-Xcc "-fmodule-map-file=$PWD/$map"); done < <(
    { find .build/checkouts Sources Examples -name module.modulemap; ls "$build"/*.build/module.modulemap; } 2>/dev/null | sort -u)

status=0
count=0
for doc in README.md Docs/*.md; do
    name=$(basename "$doc" .md | tr -c 'A-Za-z0-9\n' '_')
    file="$out/$name.swift"
    awk -v doc="$doc" -v mode=check -f scripts/doc-snippets/snippets.awk "$doc" > "$file"
    [ -s "$file" ] || { rm -f "$file"; continue; }
    snippets=$(sed -n 's|^// snippets: ||p' "$file")
    count=$((count + snippets))
    if ! swiftc -typecheck -suppress-warnings "${flags[@]}" "$file" > "$out/$name.log" 2>&1; then
        echo "check-doc-snippets: $doc: snippets do not compile (generated $file):" >&2
        grep -E "error:" "$out/$name.log" | head -20 >&2
        status=1
    fi
done
[ "$status" -eq 0 ] && echo "check-doc-snippets: $count snippets in README.md and Docs/*.md type-check"
[ "$status" -eq 0 ] || exit "$status"

# The printed claims: one program per document that has any.
objects=()
for target in Dynamics DynamicsKernels RealModule ComplexModule _NumericsShims DynamicsNN NNKernels ZIPFoundation \
    DynamicsONNX SwiftProtobuf DynamicsPlots ToySystems NeuronModels; do
    # A Swift target's objects are the ones its output file map names (a source renamed or removed
    # leaves its old object behind in the build folder); a C target's are all there are.
    map="$build/$target.build/output-file-map.json"
    if [ -f "$map" ]; then
        while IFS= read -r object; do objects+=("$object"); done < <(sed -n 's|^ *"object": *"\(.*\)",*$|\1|p' "$map")
    else
        objects+=("$build/$target.build"/*.o)
    fi
done
claims=0
for doc in README.md Docs/*.md; do
    grep -q '^[^`]*print(.*// prints ' "$doc" || continue
    name=$(basename "$doc" .md | tr -c 'A-Za-z0-9\n' '_')
    dir="$out/claims-$name"
    mkdir -p "$dir"
    awk -v doc="$doc" -v mode=claims -f scripts/doc-snippets/snippets.awk "$doc" > "$dir/main.swift"
    cp scripts/doc-snippets/ClaimCheck.swift "$dir/ClaimCheck.swift"
    if ! swiftc -suppress-warnings "${flags[@]}" "$dir/main.swift" "$dir/ClaimCheck.swift" "${objects[@]}" -lmvec \
        -o "$dir/run" > "$dir/build.log" 2>&1; then
        echo "check-doc-snippets: $doc: the snippets with printed claims do not build (generated $dir/main.swift):" >&2
        grep -E "error" "$dir/build.log" | head -20 >&2
        status=1
        continue
    fi
    if ! (cd "$dir" && timeout 600 ./run) > "$dir/run.log" 2>&1; then
        echo "check-doc-snippets: $doc: printed claims do not hold (generated $dir/main.swift):" >&2
        grep -E "^claim" "$dir/run.log" | head -20 >&2
        status=1
        continue
    fi
    claims=$((claims + $(sed -n 's|^claims checked: ||p' "$dir/run.log")))
done
[ "$status" -eq 0 ] && echo "check-doc-snippets: $claims printed claims hold"
exit "$status"
