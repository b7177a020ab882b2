"""Write an evaluation as report.md and report.html with matplotlib plots."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from eval.metrics import KS, METRIC_KEYS, Outcome
from eval.runner import EvalResult


def _format(value: Any) -> str:
    return "–" if value is None else f"{value:.2f}"


def metrics_table(summary: dict[str, Any], systems: list[str]) -> list[list[str]]:
    """Rows of [metric, system values...]."""
    return [[key, *(_format(summary[s][key]) for s in systems)] for key in METRIC_KEYS]


def _by_category(outcomes: list[Outcome]) -> dict[str, float]:
    categories: dict[str, list[bool]] = {}
    for o in outcomes:
        categories.setdefault(o.item.category, []).append(o.correct)
    return {c: sum(v) / len(v) for c, v in sorted(categories.items())}


def plot(result: EvalResult, out_dir: Path) -> dict[str, str]:
    """Draw the figures into ``out_dir``; returns {title: file name}."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    systems = list(result.outcomes)
    files: dict[str, str] = {}

    fig, ax = plt.subplots(figsize=(9, 4))
    categories = sorted({o.item.category for o in result.outcomes[systems[0]]})
    width = 0.8 / len(systems)
    for i, system in enumerate(systems):
        shares = _by_category(result.outcomes[system])
        ax.bar(
            [c + i * width for c in range(len(categories))],
            [shares[c] for c in categories],
            width=width,
            label=system,
        )
    ax.set_xticks([c + width * (len(systems) - 1) / 2 for c in range(len(categories))])
    ax.set_xticklabels(categories, rotation=30, ha="right")
    ax.set_ylabel("share correct")
    ax.set_ylim(0, 1.25)
    ax.legend(loc="upper center", ncol=len(systems))
    ax.set_title("Correct answers per category")
    fig.tight_layout()
    fig.savefig(out_dir / "per_category.png", dpi=110)
    files["Correct answers per category"] = "per_category.png"

    fig, ax = plt.subplots(figsize=(5, 4))
    ks = list(range(1, max(KS) + 1))
    for system in systems:
        with_gold = [o for o in result.outcomes[system] if o.item.support]
        ax.plot(
            ks,
            [sum(o.recall_at(k) for o in with_gold) / len(with_gold) for k in ks],
            marker="o",
            label=system,
        )
    ax.set_xlabel("k (passages retrieved)")
    ax.set_ylabel("recall of gold spans")
    ax.set_ylim(0, 1.05)
    ax.set_xticks(ks)
    ax.legend()
    ax.set_title("Retrieval recall@k")
    fig.tight_layout()
    fig.savefig(out_dir / "recall_at_k.png", dpi=110)
    files["Retrieval recall@k"] = "recall_at_k.png"

    fig, ax = plt.subplots(figsize=(6, 4))
    ours = result.outcomes[systems[0]]
    for label, answerable in (("answerable", True), ("not answerable", False)):
        scores = [
            max((c.score for c in o.answer.citations), default=0.0)
            for o in ours
            if o.item.answerable == answerable
        ]
        ax.hist(scores, bins=[i / 20 for i in range(21)], alpha=0.6, label=label)
    ax.set_xlabel(f"best citation score ({systems[0]}; 0 = abstained)")
    ax.set_ylabel("questions")
    ax.legend()
    ax.set_title("Evidence score distribution")
    fig.tight_layout()
    fig.savefig(out_dir / "score_distribution.png", dpi=110)
    files["Evidence score distribution"] = "score_distribution.png"
    plt.close("all")
    return files


def failures(result: EvalResult) -> list[dict[str, str]]:
    """Every question a system got wrong, with its answer, citations and gold."""
    rows = []
    for system, outcomes in result.outcomes.items():
        for o in outcomes:
            if o.correct:
                continue
            rows.append(
                {
                    "system": system,
                    "id": o.item.id,
                    "category": o.item.category,
                    "question": o.item.question,
                    "answer": o.answer.answer,
                    "citations": "; ".join(
                        f"[{c.id}] {c.start}-{c.end}" for c in o.answer.citations
                    ),
                    "gold": o.item.gold_answer or "(abstain)",
                }
            )
    return rows


def write_report(result: EvalResult, out_dir: Path) -> tuple[Path, Path]:
    """Write report.md and report.html (and the PNGs) into ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    summary = result.summary()
    systems = list(result.outcomes)
    figures = plot(result, out_dir)
    table = metrics_table(summary, systems)
    failed = failures(result)
    columns = ["system", "id", "category", "question", "answer", "citations", "gold"]

    def md_cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    md = [f"# Evaluation report\n\n{summary['n_questions']} questions.\n"]
    md.append("| metric | " + " | ".join(systems) + " |")
    md.append("| --- |" + " --- |" * len(systems))
    md += ["| " + " | ".join(row) + " |" for row in table]
    for title, name in figures.items():
        md.append(f"\n## {title}\n\n![{title}]({name})")
    md.append(f"\n## Failed questions ({len(failed)})\n")
    md.append("| " + " | ".join(columns) + " |")
    md.append("|" + " --- |" * len(columns))
    md += ["| " + " | ".join(md_cell(r[c]) for c in columns) + " |" for r in failed]
    md_path = out_dir / "report.md"
    md_path.write_text("\n".join(md) + "\n", encoding="utf-8")

    def html_row(cells: list[str], tag: str = "td") -> str:
        return "<tr>" + "".join(f"<{tag}>{html.escape(c)}</{tag}>" for c in cells) + "</tr>"

    body = [
        "<h1>Evaluation report</h1>",
        f"<p>{summary['n_questions']} questions.</p>",
        "<table>",
        html_row(["metric", *systems], "th"),
        *(html_row(row) for row in table),
        "</table>",
    ]
    for title, name in figures.items():
        body.append(f"<h2>{html.escape(title)}</h2><img src='{name}' alt='{html.escape(title)}'>")
    body += [
        f"<h2>Failed questions ({len(failed)})</h2>",
        "<table>",
        html_row(columns, "th"),
        *(html_row([r[c] for c in columns]) for r in failed),
        "</table>",
    ]
    style = (
        "body{font-family:sans-serif;max-width:1100px;margin:2em auto;color:#111}"
        "table{border-collapse:collapse;margin:1em 0}"
        "td,th{border:1px solid #ccc;padding:4px 8px;vertical-align:top;text-align:left}"
        "img{max-width:100%}"
    )
    html_path = out_dir / "report.html"
    html_path.write_text(
        "<!doctype html><html><head><meta charset='utf-8'><title>Evaluation report</title>"
        f"<style>{style}</style></head><body>{''.join(body)}</body></html>",
        encoding="utf-8",
    )
    return md_path, html_path
