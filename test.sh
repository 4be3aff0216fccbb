#!/usr/bin/env bash
# The one test command (README): everything a fresh machine needs to run the whole suite.
#   1. install what the tests need (nothing from outside the package registries),
#   2. restore and build once (Release), then pack the libraries from that build (scripts/pack.sh --no-build),
#   3. run every test project with --no-build,
#   4. run the kernel tests again with AVX2 and then all hardware intrinsics switched off, so the
#      Vector128 and scalar code paths run on this machine too.
# It prints one closing line "tests: N passed, N failed" and exits non-zero if anything failed.
set -uo pipefail
cd "$(dirname "$0")"

configuration=Release
results_dir="$(pwd)/TestResults/run-$(date +%s)"
mkdir -p "$results_dir"
passed=0
failed=0
status=0

note() { printf '\n=== %s ===\n' "$*"; }

# Adds the counts of one `dotnet test` run (its summary lines) to the totals.
count() {
    local log="$1" p f
    while read -r line; do
        p=$(sed -nE 's/.*Passed: *([0-9]+).*/\1/p' <<<"$line")
        f=$(sed -nE 's/.*Failed: *([0-9]+),.*/\1/p' <<<"$line")
        passed=$((passed + ${p:-0}))
        failed=$((failed + ${f:-0}))
    done < <(grep -E '^(Passed|Failed)! +- Failed: ' "$log")
}

# Runs `dotnet test` on one project with extra environment; records counts and failures.
run_tests() {
    local name="$1" project="$2"; shift 2
    local log="$results_dir/$name.log"
    note "$name"
    env "$@" dotnet test "$project" -c "$configuration" --no-build --nologo \
        --results-directory "$results_dir" 2>&1 | tee "$log"
    local rc=${PIPESTATUS[0]}
    count "$log"
    if [ "$rc" -ne 0 ]; then
        status=1
        if ! grep -qE '^(Passed|Failed)! +- Failed: ' "$log"; then
            echo "test run '$name' failed before reporting results (exit $rc)"
            failed=$((failed + 1))
        fi
    fi
}

note "install test prerequisites"
bash scripts/install-test-prerequisites.sh || { echo "installing prerequisites failed"; exit 1; }

note "restore and build ($configuration)"
dotnet build MLEmbeddings.sln -c "$configuration" --nologo || { echo "build failed"; echo "tests: 0 passed, 1 failed"; exit 1; }

note "pack the libraries into artifacts/packages (the notebook and package tests use them)"
bash scripts/pack.sh --no-build || { echo "pack failed"; echo "tests: 0 passed, 1 failed"; exit 1; }

for project in tests/*.Tests/*.Tests.csproj; do
    run_tests "$(basename "$project" .csproj)" "$project"
done

kernel_tests=tests/MLEmbeddings.Kernels.Tests/MLEmbeddings.Kernels.Tests.csproj
run_tests "Kernels.Tests (DOTNET_EnableAVX2=0: Vector128 paths)" "$kernel_tests" DOTNET_EnableAVX2=0
run_tests "Kernels.Tests (DOTNET_EnableHWIntrinsic=0: scalar paths)" "$kernel_tests" DOTNET_EnableHWIntrinsic=0

echo
echo "tests: $passed passed, $failed failed"
[ "$failed" -eq 0 ] || status=1
exit "$status"
