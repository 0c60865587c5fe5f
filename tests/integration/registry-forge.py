#!/usr/bin/env python3
"""registry-forge.py — plays the database operator who rewrites history:
reads the events table (a JSON array of rows, as `sqlite3 -json` or psql's
json_agg give it) and writes SQL that forges it with every hash recomputed,
the way reco computes them (SHA-256 of the canonical JSON of the nine
fields, lifecycle.c), so that only a signed checkpoint can tell.

  registry-forge.py rewrite SEQ ROWS.json OUT.sql   event SEQ's actor becomes
                                                    'mallory', hashes from SEQ on
  registry-forge.py append DEVICE ROWS.json OUT.sql a fake 'ready' event for DEVICE
"""
import hashlib, json, sys

def event_hash(ev, prev):
    o = {"seq": int(ev["seq"]), "at": ev["at"], "actor": ev["actor"], "device_id": ev["device_id"],
         "kind": ev["kind"], "from": ev["from_state"], "to": ev["to_state"], "detail": ev["detail"],
         "prev_hash": prev}
    canon = json.dumps(o, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canon.encode("utf-8")).hexdigest()

def q(v):
    return "NULL" if v is None else "'" + str(v).replace("'", "''") + "'"

mode, arg, rows_path, out_path = sys.argv[1:5]
rows = sorted(json.load(open(rows_path, encoding="utf-8")), key=lambda r: int(r["seq"]))
sql = []
if mode == "rewrite":
    seq = int(arg)
    prev = "0" * 64
    for r in rows:
        if int(r["seq"]) == seq:
            r["actor"] = "mallory"
        if int(r["seq"]) >= seq:
            r["prev_hash"] = prev
            r["hash"] = event_hash(r, prev)
            sql.append("UPDATE events SET actor = %s, prev_hash = %s, hash = %s WHERE seq = %d;"
                       % (q(r["actor"]), q(r["prev_hash"]), q(r["hash"]), int(r["seq"])))
        prev = r["hash"]
elif mode == "append":
    last = rows[-1]
    ev = {"seq": int(last["seq"]) + 1, "at": last["at"], "actor": "mallory", "device_id": arg,
          "kind": "state", "from_state": "tested", "to_state": "ready", "detail": None}
    h = event_hash(ev, last["hash"])
    sql.append("INSERT INTO events (seq, at, actor, device_id, kind, from_state, to_state, detail,"
               " prev_hash, hash) VALUES (%d, %s, 'mallory', %s, 'state', 'tested', 'ready', NULL, %s, %s);"
               % (ev["seq"], q(ev["at"]), q(arg), q(last["hash"]), q(h)))
else:
    sys.exit("unknown mode " + mode)
open(out_path, "w", encoding="utf-8").write("\n".join(sql) + "\n")
