#!/usr/bin/env bash
# Make a Docker engine available for Testcontainers-based tests.
#
# Idempotent: exits 0 at once if `docker info` already answers. Otherwise it
# installs Debian's docker.io (engine 20.10) when dockerd is missing, starts
# dockerd in the background (log: $DOCKERD_LOG) and waits up to
# $DOCKER_WAIT_SECONDS for it. Quiet on success; on failure one line on stderr.
#
# Clients of this engine need DOCKER_API_VERSION=1.41 unless they negotiate
# (the docker CLI does; Testcontainers/Docker.DotNet does not): Debian's engine
# 20.10 accepts at most API 1.41.
set -euo pipefail

DOCKERD_LOG="${DOCKERD_LOG:-/tmp/dockerd.log}"
DOCKER_WAIT_SECONDS="${DOCKER_WAIT_SECONDS:-30}"

die() { echo "start-docker: $*" >&2; exit 1; }

# Every docker call gets a timeout so a wedged daemon cannot hang CI.
engine_up() { timeout 5 docker info >/dev/null 2>&1; }
# A live dockerd (zombies of a killed one, left unreaped, do not count).
dockerd_alive() { pgrep -x -r D,R,S,T dockerd >/dev/null 2>&1; }

command -v docker >/dev/null 2>&1 || NEED_CLI=1
if [[ -z "${NEED_CLI:-}" ]] && engine_up; then
  exit 0
fi

# A remote DOCKER_HOST that does not answer is not ours to start.
case "${DOCKER_HOST:-unix:///var/run/docker.sock}" in
  unix:///var/run/docker.sock|unix:///run/docker.sock) ;;
  *) die "DOCKER_HOST=$DOCKER_HOST does not answer and is not the local socket" ;;
esac

# Installing packages and starting dockerd need root; use sudo -n if we are not.
SUDO=()
if [[ $(id -u) -ne 0 ]]; then
  if ! { command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; }; then
    die "not root and no password-less sudo: cannot install/start dockerd"
  fi
  SUDO=(sudo -n)
fi

# dockerd lives in /usr/sbin, which a non-root PATH may lack.
find_dockerd() { command -v dockerd 2>/dev/null || { [[ -x /usr/sbin/dockerd ]] && echo /usr/sbin/dockerd; }; }

# Install docker.io only when dockerd is missing; refresh apt lists only when
# apt has no install candidate (fresh machines have empty lists).
if ! find_dockerd >/dev/null || [[ -n "${NEED_CLI:-}" ]]; then
  export DEBIAN_FRONTEND=noninteractive
  apt_opts=(-qq -o DPkg::Lock::Timeout=60)
  if ! apt-cache policy docker.io 2>/dev/null | grep -q 'Candidate: [0-9]'; then
    timeout 300 "${SUDO[@]}" apt-get "${apt_opts[@]}" update >/dev/null 2>&1 \
      || die "apt-get update failed"
  fi
  # Recommends stay on: with AppArmor active, dockerd needs apparmor_parser.
  timeout 600 "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get "${apt_opts[@]}" install -y docker.io \
    >/tmp/start-docker-apt.log 2>&1 \
    || die "apt-get install docker.io failed (see /tmp/start-docker-apt.log)"
fi
DOCKERD=$(find_dockerd) || die "dockerd still missing after installing docker.io"

# Start dockerd unless one is already running (e.g. still initialising).
# setsid detaches it from this script's process group, so it outlives the CI
# step that ran us.
if ! dockerd_alive; then
  "${SUDO[@]}" setsid -f "$DOCKERD" >>"$DOCKERD_LOG" 2>&1 </dev/null \
    || die "could not launch dockerd"
fi

# Poll against a wall-clock deadline (a slow `docker info` counts against it).
deadline=$((SECONDS + DOCKER_WAIT_SECONDS))
started=$SECONDS
while ((SECONDS < deadline)); do
  engine_up && exit 0
  # Fail fast if the daemon died instead of waiting out the timeout.
  if ((SECONDS - started >= 2)) && ! dockerd_alive; then
    die "dockerd exited: $(tail -n 1 "$DOCKERD_LOG" 2>/dev/null || echo 'no log')"
  fi
  sleep 0.5
done
die "docker engine did not answer within ${DOCKER_WAIT_SECONDS}s (log: $DOCKERD_LOG)"
