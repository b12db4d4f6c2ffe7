#!/bin/sh
# The service image's entrypoint.
#
# As the unprivileged user `judge` (the image's default, used by api, beat and
# migrate) it only runs the command. Started as root (the worker: `user: "0"`
# in compose.yaml), it drops to `judge` at once, with the group that owns the
# mounted Docker socket as its one extra group, whatever that group's number
# is on this host (`docker` on Debian, root with rootless Docker). Only where
# that group cannot write to the socket (some Docker Desktop versions mount it
# root-only) does the command stay root, with the capabilities compose.yaml
# leaves it; the socket gives its user control of the engine in any case.
set -eu
if [ "$(id -u)" != 0 ]; then
    exec "$@"
fi
socket=${DOCKER_SOCKET_PATH:-/var/run/docker.sock}
if [ ! -S "$socket" ]; then
    echo "judge-entrypoint: no Docker socket at $socket" >&2
    exec setpriv --reuid=judge --regid=judge --init-groups --inh-caps=-all -- "$@"
fi
group=$(stat -c %g "$socket")
if ! setpriv --reuid=judge --regid=judge --groups="$group" -- test -w "$socket"; then
    echo "judge-entrypoint: the Docker socket is not writable by its group ($group): staying root" >&2
    exec "$@"
fi
exec setpriv --reuid=judge --regid=judge --groups="$group" --inh-caps=-all -- "$@"
