"""Text of one file → articles → numbered paragraphs.

A newspaper page or a web page is read line by line. Each line becomes a *unit* of one
kind (heading, byline, end marker, body, page chrome); then units are grouped into
articles in reading order, paragraphs broken across columns are joined, and text that
a page printed out of order (a column continued elsewhere, an article whose opening
sits below another) is stitched back to the article it continues.

The rules are heuristics tuned on the seed corpus; each one is named after what it
recognises so it can be changed on its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum
from functools import lru_cache

from qa.ingest.clean import (
    CJK,
    display_text,
    display_title,
    normalise,
    strip_page_jumps,
    strip_pinyin,
    to_simplified,
)
from qa.records import Article, Paragraph


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


# ---------------------------------------------------------------- line classification

HEADING_MAX = 45
TERMINAL = "。!?!?…”’」』"
CONTINUES = ",,、:;;(《“‘—-"

_ELISION = re.compile(r"^[.…。·\s]+$")
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_BOLD_LINE = re.compile(r"^\*\*(.+?)\*\*\s*$")
_DATELINE = re.compile(r"^(据)?新华社[^,,。]{0,12}?\d{0,2}月?\d{0,2}日?电")
_END_MARKER = re.compile(
    r"[((](?:(?:据)?新华社[^()()]{0,16}电|据[^()()]{1,12}|责编|責編|作者单位|作者單位|来源|來源)"
    r"[^()()]{0,40}[))]\s*$"
)
_PHOTO_CREDIT = re.compile(r"(记者|記者)[^,。]{0,12}摄\s*$")
_DATE_LINE = re.compile(r"^[■□]?\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日")
_PHONE = re.compile(r"\d{3,4}\s*[-—–]\s*\d{7,8}|\b\d{7,8}\b")
_CARD = re.compile(r"\d{4,6}(\s\d{4}){3}")
_SITE_NAME = re.compile(r"^.{1,6}[网網]$")
_AD_WORDS = (
    "详情请关注",
    "营业网点",
    "咨询",
    "可贷",
    "放款",
    "无抵押",
    "无担保",
    "借记卡",
    "信用卡",
    "银联",
    "联系电话",
    "热线",
    "客服",
    "优惠",
    "订购",
    "微信公众号",
    "扫码",
    "二维码",
    "定价",
    "邮政编码",
    "社址",
    "广告",
    "印刷单位",
)
_CHROME_PHRASES = (
    "小字号",
    "大字号",
    "中字号",
    "分享让更多人看到",
    "返回顶部",
    "打印本页",
    "关闭窗口",
    "责编",
    "美编",
    "版式",
    "本版",
    "点击",
    "收藏",
    "扫一扫",
)
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


def _simplified(text: str) -> str:
    return normalise(text)


def is_terminated(text: str) -> bool:
    text = text.rstrip()
    if not text:
        return False
    english_stop = text[-1] in ".!?\"'" and len(text) > 1 and text[-2].isascii()
    return text[-1] in TERMINAL or english_stop or text.endswith(("电)", "电)"))


def _is_name_line(text: str) -> bool:
    """ "高 涵", "王桂娟", "黄桦 张婷", "记者 任卫东 宋常青": one or more person names."""
    text = re.sub(r"^(新华社|本报)?(记者|記者|作者|文/|文|撰文)[::]?\s*", "", text.strip())
    if not text or _cjk_count(text) != len(text.replace(" ", "").replace("\u3000", "")):
        return False
    tokens = text.split()
    if all(len(t) == 1 for t in tokens) and len(tokens) == 2:  # "高 涵"
        tokens = ["".join(tokens)]
    return all(2 <= len(t) <= 3 and t[0] in _SURNAMES for t in tokens) and len(tokens) <= 6


def _is_chrome(text: str, chinese_page: bool = True) -> bool:
    plain = _simplified(text)
    compact = plain.replace(" ", "")
    if compact.count("|") >= 4 or compact.count("|") >= 4:  # link lists, county-name spam
        return True
    if _DATE_LINE.match(plain) and len(compact) < 30:
        return True
    if _CARD.search(plain) or (_PHONE.search(plain) and len(compact) < 80):
        return True
    if len(compact) <= 12 and any(p in compact for p in _CHROME_PHRASES):
        return True
    if compact.startswith(("■本版", "□本版", "本版责编")) or "本版责编" in compact:
        return True
    if _SITE_NAME.match(compact):
        return True
    ads = sum(1 for w in _AD_WORDS if w in compact)
    if (ads >= 2 and len(compact) < 150) or (ads >= 1 and len(compact) < 12):
        return True
    # On a Chinese page a short line with no Chinese at all is an ad or a logo ("ATM").
    latin = re.sub(r"[^A-Za-z]", "", compact)
    return chinese_page and bool(latin) and _cjk_count(compact) == 0 and len(compact) < 60


def _is_byline(text: str) -> bool:
    plain = to_simplified(text).strip()
    if len(plain) > 40 or is_terminated(plain):
        return False
    if plain[:1] in "■□" or re.match(r"^(新华社|本报)?(记者|通讯员)|^[Bb][Yy]\s+[A-Z]", plain):
        return True
    return _is_name_line(plain)


def classify(line: str, blanks_before: int, chinese_page: bool = True) -> Unit | None:
    """One line of the file as a unit, or None for lines that carry nothing (elisions)."""
    text = strip_pinyin(line).strip(" \t\u3000\u00a0")
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
    if (_END_MARKER.search(text) and len(text) < 80) or _PHOTO_CREDIT.search(text):
        return Unit(Kind.END, text, blanks_before)
    if _is_chrome(text, chinese_page):
        return Unit(Kind.CHROME, text, blanks_before)
    if _is_byline(text):
        return Unit(Kind.BYLINE, text, blanks_before)
    body = strip_page_jumps(text)
    short = len(body.replace(" ", "")) <= HEADING_MAX
    sentence_end = body[-1] in "。;;,,、::" or (body[-1] == "." and is_terminated(body))
    if short and "。" not in body and not sentence_end and body[-1] not in CONTINUES:
        kind = Kind.SUBTITLE if body.startswith("—") else Kind.HEADING
        return Unit(kind, display_title(body), blanks_before)
    return Unit(Kind.BODY, body, blanks_before, dateline=bool(_DATELINE.match(body)))


def units_of(text: str) -> list[Unit]:
    chinese_page = _cjk_count(text) >= len(re.findall(r"[A-Za-z]", text)) / 4
    units: list[Unit] = []
    blanks = 0
    for line in text.split("\n"):
        if not line.strip():
            blanks += 1
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


def _starts_article(pending: list[Unit], body: Unit, after_end: bool) -> bool:
    headings = [u for u in pending if u.kind in (Kind.HEADING, Kind.SUBTITLE)]
    return (
        after_end
        or body.dateline
        or any(u.kind is Kind.BYLINE for u in pending)
        or any(u.level in (1, 2) for u in pending)
        or len(headings) >= 2
        or (bool(pending) and pending[0].blanks_before >= 2)
    )


def group(units: list[Unit]) -> list[Draft]:
    drafts: list[Draft] = []
    pending: list[Unit] = []
    after_end = True
    for i, unit in enumerate(units):
        if unit.kind is Kind.CHROME:
            continue
        if unit.kind is Kind.END:
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
            if _starts_article(pending, unit, after_end) or not drafts:
                drafts.append(Draft(heads=pending, orphan=not pending))
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
    if unit.kind is not Kind.BODY or is_terminated(unit.text) or unit.text[-1] in CONTINUES:
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


def paragraphs_of(items: Iterable[Unit]) -> list[tuple[str, str]]:
    """(section, text) pairs: body lines joined where a sentence runs on across a break."""
    out: list[tuple[str, str]] = []
    section = ""
    current: list[str] | None = None  # [section, text]
    for unit in items:
        if unit.kind is Kind.HEADING:
            section, current = unit.text, None
            continue
        if unit.kind is not Kind.BODY:
            continue
        if (
            current is not None
            and not is_terminated(current[1])
            and not _parallel_openings(current[1], unit.text)
        ):
            current[1] = join(current[1], unit.text)
            out[-1] = (current[0], current[1])
            continue
        current = [section, unit.text]
        out.append((section, unit.text))
    return out


def segment(source: str, text: str) -> list[Article]:
    """The articles of one file, numbered from 1, each with paragraphs numbered from 1."""
    drafts = stitch(group(units_of(text)))
    articles: list[Article] = []
    for draft in drafts:
        pairs = [(sec, display_text(t)) for sec, t in paragraphs_of(draft.items)]
        pairs = [(sec, t) for sec, t in pairs if t]
        if not pairs:
            continue
        title, subtitle = title_of(draft.heads)
        if not title:
            first = pairs[0][0] or pairs[0][1]
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
            )
            for i, (section, body) in enumerate(pairs, start=1)
        )
        articles.append(Article(source, number, title, subtitle, paragraphs))
    return articles
