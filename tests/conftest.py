"""Shared fixtures: a tiny in-code corpus, a model trained on it, a small chat export."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import settings

settings.register_profile("ci", derandomize=True, max_examples=60, deadline=None)
settings.register_profile("dev", max_examples=60, deadline=None)
settings.load_profile("ci")

REPO = Path(__file__).resolve().parents[1]

TINY_CORPUS = {
    "social_constructivist": [
        "A1 you can't stop people learning from each other, it happens at the coffee machine anyway",
        "learning is always social, even alone with a book you're in conversation with its author",
        "half of what I know about this job I picked up watching colleagues, nobody designed it",
        "communities of practice form themselves, our job is to notice and nurture them",
        "meaning gets made in the work itself, in the team, not in the classroom #CoP",
        "A3 social learning isn't a format, it's how all learning works, situated in practice",
        "map the communities that already exist before you build anything new",
        "new starters learn the culture by being part of it, not by an induction module",
        "knowledge lives in the practice of the group, not in any one head",
        "+1 you can't switch off learning, it is part of working together every day",
        "identity as a nurse is learned in the ward with others, that's where it sticks",
        "stop designing it and start seeing it, the learning is already happening in the team",
    ],
    "new_social_learning": [
        "A2 I learn most from my PLN on twitter, people I'd never meet otherwise",
        "we rolled out Yammer but the tool was never the blocker, the culture of sharing was",
        "Working Out Loud circles got our leaders blogging about half-finished work #WOL",
        "our enterprise social network only took off when the CEO started posting openly",
        "curating links and narrating your work in the open is the new social learning",
        "this chat is my social learning, I connect with L&D folk all over the world",
        "leaders need to model sharing on Teams channels or nobody will risk it",
        "tools are easy, a culture that rewards connecting and sharing openly is hard",
        "A4 blog, tweet, share your mistakes, that's how the network learns",
        "social media plus permission to share, that's the whole recipe #ESN",
        "my personal learning network is where I pick up new ideas every week",
        "getting people to work out loud on Slack changed how knowledge flows here",
    ],
    "collaborative_learning": [
        "A1 we added a discussion forum to every e-learning module so learners talk",
        "peer feedback in small groups is the best part of our leadership programme",
        "give every new starter a buddy for the first three months",
        "action learning sets let managers learn from each other's real problems",
        "breakout rooms in the virtual classroom so people work on a case together",
        "A2 cohort based courses beat self paced, you learn with and from the group",
        "we pair juniors with mentors and they meet every fortnight",
        "add group tasks to the course so it isn't just clicking next",
        "peer review of each other's designs teaches more than my slides ever did",
        "structured lunch and learn sessions where teams share lessons learned",
        "learning from peers works when you design the activity carefully",
        "a WhatsApp group for each cohort so they can help each other between sessions",
    ],
    "none": [
        "Q1 What does social learning mean to you? #ldinsight",
        "Good morning everyone, Jo from Leeds here, first time joining",
        "Q3 coming up in 2 minutes!",
        "thanks all, great chat as always, see you next Friday",
        "coffee number three and it's only 8am",
        "our Yammer is mostly used for lost property notices lol",
        "Q2 How do you build communities of practice? #ldinsight",
        "anyone know if Teams breakout rooms can be recorded?",
        "LMS migration week. send help",
        "here's the link to last week's summary https://t.co/abc123",
        "sorry I'm late, train delays again",
        "budget got cut again this year, fun times",
    ],
}


def write_corpus(path: Path, corpus: dict[str, list[str]] = TINY_CORPUS) -> Path:
    """Write a labelled CSV (text,label,source,author)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["text", "label", "source", "author"])
        for label, texts in corpus.items():
            for i, text in enumerate(texts):
                writer.writerow([text, label, "tests", f"{label[:4]}{i % 4}"])
    return path


@pytest.fixture(scope="session")
def tiny_corpus(tmp_path_factory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("corpus") / "tiny.csv")


@pytest.fixture(scope="session")
def trained_store(tiny_corpus, tmp_path_factory) -> Path:
    """A model store holding one model trained on the tiny corpus."""
    from socialviews.training.train import train

    root = tmp_path_factory.mktemp("store") / "models"
    train([tiny_corpus], models_dir=root, cv_folds=0)
    return root


@pytest.fixture(scope="session")
def tiny_model(trained_store):
    from socialviews.model.store import ModelStore

    return ModelStore(trained_store).load()


@pytest.fixture()
def chat_csv(tmp_path) -> Path:
    """A small generic chat export with 19-digit ids and an extra column."""
    path = tmp_path / "chat.csv"
    rows = [
        ("1000000000000000101", "ld_host", "2018-03-09T08:00:05Z", "Q1 What does social learning mean to you? #ldinsight", "web"),
        ("1000000000000000102", "jane_ld", "2018-03-09T08:02:11Z", "A1 learning with and from peers in a designed group task #ldinsight", "web"),
        ("1000000000000000103", "sam_learns", "2018-03-09T08:03:41Z", "@jane_ld A1 I'd say it happens anyway, in practice, whatever we design", "phone"),
        ("1000000000000000104", "pat", "2018-03-09T08:04:00Z", "RT @jane_ld: A1 our PLN on twitter is where I learn most #WOL", "phone"),
    ]
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["tweet_id", "author", "created_at", "text", "client"])
        writer.writerows(rows)
    return path


@pytest.fixture()
def runner():
    """typer's CliRunner; stderr is kept apart from stdout."""
    from typer.testing import CliRunner

    return CliRunner()


def invoke(runner, args, **kwargs):
    """Run the CLI in-process with ``args`` (paths become strings)."""
    from socialviews.cli import app

    return runner.invoke(app, [str(a) for a in args], **kwargs)
