#!/usr/bin/env bash
# Install everything the test suite needs (OpenSSH's sshd and inotify-tools for the SFTP
# tests, PostgreSQL for the tests that run on both databases, Debian's chromium for the
# browser tests, the package with its test extras), run the static checks (scripts/lint.sh; the first
# failure stops here) and then the whole suite. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
[ -x /usr/sbin/sshd ] || missing+=(openssh-server)
command -v inotifywait >/dev/null 2>&1 || missing+=(inotify-tools)
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || missing+=(chromium)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "installing ${missing[*]} for the tests" >&2
  sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[test]'

bash scripts/lint.sh

if [ -z "${ETSTATS_CORPUS:-}" ] && [ -d ../shared/data/gamestats ]; then
  ETSTATS_CORPUS="$(cd ../shared/data/gamestats && pwd)"
  export ETSTATS_CORPUS
fi
exec .venv/bin/python -m pytest "$@"
