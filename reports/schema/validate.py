#!/usr/bin/env python3
"""Validate report.json files against reports/schema/*.schema.json (JSON Schema 2020-12).

    reports/schema/validate.py REPORT.json...        exit 0 valid, 1 invalid, 2 usage

Works with Debian 12's python3-jsonschema (4.10, RefResolver) and newer
releases (the referencing library)."""
import glob, json, os, sys, warnings

def main(argv):
    if len(argv) < 2:
        print("usage: validate.py REPORT.json...", file=sys.stderr)
        return 2
    import jsonschema
    here = os.path.dirname(os.path.abspath(__file__))
    schemas = {}
    for p in glob.glob(os.path.join(here, "*.schema.json")):
        with open(p, encoding="utf-8") as f:
            s = json.load(f)
        schemas[s["$id"]] = s
    root = next(s for i, s in schemas.items() if i.endswith("/reco-report-1.schema.json"))
    cls = jsonschema.Draft202012Validator
    cls.check_schema(root)
    try:
        from referencing import Registry, Resource
        reg = Registry().with_resources((i, Resource.from_contents(s)) for i, s in schemas.items())
        validator = cls(root, registry=reg)
    except ImportError:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            resolver = jsonschema.RefResolver.from_schema(root, store=schemas)
        validator = cls(root, resolver=resolver)
    bad = 0
    for path in argv[1:]:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
        for e in errors:
            where = "/".join(str(x) for x in e.absolute_path) or "(top)"
            print(f"{path}: {where}: {e.message}", file=sys.stderr)
        if errors:
            bad = 1
        else:
            print(f"{path}: valid")
    return bad

sys.exit(main(sys.argv))
