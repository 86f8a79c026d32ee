"""Text of one file → articles → numbered paragraphs.

A newspaper page or a web page is read line by line. Each line becomes a *unit* of one
kind (heading, byline, end marker, body, page chrome); then units are grouped into
articles in reading order, paragraphs broken across columns are joined, and text that
a page printed out of order (a column continued elsewhere, an article whose opening
sits below another) is stitched back to the article it continues.

Structured files (HTML, PDF, Word) arrive as blocks that already say what is a title,
heading, paragraph or table row (`segment_blocks`); their paragraphs go through the same
line rules, so datelines and furniture are dropped there too.

Lines are width-folded (NFKC) before they are classified. Page furniture is named data in
qa/ingest/furniture.py; the rules here are named after what they recognise, written for
Chinese news pages in general and checked on the seeds, on full-width copies of them, on
pages made up in the tests and on the wild corpus.
"""

from __future__ import annotations

import itertools
import re
import statistics
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import Enum
from functools import lru_cache

from qa.ingest.blocks import Block
from qa.ingest.clean import (
    CJK,
    display_text,
    display_title,
    normalise,
    strip_page_jumps,
    strip_pinyin,
    to_simplified,
)
from qa.ingest.furniture import (
    DATE_OPENING,
    LIST_ITEM,
    LIST_ITEM_MAX,
    RELATED_HEADER,
    furniture,
    meta_line,
    site_label,
)
from qa.records import Article, Paragraph
from qa.sentences import split_sentences


class Kind(Enum):
    CHROME = "chrome"
    END = "end"
    BYLINE = "byline"
    HEADING = "heading"
    SUBTITLE = "subtitle"
    BODY = "body"


@dataclass
class Unit:
    kind: Kind
    text: str
    blanks_before: int
    level: int = 0  # markdown heading level, 0 when not markdown
    dateline: bool = False
    page: int | None = None  # PDF page the text starts on
    whole: bool = False  # a paragraph a structured file marked whole: never joined to the next


# ---------------------------------------------------------------- line classification

HEADING_MAX = 45
# A question longer than this is a sentence of the text, not a heading ("“战略忍耐”?").
QUESTION_HEADING_MAX = 20
# Sentence ends, closing quotes and brackets: a line ending so is a whole sentence. Lines are
# width-folded (NFKC) before they are tested, so the half-width forms stand for both.
TERMINAL = "。!?…”’」』"
# A line ending so runs on into the next: comma, enumeration comma, colon, semicolon, an
# opening bracket, book title mark or quote, a dash.
CONTINUES = ",、:;(《“‘—-"
# A line longer than this with no break in it is a whole article pasted as one line: it is
# cut into paragraphs at sentence ends, about PARAGRAPH_CHARS characters each. News
# paragraphs stay well under it (longest in the seeds: 687 characters; chosen there).
LONG_LINE = 1200
PARAGRAPH_CHARS = 300

_ELISION = re.compile(r"^[.…。·\s]+$")
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"]*\")?\)")
_BOLD_LINE = re.compile(r"^\*\*(.+?)\*\*\s*$")
# A wire or paper dateline opening the first paragraph: "新华社北京6月23日电", "本报天津讯",
# "人民网北京10月1日电", "中新网上海3月5日电": an agency or paper, a place, a date, 电/讯.
_DATELINE = re.compile(
    r"^(据)?(新华社|中新社|本报|本台)[^,。]{0,12}?(\d{0,2}月?\d{0,2}日?电|讯)"
    r"|^(据)?[^,。:\s]{2,12}?\d{1,2}月\d{1,2}日(电|讯)"
)
# A note in brackets closing an article: wire credit, source, editor, author's affiliation,
# "(完)". Toolbar words after it ("【纠错】") are ignored.
_END_MARKER = re.compile(
    r"[(](?:(?:据)?(?:新华社|中新社)[^()]{0,16}电|据[^()]{1,12}|责编|责任编辑|作者单位|"
    r"来源|完|全文完)[^()]{0,40}[)]\s*$"
)
_TRAILING_WIDGETS = re.compile(r"(?:\s*【[^】]{1,6}】)+\s*$")
# A line this short that ends in such a note is the article's end ("…揭晓最终获奖者。(完)"):
# the sentences before the note are its last paragraph (end_note_apart keeps them).
END_LINE_MAX = 80
# A photo caption ends with its credit ("图为…。新华社记者 张三 摄", "(李四 摄)"): the
# caption is not text, and it does not end the article (photos sit between paragraphs).
_PHOTO_CREDIT = re.compile(r"(记者|通讯员)?[^,。]{0,12}摄\)?\s*$|^图为")
PHOTO_CAPTION_MAX = 120
# The 200 commonest Chinese surnames, enough to tell a byline ("王桂娟") from a short heading.
_SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
    "龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞"
    "左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕"
    "屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧"
    "闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
)


def _cjk_count(text: str) -> int:
    return len(re.findall(rf"[{CJK}]", text))


def fold(text: str) -> str:
    """The form lines are classified in: NFKC, so full-width and half-width read alike."""
    return unicodedata.normalize("NFKC", text)


def _flat(text: str) -> str:
    """Folded, simplified, no spaces: the form the furniture rules read."""
    return re.sub(r"\s+", "", normalise(text))


def is_terminated(text: str) -> bool:
    text = fold(text).rstrip()
    if not text:
        return False
    english_stop = text[-1] in ".!?\"'" and len(text) > 1 and text[-2].isascii()
    return text[-1] in TERMINAL or english_stop or text.endswith("电)")


def _is_name_line(text: str) -> bool:
    """ "高 涵", "王桂娟", "黄桦 张婷", "记者 任卫东 宋常青": one or more person names."""
    text = re.sub(r"^(新华社|本报)?(记者|作者|文/|文|撰文)[:]?\s*", "", fold(text).strip())
    if not text or _cjk_count(text) != len(text.replace(" ", "")):
        return False
    tokens = text.split()
    if all(len(t) == 1 for t in tokens) and len(tokens) == 2:  # "高 涵"
        tokens = ["".join(tokens)]
    return all(2 <= len(t) <= 3 and t[0] in _SURNAMES for t in tokens) and len(tokens) <= 6


def _is_chrome(text: str, chinese_page: bool = True) -> bool:
    flat = _flat(text)
    if furniture(flat):
        return True
    # On a Chinese page a short line with no Chinese at all is an ad or a logo ("ATM").
    latin = re.sub(r"[^A-Za-z]", "", flat)
    return chinese_page and bool(latin) and _cjk_count(flat) == 0 and len(flat) < 60


# The furniture that closes a web page (copyright, registration numbers, the site's link
# bar, a paper's imprint, the editor's line). Copied as text, it is often glued to the last
# paragraph on one line ("…中国选手夺得冠军。 新华社记者 张三 摄 主办单位：…京ICP备…"): the
# sentences before it are kept and the tail is dropped, rather than the whole line. Adverts
# and contact lines are not here: a line that ends in an ad is usually an ad throughout.
PAGE_FOOTERS = frozenset({"copyright", "card number", "navigation", "imprint", "staff line"})
# The text kept before such a tail is whole sentences, this many characters at least
# (a label before a footer, "联系我们。", is no paragraph).
FOOTER_PREFIX_MIN = 20


def without_footer(text: str, chinese_page: bool = True) -> str:
    """The line's sentences before a page footer glued to it, or "" when it has none (the
    line is furniture throughout, or no footer at all)."""
    sentences = split_sentences(text)
    for k in range(len(sentences) - 1, 0, -1):
        kept, tail = "".join(sentences[:k]), "".join(sentences[k:])
        if (
            furniture(_flat(tail)) in PAGE_FOOTERS
            and len(kept) >= FOOTER_PREFIX_MIN
            and is_terminated(_flat(kept))
            and not _is_chrome(kept, chinese_page)
        ):
            return kept
    return ""


def _is_byline(text: str) -> bool:
    plain = fold(to_simplified(text)).strip()
    if len(plain) > 40 or is_terminated(plain):
        return False
    if plain[:1] in "■□" or re.match(r"^(新华社|本报)?(记者|通讯员)|^[Bb][Yy]\s+[A-Z]", plain):
        return True
    return _is_name_line(plain)


def classify(line: str, blanks_before: int, chinese_page: bool = True) -> Unit | None:
    """One line of the file as a unit, or None for lines that carry nothing (elisions)."""
    text = _MD_LINK.sub(r"\1", strip_pinyin(line)).strip(" \t\u3000\u00a0")
    if not text or _ELISION.match(text):
        return None
    md = _MD_HEADING.match(text)
    if md:
        inner = display_title(md.group(2))
        kind = Kind.SUBTITLE if inner.startswith("—") else Kind.HEADING
        if _is_chrome(inner, chinese_page):
            kind = Kind.CHROME
        return Unit(kind, inner, blanks_before, level=len(md.group(1)))
    bold = _BOLD_LINE.match(text)
    if bold:
        return Unit(Kind.HEADING, display_title(bold.group(1)), blanks_before, level=7)
    folded = fold(to_simplified(text))
    if _end_note(folded):
        return Unit(Kind.END, text, blanks_before)
    if _PHOTO_CREDIT.search(folded) and len(folded) < PHOTO_CAPTION_MAX:
        return Unit(Kind.CHROME, text, blanks_before)
    if meta_line(_flat(text)):
        return Unit(Kind.BYLINE, text, blanks_before)
    if _is_chrome(text, chinese_page):
        kept = without_footer(text, chinese_page)
        if not kept:
            return Unit(Kind.CHROME, text, blanks_before)
        text = kept
    if _is_byline(text):
        return Unit(Kind.BYLINE, text, blanks_before)
    body = strip_page_jumps(text)
    folded_body = fold(body)
    short = len(body.replace(" ", "")) <= HEADING_MAX
    sentence_end = folded_body[-1] in "。;,、:" or (
        folded_body[-1] == "." and is_terminated(folded_body)
    )
    # A question or exclamation with a comma in it, or a long one, is a sentence, not a
    # heading ("当AI能够自己发现问题…,数学家的位置在哪里?").
    sentence_end = sentence_end or (
        folded_body[-1] in "?!" and ("," in folded_body or len(folded_body) > QUESTION_HEADING_MAX)
    )
    # A line opening with a full date and running on after a comma starts a sentence
    # ("2023年5月12日,区委召开专题会议"), where a column or OCR line ended.
    sentence_end = sentence_end or bool(DATE_OPENING.match(folded_body) and "," in folded_body)
    if short and "。" not in body and not sentence_end and folded_body[-1] not in CONTINUES:
        kind = Kind.SUBTITLE if body.startswith("—") else Kind.HEADING
        return Unit(kind, display_title(body), blanks_before)
    return Unit(Kind.BODY, body, blanks_before, dateline=bool(_DATELINE.match(folded_body)))


def cut_long_line(line: str) -> list[str]:
    """A whole article on one line, cut at sentence ends into paragraph-sized pieces."""
    if len(line) <= LONG_LINE:
        return [line]
    pieces: list[str] = []
    current = ""
    for sentence in split_sentences(line):
        current += sentence
        if len(current) >= PARAGRAPH_CHARS:
            pieces.append(current)
            current = ""
    if current:
        pieces.append(current)
    return pieces


def _end_note(folded: str) -> re.Match[str] | None:
    """The note that closes an article ("(完)", "（记者 张三）") at the end of a short line
    (folded, its trailing widgets left out), or None."""
    closing = _TRAILING_WIDGETS.sub("", folded)
    return _END_MARKER.search(closing) if len(closing) < END_LINE_MAX else None


def end_note_apart(line: str) -> list[str]:
    """A short last paragraph and the note that closes the article, glued on one line
    ("…杜比剧院揭晓最终获奖者。(完)", "…正式开通。（记者 张三）"), as two lines: the
    sentences are text, the note ends the article. Any other line is returned as it is."""
    folded = fold(to_simplified(line))
    note = _end_note(folded)
    if not note or len(folded) != len(line):
        return [line]
    before = line[: note.start()].rstrip()
    if not before or not is_terminated(before):
        return [line]
    return [before, line[note.start() :]]


def _list_item(line: str) -> bool:
    flat = _flat(line)
    return bool(LIST_ITEM.match(flat)) or (len(flat) <= LIST_ITEM_MAX and not is_terminated(flat))


def units_of(text: str) -> list[Unit]:
    chinese_page = _cjk_count(text) >= len(re.findall(r"[A-Za-z]", text)) / 4
    units: list[Unit] = []
    blanks = 0
    in_link_list = False  # under a "相关链接:" header, the short lines that follow are links
    lines = [
        part
        for line in text.split("\n")
        for piece in cut_long_line(line)
        for part in end_note_apart(piece)
    ]
    for line in lines:
        if not line.strip():
            blanks += 1
            continue
        if RELATED_HEADER.match(_flat(line)) and len(_flat(line)) <= LIST_ITEM_MAX:
            in_link_list, blanks = True, 0
            continue
        if in_link_list and _list_item(line):
            blanks = 0
            continue
        in_link_list = False
        if site_label(_flat(line)) and not any(u.kind is Kind.BODY for u in units):
            units.append(Unit(Kind.CHROME, line, blanks))
            blanks = 0
            continue
        unit = classify(line, blanks, chinese_page)
        blanks = 0
        if unit is None:
            continue
        prev = units[-1] if units else None
        # A markdown hard break ("**推进明责赋权扩能**  \n街道党组织…") continues a heading.
        if (
            prev is not None
            and unit.blanks_before == 0
            and prev.kind is Kind.HEADING
            and prev.level == 7
            and unit.kind is Kind.HEADING
        ):
            prev.text = f"{prev.text} {unit.text}"
            continue
        units.append(unit)
    return units


# ---------------------------------------------------------------- grouping into articles


@dataclass
class Draft:
    """An article while it is being assembled: heading units, then body and section units."""

    heads: list[Unit]
    items: list[Unit] = field(default_factory=list)  # BODY and HEADING (section) units
    orphan: bool = False

    @property
    def bodies(self) -> list[Unit]:
        return [u for u in self.items if u.kind is Kind.BODY]


# Blank lines that set a heading apart from the text above it as the title of a new article
# ("\n\n\n我国首条中欧班列线路 开行破万列"), when the file's section headings sit closer.
ARTICLE_GAP = 2


def _typical_heading_gap(units: list[Unit]) -> float:
    """How many blank lines usually stand before a heading in this file."""
    gaps = [u.blanks_before for u in units if u.kind is Kind.HEADING and u.level != 7]
    return statistics.median(gaps) if gaps else 1


def _starts_article(pending: list[Unit], body: Unit, after_end: bool, typical_gap: float) -> bool:
    """A new article needs a sign of its own: the last one ended (wire credit, "(完)"), a
    dateline or byline, a Markdown `#` title, or a title set further apart than sections."""
    first = pending[0] if pending else None
    return (
        after_end
        or body.dateline
        or any(u.kind is Kind.BYLINE for u in pending)
        or any(u.level == 1 for u in pending)
        or (
            first is not None
            and first.kind is Kind.HEADING
            and first.blanks_before >= ARTICLE_GAP
            and first.blanks_before > typical_gap
        )
    )


def _split_title_block(pending: list[Unit]) -> tuple[list[Unit], list[Unit]]:
    """(title block, leading section headings) of the lines above an article's first body.

    A title block ends at its byline or dateline, so headings below that are sections; with
    no byline, a heading set apart by blank lines from the one above it, or shorter than it,
    is a section: a kicker sits right on its headline and is the shorter of the two
    ("一箭三星!" / "我国成功发射…"), a headline is longer than its first section heading.
    """
    bylines = [i for i, u in enumerate(pending) if u.kind is Kind.BYLINE]
    if bylines:
        cut = bylines[-1] + 1
        rest = pending[cut:]
        if any(u.kind is Kind.HEADING for u in pending[:cut]):
            return pending[:cut] + [u for u in rest if u.kind is not Kind.HEADING], [
                u for u in rest if u.kind is Kind.HEADING
            ]
        return pending, []
    headings = [i for i, u in enumerate(pending) if u.kind is Kind.HEADING]
    for before, i in itertools.pairwise(headings):
        gapped = pending[i].blanks_before >= ARTICLE_GAP
        if gapped or len(pending[i].text) < len(pending[before].text):
            return pending[:i], [u for u in pending[i:] if u.kind is Kind.HEADING]
    return pending, []


def group(units: list[Unit]) -> list[Draft]:
    drafts: list[Draft] = []
    pending: list[Unit] = []
    after_end = True
    typical_gap = _typical_heading_gap(units)
    for i, unit in enumerate(units):
        if unit.kind is Kind.CHROME:
            continue
        if unit.kind is Kind.END:
            if any(u.kind is Kind.HEADING for u in pending):
                continue  # a source note in a title block ("(来源:…)") does not end anything
            pending = []
            after_end = True
            continue
        if unit.kind is not Kind.BODY:
            pending.append(unit)
            continue
        nxt = units[i + 1] if i + 1 < len(units) else None
        is_caption = (
            unit.blanks_before >= 2
            and not pending
            and len(unit.text) < 60
            and nxt is not None
            and nxt.kind is Kind.HEADING
        )
        if is_caption:
            continue
        if pending or after_end or not drafts:
            if _starts_article(pending, unit, after_end, typical_gap) or not drafts:
                heads, sections = _split_title_block(pending)
                drafts.append(Draft(heads=heads, items=sections, orphan=not heads))
            else:
                drafts[-1].items.extend(u for u in pending if u.kind is Kind.HEADING)
        drafts[-1].items.append(unit)
        pending = []
        after_end = False
    return [d for d in drafts if d.bodies]


def title_of(heads: list[Unit]) -> tuple[str, str]:
    """(title, subtitle) from the heading lines above an article.

    Above a byline, earlier headings are page furniture (column names), so the title is
    the last heading; above a wire dateline, a kicker and a headline form one title.
    """
    subtitle = " ".join(u.text for u in heads if u.kind is Kind.SUBTITLE)
    names = [u for u in heads if u.kind is Kind.HEADING]
    if not names:
        return "", subtitle
    if any(u.kind is Kind.BYLINE for u in heads):
        before_byline = []
        for u in heads:
            if u.kind is Kind.BYLINE:
                break
            if u.kind is Kind.HEADING:
                before_byline.append(u)
        return (before_byline or names)[-1].text, subtitle
    return " ".join(u.text for u in names[-2:]), subtitle


# ---------------------------------------------------------------- joining broken paragraphs


def _bigrams(text: str) -> set[str]:
    chars = re.sub(rf"[^{CJK}0-9A-Za-z]", "", normalise(text))
    return {chars[i : i + 2] for i in range(len(chars) - 1)}


def similarity(a: str, b: str) -> float:
    x, y = _bigrams(a), _bigrams(b)
    if not x or not y:
        return 0.0
    return len(x & y) / min(len(x), len(y))


@lru_cache(maxsize=1)
def _jieba():
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


def spans_word(tail: str, head: str) -> bool:
    """Does the junction fall inside a dictionary word ("疏|解", "体|系", "吉|林")?"""
    left, right = normalise(tail)[-4:], normalise(head)[:4]
    if not left or not right:
        return False
    pos = 0
    for word in _jieba().cut(left + right, HMM=False):
        end = pos + len(word)
        if pos < len(left) < end and re.fullmatch(rf"[{CJK}]+", word):
            return True
        pos = end
    return False


def _parallel_openings(a: str, b: str) -> bool:
    """ "在市级层面…" / "在区县层面…": sibling paragraphs that open alike are not one paragraph."""
    x, y = normalise(a)[:5], normalise(b)[:5]
    if len(x) < 5 or len(y) < 5 or re.search(r"[A-Za-z]", x + y):
        return False  # English sentences open alike ("The …") all the time
    return sum(p == q for p, q in zip(x, y, strict=True)) >= 3


def join(a: str, b: str) -> str:
    if a[-1:].isascii() and a[-1:] not in " -" and b[:1].isascii() and b[:1].isalnum():
        return f"{a} {b}"
    return a + b


def _drop_prefix_duplicates(items: list[Unit]) -> list[Unit]:
    """A body line printed twice, the second time continued: keep the longer one."""
    kept: list[Unit] = []
    for i, unit in enumerate(items):
        nxt = items[i + 1] if i + 1 < len(items) else None
        if (
            unit.kind is Kind.BODY
            and nxt is not None
            and nxt.kind is Kind.BODY
            and len(unit.text) >= 20
            and nxt.text.startswith(unit.text)
        ):
            continue
        kept.append(unit)
    return kept


def _text(units: Iterable[Unit]) -> str:
    return "".join(u.text for u in units if u.kind is Kind.BODY)


def _continuation(unit: Unit, rest: list[Unit], titled: list[Draft]) -> Draft | None:
    """The titled article that `unit` (a line of untitled text) runs on into, when it fits
    that article clearly better than the text after it (004: the opening columns of
    高涵's article printed below another article)."""
    if unit.kind is not Kind.BODY or is_terminated(unit.text) or fold(unit.text)[-1] in CONTINUES:
        return None
    nxt = next((u for u in rest if u.kind is Kind.BODY), None)
    best = 0.0
    if nxt is not None:
        best = similarity(unit.text, _text(rest)) + spans_word(unit.text, nxt.text)
    target = None
    for draft in titled:
        head = draft.bodies[0]
        if head.dateline:
            continue
        score = similarity(unit.text, _text(draft.items)) + spans_word(unit.text, head.text)
        if score > best + 0.1:
            best, target = score, draft
    return target


def stitch(drafts: list[Draft]) -> list[Draft]:
    """Move text printed out of place back into the article it belongs to.

    Body text with no title above it (after an article's end marker) is cut into runs at
    every line that continues another article's opening; each run goes before that
    article's body. What fits nowhere stays an untitled article.
    """
    for d in drafts:
        d.items = _drop_prefix_duplicates(d.items)
    titled = [d for d in drafts if not d.orphan]
    before: dict[int, list[Unit]] = {}
    kept: list[Draft] = []
    for d in drafts:
        if not d.orphan:
            kept.append(d)
            continue
        run: list[Unit] = []
        for idx, unit in enumerate(d.items):
            run.append(unit)
            target = _continuation(unit, d.items[idx + 1 :], titled)
            if target is not None:
                before.setdefault(id(target), []).extend(run)
                run = []
        if any(u.kind is Kind.BODY for u in run):
            kept.append(Draft(heads=[], items=run, orphan=True))
    for d in kept:
        d.items = before.get(id(d), []) + d.items
    return kept


def paragraphs_of(items: Iterable[Unit]) -> list[tuple[str, str, int | None]]:
    """(section, text, page) triples: body lines joined where a sentence runs on across a
    break (plain text only: a structured file's paragraphs are whole)."""
    out: list[tuple[str, str, int | None]] = []
    section = ""
    current: Unit | None = None  # the paragraph being built: its first unit, text so far
    text = ""
    after_heading = False
    for unit in items:
        if unit.kind is Kind.HEADING:
            # A heading right under another is its sub-heading: the section names both.
            section = f"{section} {unit.text}" if after_heading and section else unit.text
            current, after_heading = None, True
            continue
        if unit.kind is not Kind.BODY:
            continue
        after_heading = False
        if (
            current is not None
            and not current.whole
            and not unit.whole
            and not is_terminated(text)
            and not _parallel_openings(text, unit.text)
        ):
            text = join(text, unit.text)
            out[-1] = (out[-1][0], text, out[-1][2])
            continue
        current, text = unit, unit.text
        out.append((section, text, unit.page))
    return out


def _articles(source: str, drafts: list[Draft], title_of_draft) -> list[Article]:
    articles: list[Article] = []
    for draft in drafts:
        triples = [(sec, display_text(t), page) for sec, t, page in paragraphs_of(draft.items)]
        triples = [(sec, t, page) for sec, t, page in triples if t]
        if not triples:
            continue
        title, subtitle = title_of_draft(draft.heads)
        if not title and triples[0][0]:
            # Text with no title block but headings above its first paragraph (an article
            # printed apart from its byline): those headings are its title, not a section.
            title = triples[0][0]
            triples = [("" if sec == title else sec, t, page) for sec, t, page in triples]
        elif not title:
            first = triples[0][1]
            title = first if len(first) <= 24 else first[:24] + "…"
        number = len(articles) + 1
        paragraphs = tuple(
            Paragraph(
                source=source,
                article=number,
                title=title,
                section=section,
                paragraph=i,
                text=body,
                search_text=normalise(body),
                page=page,
            )
            for i, (section, body, page) in enumerate(triples, start=1)
        )
        articles.append(Article(source, number, title, subtitle, paragraphs))
    return articles


def segment(source: str, text: str) -> list[Article]:
    """The articles of one plain-text file, numbered from 1, each with paragraphs from 1."""
    return _articles(source, stitch(group(units_of(text))), title_of)


# ---------------------------------------------------------------- structured files


def units_of_blocks(blocks: Sequence[Block]) -> list[Unit]:
    """Blocks as units. The file said what is a title, heading or row; paragraphs still go
    through the line rules, so datelines, editors' lines and toolbars are dropped."""
    all_text = "".join(b.text for b in blocks)
    chinese_page = _cjk_count(all_text) >= len(re.findall(r"[A-Za-z]", all_text)) / 4
    units: list[Unit] = []
    for block in blocks:
        if block.kind == "row":
            units.append(Unit(Kind.BODY, block.text, 1, page=block.page, whole=True))
            continue
        if block.kind in ("title", "subtitle", "heading"):
            text = display_title(block.text)
            if meta_line(_flat(text)):
                kind = Kind.BYLINE
            elif _is_chrome(text, chinese_page) or not text:
                kind = Kind.CHROME
            elif block.kind == "subtitle" or text.startswith("—"):
                kind = Kind.SUBTITLE
            else:
                kind = Kind.HEADING
            level = 1 if block.kind == "title" else 3
            units.append(Unit(kind, text, 1, level=level, page=block.page))
            continue
        for piece in (p for line in cut_long_line(block.text) for p in end_note_apart(line)):
            unit = classify(piece, 1, chinese_page)
            if unit is None:
                continue
            unit.page, unit.whole = block.page, True
            if unit.kind is Kind.HEADING:
                unit.level = 3
            units.append(unit)
    return units


def group_blocks(units: list[Unit]) -> list[Draft]:
    """One article per title: a title after body text opens the next article; headings are
    sections of the article they sit in."""
    drafts: list[Draft] = []
    for unit in units:
        if unit.kind in (Kind.CHROME, Kind.END):
            continue
        current = drafts[-1] if drafts else None
        if unit.kind is Kind.HEADING and unit.level == 1:
            if current is None or current.bodies:
                drafts.append(Draft(heads=[unit]))
            else:
                current.heads.append(unit)
            continue
        if current is None:
            current = Draft(heads=[])
            drafts.append(current)
        if unit.kind in (Kind.SUBTITLE, Kind.BYLINE) and not current.bodies:
            current.heads.append(unit)
        elif unit.kind in (Kind.BODY, Kind.HEADING):
            if unit.kind is Kind.HEADING and not current.bodies and not _titled(current):
                current.heads.append(unit)  # no title style: the first heading is the title
            else:
                current.items.append(unit)
    return [d for d in drafts if d.bodies]


def _titled(draft: Draft) -> bool:
    return any(u.kind is Kind.HEADING for u in draft.heads)


def block_title(heads: list[Unit]) -> tuple[str, str]:
    """The last title line above the body (a masthead in title type comes first), and the
    subtitles."""
    subtitle = " ".join(u.text for u in heads if u.kind is Kind.SUBTITLE)
    names = [u for u in heads if u.kind is Kind.HEADING]
    return (names[-1].text if names else ""), subtitle


def segment_blocks(source: str, blocks: Sequence[Block]) -> list[Article]:
    """The articles of a structured file (HTML, PDF, Word), numbered as for plain text."""
    return _articles(source, group_blocks(units_of_blocks(blocks)), block_title)
