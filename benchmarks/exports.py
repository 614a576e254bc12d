"""Synthetic chat exports in the shapes users have, for the benchmarks.

Each writer takes tweets from :func:`tweets` (texts drawn from the labelled corpus, with handles,
links and Q/A markers varied, replies to earlier tweets and a few repeated ids) and lays them out
as the tool writes them:

* ``tags``: a TAGS Archive sheet saved as CSV (its 18 usual columns, newest first, ``entities_str``);
* ``twarc-csv``: ``twarc2 csv`` with its 84 dotted columns;
* ``twarc2``: ``twarc2 search`` JSON Lines, one API page of 100 tweets a line, with ``includes``;
* ``csv``: a generic CSV (``tweet_id, author, created_at, text``).
"""

from __future__ import annotations

import csv
import json
import random
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

SHAPES = ("tags", "twarc-csv", "twarc2", "csv")
TAGS_COLUMNS = ("id_str,from_user,text,created_at,time,geo_coordinates,user_lang,in_reply_to_user_id_str,"
                "in_reply_to_screen_name,from_user_id_str,in_reply_to_status_id_str,source,profile_image_url,"
                "user_followers_count,user_friends_count,user_location,status_url,entities_str").split(",")
TWARC_CSV_COLUMNS = (
    "id,conversation_id,referenced_tweets.replied_to.id,referenced_tweets.retweeted.id,referenced_tweets.quoted.id,"
    "author_id,in_reply_to_user_id,in_reply_to_username,retweeted_user_id,retweeted_username,quoted_user_id,"
    "quoted_username,created_at,text,lang,source,public_metrics.impression_count,public_metrics.reply_count,"
    "public_metrics.retweet_count,public_metrics.quote_count,public_metrics.like_count,public_metrics.bookmark_count,"
    "reply_settings,edit_history_tweet_ids,edit_controls.edits_remaining,edit_controls.editable_until,"
    "edit_controls.is_edit_eligible,possibly_sensitive,withheld.scope,withheld.copyright,withheld.country_codes,"
    "entities.annotations,entities.cashtags,entities.hashtags,entities.mentions,entities.urls,context_annotations,"
    "attachments.media,attachments.media_keys,attachments.poll.duration_minutes,attachments.poll.end_datetime,"
    "attachments.poll.id,attachments.poll.options,attachments.poll.voting_status,attachments.poll_ids,author.id,"
    "author.created_at,author.username,author.name,author.description,author.entities.description.cashtags,"
    "author.entities.description.hashtags,author.entities.description.mentions,author.entities.description.urls,"
    "author.entities.url.urls,author.url,author.location,author.pinned_tweet_id,author.profile_image_url,"
    "author.protected,author.public_metrics.followers_count,author.public_metrics.following_count,"
    "author.public_metrics.listed_count,author.public_metrics.tweet_count,author.verified,author.verified_type,"
    "author.withheld.scope,author.withheld.copyright,author.withheld.country_codes,geo.coordinates.coordinates,"
    "geo.coordinates.type,geo.country,geo.country_code,geo.full_name,geo.geo.bbox,geo.geo.type,geo.id,geo.name,"
    "geo.place_id,geo.place_type,matching_rules,__twarc.retrieved_at,__twarc.url,__twarc.version").split(",")
WEB_APP = '<a href="https://mobile.twitter.com" rel="nofollow">Twitter Web App</a>'
FIRST_ID = 1_300_000_000_000_000_000


def tweets(n: int, texts: list[str], seed: int = 0) -> Iterator[dict]:
    """``n`` tweets of weekly chats, oldest first: a question every 40 tweets, answers, replies, retweets."""
    rng = random.Random(seed)
    start = datetime(2019, 1, 3, 8, 0, tzinfo=timezone.utc)
    question = 0
    for i in range(n):
        week, k = divmod(i, 4000)  # a chat of 4,000 tweets a week
        when = start + timedelta(days=7 * week, seconds=k)
        text = rng.choice(texts)
        reply = ""
        if k % 40 == 0:
            question = k // 40 % 99 + 1
            text = f"Q{question} {text} #ldinsight"
        elif rng.random() < 0.5:
            text = f"A{question} {text}"
        if rng.random() < 0.3:
            text = f"@user{rng.randrange(5000)} {text}"
            if i > 0:
                reply = str(FIRST_ID + rng.randrange(max(i - 200, 0), i))
        if rng.random() < 0.2:
            text = f"{text} https://t.co/{rng.randrange(36**10):010x}"
        retweet = rng.random() < 0.1
        if retweet:
            text = f"RT @user{rng.randrange(5000)}: {text}"
        tweet_id = FIRST_ID + (i - 1 if i and rng.random() < 0.002 else i)  # a few ids repeated
        user = rng.randrange(5000)
        yield {"id": str(tweet_id), "user": f"user{user}", "user_id": str(10_000 + user), "when": when,
               "text": text, "reply": reply, "retweet": retweet}


def _v1_time(when: datetime) -> str:
    return when.strftime("%a %b %d %H:%M:%S +0000 %Y")


def _iso(when: datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _newest_first(n: int, texts: list[str], seed: int) -> list[dict]:
    return list(tweets(n, texts, seed))[::-1]


def write_tags(path: Path, n: int, texts: list[str], seed: int = 0) -> None:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(TAGS_COLUMNS)
        for t in _newest_first(n, texts, seed):
            mentions = [{"screen_name": word[1:], "name": word[1:], "id": 1, "id_str": "1", "indices": [0, len(word)]}
                        for word in t["text"].split()[:1] if word.startswith("@")]
            entities = {"hashtags": [], "symbols": [], "user_mentions": mentions, "urls": []}
            writer.writerow([
                t["id"], t["user"], _escape(t["text"]), _v1_time(t["when"]), t["when"].strftime("%d/%m/%Y %H:%M:%S"),
                "", "en", "", "", t["user_id"], t["reply"], WEB_APP, "http://pbs.twimg.com/profile_images/1/a_normal.jpg",
                "310", "280", "Leeds", f"http://twitter.com/{t['user']}/statuses/{t['id']}",
                json.dumps(entities, separators=(",", ":")),
            ])


def write_twarc_csv(path: Path, n: int, texts: list[str], seed: int = 0) -> None:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(TWARC_CSV_COLUMNS)
        blank = dict.fromkeys(TWARC_CSV_COLUMNS, "")
        for t in _newest_first(n, texts, seed):
            cells = dict(blank)
            text = t["text"]
            cells.update({
                "id": t["id"], "conversation_id": t["reply"] or t["id"], "referenced_tweets.replied_to.id": t["reply"],
                "author_id": t["user_id"], "created_at": _iso(t["when"]), "text": _escape(text), "lang": "en",
                "source": "Twitter Web App", "public_metrics.reply_count": "0", "public_metrics.retweet_count": "0",
                "public_metrics.quote_count": "0", "public_metrics.like_count": "1", "reply_settings": "everyone",
                "edit_history_tweet_ids": f'["{t["id"]}"]', "entities.hashtags": '["#ldinsight"]',
                "author.id": t["user_id"], "author.username": t["user"], "author.name": t["user"].title(),
                "__twarc.retrieved_at": "2023-01-21T10:00:00+00:00", "__twarc.url": "https://api.twitter.com/2/tweets",
                "__twarc.version": "2.14.0",
            })
            if t["retweet"]:  # twarc-csv merges retweets: the original's text, the retweeted user apart
                user, _, body = text[4:].partition(": ")
                cells.update({"text": _escape(body), "retweeted_username": user[1:],
                              "referenced_tweets.retweeted.id": str(FIRST_ID - 1)})
            writer.writerow(cells.values())


def _v2(t: dict) -> dict:
    obj = {"id": t["id"], "author_id": t["user_id"], "conversation_id": t["reply"] or t["id"], "lang": "en",
           "text": _escape(t["text"]), "created_at": _iso(t["when"]), "edit_history_tweet_ids": [t["id"]],
           "public_metrics": {"retweet_count": 0, "reply_count": 0, "like_count": 1, "quote_count": 0},
           "entities": {"hashtags": [{"start": 0, "end": 10, "tag": "ldinsight"}]}}
    if t["reply"]:
        obj["referenced_tweets"] = [{"type": "replied_to", "id": t["reply"]}]
    return obj


def write_twarc2(path: Path, n: int, texts: list[str], seed: int = 0, page_size: int = 100) -> None:
    """Pages of ``page_size`` tweets; each page includes the tweets its replies answer and their authors."""
    tweets_ = _newest_first(n, texts, seed)
    by_id = {t["id"]: t for t in tweets_}
    with open(path, "w", encoding="utf-8") as handle:
        for start in range(0, len(tweets_), page_size):
            page = tweets_[start:start + page_size]
            refs = list({t["reply"]: by_id[t["reply"]] for t in page if t["reply"] in by_id}.values())
            users = list({t["user_id"]: {"id": t["user_id"], "username": t["user"], "name": t["user"].title()}
                          for t in page + refs}.values())
            handle.write(json.dumps({
                "data": [_v2(t) for t in page],
                "includes": {"users": users, "tweets": [_v2(t) for t in refs]},
                "meta": {"newest_id": page[0]["id"], "oldest_id": page[-1]["id"], "result_count": len(page)},
                "__twarc": {"url": "https://api.twitter.com/2/tweets/search/all?query=%23ldinsight",
                            "version": "2.14.0", "retrieved_at": "2023-01-21T10:00:00+00:00"},
            }) + "\n")


def write_csv(path: Path, n: int, texts: list[str], seed: int = 0) -> None:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["tweet_id", "author", "created_at", "text"])
        for t in tweets(n, texts, seed):
            writer.writerow([t["id"], t["user"], t["when"].strftime("%Y-%m-%dT%H:%M:%SZ"), t["text"]])


WRITERS = {"tags": write_tags, "twarc-csv": write_twarc_csv, "twarc2": write_twarc2, "csv": write_csv}
SUFFIX = {"tags": ".csv", "twarc-csv": ".csv", "twarc2": ".jsonl", "csv": ".csv"}


def write_export(shape: str, folder: Path, n: int, texts: list[str], seed: int = 0) -> Path:
    """Write an export of ``n`` tweets in ``shape`` (one of :data:`SHAPES`) into ``folder``; its path."""
    path = folder / f"{shape}-{n}{SUFFIX[shape]}"
    WRITERS[shape](path, n, texts, seed)
    return path
