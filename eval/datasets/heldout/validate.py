"""Checks questions.jsonl and conversations.jsonl against the documents' visible text.
Run: python3 validate.py"""
import collections, html, json, re, sys

DOC_PATHS = {"news.html": "news.html", "howto.md": "howto.md", "report.txt": "report.txt",
             "foreign-troops-russia.txt": "/work/main/corpus/foreign-troops-russia.txt"}
CATS = {"fact", "number", "who", "when", "where", "list", "why", "how", "summary", "metadata",
        "unanswerable-near-miss", "off-topic"}


def visible(path):
    s = open(path, encoding="utf-8").read()
    if path.endswith(".html"):
        s = s[s.index("<body"):]
        s = re.sub(r"<(script|style)\b[^>]*>.*?</\1>", " ", s, flags=re.S)
        s = re.sub(r"<[^>]+>", " ", s)
        s = html.unescape(s)
    return re.sub(r"\s+", " ", s)


TEXT = {k: visible(v) for k, v in DOC_PATHS.items()}
LOW = {k: v.lower() for k, v in TEXT.items()}
errors = []


def norm(s):
    return re.sub(r"\s+", " ", s)


def check_item(where, doc, it):
    for key in ("answerable", "gold_answer", "key_facts", "evidence"):
        if key not in it:
            errors.append(f"{where}: missing {key}")
    if not it["answerable"]:
        if it["key_facts"] or it["evidence"]:
            errors.append(f"{where}: unanswerable but has key_facts/evidence")
    for ev in it["evidence"]:
        if norm(ev) not in TEXT[doc]:
            errors.append(f"{where}: evidence not found: {ev[:80]!r}")
    for fact in it["key_facts"]:
        if not isinstance(fact, list) or not fact:
            errors.append(f"{where}: bad fact {fact!r}")
            continue
        if not any(norm(alt).lower() in LOW[doc] for alt in fact):
            errors.append(f"{where}: key fact not found: {fact!r}")
        for alt in fact:
            if len(alt.split()) > 5:
                errors.append(f"{where}: long key fact alternative {alt!r}")
        # key facts should also be supported by the cited evidence
        if it["evidence"] and not any(norm(alt).lower() in " ".join(it["evidence"]).lower() for alt in fact):
            errors.append(f"{where}: key fact {fact!r} not inside the cited evidence")
    if it["answerable"] and not it["evidence"]:
        errors.append(f"{where}: answerable but no evidence")


# ---- questions
qs = [json.loads(l) for l in open("questions.jsonl", encoding="utf-8")]
ids = collections.Counter(q["id"] for q in qs)
for i, n in ids.items():
    if n > 1:
        errors.append(f"duplicate id {i}")
per_doc = collections.defaultdict(collections.Counter)
for q in qs:
    if q["category"] not in CATS:
        errors.append(f"{q['id']}: bad category {q['category']}")
    per_doc[q["document"]][q["category"]] += 1
    check_item(q["id"], q["document"], q)
    if q["category"] == "summary" and q["key_facts"]:
        errors.append(f"{q['id']}: summary with key facts")
    if q["category"] in ("unanswerable-near-miss", "off-topic") and q["answerable"]:
        errors.append(f"{q['id']}: should be unanswerable")

MIN = {"fact": 4, "number": 3, "list": 2, "why": 2, "how": 1, "summary": 2, "metadata": 3,
       "unanswerable-near-miss": 2, "off-topic": 1}
for doc, c in per_doc.items():
    for cat, m in MIN.items():
        if c[cat] < m:
            errors.append(f"{doc}: only {c[cat]} {cat}")
    if c["who"] + c["when"] + c["where"] < 3:
        errors.append(f"{doc}: too few who/when/where")

# ---- conversations
cs = [json.loads(l) for l in open("conversations.jsonl", encoding="utf-8")]
conv_docs = collections.Counter(c["document"] for c in cs)
turn_stats = collections.Counter()
for c in cs:
    if not 3 <= len(c["turns"]) <= 5:
        errors.append(f"{c['id']}: {len(c['turns'])} turns")
    if c["turns"][0]["followup"]:
        errors.append(f"{c['id']}: first turn is a follow-up")
    if not any(not t["followup"] for t in c["turns"][1:]):
        errors.append(f"{c['id']}: no self-contained turn after the first")
    for k, t in enumerate(c["turns"], 1):
        w = f"{c['id']}.t{k}"
        if not t["followup"] and t["standalone"] != t["question"]:
            errors.append(f"{w}: standalone differs for non-follow-up")
        if t["followup"] and t["standalone"] == t["question"]:
            errors.append(f"{w}: follow-up without rewrite")
        turn_stats["followup" if t["followup"] else "self-contained"] += 1
        turn_stats["unanswerable" if not t["answerable"] else "answerable"] += 1
        if t["followup"] and not t["answerable"]:
            turn_stats["unanswerable follow-up"] += 1
        check_item(w, c["document"], t)

for doc in ("news.html", "howto.md", "report.txt"):
    if conv_docs[doc] < 6:
        errors.append(f"only {conv_docs[doc]} conversations on {doc}")
if conv_docs["foreign-troops-russia.txt"] < 4:
    errors.append("too few conversations on foreign-troops-russia.txt")

print(f"{len(qs)} questions")
for doc, c in sorted(per_doc.items()):
    print(f"  {doc}: {sum(c.values())}  {dict(sorted(c.items()))}")
tot = collections.Counter()
for c in per_doc.values():
    tot.update(c)
print("  all:", dict(sorted(tot.items())))
print(f"{len(cs)} conversations, {sum(len(c['turns']) for c in cs)} turns: {dict(conv_docs)}")
print("  turns:", dict(turn_stats))
if errors:
    print("\nERRORS:")
    print("\n".join(errors))
    sys.exit(1)
print("\nAll checks passed.")
