#!/usr/bin/env bash
# Builds the local images the container target is proved with, without any registry:
#   goldpath-node-base:local   `docker import` of a root filesystem holding the host's node, /bin/sh (dash) and their ldd libraries
#   goldpath-reference:local   FROM that base: the reference backend bundled into one file (docker/reference/containerMain.ts)
#   goldpath-redis:local       the host's redis-server and its libraries (only when redis-server is installed)
# Idempotent: an image whose org.goldpath.hash label matches its inputs is not rebuilt. Usage: docker/build-reference-image.sh [--force]
set -euo pipefail
cd "$(dirname "$0")/.."

force=0
[ "${1:-}" = "--force" ] && force=1
say() { echo "build-reference-image: $*"; }
if ! docker info >/dev/null 2>&1; then
  say "no container engine answers (docker info failed). Start one: dockerd --bridge=none --iptables=false --ip-forward=false --ip-masq=false &" >&2
  exit 3
fi

# Test files may call this in parallel: one build at a time.
exec 9>"${TMPDIR:-/tmp}/goldpath-build-reference-image.lock"
command -v flock >/dev/null 2>&1 && flock -w 120 9

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

label_of() { docker image inspect -f '{{index .Config.Labels "org.goldpath.hash"}}' "$1" 2>/dev/null || true; }
up_to_date() { [ "$force" = 0 ] && [ "$(label_of "$1")" = "$2" ]; }

# Copies binaries and every library ldd lists for them into a root filesystem at $1.
make_rootfs() {
  local root=$1; shift
  mkdir -p "$root/tmp" "$root/etc" "$root/bin" "$root/usr/local/bin"
  chmod 1777 "$root/tmp"
  echo 'root:x:0:0:root:/root:/bin/sh' >"$root/etc/passwd"
  echo 'root:x:0:' >"$root/etc/group"
  local spec src dest lib
  for spec in "$@"; do
    src=${spec%%:*}; dest=${spec#*:}
    mkdir -p "$root$(dirname "$dest")"
    cp -L "$src" "$root$dest"
    for lib in $(ldd "$src" | awk '/=> \//{print $3} /^[[:space:]]*\//{print $1}'); do
      cp -L --parents "$lib" "$root"
    done
  done
}

node_bin=$(readlink -f "$(command -v node)")
sh_bin=$(readlink -f "$(command -v dash || command -v sh)")
base_hash=$( { sha256sum <"$0"; node --version; sha256sum "$node_bin" "$sh_bin"; ldd "$node_bin" | sed "s/ (0x.*//"; } | sha256sum | cut -c1-16)
if up_to_date goldpath-node-base:local "$base_hash"; then
  say "goldpath-node-base:local is up to date ($base_hash)"
else
  say "building goldpath-node-base:local from $node_bin ($(node --version))"
  make_rootfs "$work/base" "$node_bin:/usr/local/bin/node" "$sh_bin:/bin/sh"
  tar -C "$work/base" -c . | docker import \
    --change 'ENV PATH=/usr/local/bin:/usr/bin:/bin' \
    --change "LABEL org.goldpath.hash=$base_hash" \
    --change 'CMD ["node"]' - goldpath-node-base:local >/dev/null
fi

# The reference backend as one CommonJS file: no node_modules, no tsx inside the image.
mkdir -p "$work/reference"
node_modules/.bin/esbuild docker/reference/containerMain.ts --bundle --platform=node --target=node20 --format=cjs \
  --external:bufferutil --external:utf-8-validate --log-level=warning --outfile="$work/reference/reference.cjs"
ref_hash=$( { echo "$base_hash"; sha256sum <"$work/reference/reference.cjs"; } | sha256sum | cut -c1-16)
if up_to_date goldpath-reference:local "$ref_hash"; then
  say "goldpath-reference:local is up to date ($ref_hash)"
else
  say "building goldpath-reference:local"
  cat >"$work/reference/Dockerfile" <<DOCKERFILE
FROM goldpath-node-base:local
COPY reference.cjs /app/reference.cjs
WORKDIR /app
ENV PORT=8000 HOST=127.0.0.1
LABEL org.goldpath.hash=$ref_hash
CMD ["node", "/app/reference.cjs"]
DOCKERFILE
  DOCKER_BUILDKIT=0 docker build -q -t goldpath-reference:local "$work/reference" >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; exit 1; }
fi

if redis_bin=$(command -v redis-server); then
  redis_bin=$(readlink -f "$redis_bin")
  redis_hash=$( { sha256sum <"$0"; sha256sum "$redis_bin" "$sh_bin"; ldd "$redis_bin" | sed "s/ (0x.*//"; } | sha256sum | cut -c1-16)
  if up_to_date goldpath-redis:local "$redis_hash"; then
    say "goldpath-redis:local is up to date ($redis_hash)"
  else
    say "building goldpath-redis:local from $redis_bin"
    make_rootfs "$work/redis" "$redis_bin:/usr/bin/redis-server" "$sh_bin:/bin/sh"
    # PORT picks the port (host networking: containers share the host's loopback); nothing is persisted.
    tar -C "$work/redis" -c . | docker import \
      --change "LABEL org.goldpath.hash=$redis_hash" \
      --change 'ENV PORT=6379' \
      --change 'CMD ["/bin/sh", "-c", "exec /usr/bin/redis-server --port ${PORT} --bind 127.0.0.1 --save \"\" --appendonly no --protected-mode no"]' \
      - goldpath-redis:local >/dev/null
  fi
else
  say "redis-server not installed: skipping goldpath-redis:local (apt-get install -y redis-server to build it)"
fi
docker image prune -f --filter label=org.goldpath.hash >/dev/null 2>&1 || true
say "images: $(docker image ls --format '{{.Repository}}:{{.Tag}} {{.Size}}' | grep '^goldpath-' | tr '\n' ' ')"
