"""What a sentence says: the things of each kind it holds (figures, dates, years, months,
ordinals, the names of people and places, the titles before a name), which of them the
question does not say already (`typed_spans`), in what unit or measure it says a figure, and
the clauses it is cut into (`split_clauses`).

It exists apart from what a question asks (qa.answer.asked), which it reads only to know
what is asked for, and from the scorer's features (qa.answer.features), which are built on
it. The notation is Chinese news and encyclopaedias', not any one text's.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Collection, Sequence
from functools import cache
from typing import Any

from qa.answer.asked import (
    AMOUNT_ASKED,
    ASKS_DURATION,
    ASKS_RANK,
    ASKS_VENUE,
    CHANGE_ASKED,
    COUNTERS,
    FUNCTION_WORDS,
    MONEY_ASKED,
    NOT_A_PLACE,
    NUMBER,
    RATE_ASKED,
    TITLE_END,
    VENUES,
    QuestionInfo,
    asked_counter,
    asked_titles,
    asked_unit,
    asking_clauses,
    asks_figure,
    asks_year,
    jieba_module,
    said_units,
)
from qa.answer.cite import scrub
from qa.answer.place_levels import asked_level, countries, fits, named_place, street_name
from qa.crosslingual import (
    common_words,
    dotted_name_chars,
    japanese_surnames,
    person_names,
)
from qa.enumeration import number_value
from qa.ingest.clean import CJK, compact, normalise
from qa.places import is_generic_place

# What a sentence holds of each kind. Figures: digits or Chinese numerals with a measure;
# dates: years, months, days, weekdays and relative days.
_FIGURE = re.compile(
    # a race's time in minutes, seconds and hundredths ("1:43.21"), which no clock says
    r"(?<![\d.])\d{1,2}:\d{2}(?::\d{2})?\.\d{1,3}(?!\d)|"
    # a magnitude may be two characters ("2.08万亿", "3千万")
    r"\d+(?:[.,]\d+)*\s*(?:%|万亿|千万|百万|[万亿千百])?|"
    r"(?:[两二三四五六七八九十]|一[十百千万亿])[一二三四五六七八九十两百千万亿]*[多余]?"
    r"(?:[个名位人项件次条家所座种岁天倍成%类只头匹张本部台辆架艘枚届场轮期批层级处对股份篇首门道笔]|方面"
    # or a unit of measure ("二千九百公尺", "三千元")
    r"|平方公里|平方米|公尺|公里|千米|厘米|毫米|英尺|英里|公斤|千克|公顷|米|吨|元|亩)|"
    # a fraction ("三分之二", "百分之三十") and a count of named parts ("六大板块", "四大任务")
    r"[一二三四五六七八九十百千]+分之[一二三四五六七八九十百千点]+|"
    # (not a Party congress: "十九大", "二十大" name the 19th and 20th)
    r"(?<![一二三四五六七八九十])(?:[两二三四五六七八九十])大(?=[\u4e00-\u9fff])"
)
_DATE = re.compile(
    # A period that dates an event: "民国初年", "明朝末年", "乾隆年间", "二十世纪".
    r"[\u4e00-\u9fff]{2}(?:初年|末年|年间|中叶)|\d{1,2}\s*世纪|[一二三四五六七八九十]{1,3}世纪|"
    # a date's digits do not start inside a longer number ("131号" is an address, not "31号"),
    # a day is one of a month's ("70号" is a house number) and a 号 after a street's name
    # numbers a house ("复兴三路7号")
    r"(?<![\d.])(?:\d{1,4}\s*年|\d{1,2}\s*月|(?:[12]?\d|3[01])\s*日)|"
    r"(?<![\d.路街道巷弄])(?:[12]?\d|3[01])\s*号|[一二三四五六七八九十〇零]{2,4}年|"
    r"[一二三四五六七八九十]{1,2}月|星期.|周[一二三四五六日]|[上中下]旬|今年|去年|明年|前年|"
    r"昨天|今天|明天|凌晨|上午|下午|晚上"
)
# A time of day ("17时41分", "9点", "14:11") and what asks for one.
_CLOCK = re.compile(
    r"(?<![\d.])\d{1,2}\s*[时点]\s*(?:\d{1,2}\s*分)?|(?<![\d.])\d{1,2}:\d{2}(?!\.?\d)"
)
_ASKS_CLOCK = re.compile(r"几点|什么时刻|\bwhat time\b", re.I)
# "As of" and the date after it, up to its first clause mark: the time of a report.
_AS_OF = re.compile(r"(?:截至|截止到|截止至|截止)[^,，。;；]*")
# The last day of a span of days ("9月1日至2日"), dated as the first
_DAY_SPAN = r"(?:\s*[-—–~～至到]\s*\d{1,2}\s*[日号])?"
# Where a date or a clock time is written with digits ("2021年12月", "1月24日17时41分",
# "18/01/2022 - 00:10"): its digits are not figures, so a how-many question is not answered
# by "24". Chinese news and encyclopaedia notation, not any one text's.
_DATE_DIGITS = re.compile(
    # a span of years ("2014-2022年", "2019至2021年") is dated by both
    r"(?<!\d)(?:(?:1\d{3}|20\d{2})\s*[-—–~～/至到]\s*)?"
    r"(?:1\d{3}|20\d{2})\s*年(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*[日号]" + _DAY_SPAN + ")?)?"
    # a season or a fiscal year, its end year maybe in two digits ("2021-22年", "2021-2022赛季")
    r"|(?<!\d)(?:1\d{3}|20\d{2})\s*(?:[-—–~～/至到]\s*(?:\d{2}|1\d{3}|20\d{2})\s*)?"
    r"(?:年|赛季|财年|学年|年度)"
    r"|(?<![\d.])\d{1,2}\s*月(?:\s*\d{1,2}\s*[日号]" + _DAY_SPAN + ")?"
    r"|(?<![\d.])\d{1,2}\s*[时点]\s*\d{1,2}\s*分"
    r"|(?<![\d.])\d{1,2}\s*时(?![间期代速长段])"  # an hour ("1月8日17时"), not "时间", "时速"
    r"|(?<![\d.])\d{1,2}:\d{2}(?::\d{2})?(?!\.?\d)"  # "14:11", not a race's "1:43.21"
    r"|(?<![\d.])\d{1,4}\s*[/-]\s*\d{1,2}\s*[/-]\s*\d{1,4}"
    # a year written bare, as in a name or a Latin title ("Word of the Year 2022", "COP27 2022"):
    # four digits from 1900 to 2099 with no measure word, multiplier or mark of a figure
    # after them (a count in Chinese takes a measure word: "2022名", "2022个")
    r"|(?<![\d.,])(?:19|20)\d{2}(?![\d.,%‰])(?=\s*(?:$|[^\s\w%‰]|[A-Za-z]))"
)
# Where digits number a table, a figure or a page ("表3—2", "如图2所示", "第45页"), or a
# line, a building, a gate, a platform or a house ("6号线", "3号楼", "2号航站楼", "政府街1号"):
# a label, not a quantity, so a how-many question is not answered by a source line's "表1".
# A table's label starts a line or follows a mark, 见, 如 or 附 ("代表3人" counts people).
_LABEL_DIGITS = re.compile(
    r"(?:^|(?<=[^\u4e00-\u9fff])|(?<=[见如附]))[表图]\s*\d+(?:\s*[—–.-]\s*\d+)*"
    r"|第\s*\d+\s*页"
    r"|\d+\s*号(?=[线楼院馆门口站台厅航])"
    # a street address's number ("政府街1号", "中山路25号")
    r"|(?<=[街路道巷弄])\s*\d+\s*号"
)
# A table's or a chart's caption, up to its first mark: where a document's heading line for a
# table starts ("表1 …", "图2 …").
_CAPTION = re.compile(r"^\s*[表图]\s*\d+(?:\s*[—–.-]\s*\d+)*\s[^,，。;；:：]*")
# A figure a goal or a condition needs ("交付量需要超过140万辆", "须达到60分"): what must
# be reached, not what was.
_NEEDED = re.compile(
    r"(?:需要|需|必须|须|要想|至少要)(?:超过|达到|突破|完成|高于|不低于)?\s*"
    r"(\d+(?:[.,]\d+)*\s*(?:%|万亿|千万|百万|[万亿千百])?)"
)
# A figure that bounds a class of things ("年旅客吞吐量1000万人次以上的机场", "5万元以下的
# 项目"): a threshold the sentence counts by, not a measure of anything.
THRESHOLD_UNIT_CHARS = 3  # a unit between the figure and 以上 ("人次", "平方米"); by reading
_THRESHOLD = re.compile(
    r"\d+(?:[.,]\d+)*\s*(?:%|万亿|千万|百万|[万亿千百])?"
    rf"[^\d\s,，。;；、]{{0,{THRESHOLD_UNIT_CHARS}}}?(?:及|或)?以[上下内]的"
)
# A clause that only says when ("2013—2021年", "截至2021年底", "1月至9月", "今年以来"): its
# dates, joined by a range mark, with a preposition or a period word around them and nothing
# else. Chinese fronts such a clause before the one it dates.
_WHEN_ONLY = re.compile(
    rf"(?:截至|截止|到|在|从|自|于|至)?(?:(?:{_DATE_DIGITS.pattern}|{_DATE.pattern})[至到—–~～-]?)+"
    r"(?:以来|以后|之后|之前|以前|期间|年底|年末|年初|底|末|初|上半年|下半年|前|后|间|内|中"
    # a part of the year ("2022年前三季度", "今年一季度", "前10个月")
    r"|第?[一二三四1-4]季度|前三季度?|前[一二三四五六七八九十两\d]{1,2}个?月)?"
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


# What a date says when it answers a question that asks for the year (`asks_year`): a year,
# a reign's year, a century or a period, not a month or a day alone.
_NAMES_A_YEAR = re.compile(r"年|世纪|中叶")
# A year itself ("2010年", "康熙四十八年"), not a decade, a century or a period: when a
# sentence says one, it answers "哪一年" before the century it stands in ("进入21世纪后,…并于
# 2010年上市").
_A_YEAR_ITSELF = re.compile(r"^(?!.*(?:世纪|中叶)).*年(?![代间])")
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


# A count of years that says how long, not when ("有260年历史", "过去70年来", "长达300年之
# 久"): a word of duration before it, or after it one that only a length takes. "以来",
# "后", "前" are left out: "2010年以来" dates from a year. Chinese grammar, set by reading.
LASTING_YEARS = re.compile(
    r"(?:有|近|长达|历时|持续|过去的?|逾|超过|整整|将近|已经?)\d{1,4}\s*(?:多|余)?年"
    r"|\d{1,4}\s*(?:多|余)?年(?:之久|历史|的历史)|(?<!\d)\d{1,3}\s*(?:多|余)?年来"
)


def not_lasting(text: str) -> str:
    """The text with its counts of years that say how long (LASTING_YEARS) blanked out."""
    return LASTING_YEARS.sub(lambda m: " " * len(m.group()), text)


def says_when(text: str, question: QuestionInfo) -> bool:
    """Whether a text says when (a date, a reign's year, a period, a season, an age) other
    than by the question's own words: "新法作出规定:…" answers no "何时"."""
    if typed_spans("date", text, question):
        return True
    asked = compact(question.text)
    said = not_lasting(normalise(text))
    return any(m.group() not in asked for m in _DATES_OTHERWISE.finditer(said))


# A year as news and encyclopaedias write it: four digits from 1000 to 2099 not inside a
# longer number ("2022年", "2021财年", "(1575年)", "3.1415" holds none); a search snippet's
# "..." before or after it ("Nov 11, 2022 ... 2022年") is no decimal point.
_YEAR_DIGITS = r"1\d{3}|20\d{2}"  # 1000-2099
# Chinese measure words (量词) that count things, and the first characters of metric units
# (公里, 平方米, 毫米): four digits followed by one are a figure ("1000床", "2000家", "1500公里"),
# not a year. "届" is left out: "2022届毕业生" names a year's class. Set by reading Chinese
# news, not fitted.
COUNTING_WORDS = (
    "人名位个元米吨辆台架件项户亩床顶张套只头条份本册家所座栋间艘株棵斤克箱袋瓶盒包支枚把块篇"
    "匹颗根双副盏公平立毫厘度"
)
# Four digits followed by a multiplier or a measure word are a figure ("1269万人", "2021人"),
# not a year.
_YEAR = re.compile(
    rf"(?<!\d)(?<!\d\.)({_YEAR_DIGITS})(?!\d|\.\d)(?!\s*(?:[万亿千百%‰多余]|[{COUNTING_WORDS}]))"
)
# What may stand between a figure and its unit: a multiplier, "余"/"多" ("130余人").
_FIGURE_TO_UNIT = r"\s*(?:[万亿千百]|百万|千万)?\s*(?:余|多)?\s*"


# How long something takes or lasts, in Chinese numerals ("十年后", "三个月", "半年",
# "十亿年前"): digits are figures already ("10年"); a question asking how long
# (`ASKS_DURATION`) is answered by these too.
_DURATION = re.compile(
    r"(?:[一两二三四五六七八九十百千万亿萬億]+[多余]?个?半?|半个?)(?:年|月|周|星期|天|小时|分钟)"
)
# What follows a figure that says how long ("36个小时", "3年", "15天半"): a how-long question
# is not answered by a figure of another measure ("2.5亿吨").
_TIME_UNIT_AFTER = r"\s*(?:多|余)?个?半?(?:年|月|周|星期|天|日|小时|钟头|分钟|秒)"
# A share, which alone answers a question asking a rate (`RATE_ASKED`): "4.5%", "三分之二",
# "两成", "3个百分点", "1.5倍", a ratio ("70:1", "41 : 1").
RATE_SAID = re.compile(r"[%‰]|分之|[一二三四五六七八九两]成|个百分点|倍|\d\s*[:：]\s*\d")


def measure_asked(question: QuestionInfo) -> str:
    """ "rate" when a how-many question asks a rate (`RATE_ASKED`), "amount" when it asks an
    amount and not how much it changed (`AMOUNT_ASKED`, `CHANGE_ASKED`), "" otherwise."""
    if question.kind != "quantity":
        return ""
    if RATE_ASKED.search(question.text):
        return "rate"
    money = question.chinese and MONEY_ASKED.search(question.text)
    if (AMOUNT_ASKED.search(question.text) or money) and not CHANGE_ASKED.search(question.text):
        return "amount"
    return ""


def says_measure(text: str, question: QuestionInfo) -> bool:
    """Whether a text's figures are of the measure a how-many question asks: a rate for a
    rate, more than a share for an amount."""
    asked = measure_asked(question)
    plain = normalise(text)
    if asked == "rate":
        return bool(RATE_SAID.search(plain))
    if asked == "amount":
        figures = typed_spans("quantity", text, question)
        return not figures or any(_is_amount(f, plain) for f in figures)
    return True


def _is_amount(figure: str, plain: str) -> bool:
    """Whether a figure may be an amount: not a share ("12%") nor a length of time ("30多
    分钟"), which answer how much something changed and how long it took."""
    after = re.escape(figure)
    return not (
        figure.endswith(("%", "‰"))
        or re.search(after + r"\s*[%‰]", plain)
        or re.search(after + _TIME_UNIT_AFTER, plain)
    )


def of_asked_measure(typed: Sequence[str], text: str, question: QuestionInfo) -> list[str]:
    """The figures an answer should state when a how-many question asks a rate or an amount:
    the shares for a rate ("本地企业营收为12.3亿元,占全市的45.6%" answers "占全市的比例"
    with 45.6%), those that may be an amount for an amount ("同比增长12%,达360万" answers
    "用户数量达到多少" with 360万); all of them when none is (says_measure then refuses the
    answer) or the question asks neither."""
    asked = measure_asked(question)
    plain = normalise(text)
    if question.kind == "quantity" and question.measure:
        typed = [f for f in typed if said_in(f, question.measure, plain)] or list(typed)
    unit = asked_unit(question.text) if question.kind == "quantity" else ""
    if unit:  # "得了多少分": "239.88分", not the rank "1" of a results list
        compacted = ungrouped(compact(plain))
        typed = [f for f in typed if unit_match(compacted, [f], unit)] or list(typed)
    if asked == "rate":
        return [f for f in typed if _is_rate(f, plain)] or list(typed)
    if asked == "amount":
        return [f for f in typed if _is_amount(f, plain)] or list(typed)
    return list(typed)


def _is_rate(figure: str, plain: str) -> bool:
    """Whether a figure is said as a share (RATE_SAID right at or after it)."""
    return bool(RATE_SAID.search(figure)) or bool(
        re.match(r"\s*(?:[%‰]|个百分点|倍|[:：]\s*\d)", plain[plain.find(figure) + len(figure) :])
    )


# The units of area, length, weight and power, which a figure in 万 or 亿 may be said in
# ("2.2万平方英尺", "1.5亿吨"): such a figure is no sum of money and no head count. Not
# asked.WEIGHT_UNITS whole: a harvest in 亿斤 is its yield in 亿 (rgb_024).
PHYSICAL_UNITS = r"(?:平方|平米|亩|公顷|公里|千米|米|英尺|英里|公尺|吨|公斤|千克|克|千瓦|瓦)"


# The measure words of a head count ("人次", "名", "位"): what follows a figure in 万 that
# counts people.
PEOPLE_COUNTED = r"(?:人|名|位)"


def said_in(figure: str, units: str, plain: str) -> bool:
    """Whether `plain` says `figure` in one of `units` ("1.20亿" is said in 亿 itself, unless
    money follows it and money is not asked: "3.5亿元" counts no people; nor does a classifier
    of things: "10万个" counts no people)."""
    if re.search(r"[万亿]$", figure) and re.search(r"(?:^|\|)[万亿](?:\||$)", units):
        after = re.escape(figure) + r"\s*(?:余|多)?\s*"
        money = re.search(after + r"(?:[美欧港日韩澳加台]?元|美金|英?镑)", plain)
        things = re.search(after + f"[{COUNTERS.replace('大', '')}]", plain)  # not "万大学生"
        physical = re.search(after + PHYSICAL_UNITS, plain)  # "2.2万平方英尺": an area
        # "11万余人次", "3万名": a head count, no sum of money
        people = "元" in units and re.search(after + PEOPLE_COUNTED, plain)
        if not things and not physical and not people and (not money or "元" in units):
            return True
    # a figure in Chinese numerals holds its unit ("二千九百公尺")
    if not re.search(r"\d", figure) and re.search(f"(?:{units})$", figure):
        return True
    return bool(re.search(re.escape(figure) + _FIGURE_TO_UNIT + f"(?:{units})", plain))


# The places of a competition, first to third, said by their prize ("双人滑亚军", "铜牌"):
# they answer "拿到第几名" as an ordinal does. Chinese sports words, not any one text's.
PODIUM = ("冠军|金牌|夺冠|第一名|金奖", "亚军|银牌|第二名|银奖", "季军|铜牌|第三名|铜奖")
PODIUM_SAID = re.compile("|".join(PODIUM))
# A question asking a place in a competition ("第几名", "名次"), which a prize answers.
PLACE_ASKED = re.compile(r"第几[名位]|名次")


def unit_match(plain: str, typed: Sequence[str], unit: str, counted: str = "") -> float:
    """1.0 when one of the sentence's figures is said in the asked unit ("320辆") or one
    that counts the same things (said_units), or counts the asked noun by another measure
    word ("2万个家庭" for "多少户家庭"); 0.0 when none is or the question names no unit."""
    if not unit:
        return 0.0
    bare = unit.lstrip("万亿千百")  # "亿元" asked, "3000万元" said: the same unit
    same = said_units(bare)
    units = f"(?:{re.escape(bare or unit)}|[{same}])" if same else re.escape(bare or unit)
    for item in typed:
        if PODIUM_SAID.fullmatch(item):  # "亚军" is a place, as "第二名" is
            return 1.0
        c = ungrouped(compact(item))  # "2,345" is said as "2345米" in the ungrouped sentence
        if c and re.search(re.escape(c) + _FIGURE_TO_UNIT + units, plain):
            return 1.0
        if (
            c
            and len(counted) > 1
            and re.search(  # "2万个家庭" for "多少户家庭"
                re.escape(c) + _FIGURE_TO_UNIT + f"[{CJK}]?" + re.escape(counted), plain
            )
        ):
            return 1.0
        if c and bare and (c.endswith(bare) or (same and c[-1] in same)):  # "三名", "十多家"
            return 1.0
        if (  # people counted by a noun, with no measure word ("约5000男子加入")
            c
            and bare
            and "人" in same
            and re.search(re.escape(c) + _FIGURE_TO_UNIT + _PEOPLE_NOUN, plain)
        ):
            return 1.0
    return 0.0


# A noun naming people, which counts them without a measure word ("约5000男子加入", "300士兵",
# "2万游客"): a head that names a person. Chinese word formation, not any one text's words.
_PEOPLE_NOUN = (
    r"[\u4e00-\u9fff]{0,2}(?:人|者|员|民|兵|士|男子|女子|男性|女性|儿童|学生|游客|旅客|乘客)"
    r"(?![\u4e00-\u9fff]?(?:数|口|次))"  # "人数", "人口", "人次" are measures, not people
)


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
_TRANSLITERATION_SOUNDS = (
    "阿埃艾爱安昂奥巴拜班邦保鲍贝本比彼毕宾波伯博布查达戴黛丹道德迪蒂丁杜敦多厄恩尔法凡"
    "菲斐费芬弗福盖甘冈戈格贡古瓜圭哈海汉豪赫亨胡怀霍基吉加贾杰卡凯坎康考柯科克肯库夸奎"
    "拉莱兰朗劳勒雷蕾里利丽莉琳卢鲁伦罗洛玛迈曼梅蒙米敏莫默姆穆纳娜奈瑙内尼妮努诺欧帕派"
    "佩皮珀普齐奇契恰乔琼萨赛桑瑟森沙莎舍什施斯丝苏索塔泰坦汤特滕提图托瓦韦维温沃乌西希"
    "谢辛雅娅亚耶伊因尤约泽扎詹兹佐谟"
)
_TRANSLITERATED = re.compile(f"[{_TRANSLITERATION_SOUNDS}]{{3,}}")


# The middle dots Chinese writes between the parts of a foreign name ("玛丽亚·彼得罗娃"), and
# the full stop some write instead ("约翰．史密斯", a full stop once normalised).
_NAME_DOTS = "·•・‧･."


@cache
def _dotted_name() -> re.Pattern[str]:
    """Runs of the sounds foreign names are spelt with, joined by middle dots; built once."""
    sounds = "".join(sorted(dotted_name_chars() | set(_TRANSLITERATION_SOUNDS)))
    part = f"[{re.escape(sounds)}]{{1,8}}"
    return re.compile(rf"{part}(?:[{re.escape(_NAME_DOTS)}]{part})+")


def dotted_names(plain: str, words: Sequence) -> list[str]:
    """The foreign names a text writes with a middle dot ("弗拉基米尔·普京"), whole: the
    runs of the sounds foreign names are spelt with (`dotted_name_chars`, from CC-CEDICT) on
    both sides of each dot, widened to the jieba words (`words`, as cut from `plain`) they
    begin and end in and the name pieces right after, which may hold a sound the
    dictionary's names lack ("列昂|尼德")."""
    if not any(dot in plain for dot in _NAME_DOTS):
        return []
    spans, at = [], 0
    for w in words:
        spans.append((at, at + len(w.word), w.flag))
        at += len(w.word)
    names = []
    for m in _dotted_name().finditer(plain):
        start = min((a for a, b, _ in spans if a <= m.start() < b), default=m.start())
        end = max((b for a, b, _ in spans if a < m.end() <= b), default=m.end())
        # and on over the name pieces jieba cut after it ("列昂|尼德/nr")
        for a, b, flag in spans:
            if a == end and flag.startswith("nr"):
                end = b
        names.append(plain[start:end])
    return names


def name_parts(name: str) -> list[str]:
    """The parts of a foreign name written with middle dots ("约翰·史密斯" → 约翰,
    史密斯); none for any other name."""
    parts = re.split(f"[{re.escape(_NAME_DOTS)}]", name)
    named = len(parts) > 1 and all(re.fullmatch(f"[{CJK}]+", p) for p in parts)
    return parts if named else []  # "597.7万" is a figure


# A news dateline says where and when a report was filed, not where or when its event
# happened: "本报北京8月17日讯", "新华社酒泉5月29日电", "（记者孙广勇）"; a photo credit
# ("（新华社记者李贺摄）") names who took the picture; a search engine dates its snippets
# ("Sep 16, 2022 ..."). Chinese wire and newspaper convention, not any one text's. "电"
# that begins a word ("5月6日电话沟通", "电视") is no dateline.
_DATELINE = re.compile(
    r"(?:本报|新华社|中新社|中新网|人民网|新华网|央视网|央广网|环球网)?[\u4e00-\u9fff]{2,6}"
    r"\d{1,2}月\d{1,2}日(?:讯|电(?![话视影子台脑力站器网商动车池源线缆报梯磁流压费量]))"
    r"|[(（]记者[^()（）]{1,40}[)）]|[(（][^()（）]{1,30}摄[)）]"
    # a search engine's date stamp before a snippet ("Sep 16, 2022 ... 有220多种…")
    r"|\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? \d{1,2}, \d{4}\s*(?:\.\.\.|…)"
)
# The same stamp in a compacted text ("Dec23,2022...2023年春晚…"): the day a page was found,
# not a year it reports on.
_SNIPPET_STAMP = re.compile(
    r"(?<![A-Za-z])(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s?\d{1,2},\s?\d{4}"
    r"\s*(?:\.\.\.|…)"
)
# The time zones Chinese news dates events in ("北京时间3月20日", "美东时间23日"): a clock's
# name, not a place where anything happened.
_TIME_ZONE = re.compile(
    r"(?:北京|当地|美东|美西|美国东部|美国西部|太平洋|格林尼治|格林威治|莫斯科|东京|欧洲中部)时间"
)

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
        if not (first.flag.startswith(("nr", "nz", "nt")) or first.flag.endswith("g")):
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
            if 2 <= len(before) <= MAX_TITLES_CHARS and TITLE_END.search(before):
                found.append(before)
    return found


# How a venue's name ends (asked.VENUES less the words for any venue: 场地, 场馆).
_VENUE_END = re.compile(rf"(?:{VENUES.replace('场地|场馆|', '')})$")


def venues(words: Sequence[Any]) -> list[str]:
    """The venues a text names: a word ending in a kind of venue with more before it
    ("国家大剧院"), or a noun or a name jieba cut off before one ("台北市立|体育场")."""
    found = []
    for i, w in enumerate(words):
        m = _VENUE_END.search(w.word)
        if not m:
            continue
        if m.start() > 0:
            found.append(w.word)
        elif i and words[i - 1].flag.startswith("n") and len(words[i - 1].word) > 1:
            found.append(words[i - 1].word + w.word)  # "工人|体育馆" too
    return found


def may_be_given_name(word: Any) -> bool:
    """Whether a jieba (word, tag) pair after a surname may be its given name: one or two
    Chinese characters, no function word, nor a word of the tags no given name has."""
    return (
        0 < len(word.word) <= GIVEN_NAME_CHARS
        and re.fullmatch(rf"[{CJK}]+", word.word) is not None
        and word.word not in FUNCTION_WORDS
        and not word.flag.startswith(_NOT_GIVEN_NAMES)
    )


# Someone credited with a work's role ("由辛爽执导", "由某某作曲"): the two or three characters
# between 由 and the role's verb are a name, whether or not jieba's dictionary knows it.
_CREDITED = re.compile(rf"由([{CJK}]{{2,3}})(?:执导|编剧|主演|作曲|作词|演唱|监制|主持|设计)")
# What makes a Japanese surname a place's name ("上野|公园", "中山|路"), not a person's.
_PLACE_AFTER_SURNAME = re.compile(rf"(?:{VENUES})$|[路街站区县市町村镇]$")
# What a state's name ends with when jieba cuts it off ("贵霜|帝国")
STATE_KINDS = frozenset({"帝国", "王国", "汗国", "公国"})
# ... and a region's or a town's ("托木斯克|州", "八所|镇")
REGION_KINDS = frozenset({"州", "省", "县", "镇", "乡", "村"})
# What opens a word for a region that names none ("全省", "本县", "各村"): a determiner.
_NOT_A_NAME_START = frozenset("全本该各每此某外我")
# What an organisation's name ends with ("美国|人口|调查局", "日本|气象厅", "法国|总统府"): the
# place before it names whose office it is, not where anything is. A government (政府) acts
# for its country ("瑞典|政府|主办" names the host).
_OFFICE = re.compile(
    r"(?:局|厅|署|(?<!政)府|部|委员会|协会|公司|集团|银行|研究所|研究院|大学|学院)$"
)
_GOVERNMENT = "政府"
OFFICE_REACH = 2  # words from a place to the office it names ("人口|调查局"): set by reading


def names_an_office(words: Sequence[Any], i: int) -> bool:
    """Whether place i opens an organisation's name: one or two nouns after it, the last
    ending like an office (`_OFFICE`)."""
    for k in range(i + 1, min(i + 1 + OFFICE_REACH, len(words))):
        if words[k].flag != "n":
            return False
        if _OFFICE.search(words[k].word):
            return True
    return False


def typed_spans(kind: str, text: str, question: QuestionInfo) -> list[str]:
    """The things of the asked kind that `text` says and the question does not (a document's
    own markers and source lines are not things it says)."""
    plain = _TIME_ZONE.sub("时间", _DATELINE.sub(" ", normalise(scrub(text))))
    plain = _SUPPOSED.sub(" ", plain)
    if kind == "quantity":
        # "成立了多少年": "50年" is the figure asked for
        dated = [] if _asks_in_dates(question) else [m.span() for m in _DATE_DIGITS.finditer(plain)]
        if not re.search(r"(?:几|多少)号", question.text):  # "换乘几号线" asks for the label
            dated += [m.span() for m in _LABEL_DIGITS.finditer(plain)]
        # a table's or a chart's caption names what it shows ("表1 2020年粮食产量两千万吨以上
        # 省份"), not a finding
        dated += [m.span() for m in _CAPTION.finditer(plain)]
        dated += [m.span() for m in _THRESHOLD.finditer(plain)]
        dated += [m.span(1) for m in _NEEDED.finditer(plain)]
        # an ordinal names one of a series ("第六次人口普查" is a census), and counts nothing,
        # unless a rank is asked, or how long ("上任的第30天" says how long)
        if not (ASKS_RANK.search(question.text) or ASKS_DURATION.search(question.text)):
            dated += [m.span() for m in ORDINAL_NUMBER.finditer(plain)]
        found = [
            m.group().strip()
            for m in _FIGURE.finditer(plain)
            if not any(a <= m.start() < b for a, b in dated)
        ]
        found = [f for f in found if f and not _DATE.fullmatch(f)]
        counter = asked_counter(question.text)
        if counter:  # "几品": "正二品" counts in 品, which no list of measure words holds
            found += [
                m.group()
                for m in re.finditer(rf"[〇零一二三四五六七八九十两百千]+{counter}", plain)
                if not any(m.group() in f for f in found)
            ]
        if len(question.focus) > 1:  # "多少骑兵": "三千骑兵" counts them with no measure word
            found += [
                m.group()
                for m in re.finditer(
                    rf"[〇零一二三四五六七八九十两百千万亿]{{2,}}[多余]?(?={re.escape(question.focus)})",
                    plain,
                )
                if not any(m.group() in f for f in found)
            ]
        if PLACE_ASKED.search(question.text):  # "拿到第几名": "亚军"
            found += [
                m.group() for m in PODIUM_SAID.finditer(plain) if m.group() not in question.text
            ]
        if ASKS_DURATION.search(question.text):
            lasting = [m.group() for m in _DURATION.finditer(plain)]
            if not asks_figure(ASKS_DURATION.sub("", question.text)):  # only how long
                # ... and not a decade ("1920年代"), which says when
                found = [
                    f for f in found if re.search(re.escape(f) + _TIME_UNIT_AFTER + "(?!代)", plain)
                ]
            found = [f for f in found if not any(f in d for d in lasting)] + lasting
    elif kind == "date":
        # a date a count or a price is taken at ("截至11月23日14:11,股价涨幅…") says when
        # it was reported, not when anything happened, unless that is what is asked
        # ("数据截至何时"), or the moment a count reached a mark is asked ("几点几分"), which
        # is the time of day it is taken at
        clock = bool(_ASKS_CLOCK.search(question.text))
        asks_as_of = _AS_OF.search(question.text) or clock
        as_of = [] if asks_as_of else [m.span() for m in _AS_OF.finditer(plain)]
        # nor does a count of years that says how long ("有260年历史的马车")
        found = [
            m.group()
            for m in (_CLOCK if clock else _DATE).finditer(not_lasting(plain))
            if not any(a <= m.start() <= b for a, b in as_of)
        ]
        if asks_year(question.text):
            found = [f for f in found if _NAMES_A_YEAR.search(f)]
            found = [f for f in found if _A_YEAR_ITSELF.search(f)] or found
    elif kind == "title":
        found = titles_before(plain, question.names)
    elif kind in ("person", "place"):
        flag = "nr" if kind == "person" else "ns"
        words = list(jieba_module().posseg.cut(plain))
        found = [
            p.word
            for i, p in enumerate(words)
            if p.flag.startswith(flag)
            and len(p.word) > 1
            and not is_generic_place(p.word)
            and not (kind == "place" and names_an_office(words, i))
        ]
        if kind == "place":
            # jieba's dictionary tags some foreign people as places (普京/ns); CC-CEDICT
            # glosses them as people only
            found = [f for f in found if f not in person_names()]
            # a place jieba tags as a name or a common noun ("尼斯/nrt", "集安/n"): CC-CEDICT
            # glosses it as a place
            # ... or the Unicode CLDR names as a country ("卢旺达/nr")
            found += [p.word for p in words if not p.flag.startswith("ns") and named_place(p.word)]
            # a country's government, which jieba reads as one body ("瑞典政府/nt"): it acts
            # for its country ("…政府将…合作举办" names the host)
            found += [
                p.word[: -len(_GOVERNMENT)]
                for p in words
                if p.word.endswith(_GOVERNMENT) and p.word[: -len(_GOVERNMENT)] in countries()
            ]
            # a people named for their place ("温州人", "广东人"), which jieba tags as a
            # noun: its place answers "哪里的人" ("哪一个地区的人")
            tags = jieba_module().posseg.dt.word_tag_tab
            found += [
                p.word[:-1]
                for p in words
                if len(p.word) > 2
                and p.word.endswith("人")
                and tags.get(p.word[:-1]) == "ns"
                and not is_generic_place(p.word[:-1])
            ]
            # a state jieba cuts before its kind ("贵霜|帝国", "察合台|汗国"), a region or a
            # town before its 州, 省, 县, 镇 ("托木斯克|州", "八所|镇"), or reads as a name
            # whole ("秋明州/nr")
            found += [
                p.word + q.word
                for p, q in itertools.pairwise(words)
                if (
                    (q.word in STATE_KINDS and 2 <= len(p.word) <= 4 and p.flag.startswith("n"))
                    or (
                        q.word in REGION_KINDS
                        and len(p.word) >= 2
                        and p.flag.startswith(("nr", "ns", "nz", "j"))
                    )
                )
                and re.fullmatch(rf"[{CJK}]+", p.word)
                and p.word not in FUNCTION_WORDS
            ]
            found += [
                p.word
                for p in words
                if p.flag.startswith("nr") and len(p.word) >= 3 and p.word[-1] in REGION_KINDS
            ]
            # a region jieba reads as a proper noun whole ("马滴达乡/nz")
            found += [
                p.word
                for p in words
                if p.flag == "nz"
                and len(p.word) >= 2
                and p.word[-1] in REGION_KINDS
                and p.word[0] not in _NOT_A_NAME_START
            ]
            # a venue, named by what it is after whose it is ("台北市立|体育场", "国家大剧院"),
            # for a question asking for one ("在哪个场馆")
            if ASKS_VENUE.search(question.text):
                found += venues(words)
            # a word CC-CEDICT glosses only in lower case is no place, whatever jieba's
            # dictionary tags it ("巴士": bus), nor is a cup, a league or a firm ("考比伦杯")
            found = [f for f in found if f not in common_words() and not NOT_A_PLACE.search(f)]
            # "哪个国家" is not answered by a street, nor "哪个省" by a country
            asked = asked_level(question.text)
            found = [f for f in found if fits(f, asked, street_name(f, plain))]
        if kind == "person":
            found += [p.word for p in words if p.flag.startswith("ns") and p.word in person_names()]
            # jieba's dictionary tags some ordinary words as names (古老)
            # and some foreign places (索契); CC-CEDICT glosses them as places
            found = [f for f in found if f not in common_words() and not named_place(f)]
            # a name credited with a work's role that jieba does not know ("由辛爽执导")
            found += [
                m.group(1)
                for m in _CREDITED.finditer(plain)
                if m.group(1) not in common_words() and m.group(1) not in found
            ]
            # a Japanese name jieba cut after its surname ("山田|太郎", "渡边|信一郎")
            found += [
                p.word + q.word
                for p, q in itertools.pairwise(words)
                if p.word in japanese_surnames()
                and may_be_given_name(q)
                and not q.flag.startswith("v")
                and q.word not in common_words()
                and not _PLACE_AFTER_SURNAME.search(q.word)  # "上野|公园": a park
            ]
            # a surname jieba cut from its given name ("宋|建成", "郭|守时")
            found += [
                p.word + q.word
                for p, q in itertools.pairwise(words)
                if p.flag == "nr" and len(p.word) == 1 and may_be_given_name(q)
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
            in_places = _place_chars(words)
            for m in _TRANSLITERATED.finditer(plain):
                name = m.group()
                if any(name in w for w in places + found):
                    continue
                if all(i in in_places for i in range(m.start(), m.end())):
                    continue  # places side by side ("陕西|西安"): "西西安" is no one
                found = [f for f in found if f not in name] + [name]
            # a name in Latin letters right after a title ("现任校长为C.L. Max Nikias")
            found += [n for n in latin_titled_names(plain) if n not in found]
            # a foreign name written with a middle dot is one name, not its parts
            for name in dotted_names(plain, words):
                found = [f for f in found if f not in name and name not in f] + [name]
    else:
        return []
    asked = compact(question.text)
    stated = set(NUMBER.findall(asked))  # "2022春运": "2022年" is said, not an answer
    return [
        f
        for f in found
        if not said_whole(compact(f), asked)
        and not (set(NUMBER.findall(f)) & stated and kind == "date")
    ]


# A person's name in Latin letters: capitalised words and initials ("C.L. Max Nikias",
# "Kampon Tansacha"), two words at least, after a title and a copula or a colon.
_LATIN_NAME = re.compile(
    r"((?:[A-Z]\.\s?){0,3}[A-Z][a-z]+(?:[\s-](?:[A-Z]\.\s?)*[A-Z][a-z]+){1,3}|(?:[A-Z]\.\s?){1,3}[A-Z][a-z]+)"
)


def latin_titled_names(plain: str) -> list[str]:
    """The Latin-letter names written right after a title (TITLE_END, then 为, 是 or a colon
    at most): jieba reads them as English words, not names."""
    out = []
    for m in _LATIN_NAME.finditer(plain):
        before = re.sub(r"(?:为|是|[:：])\s*$", "", plain[max(0, m.start() - 12) : m.start()])
        if TITLE_END.search(before.rstrip()):
            out.append(m.group(1))
    return out


def _place_chars(words: Sequence[Any]) -> set[int]:
    """The offsets of the characters jieba's place names (ns, two characters or more) cover
    in the text `words` cut."""
    out: set[int] = set()
    at = 0
    for p in words:
        if p.flag.startswith("ns") and len(p.word) > 1:
            out.update(range(at, at + len(p.word)))
        at += len(p.word)
    return out


def _asks_in_dates(question: QuestionInfo) -> bool:
    """Whether a how-many question asks a length of time in years, months or days, so a
    date's digits may be its figure."""
    return asked_unit(question.text) in ("年", "月", "日")


def figures_of(text: str, question: QuestionInfo) -> str:
    """The text as a how-many question reads its figures: its dates' digits blanked ("4月20日"
    says no "4"), unless a length of time in years, months or days is asked."""
    if question.kind != "quantity" or _asks_in_dates(question):
        return text
    return _DATE_DIGITS.sub(lambda m: " " * len(m.group()), text)


def said_whole(thing: str, text: str) -> bool:
    """Whether `text` says `thing`, a figure in it as a whole number: "100" is not said by
    "第10000列", nor "2" by "3.2" or "12"."""
    before = r"(?<!\d)(?<!\d\.)" if thing[:1].isdigit() else ""
    after = r"(?!\d)(?!\.\d)" if thing[-1:].isdigit() else ""
    return re.search(before + re.escape(thing) + after, text) is not None


# A year of the Republic of China's calendar ("民國三十八年" is 1949), as Taiwan's and older
# Chinese texts date events; its first year (元年) is 1912.
_ROC_YEAR = re.compile(r"民[国國]\s*(元|[〇零一二三四五六七八九十百]{1,4}|\d{1,3})\s*年")
ROC_EPOCH = 1911


def _roc_years(text: str) -> list[str]:
    """The Gregorian years of the Republic-calendar years a text names."""
    found = []
    for m in _ROC_YEAR.finditer(text):
        n = 1 if m.group(1) == "元" else number_value(m.group(1))
        if n:
            found.append(str(ROC_EPOCH + n))
    return found


def years(text: str) -> set[str]:
    """The years a text names (four digits, 1000-2099, not part of a longer number; a
    Republic-calendar year as its Gregorian one)."""
    return set(_YEAR.findall(text)) | set(_roc_years(text))


_BEFORE_OR_AFTER = re.compile(r"(?:之前|以前|之后|以后)$")
_YEAR_BOUND = re.compile(r"\d{4}\s*年\s*(?:之前|以前|之后|以后)$")


def asked_years_of(question: str) -> set[str]:
    """The years a question asks about: those of the clause that holds its question word when
    it names one, else all it names. "2022年峰会是11月9日举行的,那2021年的峰会是几月几日
    召开的?" sets the scene in 2022 and asks about 2021; "2022年…增长2.6%,那一年…是多少"
    asks about 2022; a clause asking which year without naming one asks for none of the
    question's years."""
    asking = asking_clauses(question)
    if asking and asks_year(asking[-1]) and not years(asking[-1]):
        # "…2023年3月第一次去国会山,他是哪一年出生的?": the year asked is another one
        return set()
    # "申雪2017年出任…之前,哪位…也曾担任过": a clause dating an event before which (or
    # after which) the question asks dates from when it looks back or on, not what it asks
    # about; "1965年以前,…住在哪" asks about the years up to its year, which name it
    reference = {
        y
        for part in re.split(r"[,，;；]", question)
        if _BEFORE_OR_AFTER.search(part.strip()) and not _YEAR_BOUND.search(part.strip())
        for y in years(part)
    }
    return (years(asking[-1]) if asking else set()) or years(question) - reference


# An ordinal with what it counts ("第七届", "第19棒", "第二次", "第31任", "首届"): news names
# a session, a leg, a term by it, and another number names another one.
_ORDINAL_FIGURE = r"[一二三四五六七八九十百零〇两]+|\d+"
# "第四季度" is a quarter of a year, said as often "四季度", not a show's fourth season.
_ORDINAL = re.compile(rf"(?:第\s*({_ORDINAL_FIGURE})|首)\s*([届次棒批期轮代任艘架场号家]|季(?!度))")


def counts_several(kinds: Collection[str], text: str) -> bool:
    """Whether a text counts more than one of a kind of session or term ("已成功举办了12届",
    "连任两届"): the series has others than the first."""
    for m in re.finditer(rf"(?<!第)({_ORDINAL_FIGURE})\s*([届次棒批期轮季代任])", text):
        if m.group(2) in kinds and (number_value(m.group(1)) or 0) > 1:
            return True
    return False


# An ordinal of any series ("第五组", "第二章"): what "第几" asks for.
ORDINAL_NUMBER = re.compile(rf"第\s*(?:{_ORDINAL_FIGURE})")


# An anniversary ("120周年校庆", "建党一百周年"): which one is counted like an ordinal, so
# "110周年" is no answer about the 120th.
_ANNIVERSARY = re.compile(rf"(?<![\d.])({_ORDINAL_FIGURE})\s*(周年)")


# A congress's term and session, numbered without 第 ("十三届五次会议", "十四届全国人大二次
# 会议", "二十届三中全会"): Chinese political news names every session so, and "一次会议" is
# another session than "五次会议". Both numbers are ordinals here, though "十三届" alone may
# count ("已举办十三届"). Up to SESSION_BODY_CHARS characters name the body in between.
SESSION_BODY_CHARS = 8
_SESSION = re.compile(
    rf"(?<![第\d一二三四五六七八九十百零〇两])(?:第\s*)?({_ORDINAL_FIGURE})\s*届"
    rf"[^\s，。,；;、]{{0,{SESSION_BODY_CHARS}}}?(?:第\s*)?({_ORDINAL_FIGURE})\s*"
    r"(?:次(?:全体)?会议|中全会)"
)

# A season that spans two years ("2021-2022赛季", "2021/22赛季"), numbered by the year it
# starts: the 2020-2021 season's champion is not the 2021-2022 one's, though both name 2021.
# A season of one year ("2022赛季") is left to the year rules.
_SEASON = re.compile(
    rf"(?<!\d)({_YEAR_DIGITS})\s*[-—–/至~～]\s*(?:{_YEAR_DIGITS}|\d{{2}})\s*(?:年\s*)?赛季"
)


def ordinals(text: str) -> set[tuple[int, str]]:
    """The ordinals a text names, as (number, what it counts)."""
    found = set()
    for m in (*_ORDINAL.finditer(text), *_ANNIVERSARY.finditer(text)):
        n = number_value(m.group(1)) if m.group(1) else 1  # "首届" is the first
        if n is not None:
            found.add((n, m.group(2)))
    for m in _SESSION.finditer(text):
        term, session = number_value(m.group(1)), number_value(m.group(2))
        if term is not None and session is not None:
            found |= {(term, "届"), (session, "次")}
    found |= {(int(m.group(1)), "赛季") for m in _SEASON.finditer(text)}
    return found


# A month of a year ("1924年9月", "2022年十一月"): a report dated to the month.
_MONTH = re.compile(
    r"(?<![\d.])(1\d{3}|20\d{2})\s*年\s*(1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])\s*月"
)


def months(text: str) -> set[tuple[str, int]]:
    """The (year, month) pairs a text names."""
    return {(m.group(1), int(number_value(m.group(2)) or 0)) for m in _MONTH.finditer(text)}


# A year a report compares with, counts from or runs until, not the year it reports on:
# "比2019年同期增长", "较2021年", "与2020年相比", "2020年以来", "自2018年起", "禁赛…直至2027年".
# A report on 2022 names them freely; "2012年和2016年" names both.
_REFERENCE_YEAR = re.compile(
    rf"(?:比|较|对比|相比|同比|自|从|直至|直到)\s*({_YEAR_DIGITS})\s*年"
    rf"|({_YEAR_DIGITS})\s*年\s*(?:同期|相比|水平|以来|起|至今|开始|底以来)"
)


def stamp_years(text: str) -> set[int]:
    """The years of a search engine's date stamps in a text ("Dec 14, 2022 ..."): when the
    page was written, which bounds what it can report."""
    return {int(re.findall(r"\d{4}", m.group())[0]) for m in _SNIPPET_STAMP.finditer(text)}


def own_years(text: str) -> set[str]:
    """The years a text reports on: those it names, less those it only compares with or
    counts from (`_REFERENCE_YEAR`), unless it also names them otherwise, and less a search
    engine's date stamp (`_SNIPPET_STAMP`)."""
    text = _SNIPPET_STAMP.sub(" ", text)
    references = [m.group(1) or m.group(2) for m in _REFERENCE_YEAR.finditer(text)]
    named = [m.group(1) for m in _YEAR.finditer(text)] + _roc_years(text)
    within = {
        str(y)
        for m in _YEAR_SPAN.finditer(text)
        if 0 < int(m.group(2)) - int(m.group(1)) <= MAX_SPAN_YEARS
        for y in range(int(m.group(1)) + 1, int(m.group(2)))
    }
    return {y for y in named if named.count(y) > references.count(y)} | within


# A span of years ("2017年至2019年…分别为", "2017—2019年"): it reports on each year within.
# Up to MAX_SPAN_YEARS long; a longer one is a period, not a series. Set by reading.
MAX_SPAN_YEARS = 30
_YEAR_SPAN = re.compile(rf"({_YEAR_DIGITS})\s*年?\s*(?:至|到|—|–|-|~|～)\s*({_YEAR_DIGITS})\s*年")


# A sentence is cut into clauses at these marks.
_CLAUSE_END = re.compile(r"[,，:：;；]")
# A colon between digits, spaced or not, is part of what they write: a clock time ("14:11"),
# a score or a ratio ("3:1", "41 : 1"). Cut there, "截至11月23日14:11,…" left the clause
# "截至11月23日14". (The digit before it is checked in split_clauses.)
_DIGIT_COLON = re.compile(r"[:：]\s*(?=\d)")
# Marks that open and close an aside; a clause mark inside one does not end a clause.
_OPENING = "(（[［「『《〈“‘"
_CLOSING = ")）]］」』》〉”’"


def split_clauses(sentence: str) -> list[str]:
    """The sentence cut at its clause marks, except inside brackets, a short quotation
    ("阿尔坎塔拉(西班牙语:Alcántara)" is one clause) and a figure ("2,345米": its comma
    is a digit group's, DIGIT_GROUP; "14:11", a clock's). A long quotation (a
    whole quoted statement, "“我们…建成…12处、…36处,打造了…”") is cut like any sentence, and
    a bracket left open (a page cut mid-aside) protects nothing."""
    asides = _asides(sentence) or []
    parts: list[str] = []
    start = 0
    for i, ch in enumerate(sentence):
        inside = any(a < i < b for a, b in asides)
        figure = DIGIT_GROUP.match(sentence, i) or (
            _DIGIT_COLON.match(sentence, i) and sentence[:i].rstrip()[-1:].isdigit()
        )
        if not inside and _CLAUSE_END.match(ch) and not figure:
            parts.append(sentence[start:i])
            start = i + 1
    parts.append(sentence[start:])
    return [p.strip() for p in parts]


# The longest quotation, in characters, whose clause marks end no clause: a title, a slogan,
# a short remark; a longer one is a statement, cut like any sentence. Brackets hold asides
# of any length (an encyclopaedia's "(原名…, 1976年7月24日 - )"). Set by reading Chinese
# news and encyclopaedias, not fitted.
MAX_QUOTE = 40
_BRACKETS = "(（[［"


def _asides(sentence: str) -> list[tuple[int, int]] | None:
    """Where the bracketed asides and short quotations of a sentence open and close; None
    when one is left open."""
    spans: list[tuple[int, int]] = []
    stack: list[int] = []
    for i, ch in enumerate(sentence):
        if ch in _OPENING:
            stack.append(i)
        elif ch in _CLOSING and stack:
            spans.append((stack.pop(), i))
    if stack:
        return None
    return [(a, b) for a, b in spans if b - a <= MAX_QUOTE or sentence[a] in _BRACKETS]
