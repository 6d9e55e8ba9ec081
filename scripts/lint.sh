#!/usr/bin/env bash
# The static checks, fastest first; the first that fails stops the run and shows why.
# Runs with the project's .venv (scripts/test.sh makes it) or the tools on PATH.
set -euo pipefail
cd "$(dirname "$0")/.."

bin=.venv/bin
[ -x "$bin/ruff" ] || bin="$(dirname "$(command -v ruff)")"

step() {
  local name=$1 output
  shift
  if ! output="$("$@" 2>&1)"; then
    printf '%s\n' "$output" >&2
    echo "lint: $name failed ($*)" >&2
    exit 1
  fi
  echo "lint: $name ok"
}

step "ruff check" "$bin/ruff" check .
step "ruff format" "$bin/ruff" format --check .
step "import layers" "$bin/lint-imports" --no-cache
step "mypy" "$bin/mypy"
