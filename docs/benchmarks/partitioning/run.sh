#!/usr/bin/env bash
# Partitioned vs unpartitioned articles: average latency (ms) and transactions/s of the same queries, pgbench at
# concurrency 2 for 8 s each. Usage: run.sh PGHOST [DATABASE]  (PGHOST may be a Unix socket folder, e.g. a derived
# store's /var/tmp/newsevents-derived-100000 while that store's cluster is running). Builds the lab tables first
# (setup.sql), unless LAB_READY=1.
set -euo pipefail
host=$1; db=${2:-newsevents}; here=$(cd "$(dirname "$0")" && pwd)
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
as_postgres=""; [ "$(id -u)" != 0 ] || as_postgres="runuser -u postgres --"  # pgbench reads the query files as the server's user
[ "${LAB_READY:-0}" = 1 ] || psql -h "$host" -U postgres "$db" -q -f "$here/setup.sql" >/dev/null
queries=$(mktemp -d); chmod 755 "$queries"
while IFS='|' read -r name sql; do
  for table in flat parted; do echo "${sql//TABLE/lab_$table}" > "$queries/${name}_$table.sql"; done
done <<'SQL'
month_common|SELECT id FROM TABLE, to_tsquery('english','said') q WHERE search_vector @@ q AND published_or_ingested_at >= '2025-11-01' AND published_or_ingested_at < '2025-12-01' ORDER BY ts_rank_cd(search_vector, q) DESC LIMIT 20;
year_medium|SELECT id FROM TABLE, to_tsquery('english','oil') q WHERE search_vector @@ q AND published_or_ingested_at >= '2024-01-01' AND published_or_ingested_at < '2025-01-01' ORDER BY ts_rank_cd(search_vector, q) DESC LIMIT 20;
all_medium|SELECT id FROM TABLE, to_tsquery('english','japan') q WHERE search_vector @@ q ORDER BY ts_rank_cd(search_vector, q) DESC LIMIT 20;
all_rare|SELECT id FROM TABLE, to_tsquery('english','cocoa') q WHERE search_vector @@ q ORDER BY ts_rank_cd(search_vector, q) DESC LIMIT 20;
newest_common|SELECT id FROM TABLE WHERE search_vector @@ to_tsquery('english','said') ORDER BY published_or_ingested_at DESC, id DESC LIMIT 20;
by_id|\set r random(1, 100000)\nSELECT title FROM TABLE WHERE id = (SELECT id FROM lab_ids WHERE n = :r);
SQL
sed -i 's/\\n/\n/' "$queries"/by_id_*.sql
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '| query | unpartitioned ms | partitioned ms | partitioned / unpartitioned |\n|---|---:|---:|---:|\n'
for name in month_common year_medium all_medium all_rare newest_common by_id; do
  declare -A ms
  for table in flat parted; do
    ms[$table]=$(cd / && $as_postgres "$pgbin/pgbench" -h "$host" -U postgres -n -c 2 -T 8 -f "$queries/${name}_$table.sql" "$db" 2>/dev/null |
      awk '/latency average/ { print $4 }')
  done
  printf '| %s | %s | %s | %.1f |\n' "$name" "${ms[flat]}" "${ms[parted]}" "$(echo "${ms[parted]} / ${ms[flat]}" | bc -l)"
done
rm -rf "$queries"
