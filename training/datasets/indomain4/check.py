"""Check questions.jsonl and conversations.jsonl against the documents."""
import json, os, re, sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
CATS = {"fact", "number", "who", "when", "where", "list", "why", "how", "change",
        "metadata", "unanswerable-near-miss", "off-topic"}
docs = {}
errors = []

def doc(name):
    if name not in docs:
        with open(os.path.join(HERE, name), encoding="utf-8") as f:
            docs[name] = f.read()
    return docs[name]

def check_item(where, name, it):
    text = doc(name)
    for k in ("question", "answerable", "gold_answer", "key_facts", "evidence"):
        if k not in it:
            errors.append(f"{where}: missing {k}")
    if it["answerable"]:
        if not it["gold_answer"] or not it["key_facts"] or not it["evidence"]:
            errors.append(f"{where}: answerable item lacks answer/key_facts/evidence")
    else:
        if it["gold_answer"] or it["key_facts"]:
            errors.append(f"{where}: unanswerable item has answer or key_facts")
        if len(it["evidence"]) > 1:
            errors.append(f"{where}: unanswerable item has more than one evidence")
    for group in it["key_facts"]:
        if not group:
            errors.append(f"{where}: empty key-fact group")
        for alt in group:
            n = len(alt.split())
            if not 1 <= n <= 4:
                errors.append(f"{where}: key fact {alt!r} has {n} words")
            if alt not in text:
                errors.append(f"{where}: key fact {alt!r} not in {name}")
    for ev in it["evidence"]:
        i = text.find(ev)
        if i < 0:
            errors.append(f"{where}: evidence not in {name}: {ev!r}")
            continue
        # starts at a line start, after a list marker, or after sentence end
        before = text[max(0, i - 4):i]
        ok_start = (i == 0 or before.endswith("\n") or re.search(r'(^|\n)(- |\d+\. |## )$', text[max(0, i-5):i])
                    or re.search(r'[.!?]"? $', before) or before.endswith(' "') and re.search(r'[.!?]"? "$', text[max(0,i-5):i]))
        after = text[i + len(ev):i + len(ev) + 1]
        ok_end = ev[-1] in '.!?;:"' or after in ("\n", "")
        if not ok_start or not ok_end:
            errors.append(f"{where}: evidence may not be a whole sentence: {ev!r}")

qs = []
with open(os.path.join(HERE, "questions.jsonl"), encoding="utf-8") as f:
    for ln, line in enumerate(f, 1):
        try:
            q = json.loads(line)
        except Exception as e:
            errors.append(f"questions.jsonl:{ln}: {e}"); continue
        qs.append(q)
        if q.get("category") not in CATS:
            errors.append(f"{q.get('id')}: bad category {q.get('category')}")
        check_item(q["id"], q["document"], q)

turns = 0
with open(os.path.join(HERE, "conversations.jsonl"), encoding="utf-8") as f:
    for ln, line in enumerate(f, 1):
        try:
            c = json.loads(line)
        except Exception as e:
            errors.append(f"conversations.jsonl:{ln}: {e}"); continue
        if not 3 <= len(c["turns"]) <= 5:
            errors.append(f"{c['id']}: {len(c['turns'])} turns")
        for j, t in enumerate(c["turns"]):
            turns += 1
            if t["followup"] != (j > 0):
                errors.append(f"{c['id']} turn {j}: followup flag")
            if not t.get("standalone"):
                errors.append(f"{c['id']} turn {j}: no standalone")
            check_item(f"{c['id']} turn {j}", c["document"], t)

ids = [q["id"] for q in qs]
if len(ids) != len(set(ids)):
    errors.append("duplicate question ids")
for e in errors:
    print("ERROR", e)
for d in sorted(docs):
    print(d, len(doc(d).split()), "words", dict(Counter(q["category"] for q in qs if q["document"] == d)))
print(f"{len(qs)} questions, {turns} conversation turns, {len(errors)} errors")
sys.exit(1 if errors else 0)
