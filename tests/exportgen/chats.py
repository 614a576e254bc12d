"""Chats to export: the hand-written #ldinsight chat of the samples, and random chats of any size.

``SAMPLE_CHAT`` also says, for every tweet, the ``qa`` marker and the ``question`` a reader should
find (written by hand, not computed), so the sample tests check the chat structure independently.
"""

from __future__ import annotations

import random
from datetime import timedelta

from tests.exportgen.model import Tweet, utc

PEOPLE = {"ld_host": ("2000000001", "LD Chat Host"), "jane_ld": ("2000000002", "Jane (L&D)"),
          "sam_learns": ("2000000003", "Sam"), "raj_wol": ("2000000004", "Raj"), "mo_facil": ("2000000005", "Mo"),
          "priya_ld": ("2000000006", "Priya"), "tom_hr": ("2000000007", "Tom")}
LONG_POST = (
    "A1 Long one, sorry. We ran a 'social learning' pilot last year: a forum bolted onto every module, a badge "
    "for posting, weekly discussion prompts from L&D.\nSix months later the forums are empty. Meanwhile the "
    "team's WhatsApp group is buzzing with questions, photos of broken kit and fixes that actually work. We "
    "designed the wrong thing; the learning was already happening where people work. #ldinsight"
)
WOL = ("https://t.co/Wol1Circle", "https://workingoutloud.com/en/circle-guide")
# n, time (2023-01-20), user, text, reply to n, retweet of n, quote of n, links, qa, question
_SCRIPT = [
    (1, "08:00:05", "ld_host", "Good morning and welcome to #ldinsight! Today we're talking social learning: what "
     "do we actually mean by it? Say hi & tell us where you're joining from 👋", 0, 0, 0, [], "", ""),
    (2, "08:01:12", "jane_ld", "Morning all! Jane, L&D lead at a housing association in Leeds. Coffee in hand ☕ "
     "#ldinsight", 0, 0, 0, [], "", ""),
    (3, "08:01:40", "sam_learns", "Hi everyone, Sam, instructional designer in Bristol, first time joining "
     "#ldinsight 🙌", 0, 0, 0, [], "", ""),
    (4, "08:02:30", "raj_wol", "Raj here, I run Working Out Loud circles at a bank. Lurking & learning today "
     "#ldinsight", 0, 0, 0, [], "", ""),
    (5, "08:04:00", "ld_host", "Q1 coming up in a minute... #ldinsight", 0, 0, 0, [], "Q1", "Q1"),
    (6, "08:05:00", "ld_host", "Q1 When you say 'social learning', what do you actually mean? #ldinsight",
     0, 0, 0, [], "Q1", "Q1"),
    (7, "08:05:40", "mo_facil", "", 0, 6, 0, [], "Q1", "Q1"),
    (8, "08:06:31", "jane_ld", "@ld_host A1 most of what my team knows they picked up from each other on the job. "
     "Nobody designed that, it just happens #ldinsight", 6, 0, 0, [], "A1", "Q1"),
    (9, "08:07:02", "sam_learns", "A1 for me it's building peer feedback & group tasks into a course so it isn't "
     "just click-next-next-next #ldinsight", 0, 0, 0, [], "A1", "Q1"),
    (10, "08:07:40", "raj_wol", "A1 my PLN on here plus a WOL circle at work. The tools matter less than people "
     "feeling safe to share openly #WOL #ldinsight https://t.co/Wol1Circle", 0, 0, 0, [WOL], "A1", "Q1"),
    (11, "08:08:15", "mo_facil", "@jane_ld @ld_host agree, you can't stop people learning from each other. Our job "
     "is to notice it and help it along", 8, 0, 0, [], "", "Q1"),
    (12, "08:08:50", "ld_host", "@raj_wol Love that. What makes it feel safe to share where you are? #ldinsight",
     10, 0, 0, [], "", "Q1"),
    (13, "08:09:30", "raj_wol", "@ld_host Leaders going first. When our MD posted a half-finished plan & asked "
     "for help, everyone else followed", 12, 0, 0, [], "", "Q1"),
    (14, "08:10:02", "priya_ld", "a1b) and it only sticks when managers share their own mistakes <- the hard "
     "part #ldinsight", 0, 0, 0, [], "A1b", "Q1"),
    (15, "08:10:30", "tom_hr", LONG_POST, 0, 0, 0, [], "A1", "Q1"),
    (16, "08:11:10", "ld_host", "", 0, 10, 0, [], "A1", "Q1"),
    (17, "08:14:00", "ld_host", "Q2 in 2 minutes! Great answers so far #ldinsight", 0, 0, 0, [], "Q2", "Q2"),
    (18, "08:15:00", "ld_host", "Q2 Where does social learning already happen in your organisation, without L&D "
     "designing it? #ldinsight", 0, 0, 0, [], "Q2", "Q2"),
    (19, "08:15:35", "jane_ld", "", 0, 18, 0, [], "Q2", "Q2"),
    (20, "08:16:20", "raj_wol", "a2. In the Yammer group nobody from L&D set up, and in the queue for the "
     "microwave at lunch #ldinsight", 0, 0, 0, [], "A2", "Q2"),
    (21, "08:17:05", "sam_learns", "@ld_host A2 onboarding: new starters learn the culture from their buddy, not "
     "from the induction module #ldinsight", 18, 0, 0, [], "A2", "Q2"),
    (22, "08:17:50", "priya_ld", "A2) Slack channels per project. People narrate their work there without being "
     "asked #workingoutloud #ldinsight", 0, 0, 0, [], "A2", "Q2"),
    (23, "08:18:30", "jane_ld", "@sam_learns totally, the buddy is the real induction 😄", 21, 0, 0, [], "", "Q2"),
    (24, "08:19:10", "tom_hr", "Honestly? The smoking shelter. Half the org's knowledge swaps hands there "
     "#ldinsight", 0, 0, 0, [], "", "Q2"),
    (25, "08:20:00", "ld_host", "", 0, 21, 0, [], "A2", "Q2"),
    (26, "08:24:30", "mo_facil", "A2 in the corridor after every meeting, where the real meeting happens "
     "#ldinsight", 0, 0, 0, [], "A2", "Q2"),
    (27, "08:25:00", "ld_host", "Q3 What's one thing L&D could stop doing so social learning can flourish? Last "
     "question today! #ldinsight", 0, 0, 0, [], "Q3", "Q3"),
    (28, "08:25:40", "raj_wol", "", 0, 27, 0, [], "Q3", "Q3"),
    (29, "08:26:30", "mo_facil", "A3 stop building 'communities' top down and start noticing the ones that already "
     "exist #ldinsight", 0, 0, 0, [], "A3", "Q3"),
    (30, "08:27:15", "jane_ld", "@ld_host A3 stop measuring learning by course completions. Nobody 'completes' a "
     "conversation #ldinsight", 27, 0, 0, [], "A3", "Q3"),
    (31, "08:27:58", "sam_learns", "A3 stop adding a discussion forum to every e-learning module and calling it "
     "social 🙈 #ldinsight", 0, 0, 0, [], "A3", "Q3"),
    (32, "08:29:20", "raj_wol", 'A3 Stop asking "what\'s the course for this?" before asking who already knows '
     "#ldinsight https://t.co/Q3quoteAbc", 0, 0, 27,
     [("https://t.co/Q3quoteAbc", "https://twitter.com/ld_host/status/1000000000000001027")], "A3", "Q3"),
    (33, "08:35:00", "ld_host", "That's time! Thanks all for a brilliant #ldinsight. Summary on the blog next week; "
     "same time next Friday for working out loud", 0, 0, 0, [], "", "Q3"),
    (34, "08:35:40", "jane_ld", "Thanks @ld_host, great chat as always #ldinsight", 0, 0, 0, [], "", "Q3"),
]
# Jane's tweets outside the chat, for her classic archive (n, time, text, links, qa, question).
_JANE_OTHER = [
    (90, "2022-12-02 09:12:00", "Reading The Social Learning Handbook again. Still the best thing on the subject & "
     "still ahead of most orgs", [], "", ""),
    (91, "2022-12-16 17:40:05", "Last #ldinsight of the year done, thanks all! Back in January", [], "", ""),
    (92, "2023-01-13 08:06:10", "A1 learning in the flow of work, not in the LMS #ldinsight", [], "A1", "Q1"),
    (93, "2023-01-19 18:30:00", "Looking forward to tomorrow's #ldinsight on social learning. Bringing my strongest "
     "coffee", [], "", ""),
    (94, "2023-01-23 12:02:44", "Wrote up what I took from Friday's #ldinsight: the buddy really is the induction "
     "https://t.co/JaneBlog01", [("https://t.co/JaneBlog01", "https://jane-ld.example.org/2023/01/buddy")], "", ""),
]


def _id(n: int) -> str:
    return str(1_000_000_000_000_001_000 + n)


def sample_chat() -> tuple[list[Tweet], dict[str, tuple[str, str]]]:
    """The sample chat in time order, and ``id -> (qa, question)`` as a reader should find them."""
    tweets: dict[int, Tweet] = {}
    marks = {}
    for n, clock, user, text, reply, retweet, quote, links, qa, question in _SCRIPT:
        parent = tweets.get(reply)
        tweets[n] = Tweet(
            id=_id(n), user=user, user_id=PEOPLE[user][0], name=PEOPLE[user][1], time=utc(f"2023-01-20 {clock}"),
            text=text, links=list(links), reply_to=parent.id if parent else "",
            reply_to_user=parent.user if parent else "",
            conversation=(parent.conversation or parent.id) if parent else "",
            retweet_of=tweets.get(retweet), quote_of=tweets.get(quote),
        )
        marks[_id(n)] = (qa, question)
    return list(tweets.values()), marks


def jane_archive_tweets(chat: list[Tweet]) -> tuple[list[Tweet], dict[str, tuple[str, str]]]:
    """Jane's tweets: her part of the chat plus a few others, in time order, with their marks."""
    others = [Tweet(id=_id(n), user="jane_ld", user_id=PEOPLE["jane_ld"][0], name=PEOPLE["jane_ld"][1],
                    time=utc(when), text=text, links=list(links)) for n, when, text, links, _, _ in _JANE_OTHER]
    mine = sorted([t for t in chat if t.user == "jane_ld"] + others, key=lambda t: t.time)
    return mine, {_id(n): (qa, question) for n, _, _, _, qa, question in _JANE_OTHER}


_PHRASES = [
    "you can't stop people learning from each other", "peer feedback & group tasks in every course",
    "our PLN on twitter is where I learn most", "Working Out Loud circles changed how we share",
    "buddies for every new starter", "communities of practice > courses", "the tool is not the culture",
    "learning happens in the flow of work, not the LMS", "managers have to model it <- the hard part",
    "NA", "None", "null", "a \"quoted\" phrase, with commas, and more", "line one\nline two",
    "emoji 🙈😄👋 and ☕", "non-Latin: Lernen ist sozial, 学习, التعلم", "R&D and Q&A aren't entities",
    "literal &amp; typed by hand", "=SUM(A1:A3) not a formula", "tabs\tinside",
]


def random_chat(n: int, seed: int = 0, start: str = "2023-02-03 08:00:00") -> list[Tweet]:
    """A chat of ``n`` tweets with questions, answers in many styles, replies, retweets, quotes,
    long posts, links and awkward text; ids are distinct 19-digit numbers rising with time."""
    rng = random.Random(seed)
    people = [f"user_{i:02d}" for i in range(24)]
    ids = sorted(rng.sample(range(10**18, 2**63 - 1), n))
    when = utc(start)
    tweets: list[Tweet] = []
    question = 0
    for i in range(n):
        when += timedelta(seconds=rng.randint(5, 40))
        user = "ld_host" if i % 50 == 0 else rng.choice(people)
        base = dict(id=str(ids[i]), user=user, user_id=str(3_000_000_000 + people.index(user) if user in people else 1),
                    name=user.title(), time=when)
        roll = rng.random()
        if i % 50 == 0:
            question += 1
            tweets.append(Tweet(**base, text=f"Q{question} What does social learning look like in week {question}? "
                                                f"#ldinsight"))
            continue
        originals = [t for t in tweets[-30:] if not t.is_retweet]
        if roll < 0.12 and originals:
            tweets.append(Tweet(**base, text="", retweet_of=rng.choice(originals)))
            continue
        if roll < 0.14:
            tweets.append(Tweet(**base, text=rng.choice(["NA", "None", "null", "nan", "N/A"])))
            continue
        style = rng.choice([f"A{question} ", f"a{question}) ", f"A{question}b: ", f"@ld_host A{question} ", ""])
        text = style + " / ".join(rng.sample(_PHRASES, rng.randint(1, 3))) + " #ldinsight"
        links = []
        if roll > 0.85:
            short = f"https://t.co/{rng.randrange(16**10):010x}"
            links = [(short, f"https://example.org/{i}")]
            text += " " + short
        if roll > 0.95:
            text = text + " " + " ".join(rng.sample(_PHRASES, 8))  # a long post (over 280 characters)
        parent = rng.choice(tweets[-20:]) if roll < 0.35 and tweets else None
        if parent is not None and parent.is_retweet:
            parent = None
        tweets.append(Tweet(**base, text=(f"@{parent.user} " + text) if parent else text, links=links,
                            reply_to=parent.id if parent else "", reply_to_user=parent.user if parent else "",
                            conversation=(parent.conversation or parent.id) if parent else ""))
    return tweets
