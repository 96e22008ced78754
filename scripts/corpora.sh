#!/usr/bin/env bash
# Run qalint over every corpus in ../shared/corpora (when present) with the config that fits it
# (scripts/corpora/<name>.yml) and print the count of findings per code.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
corpora="${CORPORA:-$here/../shared/corpora}"
[ -d "$corpora" ] || { echo "no corpora at $corpora; nothing to do"; exit 0; }
bin="$here/target/release/qalint"
cargo build --release --quiet --manifest-path "$here/Cargo.toml"
for cfg in "$here"/scripts/corpora/*.yml; do
  name="$(basename "$cfg" .yml)"
  [ -d "$corpora/$name" ] || continue
  echo "== $name"
  "$bin" check "$corpora/$name" --config "$cfg" --format json \
    | python3 -c 'import json,sys,collections
r=json.load(sys.stdin); c=collections.Counter(d["code"] for d in r["diagnostics"])
print("  files %(files)d, questions %(questions)d" % r["summary"])
for k in sorted(c): print("  %s %d" % (k, c[k]))' || true
done
