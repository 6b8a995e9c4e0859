#!/usr/bin/env bash
# The ledger's PDF (manage.py ledger, the back office's 台账) sets its Chinese text in Noto CJK:
# install Debian's fonts-noto-cjk where it is missing and we may (root with apt-get); else say
# how. `make venv` (and so `make demo` and `make test`) runs this.
set -euo pipefail
if command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list :lang=zh 2>/dev/null | head -1)" ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's fonts-noto-cjk for the ledger's PDF..."
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk fontconfig) >/dev/null 2>&1 \
    || echo "WARNING: could not install fonts-noto-cjk; the ledger's PDF will miss its Chinese glyphs." >&2
else
  echo "NOTE: no CJK font found; install fonts-noto-cjk (or another CJK font) for the ledger's PDF." >&2
fi
