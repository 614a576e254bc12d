#!/usr/bin/env python3
"""The labelling loop against a real Label Studio on 127.0.0.1, from queue to retrain.

Installs Label Studio into its own venv (outside the repository) when it is missing, starts it on a
free loopback port with a throw-away data folder, creates a project with the labelling config that
`socialviews labels config` prints, imports a queue of tweets with the model's suggestions, annotates
every task through the API as two annotators (one task corrected, one skipped, one labelled the same by
both, one on which they disagree), exports JSON, JSON_MIN, CSV and TSV, imports each export with
`socialviews labels import` and checks every label, text and tweet id, then runs `socialviews retrain`
on the imported labels. Exits 0 only when every check passed; the server is stopped in every case.

Run it from the repository with the venv that has socialviews installed:

    python scripts/label-studio-roundtrip.py                       # venv in ~/.cache/socialviews/label-studio
    python scripts/label-studio-roundtrip.py --venv /work/venvs/ls --keep tests/fixtures/labelstudio
"""

from __future__ import annotations

import argparse
import csv
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
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TOKEN = "5f0c3a1e9b7d4c2a8e6f1b3d5a7c9e0f2b4d6a8c"  # the admin's API token on the throw-away server
EXPORTS = {"JSON": "json", "JSON_MIN": "min.json", "CSV": "csv", "TSV": "tsv"}


def log(message: str) -> None:
    print(f"roundtrip: {message}", file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def ensure_label_studio(venv: Path, version: str) -> Path:
    exe = venv / "bin" / "label-studio"
    if exe.exists():
        return exe
    log(f"installing label-studio=={version} into {venv} (a few minutes)")
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(venv / "bin" / "pip"), "install", "-q", f"label-studio=={version}"], check=True)
    return exe


class Server:
    """A Label Studio process bound to 127.0.0.1, in its own process group."""

    def __init__(self, exe: Path, data_dir: Path, port: int) -> None:
        self.url = f"http://127.0.0.1:{port}"
        env = dict(os.environ, LABEL_STUDIO_BASE_DATA_DIR=str(data_dir), LABEL_STUDIO_DISABLE_SIGNUP_WITHOUT_LINK="true")
        self.log_file = open(data_dir / "server.log", "w")
        self.process = subprocess.Popen(
            [str(exe), "start", "--internal-host", "127.0.0.1", "--port", str(port), "--no-browser",
             "--data-dir", str(data_dir), "--username", "admin@example.com", "--password", "roundtrip-admin",
             "--user-token", TOKEN, "--enable-legacy-api-token"],
            env=env, stdout=self.log_file, stderr=subprocess.STDOUT, start_new_session=True,
        )

    def wait(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"roundtrip: Label Studio exited with {self.process.returncode}; see {self.log_file.name}")
            try:
                with urllib.request.urlopen(self.url + "/health", timeout=5) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(2)
        raise SystemExit(f"roundtrip: Label Studio did not answer on {self.url} within {timeout:.0f} s")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log_file.close()

    def api(self, method: str, path: str, body=None, raw: bool = False):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.url + path, data=data, method=method)
        request.add_header("Authorization", f"Token {TOKEN}")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                payload = response.read()
        except urllib.error.HTTPError as exc:
            raise SystemExit(f"roundtrip: {method} {path} answered {exc.code}: {exc.read()[:300]!r}") from None
        return payload if raw else json.loads(payload or b"null")


def socialviews(*args: str, home: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, SOCIALVIEWS_HOME=str(home))
    result = subprocess.run([sys.executable, "-m", "socialviews", *args], env=env, capture_output=True, text=True)
    log(f"socialviews {' '.join(args[:3])} ... -> exit {result.returncode}")
    return result


def annotate(server: Server, project: int, labels: list[str]) -> tuple[dict[str, dict], int]:
    """Two annotators through the API; returns the expected outcome per tweet id and the 2nd user's id."""
    second = server.api("POST", "/api/users/", {"email": "annotator2@example.com", "username": "annotator2",
                                                "first_name": "Second", "last_name": "Annotator"})["id"]
    tasks = server.api("GET", f"/api/tasks?project={project}&page_size=1000&fields=all")
    tasks = tasks["tasks"] if isinstance(tasks, dict) else tasks
    tasks.sort(key=lambda task: task["id"])
    if len(tasks) < 5:
        raise SystemExit(f"roundtrip: the project has {len(tasks)} tasks; the round trip needs at least 5")

    def choice(label: str) -> list[dict]:
        return [{"from_name": "view", "to_name": "text", "type": "choices", "value": {"choices": [label]}}]

    def other(label: str) -> str:
        return next(candidate for candidate in labels if candidate != label)

    expected: dict[str, dict] = {}
    for index, task in enumerate(tasks):
        suggested = task["predictions"][0]["result"][0]["value"]["choices"][0]
        tweet_id, text = task["data"]["tweet_id"], task["data"]["text"]
        path = f"/api/tasks/{task['id']}/annotations/"
        if index == 3:  # skipped by the annotator
            server.api("POST", path, {"result": [], "was_cancelled": True, "lead_time": 2.0})
            expected[tweet_id] = {"text": text, "outcome": "skipped"}
            continue
        mine = other(suggested) if index == 0 else suggested  # the first suggestion gets corrected
        server.api("POST", path, {"result": choice(mine), "lead_time": 4.5})
        outcome = {"text": text, "outcome": "label", "label": mine}
        if index == 1:  # the second annotator agrees
            server.api("POST", path, {"result": choice(mine), "completed_by": second, "lead_time": 3.0})
        if index == 2:  # the second annotator disagrees
            theirs = other(mine)
            server.api("POST", path, {"result": choice(theirs), "completed_by": second, "lead_time": 3.0})
            outcome = {"text": text, "outcome": "disagreement", "label": mine, "second": theirs}
        expected[tweet_id] = outcome
    return expected, second


def check_import(export: Path, expected: dict[str, dict], work: Path, second: int) -> list[str]:
    """Import one export under each disagreement rule; returns the failures."""
    failures = []
    for rule, winner in (("skip", None), ("annotator:1", "label"), (f"annotator:{second}", "second")):
        corpus = work / f"labelled-{export.name}-{rule.replace(':', '-')}"
        result = socialviews("labels", "import", str(export), "--labels-dir", str(corpus), "--resolve", rule, home=work / "home")
        if result.returncode != 0 or not (corpus / "imported.csv").exists():
            failures.append(f"{export.name} --resolve {rule}: exit {result.returncode}: {result.stderr.strip()[-300:]}")
            continue
        with open(corpus / "imported.csv", newline="", encoding="utf-8") as handle:
            got = {row["tweet_id"]: row for row in csv.DictReader(handle)}
        want = {}
        for tweet_id, item in expected.items():
            if item["outcome"] == "label":
                want[tweet_id] = (item["text"], item["label"])
            elif item["outcome"] == "disagreement" and winner:
                want[tweet_id] = (item["text"], item[winner])
        have = {tweet_id: (row["text"], row["label"]) for tweet_id, row in got.items()}
        if have != want:
            missing = {k: v for k, v in want.items() if have.get(k) != v}
            extra = {k: v for k, v in have.items() if want.get(k) != v}
            failures.append(f"{export.name} --resolve {rule}: expected {len(want)} labels, got {len(have)}; "
                            f"missing or wrong {missing}; unexpected {extra}")
        else:
            log(f"{export.name} --resolve {rule}: {len(have)} labels, texts and tweet ids exact")
        if rule == "skip" and " 1 disagreement (" not in result.stdout:
            failures.append(f"{export.name}: the disagreement was not reported: {result.stdout.strip()}")
    return failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--venv", type=Path, default=Path(os.environ.get(
        "SOCIALVIEWS_LS_VENV", Path.home() / ".cache" / "socialviews" / "label-studio")),
        help="Label Studio's own venv (created when missing) [default: ~/.cache/socialviews/label-studio]")
    parser.add_argument("--version", default="1.23.2", help="the label-studio release to install [default: 1.23.2]")
    parser.add_argument("--chat", type=Path, default=REPO / "data" / "samples" / "ldinsight_generic.csv",
                        help="the chat export to queue tweets from")
    parser.add_argument("-n", type=int, default=10, help="how many tweets to queue [default: 10]")
    parser.add_argument("--keep", type=Path, help="copy the queue, the config and every export into this folder")
    parser.add_argument("--timeout", type=float, default=900, help="seconds to wait for the server to start")
    parser.add_argument("--no-retrain", action="store_true", help="stop after the imports")
    args = parser.parse_args()

    exe = ensure_label_studio(args.venv, args.version)
    work = Path(tempfile.mkdtemp(prefix="sv-ls-roundtrip-"))
    (work / "ls-data").mkdir()
    server = Server(exe, work / "ls-data", free_port())
    failures: list[str] = []
    try:
        tasks_file = work / "tasks.json"
        queued = socialviews("queue", str(args.chat), "-n", str(args.n), "--to", "label-studio", "-o", str(tasks_file), home=work / "home")
        if queued.returncode != 0:
            raise SystemExit(f"roundtrip: queue failed: {queued.stderr}")
        config = socialviews("labels", "config", "--to", "label-studio", home=work / "home").stdout
        if config != (work / "tasks.label-config.xml").read_text(encoding="utf-8"):
            failures.append("queue --to label-studio did not write the config `labels config` prints")
        log(f"waiting for Label Studio on {server.url} (the first start migrates its database: a minute or more)")
        server.wait(args.timeout)
        version = server.api("GET", "/api/version")["release"]
        log(f"Label Studio {version} is up")
        project = server.api("POST", "/api/projects/", {"title": "socialviews round trip", "label_config": config})["id"]
        server.api("POST", f"/api/projects/{project}/import", json.loads(tasks_file.read_text(encoding="utf-8")))
        labels = [line.split('"')[1] for line in config.splitlines() if line.strip().startswith("<Choice ")]
        expected, second = annotate(server, project, labels)
        exports = {}
        for kind, suffix in EXPORTS.items():
            exports[kind] = work / f"export.{suffix}"
            exports[kind].write_bytes(server.api("GET", f"/api/projects/{project}/export?exportType={kind}", raw=True))
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            for name in ["tasks.json", "tasks.label-config.xml", *(p.name for p in exports.values())]:
                shutil.copy(work / name, args.keep / name.replace("export.", "label-studio-export."))
            (args.keep / "label-studio-expected.json").write_text(json.dumps(
                {"label_studio": version, "second_annotator": second, "tweets": expected}, indent=2, ensure_ascii=False) + "\n")
            log(f"kept the queue, config and exports in {args.keep}")
        for export in exports.values():
            failures += check_import(export, expected, work, second)
        if not args.no_retrain:
            labelled = work / "labelled-export.json-skip"
            retrained = socialviews("retrain", "--labels-dir", str(labelled), "--models-dir", str(work / "home" / "models"),
                                    home=work / "home")
            print(retrained.stdout, end="")
            if retrained.returncode != 0 or not ("promoted" in retrained.stdout or "kept the current model" in retrained.stdout):
                failures.append(f"retrain failed: exit {retrained.returncode}: {retrained.stderr.strip()[-300:]}")
    finally:
        server.stop()
    for failure in failures:
        log(f"FAILED: {failure}")
    if failures:
        log(f"the work folder is kept for a look: {work}")
        return 1
    shutil.rmtree(work, ignore_errors=True)
    log(f"passed: {len(EXPORTS)} exports of Label Studio {version} imported exactly; retrain ran")
    return 0


if __name__ == "__main__":
    sys.exit(main())
