#!/usr/bin/env bash
# The stand-in terraform as lz runs it at scale: a few milliseconds of bash per invocation, the
# work done by one `node stand-in-terraform.js --serve` at the port in STAND_IN_SERVER (see the
# top of stand-in-terraform.js). Without STAND_IN_SERVER it runs stand-in-terraform.js itself.
set -u
if [[ -z "${STAND_IN_SERVER:-}" ]]; then
  exec node "${BASH_SOURCE[0]%/*}/stand-in-terraform.js" "$@"
fi
if ! { exec 3<>"/dev/tcp/127.0.0.1/${STAND_IN_SERVER}"; } 2>/dev/null; then
  printf '\nError: the stand-in terraform server is not listening on 127.0.0.1:%s (STAND_IN_SERVER)\n\n' "$STAND_IN_SERVER" >&2
  exit 1
fi
# The variables the stand-in reads; the rest of its environment is the server's own.
names=(${!STAND_IN_*} ${!AWS_*} ${!TF_*})
{
  printf 'stand-in-1\0%s\0%s\0' "$PWD" "$#"
  if (($#)); then printf '%s\0' "$@"; fi
  printf '%s\0' "${#names[@]}"
  for name in "${names[@]}"; do printf '%s=%s\0' "$name" "${!name}"; done
} >&3
if ! IFS= read -r code <&3; then
  printf '\nError: the stand-in terraform server on 127.0.0.1:%s closed the connection without an answer\n\n' "$STAND_IN_SERVER" >&2
  exit 1
fi
IFS= read -r -d '' err <&3
IFS= read -r -d '' file <&3
if [[ -n "$err" ]]; then printf '%s' "$err" >&2; fi
if [[ -n "$file" ]]; then
  IFS= read -r -d '' out <"$file"
  printf '%s' "$out"
fi
exit "$code"
