#!/usr/bin/env bash
# The container's entrypoint: runs gesture-stream-app.jar with the JVM options it needs, as PID 1
# (exec), so that SIGTERM from `docker stop` reaches the JVM and `run` closes cleanly and leaves
# the consumer group.
#
#   entrypoint.sh [COMMAND ARGS...]       default: run
#
# Variables:
#   JAVA_OPTS                     extra JVM options, appended after the defaults (so they win);
#                                 split on whitespace, no quoting (for an option with spaces use
#                                 JDK_JAVA_OPTIONS, which the java launcher reads itself)
#   GESTURE_JAR                   the jar (default /app/gesture-stream-app.jar; lib/ must sit next to it)
#   GESTURE_ENTRYPOINT_DRY_RUN=1  print the command on one line instead of running it (tests)
#   GESTURE_HTTP_ADVERTISED_HOST  how the other instances reach this one for /sessions/{id}; when
#                                 unset and the HTTP server binds a wildcard address (the image
#                                 sets GESTURE_HTTP_HOST=0.0.0.0), it is set here to this
#                                 container's own address (see advertised_host below)
set -euo pipefail

jar="${GESTURE_JAR:-/app/gesture-stream-app.jar}"
dry_run="${GESTURE_ENTRYPOINT_DRY_RUN:-0}"

log() { echo "entrypoint: $*" >&2; }

# This container's address for the other instances: the first non-loopback IPv4 address its
# hostname resolves to (Docker and Kubernetes map the hostname to the container's IP in
# /etc/hosts). An IP rather than the hostname: with `deploy.replicas` every replica is the same
# compose service, the service name resolves to all of them, and the short container ID that
# is the default hostname is not guaranteed to be in every network's DNS. IPv6 is skipped
# because application.server is a plain host:port. `getent` (libc) backs up `hostname`; the
# hostname itself is the last resort.
advertised_host() {
    local addr
    for addr in $(hostname -i 2>/dev/null || true) $(getent ahostsv4 "${HOSTNAME:-}" 2>/dev/null || true); do
        if [[ "$addr" =~ ^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$ && "$addr" != 127.* ]]; then
            echo "$addr"
            return 0
        fi
    done
    echo "${HOSTNAME:-localhost}"
}

case "${GESTURE_HTTP_HOST:-}" in
    0.0.0.0|::|"[::]")
        if [[ -z "${GESTURE_HTTP_ADVERTISED_HOST:-}" ]]; then
            GESTURE_HTTP_ADVERTISED_HOST="$(advertised_host)"
            export GESTURE_HTTP_ADVERTISED_HOST
            log "GESTURE_HTTP_ADVERTISED_HOST=$GESTURE_HTTP_ADVERTISED_HOST (derived: the variable was unset)"
        elif [[ "$dry_run" == "1" ]]; then
            log "GESTURE_HTTP_ADVERTISED_HOST=$GESTURE_HTTP_ADVERTISED_HOST (given)"
        fi
        ;;
esac

cmd=(java)

# The SIMD kernel needs the incubator module; without it the app runs a scalar kernel with the
# same results, but asking for a module the runtime lacks stops the JVM at start-up. So the flag
# is left out (with a warning) only when the runtime's release file lists its modules and this
# one is not among them; when that cannot be told, the flag is passed.
vector_module=1
java_bin="$(command -v java 2>/dev/null || true)"
if [[ -n "$java_bin" ]]; then
    release="$(dirname "$(dirname "$(readlink -f "$java_bin")")")/release"
    if [[ -r "$release" ]] && grep -q '^MODULES=' "$release" \
            && ! grep '^MODULES=' "$release" | grep -qw 'jdk\.incubator\.vector'; then
        vector_module=0
        log "warning: this Java runtime has no jdk.incubator.vector module; running the scalar kernel"
    fi
fi
if [[ "$vector_module" == "1" ]]; then
    cmd+=(--add-modules jdk.incubator.vector)
fi

# Avro deserializes only classes of trusted packages (the code also trusts them itself)
cmd+=(-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.gesturestream.schemas.avro)

if [[ -n "${JAVA_OPTS:-}" ]]; then
    read -r -a java_opts <<< "$JAVA_OPTS"  # word splitting without glob expansion
    cmd+=("${java_opts[@]}")
fi

cmd+=(-jar "$jar")
if [[ $# -eq 0 ]]; then
    set -- run
fi
cmd+=("$@")

if [[ "$dry_run" == "1" ]]; then
    (IFS=' '; printf '%s\n' "${cmd[*]}")
    exit 0
fi
exec "${cmd[@]}"
