#!/usr/bin/env bash
# Wall time of linting one file in its repository's context with a warm summary cache, against
# linting that file alone (`--no-context`), alternating runs in one invocation (the machines are
# noisy: compare medians of the same run). Needs ../shared/corpora (the Ebazhanov corpus) or
# CORPUS=DIR and FILE=relative/path.md.
# usage: scripts/bench-context.sh [RUNS]   (default 21)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-21}"
corpus="${CORPUS:-$here/../shared/corpora/Ebazhanov__linkedin-skill-assessments-quizzes}"
file="${FILE:-javascript/javascript-quiz.md}"
[ -d "$corpus" ] || { echo "no corpus at $corpus; nothing to do"; exit 0; }
cargo build --release --quiet --manifest-path "$here/Cargo.toml"
bin="$here/target/release/qalint"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
cp -r "$corpus" "$tmp/repo"; mkdir -p "$tmp/repo/.git"
cd "$tmp/repo"
"$bin" init . > /dev/null
"$bin" check -q "$file" > /dev/null || true   # warms the cache
# Files changed in the last seconds (here: copied just now) are hashed, not trusted by their
# stamp, until they settle; a run after that records their stamps.
sleep 4
"$bin" check -q "$file" > /dev/null || true
python3 - "$bin" "$file" "$runs" <<'PY'
import subprocess, sys, time, statistics
bin, file, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
modes = {
    "context, warm cache": [bin, "check", "-q", file],
    "file alone (--no-context)": [bin, "check", "-q", "--no-context", file],
    "context, no cache": [bin, "check", "-q", "--no-cache", file],
    "context, warm cache, --ignore QA4": [bin, "check", "-q", "--ignore", "QA4", file],
    "file alone, --ignore QA4": [bin, "check", "-q", "--no-context", "--ignore", "QA4", file],
}
times = {m: [] for m in modes}
for _ in range(runs):
    for m, cmd in modes.items():
        t = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times[m].append((time.perf_counter() - t) * 1000)
base = statistics.median(times["file alone (--no-context)"])
files = int(subprocess.run(["sh", "-c", "find . -name '*.md' -not -path './.git/*' | wc -l"], capture_output=True, text=True).stdout)
print(f"one named file (`{file}`) of a {files}-file repository, {runs} alternating runs each")
print()
print("| mode | median ms | min ms | ratio to the file alone |")
print("|---|---|---|---|")
for m, ts in times.items():
    med = statistics.median(ts)
    print(f"| {m} | {med:.1f} | {min(ts):.1f} | {med / base:.2f}x |")
PY
