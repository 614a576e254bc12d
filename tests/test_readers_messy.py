"""Messy files: a damaged record becomes a reject (source, line, reason, raw) and every other tweet
still comes through; a CSV quote that never closes refuses the file with the line where it opened."""

import json

import pytest

from socialviews.core.errors import SocialViewsError
from socialviews.readers import read_inputs
from tests.exportgen import SINGLE_FILE_WRITERS, filefmt, index
from tests.exportgen.chats import sample_chat

CHAT = [t for t in sample_chat()[0] if "\n" not in t.text]  # one physical line per record
# format -> lines before the first record
LINE_FORMATS = {"tags": 1, "twarc-csv": 1, "twarc1-csv": 1, "csv": 1, "v1.1": 0, "twarc2-flat": 0, "snscrape": 0,
                "jsonl": 0, "grailbird-csv": 1}


def _export(fmt):
    if fmt == "grailbird-csv":
        files, expected = filefmt.classic_archive(CHAT, "ld_host", "2000000001")
        return files["tweets.csv"], expected["tweets.csv"]
    data, records = SINGLE_FILE_WRITERS[fmt][1](CHAT, index(CHAT))
    return data, records[: len(CHAT)]  # without the referenced tweets a flat file inlines


def _read(tmp_path, data, name="export.dat", **kwargs):
    path = tmp_path / name
    path.write_bytes(data)
    return read_inputs([path], **kwargs), str(path)


def _ids(result):
    return result.tweets["tweet_id"].tolist()


@pytest.mark.parametrize("fmt", LINE_FORMATS)
def test_a_garbage_line_is_a_reject_and_the_rest_goes_through(fmt, tmp_path):
    data, records = _export(fmt)
    lines = data.split(b"\n")
    at = LINE_FORMATS[fmt] + 5
    lines.insert(at, b"this line is garbage {\"not\": json")
    result, source = _read(tmp_path, b"\n".join(lines), fmt=None if fmt != "grailbird-csv" else "grailbird")
    assert sorted(_ids(result)) == sorted(r["tweet_id"] for r in records)
    reject = result.rejects.to_dict("records")
    assert len(reject) == 1
    assert reject[0]["source"] == source and reject[0]["line"] == at + 1
    assert reject[0]["raw"] == 'this line is garbage {"not": json' and reject[0]["reason"]


@pytest.mark.parametrize("fmt", [fmt for fmt, header in LINE_FORMATS.items() if header and fmt != "grailbird-csv"])
def test_a_header_repeated_midway_is_a_reject_not_a_tweet(fmt, tmp_path):
    # two exports joined with cat: the second file's header is no tweet
    data, records = _export(fmt)
    lines = data.split(b"\n")
    lines.insert(6, lines[0])
    result, source = _read(tmp_path, b"\n".join(lines))
    assert sorted(_ids(result)) == sorted(r["tweet_id"] for r in records)
    reject = result.rejects.to_dict("records")
    assert len(reject) == 1 and reject[0]["line"] == 7 and "header again" in reject[0]["reason"]


@pytest.mark.parametrize("fmt", LINE_FORMATS)
def test_a_stray_byte_that_is_not_utf8_is_read_as_windows_1252_and_counted(fmt, tmp_path):
    data, records = _export(fmt)
    lines = data.split(b"\n")
    at = LINE_FORMATS[fmt] + 3
    lines[at] = lines[at].replace(b"#ldinsight", b"#ld\xe9insight", 1)
    assert b"\xe9" in lines[at]
    result, _ = _read(tmp_path, b"\n".join(lines), fmt=None if fmt != "grailbird-csv" else "grailbird")
    assert _ids(result) == [r["tweet_id"] for r in records] and result.rejects.empty
    assert "#ld\u00e9insight" in result.tweets["text"].iloc[3]
    assert result.stats["repaired"] == 1 and result.stats["records"] == len(records)


@pytest.mark.parametrize("fmt", [f for f in LINE_FORMATS if f in ("v1.1", "twarc2-flat", "snscrape", "jsonl")])
def test_a_truncated_last_line_of_jsonl_is_a_reject(fmt, tmp_path):
    data, records = _export(fmt)
    result, _ = _read(tmp_path, data.rstrip(b"\n")[:-40])
    assert _ids(result)[: len(records) - 1] == [r["tweet_id"] for r in records[:-1]]
    reject = result.rejects.iloc[0]
    assert reject["line"] == len(records) and reject["reason"].startswith("truncated last line")


@pytest.mark.parametrize("fmt", [f for f in LINE_FORMATS if f not in ("v1.1", "twarc2-flat", "snscrape", "jsonl")])
def test_a_csv_cut_inside_a_quoted_field_is_refused_with_the_line_of_the_quote(fmt, tmp_path):
    data, records = _export(fmt)
    lines = data.rstrip(b"\n").split(b"\n")
    last = lines[-1]
    lines[-1] = last[: last.index(b',"') + 8]  # inside the first quoted field of the last row
    with pytest.raises(SocialViewsError, match=f"quote opened on line {len(lines)} "):
        _read(tmp_path, b"\n".join(lines))


@pytest.mark.parametrize("fmt", LINE_FORMATS)
def test_a_repeated_record_is_counted_as_a_duplicate(fmt, tmp_path):
    data, records = _export(fmt)
    lines = data.split(b"\n")
    lines.insert(LINE_FORMATS[fmt] + 7, lines[LINE_FORMATS[fmt] + 2])
    result, _ = _read(tmp_path, b"\n".join(lines))
    assert len(result.tweets) == len(records) and result.stats["duplicates"] == 1
    assert result.stats["records"] == result.stats["tweets"] + result.stats["rejected"] + result.stats["duplicates"]


def test_a_garbage_line_in_raw_twarc2_rejects_only_that_line(tmp_path):
    data, records = SINGLE_FILE_WRITERS["twarc2"][1](CHAT, index(CHAT))
    lines = data.split(b"\n")
    lines.insert(1, b"{truncated page")
    result, _ = _read(tmp_path, b"\n".join(lines))
    assert sorted(_ids(result)) == sorted(r["tweet_id"] for r in records)
    assert result.rejects["line"].tolist() == [2]


def test_a_twarc2_error_line_is_a_reject_that_says_why(tmp_path):
    data, records = SINGLE_FILE_WRITERS["twarc2"][1](CHAT, index(CHAT))
    error = {"errors": [{"title": "Operational Disconnect", "detail": "This stream has been disconnected."}]}
    result, _ = _read(tmp_path, json.dumps(error).encode() + b"\n" + data)
    assert len(result.tweets) == len(records)
    assert "This stream has been disconnected." in result.rejects["reason"].iloc[0]


@pytest.mark.parametrize("damage", ["garbage", "truncated"])
def test_a_damaged_personal_archive_item_is_a_reject(damage, tmp_path):
    files, expected = filefmt.personal_archive(CHAT, "ld_host", "2000000001")
    text = files["data/tweets.js"]
    items = text.split(b"\n  },\n  {\n")
    assert len(items) == len(CHAT)
    if damage == "garbage":
        items[4] = items[4] + b"\n  },\n  garbage here\n  {\n"
    data = b"\n  },\n  {\n".join(items)
    if damage == "truncated":
        data = data[:-300]
    result, source = _read(tmp_path, data, name="tweets.js")
    ids = [r["tweet_id"] for r in expected["data/tweets.js"]]
    lost = {"garbage": [], "truncated": [ids[-1]]}[damage]
    assert sorted(_ids(result)) == sorted(i for i in ids if i not in lost)
    assert len(result.rejects) == 1 and result.rejects["source"].iloc[0] == source
    assert result.rejects["raw"].iloc[0]


def test_a_stray_byte_in_a_personal_archive_is_repaired(tmp_path):
    files, expected = filefmt.personal_archive(CHAT, "ld_host", "2000000001")
    items = files["data/tweets.js"].split(b"\n  },\n  {\n")
    items[4] = items[4].replace(b"#ldinsight", b"#ld\xffinsight", 1)
    result, _ = _read(tmp_path, b"\n  },\n  {\n".join(items), name="tweets.js")
    assert _ids(result) == [r["tweet_id"] for r in expected["data/tweets.js"]] and result.rejects.empty
    assert "#ld\u00ffinsight" in result.tweets["text"].iloc[4] and result.stats["repaired"] == 1


def test_empty_text_is_a_reject_and_na_or_none_text_stays_text(tmp_path):
    data = b"tweet_id,author,text\n1,a,\n2,b,NA\n3,c,None\n4,d,null\n"
    result, _ = _read(tmp_path, data, name="x.csv")
    assert result.tweets["text"].tolist() == ["NA", "None", "null"]
    assert result.rejects.to_dict("records")[0] == {"source": str(tmp_path / "x.csv"), "line": 2,
                                                    "reason": "empty text", "raw": "1,a,"}


def test_a_newline_inside_a_quoted_csv_field_stays_in_the_tweet(tmp_path):
    data = b'id_str,from_user,text,created_at,status_url\n5,jane_ld,"A1 line one\nline two",,\n6,sam,A1 next,,\n'
    result, _ = _read(tmp_path, data, name="tags.csv")
    assert result.tweets["text"].tolist() == ["A1 line one\nline two", "A1 next"]
    assert result.stats["records"] == 2


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32"])
def test_wide_text_without_a_byte_order_mark_is_named_as_such(codec, tmp_path):
    data = "tweet_id,text\n1,A1 peer feedback\n2,A2 my PLN\n".encode(codec)
    with pytest.raises(SocialViewsError, match="UTF-16 or UTF-32 text without a byte-order mark"):
        _read(tmp_path, data, name="wide.csv")


def test_a_stray_nul_early_in_a_csv_is_read_past_and_binary_data_is_refused(tmp_path):
    result, _ = _read(tmp_path, b"tweet_id,text\n1,A1 peer\x00 feedback\n2,A2 my PLN\n", name="nul.csv")
    assert _ids(result) == ["1", "2"] and "\x00" not in "".join(result.tweets["text"])
    with pytest.raises(SocialViewsError, match="binary data"):
        _read(tmp_path, bytes(range(256)) * 8, name="binary.csv")
