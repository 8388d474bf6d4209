#!/usr/bin/env python3
"""Live reload, end to end, in a real browser.

Opens a page of a running `treffpunkt serve` in headless Chromium (driven through chromedriver's
WebDriver HTTP interface), edits a source file, and waits until the page has reloaded by itself and
shows the new text. Only the standard library; nothing leaves the loopback interface.

    python3 tests/e2e/browser_reload.py --url URL --file PATH --old TEXT --new TEXT \
        [--chromium /usr/bin/chromium] [--chromedriver /usr/bin/chromedriver] [--timeout 15]

Exit codes: 0 the page reloaded and shows the new text; 1 it did not, or something else failed
(including wrong arguments); 2 Chromium or chromedriver is not installed.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

NOT_INSTALLED = "chromium/chromedriver not installed (apt-get install chromium chromium-driver)"
LIVE_SCRIPT = "/__treffpunkt/live.js"
# How long chromedriver and Chromium may take to start, independent of --timeout.
STARTUP_SECONDS = 30
# Requests to chromedriver never go through a proxy from the environment (http_proxy & co.).
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))

# Installed before any page script runs: remembers the page's EventSources, so the test can wait
# until live.js is really connected instead of guessing.
TRACK_EVENT_SOURCES = """
(function () {
  var Original = window.EventSource;
  if (!Original || Original.__treffpunktTracked) return;
  var sources = (window.__treffpunktEventSources = []);
  function Tracked(url, config) {
    var source = new Original(url, config);
    sources.push(source);
    return source;
  }
  Tracked.prototype = Original.prototype;
  Tracked.CONNECTING = 0;
  Tracked.OPEN = 1;
  Tracked.CLOSED = 2;
  Tracked.__treffpunktTracked = true;
  window.EventSource = Tracked;
})();
"""


class Failure(Exception):
    """The test failed: the message says why, in plain words."""


class WebDriverError(Exception):
    """chromedriver answered a command with an error."""


def log(message: str) -> None:
    print(f"[browser_reload] {message}", flush=True)


def shorten(text: str, limit: int = 600, around: tuple[str, ...] = ()) -> str:
    """The text on one line, at most `limit` characters, centred on the first of `around` in it."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    start = 0
    for needle in around:
        found = text.find(" ".join(needle.split()))
        if found >= 0:
            start = max(0, found - limit // 2)
            break
    end = min(len(text), start + limit)
    start = max(0, end - limit)
    return ("… " if start else "") + text[start:end] + (" …" if end < len(text) else "")


class Parser(argparse.ArgumentParser):
    # Exit code 2 means "not installed": wrong arguments must not look alike.
    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(1, f"{self.prog}: error: {message}\n")


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = Parser(
        prog="browser_reload.py",
        description="Prove that a page served by `treffpunkt serve` reloads by itself in "
        "headless Chromium when a source file changes.",
    )
    parser.add_argument("--url", required=True, help="the page to open, e.g. http://127.0.0.1:PORT/blog/x/")
    parser.add_argument("--file", required=True, type=Path, help="the source file to edit")
    parser.add_argument("--old", required=True, help="text on the page and in the file")
    parser.add_argument("--new", required=True, help="replaces the first --old in the file")
    parser.add_argument(
        "--chromium",
        default=os.environ.get("TREFFPUNKT_CHROMIUM") or "/usr/bin/chromium",
        help="default: $TREFFPUNKT_CHROMIUM or /usr/bin/chromium",
    )
    parser.add_argument(
        "--chromedriver",
        default=os.environ.get("TREFFPUNKT_CHROMEDRIVER") or "/usr/bin/chromedriver",
        help="default: $TREFFPUNKT_CHROMEDRIVER or /usr/bin/chromedriver",
    )
    parser.add_argument("--timeout", type=float, default=15.0, help="seconds to wait for the reload")
    args = parser.parse_args(argv)
    if not args.old:
        parser.error("--old must not be empty")
    if args.old == args.new:
        parser.error("--old and --new must differ")
    if args.timeout <= 0:
        parser.error("--timeout must be positive")
    return args


def executable(name: str) -> str | None:
    """The program's path when it exists and may be run."""
    found = shutil.which(name)
    return os.path.abspath(found) if found else None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Driver:
    """A chromedriver process and, once created, one session in it."""

    def __init__(self, chromedriver: str, log_path: Path):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        self.session: str | None = None
        self._log = open(log_path, "wb")
        # A process group of its own: stopping it also stops the Chromium it started.
        self.process = subprocess.Popen(
            [chromedriver, f"--port={self.port}", "--allowed-ips=127.0.0.1"],
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def log_tail(self, lines: int = 15) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def request(self, method: str, path: str, body: object | None = None, timeout: float = 30):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            self.base + path,
            data=data,
            method=method,
            headers={"Content-Type": "application/json; charset=utf-8"},
        )
        try:
            with OPENER.open(request, timeout=timeout) as response:
                answer = json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as error:
            try:
                answer = json.loads(error.read() or b"{}")
            except ValueError:
                raise WebDriverError(f"HTTP {error.code} from chromedriver") from None
        value = answer.get("value") if isinstance(answer, dict) else None
        if isinstance(value, dict) and "error" in value:
            message = (value.get("message") or "").strip().splitlines()
            raise WebDriverError(f"{value['error']}: {message[0] if message else '(no message)'}")
        return value

    def wait_ready(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise Failure(
                    f"chromedriver exited at once (code {self.process.returncode}):\n{self.log_tail()}"
                )
            try:
                status = self.request("GET", "/status", timeout=2)
                if isinstance(status, dict) and status.get("ready"):
                    return
            except (OSError, WebDriverError, ValueError):
                pass
            time.sleep(0.1)
        raise Failure(f"chromedriver was not ready within {seconds:g} s:\n{self.log_tail()}")

    def new_session(self, chromium: str, profile: Path, host: str) -> None:
        # Loopback only: no proxy from the environment, and no name resolves but the page's host
        # and the loopback names (the rules apply to IP literals too).
        allowed = ["localhost", "127.0.0.1", "[::1]"]
        if host and host not in allowed:
            allowed.append(host if ":" not in host else f"[{host}]")
        rules = ", ".join(["MAP * ~NOTFOUND"] + [f"EXCLUDE {name}" for name in allowed])
        args = [
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-proxy-server",
            f"--host-resolver-rules={rules}",
            f"--user-data-dir={profile}",
        ]
        capabilities = {
            "browserName": "chrome",
            "pageLoadStrategy": "normal",
            "timeouts": {"pageLoad": 30_000, "script": 10_000},
            "goog:chromeOptions": {"binary": chromium, "args": args},
        }
        try:
            value = self.request(
                "POST",
                "/session",
                {"capabilities": {"alwaysMatch": capabilities}},
                timeout=STARTUP_SECONDS * 2,
            )
        except WebDriverError as error:
            raise Failure(f"Chromium did not start: {error}\n{self.log_tail()}") from None
        self.session = value["sessionId"]

    def command(self, method: str, path: str, body: object | None = None, timeout: float = 30):
        return self.request(method, f"/session/{self.session}{path}", body, timeout)

    def script(self, source: str, *args):
        return self.command("POST", "/execute/sync", {"script": source, "args": list(args)})

    def close(self) -> None:
        if self.session is not None:
            try:
                self.request("DELETE", f"/session/{self.session}", timeout=10)
            except (OSError, WebDriverError, ValueError) as error:
                log(f"could not close the browser session: {error}")
            self.session = None
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        # Whatever chromedriver left behind in its own process group (a Chromium that hung).
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        self._log.close()


PAGE_STATE = """
var live = document.querySelector('script[src="%s"]');
var sources = window.__treffpunktEventSources;
var problems = document.getElementById('treffpunkt-problems');
return {
  ready: document.readyState,
  text: document.body ? document.body.innerText : '',
  live: !!live,
  tracked: Array.isArray(sources),
  open: Array.isArray(sources) && sources.some(function (s) { return s.readyState === 1; }),
  marker: typeof window.__treffpunktMarker !== 'undefined',
  problems: problems ? problems.innerText : null
};
""" % LIVE_SCRIPT


def page_state(driver: Driver) -> dict | None:
    """The page's state, or None while it is between two documents."""
    try:
        state = driver.script(PAGE_STATE)
    except (WebDriverError, OSError, ValueError):
        return None
    return state if isinstance(state, dict) else None


def arm(driver: Driver, tracking: bool, old: str) -> None:
    """Sets the marker and waits until live.js listens, so that only a reload can remove it."""
    for attempt in range(3):
        driver.script("window.__treffpunktMarker = 1;")
        deadline = time.monotonic() + 10
        state = page_state(driver)
        while time.monotonic() < deadline:
            state = page_state(driver)
            if state and state["ready"] == "complete" and state["live"]:
                if not tracking or not state["tracked"] or state["open"]:
                    break
            time.sleep(0.1)
        else:
            if state and not state["live"]:
                raise Failure(f"the page has no {LIVE_SCRIPT} script: is it served by `treffpunkt serve`?")
            raise Failure("live.js did not connect to /__treffpunkt/events within 10 s")
        if tracking and state["tracked"]:
            log("live.js is connected to /__treffpunkt/events")
        else:
            log(f"{LIVE_SCRIPT} is on the page (connection not observable)")
        # A page older than the server's last rebuild reloads once on connecting: let that happen
        # now, not after the edit, and start over if it did.
        time.sleep(1)
        state = page_state(driver)
        if state and state["marker"]:
            if old not in state["text"]:
                raise Failure(f"after a reload the page no longer contains {old!r}")
            return
        log("the page reloaded before the edit (it was older than the last rebuild); once more")
    raise Failure("the page keeps reloading by itself before any file changed")


def run(args: argparse.Namespace, chromium: str, chromedriver: str) -> None:
    path: Path = args.file
    try:
        original = path.read_bytes()
    except OSError as error:
        raise Failure(f"cannot read {path}: {error.strerror}") from None
    try:
        text = original.decode("utf-8")
    except UnicodeDecodeError:
        raise Failure(f"{path} is not UTF-8") from None
    if args.old not in text:
        raise Failure(f"{args.old!r} is not in {path}")
    changed = text.replace(args.old, args.new, 1).encode("utf-8")

    profile = Path(tempfile.mkdtemp(prefix="treffpunkt-chromium-"))
    driver: Driver | None = None
    edited = False
    try:
        log(f"starting {chromedriver}")
        driver = Driver(chromedriver, profile.parent / (profile.name + ".chromedriver.log"))
        driver.wait_ready(STARTUP_SECONDS)
        log(f"chromedriver is ready on 127.0.0.1:{driver.port}; starting {chromium} (headless)")
        driver.new_session(chromium, profile, urllib.parse.urlsplit(args.url).hostname or "")

        tracking = True
        try:
            driver.command(
                "POST",
                "/goog/cdp/execute",
                {"cmd": "Page.addScriptToEvaluateOnNewDocument", "params": {"source": TRACK_EVENT_SOURCES}},
            )
        except WebDriverError as error:
            tracking = False
            log(f"cannot observe EventSources ({error}); waiting a second instead")

        log(f"opening {args.url}")
        try:
            driver.command("POST", "/url", {"url": args.url}, timeout=60)
        except WebDriverError as error:
            raise Failure(f"cannot open {args.url}: {error}") from None
        state = page_state(driver)
        if state is None:
            raise Failure(f"cannot read the page at {args.url}")
        if args.old not in state["text"]:
            raise Failure(
                f"the page does not contain {args.old!r} before the edit; body text was: "
                f"{shorten(state['text'])}"
            )
        log(f"the page contains {args.old!r}")
        if args.new in state["text"]:
            log(f"note: the page already contains {args.new!r}; only the marker proves the reload")

        arm(driver, tracking, args.old)

        log(f"replacing {args.old!r} with {args.new!r} in {path}")
        current = path.read_bytes()
        if current != original:
            raise Failure(f"{path} changed while the test ran")
        edited = True
        path.write_bytes(changed)

        started = time.monotonic()
        deadline = started + args.timeout
        state = None
        while time.monotonic() < deadline:
            state = page_state(driver) or state
            if state and not state["marker"] and args.new in state["text"]:
                log(f"the page reloaded by itself after {time.monotonic() - started:.1f} s and shows {args.new!r}")
                return
            time.sleep(0.1)
        text = state["text"] if state else "(unreadable)"
        if state and state["problems"]:
            reason = f"the rebuild failed: {shorten(state['problems'])}"
        elif state and not state["marker"]:
            reason = f"the page reloaded but does not contain {args.new!r}"
        else:
            reason = "the page did not reload"
        excerpt = shorten(text, around=(args.new, args.old))
        raise Failure(f"{reason} within {args.timeout:g} s; body text was: {excerpt}")
    finally:
        if edited:
            try:
                path.write_bytes(original)
                log(f"restored {path}")
            except OSError as error:
                log(f"could not restore {path}: {error}")
        if driver is not None:
            driver.close()
            try:
                driver.log_path.unlink()
            except OSError:
                pass
        shutil.rmtree(profile, ignore_errors=True)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    chromium = executable(args.chromium)
    chromedriver = executable(args.chromedriver)
    if chromium is None or chromedriver is None:
        print(NOT_INSTALLED, file=sys.stderr)
        return 2

    # `kill` stops the test like Ctrl-C does: the file is restored and the browser stopped.
    def interrupted(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupted)
    try:
        run(args, chromium, chromedriver)
    except Failure as failure:
        print(f"FAILED: {failure}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("FAILED: interrupted", file=sys.stderr)
        return 1
    log("OK: live reload works in Chromium")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
