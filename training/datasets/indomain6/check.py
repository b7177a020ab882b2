#!/usr/bin/env python3
"""Check questions.jsonl and conversations.jsonl against the documents in this folder."""
import json, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
CATS = {"fact", "number", "who", "when", "where", "list", "why", "how", "change",
        "metadata", "unanswerable-near-miss", "off-topic"}
docs, errors = {}, []

def doc(name):
    if name not in docs:
        with open(os.path.join(HERE, name), encoding="utf-8") as f:
            docs[name] = f.read()
    return docs[name]

def whole_unit(text, ev):
    """Evidence must start at a line start (after an optional list marker/heading) or after sentence end,
    and end at sentence punctuation or end of line."""
    for m in re.finditer(re.escape(ev), text):
        s, e = m.start(), m.end()
        before = text[max(0, s - 4):s]
        line_start = text.rfind("\n", 0, s) + 1
        prefix = text[line_start:s]
        ok_start = (re.fullmatch(r"(#+ |- |\d+\. )?", prefix) is not None
                    or re.search(r'[.!?]"? $', before) is not None)
        ok_end = e == len(text) or text[e] == "\n" or ev[-1] in '.!?"'
        if ok_start and ok_end:
            return True
    return False

def check_item(where, d, item, category=None):
    text = doc(d)
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
        if category == "off-topic" and item["evidence"]:
            errors.append(f"{where}: off-topic must have no evidence")
        elif category != "off-topic" and len(item["evidence"]) != 1:
            errors.append(f"{where}: near-miss needs exactly one evidence string")
    for fact in item["key_facts"]:
        if not isinstance(fact, list) or not fact:
            errors.append(f"{where}: key fact must be a non-empty list")
            continue
        for alt in fact:
            n = len(alt.split())
            if not 1 <= n <= 4:
                errors.append(f"{where}: key fact alternative not 1-4 words: {alt!r}")
            if alt not in text:
                errors.append(f"{where}: key fact not in document: {alt!r}")
    for ev in item["evidence"]:
        if ev not in text:
            errors.append(f"{where}: evidence not in document: {ev[:70]!r}")
        elif not whole_unit(text, ev):
            errors.append(f"{where}: evidence is not a whole sentence/line: {ev[:70]!r}")

ids = set()
with open(os.path.join(HERE, "questions.jsonl"), encoding="utf-8") as f:
    for n, line in enumerate(f, 1):
        try:
            q = json.loads(line)
        except json.JSONDecodeError as e:
            errors.append(f"questions line {n}: bad JSON {e}")
            continue
        where = f"questions {q.get('id', n)}"
        if q.get("id") in ids: errors.append(f"{where}: duplicate id")
        ids.add(q.get("id"))
        if q.get("category") not in CATS: errors.append(f"{where}: bad category")
        if not q.get("question"): errors.append(f"{where}: empty question")
        if q["category"] in ("unanswerable-near-miss", "off-topic") and q["answerable"]:
            errors.append(f"{where}: unanswerable category marked answerable")
        check_item(where, q["document"], q, q["category"])

with open(os.path.join(HERE, "conversations.jsonl"), encoding="utf-8") as f:
    for n, line in enumerate(f, 1):
        try:
            c = json.loads(line)
        except json.JSONDecodeError as e:
            errors.append(f"conversations line {n}: bad JSON {e}")
            continue
        if c.get("id") in ids: errors.append(f"conversation {c.get('id')}: duplicate id")
        ids.add(c.get("id"))
        if not 3 <= len(c["turns"]) <= 5: errors.append(f"conversation {c['id']}: needs 3-5 turns")
        for i, t in enumerate(c["turns"]):
            where = f"conversation {c['id']} turn {i+1}"
            if t.get("followup") != (i > 0): errors.append(f"{where}: followup flag wrong")
            if not t.get("question") or not t.get("standalone"): errors.append(f"{where}: missing text")
            check_item(where, c["document"], t, None if t["answerable"] else "near-miss")

if errors:
    print("\n".join(errors)); print(f"FAILED: {len(errors)} problem(s)"); sys.exit(1)
print(f"OK: {len(ids)} ids checked, all evidence and key facts found")
