import json, os, re, sys
here = os.path.dirname(os.path.abspath(__file__))
CATS = {"fact","number","who","when","where","list","why","how","change","metadata","unanswerable-near-miss","off-topic"}
docs, errs = {}, []
def doc(name):
    if name not in docs:
        docs[name] = open(os.path.join(here, name), encoding="utf-8").read()
    return docs[name]
def check_item(where, name, it, is_turn=False):
    text = doc(name)
    for k in ["question","answerable","gold_answer","key_facts","evidence"] + (["followup","standalone"] if is_turn else []):
        if k not in it: errs.append(f"{where}: missing {k}")
    if it["answerable"]:
        if not it["gold_answer"] or not it["key_facts"] or not it["evidence"]:
            errs.append(f"{where}: answerable but empty gold/key_facts/evidence")
    else:
        if it["gold_answer"] or it["key_facts"]: errs.append(f"{where}: unanswerable with gold/key_facts")
        if len(it["evidence"]) > 1: errs.append(f"{where}: unanswerable with >1 evidence")
    for alts in it["key_facts"]:
        for a in alts:
            if not 1 <= len(a.split()) <= 4: errs.append(f"{where}: key fact not 1-4 words: {a!r}")
            if a not in text: errs.append(f"{where}: key fact not in doc: {a!r}")
    for e in it["evidence"]:
        if e not in text:
            errs.append(f"{where}: evidence not in doc: {e[:70]!r}"); continue
        # whole-unit check: starts at a line start (after list/heading marker) or after ". "; ends at line end or before space
        ok = False
        for m in re.finditer(re.escape(e), text):
            before = text[:m.start()]
            line_start = before.rsplit("\n", 1)[-1]
            start_ok = re.fullmatch(r"(#+ |- |\d+\. )?", line_start) or re.search(r"[.!?\"]\s$", before)
            after = text[m.end():m.end()+1]
            end_ok = after in ("", "\n", " ")
            if start_ok and end_ok: ok = True
        if not ok: errs.append(f"{where}: evidence not a whole sentence/item: {e[:70]!r}")
nq = 0
for i, line in enumerate(open(os.path.join(here, "questions.jsonl"), encoding="utf-8"), 1):
    o = json.loads(line); nq += 1
    if o["category"] not in CATS: errs.append(f"q line {i}: bad category")
    if not o["id"].startswith("e"): errs.append(f"q line {i}: bad id")
    check_item(o["id"], o["document"], o)
nt = 0; unans = 0
for i, line in enumerate(open(os.path.join(here, "conversations.jsonl"), encoding="utf-8"), 1):
    o = json.loads(line)
    if not 3 <= len(o["turns"]) <= 5: errs.append(f"{o['id']}: turn count")
    for j, t in enumerate(o["turns"]):
        nt += 1; unans += not t["answerable"]
        if t["followup"] != (j > 0): errs.append(f"{o['id']} t{j}: followup flag")
        check_item(f"{o['id']} t{j}", o["document"], t, True)
if unans != 1: errs.append(f"conversations: {unans} unanswerable turns (want 1)")
for e in errs: print("ERROR", e)
print(f"{nq} questions, {nt} conversation turns, {len(errs)} errors")
sys.exit(1 if errs else 0)
