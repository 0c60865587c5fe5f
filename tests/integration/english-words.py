#!/usr/bin/env python3
"""english-words.py — prints the English words found in French text.

Used by the tests that read what a French-speaking person sees (the
commands' French --help, the menu's screens, the documents' text): each
English word found is printed with its line, and the exit status is 1 when
there is any.  The test is a heuristic that can fail: a list of common
English words (function words, and the words of reco's own vocabulary that
differ in French), matched on the words of the text once what is not prose
is set aside:

  - options, paths, file names, variables, codes: a token with one of
    - _ / . = $ < > @ : | or a digit in it, or a list joined by commas
    (--only cpu,ram,disk);
  - literal values quoted for the reader: « full », 'smartctl --json';
  - the first word of a definition-list line ("  auto     la méthode…",
    a command or method name followed by two spaces);
  - a list of values between parentheses, "(cpu, ram, disk)" or
    "(au choix : auto, zero, one)", and the lines of a JSON document
    (keys and codes for programs, not prose);
  - words between <angle brackets>, the value after an option (--only
    disk), a command line (reco wipe, reco report verify);
  - runs of capitalised words, names of ATA/SCSI commands (SECURITY ERASE
    UNIT); a single one is checked (an English placeholder, FILE).
English words that are also French ("a", "on", "version", "options",
"session", "test", "date", "minutes", "signature", "usage", "passes",
"part", "ports"...) are not in the list, nor proper names (Bluetooth).

    english-words.py [FILE...]      (default: standard input)
"""
import re
import sys

ENGLISH = set("""
the and of to for with from by not no yes this that these those when where which what while
each every all any none only also more than then there their its it be been was were are is
has have had do does done can cannot could may must will would should your you we our how why
who about after before into over under again already still just but if or else otherwise until
default help disk disks wipe wiped wiping erase erased erasing failed fail failure passed
tested ready allocated delivered unspecified unknown quick full random zero one two report reports
file files directory folder device devices key keys certificate signed verify verified
verification method methods memory battery screen sound network wired wireless health healthy
file dir name device seconds
good faulty warning error errors exit status success environment missing tool tools check
checks checked run running progress written write writes read reads list show create created
issue issued revoke revoked print printed sheet computer processor threads thread cores
wear hours bytes sectors found nothing something everything here now press enter
skip skipped cancel quit back next serial model vendor step steps result results pass
grade works working worn size free used slots slot unsigned
uncertified station operator valid invalid expected got left right sealed sent queued
rejected upload uploaded please wait waiting done finished started start stop stopped time
interrupted aborted target targets sample samples erasure whole drive drives storage capacity
charger power cooling fan camera keyboard touchpad port media card reader optical language
""".split())

# internal codes that must never reach a person as such
CODES = {"NOT_TESTED", "PASS", "FAIL", "WARN", "ABSENT", "ERASED", "FAILED", "ABORTED"}

NOT_PROSE = re.compile(r"[-_/.=$<>@:|0-9\\]")


JSON_LINE = re.compile(r'^\s*([{\[]|"[\w-]+"\s*:)')
CODE_LIST = re.compile(r"\((?:[^():]*:\s*)?[a-z0-9][\w-]*(?:,\s*[a-z0-9][\w-]*)+\)")


def words(line):
    if JSON_LINE.match(line):
        return
    line = CODE_LIST.sub(" ", line)                    # (a, list, of, values)
    line = re.sub(r"«\s*[^«»\s]+\s*»", " ", line)      # « literal »
    line = re.sub(r"'[^']*'", " ", line)               # 'a command'
    line = re.sub(r"<[^>]*>", " ", line)               # <placeholders>
    line = re.sub(r"^\s{0,6}[^\s]+(?=\s{2,})", " ", line)  # definition-list term
    line = re.sub(r"\breco(\s+[a-z][a-z-]*){1,2}", " ", line)  # a command line
    line = re.sub(r"(--[\w-]+)\s+[a-z][\w-]*", r"\1", line)  # an option's value
    toks = [t.strip(",.:’'") for t in re.split(r"[\s()\[\]{}«»\"“”;!?]+", line)]
    caps = [len(t) > 1 and t.isalpha() and t.isupper() for t in toks]
    for i, tok in enumerate(toks):
        if tok in CODES:
            yield tok
            continue
        if not tok or NOT_PROSE.search(tok) or re.search(r"\w,\w", tok):
            continue
        if caps[i] and ((i and caps[i - 1]) or (i + 1 < len(toks) and caps[i + 1])):
            continue  # a run of capitals: a command's name
        yield tok


def main():
    files = sys.argv[1:] or ["-"]
    found = 0
    for name in files:
        text = sys.stdin.read() if name == "-" else open(name, encoding="utf-8").read()
        for n, line in enumerate(text.splitlines(), 1):
            hits = [w for w in words(line) if w.lower() in ENGLISH]
            if hits:
                found += len(hits)
                print("%s:%d: %s    | %s" % (name, n, " ".join(hits), line.strip()))
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
