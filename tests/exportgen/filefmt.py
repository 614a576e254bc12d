"""Archive and transcript exports: the personal archive (``data/tweets.js`` + ``account.js``), the
classic archive (``data/js/tweets/YYYY_MM.js``, ``user_details.js``, ``tweets.csv``) and a plain
``[HH:MM:SS] @handle: text`` transcript.

Archive writers return ``(files, expected)`` with ``files`` mapping a path inside the archive to
its bytes; ``expected`` maps each tweets file to the records a correct reader gives back.
"""

from __future__ import annotations

import csv
import io
import json

from tests.exportgen.jsonfmt import _v1_entities
from tests.exportgen.model import Tweet, cut, display, escape, expected, expected_text, links_in, v1_time

ARCHIVE_SOURCE = '<a href="https://mobile.twitter.com" rel="nofollow">Twitter Web App</a>'


def _pretty(obj) -> str:
    return json.dumps(obj, indent=2, separators=(",", " : "), ensure_ascii=False)


def _archive_tweet(t: Tweet) -> tuple[dict, str, list]:
    text = display(t, 140 if t.is_retweet else 280)
    links = links_in(t, text)
    tweet = {
        "edit_info": {"initial": {"editTweetIds": [t.id], "editableUntil": "2023-01-20T09:00:00.000Z",
                                  "editsRemaining": "5", "isEditEligible": True}},
        "retweeted": False, "source": ARCHIVE_SOURCE, "entities": _v1_entities(escape(text), links, numbers=str),
        "display_text_range": ["0", str(len(escape(text)))], "favorite_count": "1", "id_str": t.id,
        "truncated": False, "retweet_count": "0", "id": t.id, "created_at": v1_time(t.time), "favorited": False,
        "full_text": escape(text), "lang": t.lang,
    }
    if t.reply_to:
        tweet.update(in_reply_to_status_id_str=t.reply_to, in_reply_to_status_id=t.reply_to,
                     in_reply_to_screen_name=t.reply_to_user)
    return {"tweet": tweet}, text, links


def personal_archive(tweets: list[Tweet], owner: str, owner_id: str, parts: int = 1):
    """An X/Twitter data archive: the owner's tweets newest first, split into ``parts`` files."""
    items = [_archive_tweet(t) for t in reversed(tweets)]
    files = {"data/account.js": ("window.YTD.account.part0 = " + _pretty([{"account": {
        "email": f"{owner}@example.org", "createdVia": "web", "username": owner, "accountId": owner_id,
        "createdAt": "2011-03-01T09:00:00.000Z", "accountDisplayName": owner}}])).encode("utf-8")}
    size = max(1, -(-len(items) // parts))
    expected_by_file = {}
    for part in range(parts):
        chunk = items[part * size:(part + 1) * size]
        name = "data/tweets.js" if part == 0 else f"data/tweets-part{part}.js"
        files[name] = (f"window.YTD.tweets.part{part} = " + _pretty([item for item, _, _ in chunk])).encode("utf-8")
        expected_by_file[name] = [
            expected(t, expected_text(escape(text), links, True), author=owner)
            for t, (_, text, links) in zip(list(reversed(tweets))[part * size:(part + 1) * size], chunk)
        ]
    return files, expected_by_file


def _grailbird_tweet(t: Tweet, owner_id: str, name: str) -> dict:
    text = display(t, 140 if t.is_retweet else 280)
    tweet = {"source": ARCHIVE_SOURCE, "entities": _v1_entities(escape(text), links_in(t, text)),
             "geo": {}, "id_str": t.id, "text": escape(text),
             "id": int(t.id), "created_at": t.time.strftime("%Y-%m-%d %H:%M:%S +0000"),
             "user": {"name": name, "screen_name": t.user, "protected": False, "id_str": t.user_id,
                      "profile_image_url_https": "https://pbs.twimg.com/profile_images/1/a_normal.jpg",
                      "id": int(t.user_id), "verified": False}}
    if t.reply_to:
        tweet.update(in_reply_to_status_id_str=t.reply_to, in_reply_to_status_id=int(t.reply_to),
                     in_reply_to_screen_name=t.reply_to_user)
    if t.retweet_of:
        tweet["retweeted_status"] = _grailbird_tweet(t.retweet_of, t.retweet_of.user_id, t.retweet_of.name)
    return tweet


def classic_archive(tweets: list[Tweet], owner: str, owner_id: str, name: str = ""):
    """A classic ("Grailbird") archive: month files newest first, ``user_details.js``, ``tweets.csv``."""
    files, expected_by_file = {}, {}
    months = sorted({t.time.strftime("%Y_%m") for t in tweets})
    for month in months:
        chunk = [t for t in reversed(tweets) if t.time.strftime("%Y_%m") == month]
        path = f"data/js/tweets/{month}.js"
        body = _pretty([_grailbird_tweet(t, owner_id, name or owner) for t in chunk])
        files[path] = f"Grailbird.data.tweets_{month} = \n{body}".encode()
        records = []
        for t in chunk:
            source = t.retweet_of or t
            text = f"RT @{source.user}: {cut(source.text, 280)}" if t.is_retweet else cut(t.text, 280)
            records.append(expected(t, expected_text(escape(text), source.links, True)))
        expected_by_file[path] = records
    files["data/js/user_details.js"] = ("var user_details =  " + _pretty({
        "expanded_url": None, "screen_name": owner, "location": "Leeds", "url": None, "full_name": name or owner,
        "bio": "L&D", "id": owner_id, "created_at": "2011-03-01 09:00:00 +0000"})).encode("utf-8")
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(["tweet_id", "in_reply_to_status_id", "in_reply_to_user_id", "timestamp", "source", "text",
                     "retweeted_status_id", "retweeted_status_user_id", "retweeted_status_timestamp", "expanded_urls"])
    records = []
    for t in reversed(tweets):
        text = display(t, 140 if t.is_retweet else 280)
        original = t.retweet_of
        writer.writerow([t.id, t.reply_to, "", t.time.strftime("%Y-%m-%d %H:%M:%S +0000"), ARCHIVE_SOURCE,
                         escape(text), original.id if original else "", original.user_id if original else "",
                         original.time.strftime("%Y-%m-%d %H:%M:%S +0000") if original else "",
                         ",".join(full for short, full in links_in(t, text))])
        records.append(expected(t, expected_text(escape(text), [], False), author=owner))
    files["tweets.csv"] = buffer.getvalue().encode("utf-8")
    expected_by_file["tweets.csv"] = records
    return files, expected_by_file


def transcript(tweets: list[Tweet]) -> tuple[bytes, list[dict]]:
    """A curated transcript: oldest first, no retweets, ``[HH:MM:SS] @handle: text``, links expanded."""
    lines, records = [], []
    for t in tweets:
        if t.is_retweet:
            continue
        text = expected_text(t.text, t.links, True)
        lines.append(f"[{t.time.strftime('%H:%M:%S')}] @{t.user}: {text}")
        records.append(expected(t, text, created=False, reply=False, tweet_id=False))
    return ("\n".join(lines) + "\n").encode("utf-8"), records
