#!/usr/bin/env bash
# Build a minimal PostgreSQL 15 Docker image from this host's own PostgreSQL 15
# install, for machines whose Docker engine cannot pull images (no registry).
#
#   build-local-image.sh [TAG]     default TAG: newsevents/postgres:15-local
#   FORCE=1 build-local-image.sh   rebuild even if TAG exists
#
# The image copies /usr/lib/postgresql/15 (without the LLVM JIT), its share
# files, zoneinfo, the C.UTF-8 locale, sh + a few tools and every library ldd
# lists, and is then `docker import`ed. Its entrypoint acts like the official
# postgres image's as far as Testcontainers.PostgreSql needs (POSTGRES_USER /
# POSTGRES_PASSWORD / POSTGRES_DB, `-c ...` args, pg_isready on PATH, only
# ready on TCP once set-up is done, /docker-entrypoint-initdb.d *.sql / *.sh).
# Skips the build if TAG exists (rebuilt only if it was made by an older
# version of this script or from another PostgreSQL build).
set -euo pipefail

TAG="${1:-newsevents/postgres:15-local}"
PG_VERSION=15
PG_LIB="/usr/lib/postgresql/$PG_VERSION"
PG_SHARE="/usr/share/postgresql/$PG_VERSION"
PG_UID=999 # same uid/gid as the official image

die() { echo "build-local-image: $*" >&2; exit 1; }

# Absolute path of this script, so it works from any directory.
SELF="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/$(basename "${BASH_SOURCE[0]}")"

command -v docker >/dev/null 2>&1 || die "docker CLI not found"
timeout 10 docker info >/dev/null 2>&1 || die "docker engine not reachable (run .ci/start-docker.sh)"
[[ -x "$PG_LIB/bin/postgres" ]] || die "$PG_LIB not found (apt-get install postgresql-$PG_VERSION)"

# The label identifies what the image was built from: this script + host PostgreSQL.
BUILD_ID="$( { cat "$SELF"; "$PG_LIB/bin/postgres" --version; } | sha256sum | cut -c1-16)"
LABEL_KEY=newsevents.local-image.build-id

if [[ -z "${FORCE:-}" ]] && docker image inspect "$TAG" >/dev/null 2>&1; then
  existing="$(docker image inspect -f "{{ index .Config.Labels \"$LABEL_KEY\" }}" "$TAG" 2>/dev/null || true)"
  # Keep any image we did not build (e.g. a real postgres image tagged so) and
  # any image built from identical inputs.
  if [[ -z "$existing" || "$existing" == "<no value>" || "$existing" == "$BUILD_ID" ]]; then
    exit 0
  fi
fi

# Image a rebuild replaces; removed afterwards unless something still uses it.
OLD_ID="$(docker image inspect -f '{{.Id}}' "$TAG" 2>/dev/null || true)"

ROOT="$(mktemp -d /tmp/pg-image-root.XXXXXX)"
trap 'rm -rf "$ROOT"' EXIT

# Merged-/usr layout like Debian 12, so library paths from ldd resolve unchanged.
mkdir -p "$ROOT"/usr/{bin,sbin,lib,lib64,local/bin} "$ROOT"/{etc,run/postgresql,var/lib/postgresql,tmp,proc,sys,dev} \
  "$ROOT/docker-entrypoint-initdb.d" "$ROOT/usr/share" "$ROOT/usr/lib/locale"
for d in bin sbin lib lib64; do ln -s "usr/$d" "$ROOT/$d"; done
ln -s ../run "$ROOT/var/run"
# World-writable like the official image's, so `docker run --user 999` works too.
chmod 1777 "$ROOT/tmp" "$ROOT/var/lib/postgresql"
chmod 3777 "$ROOT/run/postgresql"

# PostgreSQL itself; llvmjit (+ its ~30 MB of LLVM libs) is optional at run time.
mkdir -p "$ROOT$PG_LIB" "$ROOT/usr/share/postgresql"
cp -a "$PG_LIB/bin" "$ROOT$PG_LIB/"
cp -a "$PG_LIB/lib" "$ROOT$PG_LIB/"
rm -rf "$ROOT$PG_LIB"/lib/llvmjit* "$ROOT$PG_LIB/lib/bitcode"
cp -a "$PG_SHARE" "$ROOT/usr/share/postgresql/"          # catalogs, contrib SQL (pg_trgm, unaccent), tsearch
cp -a /usr/share/zoneinfo "$ROOT/usr/share/"             # Debian builds PostgreSQL with system tzdata
cp -a /usr/lib/locale/C.utf8 "$ROOT/usr/lib/locale/"     # initdb --locale=C.UTF-8
ln -s /usr/share/zoneinfo/Etc/UTC "$ROOT/etc/localtime"  # initdb picks timezone 'Etc/UTC'

# A shell and the few tools the entrypoint (and Testcontainers' TLS wrapper)
# use; initdb runs `locale -a` to import collations.
cp -L /bin/dash "$ROOT/usr/bin/dash"
ln -s dash "$ROOT/usr/bin/sh"
tools=(cat chmod chown cp env id install ln locale ls mkdir mktemp rm sleep setpriv)
for t in "${tools[@]}"; do
  p="$(command -v "$t")" || die "tool $t not found on host"
  cp -L "$p" "$ROOT/usr/bin/$t"
done

# Every shared library any copied ELF file needs, copied under the same
# (canonical) directory and soname; the loader's default dirs find them.
find "$ROOT/usr/bin" "$ROOT$PG_LIB/bin" "$ROOT$PG_LIB/lib" -type f -print0 \
  | { xargs -0 ldd 2>/dev/null || true; } \
  | awk '/:$/ { next }
         /=> not found/ { print "MISSING " $1; next }
         $2 == "=>" && $3 ~ /^\// { print $3; next }
         $1 ~ /^\// { print $1 }' \
  | sort -u > "$ROOT/.libs"
if grep -q '^MISSING ' "$ROOT/.libs"; then
  die "unresolved libraries: $(grep '^MISSING ' "$ROOT/.libs" | cut -d' ' -f2 | tr '\n' ' ')"
fi
while read -r lib; do
  dir="$(readlink -f "$(dirname "$lib")")"
  mkdir -p "$ROOT$dir"
  [[ -e "$ROOT$dir/$(basename "$lib")" ]] || cp -L "$lib" "$ROOT$dir/$(basename "$lib")"
done < "$ROOT/.libs"
rm -f "$ROOT/.libs"

# Users: initdb/postgres refuse root and look the effective uid up by name.
cat > "$ROOT/etc/passwd" <<EOF
root:x:0:0:root:/root:/bin/sh
postgres:x:$PG_UID:$PG_UID:PostgreSQL:/var/lib/postgresql:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
EOF
cat > "$ROOT/etc/group" <<EOF
root:x:0:
postgres:x:$PG_UID:
nogroup:x:65534:
EOF
printf 'passwd: files\ngroup: files\nhosts: files dns\n' > "$ROOT/etc/nsswitch.conf"
printf '127.0.0.1 localhost\n::1 localhost\n' > "$ROOT/etc/hosts"

cat > "$ROOT/usr/local/bin/docker-entrypoint.sh" <<'ENTRYPOINT'
#!/bin/sh
# Minimal stand-in for the official postgres image's docker-entrypoint.sh.
set -eu
: "${PGDATA:=/var/lib/postgresql/data}"
export PGDATA

# Only options given (e.g. Testcontainers' "-c fsync=off ..."): run postgres with them.
if [ "$#" -eq 0 ] || [ "${1#-}" != "$1" ]; then
  set -- postgres "$@"
fi
[ "$1" = postgres ] || exec "$@"
shift

# As root: prepare directories, then re-run this script as postgres.
if [ "$(id -u)" = 0 ]; then
  mkdir -p "$PGDATA" /var/run/postgresql
  chown -R postgres:postgres "$PGDATA" /var/run/postgresql
  chmod 700 "$PGDATA"
  chmod 2775 /var/run/postgresql
  exec setpriv --reuid=postgres --regid=postgres --clear-groups -- "$0" postgres "$@"
fi

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  : "${POSTGRES_USER:=postgres}"
  : "${POSTGRES_DB:=$POSTGRES_USER}"
  : "${POSTGRES_PASSWORD:=}"
  auth="${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}"
  if [ -z "$POSTGRES_PASSWORD" ] && [ "$auth" != trust ]; then
    echo "error: POSTGRES_PASSWORD is empty (set it, or POSTGRES_HOST_AUTH_METHOD=trust)" >&2
    exit 1
  fi

  pwfile=""
  if [ -n "$POSTGRES_PASSWORD" ]; then
    pwfile="$(mktemp)"
    printf '%s\n' "$POSTGRES_PASSWORD" > "$pwfile"
  fi
  # shellcheck disable=SC2086 # POSTGRES_INITDB_ARGS is a word list, as upstream
  initdb -D "$PGDATA" -U "$POSTGRES_USER" ${pwfile:+--pwfile="$pwfile"} \
    -E UTF8 --locale=C.UTF-8 --auth-local=trust --auth-host="$auth" --no-sync \
    ${POSTGRES_INITDB_ARGS:-} > /dev/null
  [ -z "$pwfile" ] || rm -f "$pwfile"
  echo "listen_addresses = '*'" >> "$PGDATA/postgresql.conf"
  echo "host all all all $auth" >> "$PGDATA/pg_hba.conf"

  # Create the database and run init scripts on a unix-socket-only server, so
  # `pg_isready --host localhost` stays false until set-up is complete.
  scripts="$(ls -A /docker-entrypoint-initdb.d 2>/dev/null || true)"
  if [ "$POSTGRES_DB" != postgres ] || [ -n "$scripts" ]; then
    pg_ctl -D "$PGDATA" -w -s -o "-c listen_addresses='' -c unix_socket_directories=/var/run/postgresql" start
    export PGHOST=/var/run/postgresql PGUSER="$POSTGRES_USER"
    if [ "$POSTGRES_DB" != postgres ]; then
      psql -v ON_ERROR_STOP=1 -q -X --dbname postgres --set db="$POSTGRES_DB" <<'SQL'
CREATE DATABASE :"db";
SQL
    fi
    for f in /docker-entrypoint-initdb.d/*; do
      # shellcheck disable=SC1090 # init scripts are only known at run time
      case "$f" in
        *.sh)  echo "running $f"; if [ -x "$f" ]; then "$f"; else . "$f"; fi ;;
        *.sql) echo "running $f"; psql -v ON_ERROR_STOP=1 -q -X --dbname "$POSTGRES_DB" -f "$f" ;;
        *)     [ ! -e "$f" ] || echo "ignoring $f" ;;
      esac
    done
    pg_ctl -D "$PGDATA" -m fast -w -s stop
    unset PGHOST PGUSER
  fi
  echo "PostgreSQL init process complete; ready for start up."
fi

# docker import cannot set STOPSIGNAL, and SIGTERM (docker stop) means "smart"
# shutdown, which waits for every pooled client connection to close. Stay as
# PID 1 and turn TERM/INT into SIGINT ("fast" shutdown), like the official
# image's STOPSIGNAL SIGINT.
postgres "$@" &
pid=$!
trap 'kill -INT "$pid" 2>/dev/null || true' TERM INT
trap 'kill -HUP "$pid" 2>/dev/null || true' HUP
while :; do
  if wait "$pid"; then status=0; else status=$?; fi
  kill -0 "$pid" 2>/dev/null || break # still running: wait was cut short by a trap
done
exit "$status"
ENTRYPOINT
chmod 755 "$ROOT/usr/local/bin/docker-entrypoint.sh"

# Import as a single-layer image; owners are root (the entrypoint chowns the data dirs).
tar -C "$ROOT" --numeric-owner --owner=0 --group=0 -cf - . \
  | docker import \
      --change 'ENTRYPOINT ["docker-entrypoint.sh"]' \
      --change 'CMD ["postgres"]' \
      --change "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:$PG_LIB/bin" \
      --change 'ENV LANG=C.UTF-8' \
      --change 'ENV PGDATA=/var/lib/postgresql/data' \
      --change 'EXPOSE 5432' \
      --change "LABEL $LABEL_KEY=$BUILD_ID" \
      - "$TAG" > /dev/null \
  || die "docker import failed"

if [[ -n "$OLD_ID" && "$OLD_ID" != "$(docker image inspect -f '{{.Id}}' "$TAG")" ]]; then
  docker image rm "$OLD_ID" >/dev/null 2>&1 || true
fi
