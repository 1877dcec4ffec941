-- A month-partitioned copy of the articles table beside an unpartitioned one, same columns and indexes, for run.sh.
-- Only lab_* tables are created; drop them afterwards (DROP TABLE lab_flat, lab_parted, lab_ids CASCADE).
DROP TABLE IF EXISTS lab_flat, lab_parted CASCADE;
CREATE TABLE lab_flat AS SELECT id, source_id, published_or_ingested_at, title, search_vector, duplicate_of FROM articles;
CREATE TABLE lab_parted (LIKE lab_flat) PARTITION BY RANGE (published_or_ingested_at);
DO $$
DECLARE m date;
BEGIN
  FOR m IN SELECT generate_series(date_trunc('month', min(published_or_ingested_at))::date, date_trunc('month', max(published_or_ingested_at))::date, interval '1 month')::date FROM lab_flat
  LOOP
    IF EXISTS (SELECT 1 FROM lab_flat WHERE published_or_ingested_at >= m AND published_or_ingested_at < m + interval '1 month') THEN
      EXECUTE format('CREATE TABLE lab_parted_%s PARTITION OF lab_parted FOR VALUES FROM (%L) TO (%L)', to_char(m, 'YYYYMM'), m, m + interval '1 month');
    END IF;
  END LOOP;
END $$;
CREATE TABLE lab_parted_default PARTITION OF lab_parted DEFAULT;
INSERT INTO lab_parted SELECT * FROM lab_flat;
SELECT count(*) AS partitions FROM pg_inherits WHERE inhparent = 'lab_parted'::regclass;
CREATE INDEX ON lab_flat USING gin (search_vector);
CREATE INDEX ON lab_flat (published_or_ingested_at DESC, id DESC);
CREATE UNIQUE INDEX ON lab_flat (id);
CREATE INDEX ON lab_parted USING gin (search_vector);
CREATE INDEX ON lab_parted (published_or_ingested_at DESC, id DESC);
CREATE INDEX ON lab_parted (id);
VACUUM ANALYZE lab_flat; VACUUM ANALYZE lab_parted;
DROP TABLE IF EXISTS lab_ids;
CREATE TABLE lab_ids AS SELECT row_number() OVER () AS n, id FROM lab_flat;
CREATE UNIQUE INDEX ON lab_ids (n);
ANALYZE lab_ids;
