"""Files as Windows machines save them: UTF-8 with a BOM, UTF-16 with a BOM and CRLF, Windows-1252."""

import codecs
import csv
import io
from pathlib import Path

import pytest

from socialviews.core.encoding import UTF8, UTF16, WINDOWS_1252, detect_encoding, file_encoding, to_utf8
from socialviews.core.taxonomy import load_taxonomy
from socialviews.engine.local import classify_files
from socialviews.readers import read_inputs
from socialviews.training.corpus import read_labelled

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"
# what Excel's plain "CSV" can keep of a chat: accents, curly quotes, the euro sign, dashes
WESTERN = ["it\u2019s how we learn", "\u201cpeer review\u201d works", "caf\u00e9 chats \u2013 na\u00efve?",
           "\u20ac50 for a course? no", "Gr\u00fc\u00dfe aus M\u00fcnchen"]


def _tags_in_windows_1252(tmp_path) -> tuple[Path, list[str]]:
    """The TAGS sample as Excel re-saves it: Windows-1252, accents and curly quotes in some tweets."""
    text = (SAMPLES / "ldinsight_tags.csv").read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    for k, row in enumerate(rows[1:]):
        row[2] = "".join(c if ord(c) < 0x2026 or c == "\u2026" else "?" for c in row[2])  # no emoji in 1252
        if k % 3 == 0:
            row[2] = f"{row[2]} {WESTERN[k % len(WESTERN)]}"
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    path = tmp_path / "tags-excel.csv"
    path.write_bytes(out.getvalue().encode("cp1252"))
    (tmp_path / "tags-utf8.csv").write_text(out.getvalue(), encoding="utf-8", newline="")
    return path, [row[2] for row in rows[1:]]


def test_a_tags_file_saved_as_windows_1252_keeps_every_tweet_with_its_accents(tmp_path):
    path, texts = _tags_in_windows_1252(tmp_path)
    result = read_inputs([path])
    assert result.stats["formats"][str(path)] == "tags" and result.rejects.empty
    assert result.tweets.equals(read_inputs([tmp_path / "tags-utf8.csv"]).tweets)
    assert result.stats["records"] == len(texts) == len(result.tweets) + result.stats["duplicates"]
    assert {w for w in WESTERN if any(w in t for t in result.tweets["text"])} == set(WESTERN)
    assert result.stats["repaired"] == sum(1 for t in texts if not t.isascii()) > 0


def test_a_windows_1252_file_cut_into_chunks_reads_as_it_does_whole(tmp_path, tiny_model):
    path, texts = _tags_in_windows_1252(tmp_path)
    big = tmp_path / "big.csv"
    data = path.read_bytes()
    header, body = data.split(b"\r\n", 1)
    big.write_bytes(header + b"\r\n" + body * 3)  # the same chat three times: duplicates, dropped alike
    whole = classify_files([big], tiny_model, tmp_path / "whole.csv", chunk_size=10**9)
    cut = classify_files([big], tiny_model, tmp_path / "cut.csv", chunk_size=4)
    assert (tmp_path / "whole.csv").read_bytes() == (tmp_path / "cut.csv").read_bytes()
    assert whole["repaired"] == cut["repaired"] > 0 and "\u2019" in (tmp_path / "cut.csv").read_text("utf-8")


def test_snscrape_redirected_by_powershell_is_utf16_with_crlf(tmp_path):
    data = (SAMPLES / "ldinsight_snscrape.jsonl").read_text(encoding="utf-8")
    path = tmp_path / "chat.jsonl"
    path.write_bytes(codecs.BOM_UTF16_LE + data.replace("\n", "\r\n").encode("utf-16-le"))
    result = read_inputs([path])
    expected = read_inputs([SAMPLES / "ldinsight_snscrape.jsonl"])
    assert result.stats["formats"][str(path)] == "snscrape"
    assert result.tweets.equals(expected.tweets) and result.rejects.empty


@pytest.mark.parametrize("name", ["ldinsight_twarc.csv", "ldinsight_v11.jsonl", "ldinsight_twarc2.jsonl"])
def test_a_utf8_bom_changes_nothing(name, tmp_path):
    path = tmp_path / name
    path.write_bytes(codecs.BOM_UTF8 + (SAMPLES / name).read_bytes())
    assert read_inputs([path]).tweets.equals(read_inputs([SAMPLES / name]).tweets)


def test_a_stray_latin1_byte_in_a_utf8_file_is_repaired_and_the_rest_stays_utf8(tmp_path):
    path = tmp_path / "chat.csv"
    path.write_bytes("tweet_id,text\n1,caf\u00e9 \U0001f600\n2,".encode() + b"na\xefve\n3,plain\n")
    result = read_inputs([path])
    assert result.tweets["text"].tolist() == ["caf\u00e9 \U0001f600", "na\u00efve", "plain"]
    assert result.stats["repaired"] == 1


@pytest.mark.parametrize("data, expected", [
    (b"plain", UTF8),
    ("caf\u00e9".encode(), UTF8),
    ("caf\u00e9".encode("cp1252"), WINDOWS_1252),
    ("\u00e9\u00e9\u00e9 \u2019".encode() + b"\xe9", UTF8),  # mostly UTF-8: the stray byte is repaired
    ("caf\u00e9".encode("utf-16"), UTF16),
    (codecs.BOM_UTF16_BE + "x".encode("utf-16-be"), UTF16),
])
def test_the_encoding_of_a_file_is_decided_whole(data, expected, tmp_path):
    (tmp_path / "f").write_bytes(data)
    assert detect_encoding(data) == expected == file_encoding(tmp_path / "f")


def test_to_utf8_names_the_lines_it_repaired():
    decoded = to_utf8(b"a\n\xe9t\xe9\nb\nna\xefve\n")
    assert decoded.encoding == WINDOWS_1252 and decoded.repaired_lines == (2, 4)
    assert decoded.data.decode() == "a\n\u00e9t\u00e9\nb\nna\u00efve\n"
    assert to_utf8(b"\xef\xbb\xbfplain").data == b"plain"


def test_the_bytes_windows_1252_leaves_unassigned_are_kept():
    assert to_utf8(b"\x81\x8d\x8f\x90\x9d\x80", WINDOWS_1252).data.decode() == "\x81\x8d\x8f\x90\x9d\u20ac"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8-sig", "cp1252"])
def test_a_labelled_file_in_any_encoding_reads_as_utf8_does(encoding, tmp_path):
    path = tmp_path / "labels.csv"
    path.write_bytes("text,label,source\r\ncaf\u00e9 with peers,collaborative_learning,x\r\n".encode(encoding))
    frame = read_labelled(path)
    assert frame["text"].tolist() == ["caf\u00e9 with peers"] and frame["label"].tolist() == ["collaborative_learning"]


def test_a_taxonomy_saved_with_a_bom_loads(tmp_path):
    path = tmp_path / "views.toml"
    text = (Path(__file__).resolve().parents[1] / "data" / "views.toml").read_text(encoding="utf-8")
    path.write_bytes(codecs.BOM_UTF8 + text.encode())
    assert load_taxonomy(path).labels == load_taxonomy().labels


@pytest.mark.parametrize("encoding", ["utf-16", "cp1252"])
def test_a_filled_queue_saved_by_excel_imports_with_its_accents(encoding, tmp_path):
    from socialviews.labelling.importing import read_label_rows

    path = tmp_path / "to_label.csv"
    path.write_bytes("tweet_id,text,label\r\n7,caf\u00e9 buddies \u2019n peers,collaborative_learning\r\n".encode(encoding))
    fmt, rows, _ = read_label_rows(path)
    assert fmt == "csv" and len(rows) == 1
    assert "caf\u00e9 buddies \u2019n peers" in rows[0] and "collaborative_learning" in rows[0]
