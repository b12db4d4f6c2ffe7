#!/usr/bin/env bash
# Makes a local Debian bookworm base image with python3 and pip, for machines
# that cannot pull images from a registry. Needs root and debootstrap.
# Usage: sandbox/build-base.sh [IMAGE]   (default judge-base:bookworm)
set -euo pipefail
image=${1:-judge-base:bookworm}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
command -v debootstrap >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap; }
rootfs=$(mktemp -d)
trap 'rm -rf "$rootfs"' EXIT
debootstrap --variant=minbase --include=python3,python3-pip,ca-certificates bookworm "$rootfs" "$mirror" >/dev/null
rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
tar -C "$rootfs" -c . | docker import -c 'CMD ["python3"]' - "$image" >/dev/null
echo "built $image"
