"""What the extractive answerer knows about a (question, candidate sentence) pair.

Every feature is general: how much of the question's weighted words a sentence holds, how
close its meaning is (the embedder's cosine), whether it holds the kind of thing the question
asks for (a figure, a date, a person, a place) that the question does not already say, and
where retrieval ranked it. The learned weights live in `extractive_weights.json`, fitted by
`eval/train_extractive.py`; nothing here knows a question or a file.
"""

from __future__ import annotations

import itertools
import logging
import math
import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from qa.answer.cite import scrub
from qa.crosslingual import common_words, place_names
from qa.enumeration import number_value
from qa.ingest.clean import CJK, compact, normalise
from qa.places import GENERIC_PLACES, place_stem
from qa.records import Passage
from qa.sentences import split_sentences

# Words that carry no topic: the grammar of a question (question words, particles, copulas,
# prepositions). A question's remaining words are what an answering sentence should repeat.
FUNCTION_WORDS = frozenset(
    [
        "什么",
        "哪些",
        "哪个",
        "哪里",
        "哪儿",
        "哪",
        "多少",
        "几",
        "几个",
        "怎样",
        "怎么",
        "如何",
        "是否",
        "为什么",
        "谁",
        "是",
        "的",
        "了",
        "在",
        "有",
        "和",
        "与",
        "及",
        "吗",
        "呢",
        "共",
        "上",
        "中",
        "对",
        "为",
        "将",
        "把",
        "被",
        "由",
        "等",
        "第",
        "之",
        "其",
        "所",
        "以",
        "于",
        "又",
        "也",
        "都",
        "就",
        "而",
        "或",
        "请问",
        "问",
    ]
)

# Nouns for people that "哪个/哪些/哪位…" asks about ("哪些选手", "哪一位作家"): a person.
_PERSON_NOUNS = (
    "人物|选手|球员|运动员|队员|演员|歌手|作家|诗人|画家|学者|科学家|教授|官员|领导人|球星"
    "|明星|艺人|将领|皇帝|君主"
)
# What "在哪…" asks about when it is no place: a period ("在哪一个朝代", "在哪个时期"),
# an aspect ("体现在哪些方面") or a work ("在哪一部经典中").
_NOT_PLACES = "朝代|时期|年代|时代|世纪|阶段|季节|方面|部分|领域|部|本|首|篇|集|场|次|届"

# The kind of thing a question asks for. Its question word decides first (checked in this
# order: "几月" asks for a date before "几" asks for a figure); only a question without one is
# typed by the noun it asks about ("硅谷银行破产时间", "死亡人数"): "谁是票房最高的演员" asks
# for a person, though it names a figure's topic. English for English questions.
ASKING_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "date",
        re.compile(
            r"何时|什么时候|几时|何日|哪一?年|哪一?天|哪一?日|几月|几号|何年|哪个月"
            r"|(?:公元|西元|民国)前?几年|几几年"  # "西元几年" asks which year, not how many
            r"|\bwhen\b|what year|what date|which year",
            re.I,
        ),
    ),
    (
        "quantity",
        re.compile(
            r"多少|(?<!哪)几(?!乎)[个名位项件次条家所座种年岁天倍成亿万千百十]?|多大|多高|多长|多远|多重|多久|"
            r"\bhow (many|much|long|far|old)\b|what (percentage|share|number)",
            re.I,
        ),
    ),
    (
        "person",
        re.compile(
            r"谁|哪位|何人|什么人|哪[一]?名|哪些人|\bwho\b|\bwhom\b"
            r"|\b(?:which|what) (?:[a-z-]+ ){0,2}(?:person|people)\b"
            rf"|哪[一]?[个些位名]?(?:{_PERSON_NOUNS})",
            re.I,
        ),
    ),
    (
        "place",
        re.compile(
            rf"哪里|哪儿|何地|(?<!如)何处|在哪(?![一]?[个些]?(?:{_NOT_PLACES}))"
            r"|(?:哪[一]?个?|什么)(国家|城市|省|地区|地方)|哪[一]?座|哪国|何方|\bwhere\b"
            # "which German city", "what port city": an adjective may stand before the noun
            r"|\b(?:which|what) (?:[a-z-]+ ){0,2}"
            r"(?:country|city|province|region|county|town|place|port|capital)\b",
            re.I,
        ),
    ),
)
# A date question that asks for the year ("哪一年", "何年", "年份") is not answered by a month
# or a day alone ("十月,…修成…" leaves the year to an earlier sentence): only a span naming a
# year, a reign's year, a century or a period is of the asked kind.
_ASKS_YEAR = re.compile(
    r"哪一?年|何年|几几年|(?:公元|西元|民国)前?几年|年份|\b(?:what|which) year\b", re.I
)
_NAMES_A_YEAR = re.compile(r"年|世纪|中叶")
# A month or a day, in digits or Chinese numerals ("十月", "3月", "15日").
MONTH_OR_DAY = re.compile(r"(?:\d{1,2}|[一二三四五六七八九十正腊]{1,2})\s*月|\d{1,2}\s*[日号]")


# The ways Chinese dates an event besides a calendar date (_DATE): a reign's year with one
# numeral ("元封二年", "建文元年"), an era or a stage ("清宣宗时代", "战国时期", "白垩纪早期"),
# a season or a solar term ("夏季", "夏至"), an age ("九岁那年"). Too loose to type a
# sentence (a duration "三年来" is no date), but an answer to "何时" that says none of these
# nor a date says no time at all. Chinese grammar, not any one text's words.
_DATES_OTHERWISE = re.compile(
    r"[\d一二三四五六七八九十百千〇零元]\s*年|年代|世纪|时代|时期|初期|早期|中期|晚期|末期"
    r"|[春夏秋冬][季天]|立[春夏秋冬]|[夏冬]至|[春秋]分|[\d一二三四五六七八九十]+岁"
)


def says_when(text: str, question: QuestionInfo) -> bool:
    """Whether a text says when (a date, a reign's year, a period, a season, an age) other
    than by the question's own words: "新法作出规定:…" answers no "何时"."""
    if typed_spans("date", text, question):
        return True
    asked = compact(question.text)
    return any(m.group() not in asked for m in _DATES_OTHERWISE.finditer(normalise(text)))


def asks_year(question: str) -> bool:
    """Whether a date question asks for the year, which a month alone does not answer."""
    return bool(_ASKS_YEAR.search(question))


# A search-style question: one with no question word, typed as a search query is.
_NO_QUESTION_WORD = r"^(?!.*(?:什么|哪|谁|几|多少|何|怎|是否)).*"
# A query's head noun is its last word, so the rules that read a query's ending come before
# the nouns that may stand anywhere in it ("…首日票房冠军" asks for a champion, not a figure).
ASKED_NOUNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # A search-style question that ends with a measure ("…特斯拉交付量", "…人口出生率",
    # "…GDP增长率", "…进出口总额"): Chinese names a measure by these endings.
    (
        "quantity",
        re.compile(
            rf"{_NO_QUESTION_WORD}(?:[量率额]|总数|人次|次数|增速|涨幅|降幅|跌幅|份额|产值|总值)[?？]?$"
        ),
    ),
    # A search-style question, with no question word, that ends with a role ("…男单冠军",
    # "…最佳女主角") asks who holds it ("什么游戏的男主角" asks for the game).
    (
        "person",
        re.compile(
            rf"{_NO_QUESTION_WORD}(冠军|得主|获得者|获奖者|导演|编剧|作者|主演|主角|总统|总理|首相|主席|创始人|董事长"
            r"|发言人|继任者|接班人)[?？]?$"
        ),
    ),
    ("date", re.compile(r"日期|时间|年份")),
    ("quantity", re.compile(r"人数|数量|金额|比例|百分之|票房|销量|规模")),
    ("place", re.compile(r"地点")),
)

# A question that asks what post a named person holds ("张某担任什么职务?", "李某的职务是
# 什么"): news writes a person's titles right before the name ("某学会副会长、某联盟秘书长
# 张某表示").
ASKS_TITLE: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "title",
        re.compile(
            r"(?:担任|任|是|有)(?:什么|何|哪个|哪些)(?:职务|职位|官职|头衔|身份)"
            r"|(?:职务|职位|头衔|身份)(?:是|为)(?:什么|何)"
        ),
    ),
)

ANSWER_TYPES = ASKS_TITLE + ASKING_WORDS + ASKED_NOUNS

# What a sentence holds of each kind. Figures: digits or Chinese numerals with a measure;
# dates: years, months, days, weekdays and relative days.
_FIGURE = re.compile(
    r"\d+(?:[.,]\d+)*\s*[%万亿千百]?|"
    r"(?:[两二三四五六七八九十]|一[十百千万亿])[一二三四五六七八九十两百千万亿]*[多余]?"
    r"(?:[个名位人项件次条家所座种岁天倍成%类只头匹张本部台辆架艘枚届场轮期批层级处股份篇首门道笔]|方面)|"
    # a fraction ("三分之二", "百分之三十") and a count of named parts ("六大板块", "四大任务")
    r"[一二三四五六七八九十百千]+分之[一二三四五六七八九十百千点]+|"
    r"(?:[两二三四五六七八九]|十[一二三四五六七八九]?)大(?=[\u4e00-\u9fff])"
)
_DATE = re.compile(
    # A period that dates an event: "民国初年", "明朝末年", "乾隆年间", "二十世纪".
    r"[\u4e00-\u9fff]{2}(?:初年|末年|年间|中叶)|\d{1,2}\s*世纪|[一二三四五六七八九十]{1,3}世纪|"
    # a date's digits do not start inside a longer number ("131号" is an address, not "31号")
    r"(?<![\d.])(?:\d{1,4}\s*年|\d{1,2}\s*月|\d{1,2}\s*[日号])|[一二三四五六七八九十〇零]{2,4}年|"
    r"[一二三四五六七八九十]{1,2}月|星期.|周[一二三四五六日]|[上中下]旬|今年|去年|明年|前年|"
    r"昨天|今天|明天|凌晨|上午|下午|晚上"
)
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
# Where a date or a clock time is written with digits ("2021年12月", "1月24日17时41分",
# "18/01/2022 - 00:10"): its digits are not figures, so a how-many question is not answered
# by "24". Chinese news and encyclopaedia notation, not any one text's.
_DATE_DIGITS = re.compile(
    # a span of years ("2014-2022年", "2019至2021年") is dated by both
    r"(?<!\d)(?:(?:1\d{3}|20\d{2})\s*[-—–~～/至到]\s*)?"
    r"(?:1\d{3}|20\d{2})\s*年(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*[日号])?)?"
    r"|(?<![\d.])\d{1,2}\s*月(?:\s*\d{1,2}\s*[日号])?"
    r"|(?<![\d.])\d{1,2}\s*[时点]\s*\d{1,2}\s*分"
    r"|(?<![\d.])\d{1,2}:\d{2}(?::\d{2})?"
    r"|(?<![\d.])\d{1,4}\s*[/-]\s*\d{1,2}\s*[/-]\s*\d{1,4}"
)
# A clause that only says when ("2013—2021年", "截至2021年底", "1月至9月", "今年以来"): its
# dates, joined by a range mark, with a preposition or a period word around them and nothing
# else. Chinese fronts such a clause before the one it dates.
_WHEN_ONLY = re.compile(
    rf"(?:截至|截止|到|在|从|自|于|至)?(?:(?:{_DATE_DIGITS.pattern}|{_DATE.pattern})[至到—–~～-]?)+"
    r"(?:以来|以后|之后|之前|以前|期间|年底|年末|年初|底|末|初|上半年|下半年|前|后|间|内|中)?"
)


def says_when_only(plain: str) -> bool:
    """Whether a clause says only when the clause after it happened."""
    return _WHEN_ONLY.fullmatch(plain) is not None


# A comma between groups of three digits ("4,000年前", "1,062万人") is how a figure is
# written, not part of it: the question's "4000" is the sentence's "4,000".
DIGIT_GROUP = re.compile(r"(?<=\d)[,，](?=\d{3}(?!\d))")


def ungrouped(text: str) -> str:
    """The text with its figures' digit-group commas left out."""
    return DIGIT_GROUP.sub("", text)


# A year as news and encyclopaedias write it: four digits from 1000 to 2099 not inside a
# longer number ("2022年", "2021财年", "(1575年)").
_YEAR_DIGITS = r"1\d{3}|20\d{2}"  # 1000-2099
_YEAR = re.compile(rf"(?<![\d.])({_YEAR_DIGITS})(?![\d.])")
# The unit a "how many" question counts in: what follows 多少/几 ("多少辆公交车" → 辆, "几名" →
# 名, "多少亿元" → 亿元, "多少人" → 人). An answer's figure is said in the same unit
# ("新增公交车320辆"); a figure in another unit counts something else. Units are the measure words
# and metric units of Chinese news, not any one question's.
_UNITS = (
    "个名位人项件次条家所座种岁天倍成类只头匹张本部台辆架艘枚届场轮期批层级处对户间栋"
    "元吨米亩年月日周"
)
_ASKED_UNIT = re.compile(
    rf"(?:多少|几)((?:[万亿千百]|百万|千万)?(?:公里|平方米|平方公里|公顷|小时|分钟|美元|人次|[{_UNITS}%])?)"
)
# What may stand between a figure and its unit: a multiplier, "余"/"多" ("130余人").
_FIGURE_TO_UNIT = r"\s*(?:[万亿千百]|百万|千万)?\s*(?:余|多)?\s*"


# How long something takes or lasts, in Chinese numerals ("十年后", "三个月", "半年"): digits
# are figures already ("10年"); a question asking how long (`_ASKS_DURATION`) is answered by
# these too.
_DURATION = re.compile(
    r"(?:[一两二三四五六七八九十百]+[多余]?个?半?|半个?)(?:年|月|周|星期|天|小时|分钟)"
)
_ASKS_DURATION = re.compile(
    r"多久|多长时间|(?:多少|几)个?(?:年|月|周|星期|天|小时|分钟)"
    r"|(?:时间|时长|工期|期限|周期)(?:有|是|为|要|需要)?多长"  # "排队时间有多长"
)
# What follows a figure that says how long ("36个小时", "3年", "15天半"): a how-long question
# is not answered by a figure of another measure ("2.5亿吨").
_TIME_UNIT_AFTER = r"\s*(?:多|余)?个?半?(?:年|月|周|星期|天|日|小时|钟头|分钟|秒)"


def asked_unit(question: str) -> str:
    """The unit a how-many question asks its figure in ("" when it names none)."""
    m = _ASKED_UNIT.search(question)
    return m.group(1) if m else ""


# A measure that is a rate ("GDP增长率", "所占比例", "市场份额是多少"), which only a share
# answers (RATE_SAID: "4.5%", "三分之二", "两成", "3个百分点", "1.5倍"), and one that is an
# amount ("总票房", "年销量", "营业收入"), which a share alone does not answer ("预售票房达去年的
# 85%") unless the question asks how much it changed ("销量同比增长多少"). Chinese names its
# measures so, in news and statistics of any topic.
_RATE_ASKED = re.compile(
    r"(?:率|比例|占比|比重|份额|百分比|增速|增幅|涨幅|降幅|跌幅)(?:是|为|有|达到?)?(?:多少|几)?[?？]?$"
)
RATE_SAID = re.compile(r"[%‰]|分之|[一二三四五六七八九两]成|个百分点|倍")
_AMOUNT_ASKED = re.compile(
    r"销量|票房|收入|营收|销售额|总额|金额|产量|产值|吞吐量|交付量|出口量|进口量|人数|总量"
)
_CHANGE_ASKED = re.compile(r"增长|增加|下降|减少|提高|上升|下滑|回落|变化|同比|环比")


def says_measure(text: str, question: QuestionInfo) -> bool:
    """Whether a text's figures are of the measure a how-many question asks: a rate for a
    rate, more than a share for an amount."""
    if question.kind != "quantity":
        return True
    plain = normalise(text)
    if _RATE_ASKED.search(question.text):
        return bool(RATE_SAID.search(plain))
    if _AMOUNT_ASKED.search(question.text) and not _CHANGE_ASKED.search(question.text):
        figures = typed_spans("quantity", text, question)
        return not figures or not all(
            f.endswith(("%", "‰")) or re.search(re.escape(f) + r"\s*[%‰]", plain) for f in figures
        )
    return True


# Measure words that count the same things: people are counted in 名, 人, 位 or 人次, and
# 个, the general classifier, stands for any classifier of countable things ("多少个社区" is
# answered by "30所", "12家"). Chinese grammar, not any one text's.
_PEOPLE = "名人位"
# 大 counts named parts too ("六大板块"), 面 the sides of a matter ("五方面").
_COUNTERS = "个项件条家所座种类只头匹张本部台辆架艘枚届场轮期批层级处对户间栋支大股份篇首门道笔面"


def said_units(unit: str) -> str:
    """The measure words a figure asked for in `unit` may be said in."""
    if unit in _PEOPLE or unit == "人次":
        return _PEOPLE
    if unit == "个":
        return _COUNTERS
    return ""


# What a how-many question counts is the noun phrase right after its question word and
# measure word ("多少名|在职党员|到社区报到" → 党员, "几个|专项工作组" → 专项, 工作组): modifiers,
# then nouns, ended by a verb, preposition, particle or mark. A sentence whose figure
# answers names one of those nouns; one that names none counts something else ("浙江引导
# 11.9万名快递员…" for "多少名外卖员"). jieba's tags, read over the words after the measure
# word; Chinese noun phrases, not any one text's.
_COUNTED_NOUN_TAGS = ("n", "nz", "nt", "j", "vn", "ng")
_COUNTED_MODIFIER_TAGS = ("b", "a", "v", "ns", "m")
_COUNTED_SUFFIX = "员者师工手"  # "外卖|员": a verb and an agent suffix name people
# Nouns that name the measure, not a thing counted ("多少比例", "多少人口"): `_RATE_ASKED`'s
# and `_AMOUNT_ASKED`'s kind, and the asked-kind nouns.
_MEASURE_NOUNS = re.compile(
    r"^(?:比例|占比|比重|份额|百分比|人口|面积|数量|数目|人数|金额|费用|资金|时间|年龄|距离|长度|高度)$"
)
_TIME_UNITS = ("年", "月", "日", "天", "周", "小时", "分钟")
_QUOTED = re.compile(r"^[\"“「『《]([^\"”」』》]{2,12})[\"”」』》]")  # "多少个“新邻驿站”"
COUNTED_WITHIN = 16  # characters after the measure word read for the phrase: a long noun phrase


def counted(question: str) -> tuple[str, ...]:
    """The nouns of what a how-many question counts ("多少支队伍参赛" → 队伍, 参赛: jieba tags
    both nouns), none when it names nothing a figure could be said of: a measure, a
    one-character noun, a mark right after, a time unit ("几天后", "几年时") or an ordinal
    ("第几任")."""
    m = _ASKED_UNIT.search(question)
    if not m or question[max(0, m.start() - 1)] == "第" or m.group(1) in _TIME_UNITS:
        return ()
    rest = question[m.end() :]
    if not m.group(1) and rest[:1] and rest[0] in _COUNTERS + _PEOPLE:
        rest = rest[1:]  # a measure word _ASKED_UNIT does not list ("多少支队伍")
    quoted = _QUOTED.match(rest)
    if quoted:
        return (compact(quoted.group(1)),)
    nouns: list[str] = []
    modifier = ""
    for word, flag in _jieba().posseg.cut(rest[:COUNTED_WITHIN]):
        if len(word) == 1 and word in _COUNTED_SUFFIX and (nouns or modifier):
            nouns[-1:] = [(nouns[-1] if nouns else modifier) + word]  # "快递|员"
        elif flag.startswith(_COUNTED_NOUN_TAGS) and flag not in ("nr", "ns"):
            nouns.append(word)
        elif word == "的" and nouns:
            continue  # "中世纪的塔楼"
        elif nouns or not flag.startswith(_COUNTED_MODIFIER_TAGS):
            break
        else:
            modifier = word
    return tuple(compact(n) for n in nouns if len(n) > 1 and not _MEASURE_NOUNS.match(n))


# A measure a question names without its unit ("总面积是多少", "主桥多长", "营收多少") is said
# in that measure's units: an area in 平方米, 亩, 公顷; a length or height in 米; a weight in
# 克 or 吨; money in 元 or another currency, or in 万/亿 alone as news writes takings. A figure
# in none of them counts something else ("近50个站点" for the stations' area). SI and
# Chinese measures, not any one text's.
_MEASURE_UNITS = (
    (re.compile(r"面积|占地"), r"平方|平米|亩|公顷|㎡|km2"),
    (
        re.compile(
            r"长度|体长|全长|身长|身高|高度|海拔|距离|多远|(?<!时间)(?<!时间有)多长(?!时间)"
        ),
        r"米|厘米|毫米|公尺|公分|公里|千米|英尺|英寸|英里|尺|km|cm|mm|m\b",
    ),
    (re.compile(r"重量|体重|多重"), r"克|吨|斤|磅|kg"),
    (
        re.compile(
            r"投资|资金|费用|收入|营收|金额|票房|多少钱|产值|销售额|营业额|利润|税收|成本|价格"
            r"|造价|收益|总值|GDP|预算|经费|补贴|奖金|工资|薪酬|赔偿"
        ),
        r"[美欧港日韩澳加台]?元|日圆|美金|英?镑|卢布|卢比|兹罗提|法郎|比索|万|亿",
    ),
)


def measure_units(question: str) -> str:
    """The units (a regex alternation) the figure a question asks for is said in, from the
    measures it names without a unit; "" when it names none or names its unit, or asks a
    rate, a duration or how much the measure changed (a share answers "票房同比增长了多少")."""
    if asked_unit(question) or any(
        p.search(question) for p in (_ASKS_DURATION, _RATE_ASKED, _CHANGE_ASKED)
    ):
        return ""
    return "|".join(units for named, units in _MEASURE_UNITS if named.search(question))


def said_in(figure: str, units: str, plain: str) -> bool:
    """Whether `plain` says `figure` in one of `units` ("1.20亿" is said in 亿 itself)."""
    if re.search(r"[万亿]$", figure) and re.search(r"(?:^|\|)[万亿](?:\||$)", units):
        return True
    return bool(re.search(re.escape(figure) + _FIGURE_TO_UNIT + f"(?:{units})", plain))


def unit_match(plain: str, typed: Sequence[str], unit: str) -> float:
    """1.0 when one of the sentence's figures is said in the asked unit ("320辆") or one
    that counts the same things (said_units); 0.0 when none is or the question names no
    unit."""
    if not unit:
        return 0.0
    bare = unit.lstrip("万亿千百")  # "亿元" asked, "3000万元" said: the same unit
    same = said_units(bare)
    units = f"(?:{re.escape(bare or unit)}|[{same}])" if same else re.escape(bare or unit)
    for item in typed:
        c = ungrouped(compact(item))  # "2,345" is said as "2345米" in the ungrouped sentence
        if c and re.search(re.escape(c) + _FIGURE_TO_UNIT + units, plain):
            return 1.0
        if c and bare and (c.endswith(bare) or (same and c[-1] in same)):  # "三名", "十多家"
            return 1.0
    return 0.0


# Words that refer back to a year named earlier ("1992年…… 同年7月"): the text's year is then
# unknown here, not in conflict.
_SAME_YEAR = re.compile(r"同年|当年|是年|该年|这一年")
# Words that date a sentence by the one before it ("同年7月", "次年", "船队由此诞生"): the
# date asked for is said there (`compose._antecedent`).
SAME_TIME = re.compile(_SAME_YEAR.pattern + r"|次年|翌年|同月|当月|同日|当天|由此|此时|此后")
# A typed thing is "near" the question's words when one of them is at most this many
# characters away in the sentence ("造成12人死亡" for "死亡人数"). Set by reasoning, not fitted:
# about one short clause of Chinese news; the weight it gets is fitted on cmrc + rgb.
NEAR_CHARS = 12

FEATURES: tuple[str, ...] = (
    "coverage",  # weighted share of the question's words in the sentence
    "coverage_context",  # the same over the sentence with its neighbours and headings
    "coverage_gap",  # coverage minus the best coverage among this question's candidates
    "cosine",  # embedder cosine of question and sentence
    "cosine_gap",  # cosine minus the best cosine among this question's candidates
    "type_match",  # the question asks for a kind of thing and the sentence says a new one
    "type_missing",  # the question asks for a kind of thing and the sentence says none
    "type_context",  # ... and a neighbouring sentence says one
    "focus",  # a "how many" question's counted word ("多少名快递员") is in the sentence
    "unit_match",  # a how-many question's unit ("多少辆") follows a figure of the sentence
    "unit_missing",  # a how-many question names its unit and no figure here is said in it
    "places_missing",  # share of the places the question names that the article never names
    "numbers_missing",  # share of the figures the question names absent around the sentence
    "aspect",  # coverage of the question's words that its passage's title does not say
    "aspect_passage",  # the same over the whole passage: does it say what is asked at all
    "type_near",  # a typed thing stands near one of the question's words in the sentence
    "year_conflict",  # the question names a year; the sentence names only other years
    "novelty",  # share of the sentence's characters the question does not have
    "rank",  # 1 / retrieval rank of the sentence's passage
    "retrieval",  # the passage's retrieval score over the best passage's
    "position",  # 1 / (1 + the sentence's place in its paragraph)
    "length",  # log length of the sentence
    "chars_aspect",  # share of the characters of the question's non-title words in the sentence
    "reason",  # the question asks why and the sentence gives a cause (因为, 由于, 导致 ...)
)


@lru_cache(maxsize=1)
def _jieba():  # jieba is untyped
    import jieba
    import jieba.analyse
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    return jieba


@lru_cache(maxsize=1)
def _idf() -> tuple[dict[str, float], float]:
    tfidf = _jieba().analyse.default_tfidf
    return tfidf.idf_freq, tfidf.median_idf


@dataclass(frozen=True)
class Term:
    text: str
    weight: float
    place: bool = False
    number: bool = False
    group: str = ""  # terms of one group stand for one English word: any one of them counts


@dataclass(frozen=True)
class QuestionInfo:
    """A question as the features see it: its weighted words, what it asks for."""

    text: str  # normalised
    terms: tuple[Term, ...]
    kind: str  # "date", "quantity", "person", "place", or "" when it asks for no one kind
    focus: str  # a quantity question's counted word, "" otherwise
    names: frozenset[str]  # the person and place names the question itself says
    hinge: tuple[str, ...] = ()  # the words either side of its question word (`hinge_words`)
    counted: tuple[str, ...] = ()  # a how-many question's counted nouns (`counted`)
    measure: str = ""  # the units of the measure it names without one (`measure_units`)
    post: str = ""  # the post a who-question asks for (`asked_post`)
    named: str = ""  # the thing whose name it asks (`asked_name_of`)


# A question word as jieba cuts it ("哪一年", "多久", "何时").
_QUESTION_WORD = re.compile(
    r"多少|几(?!乎).?|哪.{0,2}|什么|谁|何时|何地|何人|何处|多久|多大|多高|多长|多远|多重|怎样|怎么|如何"
)
_CLAUSE_MARK = re.compile(r"[,，;；?？!！。]")
# Nouns that only name the kind asked for ("…的时间", "…地点", "…人数"), and jieba's tags for
# names, numbers and times: none says what a question asks about.
_ASKED_NOUN_WORDS = frozenset(
    ["时间", "日期", "时候", "年份", "地点", "地方", "名字", "人数", "数量", "金额"]
)
_NOT_HINGES = ("nr", "ns", "nt", "m", "t")  # tag prefixes: "nrt" is a foreign name
# How many content words before a question word say what it asks about: a noun and its verb
# ("货运量达到多少", "实际参考人数"). Chosen by reading dev's and rgb's questions; 1 loses the
# noun before a verb.
HINGE_BEFORE = 2


def asks_several(question: str) -> bool:
    """Whether a question asks in two of its clauses ("投入了多少…,打造了多少…"): its answer
    may need a clause for each."""
    clauses = _CLAUSE_MARK.split(question)
    return sum(bool(_QUESTION_WORD.search(c)) for c in clauses) >= 2


def _asks_figure(question: str) -> bool:
    """Whether a question's words ask for a figure ("多少", "几"): a question asking how long
    and how much ("客流量达到多少,排队时间拉长到了多久") wants both."""
    return any(kind == "quantity" and p.search(question) for kind, p in ASKING_WORDS)


def answer_type(question: str) -> str:
    for kind, pattern in ANSWER_TYPES:  # question words first, then asked-for nouns
        if pattern.search(question):
            return kind
    return ""


def analyse(
    question: str,
    groups: Sequence[Sequence[str]] | None = None,
    known_places: Collection[str] = (),
) -> QuestionInfo:
    """The question's words weighted by rarity (jieba's IDF); `groups` are the Chinese words
    an English question's words stand for (qa.crosslingual), one group per English word.
    A word is a place when jieba tags it so or when it is one of `known_places`, the places
    the retrieved articles are about: jieba tags "金华" a brand in "金华有多少…", though the
    article about it names "金华市"."""
    terms_text = " ".join(t for g in groups for t in g) if groups is not None else None
    group_of = {t: str(i) for i, g in enumerate(groups or ()) for t in g}
    idf, median = _idf()
    kind = answer_type(normalise(question))
    # An English question is compared with the sentences through its Chinese words.
    text = normalise(terms_text) if terms_text is not None else normalise(question)
    source = text
    terms: dict[str, Term] = {}
    names: set[str] = set()
    focus = ""
    seen_wh = False
    for word, flag in _ranked_titles(_jieba().posseg.cut(source)):
        word = word.strip()
        if re.fullmatch(r"多少|几(?!乎).?|哪.?|什么|谁", word):
            seen_wh = True
            continue
        if not word or word in FUNCTION_WORDS or not re.search(rf"[{CJK}0-9A-Za-z]", word):
            continue
        if flag in ("nr", "ns", "nt", "nz"):
            names.add(word)
        if _NUMBER.fullmatch(word):
            terms[word] = Term(word, 2 * median, number=True)
            continue
        place = (flag == "ns" or word in known_places) and word not in GENERIC_PLACES
        stem = place_stem(word) if place else word
        weight = max(idf.get(word, median), 2.0)
        if len(stem) == 1 and not place:
            weight *= 0.3
        terms.setdefault(stem, Term(stem, weight, place=place, group=group_of.get(word, "")))
        if kind == "quantity" and seen_wh and not focus and len(stem) > 1 and not place:
            focus = stem
    hinge = hinge_words(source) if groups is None else ()
    # what is counted, measured or asked a post of is read from a Chinese question's own
    # words: an English question's are dictionary glosses, not a sentence
    chinese = groups is None
    return QuestionInfo(
        text,
        tuple(terms.values()),
        kind,
        focus,
        frozenset(names),
        hinge,
        counted=counted(text) if kind == "quantity" and chinese else (),
        measure=measure_units(text) if kind == "quantity" and chinese else "",
        post=asked_post(text) if kind == "person" and chinese else "",
        named=asked_name_of(text) if chinese else "",
    )


# A rank that makes another post of a title: "副部长" is not "部长", "副主席" not "主席". jieba
# cuts it off ("副|部长"), so a sentence naming the 部长 would say every word of a question
# about the 副部长 but the weak "副".
RANK_PREFIXES = frozenset({"副"})


def _ranked_titles(pairs: Iterable[Any]) -> list[tuple[str, str]]:
    """jieba's (word, tag) pairs with a rank prefix joined to the title after it."""
    out: list[tuple[str, str]] = []
    for pair in pairs:
        if out and out[-1][0] in RANK_PREFIXES and re.fullmatch(rf"[{CJK}]+", pair.word):
            out[-1] = (out[-1][0] + pair.word, pair.flag)
        else:
            out.append((pair.word, pair.flag))
    return out


def hinge_words(question: str) -> tuple[str, ...]:
    """The words that say what a question word asks about: in each clause that has one, the
    last HINGE_BEFORE content words before it and the last one after it ("闭幕时间" → 闭幕,
    "货运量达到多少" → 货运量, 达到; "有多少运动员" → 运动员); in a search query with no question
    word, its last words. Names, numbers, times and the nouns that only name the kind asked
    for (时间, 地点) are left out: they say where or when, not what. Of the clauses of one
    answering sentence, the one that says a hinge word is the answer (`clauses.clause`)."""
    hinge: list[str] = []
    before: list[str] = []
    after: list[str] = []
    asking = False  # the clause read so far has a question word
    last: list[str] = []  # the words of the last clause without one ("…男单冠军?")
    for pair in _jieba().posseg.cut(question):
        word, flag = pair.word.strip(), pair.flag
        if _QUESTION_WORD.fullmatch(word):
            asking = True
        elif _CLAUSE_MARK.fullmatch(word):
            if asking:
                hinge += before[-HINGE_BEFORE:] + after[-1:]
            elif before:
                last = before
            before, after, asking = [], [], False
        elif (
            len(word) > 1
            and word not in FUNCTION_WORDS
            and word not in _ASKED_NOUN_WORDS
            and not flag.startswith(_NOT_HINGES)
            and not _NUMBER.fullmatch(word)
        ):
            (after if asking else before).append(word)
    if asking or not hinge:
        hinge += (before or last)[-HINGE_BEFORE:] + after[-1:]
    return tuple(dict.fromkeys(hinge))


def holds_term(plain: str, term: Term) -> bool:
    """Whether compacted text says a term; a figure only as a whole number ("2" is not said
    by "2022年" or "1+2+N"'s neighbour "12")."""
    return said_whole(term.text, plain) if term.number else term.text in plain


def said(terms: Sequence[Term], plain: str) -> float:
    """The weight of the terms found in compacted text; a long word counts in part by its
    character pairs ("身高体重" in "身高2米11,体重118公斤"); a group of alternatives counts
    once, by its best member."""
    groups: dict[str, list[Term]] = {}
    for t in terms:
        groups.setdefault(t.group or f"={t.text}", []).append(t)
    found = 0.0
    for group in groups.values():
        best = 0.0
        for t in group:
            if holds_term(plain, t):
                best = max(best, t.weight)
            elif len(t.text) >= 3 and not t.number:
                pairs = [t.text[i : i + 2] for i in range(len(t.text) - 1)]
                best = max(best, t.weight * 0.7 * sum(p in plain for p in pairs) / len(pairs))
        found += best
    return found


def coverage(terms: Sequence[Term], plain: str) -> float:
    """Weighted share of the terms found in compacted text (see `said`)."""
    groups: dict[str, list[Term]] = {}
    for t in terms:
        groups.setdefault(t.group or f"={t.text}", []).append(t)
    total = sum(max(t.weight for t in g) for g in groups.values())
    return said(terms, plain) / total if total else 0.0


# A foreign name as Chinese writes it: a run of the characters of the standard transliteration
# table ("斯托尔滕贝格", "阿尔瓦雷斯"), which jieba often cuts into pieces or leaves untagged.
# Three characters at least: two-character runs are too often words ("东西", "利用").
# A Chinese given name is one or two characters; jieba tags a surname it cut off as a
# one-character name ("宋/nr 建成/v").
GIVEN_NAME_CHARS = 2
# jieba's tags of a word that is no given name after a surname it cut off: a preposition,
# conjunction, particle, adverb, pronoun, numeral, measure word or locative ("…氏康|为了…",
# "王|和…"). A given name may be tagged a verb or an adjective ("宋|建成").
_NOT_GIVEN_NAMES = ("p", "c", "u", "d", "r", "m", "q", "f")
# jieba's tags of a bound morpheme (语素): a character that is no word on its own, so one
# right after a name is often the name's last character ("罗致/nr 焕/vg"). Not "时" (乾隆时:
# in 乾隆's time) nor "摄" (陶亮摄: photographed by 陶亮), which news writes after whole names.
BOUND_MORPHEMES = frozenset({"vg", "ng", "ag", "tg", "dg"})
AFTER_NAMES = frozenset("时時摄攝")
_TRANSLITERATED = re.compile(
    "[阿埃艾爱安昂奥巴拜班邦保鲍贝本比彼毕宾波伯博布查达戴黛丹道德迪蒂丁杜敦多厄恩尔法凡"
    "菲斐费芬弗福盖甘冈戈格贡古瓜圭哈海汉豪赫亨胡怀霍基吉加贾杰卡凯坎康考柯科克肯库夸奎"
    "拉莱兰朗劳勒雷蕾里利丽莉琳卢鲁伦罗洛玛迈曼梅蒙米敏莫默姆穆纳娜奈瑙内尼妮努诺欧帕派"
    "佩皮珀普齐奇契恰乔琼萨赛桑瑟森沙莎舍什施斯丝苏索塔泰坦汤特滕提图托瓦韦维温沃乌西希"
    "谢辛雅娅亚耶伊因尤约泽扎詹兹佐谟]{3,}"
)


# A news dateline says where and when a report was filed, not where or when its event
# happened: "本报北京8月17日讯", "新华社酒泉5月29日电", "（记者孙广勇）"; a photo credit
# ("（新华社记者李贺摄）") names who took the picture. Chinese wire and newspaper convention,
# not any one text's. "电" that begins a word ("5月6日电话沟通", "电视") is no dateline.
_DATELINE = re.compile(
    r"(?:本报|新华社|中新社|中新网|人民网|新华网|央视网|央广网|环球网)?[\u4e00-\u9fff]{2,6}"
    r"\d{1,2}月\d{1,2}日(?:讯|电(?![话视影子台脑力站器网商动车池源线缆报梯磁流压费量]))"
    r"|[(（]记者[^()（）]{1,40}[)）]|[(（][^()（）]{1,30}摄[)）]"
)
# The time zones Chinese news dates events in ("北京时间3月20日", "美东时间23日"): a clock's
# name, not a place where anything happened.
_TIME_ZONE = re.compile(
    r"(?:北京|当地|美东|美西|美国东部|美国西部|太平洋|格林尼治|格林威治|莫斯科|东京|欧洲中部)时间"
)


# A sentence that opens with a word pointing back ("它于1863年开始建造", "该线…", "同年…")
# speaks of what the sentence before it names: it says the question's words that one says.
ANAPHOR = re.compile(r"(?:它|他|她|其|该|此|这|那|同年|当年|次年|翌年)")

# A clause that supposes states no fact ("在年货运量1亿吨的情况下,…", "如果气温超过40度,…"):
# its figures, dates and names are a condition, not what happened. Chinese conditional frames,
# not any one text's.
_SUPPOSED = re.compile(
    r"(?:(?<=^)|(?<=[,，;；。!！?？]))\s*(?:如果|假如|假设|假若|倘若|若是|要是|一旦)[^,，;；。!！?？]*"
    r"|在[^,，;；。!！?？]{1,30}的?(?:情况|前提|条件)下"
)


# The longest name read after a title, in characters: a Chinese name has two to four. Set
# by reasoning, not fitted; measured on every bench set and wild-dev (eval/answers.md).
TITLED_NAME_CHARS = 4


# Where a who-question names the title it asks about: before its question word ("…东山藩主
# 是谁"), after it ("谁是…第一棒火炬手"), or ending a search-style query ("…男单冠军").
_TITLE_BEFORE = re.compile(rf"([{CJK}]{{2,8}}?)(?:是|为)?(?:谁|哪位|何人)")
_TITLE_AFTER = re.compile(rf"(?:谁|哪位|何人)(?:是|为)([{CJK}]{{2,12}})")
_TITLE_ENDING = re.compile(rf"([{CJK}]{{2,12}})[?？]?$")


def asked_titles(question: str) -> set[str]:
    """The endings (two to four characters) of the phrase naming what a who-question asks
    for: "藩主", "东山藩主" for "当时的东山藩主是谁?". jieba may cut the phrase one way in the
    question and another in the answer, so its endings are matched, not its words."""
    phrases = [
        m.group(1) for m in (_TITLE_BEFORE.search(question), _TITLE_AFTER.search(question)) if m
    ]
    if not phrases and (m := _TITLE_ENDING.search(question)):
        phrases.append(m.group(1))
    return {p[-n:] for p in phrases for n in range(2, 5) if len(p) >= n}


_WHO = frozenset({"谁", "哪位", "何人"})
_WHO_LINKS = frozenset({"是", "为", "由", "担任", "出任"})  # "…书记是谁", "谁担任…主任"


def asked_post(question: str) -> str:
    """The post a who-question asks for, as jieba cuts it, when it is a title of
    `_TITLE_END`'s: the last word of the clause before "是谁" or after "谁是/谁担任"
    ("兰州市委书记是谁" → 市委书记, "谁是美国总统" → 总统, "…副部长是谁" → 副部长); ""
    when the question asks for no post."""
    words = [w for w, _ in _ranked_titles(_jieba().posseg.cut(question))]
    for i, word in enumerate(words):
        if word not in _WHO:
            continue
        before = words[i - 2] if i >= 2 and words[i - 1] in _WHO_LINKS else ""
        after = ""
        if i + 1 < len(words) and words[i + 1] in _WHO_LINKS:
            clause = itertools.takewhile(lambda w: not _CLAUSE_MARK.fullmatch(w), words[i + 2 :])
            after = ["", *clause][-1]
        for post in (before, after):
            if len(post) > 1 and _TITLE_END.search(post):
                return post
    return ""


# A question that asks what a thing is called ("…的驿站叫什么", "该棱柱被称为什么") is answered
# by a sentence that names the thing: the name stands beside it ("标准化建设数百个“暖蜂驿站”").
# The thing is the noun right before the naming verb. Chinese grammar, not any text's.
_ASKS_NAME = re.compile(
    r"[,，]?(?:又|也|还|被|则)?(?:叫做|叫作|叫|称为|称作|名为|取名为?)(?:什么|啥)"
    r"|的?(?:名字|名称|全称|简称)(?:是|为|叫)(?:什么|啥)"
)


def asked_name_of(question: str) -> str:
    """The noun whose name a question asks ("深圳…建设的驿站叫什么" → 驿站), "" otherwise."""
    m = _ASKS_NAME.search(question)
    if not m:
        return ""
    words = list(_jieba().posseg.cut(question[: m.start()]))
    last = words[-1] if words else None
    if last is None or not last.flag.startswith("n") or len(last.word) < 2:
        return ""
    return compact(last.word)


def titled_names(words: Sequence, question: str) -> list[str]:
    """The names written right after a title the question asks about ("东山藩主佐藤健一为了…"
    for "…藩主是谁", "美国总统拜登表示" for "…总统是谁"): Chinese news puts a title before the
    name, so the nouns after it up to the next other word are the name, even one jieba does
    not know (a Japanese name may come out as a proper noun and a noun). The first of them must be a
    name or a proper noun, so "市长会议" names no one."""
    titles = asked_titles(question)
    out = []
    for i, w in enumerate(words):
        if w.word not in titles or i + 1 >= len(words):
            continue
        first = words[i + 1]
        if not (first.flag.startswith(("nr", "nz")) or first.flag.endswith("g")):
            continue
        name = ""
        for nxt in words[i + 1 :]:
            if not (nxt.flag.startswith("n") or nxt.flag.endswith("g")) or not re.fullmatch(
                rf"[{CJK}]+", nxt.word
            ):
                break
            name += nxt.word
        if 2 <= len(name) <= TITLED_NAME_CHARS:
            out.append(name)
    return out


# How titles end ("副会长", "秘书长", "组织部长", "首席科学家", "党委书记"): the words of
# posts in Chinese news.
_TITLE_END = re.compile(
    r"(?:长|主任|书记|委员|主席|院士|教授|研究员|经理|代表|总监|董事|总裁|总统|首相|总理|大使"
    r"|专家|负责人|科学家|工程师|议员|部长|理事|顾问|会长|校长|院长|馆长|社长|总编辑|发言人)$"
)
# The longest run of titles read before a name, in characters: two or three posts of a
# news byline ("某学会副会长、某联盟秘书长"). Set by reading news, not fitted; measured on
# wild-dev, the only set that asks for a post.
MAX_TITLES_CHARS = 40


def titles_before(plain: str, names: Collection[str]) -> list[str]:
    """The titles written right before a name the question says ("…副会长、…秘书长秦某解释
    说" → "…副会长、…秘书长"), back to the clause mark before them."""
    found = []
    for name in names:
        for m in re.finditer(re.escape(name), plain):
            before = re.split(r"[,，;；:：。!！?？“”\"(（)）]", plain[: m.start()])[-1]
            before = re.sub(r"^(?:据|由|经|在|对|向|与|和|同|让|请|邀请)", "", before)
            if 2 <= len(before) <= MAX_TITLES_CHARS and _TITLE_END.search(before):
                found.append(before)
    return found


def typed_spans(kind: str, text: str, question: QuestionInfo) -> list[str]:
    """The things of the asked kind that `text` says and the question does not (a document's
    own markers and source lines are not things it says)."""
    plain = _TIME_ZONE.sub("时间", _DATELINE.sub(" ", normalise(scrub(text))))
    plain = _SUPPOSED.sub(" ", plain)
    if kind == "quantity":
        dated = [m.span() for m in _DATE_DIGITS.finditer(plain)]
        if asked_unit(question.text) in ("年", "月", "日"):
            dated = []  # "成立了多少年": "50年" is the figure asked for
        found = [
            m.group().strip()
            for m in _FIGURE.finditer(plain)
            if not any(a <= m.start() < b for a, b in dated)
        ]
        found = [f for f in found if f and not _DATE.fullmatch(f)]
        if _ASKS_DURATION.search(question.text):
            lasting = [m.group() for m in _DURATION.finditer(plain)]
            if not _asks_figure(_ASKS_DURATION.sub("", question.text)):  # only how long
                found = [f for f in found if re.search(re.escape(f) + _TIME_UNIT_AFTER, plain)]
            found = [f for f in found if not any(f in d for d in lasting)] + lasting
    elif kind == "date":
        found = [m.group() for m in _DATE.finditer(plain)]
        if _ASKS_YEAR.search(question.text):
            found = [f for f in found if _NAMES_A_YEAR.search(f)]
    elif kind == "title":
        found = titles_before(plain, question.names)
    elif kind in ("person", "place"):
        flag = "nr" if kind == "person" else "ns"
        words = list(_jieba().posseg.cut(plain))
        found = [
            p.word
            for p in words
            if p.flag.startswith(flag) and len(p.word) > 1 and p.word not in GENERIC_PLACES
        ]
        if kind == "place":
            # a place jieba tags as a name or a common noun ("尼斯/nrt", "集安/n"): CC-CEDICT
            # glosses it as a place
            found += [
                p.word for p in words if not p.flag.startswith("ns") and p.word in place_names()
            ]
            # a people named for their place ("温州人", "广东人"), which jieba tags as a
            # noun: its place answers "哪里的人" ("哪一个地区的人")
            tags = _jieba().posseg.dt.word_tag_tab
            found += [
                p.word[:-1]
                for p in words
                if len(p.word) > 2
                and p.word.endswith("人")
                and tags.get(p.word[:-1]) == "ns"
                and p.word[:-1] not in GENERIC_PLACES
            ]
        if kind == "person":
            # jieba's dictionary tags some ordinary words as names (古老)
            # and some foreign places (索契); CC-CEDICT glosses them as places
            found = [f for f in found if f not in common_words() and f not in place_names()]
            # a surname jieba cut from its given name ("宋|建成", "郭|守时")
            found += [
                p.word + q.word
                for p, q in itertools.pairwise(words)
                if p.flag == "nr"
                and len(p.word) == 1
                and 0 < len(q.word) <= GIVEN_NAME_CHARS
                and re.fullmatch(rf"[{CJK}]+", q.word)
                and q.word not in FUNCTION_WORDS
                and not q.flag.startswith(_NOT_GIVEN_NAMES)
            ]
            # a three-character name jieba cut before its last character, which it tags a
            # bound morpheme: no word on its own ("罗致/nr 焕/vg")
            whole = {
                p.word + q.word
                for p, q in itertools.pairwise(words)
                if p.flag == "nr"
                and len(p.word) == 2
                and len(q.word) == 1
                and q.flag in BOUND_MORPHEMES
                and q.word not in AFTER_NAMES
                and re.fullmatch(rf"[{CJK}]", q.word)
            }
            found = [f for f in found if not any(w.startswith(f) for w in whole)] + sorted(whole)
            found = list(dict.fromkeys(found + titled_names(words, question.text)))
            # a transliterated name jieba missed or cut, not a foreign place
            places = [p.word for p in words if p.flag.startswith("ns") and len(p.word) > 1]
            for name in _TRANSLITERATED.findall(plain):
                if not any(name in w for w in places + found):
                    found = [f for f in found if f not in name] + [name]
    else:
        return []
    asked = compact(question.text)
    stated = set(_NUMBER.findall(asked))  # "2022春运": "2022年" is said, not an answer
    return [
        f
        for f in found
        if not said_whole(compact(f), asked)
        and not (set(_NUMBER.findall(f)) & stated and kind == "date")
    ]


def said_whole(thing: str, text: str) -> bool:
    """Whether `text` says `thing`, a figure in it as a whole number: "100" is not said by
    "第10000列", nor "2" by "3.2" or "12"."""
    before = r"(?<!\d)(?<!\d\.)" if thing[:1].isdigit() else ""
    after = r"(?!\d)(?!\.\d)" if thing[-1:].isdigit() else ""
    return re.search(before + re.escape(thing) + after, text) is not None


def aspect_terms(terms: Sequence[Term], title: str) -> list[Term]:
    """The question's words that its passage's title does not say. A title names the topic
    (an encyclopaedia entry's subject, a news story's event), so a sentence repeating it is
    merely on topic; what the question asks about ("副作用", "死亡人数") is in the rest."""
    plain = compact(title)
    return [t for t in terms if t.text not in plain]


def type_near(plain: str, typed: Sequence[str], terms: Sequence[Term]) -> float:
    """1.0 when one of the sentence's typed things (the figure, date, name asked for) stands
    within NEAR_CHARS of one of the question's words: the sentence says the asked thing
    about what is asked, not merely some figure somewhere."""
    spots = [
        m.start() for t in terms if len(t.text) > 1 for m in re.finditer(re.escape(t.text), plain)
    ]
    if not spots:
        return 0.0
    for item in typed:
        c = ungrouped(compact(item))
        for m in re.finditer(re.escape(c), plain) if c else ():
            if any(m.start() - NEAR_CHARS <= s <= m.end() + NEAR_CHARS for s in spots):
                return 1.0
    return 0.0


# A question that asks why, and the connectives by which Chinese prose gives a cause.
# "为什么" after a verb that takes "为" ("称为什么", "被誉为什么", "改名为什么") asks what it is
# called, and "为何" ending a question ("…的国家为何?") asks what it is: neither asks why.
_ASKS_REASON = re.compile(
    r"(?<![称誉名改成作认视列定选译叫])为(?:什|甚)么|为何(?![?？]?$)|何故|原因|缘故|怎么会|\bwhy\b",
    re.I,
)
_CAUSE = re.compile(r"因为|由于|因此|所以|因而|原因|导致|致使|使得|以致|为了|以便|从而|缘于|源于")
# What opens a sentence that states the result of what the sentence before it says
# ("…雨水充足;因此,茶叶产量高", "此举奠定了…"): its cause is not in it.
_RESULT_OPENER = re.compile(r"^(?:因此|所以|因而|于是|从而|故而|由此|此|这)")


def asks_reason(question: str) -> bool:
    """Whether a question asks why."""
    return bool(_ASKS_REASON.search(question))


# A sentence restates a question when at most this share of its characters are not the
# question's ("迁往山区" for "…为什么迁往山区?"): it says what is asked about, not the
# answer. Set by reasoning, not fitted: a third leaves room for a particle and a short aside.
RESTATES_SHARE = 1 / 3
# Words that stand for something the text named before ("成立这一机构", "该政策").
_POINTS_BACK = re.compile(r"这一|这个|这些|这项|这种|该|此|上述")


def restates(sentence: str, question: str) -> bool:
    """Whether a sentence says little besides the question's own words."""
    plain = compact(scrub(sentence))
    new = sum(ch not in question for ch in plain)
    return new <= RESTATES_SHARE * len(plain)


def says_it_before(sentence: str, question: str) -> bool:
    """Whether what a sentence answers is said in the sentence before it: a why-question's
    sentence that states only the result ("因此,…", "此举…", or the question's own words)
    and says no cause of its own ("由于…"), or a sentence that restates the question with
    a word pointing back where the asked thing would stand ("…画家张三发起成立这一组织" for "…成立
    了哪一个组织?")."""
    plain = compact(scrub(sentence))
    if asks_reason(question):
        if _CAUSE.search(_RESULT_OPENER.sub("", plain)):
            return False
        return bool(_RESULT_OPENER.match(plain)) or restates(sentence, question)
    pointing = {m.group() for m in _POINTS_BACK.finditer(plain)} - {
        m.group() for m in _POINTS_BACK.finditer(compact(question))
    }
    return bool(pointing) and restates(sentence, question)


def char_share(terms: Sequence[Term], plain: str) -> float:
    """The rarity-weighted share of the characters of the terms that the text has: a word
    said in another form ("叶子" asked, "叶为披针形" said) still counts by its characters."""
    idf, median = _idf()
    chars = {ch for t in terms if not t.number for ch in t.text if re.match(rf"[{CJK}]", ch)}
    total = sum(idf.get(ch, median) for ch in chars)
    return sum(idf.get(ch, median) for ch in chars if ch in plain) / total if total else 0.0


def years(text: str) -> set[str]:
    """The years a text names (four digits, 1000-2099, not part of a longer number)."""
    return set(_YEAR.findall(text))


# An ordinal with what it counts ("第七届", "第19棒", "第二次", "第31任", "首届"): news names
# a session, a leg, a term by it, and another number names another one.
_ORDINAL_FIGURE = r"[一二三四五六七八九十百零〇两]+|\d+"
_ORDINAL = re.compile(rf"(?:第\s*({_ORDINAL_FIGURE})|首)\s*([届次棒批期轮季代任艘架场号])")
# An ordinal of any series ("第五组", "第二章"): what "第几" asks for.
_ORDINAL_NUMBER = re.compile(rf"第\s*(?:{_ORDINAL_FIGURE})")


def ordinals(text: str) -> set[tuple[int, str]]:
    """The ordinals a text names, as (number, what it counts)."""
    found = set()
    for m in _ORDINAL.finditer(text):
        n = number_value(m.group(1)) if m.group(1) else 1  # "首届" is the first
        if n is not None:
            found.add((n, m.group(2)))
    return found


def ordinal_conflict(asked: set[tuple[int, str]], plain: str) -> float:
    """1.0 when the question names an ordinal ("第一棒") and the sentence names others of the
    same kind but not it ("第19棒", "第20棒")."""
    if not asked:
        return 0.0
    said = ordinals(plain)
    for number, kind in asked:
        same_kind = {n for n, k in said if k == kind}
        if same_kind and number not in same_kind:
            return 1.0
    return 0.0


# A month of a year ("1924年9月", "2022年十一月"): a report dated to the month.
_MONTH = re.compile(
    r"(?<![\d.])(1\d{3}|20\d{2})\s*年\s*(1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])\s*月"
)


def months(text: str) -> set[tuple[str, int]]:
    """The (year, month) pairs a text names."""
    return {(m.group(1), int(number_value(m.group(2)) or 0)) for m in _MONTH.finditer(text)}


def month_conflict(asked: set[tuple[str, int]], plain: str) -> float:
    """1.0 when the question names a month of a year ("1924年9月") and the sentence names
    other months of that year but not it ("1924年5月"): what happened in May is no answer
    about September."""
    said = months(plain)
    for year, month in asked:
        same_year = {m for y, m in said if y == year}
        if same_year and month not in same_year:
            return 1.0
    return 0.0


# A year a report compares with or counts from, not the year it reports on: "比2019年同期增长",
# "较2021年", "与2020年相比", "2020年以来", "自2018年起". A report on 2022 names them freely;
# "2012年和2016年" names both.
_REFERENCE_YEAR = re.compile(
    rf"(?:比|较|对比|相比|同比|自|从)\s*({_YEAR_DIGITS})\s*年"
    rf"|({_YEAR_DIGITS})\s*年\s*(?:同期|相比|水平|以来|起|至今|开始|底以来)"
)


def own_years(text: str) -> set[str]:
    """The years a text reports on: those it names, less those it only compares with or
    counts from (`_REFERENCE_YEAR`), unless it also names them otherwise."""
    references = [m.group(1) or m.group(2) for m in _REFERENCE_YEAR.finditer(text)]
    named = [m.group(1) for m in _YEAR.finditer(text)]
    return {y for y in named if named.count(y) > references.count(y)}


def paragraph_year_conflict(asked: set[str], paragraph: str) -> float:
    """1.0 when the question names a year and the paragraph (with its title) reports on
    years, none of them the asked one: a 2021 report's paragraph answers nothing about 2015,
    even in its sentences that name no year ("交付量为405278辆"). A paragraph that names no
    year of its own ("今年…") conflicts with none."""
    return year_conflict(asked, paragraph, own_years(paragraph))


def year_conflict(asked: set[str], local: str, said: set[str] | None = None) -> float:
    """1.0 when the question names a year and the text around a sentence names years (`said`,
    all it names by default), but not the asked one: a figure for 2021 is no answer about
    2022."""
    if not asked or _SAME_YEAR.search(local):
        return 0.0
    said = years(local) if said is None else said
    return float(bool(said) and not (said & asked))


_CLAUSE_CUT = re.compile(r"[,，;；]")


def things_dated_elsewhere(asked: set[str], plain: str, typed: Sequence[str]) -> float:
    """1.0 when the question names a year and each clause of a sentence that holds one of
    its things is dated, by its own years or by a clause before it that says only when,
    to other years: "2023年2月,…份额升至30.2%" answers nothing about 2022, even when the
    sentences around it name 2022."""
    if not asked or not typed or _SAME_YEAR.search(plain):
        return 0.0
    clauses = _CLAUSE_CUT.split(plain)
    dates: list[set[str]] = []
    for k, text in enumerate(clauses):
        if not any(compact(t) in text for t in typed):
            continue
        own = years(text)
        if not own and k > 0 and says_when_only(clauses[k - 1]):
            own = years(clauses[k - 1])
        dates.append(own)
    return float(bool(dates) and all(d and not d & asked for d in dates))


@dataclass(frozen=True)
class Candidate:
    """One sentence of one passage, the features that describe it, and later its score."""

    index: int  # 1-based passage number
    sentence: str
    features: dict[str, float]
    typed: tuple[str, ...]  # the things of the asked kind it says
    score: float = 0.0


def candidates(
    question: QuestionInfo, passages: Sequence[Passage], cosines: Sequence[Sequence[float]]
) -> list[Candidate]:
    """Every sentence of every passage with its features; `cosines[i][j]` is the embedder's
    cosine of the question and sentence j of passage i (as `split_sentences` cuts them)."""
    places = [t for t in question.terms if t.place]
    numbers = [t for t in question.terms if t.number]
    best_score = max((p.score for p in passages), default=0.0) or 1.0
    asked_years = years(question.text)
    unit = asked_unit(question.text)
    reason_asked = asks_reason(question.text)
    asked_ordinals = ordinals(question.text)
    asked_months = months(question.text)
    asked_named = {(n, what) for n, what in asked_ordinals if what != "次"}
    # "为什么…进行大规模整修" names a measure but asks why: no figure is asked
    figure_asked = question.kind == "quantity" and not reason_asked
    ordinal_asked = "第几" in question.text  # "第几届" is answered by "第五届"
    out: list[Candidate] = []
    for i, passage in enumerate(passages, start=1):
        home = "".join(passage.places)
        sentences = split_sentences(passage.text)
        article = compact(passage.title + passage.section + passage.text)
        said_ordinals = ordinals(ungrouped(article)) if asked_named else set()
        aspect = aspect_terms(question.terms, passage.title)
        aspect_passage = coverage(aspect, compact(passage.text)) if aspect else 0.0
        for j, sentence in enumerate(sentences):
            around = "".join(sentences[max(0, j - 1) : j + 2])
            local = ungrouped(compact(passage.title + passage.section + around))
            plain = ungrouped(compact(sentence))
            typed = typed_spans(question.kind, sentence, question) if question.kind else []
            context_typed = (
                typed_spans(question.kind, around, question) if question.kind and not typed else []
            )
            missing_places = sum(t.text not in article and t.text not in home for t in places)
            novel = sum(ch not in question.text for ch in plain)
            in_unit = unit_match(plain, typed, unit) if question.kind == "quantity" else 0.0
            f = {
                "coverage": coverage(
                    question.terms,
                    ungrouped(compact(sentences[j - 1])) + plain
                    if j > 0 and ANAPHOR.match(plain)
                    else plain,
                ),
                "coverage_context": coverage(question.terms, local),
                "cosine": float(cosines[i - 1][j]),
                "type_match": float(bool(question.kind) and bool(typed)),
                "type_missing": float(bool(question.kind) and not typed),
                "type_context": float(bool(question.kind) and not typed and bool(context_typed)),
                "focus": float(bool(question.focus) and question.focus in plain),
                "unit_match": in_unit,
                "unit_missing": float(bool(unit) and question.kind == "quantity" and not in_unit),
                "places_missing": missing_places / len(places) if places else 0.0,
                "numbers_missing": (
                    sum(not holds_term(local, t) for t in numbers) / len(numbers)
                    if numbers
                    else 0.0
                ),
                "aspect": coverage(aspect, plain) if aspect else 0.0,
                "aspect_passage": aspect_passage,
                "type_near": type_near(plain, typed, question.terms),
                "year_conflict": year_conflict(asked_years, local),
                "novelty": novel / max(len(plain), 1),
                "rank": 1.0 / i,
                "retrieval": passage.score / best_score if passage.score > 0 else 0.0,
                "position": 1.0 / (1 + j),
                "length": math.log1p(len(plain)) / 5,
                "chars_aspect": char_share(aspect, plain) if aspect else 0.0,
                "reason": float(reason_asked and bool(_CAUSE.search(plain))),
            }
            # a rule, not a scorer feature (extractive.eligible): "第19棒" is no answer
            # about "第一棒"
            f["ordinal_conflict"] = ordinal_conflict(asked_ordinals, plain)
            f["month_conflict"] = month_conflict(asked_months, plain)
            # and an article that never names the asked session, term or leg ("第31任") is
            # about another one ("第一次", "首次" are as often "for the first time")
            f["ordinal_missing"] = float(bool(asked_named) and not asked_named & said_ordinals)
            # and a sentence whose things are each dated to another year than the asked one
            # (figures only: jieba misses names, so a name's clause may seem to hold none)
            f["things_dated_elsewhere"] = (
                things_dated_elsewhere(asked_years, plain, typed) if figure_asked else 0.0
            )
            # and a paragraph that reports on other years than the asked one
            f["paragraph_year_conflict"] = paragraph_year_conflict(asked_years, article)
            # and a sentence whose figures are all in other units than the measure a question
            # names without one ("近50个站点" for "站点总面积是多少")
            f["measure_missing"] = float(
                figure_asked
                and bool(question.measure)
                and bool(typed)
                and not any(said_in(t, question.measure, plain) for t in typed)
            )
            # and a sentence that does not name the post a who-question asks for: its names
            # hold other posts ("习近平总书记" for "兰州市委书记是谁")
            f["post_missing"] = float(bool(question.post) and question.post not in plain)
            # and a sentence that does not name the thing whose name is asked ("…的驿站叫什么")
            f["named_missing"] = float(bool(question.named) and question.named not in plain)
            # and a sentence that does not name what a how-many question counts: its figures
            # count something else ("14个城市更新项目" for "多少个临时党支部")
            f["counted_missing"] = float(
                figure_asked
                and bool(question.counted)
                and not any(n in plain for n in question.counted)
            )
            # and a rule of the answer (extractive.select): a figure asked, none said
            f["figure_missing"] = float(
                figure_asked and not typed and not (ordinal_asked and _ORDINAL_NUMBER.search(plain))
            )
            out.append(Candidate(i, sentence.strip(), f, tuple(typed)))
    if out:
        top_cov = max(c.features["coverage"] for c in out)
        top_cos = max(c.features["cosine"] for c in out)
        for c in out:
            c.features["coverage_gap"] = c.features["coverage"] - top_cov
            c.features["cosine_gap"] = c.features["cosine"] - top_cos
    return out


def matrix(cands: Sequence[Candidate]) -> np.ndarray:
    """The candidates' features as rows, in FEATURES order."""
    return np.array([[c.features[name] for name in FEATURES] for c in cands], dtype=np.float64)
