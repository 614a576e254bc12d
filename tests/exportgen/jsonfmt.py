"""JSON exports laid out as the real tools write them: twarc2 pages and flattened tweets, API v1.1
lines (twarc1), snscrape ``--jsonl`` and a generic JSONL file.

Each writer returns ``(bytes, expected)``: the file and the records a correct reader gives back.
"""

from __future__ import annotations

import json
import zlib

from tests.exportgen.chats import PEOPLE
from tests.exportgen.model import (
    Tweet,
    cut,
    display,
    entities,
    escape,
    expected,
    expected_text,
    iso_z,
    links_in,
    v1_time,
    v2_time,
)


def user_id(username: str) -> str:
    """The user id of a screen name: the sample chat's, else a stable fake one."""
    if username in PEOPLE:
        return PEOPLE[username][0]
    return str(2_000_000_000 + zlib.crc32(username.encode()) % 1_000_000_000)


def _dumps(obj) -> str:
    return json.dumps(obj, ensure_ascii=False)


# --- API v2 (twarc2) -----------------------------------------------------------------------

def _v2_entities(escaped: str, links) -> dict:
    found = entities(escaped, links)
    out = {}
    if found["hashtags"]:
        out["hashtags"] = [{"start": s, "end": e, "tag": t} for s, e, t in found["hashtags"]]
    if found["user_mentions"]:
        out["mentions"] = [{"start": s, "end": e, "username": u} for s, e, u in found["user_mentions"]]
    if found["urls"]:
        out["urls"] = [{"start": s, "end": e, "url": u, "expanded_url": f, "display_url": f.split("//", 1)[-1][:26]}
                       for s, e, u, f in found["urls"]]
    return out


def v2_tweet(t: Tweet, note: bool = True) -> dict:
    """A v2 tweet object; a retweet's text is cut at 140, a long post's at 280 (+ ``note_tweet``)."""
    text = display(t, 140 if t.is_retweet else 280)
    obj = {"id": t.id, "author_id": t.user_id, "conversation_id": t.conversation or t.id, "lang": t.lang,
           "text": escape(text), "entities": _v2_entities(escape(text), links_in(t, text))}
    if t.time:
        obj["created_at"] = v2_time(t.time)
    refs = [("retweeted", t.retweet_of.id)] if t.retweet_of else []
    refs += [("quoted", t.quote_of.id)] if t.quote_of else []
    refs += [("replied_to", t.reply_to)] if t.reply_to else []
    if refs:
        obj["referenced_tweets"] = [{"type": kind, "id": ref} for kind, ref in refs]
    if t.reply_to_user:
        obj["in_reply_to_user_id"] = user_id(t.reply_to_user)
    if t.is_long and note:
        obj["note_tweet"] = {"text": escape(t.text), "entities": _v2_entities(escape(t.text), t.links)}
    obj["public_metrics"] = {"retweet_count": 0, "reply_count": 0, "like_count": 1, "quote_count": 0}
    return obj


def _v2_user(t: Tweet) -> dict:
    return {"id": t.user_id, "username": t.user, "name": t.name or t.user}


def _v2_expected(t: Tweet, note: bool = True) -> dict:
    source = t.retweet_of or t
    body = source.text if (note or not source.is_long) else cut(source.text, 280)
    text = f"RT @{source.user}: {body}" if t.is_retweet else body
    return expected(t, expected_text(escape(text), (t.retweet_of or t).links, True), conversation=True)


def twarc2_pages(tweets: list[Tweet], by_id: dict[str, Tweet], page_size: int = 10,
                 only_in_includes: set[str] = frozenset()) -> tuple[bytes, list[dict]]:
    """``twarc2 search`` output: pages of ``page_size`` tweets, newest first, with includes."""
    shown = [t for t in reversed(tweets) if t.id not in only_in_includes]
    lines, referenced_ids = [], []
    for start in range(0, len(shown), page_size):
        page = shown[start:start + page_size]
        refs = [r for t in page for r in (t.retweet_of, t.quote_of, by_id.get(t.reply_to)) if r is not None]
        refs = list({r.id: r for r in refs}.values())
        referenced_ids += [r.id for r in refs]
        users = list({u.user_id: _v2_user(u) for u in page + refs}.values())
        lines.append(_dumps({
            "data": [v2_tweet(t) for t in page],
            "includes": {"users": users, "tweets": [v2_tweet(r) for r in refs]},
            "meta": {"newest_id": page[0].id, "oldest_id": page[-1].id, "result_count": len(page)},
            "__twarc": {"url": "https://api.twitter.com/2/tweets/search/all?query=%23ldinsight",
                        "version": "2.14.0", "retrieved_at": "2023-01-21T10:00:00+00:00"},
        }))
    records = [_v2_expected(t) for t in shown]
    records += [_v2_expected(by_id[i]) for i in dict.fromkeys(referenced_ids) if i not in {t.id for t in shown}]
    return ("\n".join(lines) + "\n").encode("utf-8"), records


def twarc2_flat(tweets: list[Tweet], by_id: dict[str, Tweet]) -> tuple[bytes, list[dict]]:
    """``twarc2 flatten`` output: one tweet a line, newest first, author and referenced tweets inlined."""
    lines = []
    for t in reversed(tweets):
        obj = v2_tweet(t)
        obj["author"] = _v2_user(t)
        for ref in obj.get("referenced_tweets", []):
            original = by_id.get(ref["id"])
            if original is not None:
                ref.update(v2_tweet(original), author=_v2_user(original))
        obj["__twarc"] = {"url": "https://api.twitter.com/2/tweets/search/all", "version": "2.14.0",
                          "retrieved_at": "2023-01-21T10:00:00+00:00"}
        lines.append(_dumps(obj))
    records = [_v2_expected(t) for t in reversed(tweets)]
    inlined = {r.id: r for t in tweets for r in (t.retweet_of, t.quote_of, by_id.get(t.reply_to)) if r is not None}
    records += [_v2_expected(r) for i, r in inlined.items() if i not in {t.id for t in tweets}]
    return ("\n".join(lines) + "\n").encode("utf-8"), records


# --- API v1.1 (twarc1 filter: compat text + extended_tweet) -------------------------------------

def _v1_entities(escaped: str, links, numbers=int) -> dict:
    found = entities(escaped, links)
    return {
        "hashtags": [{"text": t, "indices": [numbers(s), numbers(e)]} for s, e, t in found["hashtags"]],
        "symbols": [],
        "user_mentions": [{"screen_name": u, "name": u, "id_str": user_id(u),
                           "indices": [numbers(s), numbers(e)]} for s, e, u in found["user_mentions"]],
        "urls": [{"url": u, "expanded_url": f, "display_url": f.split("//", 1)[-1][:26],
                  "indices": [numbers(s), numbers(e)]} for s, e, u, f in found["urls"]],
    }


def v1_tweet(t: Tweet, streamed: bool = True) -> dict:
    """A v1.1 tweet: compat ``text`` (140) plus ``extended_tweet`` when streamed, else ``full_text``."""
    full = display(t, 140 if t.is_retweet else 280)
    obj = {"created_at": v1_time(t.time), "id": int(t.id), "id_str": t.id}
    if streamed and len(full) > 140:
        compat = cut(full, 117) + f" https://t.co/{t.id[-10:]}"
        obj.update(text=escape(compat), truncated=True, entities=_v1_entities(escape(compat), links_in(t, compat)))
        obj["extended_tweet"] = {"full_text": escape(full), "display_text_range": [0, len(escape(full))],
                                 "entities": _v1_entities(escape(full), links_in(t, full))}
    else:
        obj.update({"text" if streamed else "full_text": escape(full), "truncated": False,
                    "entities": _v1_entities(escape(full), links_in(t, full))})
    obj["user"] = {"id": int(t.user_id), "id_str": t.user_id, "screen_name": t.user, "name": t.name or t.user}
    if t.reply_to:
        obj.update(in_reply_to_status_id=int(t.reply_to), in_reply_to_status_id_str=t.reply_to,
                   in_reply_to_screen_name=t.reply_to_user or None)
    else:
        obj.update(in_reply_to_status_id=None, in_reply_to_status_id_str=None)
    if t.retweet_of:
        obj["retweeted_status"] = v1_tweet(t.retweet_of, streamed)
    if t.quote_of:
        obj.update(is_quote_status=True, quoted_status_id_str=t.quote_of.id)
    obj["lang"] = t.lang
    return obj


def v1_expected(t: Tweet) -> dict:
    """What a reader gets from a v1.1 tweet: the full text up to 280, a retweet's from the original."""
    source = t.retweet_of or t
    body = cut(source.text, 280)
    text = f"RT @{source.user}: {body}" if t.is_retweet else body
    return expected(t, expected_text(escape(text), source.links, True))


def v11_lines(tweets: list[Tweet]) -> tuple[bytes, list[dict]]:
    """``twarc1 filter`` output: one streamed v1.1 tweet a line, oldest first."""
    data = "".join(_dumps(v1_tweet(t)) + "\n" for t in tweets).encode("utf-8")
    return data, [v1_expected(t) for t in tweets]


# --- snscrape ----------------------------------------------------------------------------------

def _sns_user(t: Tweet) -> dict:
    return {"_type": "snscrape.modules.twitter.User", "username": t.user, "id": int(t.user_id),
            "displayname": t.name or t.user}


def sns_tweet(t: Tweet) -> dict:
    raw = escape(display(t, 140)) if t.is_retweet else escape(t.text)
    found = entities(raw, links_in(t, raw))
    links = [{"_type": "snscrape.modules.twitter.TextLink", "text": f.split("//", 1)[-1][:26], "url": f,
              "tcourl": u, "indices": [s, e]} for s, e, u, f in found["urls"]]
    obj = {"_type": "snscrape.modules.twitter.Tweet", "url": f"https://twitter.com/{t.user}/status/{t.id}",
           "date": t.time.isoformat() if t.time else None, "rawContent": raw, "renderedContent": raw,
           "id": int(t.id), "user": _sns_user(t), "replyCount": 0, "retweetCount": 0, "likeCount": 1,
           "quoteCount": 0, "conversationId": int(t.conversation or t.id), "lang": t.lang, "links": links or None,
           "retweetedTweet": sns_tweet(t.retweet_of) if t.retweet_of else None,
           "quotedTweet": sns_tweet(t.quote_of) if t.quote_of else None,
           "inReplyToTweetId": int(t.reply_to) if t.reply_to else None,
           "inReplyToUser": {"_type": "snscrape.modules.twitter.User", "username": t.reply_to_user,
                             "id": 1} if t.reply_to_user else None,
           "hashtags": [h for _, _, h in found["hashtags"]] or None, "content": raw, "username": t.user,
           "_snscrape": "0.7.0.20230622"}
    return obj


def snscrape_lines(tweets: list[Tweet]) -> tuple[bytes, list[dict]]:
    """``snscrape --jsonl twitter-search`` output: newest first, integer ids."""
    data = "".join(_dumps(sns_tweet(t)) + "\n" for t in reversed(tweets)).encode("utf-8")
    records = []
    for t in reversed(tweets):
        source = t.retweet_of or t
        text = f"RT @{source.user}: {source.text}" if t.is_retweet else t.text
        records.append(expected(t, expected_text(escape(text), source.links, True), conversation=True))
    return data, records


def generic_jsonl(tweets: list[Tweet]) -> tuple[bytes, list[dict]]:
    """A home-made JSONL export: integer ids, escaped text, null where a value is missing."""
    lines = [_dumps({"id": int(t.id) if t.id else None, "author": t.user or None,
                     "created_at": iso_z(t.time) or None, "text": escape(display(t)),
                     "reply_to_id": t.reply_to or None}) for t in tweets]
    records = [expected(t, display(t)) for t in tweets]
    return ("\n".join(lines) + "\n").encode("utf-8"), records
