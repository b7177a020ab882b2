#!/usr/bin/env python3
"""Check questions.jsonl and conversations.jsonl against the documents in this folder."""
import json, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
CATS = {"fact", "number", "who", "when", "where", "list", "why", "how", "change",
        "metadata", "unanswerable-near-miss", "off-topic"}
docs, errors, ids = {}, [], set()

def doc_text(name):
    if name not in docs:
        path = os.path.join(HERE, name)
        if not os.path.isfile(path) or not name.endswith((".md", ".txt")):
            errors.append(f"missing or bad document: {name}")
            docs[name] = None
        else:
            docs[name] = open(path, encoding="utf-8").read()
    return docs[name]

def whole_unit(text, ev):
    """Evidence must start at a line/sentence start and end at sentence end or line end."""
    for m in re.finditer(re.escape(ev), text):
        s, e = m.start(), m.end()
        before = text[:s]
        start_ok = (s == 0 or before.endswith("\n") or re.search(r'(^|\n)(- |\d+\. |## |# )$', before)
                    or re.search(r'[.!?:]"? $', before))
        after = text[e:e + 1]
        end_ok = after in ("", "\n") or (ev[-1] in '.!?"' and after == " ")
        if start_ok and end_ok:
            return True
    return False

def check_item(where, doc, item):
    text = doc_text(doc)
    if text is None:
        return
    for k in ("question", "answerable", "gold_answer", "key_facts", "evidence"):
        if k not in item:
            errors.append(f"{where}: missing {k}")
            return
    ans = item["answerable"]
    if ans:
        if not item["gold_answer"] or not item["key_facts"] or not item["evidence"]:
            errors.append(f"{where}: answerable item needs gold_answer, key_facts, evidence")
    else:
        if item["gold_answer"] or item["key_facts"]:
            errors.append(f"{where}: unanswerable item must have empty gold_answer/key_facts")
        if len(item["evidence"]) > 1:
            errors.append(f"{where}: unanswerable item has more than one evidence string")
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

def load(name):
    out = []
    with open(os.path.join(HERE, name), encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                out.append(json.loads(line))
            except json.JSONDecodeError as exc:
                errors.append(f"{name}:{n}: bad JSON: {exc}")
    return out

questions = load("questions.jsonl")
for q in questions:
    qid = q.get("id", "?")
    if not str(qid).startswith("h") or qid in ids:
        errors.append(f"{qid}: bad or duplicate id")
    ids.add(qid)
    if q.get("category") not in CATS:
        errors.append(f"{qid}: bad category {q.get('category')}")
    if q.get("category") in ("unanswerable-near-miss", "off-topic") and q.get("answerable"):
        errors.append(f"{qid}: unanswerable category marked answerable")
    if q.get("category") == "off-topic" and q.get("evidence"):
        errors.append(f"{qid}: off-topic must have empty evidence")
    if q.get("category") == "unanswerable-near-miss" and len(q.get("evidence", [])) != 1:
        errors.append(f"{qid}: near-miss needs exactly one evidence string")
    check_item(qid, q.get("document", ""), q)

convs = load("conversations.jsonl")
n_turns = unans_turns = 0
for c in convs:
    cid = c.get("id", "?")
    if not str(cid).startswith("h") or cid in ids:
        errors.append(f"{cid}: bad or duplicate id")
    ids.add(cid)
    turns = c.get("turns", [])
    if not 3 <= len(turns) <= 5:
        errors.append(f"{cid}: needs 3-5 turns")
    for i, t in enumerate(turns):
        n_turns += 1
        unans_turns += not t.get("answerable", True)
        if t.get("followup") != (i > 0) or not t.get("standalone"):
            errors.append(f"{cid} turn {i+1}: followup/standalone wrong")
        check_item(f"{cid} turn {i+1}", c.get("document", ""), t)

if errors:
    print("\n".join(errors))
    print(f"FAILED: {len(errors)} problem(s)")
    sys.exit(1)
print(f"OK: {len(questions)} questions, {len(convs)} conversations, {n_turns} turns "
      f"({unans_turns} unanswerable), documents: {', '.join(sorted(docs))}")
