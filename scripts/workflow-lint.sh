#!/usr/bin/env bash
# Checks every GitHub Actions workflow with actionlint (syntax, expressions, shellcheck-free
# checks) and zizmor (security: unpinned actions, template injection, credential persistence,
# excessive permissions, ...), with no suppressions. Installs both on first use, pinned:
# actionlint with `go install` from the Go module proxy into .tools/bin (needs Go 1.25 or newer),
# zizmor from PyPI into .venv-zizmor (scripts/workflow-lint-requirements.txt).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ACTIONLINT_VERSION=v1.7.12
tools="$root/.tools/bin"
actionlint="$tools/actionlint"
if [[ ! -x "$actionlint" ]] || ! "$actionlint" -version | head -1 | grep -qx "$ACTIONLINT_VERSION"; then
  if ! command -v go >/dev/null; then
    echo "workflow-lint: go not found; install Go 1.25 or newer (actionlint is built from the Go module proxy)" >&2
    exit 1
  fi
  mkdir -p "$tools"
  GOBIN="$tools" GOFLAGS=-mod=mod go install "github.com/rhysd/actionlint/cmd/actionlint@$ACTIONLINT_VERSION"
fi

venv="$root/.venv-zizmor"
requirements="$root/scripts/workflow-lint-requirements.txt"
stamp="$venv/.requirements.sha256"
want="$(sha256sum "$requirements" | cut -d' ' -f1)"
if [[ ! -x "$venv/bin/zizmor" || ! -f "$stamp" || "$(cat "$stamp")" != "$want" ]]; then
  "${PYTHON:-python3}" -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements"
  echo "$want" >"$stamp"
fi

cd "$root"
"$actionlint"
# --offline: no GitHub API calls (no token in CI); --persona pedantic: every audit, nothing hidden.
"$venv/bin/zizmor" --offline --persona pedantic --no-progress .github/workflows
echo "workflow-lint: actionlint $ACTIONLINT_VERSION and zizmor $("$venv/bin/zizmor" --version | cut -d' ' -f2) found nothing"
