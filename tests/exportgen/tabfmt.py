"""CSV exports laid out as the real tools write them: TAGS, twarc-csv, twarc1 json2csv, generic CSV.

Each writer returns ``(bytes, expected)``: the file and the records a correct reader gives back.
"""

from __future__ import annotations

import csv
import io
import json

from tests.exportgen.jsonfmt import _v1_entities, user_id, v1_tweet, v2_tweet
from tests.exportgen.model import Tweet, cut, display, escape, expected, expected_text, iso_z, links_in, v1_time

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
TWARC1_COLUMNS = (
    "id,tweet_url,created_at,parsed_created_at,user_screen_name,text,tweet_type,coordinates,hashtags,media,urls,"
    "favorite_count,in_reply_to_screen_name,in_reply_to_status_id,in_reply_to_user_id,lang,place,possibly_sensitive,"
    "retweet_count,retweet_or_quote_id,retweet_or_quote_screen_name,retweet_or_quote_user_id,source,user_id,"
    "user_created_at,user_default_profile_image,user_description,user_favourites_count,user_followers_count,"
    "user_friends_count,user_listed_count,user_location,user_name,user_statuses_count,user_time_zone,user_urls,"
    "user_verified").split(",")
WEB_APP = '<a href="https://mobile.twitter.com" rel="nofollow">Twitter Web App</a>'


def _csv(header, rows, delimiter=",", bom=False) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n" if delimiter == "\t" else "\n")
    writer.writerow(header)
    writer.writerows(rows)
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode("utf-8")


def tags_csv(tweets: list[Tweet], *, newest_first=True, mangled=frozenset(), duplicated=frozenset(),
             delimiter=",", bom=False, na="") -> tuple[bytes, list[dict]]:
    """The TAGS Archive sheet (v6.x, ``full_text``): newest first, sheet-local ``time``, optional damage.

    ``mangled`` ids are written as a spreadsheet shows them (``1.00000E+18``); ``duplicated`` rows
    appear twice; ``na`` fills empty cells (``NA`` in R-written copies); tabs and a BOM after Excel.
    """
    order = list(reversed(tweets)) if newest_first else list(tweets)
    rows, records = [], []
    for t in order:
        api_text = display(t, 140 if t.is_retweet else 280)
        text = f"RT @{t.retweet_of.user}: {cut(t.retweet_of.text, 280)}" if t.is_retweet else api_text
        links = links_in(t, api_text)
        entities = _v1_entities(escape(api_text), links)
        shown_id = f"{int(t.id):.5E}" if t.id in mangled else t.id
        row = [shown_id, t.user, escape(text), v1_time(t.time), t.time.strftime("%d/%m/%Y %H:%M:%S") if t.time else na,
               na, na, user_id(t.reply_to_user) if t.reply_to_user else na, t.reply_to_user or na, t.user_id,
               t.reply_to or na, WEB_APP, "http://pbs.twimg.com/profile_images/1/a_normal.jpg", "310", "280", na,
               f"http://twitter.com/{t.user}/statuses/{t.id}",
               json.dumps(entities, ensure_ascii=False, separators=(",", ":"))]
        rows += [row, row] if t.id in duplicated else [row]
        records.append(expected(t, expected_text(escape(text), links, True)))
    return _csv(TAGS_COLUMNS, rows, delimiter, bom), records


def twarc_csv(tweets: list[Tweet]) -> tuple[bytes, list[dict]]:
    """``twarc2 csv`` (0.7.x defaults): 84 columns, retweets merged, ``\\n`` for newlines, no includes."""
    rows, records = [], []
    for t in reversed(tweets):
        v2 = v2_tweet(t)
        original = t.retweet_of
        text = v2_tweet(original, note=False)["text"] if original else v2["text"]
        cells = dict.fromkeys(TWARC_CSV_COLUMNS, "")
        cells.update({
            "id": t.id, "conversation_id": v2["conversation_id"], "referenced_tweets.replied_to.id": t.reply_to,
            "referenced_tweets.retweeted.id": original.id if original else "",
            "referenced_tweets.quoted.id": t.quote_of.id if t.quote_of else "", "author_id": t.user_id,
            "in_reply_to_user_id": user_id(t.reply_to_user) if t.reply_to_user else "",
            "in_reply_to_username": t.reply_to_user, "retweeted_user_id": original.user_id if original else "",
            "retweeted_username": original.user if original else "", "created_at": v2.get("created_at", ""),
            "text": text.replace("\r", "").replace("\n", "\\n"), "lang": t.lang, "source": "Twitter Web App",
            "public_metrics.reply_count": "0", "public_metrics.retweet_count": "0", "public_metrics.quote_count": "0",
            "public_metrics.like_count": "1", "reply_settings": "everyone", "edit_history_tweet_ids": f'["{t.id}"]',
            "entities.hashtags": json.dumps([f"#{h['tag']}" for h in v2["entities"].get("hashtags", [])]),
            "author.id": t.user_id, "author.username": t.user, "author.name": t.name or t.user,
            "__twarc.retrieved_at": "2023-01-21T10:00:00+00:00", "__twarc.url": "https://api.twitter.com/2/tweets",
            "__twarc.version": "2.14.0",
        })
        rows.append(list(cells.values()))
        body = f"RT @{original.user}: {cut(original.text, 280)}" if original else cut(t.text, 280)
        records.append(expected(t, expected_text(escape(body), [], False), conversation=True))
    return _csv(TWARC_CSV_COLUMNS, rows), records


def twarc1_csv(tweets: list[Tweet]) -> tuple[bytes, list[dict]]:
    """twarc1 ``json2csv`` of a v1.1 collection: a retweet's ``text`` is the original's, ``tweet_type``."""
    rows, records = [], []
    for t in tweets:
        v1 = v1_tweet(t)
        source = v1.get("retweeted_status", v1)
        text = source.get("extended_tweet", {}).get("full_text") or source.get("full_text") or source["text"]
        kind = "reply" if t.reply_to else "retweet" if t.retweet_of else "quote" if t.quote_of else "original"
        other = t.retweet_of or t.quote_of
        cells = dict.fromkeys(TWARC1_COLUMNS, "")
        cells.update({
            "id": t.id, "tweet_url": f"https://twitter.com/{t.user}/status/{t.id}", "created_at": v1_time(t.time),
            "parsed_created_at": t.time.strftime("%Y-%m-%d %H:%M:%S+00:00") if t.time else "",
            "user_screen_name": t.user, "text": text, "tweet_type": kind,
            "hashtags": " ".join(h["text"] for h in v1["entities"]["hashtags"]), "favorite_count": "1",
            "in_reply_to_screen_name": t.reply_to_user, "in_reply_to_status_id": t.reply_to, "lang": t.lang,
            "retweet_count": "0", "retweet_or_quote_id": other.id if other else "",
            "retweet_or_quote_screen_name": other.user if other else "", "source": WEB_APP, "user_id": t.user_id,
            "user_name": t.name or t.user,
        })
        rows.append(list(cells.values()))
        body = f"RT @{t.retweet_of.user}: {cut(t.retweet_of.text, 280)}" if t.retweet_of else cut(t.text, 280)
        records.append(expected(t, expected_text(escape(body), [], False)))
    return _csv(TWARC1_COLUMNS, rows), records


def generic_csv(tweets: list[Tweet]) -> tuple[bytes, list[dict]]:
    """A home-made CSV: ``tweet_id,author,created_at,text`` with escaped text (as copied from the API)."""
    rows = [[t.id, t.user, iso_z(t.time), escape(display(t)), t.reply_to] for t in tweets]
    records = [expected(t, display(t)) for t in tweets]
    return _csv(["tweet_id", "author", "created_at", "text", "reply_to_id"], rows), records
