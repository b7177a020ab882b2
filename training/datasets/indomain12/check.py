import json, os, re, sys
HERE = os.path.dirname(os.path.abspath(__file__))
CATS = {"fact","number","who","when","where","list","why","how","change","metadata","unanswerable-near-miss","off-topic"}
errors = []
docs = {}
def doc(name):
    if name not in docs:
        with open(os.path.join(HERE, name), encoding="utf-8") as f:
            docs[name] = f.read()
    return docs[name]

def check_item(where, name, item, need_cat):
    text = doc(name)
    for k in ("answerable","gold_answer","key_facts","evidence"):
        if k not in item: errors.append(f"{where}: missing {k}")
    if need_cat and item.get("category") not in CATS:
        errors.append(f"{where}: bad category {item.get('category')}")
    if item["answerable"]:
        if not item["gold_answer"] or not item["key_facts"] or not item["evidence"]:
            errors.append(f"{where}: answerable item lacks answer/key_facts/evidence")
    else:
        if item["gold_answer"] or item["key_facts"]:
            errors.append(f"{where}: unanswerable item has answer/key_facts")
        if need_cat and item.get("category") == "off-topic" and item["evidence"]:
            errors.append(f"{where}: off-topic item should have no evidence")
    for fact in item["key_facts"]:
        for alt in fact:
            n = len(alt.split())
            if not 1 <= n <= 4: errors.append(f"{where}: key fact '{alt}' has {n} words")
            if alt not in text: errors.append(f"{where}: key fact '{alt}' not in {name}")
    for ev in item["evidence"]:
        i = text.find(ev)
        if i < 0:
            errors.append(f"{where}: evidence not in {name}: {ev[:70]}"); continue
        before = text[:i]
        # must start at a line start (after optional list/heading marker) or after sentence end
        if not (before == "" or re.search(r"(\n|\n- |\n\d+\. |\n## |\n# |[.!?\"] )$", before)):
            errors.append(f"{where}: evidence does not start at a boundary: {ev[:70]}")
        after = text[i+len(ev):i+len(ev)+1]
        if after not in ("", "\n", " "):
            errors.append(f"{where}: evidence does not end at a boundary: {ev[-70:]}")

for fn in ("questions.jsonl", "conversations.jsonl"):
    with open(os.path.join(HERE, fn), encoding="utf-8") as f:
        for ln, line in enumerate(f, 1):
            try: obj = json.loads(line)
            except Exception as e:
                errors.append(f"{fn}:{ln}: bad JSON {e}"); continue
            if fn == "questions.jsonl":
                check_item(obj["id"], obj["document"], obj, True)
            else:
                if not 3 <= len(obj["turns"]) <= 5: errors.append(f"{obj['id']}: {len(obj['turns'])} turns")
                for j, turn in enumerate(obj["turns"]):
                    if turn["followup"] != (j > 0): errors.append(f"{obj['id']} turn {j}: followup flag")
                    if not turn.get("standalone"): errors.append(f"{obj['id']} turn {j}: no standalone")
                    check_item(f"{obj['id']} turn {j}", obj["document"], turn, False)

for e in errors: print(e)
print("FAILED" if errors else "OK: all checks passed")
sys.exit(1 if errors else 0)
