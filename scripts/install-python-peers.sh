#!/usr/bin/env bash
# Installs the Python peers the tests need (moto server) into .venv, pinned by
# scripts/python-peers.txt. Quick when already done: it reinstalls only when that file changed.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$root/.venv"
requirements="$root/scripts/python-peers.txt"
stamp="$venv/.python-peers.sha256"
python="${PYTHON:-python3}"

want="$(sha256sum "$requirements" | cut -d' ' -f1)"
if [[ -x "$venv/bin/moto_server" && -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
  exit 0
fi

if ! command -v "$python" >/dev/null; then
  echo "install-python-peers: $python not found; install Python 3.9+ (the tests run moto server from it)" >&2
  exit 1
fi
[[ -x "$venv/bin/python" ]] || "$python" -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements"
"$venv/bin/moto_server" --help >/dev/null
echo "$want" >"$stamp"
echo "install-python-peers: moto server installed in .venv"
