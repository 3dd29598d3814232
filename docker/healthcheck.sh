#!/usr/bin/env bash
# The image's HEALTHCHECK: exit 0 when GET PATH (default /health/live) on the app's own HTTP
# port answers 200, 1 otherwise.
#
#   healthcheck.sh [PATH]
#
# Plain bash, through its /dev/tcp pseudo-device: the JRE image has no curl or wget, and
# installing curl for this alone would add an apt layer, ~10 MB and a package to keep patched.
# The request is HTTP/1.0 with "Connection: close"; the JDK's server answers
# "HTTP/1.1 200 OK" and closes. Only the status line is checked.
set -euo pipefail

path="${1:-/health/live}"
port="${GESTURE_HTTP_PORT:-8080}"
if [[ "$port" == "-1" ]]; then
    exit 0  # HTTP turned off (GESTURE_HTTP_PORT=-1): nothing to ask; liveness is the process itself
fi
host="${GESTURE_HTTP_HOST:-127.0.0.1}"
case "$host" in
    0.0.0.0|::|"[::]"|"") host=127.0.0.1 ;;  # a wildcard bind is reachable on loopback
esac

if ! { exec 3<>"/dev/tcp/$host/$port"; } 2>/dev/null; then
    echo "healthcheck: cannot connect to $host:$port" >&2
    exit 1
fi
printf 'GET %s HTTP/1.0\r\nHost: %s\r\nConnection: close\r\n\r\n' "$path" "$host" >&3
status=""
IFS= read -r -t 5 status <&3 || true
# read the rest, so the server never writes into a closed socket
while IFS= read -r -t 5 _ <&3; do :; done || true
exec 3<&-

if [[ "$status" =~ ^HTTP/1\.[01]\ 200 ]]; then
    exit 0
fi
echo "healthcheck: $path on $host:$port answered '${status%$'\r'}'" >&2
exit 1
