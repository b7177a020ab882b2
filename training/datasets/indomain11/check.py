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

def check_item(where, d, item):
    text = doc(d)
    for k in ("answerable", "gold_answer", "key_facts", "evidence"):
        if k not in item:
            errors.append(f"{where}: missing {k}")
            return
    if item["answerable"]:
        if not item["gold_answer"] or not item["key_facts"] or not item["evidence"]:
            errors.append(f"{where}: answerable item lacks answer/key_facts/evidence")
    else:
        if item["gold_answer"] or item["key_facts"] or len(item["evidence"]) > 1:
            errors.append(f"{where}: unanswerable item must have empty answer/facts, <=1 evidence")
    for group in item["key_facts"]:
        if not isinstance(group, list) or not group:
            errors.append(f"{where}: bad key_facts group {group!r}")
            continue
        for alt in group:
            n = len(alt.split())
            if not 1 <= n <= 4:
                errors.append(f"{where}: key fact {alt!r} has {n} words")
            if alt not in text:
                errors.append(f"{where}: key fact {alt!r} not in {d}")
    for ev in item["evidence"]:
        i = text.find(ev)
        if i < 0:
            errors.append(f"{where}: evidence not in {d}: {ev!r}")
            continue
        before = text[:i]
        # must start at a line start (after optional list marker / heading) or after a sentence end
        if not (re.search(r'(^|\n)(#+ |- |\d+\. )?$', before) or re.search(r'[.!?]"? $', before)):
            errors.append(f"{where}: evidence does not start at a sentence/line start: {ev!r}")
        after = text[i + len(ev):]
        if not (after == "" or after[0] in " \n"):
            errors.append(f"{where}: evidence does not end at a sentence/line end: {ev!r}")

ids = set()
n_q = 0
with open(os.path.join(HERE, "questions.jsonl"), encoding="utf-8") as f:
    for ln, line in enumerate(f, 1):
        try:
            o = json.loads(line)
        except Exception as e:
            errors.append(f"questions.jsonl:{ln}: {e}")
            continue
        n_q += 1
        if o["id"] in ids:
            errors.append(f"duplicate id {o['id']}")
        ids.add(o["id"])
        if o.get("category") not in CATS:
            errors.append(f"{o['id']}: bad category {o.get('category')}")
        if not o.get("question"):
            errors.append(f"{o['id']}: empty question")
        if o["category"] == "off-topic" and o["evidence"]:
            errors.append(f"{o['id']}: off-topic must have no evidence")
        check_item(o["id"], o["document"], o)

n_t = 0
with open(os.path.join(HERE, "conversations.jsonl"), encoding="utf-8") as f:
    for ln, line in enumerate(f, 1):
        try:
            o = json.loads(line)
        except Exception as e:
            errors.append(f"conversations.jsonl:{ln}: {e}")
            continue
        if o["id"] in ids:
            errors.append(f"duplicate id {o['id']}")
        ids.add(o["id"])
        if not 3 <= len(o["turns"]) <= 5:
            errors.append(f"{o['id']}: {len(o['turns'])} turns")
        for j, tr in enumerate(o["turns"]):
            n_t += 1
            if tr["followup"] != (j > 0) or not tr.get("standalone") or not tr.get("question"):
                errors.append(f"{o['id']} turn {j}: followup/standalone problem")
            check_item(f"{o['id']} turn {j}", o["document"], tr)

for e in errors:
    print("ERROR", e)
print(f"{n_q} questions, {n_t} conversation turns, {len(errors)} errors")
sys.exit(1 if errors else 0)
