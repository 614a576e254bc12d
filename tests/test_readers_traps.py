"""The traps of formats.md (section 9 checklist, and sections 6-8), one test each."""

import json

import pytest

from socialviews.chat.questions import assign_questions
from socialviews.cli.errors import exit_code_for
from socialviews.core.errors import SocialViewsError
from socialviews.readers import FORMATS, detect_format, qa_marker, read_inputs
from socialviews.readers.fields import expand_links, unescape_entities, v1_links
from socialviews.readers.timefmt import to_iso_utc

ID = "1264260000000000123"


def _read(tmp_path, data, name="export.dat", **kwargs):
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return read_inputs([path], **kwargs)


def _one(tmp_path, data, name="export.dat", **kwargs):
    result = _read(tmp_path, data, name, **kwargs)
    assert len(result.tweets) == 1, result.rejects.to_dict("records")
    return result.tweets.iloc[0]


# --- detection ----------------------------------------------------------------------------------

HEADS = {
    "archive": b'window.YTD.tweets.part0 = [ {"tweet": {}} ]',
    "grailbird": b"Grailbird.data.tweets_2018_03 = \n[ ]",
    "twarc2": b'{"data": {"id": "1", "text": "x"}, "includes": {}, "matching_rules": [{"id": "1", "tag": ""}]}\n',
    "snscrape": b'{"_type": "snscrape.modules.twitter.Tweet", "id": 1, "rawContent": "x"}\n',
    "v1.1": b'{"id_str": "1", "full_text": "x", "user": {"screen_name": "a"}}\n',
    "twarc2-flat": b'{"id": "1", "text": "x", "author_id": "2", "author": {"username": "a"}}\n',
    "tags": b"id_str,from_user,text,created_at,time,status_url\n",
    "twarc-csv": b"id,conversation_id,referenced_tweets.retweeted.id,author.username,text\n",
    "twarc1-csv": b"id,tweet_url,created_at,user_screen_name,text,tweet_type\n",
    "transcript": b"[08:00] @ld_host: Q1 What does social learning mean to you?\n",
    "jsonl": b'{"message": "hello", "who": "a"}\n',
    "csv": b"tweet_id,author,created_at,text\n",
}


@pytest.mark.parametrize("fmt", HEADS)
def test_each_format_is_detected_by_its_content(fmt):
    assert detect_format(HEADS[fmt], "x") == fmt


def test_every_format_has_a_detector_and_only_the_documented_names_exist():
    assert list(FORMATS) == ["archive", "grailbird", "twarc2", "snscrape", "v1.1", "twarc2-flat", "tags", "twarc-csv",
                             "twarc1-csv", "transcript", "jsonl", "csv"]


@pytest.mark.parametrize("head", [b'window.YTD.tweet.part0 = [', b"\xef\xbb\xbfwindow.YTD.tweets.part3 = ["])
def test_older_and_split_archive_files_are_archives(head):
    assert detect_format(head, "x") == "archive"


def test_a_classic_tweets_csv_is_grailbird():
    head = b"tweet_id,in_reply_to_status_id,in_reply_to_user_id,timestamp,source,text,retweeted_status_id\n"
    assert detect_format(head, "tweets.csv") == "grailbird"


def test_a_twarc2_page_too_long_for_the_detection_window_is_still_twarc2():
    page = {"data": [{"id": str(i), "text": "x" * 500, "author_id": "1"} for i in range(300)], "includes": {}}
    assert detect_format(json.dumps(page).encode()[:65536], "x") == "twarc2"


def test_a_file_of_no_supported_format_names_the_formats_and_the_options(tmp_path):
    with pytest.raises(SocialViewsError) as error:
        _read(tmp_path, b"<html><body>not an export</body></html>\n")
    message = str(error.value)
    assert "tags" in message and "snscrape" in message and "--format" in message and "--text-column" in message
    assert exit_code_for(error.value) == 1


def test_a_tab_separated_tags_file_with_a_bom_from_excel(tmp_path):
    data = (f"\ufeffid_str\tfrom_user\ttext\tcreated_at\tstatus_url\r\n"
            f"1.26426E+18\tjane_ld\tA1 hi\tFri Mar 16 08:14:09 +0000 2018\thttp://twitter.com/jane_ld/statuses/{ID}\r\n")
    tweet = _one(tmp_path, data)
    assert (tweet["tweet_id"], tweet["author"], tweet["text"]) == (ID, "jane_ld", "A1 hi")


def test_a_semicolon_separated_csv_from_european_excel(tmp_path):
    assert _one(tmp_path, "tweet_id;author;text\n7;jo;A1 hallo, zusammen\n")["text"] == "A1 hallo, zusammen"


# --- ids --------------------------------------------------------------------------------------

def test_a_mangled_tags_id_is_recovered_from_status_url(tmp_path):
    data = f"id_str,from_user,text,status_url\n1.26426E+18,jane_ld,hi,http://twitter.com/jane_ld/statuses/{ID}\n"
    assert _one(tmp_path, data)["tweet_id"] == ID


def test_a_mangled_id_without_an_address_is_kept_and_never_a_duplicate(tmp_path, caplog):
    result = _read(tmp_path, "tweet_id,text\n1.26426E+18,one\n1.26426E+18,two\n", name="x.csv")
    assert result.tweets["tweet_id"].tolist() == ["1.26426E+18", "1.26426E+18"]
    assert result.stats["duplicates"] == 0 and "mangled" in caplog.text


def test_a_twarc1_csv_id_mangled_by_a_spreadsheet_is_recovered_from_tweet_url(tmp_path):
    data = f"id,tweet_url,user_screen_name,text,tweet_type\n1.26E+18,https://twitter.com/jo/status/{ID},jo,hi,original\n"
    assert _one(tmp_path, data)["tweet_id"] == ID


def test_snscrape_integer_ids_are_taken_from_the_json_text(tmp_path):
    line = (f'{{"_type": "snscrape.modules.twitter.Tweet", "id": {2**63 - 1}, "rawContent": "x", '
            f'"conversationId": 9007199254740993, "inReplyToTweetId": 9007199254740993, "user": {{"username": "a"}}}}\n')
    tweet = _one(tmp_path, line)
    assert tweet["tweet_id"] == str(2**63 - 1) and tweet["reply_to_id"] == "9007199254740993"


def test_v11_integer_id_is_used_when_id_str_is_missing(tmp_path):
    tweet = _one(tmp_path, '{"id": 1000000000000000203, "full_text": "x", "user": {"screen_name": "a"}, "id_str": ""}\n',
                 fmt="v1.1")
    assert tweet["tweet_id"] == "1000000000000000203"


def test_r_written_na_cells_are_empty_ids_but_na_text_stays(tmp_path):
    data = "id_str,from_user,text,in_reply_to_status_id_str,status_url\n5,NA,NA,NA,NA\n"
    tweet = _one(tmp_path, data)
    assert (tweet["tweet_id"], tweet["author"], tweet["text"], tweet["reply_to_id"]) == ("5", "NA", "NA", "")


# --- text -------------------------------------------------------------------------------------

def test_entity_offsets_count_the_escaped_text_so_links_expand_before_unescaping():
    escaped = "L&amp;D &lt;3 https://t.co/AbCdEf1234"
    links = v1_links({"urls": [{"url": "https://t.co/AbCdEf1234", "expanded_url": "https://e.org/x",
                                "indices": [14, 37]}]})
    assert escaped[14:37] == "https://t.co/AbCdEf1234" != unescape_entities(escaped)[14:37]
    assert unescape_entities(expand_links(escaped, links)) == "L&D <3 https://e.org/x"


def test_offsets_that_do_not_point_at_the_link_fall_back_to_its_first_occurrence():
    assert expand_links("see https://t.co/x", [(0, 3, "https://t.co/x", "https://e.org")]) == "see https://e.org"


def test_html_entities_are_unescaped_once_and_only_whole_entities():
    assert unescape_entities("&amp;amp; R&D &para Q&amp;A &#128075;") == "&amp; R&D &para Q&A 👋"


def test_v2_note_tweet_text_wins_over_the_cut_text(tmp_path):
    line = {"id": "1", "text": "A1 short…", "author_id": "2", "note_tweet": {"text": "A1 short and then the long rest"}}
    assert _one(tmp_path, json.dumps(line) + "\n")["text"] == "A1 short and then the long rest"


def test_v11_extended_tweet_wins_over_compat_text(tmp_path):
    line = {"id_str": "1", "text": "A1 cut… https://t.co/self", "truncated": True, "user": {"screen_name": "a"},
            "extended_tweet": {"full_text": "A1 cut here &amp; the rest"}}
    assert _one(tmp_path, json.dumps(line) + "\n")["text"] == "A1 cut here & the rest"


def test_a_v11_retweet_gets_the_full_text_of_retweeted_status(tmp_path):
    line = {"id_str": "2", "text": "RT @host: Q1 What does…", "user": {"screen_name": "sam"},
            "retweeted_status": {"id_str": "1", "full_text": "Q1 What does social learning mean to you?",
                                 "user": {"screen_name": "host"}}}
    tweet = _one(tmp_path, json.dumps(line) + "\n")
    assert tweet["text"] == "RT @host: Q1 What does social learning mean to you?" and tweet["is_retweet"]


def test_a_v2_retweet_takes_the_original_from_includes(tmp_path):
    page = {"data": [{"id": "2", "author_id": "20", "text": "RT @host: Q1 What…",
                      "referenced_tweets": [{"type": "retweeted", "id": "1"}]}],
            "includes": {"users": [{"id": "10", "username": "host"}, {"id": "20", "username": "sam"}],
                         "tweets": [{"id": "1", "author_id": "10", "text": "Q1 What does it mean?"}]}}
    tweets = _read(tmp_path, json.dumps(page) + "\n").tweets
    assert tweets["text"].tolist() == ["RT @host: Q1 What does it mean?", "Q1 What does it mean?"]
    assert tweets["author"].tolist() == ["sam", "host"] and tweets["is_retweet"].tolist() == [True, False]


def test_twarc_csv_merged_retweets_get_their_prefix_back_and_literal_newlines_become_newlines(tmp_path):
    data = ("id,referenced_tweets.retweeted.id,retweeted_username,author.username,text\n"
            "2,1,host,sam,Q1 first\\nsecond\n")
    tweet = _one(tmp_path, data)
    assert tweet["text"] == "RT @host: Q1 first\nsecond" and tweet["is_retweet"] and tweet["author"] == "sam"


def test_a_twarc1_csv_retweet_row_is_marked_by_tweet_type(tmp_path):
    data = "id,tweet_url,user_screen_name,text,tweet_type,retweet_or_quote_screen_name\n2,,sam,Q1 x,retweet,host\n"
    tweet = _one(tmp_path, data)
    assert tweet["text"] == "RT @host: Q1 x" and tweet["is_retweet"]


def test_a_manual_rt_in_text_is_a_retweet_only_by_its_prefix(tmp_path):
    tweets = _read(tmp_path, "tweet_id,text\n1,RT @jo: A1 yes\n2,MT @jo: A1 yes\n", name="x.csv").tweets
    assert tweets["is_retweet"].tolist() == [True, False]


def test_snscrape_old_content_field_is_read_when_raw_content_is_missing(tmp_path):
    line = '{"_type": "snscrape.modules.twitter.Tweet", "id": 5, "content": "A2 old &amp; good", "username": "jo"}\n'
    tweet = _one(tmp_path, line)
    assert (tweet["text"], tweet["author"]) == ("A2 old & good", "jo")


def test_lone_surrogates_from_json_escapes_are_replaced_and_counted(tmp_path):
    result = _read(tmp_path, '{"id": "1", "text": "cut emoji \\ud83d", "author_id": "2"}\n')
    assert result.tweets["text"].iloc[0] == "cut emoji \ufffd" and result.stats["surrogates_replaced"] == 1


# --- thread structure and chat markers --------------------------------------------------------

def test_reply_and_conversation_ids_come_from_each_format(tmp_path):
    v2 = {"id": "3", "text": "@h A1 x", "author_id": "2", "conversation_id": "1",
          "referenced_tweets": [{"type": "replied_to", "id": "1"}]}
    tweet = _one(tmp_path, json.dumps(v2) + "\n")
    assert (tweet["reply_to_id"], tweet["conversation_id"]) == ("1", "1")


@pytest.mark.parametrize("text,marker", [
    ("A1 For me", "A1"), ("A1b and also", "A1b"), ("Q1: What", "Q1"), ("A1) yes", "A1"), ("a1. yes", "A1"),
    ("A10 late", "A10"), ("Q 2 next", "Q2"), ("@ld_host A3 stop", "A3"), (".@ld_host a2: ok", "A2"),
    ("RT @ld_host: Q2 Where", "Q2"), ("RT @sam: @ld_host A2 buddies", "A2"), ("Agile is", ""),
    ("A1ldinsight", ""), ("A1bonus", ""), ("#A1 tag", ""), ("", ""),
])
def test_question_and_answer_markers(text, marker):
    assert qa_marker(text) == marker


def test_answers_belong_to_their_number_then_their_parent_then_the_latest_question():
    rows = [dict(tweet_id="1", created_at="2018-03-09T08:00:00Z", reply_to_id="", qa=""),
            dict(tweet_id="2", created_at="2018-03-09T08:05:00Z", reply_to_id="", qa="Q1"),
            dict(tweet_id="3", created_at="2018-03-09T08:06:00Z", reply_to_id="", qa="A1"),
            dict(tweet_id="4", created_at="2018-03-09T08:15:00Z", reply_to_id="", qa="Q2"),
            dict(tweet_id="5", created_at="2018-03-09T08:16:00Z", reply_to_id="3", qa=""),
            dict(tweet_id="6", created_at="2018-03-09T08:17:00Z", reply_to_id="", qa=""),
            dict(tweet_id="7", created_at="2018-03-09T08:18:00Z", reply_to_id="", qa="A1b"),
            dict(tweet_id="8", created_at="2018-03-09T20:00:00Z", reply_to_id="", qa="")]
    assert assign_questions(rows) == ["", "Q1", "Q1", "Q2", "Q1", "Q2", "Q1", ""]


def test_newest_first_files_get_questions_by_time(tmp_path):
    data = ("id_str,from_user,text,created_at,status_url\n"
            "3,c,thanks all,Fri Mar 16 08:20:00 +0000 2018,\n"
            "2,b,Q2 next one,Fri Mar 16 08:15:00 +0000 2018,\n"
            "1,a,Q1 first,Fri Mar 16 08:05:00 +0000 2018,\n")
    assert _read(tmp_path, data).tweets["question"].tolist() == ["Q2", "Q2", "Q1"]


def test_question_is_the_first_extra_column_and_an_input_question_column_is_kept_aside(tmp_path):
    tweets = _read(tmp_path, "tweet_id,text,question,client\n1,A1 x,my own,web\n", name="x.csv").tweets
    assert list(tweets.columns[8:]) == ["question", "input_question", "client"]
    assert tweets["question"].iloc[0] == "Q1" and tweets["input_question"].iloc[0] == "my own"


# --- dates ------------------------------------------------------------------------------------

@pytest.mark.parametrize("value", [
    "Fri Mar 09 08:03:41 +0000 2018", "2018-03-09T08:03:41.000Z", "2018-03-09T08:03:41+00:00",
    "2018-03-09 08:03:41+00:00", "2018-03-09 08:03:41 +0000", "2018-03-09T09:03:41+01:00",
])
def test_every_export_date_spelling_becomes_iso_utc(value):
    assert to_iso_utc(value) == "2018-03-09T08:03:41Z"


def test_tags_time_column_is_ignored_when_created_at_is_there(tmp_path):
    data = ("id_str,from_user,text,created_at,time,status_url\n"
            "1,a,hi,Sun Apr 19 19:22:23 +0000 2020,2020-04-19T20:22:23Z,\n")
    tweet = _one(tmp_path, data)
    assert tweet["created_at"] == "2020-04-19T19:22:23Z" and tweet["time"] == "2020-04-19T20:22:23Z"


# --- more layouts -----------------------------------------------------------------------------

def test_the_t_cli_csv_maps_its_columns(tmp_path):
    data = "ID,Posted at,Screen name,Text\n947123456789012345,2017-12-29 13:16:11 +0000,jo,A1 buddies &amp; peers\n"
    tweet = _one(tmp_path, data, name="t.csv")
    assert (tweet["tweet_id"], tweet["author"], tweet["created_at"], tweet["text"]) == (
        "947123456789012345", "jo", "2017-12-29T13:16:11Z", "A1 buddies & peers")


def test_a_twarc2_stream_line_has_one_data_object(tmp_path):
    line = {"data": {"id": "5", "text": "A2 hi", "author_id": "9"}, "includes": {"users": [{"id": "9", "username": "jo"}]},
            "matching_rules": [{"id": "1", "tag": "ldinsight"}]}
    tweet = _one(tmp_path, json.dumps(line) + "\n")
    assert (tweet["tweet_id"], tweet["author"]) == ("5", "jo")


def test_a_tweet_included_on_one_page_and_in_the_data_of_another_is_read_once(tmp_path):
    question = {"id": "1", "text": "Q1 what?", "author_id": "9"}
    page1 = {"data": [{"id": "2", "text": "A1 x", "author_id": "8", "referenced_tweets": [{"type": "replied_to", "id": "1"}]}],
             "includes": {"tweets": [question]}}
    page2 = {"data": [question], "includes": {}}
    result = _read(tmp_path, json.dumps(page1) + "\n" + json.dumps(page2) + "\n")
    assert result.tweets["tweet_id"].tolist() == ["2", "1"] and result.stats["duplicates"] == 0


@pytest.mark.parametrize("line,reason", [
    ('{"delete": {"status": {"id_str": "1"}}}', "stream notice (delete)"),
    ('{"limit": {"track": 12}}', "stream notice (limit)"),
])
def test_v11_stream_notices_are_rejects_that_say_what_they_are(tmp_path, line, reason):
    good = '{"id_str": "2", "full_text": "x", "user": {"screen_name": "a"}}'
    result = _read(tmp_path, good + "\n" + line + "\n")
    assert len(result.tweets) == 1 and reason in result.rejects["reason"].iloc[0]


def test_an_snscrape_user_entity_line_is_a_reject(tmp_path):
    lines = ('{"_type": "snscrape.modules.twitter.User", "username": "jo", "id": 9}\n'
             '{"_type": "snscrape.modules.twitter.Tweet", "id": 5, "rawContent": "x", "user": {"username": "jo"}}\n')
    result = _read(tmp_path, lines)
    assert len(result.tweets) == 1 and result.rejects["reason"].tolist() == ["not a tweet (User)"]


def test_a_reject_with_a_lone_surrogate_can_be_written(tmp_path):
    page = {"data": [{"id": None, "text": "not a v2 tweet \ud83d"}], "includes": {}}
    result = _read(tmp_path, json.dumps(page) + "\n")
    assert "\ufffd" in result.rejects["raw"].iloc[0]
    result.rejects.to_csv(tmp_path / "rejects.csv", index=False)


def test_a_one_column_csv_of_texts_is_read(tmp_path):
    result = _read(tmp_path, "text\ngive every new starter a buddy\nNA\n", name="texts.csv")
    assert result.tweets["text"].tolist() == ["give every new starter a buddy", "NA"]


def test_an_impossible_date_is_kept_as_text_and_questions_fall_back_to_input_order(tmp_path):
    data = "tweet_id,created_at,text\n1,2018-02-30T08:00:00Z,Q1 first\n2,Fri Feb 30 08:03:41 +0000 2018,A1 yes\n"
    tweets = _read(tmp_path, data, name="x.csv").tweets
    assert tweets["created_at"].tolist() == ["2018-02-30T08:00:00Z", "Fri Feb 30 08:03:41 +0000 2018"]
    assert tweets["question"].tolist() == ["Q1", "Q1"]
