#!/usr/bin/env bash
# Installs the system libraries swift-dynamics links against (LAPACKE, OpenBLAS, zlib) when they are
# missing. Idempotent and quiet when everything is present; used by both README commands.
set -euo pipefail

needed=(liblapacke-dev libopenblas-dev zlib1g-dev)
missing=()
for pkg in "${needed[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "setup: missing ${missing[*]}, and apt-get is not available; install LAPACKE and OpenBLAS by hand." >&2
  exit 1
fi
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo_cmd=(sudo); else
    echo "setup: missing ${missing[*]}; run as root or install them with apt-get." >&2
    exit 1
  fi
fi
echo "setup: installing ${missing[*]} ..." >&2
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq >/dev/null
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "setup: done." >&2
