#!/usr/bin/env bash
# Install everything the test suite needs (OpenSSH's sshd for the SFTP tests, Debian's
# chromium for the browser tests, the package with its test extras), run the static
# checks (scripts/lint.sh; the first failure stops here) and then the whole suite.
# Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/sbin/sshd ]; then
  echo "installing openssh-server for the SFTP tests" >&2
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openssh-server >/dev/null
  else
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openssh-server >/dev/null
  fi
fi

if ! command -v chromium >/dev/null 2>&1 && [ ! -x /usr/bin/chromium ]; then
  echo "installing chromium for the browser tests of the web site" >&2
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  fi
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
