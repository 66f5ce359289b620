#!/usr/bin/env bash
# Synthesizes the example organization and scans it with checkov; fails on any finding that
# .checkov.yaml does not accept with a reason, or that .checkov.baseline does not accept for one
# resource (each listed with its reason in the README's table), and on any file it cannot parse. Installs checkov into .venv-checkov on first use
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
# checkov's Terraform JSON parser cannot read import blocks (a list) nor `terraform.required_version`
# (a string where it expects a block): either makes it skip the whole file as a parsing error and
# pass. They carry no settings to check, so the scanned copy leaves them out.
node -e '
const fs = require("node:fs"), path = require("node:path");
const [from, to] = process.argv.slice(1);
for (const stack of fs.readdirSync(path.join(from, "stacks"))) {
  const json = JSON.parse(fs.readFileSync(path.join(from, "stacks", stack, "cdk.tf.json"), "utf8"));
  delete json.import;
  if (json.terraform) delete json.terraform.required_version;
  fs.mkdirSync(path.join(to, stack), { recursive: true });
  fs.writeFileSync(path.join(to, stack, "cdk.tf.json"), JSON.stringify(json));
}' "$work/cdktf.out" "$work/scan"
out="$("$venv/bin/checkov" --config-file "$root/.checkov.yaml" --baseline "$root/.checkov.baseline" -d "$work/scan" 2>&1)" && status=0 || status=$?
printf '%s\n' "$out"
# A file checkov cannot parse is not scanned at all: that is a failure, not a pass.
if grep -q 'Parsing errors: [1-9]' <<<"$out"; then echo "checkov could not parse every stack" >&2; exit 1; fi
exit "$status"
