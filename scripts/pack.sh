#!/usr/bin/env bash
# Packs every library under src/ (Release) into artifacts/packages/: a .nupkg and a .snupkg (symbols) per library, at
# the version set in Directory.Build.props. The notebooks add that folder as a package source
# (#i "nuget: ../artifacts/packages"), and the notebook tests restore from it.
#   scripts/pack.sh              build and pack
#   scripts/pack.sh --no-build   pack the last Release build (./test.sh does this right after building)
# Extra arguments go to `dotnet pack`.
set -euo pipefail
cd "$(dirname "$0")/.."

output=artifacts/packages
mkdir -p "$output"
rm -f "$output"/*.nupkg "$output"/*.snupkg
for project in src/*/*.csproj; do
    dotnet pack "$project" -c Release --nologo -v:q "$@"
done
echo "packages in $(pwd)/$output:"
ls -1 "$output"
