#!/usr/bin/env python3
"""registry-browser.py — drives headless Chromium through chromedriver's
WebDriver HTTP API (W3C), with the standard library only, against a running
`reco registry serve`.  Prints one line per check: "RESULT 0|1 name".

  registry-browser.py DRIVER_URL REGISTRY_URL DOWNLOAD_DIR DEVICE_ID CONFLICT_DEVICE_ID
"""
import json, os, sys, time, urllib.request, urllib.error

DRIVER, BASE, DL, DEVICE, CONFLICT = sys.argv[1:6]
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
                "--disable-dev-shm-usage", "--user-data-dir=" + os.path.join(DL, "profile-%d" % time.time_ns())]
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
    def click(self, css): call("POST", self.s + "/element/%s/click" % self.find(css), {})
    def text(self, css): return call("GET", self.s + "/element/%s/text" % self.find(css))
    def script(self, js): return call("POST", self.s + "/execute/sync", {"script": js, "args": []})
    def quit(self): call("DELETE", self.s)

def login(b, user, pw):
    b.go("/login")
    b.type("#user", user)
    b.type("#password", pw)
    b.click("#login")

b = Browser()
try:
    login(b, "coord", "coordinator-pw")
    result(wait(lambda: b.url().endswith("/devices")), "coordinator logs in and lands on the devices list")
    b.type("#q", DEVICE)
    b.click("#filter")
    wait(lambda: "q=" in b.url())
    result(wait(lambda: len(b.finds("a.device")) == 1), "search finds exactly the device")
    b.click("a.device")
    result(wait(lambda: b.text("#device-id") == DEVICE), "device page opens")
    result(len(b.finds(".ok.badge")) >= 1, "verification badge shown")
    b.click("#allocate")
    wait(lambda: b.finds("#programme"))
    b.type("#programme", "Ville de test")
    # a form stripped of its CSRF token is refused
    b.script("document.querySelector('#allocate-form input[name=csrf]').remove();")
    b.click("#do-allocate")
    result(wait(lambda: "Le formulaire a expiré" in b.source()) and "/allocation?id=" not in b.url(),
           "a form without its CSRF token is refused")
    b.go("/allocate?device=" + DEVICE)
    b.type("#programme", "Ville de test")
    b.click("#do-allocate")
    result(wait(lambda: "/allocation?id=" in b.url()), "allocation made from the form")
    result(wait(lambda: b.text("#state") == "allocated"), "allocation recorded")
    b.click("#deliver")
    result(wait(lambda: b.text("#state") == "delivered"), "handed over")
    before = set(os.listdir(DL))
    b.click("#attestation")
    pdf = None
    for _ in range(100):
        new = [f for f in set(os.listdir(DL)) - before if f.endswith(".pdf")]
        if new:
            pdf = os.path.join(DL, new[0])
            break
        time.sleep(0.1)
    ok = False
    if pdf:
        time.sleep(0.3)
        with open(pdf, "rb") as f:
            ok = f.read(5) == b"%PDF-"
    result(ok, "handover PDF downloaded")
    # a return: a reason code for the history, free text for coordinators only
    b.click("#return-reason option[value=faulty]")
    b.type("#return-note", "Famille Secretnom : écran cassé")
    b.click("#return")
    result(wait(lambda: b.text("#state") == "returned"), "return recorded with a reason and a note")
    b.go("/device?id=" + DEVICE)
    result(wait(lambda: "Secretnom" in b.text("#notes")), "the note is on the device page for a coordinator")
    result("Secretnom" not in b.text("#history") and "ne fonctionne pas" in b.text("#history"),
           "the history shows the reason's label, never the note")
    # an identity conflict is shown, and a coordinator decides it
    b.go("/device?id=" + CONFLICT)
    result(wait(lambda: "SER-BROWSER-B" in b.text("#conflict")), "identity conflict shown with the contradicting serial")
    b.click("#conflict-reject")
    result(wait(lambda: b.url().endswith("/device?id=" + CONFLICT) and not b.finds("#conflict")),
           "coordinator rejects the contradicting report")
    result("conflict-rejected" in b.text("#history"), "the decision is in the history")
    b.go("/stats")
    result(wait(lambda: "événements" in b.text("#checkpoint")), "statistics show the signed checkpoint")
finally:
    b.quit()

b = Browser()
try:
    login(b, "vol", "volunteer-pw")
    result(wait(lambda: b.url().endswith("/devices")), "volunteer logs in")
    b.go("/device?id=" + DEVICE)
    result(len(b.finds("#allocate")) == 0, "no allocate link for a volunteer")
    result("Secretnom" not in b.source(), "a volunteer never sees a note")
    b.go("/allocate?device=" + DEVICE)
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
finally:
    b.quit()

b = Browser()
try:
    login(b, "vol", "volunteer-pw")
    result(wait(lambda: "incorrect" in b.source()) and not b.url().endswith("/devices"),
           "a disabled account cannot log in")
finally:
    b.quit()
