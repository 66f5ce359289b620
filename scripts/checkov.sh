#!/usr/bin/env bash
# Synthesizes the example organization and scans it with checkov; fails on any finding that
# .checkov.yaml does not accept with a reason. Installs checkov into .venv-checkov on first use
# (pinned in scripts/checkov-requirements.txt); nothing is downloaded at scan time.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$root/.venv-checkov"
requirements="$root/scripts/checkov-requirements.txt"
stamp="$venv/.requirements.sha256"
want="$(sha256sum "$requirements" | cut -d' ' -f1)"
if [[ ! -x "$venv/bin/checkov" || ! -f "$stamp" || "$(cat "$stamp")" != "$want" ]]; then
  "${PYTHON:-python3}" -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements"
  echo "$want" >"$stamp"
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$root"
node bin/lz.js synth --out "$work/cdktf.out" >/dev/null
# checkov's Terraform JSON parser cannot read import blocks (a list); they carry no settings to
# check, so the scanned copy leaves them out rather than skipping the organization stack.
node -e '
const fs = require("node:fs"), path = require("node:path");
const [from, to] = process.argv.slice(1);
for (const stack of fs.readdirSync(path.join(from, "stacks"))) {
  const json = JSON.parse(fs.readFileSync(path.join(from, "stacks", stack, "cdk.tf.json"), "utf8"));
  delete json.import;
  fs.mkdirSync(path.join(to, stack), { recursive: true });
  fs.writeFileSync(path.join(to, stack, "cdk.tf.json"), JSON.stringify(json));
}' "$work/cdktf.out" "$work/scan"
"$venv/bin/checkov" --config-file "$root/.checkov.yaml" -d "$work/scan"
