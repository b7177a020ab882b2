"""Validate questions.jsonl and conversations.jsonl against the documents in this folder."""
import json, os, sys
from collections import Counter

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

def check_item(where, name, item):
    text = doc(name)
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
            if not 1 <= len(alt.split()) <= 4:
                errors.append(f"{where}: key fact alternative not 1-4 words: {alt!r}")
            if alt not in text:
                errors.append(f"{where}: key fact not in document: {alt!r}")
    for ev in item["evidence"]:
        i = text.find(ev)
        if i < 0:
            errors.append(f"{where}: evidence not in document: {ev[:70]!r}")
            continue
        # boundary checks: starts at line start / after list marker / after a sentence; ends at line end or space
        before = text[max(0, i - 2):i]
        after = text[i + len(ev):i + len(ev) + 1]
        if not (i == 0 or before.endswith("\n") or before in ("- ", "# ", ". ", "? ", "! ", "\" ") ):
            errors.append(f"{where}: evidence does not start at a sentence/line boundary: {ev[:60]!r}")
        if after not in ("", "\n", " "):
            errors.append(f"{where}: evidence does not end at a boundary: {ev[-60:]!r}")

ids = set()
cats = Counter()
with open(os.path.join(HERE, "questions.jsonl"), encoding="utf-8") as f:
    for n, line in enumerate(f, 1):
        try:
            q = json.loads(line)
        except Exception as e:
            errors.append(f"questions.jsonl line {n}: {e}")
            continue
        qid = q.get("id")
        if qid in ids:
            errors.append(f"duplicate id {qid}")
        ids.add(qid)
        if q.get("category") not in CATS:
            errors.append(f"{qid}: bad category {q.get('category')}")
        cats[(q["document"], q["category"])] += 1
        if q["category"] in ("unanswerable-near-miss", "off-topic") and q["answerable"]:
            errors.append(f"{qid}: unanswerable category marked answerable")
        if q["category"] == "off-topic" and q["evidence"]:
            errors.append(f"{qid}: off-topic must have empty evidence")
        check_item(qid, q["document"], q)

turns = 0
unans_turns = 0
with open(os.path.join(HERE, "conversations.jsonl"), encoding="utf-8") as f:
    for n, line in enumerate(f, 1):
        try:
            c = json.loads(line)
        except Exception as e:
            errors.append(f"conversations.jsonl line {n}: {e}")
            continue
        if c["id"] in ids:
            errors.append(f"duplicate id {c['id']}")
        ids.add(c["id"])
        if not 3 <= len(c["turns"]) <= 5:
            errors.append(f"{c['id']}: needs 3-5 turns")
        for k, t in enumerate(c["turns"]):
            turns += 1
            unans_turns += not t["answerable"]
            if t["followup"] != (k > 0):
                errors.append(f"{c['id']} turn {k+1}: followup flag wrong")
            if not t.get("question") or not t.get("standalone"):
                errors.append(f"{c['id']} turn {k+1}: missing question/standalone")
            check_item(f"{c['id']} turn {k+1}", c["document"], t)

for name in docs:
    print(f"{name}: {len(docs[name].split())} words")
for k, v in sorted(cats.items()):
    print(k, v)
print(f"questions: {sum(cats.values())}, conversation turns: {turns} (unanswerable: {unans_turns})")
if errors:
    print("\n".join(errors))
    sys.exit(1)
print("OK: all checks passed")
