"""Check questions.jsonl and conversations.jsonl against the documents."""
import json, os, re, sys

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

def units(text):
    """Lines stripped of list / heading markers: evidence must be a whole unit or a sentence in one."""
    out = []
    for line in text.splitlines():
        line = re.sub(r"^(#+ |- |\d+\. )", "", line.strip())
        if line:
            out.append(line)
    return out

def is_whole(ev, text):
    for u in units(text):
        if u == ev:
            return True
        i = u.find(ev)
        while i != -1:
            before_ok = i == 0 or re.search(r'[.!?:]"? $', u[:i])
            after_ok = i + len(ev) == len(u) or u[i + len(ev)] == " "
            if before_ok and after_ok and re.search(r'[.!?]"?$', ev):
                return True
            i = u.find(ev, i + 1)
    return False

def check_item(where, o, doc):
    text = doc_text(doc)
    for k in ("answerable", "gold_answer", "key_facts", "evidence"):
        if k not in o:
            errors.append(f"{where}: missing {k}")
            return
    if o["answerable"]:
        if not o["gold_answer"] or not o["key_facts"] or not o["evidence"]:
            errors.append(f"{where}: answerable item needs gold_answer, key_facts, evidence")
    else:
        if o["gold_answer"] or o["key_facts"] or len(o["evidence"]) > 1:
            errors.append(f"{where}: unanswerable item must have empty answer/facts, <=1 evidence")
    for fact in o["key_facts"]:
        for alt in fact:
            n = len(alt.split())
            if not 1 <= n <= 4:
                errors.append(f"{where}: key fact '{alt}' has {n} words")
            if alt not in text:
                errors.append(f"{where}: key fact '{alt}' not in {doc}")
    for ev in o["evidence"]:
        if ev not in text:
            errors.append(f"{where}: evidence not in {doc}: {ev!r}")
        elif not is_whole(ev, text):
            errors.append(f"{where}: evidence not a whole sentence/item: {ev!r}")

ids = set()
with open(os.path.join(HERE, "questions.jsonl"), encoding="utf-8") as f:
    for n, line in enumerate(f, 1):
        try:
            o = json.loads(line)
        except Exception as e:
            errors.append(f"questions.jsonl line {n}: {e}"); continue
        where = o.get("id", f"line {n}")
        if where in ids: errors.append(f"{where}: duplicate id")
        ids.add(where)
        if o.get("category") not in CATS: errors.append(f"{where}: bad category")
        if o.get("category") == "off-topic" and o.get("evidence"): errors.append(f"{where}: off-topic needs []")
        check_item(where, o, o["document"])

with open(os.path.join(HERE, "conversations.jsonl"), encoding="utf-8") as f:
    for n, line in enumerate(f, 1):
        try:
            c = json.loads(line)
        except Exception as e:
            errors.append(f"conversations.jsonl line {n}: {e}"); continue
        if not 3 <= len(c["turns"]) <= 5: errors.append(f"{c['id']}: turn count")
        for t, turn in enumerate(c["turns"], 1):
            where = f"{c['id']} turn {t}"
            if turn.get("followup") != (t > 1): errors.append(f"{where}: followup flag")
            if not turn.get("standalone"): errors.append(f"{where}: no standalone")
            check_item(where, turn, c["document"])

if errors:
    print("\n".join(errors)); sys.exit(1)
print(f"OK: {len(ids)} questions, conversations checked")
