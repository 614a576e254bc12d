"""Inputs: files, globs, folders, archive folders, .zip archives, stdin; duplicates across inputs."""

import io
import shutil
import sys
import zipfile
from pathlib import Path

import pytest

from socialviews.cli.errors import exit_code_for
from socialviews.core.errors import SocialViewsError
from socialviews.readers import expand_inputs, read_chat, read_inputs
from tests.exportgen import filefmt
from tests.exportgen.chats import sample_chat

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"


def _zip(folder: Path, target: Path, prefix: str = "") -> Path:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, prefix + path.relative_to(folder).as_posix())
    return target


def _personal_archive(root: Path, parts: int = 2) -> tuple[Path, list[str]]:
    chat, _ = sample_chat()
    files, expected = filefmt.personal_archive(chat, "ld_host", "2000000001", parts=parts)
    for name, data in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    for extra in ("data/like.js", "data/direct-messages.js", "data/manifest.js"):
        (root / extra).write_text("window.YTD.like.part0 = []")
    (root / "data" / "README.txt").write_text("This archive contains your data.\n")
    (root / "Your archive.html").write_text("<html></html>")
    return root, [r["tweet_id"] for records in expected.values() for r in records]


def test_an_archive_folder_reads_every_tweets_part_with_the_owner_as_author(tmp_path):
    root, ids = _personal_archive(tmp_path / "twitter-2023-01-21")
    result = read_inputs([root])
    assert sorted(Path(p).name for p in result.stats["formats"]) == ["tweets-part1.js", "tweets.js"]
    assert sorted(result.tweets["tweet_id"]) == sorted(ids)
    assert set(result.tweets["author"]) == {"ld_host"}


def test_an_archive_zip_reads_like_its_folder(tmp_path):
    root, ids = _personal_archive(tmp_path / "archive")
    target = _zip(root, tmp_path / "twitter-2023-01-21-abc.zip")
    result = read_inputs([target])
    assert sorted(result.tweets["tweet_id"]) == sorted(ids)
    assert set(result.tweets["author"]) == {"ld_host"}
    assert all("::data/tweets" in name for name in result.stats["formats"])


def test_a_zip_with_the_archive_in_a_top_folder_finds_account_js_beside_the_tweets(tmp_path):
    root, ids = _personal_archive(tmp_path / "archive", parts=1)
    target = _zip(root, tmp_path / "a.zip", prefix="twitter-2023/")
    result = read_inputs([target])
    assert len(result.tweets) == len(ids) and set(result.tweets["author"]) == {"ld_host"}


def test_a_damaged_line_in_a_zipped_archive_names_the_member(tmp_path):
    root, _ = _personal_archive(tmp_path / "archive", parts=1)
    tweets_js = root / "data" / "tweets.js"
    tweets_js.write_bytes(tweets_js.read_bytes()[:-200])
    result = read_inputs([_zip(root, tmp_path / "a.zip")])
    assert result.rejects["source"].iloc[0] == f"{tmp_path / 'a.zip'}::data/tweets.js"


def test_a_classic_archive_zip_reads_the_month_files(tmp_path):
    shutil.copytree(SAMPLES / "ldinsight_grailbird", tmp_path / "gb")
    result = read_inputs([_zip(tmp_path / "gb", tmp_path / "gb.zip")])
    assert len(result.tweets) == 11 and set(result.tweets["author"]) == {"jane_ld"}


def test_a_classic_tweets_csv_takes_its_author_from_user_details(tmp_path):
    tweets = read_inputs([SAMPLES / "ldinsight_grailbird" / "tweets.csv"]).tweets
    assert set(tweets["author"]) == {"jane_ld"} and len(tweets) == 11


def test_a_tweets_js_without_account_js_reads_with_no_author(tmp_path):
    shutil.copy(SAMPLES / "ldinsight_archive" / "data" / "tweets.js", tmp_path / "tweets.js")
    tweets = read_inputs([tmp_path / "tweets.js"]).tweets
    assert len(tweets) == 10 and set(tweets["author"]) == {""}


def test_globs_and_folders_expand_in_order_and_skip_readmes(tmp_path):
    for name in ("b.csv", "a.jsonl", "notes.md", "README.txt", ".hidden.csv"):
        (tmp_path / name).write_text("tweet_id,text\n1,x\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.csv").write_text("tweet_id,text\n1,x\n")
    names = [Path(p).name for p in expand_inputs([tmp_path])]
    assert names == ["a.jsonl", "b.csv", "c.csv"]
    assert [Path(p).name for p in expand_inputs([str(tmp_path / "*.csv")])] == ["b.csv"]


@pytest.mark.parametrize("bad,message", [("nothing.csv", "input not found"), ("*.nomatch", "no file matches")])
def test_missing_inputs_fail_with_a_message(tmp_path, bad, message, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SocialViewsError, match=message):
        read_inputs([bad])


def test_a_folder_without_exports_fails_with_a_message(tmp_path):
    (tmp_path / "notes.md").write_text("x")
    with pytest.raises(SocialViewsError, match="holds no export file"):
        read_inputs([tmp_path])


def test_a_broken_zip_fails_with_a_message(tmp_path):
    (tmp_path / "x.zip").write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(SocialViewsError, match="not a readable .zip"):
        read_inputs([tmp_path / "x.zip"])


def test_duplicates_across_inputs_are_dropped_and_counted(tmp_path):
    result = read_inputs([SAMPLES / "ldinsight_v11.jsonl", SAMPLES / "ldinsight_snscrape.jsonl",
                          SAMPLES / "ldinsight_tags.csv"])
    assert result.stats["tweets"] == 34
    assert result.stats["records"] == 34 + 34 + 35
    assert result.stats["duplicates"] == 34 + 35


def test_stdin_is_read_and_named(monkeypatch):
    data = (SAMPLES / "ldinsight_snscrape.jsonl").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    result = read_inputs(["-"])
    assert result.stats["formats"] == {"<stdin>": "snscrape"} and len(result.tweets) == 34


def test_a_zip_on_stdin_says_to_pass_it_as_a_file(monkeypatch, tmp_path):
    root, _ = _personal_archive(tmp_path / "archive", parts=1)
    data = _zip(root, tmp_path / "a.zip").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    with pytest.raises(SocialViewsError, match="pass it as a file whose name ends in .zip"):
        read_inputs(["-"])


def test_utf16_files_with_a_bom_are_read(tmp_path):
    (tmp_path / "x.csv").write_bytes("tweet_id,text\r\n1,caf\u00e9 \U0001f600\r\n".encode("utf-16"))
    result = read_inputs([tmp_path / "x.csv"])
    assert result.tweets["text"].tolist() == ["caf\u00e9 \U0001f600"] and result.stats["repaired"] == 0


def test_an_empty_file_fails_with_a_message(tmp_path):
    (tmp_path / "x.csv").write_bytes(b"\n\n")
    with pytest.raises(SocialViewsError, match="is empty"):
        read_inputs([tmp_path / "x.csv"])


def test_format_can_be_forced_and_an_unknown_one_is_a_usage_error(tmp_path):
    result = read_inputs([SAMPLES / "ldinsight_tags.csv"], fmt="csv")
    assert result.stats["formats"][str(SAMPLES / "ldinsight_tags.csv")] == "csv"
    with pytest.raises(SocialViewsError) as error:
        read_inputs([SAMPLES / "ldinsight_tags.csv"], fmt="excel")
    assert exit_code_for(error.value) == 2 and "twarc2-flat" in str(error.value)


def test_text_column_overrides_the_text_of_a_csv_format(tmp_path):
    (tmp_path / "t.csv").write_text("id_str,from_user,text,note,status_url\n1,a,short,the long note,\n")
    assert read_chat(tmp_path / "t.csv", text_column="note")["text"].tolist() == ["the long note"]


def test_a_generic_csv_without_a_text_column_asks_for_text_column(tmp_path):
    (tmp_path / "x.csv").write_text("id,message_body\n1,hi\n")
    with pytest.raises(SocialViewsError, match="--text-column"):
        read_inputs([tmp_path / "x.csv"])


def test_read_chat_returns_the_tweets_frame():
    tweets = read_chat(SAMPLES / "ldinsight_twarc2.jsonl")
    assert list(tweets.columns[:9]) == ["tweet_id", "author", "created_at", "text", "is_retweet", "reply_to_id",
                                        "conversation_id", "qa", "question"]
    assert tweets["is_retweet"].dtype == bool
