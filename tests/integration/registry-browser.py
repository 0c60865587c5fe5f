#!/usr/bin/env python3
"""registry-browser.py — drives headless Chromium through chromedriver's
WebDriver HTTP API (W3C), with the standard library only, against a running
`reco registry serve`: a coordinator's week on every page (import by upload,
the devices list and its filters, a device's page, the allocation picker, an
allocation handed over and returned, the allocations list, recycling behind
its confirmation, a diagnosis override, an identity conflict, statistics and
their CSV), then what a volunteer and an administrator may and may not do.
Prints one line per check: "RESULT 0|1 name"; saves a screenshot of each
page as SHOTS/<name>.png.

  registry-browser.py DRIVER_URL REGISTRY_URL DOWNLOAD_DIR SHOTS ARCHIVE
"""
import base64, json, os, sys, time, urllib.request, urllib.error

DRIVER, BASE, DL, SHOTS, ARCHIVE = sys.argv[1:6]
READY, NODIAG, FAILED, CONFLICT = "PC-BROWSER-2", "PC-BROWSER-NODIAG", "PC-BROWSER-FAILED", "PC-CONFLICT"

def eid(ref):
    """The id of a W3C web element reference (its only value)."""
    return next(iter(ref.values()))

def call(method, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(DRIVER + path, data=data, method=method,
                                 headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return json.loads(r.read() or b"{}").get("value")
    except urllib.error.HTTPError as e:
        raise RuntimeError("%s %s: %s" % (method, path, e.read()[:300]))

def wait(cond, timeout=15):
    """Polls cond() until it is true (page loads after a click are asynchronous)."""
    end = time.time() + timeout
    while True:
        try:
            if cond():
                return True
        except RuntimeError:
            pass
        if time.time() > end:
            return False
        time.sleep(0.1)

def result(ok, name):
    print("RESULT %d %s" % (0 if ok else 1, name), flush=True)

class Browser:
    def __init__(self):
        args = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,900", "--lang=fr-FR",
                "--user-data-dir=" + os.path.join(DL, "profile-%d" % time.time_ns())]
        caps = {"capabilities": {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": {
            "binary": "/usr/bin/chromium", "args": args,
            "prefs": {"download.default_directory": DL, "download.prompt_for_download": False}}}}}
        self.sid = call("POST", "/session", caps)["sessionId"]
        self.s = "/session/" + self.sid
        try:
            call("POST", self.s + "/goog/cdp/execute", {"cmd": "Browser.setDownloadBehavior",
                 "params": {"behavior": "allow", "downloadPath": DL}})
        except RuntimeError:
            pass
    def go(self, url): call("POST", self.s + "/url", {"url": BASE + url})
    def url(self): return call("GET", self.s + "/url")
    def source(self): return call("GET", self.s + "/source")
    def find(self, css):
        return eid(call("POST", self.s + "/element", {"using": "css selector", "value": css}))
    def finds(self, css):
        return [eid(e) for e in call("POST", self.s + "/elements", {"using": "css selector", "value": css})]
    def type(self, css, text):
        e = self.find(css)
        call("POST", self.s + "/element/%s/clear" % e, {})
        call("POST", self.s + "/element/%s/value" % e, {"text": text})
    def attach(self, css, path):
        call("POST", self.s + "/element/%s/value" % self.find(css), {"text": path})
    def click(self, css): call("POST", self.s + "/element/%s/click" % self.find(css), {})
    def text(self, css): return call("GET", self.s + "/element/%s/text" % self.find(css))
    def attr(self, css, name): return call("GET", self.s + "/element/%s/attribute/%s" % (self.find(css), name))
    def script(self, js): return call("POST", self.s + "/execute/sync", {"script": js, "args": []})
    def shot(self, name):
        """The whole page as SHOTS/name.png (the window grown to the page's height)."""
        h = int(self.script("return document.documentElement.scrollHeight") or 900)
        call("POST", self.s + "/window/rect", {"width": 1280, "height": max(700, min(h + 140, 2600))})
        time.sleep(0.2)
        png = base64.b64decode(call("GET", self.s + "/screenshot"))
        with open(os.path.join(SHOTS, name + ".png"), "wb") as f:
            f.write(png)
        call("POST", self.s + "/window/rect", {"width": 1280, "height": 900})
    def quit(self): call("DELETE", self.s)

def login(b, user, pw):
    b.go("/login")
    b.type("#user", user)
    b.type("#password", pw)
    b.click("#login")

def download(b, css, suffix):
    """Clicks a link and returns the path of the file it downloads."""
    before = set(os.listdir(DL))
    b.click(css)
    for _ in range(100):
        new = [f for f in set(os.listdir(DL)) - before if f.endswith(suffix)]
        if new:
            time.sleep(0.3)
            return os.path.join(DL, new[0])
        time.sleep(0.1)
    return None

ENGLISH = ["received", "tested", "wiped", "allocated", "delivered", "erased", "PASS", "NOT_TESTED",
           "signed report imported", "Report of", "Hardware"]

def no_english(b, css):
    """No state code nor English phrase in an element's text (words are whole)."""
    import re
    t = b.text(css)
    return not any(re.search(r"(?<![\w-])%s(?![\w-])" % re.escape(w), t) for w in ENGLISH)

b = Browser()
try:
    login(b, "coord", "coordinator-pw")
    result(wait(lambda: b.url().endswith("/devices")), "coordinator logs in and lands on the devices list")

    # import a RECO-DATA folder's archive by upload
    b.click("#nav-import")
    wait(lambda: b.finds("#files"))
    b.shot("import")
    b.attach("#files", ARCHIVE)
    b.click("#do-import")
    result(wait(lambda: b.finds("#import-summary")) and "2 rapports enregistrés" in b.text("#import-summary"),
           "import: a RECO-DATA archive uploaded, its reports stored")
    result(len(b.finds("tr.import-stored")) == 2 and len(b.finds("tr.import-refused")) == 1,
           "import: one line per report, the tampered one refused")
    b.shot("import-results")

    # the devices list: filters by state, grade (a select) and date range
    b.go("/devices")
    b.shot("devices")
    result(no_english(b, "#devices"), "devices list: states in words, no code")
    b.click("#grade option[value=C]")
    b.click("#filter")
    result(wait(lambda: "grade=C" in b.url()) and len(b.finds("a.device")) == 1 and NODIAG in b.text("#devices"),
           "grade filter (a select) keeps the grade C machine only")
    b.go("/devices")
    b.script("document.querySelector('#from').value = '2000-01-01'; document.querySelector('#to').value = '2000-12-31';")
    b.click("#filter")
    result(wait(lambda: b.finds("#no-device")), "date range filter with nothing in it says so")
    b.go("/devices")
    b.click("#state option[value=ready]")
    b.click("#filter")
    wait(lambda: "state=ready" in b.url())
    result(wait(lambda: READY in b.text("#devices")) and FAILED not in b.text("#devices"),
           "state filter keeps the ready machines")

    # one machine: hardware next to the reports and history
    b.go("/device?id=" + READY)
    result(wait(lambda: b.text("#device-id") == READY), "device page opens")
    result("8,0 Gio" in b.text("#hardware") and "238,5 Gio" in b.text("#hardware") and "pouces" in b.text("#hardware"),
           "device page: hardware summary (memory, disks with sizes, screen)")
    result(len(b.finds(".ok.badge")) >= 1, "verification badge shown")
    result(no_english(b, "main"), "device page: every state, result and verdict in words")
    result(not b.finds("#recycle-form") and b.finds("a#recycle"), "recycling is a link away from the details")
    b.shot("device")

    # allocate from the picker: a refusal keeps what was typed
    b.click("#allocate")
    wait(lambda: b.finds("#device"))
    result(b.attr("#device option[selected]", "value") == READY, "the picker opens on the machine chosen")
    b.type("#q", "Villeurbanne")
    b.click("#find")
    wait(lambda: "q=Villeurbanne" in b.url())
    result(len(b.finds("tr.beneficiary")) == 1, "beneficiary found by referrer")
    b.click("tr.beneficiary input[type=radio]")
    b.click("#choose")
    result(wait(lambda: b.finds("#quota")) and "0 machine sur 1" in b.text("#quota"),
           "the quota is shown before allocating")
    b.shot("allocate")
    b.type("#programme", "Ville de test")
    # a form stripped of its CSRF token is refused
    b.script("document.querySelector('#allocate-form input[name=csrf]').remove();")
    b.click("#do-allocate")
    result(wait(lambda: "Le formulaire a expiré" in b.source()) and "/allocation?id=" not in b.url(),
           "a form without its CSRF token is refused")
    b.go("/allocate?device=" + NODIAG + "&q=Villeurbanne")
    b.click("tr.beneficiary input[type=radio]")
    b.click("#choose")
    wait(lambda: b.finds("#programme"))
    b.type("#programme", "Programme tapé")
    b.click("#do-allocate")
    result(wait(lambda: b.finds("#error")) and "diagnostic" in b.text("#error"), "a refused allocation says why")
    result(b.attr("#programme", "value") == "Programme tapé" and b.attr("#device option[selected]", "value") == NODIAG,
           "a refused allocation keeps what was typed and chosen")
    b.go("/allocate?device=" + READY + "&q=Villeurbanne")
    b.click("tr.beneficiary input[type=radio]")
    b.click("#choose")
    wait(lambda: b.finds("#programme"))
    b.type("#programme", "Ville de test")
    b.click("#do-allocate")
    result(wait(lambda: "/allocation?id=" in b.url()), "allocation made from the picker")
    result(wait(lambda: b.attr("#state", "data-state") == "allocated") and b.text("#state") == "à remettre",
           "allocation recorded, its state in words")

    # the allocations page: pending, then handed over, with the attestation
    b.click("#nav-allocations")
    wait(lambda: b.finds("#allocations"))
    b.click("#tab-pending")
    result(wait(lambda: "state=allocated" in b.url()) and len(b.finds("tr.allocation")) == 1,
           "allocations: the pending hand-over listed")
    b.shot("allocations")
    b.click("a.allocation-link")
    wait(lambda: b.finds("#deliver"))
    b.click("#deliver")
    result(wait(lambda: b.attr("#state", "data-state") == "delivered"), "handed over")
    b.shot("allocation")
    pdf = download(b, "#attestation", ".pdf")
    ok = False
    if pdf:
        with open(pdf, "rb") as f:
            ok = f.read(5) == b"%PDF-"
    result(ok, "handover attestation downloaded from the allocation")
    b.go("/allocations?state=delivered")
    result(wait(lambda: len(b.finds("tr.allocation")) == 1), "allocations: the handed-over one under its filter")
    # a return: a reason code for the history, free text for coordinators only
    b.click("a.allocation-link")
    wait(lambda: b.finds("#return"))
    b.click("#return-reason option[value=faulty]")
    b.type("#return-note", "Famille Secretnom : écran cassé")
    b.click("#return")
    result(wait(lambda: b.attr("#state", "data-state") == "returned"), "return recorded with a reason and a note")
    b.go("/device?id=" + READY)
    result(wait(lambda: "Secretnom" in b.text("#notes")), "the note is on the device page for a coordinator")
    result("Secretnom" not in b.text("#history") and "ne fonctionne pas" in b.text("#history"),
           "the history shows the reason's label, never the note")

    # recycling behind its confirmation
    b.go("/device?id=" + FAILED)
    b.click("a#recycle")
    result(wait(lambda: b.finds("#confirm-recycle")) and "définitif" in b.source(),
           "recycling asks for a confirmation that says it cannot be undone")
    b.shot("recycle")
    b.click("#recycle-reason option[value=parts]")
    b.click("#confirm-recycle")
    result(wait(lambda: b.attr("#state", "data-state") == "recycled"), "recycled once confirmed")

    # the diagnosis override
    b.go("/device?id=" + NODIAG)
    b.click("#diag-override")
    result(wait(lambda: b.finds("#confirm-override")) and "Mémoire" in b.source(),
           "the override form says what was not tested")
    b.shot("diag-override")
    b.click("#override-reason option[value=checked-by-hand]")
    b.type("#override-note", "memtest au démarrage, 2 passes")
    b.click("#confirm-override")
    result(wait(lambda: b.finds("#override-recorded")), "the override is recorded and shown")

    # an identity conflict is shown, and a coordinator decides it
    b.go("/device?id=" + CONFLICT)
    result(wait(lambda: "SER-BROWSER-B" in b.text("#conflict")), "identity conflict shown with the contradicting serial")
    b.click("#conflict-reject")
    result(wait(lambda: b.url().endswith("/device?id=" + CONFLICT) and not b.finds("#conflict")),
           "coordinator rejects the contradicting report")
    result("conflit tranché : rapport rejeté" in b.text("#history"), "the decision is in the history, in words")

    # statistics over a range of months, and their CSV
    b.click("#nav-stats")
    result(wait(lambda: "événements" in b.text("#checkpoint")), "statistics show the signed checkpoint")
    result("foyer atteint" in b.text("#households") and b.finds("#stats-referrers"),
           "statistics: households reached, per referrer")
    b.shot("stats")
    csv = download(b, "#csv-referrer", ".csv")
    ok = False
    if csv:
        with open(csv, encoding="utf-8") as f:
            ok = f.readline().startswith('"Référent"')
    result(ok, "statistics per referrer downloaded as CSV")
    b.go("/beneficiaries")
    result(wait(lambda: b.finds("#beneficiaries")), "beneficiaries page")
    b.shot("beneficiaries")
finally:
    b.quit()

b = Browser()
try:
    login(b, "vol", "volunteer-pw")
    result(wait(lambda: b.url().endswith("/devices")), "volunteer logs in")
    result(b.finds("#nav-import") and not b.finds("#nav-allocations"), "a volunteer's menu: import, no allocations")
    b.go("/device?id=" + READY)
    result(len(b.finds("#allocate")) == 0 and not b.finds("a#recycle"), "no allocate nor recycle for a volunteer")
    result("Secretnom" not in b.source(), "a volunteer never sees a note")
    b.go("/allocate?device=" + READY)
    result("Seul un coordinateur" in b.source(), "a volunteer cannot open the allocation form")
    b.go("/device?id=" + CONFLICT + "-2")
    result(len(b.finds("#conflict")) == 1 and not b.finds("#conflict-accept"),
           "a volunteer sees a conflict but cannot decide it")
finally:
    b.quit()

b = Browser()
try:
    login(b, "boss", "admin-pw-123")
    result(wait(lambda: b.url().endswith("/devices")), "an administrator logs in")
    b.click("#nav-users")
    result(wait(lambda: b.finds("#users")), "the accounts page opens from the menu")
    b.click('tr[data-name="vol"] button.disable')
    result(wait(lambda: "désactivé" in b.text('tr[data-name="vol"]')), "the administrator disables an account")
    b.shot("accounts")
finally:
    b.quit()

b = Browser()
try:
    login(b, "vol", "volunteer-pw")
    result(wait(lambda: "incorrect" in b.source()) and not b.url().endswith("/devices"),
           "a disabled account cannot log in")
    b.shot("login")
finally:
    b.quit()
