#!/usr/bin/env bash
# Every benchmark of the service in one command: builds the CLI and the API in Release, builds the derived store the
# scale benchmarks need (once; kept under /var/tmp), runs each benchmark (each prints its figures beside a baseline
# measured in the same run, with the ratio and pass/short against the targets), and writes the whole report, with the
# machine it ran on, to docs/benchmarks/results-N.md.
#
#   ./benchmark.sh [--articles N] [--corpus-dir DIR] [--quick]
#
#   --articles N     size of the derived store for search and analyst endpoints (default 100000; 1000000 for the 1M
#                    figures, whose store takes hours to build the first time)
#   --corpus-dir DIR the real corpora (*.ndjson; default ../shared/data/corpus beside the repository, or
#                    $NEWSEVENTS_CORPUS_DIR); they are research-use data and never enter the repository
#   --quick          CI size: a 2,000-article store in a temporary folder and seconds of load; proves every benchmark
#                    still runs, its figures mean little; the report goes to standard output only
set -euo pipefail
cd "$(dirname "$0")"
articles=100000 quick=0 corpus_dir=${NEWSEVENTS_CORPUS_DIR:-../shared/data/corpus}
while [ $# -gt 0 ]; do
  case $1 in
    --articles) articles=$2; shift 2 ;;
    --corpus-dir) corpus_dir=$2; shift 2 ;;
    --quick) quick=1; shift ;;
    *) echo "unknown option $1 (see the top of $0)" >&2; exit 2 ;;
  esac
done
if ! ls "$corpus_dir"/*.ndjson >/dev/null 2>&1; then
  echo "no corpus (*.ndjson) in $corpus_dir: name one with --corpus-dir or NEWSEVENTS_CORPUS_DIR" >&2
  exit 3
fi
corpus_dir=$(cd "$corpus_dir" && pwd)
reuters=$corpus_dir/reuters21578.ndjson
[ -f "$reuters" ] || reuters=$(ls "$corpus_dir"/*.ndjson | head -n 1)

dotnet build -c Release src/NewsEvents.Cli -warnaserror -nologo -v quiet >/dev/null
cli() { dotnet src/NewsEvents.Cli/bin/Release/net10.0/newsevents.dll "$@"; }

if [ "$quick" = 1 ]; then
  store=$(mktemp -d /tmp/newsevents-bench.XXXXXX); chmod 755 "$store"
  trap 'rm -rf "$store"' EXIT
  report=/dev/null
  extraction=(--limit 300 --passes 1) ingest=(--articles 100 --processes 1,2) import=(--articles 300)
  derive=(--articles 2000 --sample 200 --store "$store/db") analyst=(--store "$store/db" --requests 30 --seconds 1)
  search=(--store "$store/db" --index "$store/index" --requests 20 --seconds 1)
  load=(--seconds 1 --concurrency 4 --articles 50)
else
  report=docs/benchmarks/results-$articles.md
  extraction=() ingest=(--articles 2000 --processes 1,2,4) import=()
  derive=(--articles "$articles") analyst=(--articles "$articles") search=(--articles "$articles")
  load=(--seconds 10 --concurrency 8 --articles 300)
fi
corpora=(); for file in "$corpus_dir"/*.ndjson; do corpora+=(--corpus "$file"); done

{
  echo "# Benchmarks: $(date -u +%Y-%m-%d), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo
  echo "Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/ { print $2 }') GiB RAM,"
  echo "$(. /etc/os-release && echo "$PRETTY_NAME"), .NET SDK $(dotnet --version), $("$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)/postgres" --version)."
  echo "Load average at the start: $(cut -d' ' -f1-3 /proc/loadavg). Corpora: $corpus_dir (real); stores of more than the corpora are derived from them."
  echo
  echo "## Extraction alone"; echo; echo '```'
  cli benchmark-extraction "${corpora[@]}" "${extraction[@]}"
  echo '```'; echo
  echo "## Ingest end to end (queued to processed and searchable)"; echo
  cli benchmark-ingest --corpus "$reuters" "${ingest[@]}"
  echo; echo "## Bulk acceptance vs raw COPY"; echo
  cli benchmark-ingest --import --corpus "$reuters" "${import[@]}"
  echo
  if [ "$quick" = 1 ] || ! [ -d "/var/tmp/newsevents-derived-$articles" ]; then
    echo "(building the derived store)"
    cli generate-corpus "${corpora[@]}" "${derive[@]}" >&2
  fi
  cli benchmark-search "${search[@]}"
  echo
  cli benchmark-analyst "${analyst[@]}"
  echo
  cli benchmark-load "${load[@]}"
} | tee "$report"
