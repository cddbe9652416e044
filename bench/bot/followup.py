# followup.py — does Majlisbot's follow-up rule help real follow-ups and leave other questions
# alone? Every paragraph of a SQuAD file is imported as a document; each question is asked
#   alone, after the previous question on the same paragraph (a real follow-up), and after a
#   question on another article (an unrelated context);
# hit@1 / hit@3 = the gold paragraph is the first / among the three citations.
import json, sys, os, subprocess, urllib.request, http.cookiejar, random
squad, base, db = sys.argv[1], sys.argv[2], sys.argv[3]
data = json.load(open(squad))["data"]
os.makedirs("/tmp/madrasa-followup-docs", exist_ok=True)
paras, qs = [], []
for a, art in enumerate(data):
    for p in art["paragraphs"]:
        if p["context"] in paras: idx = paras.index(p["context"])
        else:
            idx = len(paras); paras.append(p["context"])
            open(f"/tmp/madrasa-followup-docs/p{idx:04d}.txt", "w").write(p["context"])
            json.dump({"title": f"P{idx:04d}", "type": "other", "access": "public"}, open(f"/tmp/madrasa-followup-docs/p{idx:04d}.txt.meta.json", "w"))
        for q in p["qas"]: qs.append((q["question"], idx, a))
if len(sys.argv) > 4:
    subprocess.run(["build/madrasa", "import", "docs", "/tmp/madrasa-followup-docs", "--db", db], check=True, stdout=subprocess.DEVNULL)
    sys.exit(0)
cj = http.cookiejar.CookieJar()
op = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(cj))
def post(path, body):
    tok = next((c.value for c in cj if c.name == "madrasa_csrf"), None)
    h = {"Content-Type": "application/json", "Origin": base}
    if tok: h["X-CSRF-Token"] = tok
    r = op.open(urllib.request.Request(base + path, json.dumps(body).encode(), h))
    return json.loads(r.read() or b"{}")
post("/api/auth/login", {"login": "member", "password": "madrasa-demo"})
def ask(q, conv=None):
    b = {"question": q}
    if conv: b["conversation_id"] = conv
    return post("/api/bot/ask", b)
def gold_rank(ans, idx):
    t = [c["title"] for c in ans.get("citations", [])]
    name = f"P{idx:04d}"
    return t.index(name) + 1 if name in t else 0
random.seed(1)
stats = {m: [0, 0, 0, 0, 0] for m in ("alone", "same", "other")}  # n, hit1, hit3, context_used, ctx_hit1
prev_same = {}
for i, (q, idx, art) in enumerate(qs):
    a = ask(q); r = gold_rank(a, idx); s = stats["alone"]
    s[0] += 1; s[1] += r == 1; s[2] += r >= 1
    modes = []
    if idx in prev_same: modes.append(("same", prev_same[idx]))
    others = [x for x in qs if x[2] != art]
    modes.append(("other", random.choice(others)[0]))
    for m, pq in modes:
        c = ask(pq)["conversation_id"]; a = ask(q, c); r = gold_rank(a, idx); s = stats[m]
        s[0] += 1; s[1] += r == 1; s[2] += r >= 1; s[3] += bool(a.get("context_used")); s[4] += bool(a.get("context_used")) and r == 1
    prev_same[idx] = q
print(json.dumps({m: {"n": s[0], "hit1": round(s[1] / s[0], 4), "hit3": round(s[2] / s[0], 4), "context_used": s[3], "hit1_when_context": round(s[4] / s[3], 4) if s[3] else None} for m, s in stats.items()}))
