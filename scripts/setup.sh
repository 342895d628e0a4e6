#!/usr/bin/env bash
# Prepare .venv: find Python 3.10, install the locked dependencies, the project and the Dutch spaCy model.
# Idempotent: a second run only checks stamps and returns within seconds.
set -euo pipefail
export TF_CPP_MIN_LOG_LEVEL=3
cd "$(dirname "$0")/.."

VENV=.venv
LOCK=requirements.lock
STAMP="$VENV/.oefenavond-installed"

die() { printf '\nsetup: %s\n' "$*" >&2; exit 1; }

is_py310() { [ -x "$1" ] && "$1" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))' 2>/dev/null; }

find_python() {
  local candidate
  for candidate in "${PYTHON:-}" "$(command -v python3.10 || true)" "$(command -v python3 || true)"; do
    [ -n "$candidate" ] && is_py310 "$candidate" && { echo "$candidate"; return; }
  done
  local root="${PYENV_ROOT:-$HOME/.pyenv}"
  command -v pyenv >/dev/null 2>&1 && root="$(pyenv root)"
  for candidate in "$root"/versions/3.10*/bin/python3.10; do
    is_py310 "$candidate" && { echo "$candidate"; return; }
  done
  return 1
}

if ! is_py310 "$VENV/bin/python"; then
  python=$(find_python) || die "Python 3.10 is required (Rasa 3.6 supports Python 3.8-3.10 only) and none was found.
  Looked at \$PYTHON, python3.10 and python3 on PATH, and pyenv's versions in ${PYENV_ROOT:-$HOME/.pyenv}/versions.
  Install it, for example:  pyenv install 3.10   or   apt-get install python3.10 python3.10-venv
  or point to one:          PYTHON=/path/to/python3.10 make test"
  echo "setup: creating $VENV with $python"
  rm -rf "$VENV"
  "$python" -m venv "$VENV"
fi

wanted="$(cat "$LOCK" pyproject.toml | sha256sum | cut -d' ' -f1)"
if [ "$(cat "$STAMP" 2>/dev/null)" != "$wanted" ]; then
  echo "setup: installing locked dependencies into $VENV (first time: a few minutes, ~3 GB)"
  "$VENV/bin/python" -m pip install --quiet -r "$LOCK"
  "$VENV/bin/python" -m pip install --quiet --no-deps --no-build-isolation -e .
  echo "$wanted" > "$STAMP"
fi

scripts/install-dutch-model.sh "$VENV/bin/python"
"$VENV/bin/python" -c 'import importlib.metadata as m; print(m.version("nl_core_news_sm"))' \
  > "$VENV/.spacy-model-version.new"
cmp -s "$VENV/.spacy-model-version.new" "$VENV/.spacy-model-version" 2>/dev/null \
  || mv "$VENV/.spacy-model-version.new" "$VENV/.spacy-model-version"
rm -f "$VENV/.spacy-model-version.new"

# The web chat's browser dependency (socket.io-client, pinned in package-lock.json), served by the
# web app from node_modules/. Without npm everything else still works; the chat page cannot connect.
if command -v npm >/dev/null 2>&1; then
  lock_sum="$(sha256sum package-lock.json | cut -d' ' -f1)"
  if [ "$(cat node_modules/.oefenavond-installed 2>/dev/null)" != "$lock_sum" ]; then
    echo "setup: installing the web chat's socket.io client with npm ci"
    if npm ci --no-audit --no-fund --loglevel=error; then
      echo "$lock_sum" > node_modules/.oefenavond-installed
    else
      echo "setup: WARNING: npm ci failed; the web chat cannot connect until it succeeds (run: npm ci)" >&2
    fi
  fi
else
  echo "setup: WARNING: npm not found, skipping the web chat's socket.io client." >&2
  echo "  Install Node.js and npm (e.g. apt-get install npm) and run make run again." >&2
fi
