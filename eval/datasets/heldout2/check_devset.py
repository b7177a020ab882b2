"""Check that every key fact and evidence string is an exact substring of the document's visible text."""

import json, re, html, sys, collections, os

HERE = os.path.dirname(os.path.abspath(__file__))


def html_views(s):
    b = re.sub(
        r"(?is)<head\b.*?</head>|<script\b.*?</script>|<style\b.*?</style>|<!--.*?-->", "", s
    )
    views = []
    for rep in (" ", ""):
        t = html.unescape(re.sub(r"<[^>]+>", rep, b))
        views.append(re.sub(r"\s+", " ", t).strip())
    return views


def md_views(s):
    raw = re.sub(r"[ \t]+", " ", s)
    st = re.sub(r"\*\*|__", "", s)
    st = re.sub(r"(?m)^\s*(#+|>|[-*]|\d+\.)\s+", "", st)
    st = re.sub(r"(?m)^\*(.*)\*$", r"\1", st)
    return [raw, re.sub(r"\s+", " ", st)]


def views(doc):
    s = open(os.path.join(HERE, doc), encoding="utf-8").read()
    if doc.endswith(".html"):
        return html_views(s)
    if doc.endswith(".md"):
        return md_views(s)
    return [s, re.sub(r"\s+", " ", s)]


CATS = {
    "fact",
    "number",
    "who",
    "when",
    "where",
    "list",
    "why",
    "how",
    "summary",
    "metadata",
    "unanswerable-near-miss",
    "off-topic",
}
errs = []
V = {}


def chk(where, doc, item):
    v = V.setdefault(doc, views(doc))
    if item["answerable"]:
        if not item["gold_answer"]:
            errs.append(f"{where}: empty gold")
    else:
        if item["gold_answer"] or item["key_facts"] or item["evidence"]:
            errs.append(f"{where}: unanswerable with content")
    for f in item["key_facts"]:
        for a in f:
            if not all(a in x for x in v):
                errs.append(f"{where}: key fact not found in all views: {a!r}")
            if len(a.split()) > 4:
                errs.append(f"{where}: key fact longer than 4 words: {a!r}")
    for e in item["evidence"]:
        if not all(e in x for x in v):
            errs.append(f"{where}: evidence not found in all views: {e!r}")


ids = set()
cnt = collections.Counter()
for line in open(os.path.join(HERE, "questions.jsonl"), encoding="utf-8"):
    q = json.loads(line)
    assert q["id"] not in ids, q["id"]
    ids.add(q["id"])
    if q["category"] not in CATS:
        errs.append(f"{q['id']}: bad category")
    if q["category"] == "summary" and q["key_facts"]:
        errs.append(f"{q['id']}: summary with key facts")
    cnt[(q["document"], q["category"])] += 1
    chk(q["id"], q["document"], q)
nt = 0
nc = collections.Counter()
for line in open(os.path.join(HERE, "conversations.jsonl"), encoding="utf-8"):
    c = json.loads(line)
    nc[c["document"]] += 1
    assert c["id"] not in ids
    ids.add(c["id"])
    if not 3 <= len(c["turns"]) <= 5:
        errs.append(f"{c['id']}: turn count")
    if c["turns"][0]["followup"]:
        errs.append(f"{c['id']}: first turn marked followup")
    for k, t in enumerate(c["turns"]):
        nt += 1
        if not t["followup"] and t["standalone"] != t["question"]:
            errs.append(f"{c['id']}#{k}: standalone differs")
        chk(f"{c['id']}#{k}", c["document"], t)
for d in sorted({d for d, _ in cnt}):
    print(
        d,
        sum(n for (dd, _), n in cnt.items() if dd == d),
        {c: n for (dd, c), n in sorted(cnt.items()) if dd == d},
    )
print("conversations:", dict(nc), "turns:", nt)
print("\n".join(errs) if errs else "ALL CHECKS PASSED")
sys.exit(1 if errs else 0)
