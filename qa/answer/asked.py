"""What a question asks: the kind of thing it asks for (a figure, a date, a person, a place,
a post), its words weighted by rarity, and what it says of the thing asked (the unit and the
nouns a how-many question counts, the measure it names without a unit, the post a
who-question asks for, the thing whose name it asks, the words around its question word).

It exists so that everything read off a question is read in one place, into the
`QuestionInfo` that `analyse` builds; what a sentence says (qa.answer.typed) and the
scorer's features (qa.answer.features) read it and nothing here reads a sentence. It also
loads jieba once for the answerer (`jieba_module`, `idf_weights`). The rules are Chinese
grammar and news usage, not any one question's words.
"""

from __future__ import annotations

import dataclasses
import itertools
import logging
import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from qa.answer.place_levels import named_place
from qa.crosslingual import is_latin, verbs
from qa.ingest.clean import CJK, compact, normalise
from qa.places import is_generic_place, place_stem

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
    "人物|角色|选手|球员|运动员|队员|演员|歌手|作家|诗人|画家|学者|科学家|教授|官员|领导人|球星"
    "|明星|艺人|将领|皇帝|君主"
)
# Roles that people hold in a work, a contest or an event ("主演", "得主"): a question asking
# which ones holds them asks for people.
_ROLE_NOUNS = "主演|导演|编剧|作者|得主|获得者|获奖者|冠军|嘉宾|主持人|教练|主角|配角"
# How the words for someone end (科学家, 分析师, 爱好者, 运动员, 负责人) and the kin a
# question may ask the name of: "…叫什么名字" after them asks for a person.
_NAMED_PEOPLE = "家|员|者|师|手|官|人|长|父亲|母亲|妻子|丈夫|儿子|女儿"
# The kinds of venue an event is held in, which a where-question may name ("在哪个场地"):
# their names end so ("台北市立体育场", "国家大剧院"). Chinese words, not any text's.
VENUES = (
    "场地|场馆|体育场|体育馆|体育中心|运动场|剧院|剧场|音乐厅|会展中心|会议中心|展览馆"
    "|博物馆|纪念馆|美术馆|礼堂|广场|公园|酒店|宾馆|大厦|机场|车站|码头"
)
ASKS_VENUE = re.compile(rf"哪[一]?[个座家所]?(?:{VENUES})")
# What "在哪…" asks about when it is no place: a period ("在哪一个朝代", "在哪个时期"),
# an aspect ("体现在哪些方面"), a work ("在哪一部经典中") or an institution.
_NOT_PLACES = (
    "朝代|时期|年代|时代|世纪|阶段|季节|方面|部分|领域|部|本|首|篇|集|场|次|届"
    # an institution ("在哪个机构任职", "在哪所大学就读"): its name, not a place
    "|机构|单位|部门|公司|组织|大学|学校|学院|医院|企业|球队|俱乐部|银行|媒体|电视台"
)

# The kind of thing a question asks for. Its question word decides first (checked in this
# order: "几月" asks for a date before "几" asks for a figure); only a question without one is
# typed by the noun it asks about ("硅谷银行破产时间", "死亡人数"): "谁是票房最高的演员" asks
# for a person, though it names a figure's topic. English for English questions.
ASKING_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "date",
        re.compile(
            r"何时|什么时候|几时|何日|哪[一两几]?年|哪一?天|哪一?日|几月|几号(?![线楼门口院馆台位])|何年|哪个月"
            r"|几点|什么时刻"  # the time of day ("几点几分")
            r"|(?:公元|西元|民国)前?几年|几几年"  # "西元几年" asks which year, not how many
            r"|\bwhen\b|what year|what date|which year"
            r"|\b(?:date|day|year|month) of\b|\bbirthday\b",  # "date of birth", "year of death"
            re.I,
        ),
    ),
    (
        "quantity",
        re.compile(
            # "好几次", "十几年": several, not how many; "没多久", "没多少人": soon, few
            r"(?<![没不])(?:多少|多大|多高|多长|多远|多重|多久|多深|多宽|多厚)"
            r"|(?<![哪好十])几(?!乎)[个名位项件次条家所座种年岁天倍成亿万千百十]?|"
            r"\bhow (many|much|long|far|old|high|tall|big|large|deep|wide|heavy)\b"
            r"|what (percentage|share|number|figure|amount|sum|total)"
            # "what is the boiling point of…", "what was its population": a measure asked by
            # its English name (English words for measures, not any one question's)
            r"|\bwhat (?:is|was|are|were) (?:the|its|his|her|their) (?:[a-z-]+ )?"
            r"(?:population|price|cost|fee|fine|rent|salary|budget|revenue|income|profit|"
            r"temperature|(?:boiling|melting|freezing) point|height|length|width|area|distance|"
            r"speed|weight|depth|capacity|altitude|elevation|age|rate|proportion)\b",
            re.I,
        ),
    ),
    (
        "person",
        re.compile(
            r"谁|哪位|何人|什么人|哪[一]?名|哪些人|\bwho\b|\bwhom\b"
            r"|\b(?:which|what) (?:[a-z-]+ ){0,2}(?:person|people)\b"
            rf"|哪[一]?[个些位名]?(?:{_PERSON_NOUNS})"
            # "…的主演有哪些", "获奖者是哪几位": a people's noun before the question word
            rf"|(?:{_PERSON_NOUNS}|{_ROLE_NOUNS})(?:都|分别|还)?(?:是|有|为)?(?:哪些|哪几位|哪几个)"
            # "这位科学家叫什么名字", "他父亲的名字是什么": the name of someone
            rf"|(?:{_NAMED_PEOPLE})(?:叫什么名字|的名字(?:是|叫)(?:什么|啥))",
            re.I,
        ),
    ),
    (
        "place",
        re.compile(
            rf"哪里|哪儿|何地|(?<!如)何处|在哪(?![一]?[个些所家]?(?:{_NOT_PLACES})(?![地馆]))"
            # a venue ("哪个场地", "哪座体育馆")
            rf"|{ASKS_VENUE.pattern}"
            r"|(?:哪[一]?个?|什么)(?:国家|城市|城镇|省|州|地区|地方|县(?![长委城])"
            r"|市(?![民场长值委政])|区(?![长委域别间块])|镇(?![长])|乡(?![长亲村])|村(?![民长委])"
            r"|岛(?![民]))"
            r"|哪[一]?座|哪国|何方"
            r"|\bwhere\b"
            # "which German city", "what port city": an adjective may stand before the noun
            r"|\b(?:which|what) (?:[a-z-]+ ){0,2}"
            r"(?:country|city|province|region|county|town|place|port|capital)\b",
            re.I,
        ),
    ),
)
# A date question that asks for the year ("哪一年", "何年", "年份") is not answered by a month
# or a day alone ("十月,…修成…" leaves the year to an earlier sentence): only a span naming a
# year, a reign's year, a century or a period is of the asked kind (typed._NAMES_A_YEAR).
_ASKS_YEAR = re.compile(
    r"哪[一两几]?年|何年|几几年|(?:公元|西元|民国)前?几年|年份|\b(?:what|which) years?\b", re.I
)


def asks_year(question: str) -> bool:
    """Whether a date question asks for the year, which a month alone does not answer."""
    return bool(_ASKS_YEAR.search(question))


# A date question that asks for the day ("哪一天", "几月几日", "何日", "几号"), which a year or
# a month alone ("2023年10月", "1945年8月-10月") does not answer.
_ASKS_DAY = re.compile(
    r"哪一?[天日]|何日|几月几[日号]|(?<!第)几号(?![线楼门口院馆台位])"
    r"|\b(?:what|which) (?:day|date)\b",
    re.I,
)


def asks_day(question: str) -> bool:
    """Whether a date question asks for the day, which a month alone does not answer."""
    return bool(_ASKS_DAY.search(question))


# A search-style question: one with no question word, typed as a search query is.
_NO_QUESTION_WORD = r"^(?!.*(?:什么|哪|谁|几|多少|何|怎|是否)).*"
# A query's head noun is its last word, so the rules that read a query's ending come before
# the nouns that may stand anywhere in it ("…首日票房冠军" asks for a champion, not a figure).
ASKED_NOUNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # A search-style question that ends with a measure ("…特斯拉交付量", "…人口出生率",
    # "…GDP增长率", "…进出口总额") or a count by its measure word ("…村企对数", "…户数"):
    # Chinese names a measure by these endings.
    (
        "quantity",
        re.compile(
            rf"{_NO_QUESTION_WORD}(?:[量率额]|总数|人次|次数|增速|涨幅|降幅|跌幅|份额|产值|总值"
            # or by money ("…每名球员奖金", "…12+512G版本售价", "…北京站票价")
            r"|奖金|售价|票价|价格|营收|收入|利润|市值|估值|薪酬|年薪|工资|预算|经费|投资|成本"
            r"|[人户个家对场所座辆架艘项件条名位票]数)[?？]?$"
        ),
    ),
    # A search-style question, with no question word, that ends with a role ("…男单冠军",
    # "…最佳女主角") asks who holds it ("什么游戏的男主角" asks for the game).
    (
        "person",
        re.compile(
            rf"{_NO_QUESTION_WORD}(冠军|得主|获得者|获奖者|导演|编剧|作者|主演|主角|总统|总理|首相|主席|创始人|董事长"
            r"|发言人|继任者|接班人"
            # or a post ("…国资委主任", "…市委书记", "…主教练"): who holds it
            r"|主任|书记|部长|省长|市长|县长|区长|局长|厅长|校长|院长|会长|行长|秘书长|委员长"
            r"|总经理|总裁|大使|主教练|主帅|队长|代言人|负责人)[?？]?$"
        ),
    ),
    ("date", re.compile(r"日期|时间|年份")),
    # "票房最高的院线是哪一家": which firm, school, team, product or work, by the measure
    # it ranks them by, asks its name, not the measure
    ("", re.compile(r"哪一?[家所支款部]")),
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

# A number written in digits ("2022", "3.5"): a question's own figures, and a sentence's.
NUMBER = re.compile(r"\d+(?:\.\d+)?")
# The unit a "how many" question counts in: what follows 多少/几 ("多少辆公交车" → 辆, "几名" →
# 名, "多少亿元" → 亿元, "多少人" → 人). An answer's figure is said in the same unit
# ("新增公交车320辆"); a figure in another unit counts something else. Units are the measure words
# and metric units of Chinese news, not any one question's.
_UNITS = (
    "个名位人项件次条家所座种岁天倍成类只头匹张本部台辆架艘枚届场轮期批层级处对户间栋"
    # episodes, articles, volumes, models, sets, ..., votes, cases, incidents (not 首: "几首歌"
    # is answered by "5张单曲", a song has several classifiers)
    "集篇册款套颗株棵票例起"
    "元吨米亩年月日周分"  # 分 at a question's end is a score: "得了多少分"
)
# A name jieba's dictionary tags a place that ends in what names an event or a body
# ("中超联赛", "世界杯", "浙江队", "某某集团"), or a network or broadcaster named for its
# city ("北京地铁"): a thing held or founded somewhere, which an article may name otherwise
# ("新赛季", "该队", "19号线"), not a place it must name.
NOT_A_PLACE = re.compile(r"(?:联赛|杯|赛|队|公司|集团|银行|大学|学院|医院|地铁|铁路|航空|电视台)$")
# Units of measure of more than one character, which a question may ask its figure in
# ("多少立方米", "多少公尺高"): the metric and imperial units Chinese news writes.
_MEASURE_WORDS = (
    "平方公里|平方千米|平方米|立方公里|立方米|公里|千米|公尺|厘米|毫米|公斤|千克|公顷"
    "|英尺|英里|海里|千瓦|小时|分钟|美元|人次"
)
_ASKED_UNIT = re.compile(
    rf"(?:多少|几)((?:[万亿千百]|百万|千万)?(?:{_MEASURE_WORDS}|[{_UNITS}%])?)(?!之)"
)  # "多少分之一" asks a share, not a score
# A question that asks how long something takes or lasts ("多久", "几天", "排队时间有多长"):
# it is answered by a duration in Chinese numerals too (typed._DURATION).
ASKS_DURATION = re.compile(
    r"(?<![没不])多久|多长时间|(?:多少|几)个?(?:年|月|周|星期|天|小时|分钟)"
    r"|(?:时间|时长|工期|期限|周期)(?:有|是|为|要|需要)?多长"  # "排队时间有多长"
)


# A question asking someone's age ("今年多大", "多大年纪", "年龄是多少") asks it in 岁.
_ASKS_AGE = re.compile(
    r"(?:今年|现年|年纪|年龄|岁数)(?:有|是)?多大|多大(?:年纪|岁数|了)|年龄是?多少"
)


# The measure word right after 几 or 第几 that no unit list holds ("几品", "第几代", "几星"):
# what the answer's numeral counts in ("正二品", "第三代").
_ASKED_COUNTER = re.compile(rf"几([{CJK}])")
_NOT_A_COUNTER = frozenset("乎十百千万亿时点")  # "几乎", "几十", "几点" (a clock: typed._CLOCK)


def asked_counter(question: str) -> str:
    """The one-character measure word a how-many question counts in ("" when none)."""
    m = _ASKED_COUNTER.search(question)
    return m.group(1) if m and m.group(1) not in _NOT_A_COUNTER else ""


def asked_unit(question: str) -> str:
    """The unit a how-many question asks its figure in ("" when it names none)."""
    if _ASKS_AGE.search(question):
        return "岁"
    m = _ASKED_UNIT.search(question)
    if not m:
        return ""
    # "多少人口" asks a population, said bare ("人口约为1.2万"), not a count in 人
    if m.group(1) and _MEASURE_NOUNS.match(question[m.end(1) - 1 : m.end(1) + 1]):
        return ""
    return m.group(1)


# A measure that is a rate ("GDP增长率", "所占比例", "市场份额是多少"), which only a share
# answers (typed.RATE_SAID: "4.5%", "三分之二", "两成", "3个百分点", "1.5倍"), and one that is an
# amount ("总票房", "年销量", "营业收入"), which a share alone does not answer ("预售票房达去年的
# 85%") unless the question asks how much it changed ("销量同比增长多少"). Chinese names its
# measures so, in news and statistics of any topic.
RATE_ASKED = re.compile(
    # not a frequency, a power, a refresh, frame or bit rate, a resolution or an exchange rate,
    # which are said in units ("120Hz", "4K", "6.9元"), not as shares
    r"(?:(?<![频功新帧码样辨汇])率|比例|占比|比重|份额|百分比|增速|增幅|涨幅|降幅|跌幅|之比|比值)"
    r"(?:约|大约)?(?:是|为|有|达到?)?(?:多少|几)?[?？]?$"
    # "占全市总人数的多少", "占总量的几成": what share of a whole
    r"|占[^,，。;；?？]{1,20}?(?:多少|几成|百分之几)"
    # "涨了百分之多少", "提高了百分之几": a share asked in words
    r"|百分之(?:多少|几)"
)
# Nouns for a sum of money ("每月租金", "罚款", "票价"): they ask an amount in money, which a
# date ("9日") or a share does not give, and count nothing ("多少罚款" counts no 罚款).
# Chinese words for prices, pay and charges, not any one text's.
MONEY_NOUNS = (
    "租金|房租|价格|售价|票价|房价|价钱|费用|成本|工资|薪酬|薪水|月薪|年薪|罚款|罚金|奖金|奖励金"
    "|保证金|押金|预算|造价|市值|估值|学费|赔偿金|赔偿款|补贴|补助|资金|经费"
)
AMOUNT_ASKED = re.compile(
    r"销量|票房|收入|营收|销售额|总额|金额|产量|产值|吞吐量|交付量|出口量|进口量|人数|总量|数量"
)
# Read in a Chinese question only: an English question's glosses name money for words that
# ask a share or a change ("what percentage of the funds" → 经费, "add to its cost" → 费用).
MONEY_ASKED = re.compile(MONEY_NOUNS)
CHANGE_ASKED = re.compile(
    r"增长|增加|增多|下降|减少|提高|提升|降低|上升|上涨|涨了|下跌|跌了|下滑|回落|变化|同比|环比"
)


# Measure words that count the same things: people are counted in 名, 人, 位 or 人次, and
# 个, the general classifier, stands for any classifier of countable things ("多少个社区" is
# answered by "30所", "12家"). Chinese grammar, not any one text's.
_PEOPLE = "名人位"
# 大 counts named parts too ("六大板块"), 面 the sides of a matter ("五方面").
COUNTERS = (
    "个项件条家所座种类只头匹张本部台辆架艘枚届场轮期批层级处对户间栋支大股份篇首门道笔面"
    "班例起列趟款块套棵株颗幅集册根盏把双口枝幢尊片宗"
)


def said_units(unit: str) -> str:
    """The measure words a figure asked for in `unit` may be said in."""
    if (unit and unit in _PEOPLE) or unit == "人次":
        return _PEOPLE
    if unit == "个":
        return COUNTERS
    return ""


# What a how-many question counts is the noun phrase right after its question word and
# measure word ("多少名|在职党员|到社区报到" → 党员, "几个|专项工作组" → 专项, 工作组): modifiers,
# then nouns, ended by a verb, preposition, particle or mark. A sentence whose figure
# answers names one of those nouns; one that names none counts something else ("浙江引导
# 11.9万名快递员…" for "多少名外卖员"). jieba's tags, read over the words after the measure
# word; Chinese noun phrases, not any one text's.
_COUNTED_NOUN_TAGS = ("n", "nz", "nt", "j", "vn", "ng")
_COUNTED_MODIFIER_TAGS = ("b", "a", "v", "ns", "m", "eng")  # "eng": "多少块TPU|芯片"
_COUNTED_SUFFIX = "员者师工手"  # "外卖|员": a verb and an agent suffix name people
# Nouns that name the measure, not a thing counted ("多少比例", "多少人口"): `RATE_ASKED`'s
# and `AMOUNT_ASKED`'s kind, and the asked-kind nouns.
_MEASURE_NOUNS = re.compile(
    r"^(?:比例|占比|比重|份额|百分比|人口|面积|数量|数目|人数|金额|费用|资金|时间|年龄|距离|长度|高度"
    r"|兵力|人力|规模|总量|重量|体积|容量|宽度|深度|厚度|速度|温度|海拔|身高|体重|"
    + MONEY_NOUNS
    + r")$"
)
_TIME_UNITS = ("年", "月", "日", "天", "周", "小时", "分钟")
_QUOTED = re.compile(r"^[\"“「『《]([^\"”」』》]{2,12})[\"”」』》]")  # "多少个“新邻驿站”"
COUNTED_WITHIN = 16  # characters after the measure word read for the phrase: a long noun phrase


def counted(question: str) -> tuple[str, ...]:
    """The nouns of what a how-many question counts ("多少支队伍参赛" → 队伍, 参赛: jieba tags
    both nouns), or the noun before a count noun ("员工人数是多少" → 员工); none when it names
    nothing a figure could be said of: a measure, a one-character noun, a mark right after, a
    time unit ("几天后", "几年时") or an ordinal ("第几任")."""
    m = _ASKED_UNIT.search(question)
    if not m or (not m.group(1) and _COUNT_NOUN.search(question)):
        return _counted_before(question)
    if question[max(0, m.start() - 1)] == "第" or m.group(1) in _TIME_UNITS:
        return ()
    rest = question[m.end() :]
    if not m.group(1) and rest[:1] and rest[0] in COUNTERS + _PEOPLE:
        rest = rest[1:]  # a measure word _ASKED_UNIT does not list ("多少支队伍")
    quoted = _QUOTED.match(rest)
    if quoted:
        return (compact(quoted.group(1)),)
    nouns: list[str] = []
    modifier = ""
    for word, flag in jieba_module().posseg.cut(rest[:COUNTED_WITHIN]):
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
    found = tuple(compact(n) for n in nouns if len(n) > 1 and not _MEASURE_NOUNS.match(n))
    counter = m.group(1) and m.group(1) in COUNTERS + _PEOPLE
    if not found and counter and not re.search(rf"[{CJK}]", rest):
        # "…毕业生有多少人", "涉及…开放措施的有多少条": the subject is what is counted (not
        # "…总长多少公里": a measure has other words, "全长")
        return _counted_subject(question[: m.start()])
    return found


# What links a head count's subject to its question word ("高校毕业生有多少人").
_COUNT_LINK = re.compile(r"的?(?:一共|总共|共|约|大约)?(?:有|是|为|达到?)?(?:约|近|超过)?$")


def _counted_subject(before: str) -> tuple[str, ...]:
    """Who "…X有多少人" counts when nothing follows the measure word: the noun X its subject
    ends with ("高校毕业生有多少人" → 高校毕业生); none when a place or no noun stands there."""
    noun = _last_noun(list(jieba_module().posseg.cut(_COUNT_LINK.sub("", before))))
    if re.fullmatch(r"[全本该各每此].", noun):
        return ()  # "全市有多少人": a scope, not who is counted
    return (noun,) if noun else ()


def _last_noun(words: list[Any]) -> str:
    """The noun jieba's words end with, an agent suffix joined to the word before ("网格|员");
    "" when they end with no noun of two characters or more, or with a name or a place."""
    if len(words) > 1 and words[-1].word in _COUNTED_SUFFIX:
        return compact(words[-2].word + words[-1].word)
    if not words:
        return ""
    word, flag = words[-1].word, words[-1].flag
    if len(word) < 2 or not flag.startswith(_COUNTED_NOUN_TAGS) or flag in ("nr", "ns"):
        return ""
    return compact(word)


# A count a question asks by a measure noun names what it counts right before it
# ("员工人数", "党员数量", "“志愿者”数量"); Chinese noun phrases, not any one text's.
_COUNT_NOUN = re.compile(r"人数|数量|总数|数目")
_QUOTED_BEFORE = re.compile(r"[\"“「『]([^\"”」』]{2,12})[\"”」』]$")


def _counted_before(question: str) -> tuple[str, ...]:
    """What "…X人数是多少" counts: the noun X right before the count noun ("员工人数" → 员工;
    a sentence on 用户 counts something else), none when a modifier, a place or a mark
    stands there."""
    m = _COUNT_NOUN.search(question)
    if not m:
        return ()
    quoted = _QUOTED_BEFORE.search(question[: m.start()])
    if quoted:
        return (compact(quoted.group(1)),)  # "“社区志愿者”数量": the quoted name whole
    words = list(jieba_module().posseg.cut(re.sub(r"[\"“”「」『』]", "", question[: m.start()])))
    if not words:
        return ()
    if words[-1].word not in _COUNTED_SUFFIX:
        if m.group() == "人数" and words[-1].flag in ("v", "vn") and len(words[-1].word) > 1:
            return (compact(words[-1].word),)  # "申请人数", "报名人数": the people who do it
        if len(words) > 1 and words[-1].flag == "vn":
            words.pop()  # "汽车销售数量" counts cars
    noun = _last_noun(words)
    return (noun,) if noun else ()


# A measure a question names without its unit ("总面积是多少", "主桥多长", "营收多少") is said
# in that measure's units: an area in 平方米, 亩, 公顷; a length or height in 米; a weight in
# 克 or 吨; money in 元 or another currency, or in 万/亿 alone as news writes takings. A figure
# in none of them counts something else ("近50个站点" for the stations' area). SI and
# Chinese measures, not any one text's.
AREA_UNITS = r"平方|平米|亩|公顷|㎡|km2"
LENGTH_UNITS = r"米|厘米|毫米|公尺|公分|公里|千米|英尺|英寸|英里|尺|km|cm|mm|m\b"
WEIGHT_UNITS = r"公斤|千克|克|吨|斤|磅|kg"
MONEY_UNITS = r"[美欧港日韩澳加台]?元|日圆|美金|英?镑|卢布|卢比|兹罗提|法郎|比索|万|亿"
_MEASURE_UNITS = (
    (re.compile(r"面积|占地"), AREA_UNITS),
    (
        re.compile(
            r"长度|体长|全长|身长|身高|高度|海拔|距离|多远|(?<!时间)(?<!时间有)多长(?!时间)"
        ),
        LENGTH_UNITS,
    ),
    (re.compile(r"重量|体重|多重"), WEIGHT_UNITS),
    # a frequency or a screen's refresh rate in hertz, a power in watts or horsepower
    (re.compile(r"频率|刷新率"), r"Hz|赫兹|赫"),
    (re.compile(r"功率"), r"瓦|W|马力"),
    # people: a head count in 人, 名 or 位, or in 万/亿 alone ("员工人数", "报名人数…120万")
    (re.compile(r"人数|员工|职工"), r"人|名|位|万|亿"),
    # shows, flights and visits counted by the time: 场次, 班次, 架次, 人次
    (re.compile(r"场次"), r"场"),
    (re.compile(r"班次"), r"班"),
    (re.compile(r"架次"), r"架"),
    (re.compile(r"人次"), r"人|万|亿"),
    # what is made, sold or shipped: vehicles, machines, phones, goods, by weight or by tens
    # of thousands
    (
        re.compile(r"销量|销售量|交付量|产量|出货量|出口量|进口量"),
        r"辆|台|部|架|艘|吨|件|套|只|双|瓶|箱|千瓦|万|亿",
    ),
    # a port's or an airport's throughput, a line's ridership: travellers, freight, boxes
    (re.compile(r"吞吐量|客流量|客运量|货运量|发送量"), r"人次|人|吨|标箱|箱|TEU|万|亿"),
    (
        re.compile(
            r"投资|收入|营收|金额|票房|多少钱|产值|销售额|营业额|利润|税收|[单售票房报定]价|收益"
            # "国内生产毛额": Taiwan's name for a GDP
            r"|总值|毛额|GDP|赔偿|" + MONEY_NOUNS
        ),
        MONEY_UNITS,
    ),
)
# The same measures named by an English question ("how high above sea level", "how much did
# it cost"): its Chinese glosses are dictionary words, not the question's, so its own words
# say the measure. "how long" is left out: as often a time as a length.
_ENGLISH_MEASURE_UNITS = (
    (re.compile(r"\barea\b|\bsquare (?:metres|meters|kilometres|kilometers)\b", re.I), AREA_UNITS),
    (
        re.compile(
            r"\bhow (?:high|tall|far|deep|wide)\b"
            r"|\b(?:height|length|altitude|elevation|distance|depth|width)\b",
            re.I,
        ),
        LENGTH_UNITS,
    ),
    (re.compile(r"\bhow heavy\b|\bweigh(?:s|ed|t)?\b", re.I), WEIGHT_UNITS),
    (
        re.compile(
            r"\b(?:cost|costs|price|budget|fine|rent|salary|wages?|revenue|income|profit"
            r"|fee|fees|spent|spend|paid|pay|money|prize|bonus|earn|earned|earns|earnings|worth"
            r"|box office|gross|grossed|invest|invested|investment)\b",
            re.I,
        ),
        MONEY_UNITS,
    ),
)


_ENGLISH_SHARE_OR_CHANGE = re.compile(
    r"\b(?:percent(?:age)?|share|rate|ratio|proportion"
    r"|ris(?:e|es|en)|rose|f[ae]ll(?:s|en)?|gr[eo]w(?:s|n)?|add(?:s|ed)?"
    r"|(?:in|de)creas(?:e|es|ed)|reduc(?:e|es|ed)|drop(?:s|ped)?)\b",
    re.I,
)


# What an English how-many question counts: up to four words after "how many", ending
# before the verb or preposition that follows them ("How many votes did…", "How many
# countries took part").
_HOW_MANY = re.compile(
    r"\bhow many ((?:[a-z-]+ ){0,3}?[a-z-]+)(?= (?:did|do|does|were|was|are|is|have|has|had"
    r"|will|would|can|could|in|on|at|of|for|from|to|with|during|by)\b|\?|$)",
    re.I,
)
# What a how-many question counts that a time span, a measure or money answers ("How many
# years", "How many kilometres", "How many yuan"): not a head count. English words, general.
_NOT_COUNTED = re.compile(
    r"(?:year|month|week|day|hour|minute|second|time|kilomet(?:er|re)|met(?:er|re)|mile"
    r"|ton|tonne|yuan|dollar|euro|pound|percent|point|degree)s?$",
    re.I,
)


def english_counts_things(question: str) -> bool:
    """Whether an English question asks how many things or people there are ("How many
    votes…", "How many countries…"), which a rank, a score or a span of days does not say."""
    m = _HOW_MANY.search(question)
    return bool(m) and not _NOT_COUNTED.search(m.group(1))


# A Chinese name an English question writes in brackets after the English one ("Zhang San
# (张三)"): the user's own word for what the question is about.
_WRITTEN_NAME = re.compile(rf"[(（]([{CJK}·・]{{2,}})[)）]")


def english_measure_units(question: str) -> str:
    """`measure_units` for an English question, read from its own words; "" when it asks a
    share or a change ("what percentage", "how much does it add to the cost"), and no money
    when it asks how many of something ("how many films of the box office chart")."""
    if _ENGLISH_SHARE_OR_CHANGE.search(question):
        return ""
    counts = bool(_HOW_MANY.search(question))  # "how many films of the box office chart…"
    return "|".join(
        units
        for named, units in _ENGLISH_MEASURE_UNITS
        if named.search(question) and not (counts and units == MONEY_UNITS)
    )


def measure_units(question: str) -> str:
    """The units (a regex alternation) the figure a question asks for is said in, from the
    measures it names without a unit; "" when it names none or names its unit, or asks a
    rate, a duration or how much the measure changed (a share answers "票房同比增长了多少")."""
    if asked_unit(question) or any(
        p.search(question) for p in (ASKS_DURATION, RATE_ASKED, CHANGE_ASKED, ASKS_RANK)
    ):
        return ""
    return "|".join(
        units
        for named, units in _MEASURE_UNITS
        # "收入比", "成本率", "GDP增速": a ratio or a rate of the measure, said as a bare
        # number or a share
        if any(not _RATIO_AFTER.match(question, m.end()) for m in named.finditer(question))
    )


# A question asking a rank ("以面积来说排第几", "排名多少"): a place in an order, not the
# measure it orders by.
ASKS_RANK = re.compile(r"第几|排名|名次|排[在行]?第")


def asked_measure(question: str) -> str:
    """`measure_units` of the clauses that ask, when they name a measure ("…建筑面积两千五百
    平米,这座中心总共投了多少钱": money, not area), else of the whole question."""
    return measure_units("".join(asking_clauses(question))) or measure_units(question)


_RATIO_AFTER = re.compile(r"比(?!上|去|前|同)|率|增速|增幅|涨幅|降幅|跌幅|占比|比重|份额")


@lru_cache(maxsize=1)
def jieba_module():  # jieba is untyped
    """jieba, loaded once and quiet: the answerer's modules cut and tag words with it."""
    import jieba
    import jieba.analyse
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    return jieba


@lru_cache(maxsize=1)
def idf_weights() -> tuple[dict[str, float], float]:
    """jieba's IDF of each word, and the median IDF for a word it does not list."""
    tfidf = jieba_module().analyse.default_tfidf
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
    people: frozenset[str] = frozenset()  # the people it names, as jieba tags them
    chinese: bool = True  # asked in Chinese, not read through an English question's glosses
    counts_things: bool = False  # an English how-many question counting things or people
    written: tuple[str, ...] = ()  # the Chinese names an English question writes out ("(某河)")


# The shortest name read as a person the question asks about: jieba's guesser tags two
# characters across a word boundary as a name ("鸡毛松|才" → 松才/nr, "章|於" → 章于/nr); a
# Chinese full name is mostly three. Set by reasoning (cmrc and drcd had one such each).
MIN_PERSON_CHARS = 3


# A question word as jieba cuts it ("哪一年", "多久", "何时").
QUESTION_WORD = re.compile(
    r"多少|几(?!乎).?|哪.{0,2}|什么|谁|何时|何地|何人|何处|多久|多大|多高|多长|多远|多重|怎样|怎么|如何"
)
_CLAUSE_MARK = re.compile(r"[,，;；?？!！。]")
# Nouns that only name the kind asked for ("…的时间", "…地点", "…人数"), and jieba's tags for
# names, numbers and times: none says what a question asks about.
_ASKED_NOUN_WORDS = frozenset(
    ["时间", "日期", "时候", "年份", "地点", "地方", "名字", "人数", "数量", "金额"]
)
# tag prefixes: "nrt" is a foreign name, "d" an adverb ("到底", "最终"), "r" a pronoun or
# a demonstrative ("这个展会": the 展会 is asked about); a time word CC-CEDICT glosses as a
# verb is no time ("去世/t": to pass away)
_NOT_HINGES = ("nr", "ns", "nt", "m", "t", "d", "r")
# Adverbs that only say "in all", "about" or "in the end" ("一共拿到了多少票"), which jieba
# tags other than as adverbs: they say nothing of what is asked ('d', jieba's adverbs, are
# left out by their tag).
_HOW_MUCH_ADVERBS = frozenset({"一共", "总共", "共计", "合计", "总计", "累计", "大约", "大概"})
# How many content words before a question word say what it asks about: a noun and its verb
# ("货运量达到多少", "实际参考人数"). Chosen by reading dev's and rgb's questions; 1 loses the
# noun before a verb.
HINGE_BEFORE = 2


def asking_clauses(question: str) -> list[str]:
    """The clauses of a question that hold a question word ("那2021年的峰会是几月几日召开的"
    of "2022年峰会是11月9日举行的,那2021年的…"), in order."""
    return [c for c in _CLAUSE_MARK.split(question) if QUESTION_WORD.search(c)]


def asks_several(question: str) -> bool:
    """Whether a question asks in two of its clauses ("投入了多少…,打造了多少…"): its answer
    may need a clause for each."""
    return len(asking_clauses(question)) >= 2


def asks_figure(question: str) -> bool:
    """Whether a question's words ask for a figure ("多少", "几"): a question asking how long
    and how much ("客流量达到多少,排队时间拉长到了多久") wants both."""
    return any(kind == "quantity" and p.search(question) for kind, p in ASKING_WORDS)


# An English question word, and the clause it asks in: "When Blinken went to Beijing, how
# long did the talks last?" asks how long, not when; a clause that sets the scene comes first.
_ENGLISH_QUESTION_WORD = re.compile(r"\b(?:what|which|who|whom|whose|when|where|why|how)\b", re.I)


# Where one sentence of a question ends and the next begins: a long question tells its scene
# in the first ones.
SENTENCE_MARK = re.compile(r"[。！？!?]")


def answer_type(question: str) -> str:
    """The kind asked. A question of several sentences is typed by the last that asks: the
    ones before tell the scene ("…第一时间拿到许可。请问这是哪个项目?" asks for no time)."""
    if is_latin(question):
        asking = [c for c in re.split(r"[,;]", question) if _ENGLISH_QUESTION_WORD.search(c)]
        question = asking[-1] if asking else question
        # the clause's first question word asks; a later one opens a clause that sets the
        # scene ("Who was the coach when he won…" asks who, not when)
        words = [m.start() for m in _ENGLISH_QUESTION_WORD.finditer(question)]
        if words:
            question = question[words[0] : words[1] if len(words) > 1 else None]
    else:
        asking = [s for s in SENTENCE_MARK.split(question) if QUESTION_WORD.search(s)]
        question = asking[-1] if asking else question
    for kind, pattern in ANSWER_TYPES:  # question words first, then asked-for nouns
        if pattern.search(question):
            return kind
    return ""


# A number standing alone in an English question ("in 2022", "1.5 million"), not one glued
# to a unit's letters ("1000m"), which would read as a year.
_BARE_NUMBER = re.compile(rf"(?<![\w.]){NUMBER.pattern}(?![\w.])")
# A figure with a metric unit's letters ("1000m", "5 km"), said in Chinese with the unit's
# character ("1000米"): the event or distance an English question names.
_METRIC = {"km": "公里", "m": "米", "cm": "厘米", "mm": "毫米", "kg": "公斤", "t": "吨"}
_METRIC_FIGURE = re.compile(rf"(?<![\w.])({NUMBER.pattern})\s?(km|m|cm|mm|kg|t)\b", re.I)


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
    # an English question's Chinese words, kept apart: normalising drops the spaces between
    # Chinese characters, and jieba would cut across two words ("劳荣枝 城市" → 劳荣|枝城|市)
    terms_text = "、".join(t for g in groups for t in g) if groups is not None else None
    asked = normalise(question)
    if terms_text is not None:
        # an English question's years and figures are digits in any language ("in 2022")
        measures = [f"{n}{_METRIC[u.lower()]}" for n, u in _METRIC_FIGURE.findall(asked)]
        terms_text = "、".join([terms_text, *_BARE_NUMBER.findall(asked), *measures])
    group_of = {t: str(i) for i, g in enumerate(groups or ()) for t in g}
    idf, median = idf_weights()
    kind = answer_type(asked)
    # An English question is compared with the sentences through its Chinese words.
    text = normalise(terms_text) if terms_text is not None else asked
    source = text
    terms: dict[str, Term] = {}
    names: set[str] = set()
    people: set[str] = set()
    focus = ""
    seen_wh = False
    for word, flag in _ranked_titles(jieba_module().posseg.cut(source)):
        word = word.strip()
        if re.fullmatch(r"多少|第?几(?!乎).?|哪.?|什么|谁", word):
            seen_wh = True
            continue
        if not word or word in FUNCTION_WORDS or not re.search(rf"[{CJK}0-9A-Za-z]", word):
            continue
        if flag.startswith("u"):  # a particle ("来说" in "以面积来说", "的", "着")
            continue
        if flag in ("nr", "ns", "nt", "nz"):
            names.add(word)
        # a country or a city jieba guesses is a name ("索马里"/nr, a city's nrt) is no one the
        # article must name
        if flag.startswith("nr") and len(word) >= MIN_PERSON_CHARS and not named_place(word):
            people.add(word)
        if NUMBER.fullmatch(word):
            terms[word] = Term(word, 2 * median, number=True)
            continue
        # a place jieba's dictionary or the articles know; one its HMM guessed from
        # characters alone ("印斯" for 印度-斯里兰卡) is a word, not a place
        place = (
            (flag == "ns" and word in jieba_module().dt.FREQ) or word in known_places
        ) and not (is_generic_place(word) or NOT_A_PLACE.search(word))
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
    measure = ""  # an English question names its measure in its own words, not its glosses
    if kind == "quantity":
        measure = asked_measure(text) if chinese else english_measure_units(asked)
    return QuestionInfo(
        text,
        _scene_weighed(tuple(terms.values()), text) if chinese else tuple(terms.values()),
        kind,
        focus,
        frozenset(names),
        hinge,
        counted=counted(text) if kind == "quantity" and chinese else (),
        measure=measure,
        post=asked_post(text) if kind == "person" and chinese else "",
        named=asked_name_of(text) if chinese else "",
        people=frozenset(people) if chinese else frozenset(),
        chinese=chinese,
        counts_things=not chinese and kind == "quantity" and english_counts_things(asked),
        written=() if chinese else tuple(normalise(n) for n in _WRITTEN_NAME.findall(question)),
    )


# The weight, against the asking clause's words, of the words only a question's scene-setting
# clauses say ("RCEP先对…10国生效,之后又对韩国…生效。那…是从哪一天开始对印度尼西亚生效的"): the
# scene tells what the reader knows, and sentences restating it answer nothing. Chosen on
# the replay of every set: 0.5 gains rd262 and loses none; 0.25 gains four and loses three
# (drcd_3210, rd278, rd311).
SCENE_WEIGHT = 0.5


def _scene_weighed(terms: tuple[Term, ...], question: str) -> tuple[Term, ...]:
    """The terms with those only the scene-setting clauses say weighed down, when the
    question has such clauses beside the one that asks."""
    clauses = [c for c in _CLAUSE_MARK.split(question) if c.strip()]
    asking = asking_clauses(question)
    if not asking or len(asking) == len(clauses):
        return terms
    said = "".join(asking)
    return tuple(
        t if t.text in said else dataclasses.replace(t, weight=t.weight * SCENE_WEIGHT)
        for t in terms
    )


# A rank that makes another post of a title: "副部长" is not "部长", "副主席" not "主席". jieba
# cuts it off ("副|部长"), so a sentence naming the 部长 would say every word of a question
# about the 副部长 but the weak "副".
RANK_PREFIXES = frozenset({"副"})


def _ranked_titles(pairs: Iterable[Any]) -> list[tuple[str, str]]:
    """jieba's (word, tag) pairs with a rank prefix joined to the title after it, and a
    figure joined to the Latin letter it runs into ("5|G" → "5G", "3|D" → "3D"): a code or
    a model's name, not a number the sentence must say apart."""
    out: list[tuple[str, str]] = []
    for pair in pairs:
        if out and out[-1][0] in RANK_PREFIXES and re.fullmatch(rf"[{CJK}]+", pair.word):
            out[-1] = (out[-1][0] + pair.word, pair.flag)
        elif out and _CODE_PART.fullmatch(out[-1][0]) and _CODE_PART.fullmatch(pair.word):
            out[-1] = (out[-1][0] + pair.word, "eng")
        else:
            out.append((pair.word, pair.flag))
    return out


_CODE_PART = re.compile(r"[0-9A-Za-z]+")


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
    for pair in jieba_module().posseg.cut(question):
        word, flag = pair.word.strip(), pair.flag
        if word == "《" and before and re.fullmatch(WORK_KINDS, before[-1]):
            before.pop()  # "电视剧《某剧》的主演": the kind of work names the topic with its title
        if QUESTION_WORD.fullmatch(word):
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
            and not (flag.startswith(_NOT_HINGES) and not (flag == "t" and word in verbs()))
            and word not in _HOW_MUCH_ADVERBS
            and not NUMBER.fullmatch(word)
        ):
            (after if asking else before).append(word)
    if asking or not hinge:
        hinge += (before or last)[-HINGE_BEFORE:] + after[-1:]
    return tuple(dict.fromkeys(hinge))


# Where a who-question names the title it asks about: before its question word ("…东山藩主
# 是谁"), after it ("谁是…第一棒火炬手"), or ending a search-style query ("…男单冠军").
_TITLE_BEFORE = re.compile(rf"([{CJK}]{{2,8}}?)(?:是|为)?(?:谁|哪位|何人)")
_TITLE_AFTER = re.compile(rf"(?:谁|哪位|何人)(?:是|为)([{CJK}]{{2,12}})")
_TITLE_ENDING = re.compile(rf"([{CJK}]{{2,12}})[?？]?$")
# ... or right after it, before what the person did: "由哪位青年演员扮演", "哪位导演执导".
_TITLE_WHICH = re.compile(
    rf"(?:哪位|哪一位|哪名)([{CJK}]{{2,6}}?)(?=扮演|饰演|担任|执导|主演|主持|出任|演唱|[,，。?？]|$)"
)


def asked_titles(question: str) -> set[str]:
    """The endings (two to four characters) of the phrase naming what a who-question asks
    for: "藩主", "东山藩主" for "当时的东山藩主是谁?". jieba may cut the phrase one way in the
    question and another in the answer, so its endings are matched, not its words."""
    phrases = [
        m.group(1)
        for m in (
            _TITLE_BEFORE.search(question),
            _TITLE_AFTER.search(question),
            _TITLE_WHICH.search(question),
        )
        if m
    ]
    if not phrases and (m := _TITLE_ENDING.search(question)):
        phrases.append(m.group(1))
    return {p[-n:] for p in phrases for n in range(2, 5) if len(p) >= n}


_WHO = frozenset({"谁", "哪位", "哪一位", "何人"})
_WHO_LINKS = frozenset({"是", "为", "由", "担任", "出任"})  # "…书记是谁", "谁担任…主任"


# Asking for someone's name ("叫什么名字", "的名字是什么", "姓甚名谁").
_ASKS_PERSONS_NAME = re.compile(r"的?名字(?:是什么|叫什么)|叫什么名字|叫什么|姓甚名谁")


def asked_post(question: str) -> str:
    """The post a who-question asks for, as jieba cuts it, when it is a title of
    `TITLE_END`'s: the last word of the clause before "是谁" or after "谁是/谁担任"
    ("兰州市委书记是谁" → 市委书记, "谁是美国总统" → 总统, "…副部长是谁" → 副部长); ""
    when the question asks for no post."""
    words = [w for w, _ in _ranked_titles(jieba_module().posseg.cut(question))]
    for i, word in enumerate(words):
        if word not in _WHO:
            continue
        before = ""
        if i >= 2 and words[i - 1] in _WHO_LINKS:
            # "担任实验室主任的是哪位": the post stands before the 的; "…长官是由谁担任": before
            # the links
            at = i - 2
            while at > 0 and words[at] in _WHO_LINKS:
                at -= 1
            at = at - 1 if words[at] == "的" and at >= 1 else at
            before = _post_at(words, at)
        after = ""
        if i + 1 < len(words) and words[i + 1] in _WHO_LINKS:
            clause = list(
                itertools.takewhile(lambda w: not _CLAUSE_MARK.fullmatch(w), words[i + 2 :])
            )
            after = _post_at(clause, len(clause) - 1) if clause else ""
        for post in (before, after):
            if len(post) > 1 and TITLE_END.search(post):
                return post
    # "…的那位发言人叫什么名字": the post stands right before the asking for a name
    named = _ASKS_PERSONS_NAME.search(question)
    if named:
        before = [
            w for w, _ in _ranked_titles(jieba_module().posseg.cut(question[: named.start()]))
        ]
        post = _post_at(before, len(before) - 1) if before else ""
        if len(post) > 1 and TITLE_END.search(post):
            return post
    # a search-style question names the post it asks who holds last ("…国资委主任")
    ending = [w for w in words if w.strip("?？ ")]
    if ending and re.fullmatch(_NO_QUESTION_WORD, question):
        last = _post_at(ending, len(ending) - 1)
        if len(last) > 1 and TITLE_END.search(last):
            return last
    return ""


# The Party committees a secretary heads, which jieba joins to the place before them ("长春市委|
# 书记"): "市委书记" is the post, not any 书记 ("党委书记" is another).
_COMMITTEES = ("省委", "市委", "县委", "区委", "州委", "党委", "纪委", "团委")


def _post_at(words: Sequence[str], at: int) -> str:
    """The word at `at`, with the deputy's 副 that jieba cut onto the word before it
    ("建设部副部长" as "部副|部长", "副司令|长官") or the committee it joined to its place
    ("长春市委|书记")."""
    before = words[at - 1] if at >= 1 else ""
    if before.endswith("副"):
        return "副" + words[at]
    if before.startswith("副") and len(before) <= 3:  # "副司令|长官": the deputy's whole post
        return before + words[at]
    committee = next((c for c in _COMMITTEES if before.endswith(c)), "")
    return committee + words[at] if words[at] == "书记" else words[at]


# A question that asks what a thing is called ("…的驿站叫什么", "该棱柱被称为什么") is answered
# by a sentence that names the thing: the name stands beside it ("标准化建设数百个“暖蜂驿站”").
# The thing is the noun right before the naming verb. Chinese grammar, not any text's.
_ASKS_NAME = re.compile(
    r"[,，]?(?:又|也|还|被|则)?(?:叫做|叫作|叫|称为|称作|名为|取名为?)(?:什么|啥)"
    r"|的?(?:名字|名称|全称|简称)(?:是|为|叫)(?:什么|啥)"
)


# Kinds of work, whose names Chinese quotes in title marks ("《三体》").
WORK_KINDS = (
    "著作|作品|书籍|书|小说|专辑|唱片|电影|影片|电视剧|剧|歌曲|歌|诗|文章|报纸|杂志|节目|游戏"
)
# "哪本书", "哪一部电影", "闭幕影片是哪一部": which work, asked by its kind; the answer names it.
_ASKS_WHICH_WORK = re.compile(
    rf"哪[一]?[本部首篇张]({WORK_KINDS})|({WORK_KINDS})(?:是|为)哪[一]?[本部首篇张](?![{CJK}])"
)
# "哪家医院", "哪所大学": which institution, asked by a kind whose names end with it
# ("某某医院", "某某大学"); a sentence that never says the kind names none. Not firms, teams
# or brands, which news names without their kind ("某某影业" or a brand alone for "哪家片商").
NAMED_BY_KIND = (
    "医院|大学|学院|学校|中学|小学|幼儿园|银行|法院|检察院|监狱|酒店|宾馆|饭店|机场|车站|码头"
    "|博物馆|图书馆|纪念馆|美术馆|体育馆|体育场|剧院|寺|教堂|公园|广场"
)
_ASKS_WHICH_NAMED = re.compile(rf"哪[一]?[家所个座间]({NAMED_BY_KIND})")


def asked_name_of(question: str) -> str:
    """The noun whose name a question asks ("深圳…建设的驿站叫什么" → 驿站, "在哪本书里提出"
    → 书, "送到哪家医院" → 医院), "" otherwise."""
    work = _ASKS_WHICH_WORK.search(question) or _ASKS_WHICH_NAMED.search(question)
    if work:
        return work.group(1) or work.group(2)
    m = _ASKS_NAME.search(question)
    if not m:
        return ""
    words = list(jieba_module().posseg.cut(question[: m.start()]))
    last = words[-1] if words else None
    if last is None or not last.flag.startswith("n") or len(last.word) < 2:
        return ""
    if last.word.endswith("名"):
        return ""  # "书名叫什么", "艺名叫什么": the noun is the name asked, not a thing named
    return compact(last.word)


# How titles end ("副会长", "秘书长", "组织部长", "首席科学家", "党委书记", "司令长官",
# "外交官"): the words of posts in Chinese news.
TITLE_END = re.compile(
    r"(?:长|主任|书记|委员|主席|院士|教授|研究员|经理|代表|总监|董事|总裁|总统|首相|总理|大使"
    r"|专家|负责人|科学家|工程师|议员|部长|理事|顾问|会长|校长|院长|馆长|社长|总编辑|发言人"
    r"|导演|编剧|主演|作者|冠军|得主|创始人|教练|制片人|主持人|作词|作曲|设计师|发明人|演唱者"
    r"|旗手|火炬手|队长|领队|代言人|评委|裁判|指导|司令|官)$"
)
# A role that prose also says by its verb: "由某某执导" names the 导演, "某某作有《…》" the
# 作者, "某某夺得金牌" the 得主. A sentence that says the role either way may answer who holds it.
ROLE_VERBS: dict[str, str] = {
    "导演": "执导|导演",
    "编剧": "编剧|编写|执笔",
    "主演": "主演|出演|饰演|扮演",
    "作者": "作者|创作|著|写|作",
    "冠军": "冠军|夺冠|夺得|摘得|获得|折桂|称雄",
    "得主": "得主|获得|夺得|摘得|包揽|获",
    "创始人": "创始人|创办|创立|创建|创设|成立",
    "教练": "教练|执教|指导",
    "制片人": "制片|监制|出品",
    "主持人": "主持",
    "作词": "作词|填词",
    "作曲": "作曲|谱曲",
    "设计师": "设计",
    "发明人": "发明",
    "演唱者": "演唱|献唱|主唱",
}


def says_post(post: str, sentence: str) -> bool:
    """Whether a sentence names the post a who-question asks for, or says the role by its
    verb (ROLE_VERBS). A deputy's post is another post: "副会长" names no 会长."""
    if re.search(("" if post.startswith("副") else "(?<!副)") + re.escape(post), sentence):
        return True
    role = next((r for r in ROLE_VERBS if post.endswith(r)), "")
    return bool(role) and re.search(ROLE_VERBS[role], sentence) is not None


# How far before a name its title is read, in characters: a post and the body it is held in
# ("东航云南公司董事长"). Set by reading news, not fitted.
TITLE_BEFORE_NAME_CHARS = 10


# A verb by which someone takes or holds a post ("省委书记某某亲自担任…主任"): the name before it
# holds the post after it, whatever title it is written with.
_TAKES_POST = re.compile(r"(?:担任|兼任|出任|接任|升任|改任|就任|当选|任命为|任)[^,，。;；]*$")


def titled_otherwise(post: str, names: Sequence[str], sentence: str) -> bool:
    """Whether every name a sentence gives is written right after a title that is not the
    asked post ("东航云南公司董事长孙世英…机长…" for "机长叫什么名字"): each is someone
    else, whatever the sentence says of the post. A title holding the post ("派出所副所长")
    is left to says_post."""
    if not post or not names:
        return False
    if _TAKES_POST.search(sentence.split(post, 1)[0][-20:]):  # the words before the post
        return False
    for name in names:
        starts = [m.start() for m in re.finditer(re.escape(name), sentence)]
        if not starts:
            return False
        for at in starts:
            before = sentence[max(0, at - TITLE_BEFORE_NAME_CHARS) : at]
            if not TITLE_END.search(before) or post in before:
                return False
    return True


# A question that asks why (the connectives by which Chinese prose gives a cause are
# features.CAUSE). "为什么" after a verb that takes "为" ("称为什么", "被誉为什么",
# "改名为什么") asks what it is called, and "为何" ending a question ("…的国家为何?") asks
# what it is: neither asks why.
_ASKS_REASON = re.compile(
    r"(?<![称誉名改成作认视列定选译叫])为(?:什|甚)么|为何(?![?？]?$)|何故|原因|成因|起因|缘故|缘由|理由|怎么会|\bwhy\b",
    re.I,
)


def asks_reason(question: str) -> bool:
    """Whether a question asks why."""
    return bool(_ASKS_REASON.search(question))
