"""Check questions.jsonl and conversations.jsonl against the documents."""
import json, os, re, sys
HERE = os.path.dirname(os.path.abspath(__file__))
CATS = {"fact","number","who","when","where","list","why","how","change","metadata",
        "unanswerable-near-miss","off-topic"}
docs = {}
errors = []

def doc(name):
    if name not in docs:
        with open(os.path.join(HERE, name), encoding="utf-8") as f:
            docs[name] = f.read()
    return docs[name]

def check_item(where, d, item):
    text = doc(d)
    lines = [re.sub(r"^(#+ |- |\d+\. )", "", l.strip()) for l in text.splitlines()]
    ans = item["answerable"]
    if not isinstance(ans, bool):
        errors.append(f"{where}: answerable not bool")
    if ans and not item["gold_answer"]:
        errors.append(f"{where}: empty gold answer")
    if not ans and (item["gold_answer"] or item["key_facts"]):
        errors.append(f"{where}: unanswerable with answer/key facts")
    if ans and (not item["key_facts"] or not item["evidence"]):
        errors.append(f"{where}: answerable without key facts/evidence")
    for fact in item["key_facts"]:
        for alt in fact:
            n = len(alt.split())
            if not 1 <= n <= 4:
                errors.append(f"{where}: key fact '{alt}' has {n} words")
            if alt not in text:
                errors.append(f"{where}: key fact '{alt}' not in {d}")
    for ev in item["evidence"]:
        if ev not in text:
            errors.append(f"{where}: evidence not in {d}: {ev!r}")
            continue
        # whole sentence / line: must start a line or follow sentence end, and end one
        whole_line = ev in lines
        i = text.index(ev)
        before = text[:i].rstrip(" ")
        starts = whole_line or before == "" or before[-1] in ".!?\n\"" or before.endswith(("- ", ". "))
        ends = whole_line or ev[-1] in ".!?:\""
        if not (starts and ends):
            errors.append(f"{where}: evidence not a whole sentence/line: {ev!r}")

n_q = n_t = 0
with open(os.path.join(HERE, "questions.jsonl"), encoding="utf-8") as f:
    for ln, line in enumerate(f, 1):
        o = json.loads(line)
        n_q += 1
        if o["category"] not in CATS:
            errors.append(f"{o['id']}: bad category {o['category']}")
        if (o["category"] in ("unanswerable-near-miss", "off-topic")) == o["answerable"]:
            errors.append(f"{o['id']}: category/answerable mismatch")
        if o["category"] == "off-topic" and o["evidence"]:
            errors.append(f"{o['id']}: off-topic with evidence")
        if o["category"] == "unanswerable-near-miss" and len(o["evidence"]) != 1:
            errors.append(f"{o['id']}: near miss needs one evidence sentence")
        check_item(o["id"], o["document"], o)
unans_turns = 0
with open(os.path.join(HERE, "conversations.jsonl"), encoding="utf-8") as f:
    for line in f:
        o = json.loads(line)
        if not 3 <= len(o["turns"]) <= 5:
            errors.append(f"{o['id']}: {len(o['turns'])} turns")
        for k, turn in enumerate(o["turns"]):
            n_t += 1
            if turn["followup"] != (k > 0):
                errors.append(f"{o['id']} turn {k+1}: followup flag")
            if not turn["standalone"]:
                errors.append(f"{o['id']} turn {k+1}: no standalone")
            unans_turns += not turn["answerable"]
            check_item(f"{o['id']} turn {k+1}", o["document"], turn)
for e in errors:
    print("ERROR", e)
print(f"{n_q} questions, {n_t} conversation turns, {unans_turns} unanswerable turns")
sys.exit(1 if errors else 0)
