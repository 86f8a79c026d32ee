"""The question as a person types it, made into the question the pipeline searches and answers.

People type in whatever mode their input method is in and talk to a chatbot politely:
"Ｈｏｗ ｍａｎｙ…" in full-width letters, "２０２３年…" in full-width digits, "请问…", "我想知道…".
None of that is part of what is asked. Left in, full-width Latin hides an English question
from the English path (it abstained on every one), and a courtesy opener is searched for and
weighed as if it were a topic word ("请问" made two seed questions answer from the wrong
sentence). Measured by eval/bench_questions.py: each way of typing a question is scored
against the same questions as asked.
"""

from __future__ import annotations

import re
import unicodedata

from qa.ingest.clean import CJK

# Courtesy openers of Chinese and English chat that ask nothing themselves: "请问", "我想
# 知道", "麻烦问一下", "please tell me". Only at the start of a question, with the comma,
# colon or space after them; "谁能告诉我" is here because it asks no person. Read from how
# people phrase questions to a search box or a help desk, not from any question set.
COURTESY = re.compile(
    r"^(?:(?:你好|您好|hi|hello)[\s,，!！。.]*)?"
    r"(?:请问一下|请问|请教一下|请教|请告诉我|请你告诉我|麻烦问一下|麻烦问下|麻烦告诉我"
    r"|我想问一下|我想问|想问一下|想问下|问一下|我想知道|想知道|我想了解一下|我想了解|想了解一下"
    r"|谁能告诉我|能否告诉我|能不能告诉我|可以告诉我|你知道|您知道"
    r"|please tell me|can you tell me|could you tell me|do you know|i (?:would like|want) to know)"
    r"[\s,，:：]*",
    re.I,
)


# A space between two Chinese characters is where the typist paused: Chinese writes no spaces
# between words, so it stands for the comma they did not type ("货运量达到多少 船舶待闸时间拉长
# 到了多久" asks two things, as with the comma).
_PAUSE = re.compile(rf"(?<=[{CJK}])\s+(?=[{CJK}])")


def as_asked(typed: str) -> str:
    """The question without layout and courtesy: NFKC (full-width letters, digits and marks
    become their ASCII forms, as in every document the index reads), one space between
    words, a comma for a space between Chinese characters, and no courtesy opener. A
    question that is nothing but courtesy stays as it is."""
    question = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", typed)).strip()
    rest = _PAUSE.sub(",", COURTESY.sub("", question, count=1).strip())
    if not re.search(r"\w", rest):
        return question
    if rest[:1].isascii() and rest[:1].isalpha() and question[:1].isupper():
        rest = rest[:1].upper() + rest[1:]  # "please tell me what…" → "What…"
    return rest
