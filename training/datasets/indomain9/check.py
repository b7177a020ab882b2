#!/usr/bin/env python3
"""Check questions.jsonl and conversations.jsonl against the documents in this folder."""
import json, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
CATS = {"fact", "number", "who", "when", "where", "list", "why", "how", "change",
        "metadata", "unanswerable-near-miss", "off-topic"}
errors = []
docs = {}

def doc(name):
    if name not in docs:
        with open(os.path.join(HERE, name), encoding="utf-8") as f:
            docs[name] = f.read()
    return docs[name]

def boundary_ok(text, ev):
    """Evidence should start at a line/sentence start and end at sentence/line end."""
    for m in re.finditer(re.escape(ev), text):
        s, e = m.start(), m.end()
        before = text[max(0, s - 3):s]
        after = text[e:e + 1]
        start_ok = s == 0 or before.endswith("\n") or before.endswith("- ") or before.endswith(". ") \
            or re.search(r'([.?!]"?\s|\n\d+\. |"|## )$', text[max(0, s - 4):s]) is not None
        end_ok = after in ("", "\n", '"', " ") and (ev[-1] in '.?!"' or after in ("", "\n"))
        if start_ok and end_ok:
            return True
    return False

def check_item(where, docname, item):
    text = doc(docname)
    for k in ("answerable", "gold_answer", "key_facts", "evidence"):
        if k not in item:
            errors.append(f"{where}: missing {k}")
            return
    if item["answerable"]:
        if not item["gold_answer"] or not item["key_facts"] or not item["evidence"]:
            errors.append(f"{where}: answerable item needs gold_answer, key_facts, evidence")
    else:
        if item["gold_answer"] or item["key_facts"]:
            errors.append(f"{where}: unanswerable item must have empty gold_answer/key_facts")
        if len(item["evidence"]) > 1:
            errors.append(f"{where}: unanswerable item has more than one evidence string")
    for fact in item["key_facts"]:
        if not isinstance(fact, list) or not fact:
            errors.append(f"{where}: bad key fact {fact!r}")
            continue
        for alt in fact:
            n = len(alt.split())
            if not 1 <= n <= 4:
                errors.append(f"{where}: key fact alternative not 1-4 words: {alt!r}")
            if alt not in text:
                errors.append(f"{where}: key fact not in document: {alt!r}")
    for ev in item["evidence"]:
        if ev not in text:
            errors.append(f"{where}: evidence not in document: {ev[:80]!r}")
        elif not boundary_ok(text, ev):
            errors.append(f"{where}: evidence not a whole sentence/item/heading: {ev[:80]!r}")

ids = set()
with open(os.path.join(HERE, "questions.jsonl"), encoding="utf-8") as f:
    for n, line in enumerate(f, 1):
        try:
            q = json.loads(line)
        except json.JSONDecodeError as e:
            errors.append(f"questions.jsonl line {n}: {e}")
            continue
        where = f"question {q.get('id')}"
        if q.get("id") in ids:
            errors.append(f"{where}: duplicate id")
        ids.add(q.get("id"))
        if q.get("category") not in CATS:
            errors.append(f"{where}: bad category {q.get('category')!r}")
        if not q.get("question"):
            errors.append(f"{where}: empty question")
        if q.get("category") == "off-topic" and q.get("evidence"):
            errors.append(f"{where}: off-topic should have no evidence")
        check_item(where, q["document"], q)

with open(os.path.join(HERE, "conversations.jsonl"), encoding="utf-8") as f:
    for n, line in enumerate(f, 1):
        try:
            c = json.loads(line)
        except json.JSONDecodeError as e:
            errors.append(f"conversations.jsonl line {n}: {e}")
            continue
        if c.get("id") in ids:
            errors.append(f"conversation {c.get('id')}: duplicate id")
        ids.add(c.get("id"))
        turns = c.get("turns", [])
        if not 3 <= len(turns) <= 5:
            errors.append(f"conversation {c.get('id')}: {len(turns)} turns")
        for i, t in enumerate(turns):
            where = f"conversation {c.get('id')} turn {i + 1}"
            if not t.get("question") or not t.get("standalone"):
                errors.append(f"{where}: missing question/standalone")
            if t.get("followup") != (i > 0):
                errors.append(f"{where}: followup flag looks wrong")
            check_item(where, c["document"], t)

for name, text in docs.items():
    print(f"{name}: {len(text.split())} words")
if errors:
    print("\n".join(errors))
    print(f"FAILED: {len(errors)} problem(s)")
    sys.exit(1)
print(f"OK: {len(ids)} ids checked")
