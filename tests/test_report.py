"""The HTML report: its sections, self-containment, escaping, pseudonyms, and the `report` command."""

import csv
import re
import shutil
from pathlib import Path

import pytest

from socialviews.analysis.inputs import chat_name
from socialviews.core.errors import SocialViewsError
from socialviews.report.html import SECTIONS, build_report
from tests.conftest import invoke
from tests.test_analysis import NONE, ROWS, TAX, V1, V2, classified

HANDLES = sorted({row[1] for row in ROWS})
ALWAYS = [sid for sid in SECTIONS if sid != "chats"]


def section_ids(html: str) -> list[str]:
    return re.findall(r'<section id="([\w-]+)"', html)


@pytest.fixture(scope="module")
def page():
    return build_report(classified())


def test_report_has_every_section_in_order(page):
    assert section_ids(page) == list(SECTIONS)  # two chats: the chat-by-chat section is there too
    for heading in SECTIONS.values():
        assert f"<h2>{heading}</h2>" in page


def test_a_single_chat_has_no_chat_by_chat_section():
    one = classified([row for row in ROWS if row[2].startswith("09")])
    assert section_ids(build_report(one)) == ALWAYS


def test_report_loads_nothing_from_anywhere(page):
    assert not re.search(r"<(script|img|link|iframe|object|embed|video|audio|source)\b", page, re.I)
    assert not re.search(r"\b(src|srcset|href|xlink:href|action)\s*=\s*\"(?!#)", page, re.I)
    assert "url(" not in page and "@import" not in page
    assert "default-src 'none'" in page


def test_report_names_the_views_and_interventions_from_the_taxonomy(page):
    for intervention in TAX[V1].interventions:
        assert intervention in page
    assert TAX[V1].name in page
    assert "Q1" in page and "What is social learning?" in page


def test_tweet_texts_and_handles_are_escaped():
    rows = list(ROWS) + [("99", "<b>eve", "09 08:20", 'A2 <script>alert("x")</script> & <img src=x>', V1, 0.9, False, "")]
    html = build_report(classified(rows))
    assert "<script>" not in html and "<img" not in html and "<b>eve" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img src=x&gt;" in html
    assert "&lt;b&gt;eve" in html


def test_anonymise_leaves_no_handle_and_keeps_pseudonyms_stable():
    html = build_report(classified(), anonymise=True, key="test")
    lowered = html.lower()
    for handle in HANDLES:
        assert not re.search(rf"(?<![\w-]){handle}(?!\w)", lowered), handle
    again = build_report(classified(), anonymise=True, key="test")
    assert html == again
    pseudonyms = set(re.findall(r"participant-[0-9a-f]{4,}", html))
    assert len(pseudonyms) == len(HANDLES)


def test_report_accepts_classify_output_files(tmp_path):
    path = tmp_path / "week10.csv"
    classified().to_csv(path, index=False)
    html = build_report(path)
    assert section_ids(html) == list(SECTIONS)


@pytest.mark.parametrize("damage", ["short", "shifted"])
def test_a_classify_output_with_damaged_rows_is_refused_not_counted(tmp_path, damage):
    path = tmp_path / "week10.csv"
    classified().to_csv(path, index=False)
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    if damage == "short":
        rows.append(["1", "2", "3"])  # a stray line: it would be a tweet of a seventh participant
    else:
        del rows[4][3]  # one cell lost: every later cell shifts left
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    record = 15 if damage == "short" else 4
    with pytest.raises(SocialViewsError, match=f"record {record} after the header has no view label"):
        build_report(path)


# --- the command -------------------------------------------------------------------------------


def test_report_command_classifies_an_export(runner, chat_csv, trained_store, tmp_path):
    out = tmp_path / "report.html"
    result = invoke(runner, ["report", chat_csv, "-o", out, "--models-dir", trained_store])
    assert result.exception is None, result.output
    assert result.exit_code == 0
    html = out.read_text(encoding="utf-8")
    assert section_ids(html) == ALWAYS
    assert "jane_ld" in html
    assert "report of 4 tweets in 1 chat written to" in result.stderr
    assert not list(tmp_path.glob(".report.html.*"))  # no temporary file left behind


def test_report_command_uses_classify_outputs_as_they_are(runner, tmp_path):
    first, second = tmp_path / "week1.csv", tmp_path / "week2.parquet"
    frame = classified()
    frame.iloc[:11].to_csv(first, index=False)
    frame.iloc[11:].to_parquet(second, index=False)
    empty_store = tmp_path / "no-models"
    out = tmp_path / "r.html"
    result = invoke(runner, ["report", first, second, "-o", out, "--models-dir", empty_store])
    assert result.exception is None and result.exit_code == 0, result.output
    assert not empty_store.exists()  # no model was needed, none was trained
    html = out.read_text(encoding="utf-8")
    assert section_ids(html) == list(SECTIONS)
    assert "week1" in html and "week2" in html


def test_report_command_anonymise(runner, chat_csv, trained_store, tmp_path):
    out = tmp_path / "anon.html"
    result = invoke(runner, ["report", chat_csv, "-o", out, "--anonymise", "--models-dir", trained_store])
    assert result.exception is None and result.exit_code == 0
    html = out.read_text(encoding="utf-8").lower()
    for handle in ("ld_host", "jane_ld", "sam_learns", "pat"):
        assert not re.search(rf"(?<![\w-]){handle}(?!\w)", html), handle
    assert "participant-" in html


def test_report_command_writes_stdout(runner, tmp_path):
    path = tmp_path / "tagged.csv"
    classified().to_csv(path, index=False)
    result = invoke(runner, ["report", path, "-o", "-"])
    assert result.exception is None and result.exit_code == 0
    assert result.stdout.startswith("<!DOCTYPE html>")


@pytest.mark.parametrize(
    ("content", "message"),
    [(None, "input not found"), ("", "is empty"), ("id,author,when\n1,jo,today\n", "no text column"),
     ("tweet_id,text,view,p_none\n", "nothing to report")],
    ids=["missing", "empty", "no-text-column", "no-classified-rows"],
)
def test_report_command_bad_input_gives_one_line_and_exit_1(runner, trained_store, tmp_path, content, message):
    path = tmp_path / "in.csv"
    if content is not None:
        path.write_text(content)
    out = tmp_path / "r.html"
    result = invoke(runner, ["report", path, "-o", out, "--models-dir", trained_store])
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output
    assert not out.exists()


def test_report_command_needs_an_output(runner, chat_csv):
    result = invoke(runner, ["report", chat_csv])
    assert result.exit_code == 2


def test_a_report_without_views_says_so_in_plain_words():
    quiet = [(i, "solo", when, text, NONE, 0.9, False, "") for i, when, text in
             [("1", "09 08:00", "Morning all"), ("2", "16 08:00", "Slides are up"), ("3", "16 08:05", "Thanks!")]]
    html = build_report(classified(quiet))
    assert "No tweet of these chats holds a view: too few to tell which view leads." in html
    assert "3 tweets · 1 participant · 2 chats · 0 tweets the model was unsure of" in html
    one = build_report(classified(quiet[:1]))
    assert "No tweet of this chat holds a view" in one and "1 tweet · 1 participant · 1 chat ·" in one


def test_a_share_interval_near_zero_is_not_printed_as_zero():
    many = [(str(i), "solo", "09 08:00", f"note {i}", NONE, 0.9, False, "") for i in range(400)]
    many[0] = ("0", "solo", "09 08:00", "A1 it happens anyway, in practice", V1, 0.9, False, "")
    html = build_report(classified(many))
    assert "Only 1 tweet of this chat holds a view" in html
    # 1 of 400 is 0.25%: its Wilson interval runs from 0.044% to 1.4%, not "0–1%".
    assert "0.044–1%" in html


# --- counts in words, undefined shares, ties, views held only by retweets --------------------------

ARCHIVE = [  # an account's own archive: its only tweets that hold a view are retweets of answers
    ("1", "host", "09 08:00", "Welcome all!", NONE, 0.9, False, ""),
    ("2", "host", "09 08:05", "Q1 What is social learning? #ldinsight", NONE, 0.9, False, ""),
    ("3", "host", "09 08:06", "RT @ann: A1 it happens anyway, in practice", V1, 0.9, True, ""),
    ("4", "host", "09 08:07", "@ann love that", NONE, 0.9, False, ""),
    ("5", "host", "09 08:15", "Q2 What would you do first?", NONE, 0.9, False, ""),
    ("6", "host", "09 08:16", "RT @bob: A2 an enterprise network", V2, 0.8, True, ""),
]


def test_counts_are_singular_for_one():
    html = build_report(classified(ARCHIVE))
    assert "1 answer · asked by" in html and "1 answers" not in html
    assert "1 tweet (17%) · dominant view of no participant" in html
    assert "(s)" not in re.sub(r"<style>.*?</style>", "", html, flags=re.S)
    many = build_report(classified())
    assert "4 answers · asked by" in many


def test_report_command_says_one_chat_in_the_singular(runner, tmp_path):
    path = tmp_path / "tagged.csv"
    classified(ARCHIVE[:1]).to_csv(path, index=False)
    result = invoke(runner, ["report", path, "-o", tmp_path / "r.html"])
    assert result.exception is None and result.exit_code == 0, result.output
    assert "report of 1 tweet in 1 chat written to" in result.stderr



def test_the_share_of_tweets_with_a_view_is_blank_when_no_tweet_holds_one():
    quiet = [("1", "solo", "09 08:00", "Morning all", NONE, 0.9, False, "")]
    html = build_report(classified(quiet))
    table = html[html.index("<tbody>"):html.index("</tbody>")]
    assert "0–100%" not in table
    assert table.count("<td class=num>–</td>") == 2 * 3  # share and interval, for each of the three views
    assert "Read the shares of tweets with a view" not in html  # there are none to read



def test_a_tie_between_two_views_shows_no_single_dominant_view():
    html = build_report(classified(ARCHIVE))
    row = html[html.index('<th scope=row><span class="who"><bdi>@host'):]
    row = row[:row.index("</tr>")]
    assert "mixed" in row and f"{TAX[V1].name}</span> = " in row
    assert "dominant view of no participant, tied for 1" in html


def test_a_view_held_only_by_retweets_is_shown_by_its_retweet():
    html = build_report(classified(ARCHIVE))
    assert "No answer holds a view." not in html
    q1 = html[html.index("<h3>Q1"):html.index("<h3>Q2")]
    assert "RT @ann: A1 it happens anyway, in practice" in q1 and "retweet" in q1
    one = classified(ARCHIVE[:2] + [("3", "ann", "09 08:06", "A1 hello all", NONE, 0.9, False, "")])
    assert "No answer holds a view." in build_report(one)


def test_an_archive_is_named_after_its_folder_not_its_tweets_file(runner, trained_store, tmp_path):
    archive = tmp_path / "my_archive"
    shutil.copytree(Path(__file__).resolve().parents[1] / "data" / "samples" / "ldinsight_archive", archive)
    out = tmp_path / "r.html"
    result = invoke(runner, ["report", archive, "-o", out, "--models-dir", trained_store])
    assert result.exception is None and result.exit_code == 0, result.output
    assert "<title>socialviews report: my_archive</title>" in out.read_text(encoding="utf-8")
    assert chat_name("x/week12.zip::data/tweets-part1.js", "data/tweets-part1.js") == "week12"
    assert chat_name("x/week12.csv") == "week12" and chat_name("-") == "stdin"


def test_a_probability_that_rounds_to_one_is_not_printed_as_certain():
    sure = [row if row[0] != "3" else row[:5] + (0.998,) + row[6:] for row in ROWS]
    html = build_report(classified(sure))
    assert "p>0.99" in html and "p=1.00" not in html
    assert "p=0.70" in html  # an ordinary probability keeps two decimals
