#!/usr/bin/env bash
# Builds a local stand-in for node:20-bookworm-slim when no registry is reachable: a minimal Debian
# bookworm from the mirror apt already uses (debootstrap), plus this host's Node.js 20 binary and npm,
# and the host's CA bundle (so npm inside a build trusts the same TLS as the host). tini is included
# so the image build need not reach a mirror for it.
# Usage: base-image.sh <image name>. Does nothing when the image exists (the cache between runs).
set -euo pipefail
image="${1:-localhost/garrison-node-base:20}"
if podman image exists "$image"; then
  echo "base image $image exists"
  exit 0
fi
mirror="$(grep -rhoE '^(URIs:|deb) +https?://[^ ]+/debian/?( |$)' /etc/apt/sources.list /etc/apt/sources.list.d/ 2>/dev/null \
  | grep -oE 'https?://[^ ]+' | head -n1 || true)"
mirror="${mirror:-http://deb.debian.org/debian}"
root="$(mktemp -d /var/tmp/garrison-base.XXXXXX)"
trap 'rm -rf "$root"' EXIT
echo "debootstrap bookworm from $mirror"
debootstrap --variant=minbase --include=tini bookworm "$root" "$mirror" >/dev/null
node_bin="$(readlink -f "$(command -v node)")"
npm_dir="$(dirname "$(readlink -f "$(command -v npm)")")/.."
install -m 0755 "$node_bin" "$root/usr/local/bin/node"
mkdir -p "$root/usr/local/lib/node_modules"
cp -a "$(readlink -f "$npm_dir")" "$root/usr/local/lib/node_modules/npm"
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$root/usr/local/bin/npm"
ln -s ../lib/node_modules/npm/bin/npx-cli.js "$root/usr/local/bin/npx"
mkdir -p "$root/etc/ssl/certs"
cp /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/ca-certificates.crt"
rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
tar -C "$root" -c . | podman import \
  --change 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt' \
  --change 'CMD ["node"]' - "$image" >/dev/null
echo "base image $image built"
