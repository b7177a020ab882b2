#!/usr/bin/env python3
"""Validate the devdocs3 evaluation set.

Checks questions.jsonl and conversations.jsonl against the three documents in
this folder: schema, ids, category counts, conversation structure, key-fact
length, and that every key-fact alternative and every evidence string occurs
exactly (case-sensitive) in every "view" of the document's visible text.

Usage: python3 check_devset.py [folder]
Prints counts and "ALL CHECKS PASSED" (exit 0), or the errors (exit 1).
"""
import html
import json
import os
import re
import sys
from collections import Counter, OrderedDict

HERE = os.path.dirname(os.path.abspath(__file__))
DIR = sys.argv[1] if len(sys.argv) > 1 else HERE

DOCS = OrderedDict([
    ("news.html", {"q_prefix": "yn", "c_prefix": "dn"}),
    ("guide.md", {"q_prefix": "yg", "c_prefix": "dg"}),
    ("profile.txt", {"q_prefix": "yp", "c_prefix": "dp"}),
])

CATEGORY_COUNTS = OrderedDict([
    ("fact", 4), ("number", 4), ("who", 2), ("when", 2), ("where", 1),
    ("list", 3), ("why", 3), ("how", 1), ("summary", 1), ("metadata", 1),
    ("unanswerable-near-miss", 3), ("off-topic", 1),
])
UNANSWERABLE_CATS = {"unanswerable-near-miss", "off-topic"}
QUESTIONS_PER_DOC = sum(CATEGORY_COUNTS.values())  # 26
CONVS_PER_DOC = 6

Q_KEYS = ["id", "document", "category", "question", "answerable",
          "gold_answer", "key_facts", "evidence"]
C_KEYS = ["id", "document", "turns"]
T_KEYS = ["question", "followup", "standalone", "answerable",
          "gold_answer", "key_facts", "evidence"]

errors = []


def err(msg):
    errors.append(msg)


def collapse(s):
    return re.sub(r"\s+", " ", s).strip()


# ---------------------------------------------------------------- views
def html_views(raw):
    s = re.sub(r"<head\b.*?</head\s*>", " ", raw, flags=re.S | re.I)
    s = re.sub(r"<!--.*?-->", " ", s, flags=re.S)
    s = re.sub(r"<script\b.*?</script\s*>", " ", s, flags=re.S | re.I)
    s = re.sub(r"<style\b.*?</style\s*>", " ", s, flags=re.S | re.I)
    s = re.sub(r"<!DOCTYPE[^>]*>", " ", s, flags=re.I)
    spaced = collapse(html.unescape(re.sub(r"<[^>]*>", " ", s)))
    joined = collapse(html.unescape(re.sub(r"<[^>]*>", "", s)))
    return {"html:tags->space": spaced, "html:tags->nothing": joined}


MD_MARKER = re.compile(r"^[ \t]*(?:#{1,6}|>|[-*+]|\d+[.)])(?=[ \t]|$)[ \t]*")


def md_views(raw):
    raw_view = re.sub(r"[ \t]+", " ", raw)
    s = raw.replace("**", "").replace("__", "")
    lines = []
    for line in s.split("\n"):
        prev = None
        while prev != line:  # strip nested markers such as "> - "
            prev = line
            line = MD_MARKER.sub("", line, count=1)
        lines.append(line)
    stripped = collapse("\n".join(lines))
    return {"md:raw": raw_view, "md:stripped": stripped}


def txt_views(raw):
    return {"txt:raw": raw, "txt:collapsed": collapse(raw)}


def views_for(name):
    path = os.path.join(DIR, name)
    with open(path, encoding="utf-8") as f:
        raw = f.read()
    if name.endswith(".html"):
        return html_views(raw)
    if name.endswith(".md"):
        return md_views(raw)
    if name.endswith(".txt"):
        return txt_views(raw)
    raise ValueError(name)


# ---------------------------------------------------------------- helpers
def load_jsonl(name):
    path = os.path.join(DIR, name)
    rows = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                err(f"{name}:{n}: blank line")
                continue
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as e:
                err(f"{name}:{n}: invalid JSON ({e})")
    return rows


def check_answer_block(where, item, doc, views, category=None):
    """Shared checks for a question or a conversation turn."""
    ans = item.get("answerable")
    gold = item.get("gold_answer")
    kf = item.get("key_facts")
    ev = item.get("evidence")
    q = item.get("question")
    if not isinstance(q, str) or not q.strip():
        err(f"{where}: empty or non-string question")
    if not isinstance(ans, bool):
        err(f"{where}: answerable must be a boolean")
        return
    if not isinstance(gold, str):
        err(f"{where}: gold_answer must be a string")
        return
    if not isinstance(kf, list) or not all(
            isinstance(f, list) and f and all(isinstance(a, str) for a in f)
            for f in kf):
        err(f"{where}: key_facts must be a list of non-empty lists of strings")
        return
    if not isinstance(ev, list) or not all(isinstance(e, str) for e in ev):
        err(f"{where}: evidence must be a list of strings")
        return

    if category is not None:
        if category in UNANSWERABLE_CATS and ans:
            err(f"{where}: category {category} must have answerable=false")
        if category not in UNANSWERABLE_CATS and not ans:
            err(f"{where}: category {category} must have answerable=true")

    if not ans:
        if gold != "" or kf != [] or ev != []:
            err(f"{where}: unanswerable item must have empty gold_answer, key_facts, evidence")
        return

    if not gold.strip():
        err(f"{where}: answerable item has empty gold_answer")
    if not ev:
        err(f"{where}: answerable item has no evidence")
    if category == "summary":
        if kf != []:
            err(f"{where}: summary items must have key_facts == []")
    elif not kf:
        err(f"{where}: answerable item has no key_facts")

    ev_joined = " ".join(ev)
    for fact in kf:
        for alt in fact:
            nw = len(alt.split())
            if alt != alt.strip() or nw < 1 or nw > 4:
                err(f"{where}: key fact alternative {alt!r} must be 1-4 words without outer spaces")
            for vname, vtext in views.items():
                if alt not in vtext:
                    err(f"{where}: key fact {alt!r} not found in view {vname} of {doc}")
        # consistency: the gold answer and the evidence must carry the fact
        if not any(a.lower() in gold.lower() for a in fact):
            err(f"{where}: no alternative of key fact {fact} appears in gold_answer")
        if not any(a in ev_joined for a in fact):
            err(f"{where}: no alternative of key fact {fact} appears in the evidence")
    seen = set()
    for e in ev:
        if e != e.strip() or not e:
            err(f"{where}: evidence {e!r} is empty or has outer whitespace")
        if e in seen:
            err(f"{where}: duplicate evidence {e[:60]!r}")
        seen.add(e)
        for vname, vtext in views.items():
            if e not in vtext:
                err(f"{where}: evidence not found in view {vname} of {doc}: {e[:80]!r}")


# ---------------------------------------------------------------- main
def main():
    for d in DOCS:
        if not os.path.exists(os.path.join(DIR, d)):
            err(f"missing document {d}")
    if errors:
        return report({}, {}, {})
    views = {d: views_for(d) for d in DOCS}

    # ---- questions
    qs = load_jsonl("questions.jsonl")
    ids = Counter(q.get("id") for q in qs)
    for i, c in ids.items():
        if c > 1:
            err(f"questions: duplicate id {i}")
    texts = Counter((q.get("document"), q.get("question")) for q in qs)
    for t, c in texts.items():
        if c > 1:
            err(f"questions: duplicate question {t}")
    cat_counts = {d: Counter() for d in DOCS}
    for n, q in enumerate(qs, 1):
        where = f"questions[{q.get('id', n)}]"
        if list(q.keys()) != Q_KEYS:
            err(f"{where}: keys must be exactly {Q_KEYS} in that order, got {list(q.keys())}")
        doc = q.get("document")
        if doc not in DOCS:
            err(f"{where}: unknown document {doc!r}")
            continue
        qid = q.get("id", "")
        if not re.fullmatch(DOCS[doc]["q_prefix"] + r"\d{2}", str(qid)):
            err(f"{where}: id must be {DOCS[doc]['q_prefix']}NN for {doc}")
        cat = q.get("category")
        if cat not in CATEGORY_COUNTS:
            err(f"{where}: unknown category {cat!r}")
            continue
        cat_counts[doc][cat] += 1
        check_answer_block(where, q, doc, views[doc], category=cat)
    for d in DOCS:
        total = sum(cat_counts[d].values())
        if total != QUESTIONS_PER_DOC:
            err(f"questions: {d} has {total} questions, expected {QUESTIONS_PER_DOC}")
        for cat, want in CATEGORY_COUNTS.items():
            if cat_counts[d][cat] != want:
                err(f"questions: {d} has {cat_counts[d][cat]} {cat!r}, expected {want}")
        got_ids = sorted(q["id"] for q in qs if q.get("document") == d and "id" in q)
        want_ids = [f"{DOCS[d]['q_prefix']}{i:02d}" for i in range(1, QUESTIONS_PER_DOC + 1)]
        if got_ids != want_ids:
            err(f"questions: {d} ids are not exactly {want_ids[0]}..{want_ids[-1]}")

    # ---- conversations
    convs = load_jsonl("conversations.jsonl")
    cids = Counter(c.get("id") for c in convs)
    for i, c in cids.items():
        if c > 1:
            err(f"conversations: duplicate id {i}")
    conv_stats = {d: Counter() for d in DOCS}
    for n, c in enumerate(convs, 1):
        where = f"conversations[{c.get('id', n)}]"
        if list(c.keys()) != C_KEYS:
            err(f"{where}: keys must be exactly {C_KEYS}, got {list(c.keys())}")
        doc = c.get("document")
        if doc not in DOCS:
            err(f"{where}: unknown document {doc!r}")
            continue
        if not re.fullmatch(DOCS[doc]["c_prefix"] + r"\d{2}", str(c.get("id", ""))):
            err(f"{where}: id must be {DOCS[doc]['c_prefix']}NN for {doc}")
        turns = c.get("turns")
        if not isinstance(turns, list) or not 3 <= len(turns) <= 5:
            err(f"{where}: must have 3 to 5 turns")
            if not isinstance(turns, list):
                continue
        conv_stats[doc]["conversations"] += 1
        for k, t in enumerate(turns, 1):
            tw = f"{where}.turn{k}"
            if not isinstance(t, dict):
                err(f"{tw}: turn must be an object")
                continue
            if list(t.keys()) != T_KEYS:
                err(f"{tw}: keys must be exactly {T_KEYS} in that order, got {list(t.keys())}")
            fu = t.get("followup")
            if not isinstance(fu, bool):
                err(f"{tw}: followup must be a boolean")
                continue
            if k == 1 and fu:
                err(f"{tw}: first turn cannot be a follow-up")
            st = t.get("standalone")
            if not isinstance(st, str) or not st.strip():
                err(f"{tw}: standalone must be a non-empty string")
            elif not fu and st != t.get("question"):
                err(f"{tw}: non-follow-up standalone must equal question exactly")
            elif fu and st == t.get("question"):
                err(f"{tw}: follow-up standalone should resolve the question, not repeat it")
            conv_stats[doc]["turns"] += 1
            conv_stats[doc]["followups"] += int(fu)
            conv_stats[doc]["topic changes"] += int(k > 1 and not fu)
            if t.get("answerable") is False:
                conv_stats[doc]["unanswerable turns"] += 1
                if fu:
                    conv_stats[doc]["unanswerable follow-ups"] += 1
            check_answer_block(tw, t, doc, views[doc])
    for d in DOCS:
        if conv_stats[d]["conversations"] != CONVS_PER_DOC:
            err(f"conversations: {d} has {conv_stats[d]['conversations']}, expected {CONVS_PER_DOC}")
        got = sorted(c["id"] for c in convs if c.get("document") == d and "id" in c)
        want = [f"{DOCS[d]['c_prefix']}{i:02d}" for i in range(1, CONVS_PER_DOC + 1)]
        if got != want:
            err(f"conversations: {d} ids are not exactly {want[0]}..{want[-1]}")
    return report(cat_counts, conv_stats, views)


def report(cat_counts, conv_stats, views):
    if cat_counts:
        print("Questions per document and category:")
        header = "  {:<24}".format("category") + "".join(f"{d:>13}" for d in DOCS) + f"{'total':>8}"
        print(header)
        for cat in CATEGORY_COUNTS:
            row = [cat_counts[d][cat] for d in DOCS]
            print("  {:<24}".format(cat) + "".join(f"{v:>13}" for v in row) + f"{sum(row):>8}")
        row = [sum(cat_counts[d].values()) for d in DOCS]
        print("  {:<24}".format("TOTAL") + "".join(f"{v:>13}" for v in row) + f"{sum(row):>8}")
        print()
        print("Conversations per document:")
        keys = ["conversations", "turns", "followups", "topic changes",
                "unanswerable turns", "unanswerable follow-ups"]
        print("  {:<24}".format("") + "".join(f"{d:>13}" for d in DOCS) + f"{'total':>8}")
        for k in keys:
            row = [conv_stats[d][k] for d in DOCS]
            print("  {:<24}".format(k) + "".join(f"{v:>13}" for v in row) + f"{sum(row):>8}")
        print()
    if errors:
        print(f"{len(errors)} ERROR(S):")
        for e in errors:
            print("  - " + e)
        return 1
    print("ALL CHECKS PASSED")
    return 0


if __name__ == "__main__":
    sys.exit(main())
