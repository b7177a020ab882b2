"""Check questions.jsonl and conversations.jsonl against the documents."""
import json, os, re, sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
CATS = {"fact", "number", "who", "when", "where", "list", "why", "how", "change",
        "metadata", "unanswerable-near-miss", "off-topic"}
errors = []
docs = {}

def doc_text(name):
    if name not in docs:
        with open(os.path.join(HERE, name), encoding="utf-8") as f:
            docs[name] = f.read()
    return docs[name]

def bounded(text, ev):
    """Evidence must start at a line/sentence start and end at a line/sentence end."""
    for m in re.finditer(re.escape(ev), text):
        s, e = m.start(), m.end()
        before = text[max(0, s - 4):s]
        start_ok = s == 0 or before.endswith("\n") or re.search(r"(\n|[.!?\"]\s|^)(- |\d+\. |## |# |\*+)?$", text[max(0, s - 6):s]) is not None
        end_ok = e == len(text) or text[e] in "\n *"
        if start_ok and end_ok:
            return True
    return False

def check_item(where, doc, item):
    text = doc_text(doc)
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
            errors.append(f"{where}: unanswerable item has more than one evidence")
    for fact in item["key_facts"]:
        if not isinstance(fact, list) or not fact:
            errors.append(f"{where}: bad key fact {fact!r}")
            continue
        for alt in fact:
            n = len(alt.split())
            if not 1 <= n <= 4:
                errors.append(f"{where}: key fact alt not 1-4 words: {alt!r}")
            if alt not in text:
                errors.append(f"{where}: key fact alt not in doc: {alt!r}")
    for ev in item["evidence"]:
        if ev not in text:
            errors.append(f"{where}: evidence not in doc: {ev!r}")
        elif not bounded(text, ev):
            errors.append(f"{where}: evidence not a whole sentence/line: {ev!r}")

ids = set()
cats = Counter()
nq = 0
with open(os.path.join(HERE, "questions.jsonl"), encoding="utf-8") as f:
    for ln, line in enumerate(f, 1):
        try:
            d = json.loads(line)
        except json.JSONDecodeError as e:
            errors.append(f"questions.jsonl:{ln}: {e}")
            continue
        nq += 1
        where = f"questions {d.get('id')}"
        if d.get("id") in ids or not str(d.get("id", "")).startswith("b"):
            errors.append(f"{where}: bad or duplicate id")
        ids.add(d.get("id"))
        if d.get("category") not in CATS:
            errors.append(f"{where}: bad category {d.get('category')}")
        cats[(d["document"], d["category"])] += 1
        if d["category"] in ("unanswerable-near-miss", "off-topic") and d["answerable"]:
            errors.append(f"{where}: unanswerable category marked answerable")
        if d["category"] == "off-topic" and d["evidence"]:
            errors.append(f"{where}: off-topic must have empty evidence")
        if d["category"] == "unanswerable-near-miss" and len(d["evidence"]) != 1:
            errors.append(f"{where}: near-miss needs exactly one evidence")
        check_item(where, d["document"], d)

nt = 0
unans_turns = 0
with open(os.path.join(HERE, "conversations.jsonl"), encoding="utf-8") as f:
    for ln, line in enumerate(f, 1):
        try:
            d = json.loads(line)
        except json.JSONDecodeError as e:
            errors.append(f"conversations.jsonl:{ln}: {e}")
            continue
        if d.get("id") in ids or not str(d.get("id", "")).startswith("b"):
            errors.append(f"conv {d.get('id')}: bad or duplicate id")
        ids.add(d.get("id"))
        turns = d["turns"]
        if not 3 <= len(turns) <= 5:
            errors.append(f"conv {d['id']}: {len(turns)} turns")
        for i, t in enumerate(turns):
            nt += 1
            where = f"conv {d['id']} turn {i+1}"
            if t.get("followup") != (i > 0):
                errors.append(f"{where}: followup flag wrong")
            if not t.get("standalone") or not t.get("question"):
                errors.append(f"{where}: missing question/standalone")
            if not t["answerable"]:
                unans_turns += 1
            check_item(where, d["document"], t)

if unans_turns < 1:
    errors.append("no unanswerable conversation turn")
for (doc, cat), n in sorted(cats.items()):
    print(f"{doc:40s} {cat:25s} {n}")
print(f"questions: {nq}, conversation turns: {nt}, unanswerable turns: {unans_turns}")
for doc in docs:
    print(doc, len(docs[doc].split()), "words")
if errors:
    print("\n".join(errors))
    sys.exit(1)
print("OK")
