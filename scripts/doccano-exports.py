#!/usr/bin/env python3
"""Label a socialviews queue in a running doccano through its API, and download every export it offers.

doccano must already run on 127.0.0.1 (the README shows how: its own `doccano webserver` binds every
interface). The script logs in as the admin, creates a text-classification project, uploads the label
types `socialviews labels config --to doccano` prints, imports the queue (`queue --to doccano`),
adds a second annotator, labels every example as two annotators (one suggestion corrected, one example
left unlabelled, one labelled the same by both, one on which they disagree), then downloads the JSONL,
JSON and CSV exports as doccano zips them, once per-annotator (the default) and once with
collaborative annotation on. Every request loop is bounded.

    python scripts/doccano-exports.py --url http://127.0.0.1:8000 --password ADMIN_PASSWORD --out exports/
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


class Doccano:
    def __init__(self, url: str) -> None:
        self.url = url.rstrip("/")
        self.token = ""

    def call(self, method: str, path: str, body=None, *, files: dict | None = None, raw: bool = False, token: str | None = None):
        headers = {}
        data = None
        if files:
            boundary = uuid.uuid4().hex
            parts = []
            for field, (name, content) in files.items():
                parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; filename="{name}"\r\n'
                             "Content-Type: application/octet-stream\r\n\r\n".encode() + content + b"\r\n")
            data = b"".join(parts) + f"--{boundary}--\r\n".encode()
            headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
        elif body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        token = self.token if token is None else token
        if token:
            headers["Authorization"] = f"Token {token}"
        request = urllib.request.Request(self.url + path, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                payload = response.read()
        except urllib.error.HTTPError as exc:
            raise SystemExit(f"doccano: {method} {path} answered {exc.code}: {exc.read()[:300]!r}") from None
        return payload if raw else json.loads(payload or b"null")

    def login(self, username: str, password: str) -> str:
        return self.call("POST", "/v1/auth/login/", {"username": username, "password": password}, token="")["key"]

    def wait_task(self, task_id: str, timeout: float = 300) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            status = self.call("GET", f"/v1/tasks/status/{task_id}")
            if status.get("ready"):
                return status
            time.sleep(1)
        raise SystemExit(f"doccano: task {task_id} did not finish within {timeout:.0f} s (is `doccano task` running?)")


def socialviews(*args: str, home: Path) -> str:
    env = dict(os.environ, SOCIALVIEWS_HOME=str(home))
    result = subprocess.run([sys.executable, "-m", "socialviews", *args], env=env, capture_output=True, text=True)
    if result.returncode:
        raise SystemExit(f"doccano: socialviews {args[0]} failed: {result.stderr}")
    return result.stdout


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--username", default="admin")
    parser.add_argument("--password", required=True)
    parser.add_argument("--chat", type=Path, default=REPO / "data" / "samples" / "ldinsight_generic.csv")
    parser.add_argument("-n", type=int, default=10)
    parser.add_argument("--out", type=Path, required=True, help="folder for the queue, the label types and the exports")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="sv-doccano-"))
    args.out.mkdir(parents=True, exist_ok=True)
    queue = args.out / "tasks.jsonl"
    socialviews("queue", str(args.chat), "-n", str(args.n), "--to", "doccano", "-o", str(queue), home=work / "home")
    types = args.out / "tasks.label-types.json"

    api = Doccano(args.url)
    api.token = api.login(args.username, args.password)
    project = api.call("POST", "/v1/projects", {
        "name": f"socialviews {time.strftime('%Y%m%d-%H%M%S')}", "description": "views on social learning",
        "guideline": "One view per tweet.", "project_type": "DocumentClassification",
        "resourcetype": "TextClassificationProject", "single_class_classification": True,
        "collaborative_annotation": False, "random_order": False})["id"]
    api.call("POST", f"/v1/projects/{project}/category-type-upload", files={"file": (types.name, types.read_bytes())})
    categories = {c["text"]: c["id"] for c in api.call("GET", f"/v1/projects/{project}/category-types")}

    second_name = f"annotator2_{project}"
    second = api.call("POST", "/v1/users/create", {"username": second_name, "email": f"{second_name}@example.com",
                                                  "password1": "Kq7-wallaby-Drum", "password2": "Kq7-wallaby-Drum"})["id"]
    roles = {role["name"]: role["id"] for role in api.call("GET", "/v1/roles")}
    api.call("POST", f"/v1/projects/{project}/members", {"user": second, "role": roles["annotator"]})
    second_token = api.login(second_name, "Kq7-wallaby-Drum")

    upload = api.call("POST", "/v1/fp/process/", files={"filepond": (queue.name, queue.read_bytes())}, raw=True).decode()
    task = api.call("POST", f"/v1/projects/{project}/upload", {
        "uploadIds": [upload], "format": "JSONL", "task": "DocumentClassification",
        "column_data": "text", "column_label": "label", "delimiter": ",", "encoding": "utf_8"})["task_id"]
    result = api.wait_task(task)
    if result.get("result", {}).get("error"):
        raise SystemExit(f"doccano: the import reported {result['result']['error']}")

    examples = api.call("GET", f"/v1/projects/{project}/examples?limit=1000")["results"]
    examples.sort(key=lambda example: example["id"])
    labels = list(categories)
    expected = {}
    for index, example in enumerate(examples):
        meta = example["meta"]
        suggested = meta["suggested"]
        tweet_id, text = meta["tweet_id"], example["text"]
        path = f"/v1/projects/{project}/examples/{example['id']}/categories"
        if index == 3:  # left unlabelled
            expected[tweet_id] = {"text": text, "outcome": "skipped"}
            continue
        mine = next(label for label in labels if label != suggested) if index == 0 else suggested
        api.call("POST", path, {"label": categories[mine]})
        api.call("POST", f"/v1/projects/{project}/examples/{example['id']}/states", {})  # "done", as the UI's check mark
        outcome = {"text": text, "outcome": "label", "label": mine}
        if index in (1, 2):
            theirs = mine if index == 1 else next(label for label in labels if label != mine)
            api.call("POST", path, {"label": categories[theirs]}, token=second_token)
            if index == 2:
                outcome = {"text": text, "outcome": "disagreement", "label": mine, "second": theirs}
        expected[tweet_id] = outcome

    for collaborative in (False, True):
        api.call("PATCH", f"/v1/projects/{project}", {"collaborative_annotation": collaborative,
                                                      "resourcetype": "TextClassificationProject"})
        for fmt, suffix in (("JSONL", "jsonl"), ("JSON", "json"), ("CSV", "csv")):
            task = api.call("POST", f"/v1/projects/{project}/download", {"format": fmt, "exportApproved": False})["task_id"]
            api.wait_task(task)
            name = f"doccano-{'collaborative' if collaborative else 'per-annotator'}-{suffix}.zip"
            (args.out / name).write_bytes(api.call("GET", f"/v1/projects/{project}/download?taskId={task}", raw=True))
            print(f"doccano: wrote {args.out / name}", file=sys.stderr)
    (args.out / "doccano-expected.json").write_text(json.dumps(
        {"first_annotator": args.username, "second_annotator": second_name, "tweets": expected},
        indent=2, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
