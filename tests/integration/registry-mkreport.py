#!/usr/bin/env python3
"""registry-mkreport.py — writes test reports (schema reco-report/1) for the
registry's tests and benchmark, in canonical form (sorted keys, compact), the
way `reco report seal` does, so that they can be signed with
`openssl pkeyutl -sign -rawin` by the station key.

  registry-mkreport.py --cert station.pem --out DIR --device ID [options]
  registry-mkreport.py --cert station.pem --out DIR --count N --prefix P

Each report goes to DIR/report.json (or DIR/NNNNN/report.json with --count),
with station.pem copied beside it.  Signing is left to the caller.
"""
import argparse, base64, datetime, hashlib, json, os, shutil, uuid

def cert_sha256(pem):
    body = "".join(l for l in pem.splitlines() if l and not l.startswith("-----"))
    return hashlib.sha256(base64.b64decode(body)).hexdigest()

def report(args, device, serial, fp):
    targets = []
    for i in range(args.disks):
        res = args.wipe if i == args.disks - 1 else "erased"
        targets.append({"path": "/dev/sd" + "abcdefgh"[i], "model": args.disk_model,
                        "serial": "%s-D%d" % (serial, i), "wwn": "", "size_bytes": 256060514304,
                        "logical_sector_size": 512, "physical_sector_size": 4096,
                        "transport": "sata", "method": "zero", "nist_category": "clear",
                        "passes": [], "verification": {"mode": "full", "coverage_permille": 1000},
                        "bad_ranges": [], "started": args.created, "finished": args.created,
                        "result": res, "reason": "" if res == "erased" else "write error at LBA 1234",
                        "resumed": False})
    parts = [{"part": "cpu", "id": "cpu0", "verdict": "PASS", "reason": "ok", "action": ""},
             {"part": "disk", "id": "sda", "verdict": args.diag, "reason": "smart", "action": ""}]
    # the machine's disks, as the inventory lists them: the wiped ones, and
    # --unwiped-disks more that no wipe result covers
    storage = [{"name": t["path"][5:], "path": t["path"], "serial": t["serial"], "model": t["model"],
                "size_bytes": t["size_bytes"], "rotational": False, "transport": "sata"} for t in targets]
    storage += [{"name": "nvme%dn1" % i, "path": "/dev/nvme%dn1" % i, "serial": "%s-N%d" % (serial, i),
                 "size_bytes": 128035676160, "transport": "nvme"} for i in range(args.unwiped_disks)]
    dev_uuid = args.uuid or str(uuid.uuid5(uuid.NAMESPACE_URL, "reco-test:" + device))
    inv = {"schema": "reco-inventory/1", "id": device, "storage": storage,
           "system": {"system": {"vendor": args.vendor, "product": args.product,
                                 "serial": serial, "uuid": dev_uuid}}}
    if not args.no_hardware:
        inv.update({"cpu": {"model_name": "Intel(R) Core(TM) i5-5300U CPU @ 2.30GHz", "cores": 2, "threads": 4},
                    "memory": {"total_bytes": args.ram_mib << 20},
                    "displays": [{"connector": "eDP-1", "diagonal_tenth_inch": 140, "preferred_width": 1920,
                                  "preferred_height": 1080, "name": "LG Display"}],
                    "battery": [{"name": "BAT0", "wear_permille": 172, "cycle_count": 311}]})
    diag = {"schema": "reco-diag/1", "tool": {"name": "reco diag", "version": "0.1.0"},
            "profile": "quick", "parts": parts, "grade": args.grade, "complete": not args.incomplete}
    if args.incomplete:
        parts.append({"part": "ram", "id": "ram", "verdict": "NOT_TESTED", "rule": "ram.could_not_run",
                      "metrics": {}, "findings": [], "reason": "The memory test could not run.", "action": ""})
        diag.update({"grade_cap": "B", "not_tested": [{"part": "ram", "id": "ram", "rule": "ram.could_not_run"}]})
    wipe = {"schema": "reco-wipe/1", "tool": {"name": "reco wipe", "version": "0.1.0"},
            "targets": targets}
    return {"schema": "reco-report/1", "report_id": str(uuid.uuid4()), "created": args.created,
            "tool": {"name": "reco report", "version": "0.1.0"},
            "station": {"name": args.station, "certificate_sha256": fp},
            "operator": args.operator,
            "device": {"id": device, "vendor": args.vendor, "product": args.product, "serial": serial,
                       "uuid": dev_uuid},
            "inventory": inv, "diag": diag, "wipe": wipe, "grade": args.grade,
            "diag_complete": not args.incomplete,
            "sources": {"inventory.json": "0" * 64, "diag.json": "0" * 64, "wipe.json": "0" * 64}}

def write(args, d, device, serial, fp):
    os.makedirs(d, exist_ok=True)
    doc = report(args, device, serial, fp)
    with open(os.path.join(d, "report.json"), "w", encoding="utf-8") as f:
        f.write(json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False))
    shutil.copyfile(args.cert, os.path.join(d, "station.pem"))

def main():
    p = argparse.ArgumentParser()
    p.add_argument("--cert", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--device")
    p.add_argument("--serial")
    p.add_argument("--uuid", help="SMBIOS UUID (default: derived from the device id)")
    p.add_argument("--count", type=int, default=0)
    p.add_argument("--prefix", default="DEV")
    p.add_argument("--vendor", default="LENOVO")
    p.add_argument("--product", default="ThinkPad T450")
    p.add_argument("--disk-model", default="Samsung SSD 850")
    p.add_argument("--grade", default="B")
    p.add_argument("--disks", type=int, default=1)
    p.add_argument("--wipe", default="erased")
    p.add_argument("--unwiped-disks", type=int, default=0)
    p.add_argument("--diag", default="PASS")
    p.add_argument("--incomplete", action="store_true", help="a diagnosis that left the memory NOT_TESTED")
    p.add_argument("--no-hardware", action="store_true", help="an inventory without processor, memory, disks, screen, battery")
    p.add_argument("--ram-mib", type=int, default=8192)
    p.add_argument("--station", default="st1")
    p.add_argument("--operator", default="volunteer")
    p.add_argument("--created", default=datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
                   help="RFC 3339 UTC, or +N / -N seconds from now")
    args = p.parse_args()
    if args.created[:1] in "+-":
        t = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=int(args.created))
        args.created = t.strftime("%Y-%m-%dT%H:%M:%SZ")
    fp = cert_sha256(open(args.cert).read())
    if args.count:
        for i in range(args.count):
            write(args, os.path.join(args.out, "%05d" % i), "%s-%05d" % (args.prefix, i),
                  "SN%s%05d" % (args.prefix, i), fp)
    else:
        write(args, args.out, args.device, args.serial or ("SN-" + args.device), fp)

main()
