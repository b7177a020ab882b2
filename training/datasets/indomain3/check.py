#!/usr/bin/env python3
"""Check questions.jsonl and conversations.jsonl against the documents in this folder."""
import json, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
CATS = {"fact", "number", "who", "when", "where", "list", "why", "how", "change",
        "metadata", "unanswerable-near-miss", "off-topic"}
errors = []
docs = {}

def doc_text(name):
    if name not in docs:
        path = os.path.join(HERE, name)
        if not os.path.exists(path):
            errors.append("missing document %s" % name)
            docs[name] = ""
        else:
            with open(path, encoding="utf-8") as fh:
                docs[name] = fh.read()
    return docs[name]

def check_item(where, doc, item):
    text = doc_text(doc)
    for k in ("question", "answerable", "gold_answer", "key_facts", "evidence"):
        if k not in item:
            errors.append("%s: missing field %s" % (where, k))
            return
    if item["answerable"]:
        if not item["gold_answer"] or not item["key_facts"] or not item["evidence"]:
            errors.append("%s: answerable item needs gold_answer, key_facts, evidence" % where)
    else:
        if item["gold_answer"] or item["key_facts"]:
            errors.append("%s: unanswerable item must have empty gold_answer and key_facts" % where)
        if len(item["evidence"]) > 1:
            errors.append("%s: unanswerable item has more than one evidence string" % where)
    for fact in item["key_facts"]:
        if not isinstance(fact, list) or not fact:
            errors.append("%s: key fact must be a non-empty list" % where)
            continue
        for alt in fact:
            n = len(alt.split())
            if not 1 <= n <= 4:
                errors.append("%s: key fact %r has %d words" % (where, alt, n))
            if alt not in text:
                errors.append("%s: key fact %r not in %s" % (where, alt, doc))
    for ev in item["evidence"]:
        if ev not in text:
            errors.append("%s: evidence not in %s: %r" % (where, doc, ev))
        elif not any(line.strip().lstrip("#*- ").rstrip("*").strip() == ev or
                     re.search(r"(^|[.!?\"] )" + re.escape(ev) + r"( |$)", line.strip().lstrip("- ").lstrip("#").strip())
                     for line in text.splitlines()):
            errors.append("%s: evidence is not a whole sentence/line: %r" % (where, ev))

ids = set()
nq = 0
with open(os.path.join(HERE, "questions.jsonl"), encoding="utf-8") as fh:
    for ln, line in enumerate(fh, 1):
        try:
            d = json.loads(line)
        except Exception as e:
            errors.append("questions.jsonl line %d: %s" % (ln, e)); continue
        nq += 1
        if d.get("id") in ids: errors.append("duplicate id %s" % d.get("id"))
        ids.add(d.get("id"))
        if d.get("category") not in CATS: errors.append("%s: bad category %r" % (d.get("id"), d.get("category")))
        if d.get("category") == "off-topic" and d.get("evidence"): errors.append("%s: off-topic must have no evidence" % d["id"])
        check_item(d.get("id"), d.get("document"), d)

nt = 0
with open(os.path.join(HERE, "conversations.jsonl"), encoding="utf-8") as fh:
    for ln, line in enumerate(fh, 1):
        try:
            d = json.loads(line)
        except Exception as e:
            errors.append("conversations.jsonl line %d: %s" % (ln, e)); continue
        if d.get("id") in ids: errors.append("duplicate id %s" % d.get("id"))
        ids.add(d.get("id"))
        turns = d.get("turns", [])
        if not 3 <= len(turns) <= 5: errors.append("%s: %d turns" % (d.get("id"), len(turns)))
        for i, tr in enumerate(turns):
            nt += 1
            if "standalone" not in tr or "followup" not in tr: errors.append("%s turn %d: missing standalone/followup" % (d["id"], i))
            if tr.get("followup") != (i > 0): errors.append("%s turn %d: followup flag" % (d["id"], i))
            check_item("%s turn %d" % (d.get("id"), i), d.get("document"), tr)

for e in errors: print("ERROR", e)
print("%d questions, %d conversation turns, %d errors" % (nq, nt, len(errors)))
sys.exit(1 if errors else 0)
