#!/usr/bin/env bash
# Install spaCy's Dutch pipeline nl_core_news_sm 3.4 into the Python given as $1 (a venv's python):
# the official download where the network allows, else pip from a wheel folder in PIP_FIND_LINKS.
set -euo pipefail
python="$1"
version='3.4.*'

installed() {  # asks the package metadata: importing the model would load spaCy (seconds)
  "$python" -c 'import importlib.metadata as m; m.version("nl_core_news_sm")' 2>/dev/null
}
installed && exit 0
echo "setup: installing the Dutch spaCy model nl_core_news_sm $version"
if timeout 120 "$python" -m spacy download nl_core_news_sm >/dev/null 2>&1 \
   && installed; then
  echo "setup: installed nl_core_news_sm with spaCy's official download"
elif "$python" -m pip install --quiet "nl_core_news_sm==$version" >/dev/null 2>&1; then
  echo "setup: installed nl_core_news_sm with pip (PIP_FIND_LINKS=${PIP_FIND_LINKS:-not set})"
else
  cat >&2 <<MSG

setup: could not install the Dutch spaCy model nl_core_news_sm $version. Either
  - allow network access to spaCy's model server, so that  python -m spacy download nl_core_news_sm  works, or
  - put a wheel of nl_core_news_sm 3.4 in a folder and name it in pip's own variable:
        PIP_FIND_LINKS=/path/to/wheels make test
MSG
  exit 1
fi
