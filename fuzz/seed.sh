#!/usr/bin/env bash
# Copy seed corpora from ../fixtures into fuzz/corpus/<target>/ (not committed; see .gitignore).
# Markdown fixtures seed `lint` and `fix`; YAML configs (fixtures and rules/) seed `config`.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$here/.."
for t in lint fix config; do mkdir -p "$here/corpus/$t"; done
i=0
while IFS= read -r -d '' f; do
  i=$((i + 1))
  cp "$f" "$here/corpus/lint/seed-$i.md"
  cp "$f" "$here/corpus/fix/seed-$i.md"
done < <(find "$root/fixtures" -type f \( -name '*.md' -o -name '*.markdown' \) -print0)
j=0
while IFS= read -r -d '' f; do
  j=$((j + 1))
  cp "$f" "$here/corpus/config/seed-$j.yml"
done < <(find "$root/fixtures" "$root/rules" -type f \( -name '*.yml' -o -name '*.yaml' \) -print0)
echo "seeded $i markdown files (lint, fix) and $j configs (config)"
