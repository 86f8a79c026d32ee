"""What the extractive answerer's scorer sees of a sentence: the general signs that it says
what the question asks, not merely the question's topic."""

from __future__ import annotations

import re

import pytest

from qa.answer.asked import (
    QuestionInfo,
    analyse,
    answer_type,
    asked_counter,
    asked_measure,
    asked_name_of,
    asked_post,
    asked_unit,
    asks_day,
    asks_year,
    counted,
    hinge_words,
    measure_units,
)
from qa.answer.clauses import clause
from qa.answer.events import Event, event_verbs
from qa.answer.features import (
    aspect_terms,
    candidates,
    codes,
    holds_term,
    month_conflict,
    ordinal_conflict,
    paragraph_year_conflict,
    placed,
    type_near,
    year_conflict,
)
from qa.answer.place_levels import asked_level
from qa.answer.typed import (
    asked_years_of,
    months,
    name_parts,
    names_an_office,
    of_asked_measure,
    ordinals,
    own_years,
    says_when,
    says_when_only,
    split_clauses,
    typed_spans,
    unit_match,
    years,
)
from qa.ingest.clean import compact
from qa.places import place_stem
from qa.records import Passage


def passage(title: str, text: str, n: int = 1) -> Passage:
    return Passage(f"{n}.txt", 1, title, "", 1, text, 1.0 / n)


def rules(question: str, title: str, text: str, rule: str) -> list[float]:
    """A rule's value for each sentence of a one-paragraph article, every sentence as close
    to the question by the embedder: only what the sentences say differs."""
    sentences = [s for s in re.split(r"(?<=。)", text) if s]
    cands = candidates(analyse(question), [passage(title, text)], [[0.8] * len(sentences)])
    return [c.features[rule] for c in cands]


def test_the_title_names_the_topic_and_the_other_question_words_what_is_asked() -> None:
    # An encyclopaedia entry repeats its subject in its first sentence; the sentence that
    # answers "副作用" may never name the drug again.
    info = analyse("呋塞米的常见副作用有哪些?")
    asked = {t.text for t in aspect_terms(info.terms, "呋塞米")}
    assert "呋塞米" not in asked and "副作用" in asked
    first, answer = candidates(
        info,
        [passage("呋塞米", "呋塞米是一种利尿药。常见副作用有低血压、耳鸣。")],
        [[0.9, 0.8]],
    )
    assert first.features["aspect"] < answer.features["aspect"]


def test_a_sentence_opening_with_it_says_what_the_one_before_names() -> None:
    # "它于1906年开始建造" never names the tower again; the sentence before it does
    info = analyse("钟楼在哪一年开始建造?")
    _, pointing = candidates(
        info,
        [passage("某城", "钟楼是这座城市的标志。它于1906年开始建造。")],
        [[0.9, 0.8]],
    )
    (alone,) = candidates(info, [passage("某城", "它于1906年开始建造。")], [[0.8]])
    assert pointing.features["coverage"] > alone.features["coverage"]


def test_a_figure_beside_the_asked_words_is_near_and_one_far_away_is_not() -> None:
    terms = analyse("踩踏事故死亡人数").terms
    assert type_near("事故造成12人死亡", ["12人"], terms) == 1.0
    far = "当地共有12座寺庙，每年有数以万计的信众前来朝拜，今年的活动中发生踩踏并有人死亡"
    assert type_near(far, ["12座"], terms) == 0.0


def test_how_a_thing_is_done_asks_for_no_place() -> None:
    # "如何处理" holds "何处" (where) across a word boundary: it asks how, not where.
    assert answer_type("闪族和早期巴比伦没有0的符号,如何处理的?") == ""
    assert answer_type("会议在何处举行?") == "place"


def test_what_place_and_what_country_ask_for_a_place_and_when_asks_for_a_date() -> None:
    # "什么地方/什么国家" ask where as "哪个地方" does; "几时" asks when, not how many
    assert answer_type("这座寺庙位于什么地方?") == "place"
    assert answer_type("这位选手来自什么国家?") == "place"
    assert answer_type("新桥几时通车?") == "date"
    # "是在哪两年" asks which years, not where ("在哪"), and a month alone does not answer it
    assert answer_type("这次环球之行是在哪两年?") == "date"
    assert asks_year("某某是在哪几年担任市长的?")
    assert answer_type("Which country hosted the forum?") == "place"
    assert answer_type("Which person chaired the meeting?") == "person"
    assert answer_type("几个社区参加了活动?") == "quantity"
    # "几乎" (almost) holds 几 but asks nothing: the question word is 谁
    assert answer_type("他几乎参加了所有比赛,他是谁?") == "person"
    assert "几乎" in [t.text for t in analyse("科学家几乎同时发现了哪种酶?").terms]


def test_a_question_about_one_year_conflicts_with_text_that_names_only_another() -> None:
    asked = years("2022年特斯拉交付量")
    assert asked == {"2022"}
    assert year_conflict(asked, "特斯拉2021年的全球交付量为93.62万辆") == 1.0
    assert year_conflict(asked, "特斯拉2022年交付131万辆,2021年为93.6万辆") == 0.0
    # "同年" refers back to a year said before: unknown when the text opens with it, the
    # year before it when one is said ("当年" in "2021年…,当年…" is 2021)
    prize = years("1992年7月授予什么奖项")
    assert year_conflict(prize, "同年7月获国民荣誉赏") == 0.0
    assert year_conflict(prize, "1991年出版。同年7月获国民荣誉赏") == 1.0
    admitted = years("2019年高考录取人数是多少")
    assert year_conflict(admitted, "2021年报名1078万人,当年录取首次突破1000万人") == 1.0
    # a span of years reports on each year within ("2017年至2019年…分别为")
    assert (
        year_conflict(years("2018年进口片票房占比"), "2017年至2019年占比分别为46%、37%和38%") == 0.0
    )
    assert year_conflict(asked, "特斯拉全年交付131万辆") == 0.0  # no year said: no conflict
    assert year_conflict(set(), "2021年") == 0.0
    assert years("编号12345的车") == set()  # part of a longer number is no year


def test_a_paragraph_about_other_years_answers_nothing_about_the_asked_one() -> None:
    asked = years("2015年特斯拉交付量是多少?")
    report = "特斯拉公布2022年业绩。全年营收增长51%。利润创新高。交付量为131万辆。"
    assert paragraph_year_conflict(asked, report) == 1.0
    assert paragraph_year_conflict(years("2022年特斯拉交付量是多少?"), report) == 0.0
    # a report that dates itself "今年" names no year of its own: no conflict
    assert paragraph_year_conflict(asked, "今年交付量为131万辆,比2019年同期增长三倍。") == 0.0


def test_years_a_report_compares_with_or_counts_from_are_not_its_own() -> None:
    assert own_years("今年上半年销量8.5万辆,比2019年同期增长12%") == set()
    assert own_years("2022年销量8.5万辆,较2021年增长12%") == {"2022"}
    assert own_years("2020年以来,累计建成100个;与2018年相比翻了一番") == set()
    assert own_years("在1912年和1916年两次当选") == {"1912", "1916"}  # 和 joins, compares nothing
    assert own_years("自2018年起实施,2018年当年投入5亿元") == {"2018"}  # also named as itself
    # a search engine's date stamp before a snippet is the day the page was found, spaced
    # or compacted: "2023年的吉祥物" is no report on 2022
    assert own_years("Dec 23, 2022 ... 2023年春晚吉祥物官宣") == {"2023"}
    assert own_years(compact("Dec 23, 2022 ... 2023年春晚吉祥物官宣")) == {"2023"}


def test_the_answer_clause_is_the_one_about_what_is_asked_not_the_subject() -> None:
    # Both clauses hold a place; the subject's name is in the title, so the clause that says
    # the asked "祖籍" is the answer, not the one that repeats the subject.
    info = analyse("潘仕成的祖籍在哪里?")
    sentence = "潘仕成,字德畬,祖籍福建,家族世居广州,至潘仕成时为广州十三行家族巨贾第三代"
    answer = clause(sentence, info, ("福建", "广州"), "潘仕成")
    assert "祖籍福建" in answer and "广州" not in answer


def test_a_how_many_answer_is_said_in_the_unit_the_question_counts_in() -> None:
    # "多少辆" counts vehicles: "320辆公交车" answers it, "15条线路" counts routes instead.
    unit = asked_unit("全市今年新增了多少辆公交车?")
    assert unit == "辆"
    assert unit_match("全市今年新增公交车320辆,全部为新能源车", ["320"], unit) == 1.0
    assert unit_match("今年新开公交线路15条,站点200个", ["15", "200"], unit) == 0.0
    # a multiplier or "余" between figure and unit, and money asked in 亿元 said in 万元
    assert unit_match("安置劳动力130余人", ["130"], asked_unit("安置了多少人?")) == 1.0
    assert unit_match("总投资3000万元", ["3000万"], asked_unit("投资多少亿元?")) == 1.0
    # 个 stands for any classifier: flights are counted in 班, cases in 例, incidents in 起
    asked = asked_unit("某航空公司累计执行了多少个商业航班?")
    assert unit_match("累计执行商业航班918班", ["918"], asked) == 1.0
    # units of more than one character: "多少立方米" is not answered by "24小时"
    cubic = asked_unit("某工程一共要挖出多少立方米的土石方?")
    assert cubic == "立方米" and asked_unit("某塔有多少公尺高?") == "公尺"
    assert unit_match("开挖土石方1.2亿立方米", ["1.2亿"], cubic) == 1.0
    assert unit_match("监测系统24小时紧盯岩体安全", ["24"], cubic) == 0.0
    # a count in Chinese numerals with no measure word before the asked noun ("三千骑兵")
    cavalry = analyse("某帝亲自带了多少骑兵出征?")
    assert "三千" in typed_spans("quantity", "某帝亲率的三千骑兵进行了激战。", cavalry)
    # the asked noun counted by another measure word: "2万个家庭" for "多少户家庭"
    households = asked_unit("某国大约有多少户家庭拥有电视机?")
    assert unit_match("某国大约有2万个家庭拥有电视机", ["2万"], households, "家庭") == 1.0
    assert unit_match("某国大约有2万个家庭拥有电视机", ["2万"], households) == 0.0
    # a score is asked in 分, and "两届" is no score; "多少分之一" asks a share
    assert unit_match("两届奥运会冠军", ["两届"], asked_unit("她在短节目中得了多少分?")) == 0.0
    assert unit_match("以76.5分排名第一", ["76.5"], asked_unit("她得了多少分?")) == 1.0
    assert asked_unit("占全市的多少分之一?") == ""
    # someone's age is asked in 岁 ("今年多大"), a size is not
    assert asked_unit("这位小选手今年多大?") == "岁"
    assert asked_unit("展馆面积有多大?") == ""


def test_what_a_how_many_question_counts_is_the_noun_phrase_after_its_measure_word() -> None:
    assert counted("某市有多少名在职党员到社区报到?") == ("党员",)  # a modifier, then the noun
    assert counted("某县设立了几个专项工作组?") == ("专项", "工作组")  # any of its nouns
    assert counted("某区为多少名外卖员提供了宿舍?") == ("外卖员",)  # verb + agent suffix
    assert counted("某区设立了多少个“暖心驿站”?") == ("暖心驿站",)  # a quoted name whole
    assert counted("公开赛有多少支队伍参赛?") == ("队伍", "参赛")  # a measure word not in _UNITS
    # nothing a figure could be said of: a measure, a time unit, an ordinal, a short noun
    assert counted("全国有多少比例的街道取消了招商引资?") == ("街道",)
    assert counted("全市新增人口多少?") == ()
    assert counted("战役是于草议批准几天后所发生?") == ()
    assert counted("他是第几任教宗?") == ()
    assert counted("一共有多少对村和企业确立了联建关系?") == ()
    # a count asked by a measure noun names what it counts right before it
    assert counted("某公司第四季度的员工人数是多少?") == ("员工",)
    assert counted("截至年底,某区“社区志愿者”数量达到多少?") == ("社区志愿者",)
    assert counted("全市网格员数量是多少?") == ("网格员",)  # noun + agent suffix
    assert counted("某地新能源汽车销售数量") == ("汽车",)  # a verbal noun between
    # a noun after a code in letters ("多少块TPU芯片"), and a subject the measure word ends
    # the question after ("涉及…措施的有多少条"); not a measure's subject ("全长多少公里")
    assert counted("某公司训练模型用了多少块TPU芯片?") == ("芯片",)
    assert counted("某协定中涉及开放措施的有多少条?") == ("措施",)
    assert counted("某高速公路的全长是多少公里?") == ()
    assert counted("某市小客车指标的个人申请人数是多少?") == ("申请",)  # the people who apply


def test_a_sentence_that_does_not_name_what_is_counted_counts_something_else() -> None:
    projects, branches = rules(
        "某市一共成立了多少个临时党支部?",
        "城市更新",
        "已开工的14个城市更新项目均实现党建覆盖。共成立临时党支部9个。",
        "counted_missing",
    )
    assert projects == 1.0 and branches == 0.0


def test_a_measure_asked_without_its_unit_is_answered_only_in_that_measure() -> None:
    # "总面积" is said in 平方米 or 亩, not by the count of the sites it covers
    count, area = rules(
        "某区党群服务站点的总面积是多少?",
        "党群服务站点",
        "全区建成近50个党群服务站点。站点总面积达1.2万平方米。",
        "measure_missing",
    )
    assert count == 1.0 and area == 0.0
    # takings written in 亿 alone, and money in another currency, are money
    assert rules("某档期总票房是多少?", "票房", "某档期总票房1.20亿。", "measure_missing") == [0.0]
    invest = rules("新厂计划投资多少?", "投资", "新厂投资额高达600亿美元。", "measure_missing")
    assert invest == [0.0]
    # an English question's Chinese words are glosses, not a sentence that names a measure
    english = analyse("What percentage of funds is budgeted?", [["比例"], ["资金", "经费"]])
    assert english.measure == ""
    # a named unit, a rate or a duration is checked elsewhere
    assert measure_units("大桥主桥全长多少米?") == ""
    assert measure_units("流域面积占多少比例?") == ""
    assert measure_units("排队时间有多长?") == ""
    # a share asked in words, or how much the measure rose: "11.1%" answers it
    assert measure_units("工厂端的产值比前一年涨了百分之多少?") == ""
    assert measure_units("全年产值提升了多少?") == ""
    assert rules(
        "产值比前一年涨了百分之多少?", "某市", "产值比上年增长11.1%。", "measure_missing"
    ) == [0.0]
    # a head count is said in people ("报名人数…1193万" in 万 alone), not in money
    staff, loss = rules(
        "某公司的员工人数是多少?", "某公司", "员工共1.2万人。净亏损为16.6亿元。", "measure_missing"
    )
    assert staff == 0.0 and loss == 1.0
    # and money is not said by a head count in 万 ("11万余人次" came, no wage was paid)
    trained, paid = rules(
        "某市社区工作者的平均月工资是多少?",
        "某市",
        "学院累计培训社区工作者11万余人次。社区工作者月均工资为4800元。",
        "measure_missing",
    )
    assert trained == 1.0 and paid == 0.0
    # nor in a classifier of things ("10万个" is a quota of plates, "120万大学生" are people)
    said = "指标配额为10万个。共有120万大学生报名。"
    quota, students = rules("某市的报名人数是多少?", "某市", said, "measure_missing")
    assert quota == 1.0 and students == 0.0
    # a price ("单价", "售价", "票价") is money, not a plane's seats
    seats, price = rules(
        "某型飞机的单价是多少?", "某型飞机", "最大载客量190人。售价约1亿美元。", "measure_missing"
    )
    assert seats == 1.0 and price == 0.0
    # a weight may be said in 公斤 ("体重118公斤"), a unit with a character before 斤
    assert rules("某球员的体重是多少?", "某球员", "体重118公斤。", "measure_missing") == [0.0]
    # a rent is money: a floor area in 万 ("2.2万平方英尺") is none, nor are work hours a GNP
    shop = "门店面积达2.2万平方英尺。每月租金约4.2万元。"
    assert rules("某店每月租金是多少?", "某店", shop, "measure_missing") == [1.0, 0.0]
    hours = "某地人平均一年工作2,282小时。"
    assert rules("某地的人均国民生产毛额是多少?", "某地", hours, "measure_missing") == [1.0]


def test_a_name_in_latin_letters_after_a_title_is_a_person() -> None:
    # "现任校长为C.L. Max Nikias": jieba reads the letters as English words, not a name
    who = analyse("某大学现任校长是谁?")
    assert "C.L. Max Nikias" in typed_spans("person", "现任校长为C.L. Max Nikias。", who)
    # a brand in letters with no title before it is no one
    assert typed_spans("person", "某公司正在为首家Apple Store招募员工。", who) == []


def test_a_name_credited_with_a_role_is_a_person_jieba_does_not_know() -> None:
    # "由甄爽执导": the director's name, which no dictionary holds; "由公司出品" names no one
    directed = analyse("网剧《某剧》是谁执导的?")
    credits = "由甄爽执导,某甲、某乙领衔主演的网剧《某剧》。"
    assert "甄爽" in typed_spans("person", credits, directed)
    assert typed_spans("person", "该剧由公司担任出品。", directed) == []
    # a director of photography is a post, which a credit for directing does not name
    asked = "《某剧》的摄影指导是谁?"
    assert asked_post(asked) == "指导"
    assert rules(asked, "某剧", "同样由甄爽执导的《某剧》大获成功。", "post_missing") == [1.0]


def test_a_who_question_about_a_post_is_answered_by_a_sentence_naming_that_post() -> None:
    assert asked_post("某市市委书记是谁?") == "市委书记"
    assert asked_post("谁是某国总统?") == "总统"
    assert asked_post("某市委组织部副部长是谁?") == "副部长"  # the rank stays on the post
    assert asked_post("项目党支部书记由谁担任?") == "书记"
    assert asked_post("谁发明了电话?") == ""  # no post asked
    # "担任…主任的是哪位物理学家": the post before the 的, not the kind of person after 哪位
    assert asked_post("当时担任这个实验室主任的是哪位物理学家?") == "主任"
    assert asked_post("担任审判长的是哪一位法官?") == "审判长"
    visit, secretary = rules(
        "某市市委书记是谁?", "某市", "总书记张三在某市考察。某市市委书记李四陪同。", "post_missing"
    )
    assert visit == 1.0  # another post's name is no answer
    assert secretary == 0.0
    # a deputy holds another post: "副会长" is no answer about the 会长, and the deputy's
    # rank stays on the post even where jieba cuts it off ("建设部副部长" as "部副|部长")
    deputy, head = rules(
        "某协会的会长是谁?", "某协会", "某协会副会长张三表示。某协会会长李四致辞。", "post_missing"
    )
    assert deputy == 1.0 and head == 0.0
    assert asked_post("住房和城乡建设部副部长是谁?") == "副部长"
    # a sentence naming the post beside someone who holds another names no holder of it
    other = "某公司董事长张三公布,机长和副驾驶的飞行时数分别是6709小时和3176小时。"
    assert rules("某航班的机长叫什么名字?", "某航班", other, "post_held_otherwise") == [1.0]
    # ... unless the titled one takes the post ("书记李四亲自担任…主任")
    took = "省委书记李四亲自担任某委员会主任。"
    assert rules("谁担任某委员会主任?", "某委员会", took, "post_held_otherwise") == [0.0]


def test_a_who_question_about_a_role_is_answered_by_a_sentence_saying_the_role_or_its_verb() -> (
    None
):
    assert asked_post("某片的导演是谁?") == "导演"
    cast, directed, named = rules(
        "某片的导演是谁?",
        "某片",
        "由张三、李四主演的某片今日上映。某片由王五执导。导演王五谈某片。",
        "post_missing",
    )
    assert cast == 1.0  # the actors are no answer about the director
    assert directed == 0.0  # "执导" says the role by its verb
    assert named == 0.0
    # the roles of a production and of a song, said by their verbs too
    assert asked_post("某剧的制片人是谁?") == "制片人"
    produced, starred = rules(
        "某剧的制片人是谁?", "某剧", "某剧由张三监制。某剧由李四主演。", "post_missing"
    )
    assert produced == 0.0 and starred == 1.0
    # and the roles of a team or a ceremony
    assert asked_post("某代表团的旗手是谁?") == "旗手"
    assert asked_post("某队的队长是谁?") == "队长"


def test_which_people_hold_a_role_is_a_question_about_people() -> None:
    assert answer_type("《某剧》的主演有哪些?") == "person"
    assert answer_type("本届的获奖者是哪几位?") == "person"
    assert answer_type("有哪些国家参加?") == ""  # countries are no people
    assert answer_type("他在《某剧》里演的是哪个角色?") == "person"  # a character's name


def test_an_english_which_question_may_put_an_adjective_before_its_noun() -> None:
    assert answer_type("Which German city was the train bound for?") == "place"
    assert answer_type("What port city did the ship reach?") == "place"
    assert answer_type("Which famous person opened it?") == "person"
    assert answer_type("Which reform did Beijing carry out?") == ""


def test_an_english_question_asks_with_its_first_question_word_not_a_when_clause() -> None:
    # "when he won" sets the scene of a who-question; it does not ask for a date
    assert answer_type("Who was the head coach of the team when he won the gold?") == "person"
    assert answer_type("How many staff did the bank have when it failed?") == "quantity"
    assert answer_type("When did the factory open?") == "date"


def test_an_english_question_asking_a_measure_by_its_name_asks_a_figure() -> None:
    # "what is the boiling point": a figure, which "its boiling point is higher" does not say
    assert answer_type("What is the boiling point of the compound?") == "quantity"
    assert answer_type("What was the production budget of the film?") == "quantity"
    assert answer_type("What is the population of the town?") == "quantity"
    assert answer_type("What is the name of the town?") == ""


def test_an_english_question_names_its_measure_in_its_own_words_not_in_its_glosses() -> None:
    # "how high above sea level": a height, which "1013毫巴" (a pressure) does not say
    height = analyse("How high above sea level is the observatory?", [["海平面"], ["天文台"]])
    assert rules_for(height, "某天文台", "海平面的气压约1013毫巴。天文台海拔1165米。") == [1.0, 0.0]
    cost = analyse("How much did the ceremony cost?", [["仪式"], ["费用", "成本"]])
    assert rules_for(cost, "某仪式", "仪式两天后举行。仪式耗资1亿英镑。") == [1.0, 0.0]
    # "how much prize money": money, which a score ("以6:3连胜") does not say; "how many
    # films of the box office chart" counts films, not money
    prize = analyse("How much prize money did he receive?", [["奖金"]])
    assert rules_for(prize, "某赛事", "他以6:3连胜三盘。他获得奖金297.5万澳元。") == [1.0, 0.0]
    films = analyse("Of the box office chart's top ten, how many films came in spring?", [["电影"]])
    assert films.measure == ""
    # "add to its cost" asks a change, "what percentage" a share: a share answers them
    assert analyse("How much does storing it add to its cost?", [["费用"]]).measure == ""
    assert analyse("What percentage of the fees is paid?", [["费用"]]).measure == ""


def rules_for(
    info: QuestionInfo, title: str, text: str, rule: str = "measure_missing"
) -> list[float]:
    """A rule's value (measure_missing unless named) for each sentence, for a question
    already analysed."""
    sentences = [s for s in re.split(r"(?<=。)", text) if s]
    cands = candidates(info, [passage(title, text)], [[0.8] * len(sentences)])
    return [c.features[rule] for c in cands]


def test_an_english_question_s_chinese_name_in_brackets_must_be_said_near_the_answer() -> None:
    # "the river (乙河)": a length said of another river answers nothing about it; a foreign
    # name is said by its last part ("穆尔穆" for "德劳帕迪·穆尔穆")
    river = analyse("How long is the river (乙河), a tributary?", [["支流"]])
    text = "甲河长为2510公里。甲河流经某国。它注入某湾。乙河长1376公里。"
    assert rules_for(river, "某河", text, "written_missing") == [1.0, 1.0, 0.0, 0.0]
    votes = analyse("How many votes did Droupadi Murmu (德劳帕迪·穆尔穆) get?", [["选票"]])
    assert rules_for(votes, "某选举", "穆尔穆获得2161张选票。", "written_missing") == [0.0]


def test_an_english_how_many_question_is_not_answered_by_a_rank_a_score_or_days() -> None:
    # "How many votes": "61-83" is a score, "45天" a span of time, "50%" a share; "获得2161张"
    # counts; "第265任" is a rank, which holds no figure at all (typed.typed_spans)
    votes = analyse("How many votes did he get?", [["选票"], ["获得"]])
    text = "他是第265任教宗。比赛以61-83结束。员工将在45天内离开。员工加薪50%。他获得2161张选票。"
    assert rules_for(votes, "某选举", text, "count_unsaid") == [0.0, 1.0, 1.0, 1.0, 0.0]
    assert rules_for(votes, "某选举", text, "type_missing") == [1.0, 0.0, 0.0, 0.0, 0.0]
    # a count of years is answered by a span of time
    years = analyse("How many years did the league last?", [["联盟"]])
    assert rules_for(years, "某联盟", "联盟历时26年。", "count_unsaid") == [0.0]


def test_a_question_asking_what_a_thing_is_called_is_answered_where_the_thing_is_named() -> None:
    assert asked_name_of("某市为环卫工人建设的驿站叫什么?") == "驿站"
    assert asked_name_of("该公司的主打产品名称是什么?") == "主打产品"  # as jieba cuts it
    assert asked_name_of("某市建设了多少个驿站?") == ""  # asks no name
    # "书名", "艺名": the noun is the name asked for, not a thing the sentence must name
    assert asked_name_of("她2018年出的那本自传书名叫什么?") == ""
    assert asked_name_of("这位歌手的艺名叫什么?") == ""
    workers, stations = rules(
        "某市为环卫工人建设的驿站叫什么?",
        "环卫工人",
        "某市有环卫工人3000多名。全市建成“暖心驿站”50个。",
        "named_missing",
    )
    assert workers == 1.0 and stations == 0.0
    # a name given in quotes in a passage on the asked thing names it by another noun
    mascots = "历届吉祥物各有特色。某年的设计师用积木拼成一个人形,取名“某某”。"
    history, named = rules("某年的吉祥物叫什么名字?", "吉祥物", mascots, "named_missing")
    assert history == 0.0 and named == 0.0
    shapes = "某年的设计师用积木拼成一个人形,取名“某某”。"
    assert rules("某年的吉祥物叫什么名字?", "积木", shapes, "named_missing") == [1.0]


def test_a_question_asking_in_two_clauses_is_answered_by_a_clause_for_each() -> None:
    sentence = "某市开展提质行动,市县两级投入“暖心基金”300多万元,打造社区网格党群服务站(点)120个。"
    both = analyse("某市投入了多少暖心基金,打造了多少个社区网格党群服务站(点)?")
    answer = clause(sentence, both, typed_spans("quantity", sentence, both))
    assert "300多万元" in answer and "120个" in answer  # the clause before the best joins
    one = analyse("某市打造了多少个社区网格党群服务站(点)?")  # one ask: it stays out
    assert "300" not in clause(sentence, one, typed_spans("quantity", sentence, one))


# How-many questions and the clause of a sentence that answers each: (question, sentence,
# what the answer says, what it must not say).
HOW_MANY_CLAUSES = {
    # "2022某档总票房1.20亿" names the year but counts takings, not admissions
    "what is counted before the asked year": (
        "2022年某档三天里全国观影人次有多少?",
        "2022某档总票房1.20亿截至4月5日21时30分,在影院营业比例不足50%的情况下,观影总人次342.02万。",
        ("342.02万",),
        "1.20亿",
    ),
    # the registered population's rate is not the resident population's, though the clause
    # with the resident one names the asked year
    "the asked part, not another": (
        "2021年某国户籍人口城镇化率是多少?",
        "某负责人说,2021年某国常住人口城镇化率达到64.72%,户籍人口城镇化率提高到46.7%。",
        ("46.7%",),
        "64.72%",
    ),
    # "排第几" asks the place ("第二位"), not the figure that earned it
    "the rank, not the figure ranked": (
        "2021年某省粮食总产量在全国排第几?",
        "2021年某省粮食总产量为1308.84亿斤,比上年减少56.32亿斤,但在全国仍位居第二位。",
        ("第二位",),
        "1308.84",
    ),
    # "第五次…普查" names the census compared with, and counts nothing: the figure is the
    # clause with what is counted
    "a count, not an ordinal": (
        "某市在第六次人口普查时有多少常住人口?",
        "根据第六次全国人口普查,全市常住人口为1234567人,同第五次全国人口普查相比,共增加98765人。",
        ("1234567人",),
        "第五次",
    ),
    # "从九章共61条,增至十章共86条": the clause with the old figure does not stop at its comma
    "a change with where it went": (
        "修订后的某法现在总共有多少条?",
        "某法迎来了第一次系统性的修订,从九章共61条,增至十章共86条。",
        ("61条", "增至十章共86条"),
        "",
    ),
}


@pytest.mark.parametrize("case", HOW_MANY_CLAUSES)
def test_a_how_many_question_is_answered_by_the_clause_that_counts_what_it_asks(
    case: str,
) -> None:
    question, sentence, said, unsaid = HOW_MANY_CLAUSES[case]
    info = analyse(question)
    answer = clause(sentence, info, typed_spans("quantity", sentence, info))
    assert all(s in answer for s in said) and not (unsaid and unsaid in answer)


def test_the_clause_that_answers_is_not_the_one_that_only_names_the_pages_topic() -> None:
    # An encyclopaedia entry opens by naming its subject; "哪个州" is answered by the clause
    # on the asked dynasty, and "扬二州", which jieba reads as a proper noun, is a place
    info = analyse("甲城在宋代是哪个州的州治所在?")
    sentence = "甲城是河南省下辖的县级市,位于河南省南端,在宋代时为扬二州州治地,故有丙城之称。"
    typed = typed_spans("place", sentence, info)
    assert "扬二州" in typed
    assert clause(sentence, info, typed, "甲城") == "在宋代时为扬二州州治地"


def test_the_question_word_decides_the_kind_before_the_topic_it_names() -> None:
    # "票房" names a figure's topic, but "谁" asks for a person
    assert answer_type("谁是影史首个票房达到百亿元的导演?") == "person"
    assert answer_type("某银行破产时间") == "date"  # no question word: the asked noun decides
    assert answer_type("某年网球公开赛女单冠军") == "person"  # a search query ending in a role
    assert answer_type("某人是什么游戏的男主角?") == ""  # "什么" asks for the game, not the role


def test_which_year_of_an_era_is_a_date_and_how_many_years_a_figure() -> None:
    assert answer_type("这种酶是在西元几年提取出来的?") == "date"
    assert analyse("這種酶是在西元幾年提取出來的?").kind == "date"  # traditional, as in DRCD
    assert answer_type("这家公司成立了几年?") == "quantity"


def test_which_period_or_aspect_is_no_place_and_which_player_is_a_person() -> None:
    # "在哪" asks where, unless what follows names a period, an aspect or a work.
    assert answer_type("会议在哪举行?") == "place"
    assert answer_type("这座城在哪一个朝代时建成?") == ""
    assert analyse("這項制度在哪個時期時最為成功?").kind == ""  # traditional, as in DRCD
    assert answer_type("它的重要性体现在哪些方面?") == ""
    assert answer_type("这句话是在哪一部经典中提到的?") == ""
    assert answer_type("某某在哪个机构任职?") == ""  # an institution is named, not placed
    assert answer_type("某某在哪所大学取得博士学位?") == ""
    assert answer_type("会议在哪座城市举行?") == "place"
    # "哪一个" with a kind of place, or of person, asks for one.
    assert analyse("該島位於哪一個國家境內?").kind == "place"
    assert answer_type("哪些选手进入了决赛?") == "person"
    assert answer_type("是哪一位作家写了这本书?") == "person"


def test_a_search_query_ending_in_a_measure_asks_for_a_figure() -> None:
    # Typed into a search box, a question often has no question word: a noun ending that
    # names a measure (…量, …率, …额, 增速, 涨幅) asks for a figure.
    assert answer_type("2023年某市新能源汽车产量") == "quantity"
    assert answer_type("该县去年城镇登记失业率") == "quantity"
    assert answer_type("上半年全省进出口总额") == "quantity"
    assert answer_type("一季度社会消费品零售总额增速？") == "quantity"
    # ... but not a question with a question word, or one ending in another noun.
    assert answer_type("什么叫增长率") == ""
    assert answer_type("该市的主要产业") == ""


def test_a_period_dates_an_event_as_a_year_does() -> None:
    # "何时" is answered by a period as well as by a year: "明朝末年", "民国初年", "二十世纪".
    info = analyse("这座寺庙何时始建?")
    assert typed_spans("date", "该寺始建于明朝末年,清代重修", info) == ["明朝末年"]
    assert typed_spans("date", "原建筑在民国初年已被拆除", info) == ["民国初年"]
    assert typed_spans("date", "寺院毁于二十世纪的战火", info) == ["二十世纪"]


def test_a_house_number_is_no_day_of_the_month() -> None:
    # "131号" is an address: its last two digits are not "31号", so the clause holding the
    # real date answers "何时", not the one naming the building
    info = analyse("大会于何时举行?")
    assert typed_spans("date", "2009年5月8日,协会在长安街131号礼堂召开大会", info) == [
        "2009年",
        "5月",
        "8日",
    ]


def test_a_people_named_for_their_place_answers_where_they_come_from() -> None:
    # jieba tags "温州人" a noun, not a place; its place still answers "哪个地方的人"
    info = analyse("早年来此经商的主要是宁波人和哪个地方的人?")
    assert typed_spans("place", "当时来此经商的以温州人最多", info) == ["温州"]


def test_which_year_is_not_answered_by_a_month_alone() -> None:
    # "十月,…" leaves the year to an earlier sentence: it holds no thing of the asked kind
    info = analyse("他在哪一年率兵攻下了县城?")
    assert typed_spans("date", "十月,他率兵攻下了县城", info) == []
    assert typed_spans("date", "1518年十月,他率兵攻下了县城", info) == ["1518年"]
    assert typed_spans("date", "十月,他率兵攻下了县城", analyse("他何时攻下了县城?")) == ["十月"]


def test_a_figure_in_a_supposition_is_no_fact() -> None:
    # "在…的情况下" and "如果…" set a condition: their figures are not what happened
    info = analyse("港口去年的吞吐量是多少?")
    assert typed_spans("quantity", "在年吞吐量5000万吨的情况下,泊位仍然够用", info) == []
    assert typed_spans("quantity", "如果吞吐量超过8000万吨,就要扩建", info) == []
    assert typed_spans("quantity", "去年吞吐量达到6200万吨", info) == ["6200万"]


def test_a_city_jieba_reads_as_a_brand_is_a_place_when_the_articles_are_about_it() -> None:
    # jieba tags "金华" in "金华有多少…" as a brand name (nz); the article about the city names
    # "金华市", so its home places hold "金华", and another city's article is no answer
    info = analyse("金华有多少个社区食堂?", known_places={"金华", "浙江"})
    assert [t.text for t in info.terms if t.place] == ["金华"]


def test_how_long_is_answered_by_a_duration_in_chinese_numerals() -> None:
    # "十年后" is how long, as "10年后" would be; a how-many-people question is not asking
    info = analyse("新线通车要等多久?")
    assert typed_spans("quantity", "新线预计将于十年后通车", info) == ["十年"]
    assert typed_spans("quantity", "他在那里住了三个月", analyse("他住了多少个月?")) == ["三个月"]
    assert typed_spans("quantity", "工期三个月", analyse("有多少人参加?")) == ["三个"]
    # and a span of ages, in myriads as Wikipedia writes them
    ago = analyse("单细胞生物大约从多久以前就开始有性生殖了?")
    assert typed_spans("quantity", "有性生殖在十亿年前就已出现在单细胞生物。", ago) == ["十亿年"]
    # a decade says when, not how long: "存在了多少年" is answered by "历时26年"
    lasted = analyse("某同盟一共存在了多少年?")
    assert typed_spans("quantity", "在1920年代,某同盟有显著的成功。", lasted) == []
    assert typed_spans("quantity", "某同盟历时26年。", lasted) == ["26"]


def test_a_count_of_years_that_says_how_long_dates_nothing() -> None:
    # "婚姻持续50年", "有260年历史的马车", "过去70年来" answer no "哪一年" or "何时"
    married = analyse("某甲与某乙在哪一年结婚?")
    assert typed_spans("date", "两人的婚姻持续50年。", married) == []
    assert typed_spans("date", "1925年8月8日,两人在广州结婚。", married) == ["1925年"]
    when = analyse("某某加冕是什么时间?")
    text = "他乘坐有260年历史的马车返回,这是过去70年来最大的仪式。"
    assert typed_spans("date", text, when) == []
    assert not says_when(text, when)
    # a year since which something holds, or an ancient year, still dates
    assert typed_spans("date", "2010年以来某某连年增长。", when) == ["2010年"]
    assert typed_spans("date", "公元397年召开某大会。", when) == ["397年"]


def test_which_ones_asks_for_a_list_not_a_count() -> None:
    # "哪几种" asks which kinds; "几种" asks how many
    assert answer_type("剧院的演出分为哪几种?") == ""
    assert answer_type("剧院的演出分为几种?") == "quantity"


def test_what_a_colon_announces_belongs_to_the_answer_but_a_labels_field_does_not() -> None:
    # "分两类：" announces the two kinds; "来源：" is a page's label, not part of the answer
    info = analyse("这里的病人主要分为几类?")
    answer = clause("这里的病人主要分两类：短期住院及长期住院", info, ("两类",), "")
    assert answer.endswith("长期住院")
    info = analyse("全年票房是多少?")
    answer = clause("全年票房达300亿元,数据来源：某研究院", info, ("300亿",), "")
    assert "研究院" not in answer


def test_another_session_or_leg_is_no_answer_about_the_asked_one() -> None:
    # "第19棒" and "第20棒" are other legs than "第一棒"; "第七届" is the seventh session
    asked = ordinals("谁是火炬传递的第一棒火炬手?")
    assert ordinal_conflict(asked, "某某作为第19棒火炬手,点燃了第20棒火炬手手中的火炬") == 1.0
    assert ordinal_conflict(asked, "他把火炬交给第一棒火炬手") == 0.0
    assert ordinals("第七届立法会第31任") == {(7, "届"), (31, "任")}
    assert ordinals("首届进博会") == ordinals("第一届进博会") == {(1, "届")}
    # "第四季度" is a quarter, said "四季度" as often: no ordinal an article must repeat; a
    # show's "第四季" is one
    assert ordinals("某国2021年第四季度GDP同比增长了多少?") == set()
    assert ordinals("某节目第四季哪天首播?") == {(4, "季")}
    # an anniversary is counted like a session: the 110th is no answer about the 120th
    asked = ordinals("某大学120周年校庆是在哪一天举行的?")
    assert asked == {(120, "周年")}
    assert ordinal_conflict(asked, "2003年11月29日,某大学隆重举行110周年校庆大典") == 1.0
    assert ordinal_conflict(asked, "2013年11月29日,某大学举行一百二十周年校庆") == 0.0


def test_a_congress_session_numbered_without_di_is_another_session() -> None:
    # political news numbers a congress's term and session without 第 ("十三届五次会议"):
    # the first session's closing day is no answer about the fifth's
    asked = ordinals("某政协十三届五次会议闭幕时间")
    assert asked == {(13, "届"), (5, "次")}
    assert ordinal_conflict(asked, "某政协十三届一次会议3月15日上午举行闭幕会") == 1.0
    assert ordinal_conflict(asked, "某政协第十三届某某委员会第五次会议3月10日闭幕") == 0.0
    assert ordinals("二十届三中全会") == {(20, "届"), (3, "次")}
    # "十三届" alone may count ("已举办十三届"), and "召开三次会议" counts
    assert ordinals("某节已举办十三届,今年召开三次会议") == set()


def test_another_season_another_shop_of_a_chain_is_no_answer() -> None:
    # a season across two years is numbered by its start: 2020-2021's champion is not
    # 2021-2022's, though both name 2021
    asked = ordinals("某联赛2021-2022赛季总冠军")
    assert asked == {(2021, "赛季")}
    assert ordinal_conflict(asked, "2020-2021赛季某联赛总决赛落幕,某队夺得总冠军") == 1.0
    assert ordinal_conflict(asked, "2021/22赛季某联赛总决赛落幕,某队夺得总冠军") == 0.0
    # and a chain's second shop is not its first
    assert rules(
        "某品牌在某国的第一家旗舰店在哪个城市?",
        "某品牌",
        "某国的第二家某品牌旗舰店将于4月20日在某城开业。",
        "ordinal_conflict",
    ) == [1.0]


def test_another_hosts_edition_or_another_countrys_team_is_no_answer() -> None:
    # the 2010 Winter Games' gold medallist is no answer about Beijing's; a year between
    # the host and the event is skipped, and an edition named by no host conflicts with none
    assert placed("在北京2022年冬奥会上") == {("冬奥会", "北京")}
    assert placed("本届冬奥会") == placed("1998年世界杯") == set()
    vancouver, beijing = rules(
        "北京冬奥会双人滑金牌得主是谁?",
        "某运动员",
        "某某曾获2010年温哥华冬奥会双人滑金牌。某某获得北京冬奥会双人滑金牌。",
        "placed_conflict",
    )
    assert (vancouver, beijing) == (1.0, 0.0)
    # the summer Games are another event than the winter ones: no conflict between them
    assert rules(
        "巴黎奥运会火炬传递从哪里开始?",
        "某火炬",
        "北京冬奥会火炬传递从某地开始。",
        "placed_conflict",
    ) == [0.0]
    # a national team is named by its country: the American team's titles are not China's
    american, both = rules(
        "2022年女篮世界杯中国女篮成绩",
        "某赛事",
        "美国女篮共夺得11次世界杯冠军。中国女篮在决赛中负于美国女篮,获得亚军。",
        "placed_conflict",
    )
    assert (american, both) == (1.0, 0.0)


def test_another_tennis_major_or_award_role_is_no_answer() -> None:
    # the Australian Open's champion is not Wimbledon's; a supporting actor is no lead
    assert rules(
        "2023年温网男单冠军",
        "某网球",
        "某某赢得了2023年澳大利亚网球公开赛男单冠军奖杯。",
        "contrast_conflict",
    ) == [1.0]
    supporting, lead = rules(
        "2023年某电影奖最佳女主角",
        "某电影奖",
        "某某获得2023年某电影奖最佳男配角。某某获得最佳女主角。",
        "contrast_conflict",
    )
    assert (supporting, lead) == (1.0, 0.0)


def test_the_holder_of_a_leg_is_named_with_the_leg() -> None:
    # "参与的火炬手包括…" names runners of other legs; "首棒" is "第一棒"; a question that
    # asks for no leg's holder wants no ordinal
    runners, first, also_first = rules(
        "某运动会火炬接力的第一棒火炬手是谁?",
        "某运动会火炬接力",
        "参与的火炬手包括篮球运动员张某某等。他把火炬交给第一棒火炬手李某某。首棒火炬手王某某出发。",
        "holder_ordinal_missing",
    )
    assert (runners, first, also_first) == (1.0, 0.0, 0.0)
    assert rules(
        "某运动会的火炬手有谁?", "某运动会", "参与的火炬手包括张某某等。", "holder_ordinal_missing"
    ) == [0.0]


def test_an_article_that_never_names_the_asked_term_is_no_answer_about_it() -> None:
    # a report on the office in general names no "第31任"; one on the 31st does, in any
    # numerals. "第一次" / "首次" is as often "for the first time": it asks for no article.
    info = analyse("某国第31任总理是谁?")
    (general,) = candidates(info, [passage("某国", "总理由议会多数党领袖担任。")], [[0.9]])
    assert general.features["ordinal_missing"] == 1.0
    (named,) = candidates(info, [passage("某国", "张某就任第三十一任总理。")], [[0.9]])
    assert named.features["ordinal_missing"] == 0.0
    first = analyse("此现象是由何人首次发现的?")
    (any_,) = candidates(first, [passage("某星", "某人首先观察到此现象。")], [[0.9]])
    assert any_.features["ordinal_missing"] == 0.0
    # "第三十次会议" names a session: a report on the 29th is no answer about it
    thirtieth = analyse("某组织第三十次会议在哪里举行?")
    (other,) = candidates(thirtieth, [passage("某组织", "第二十九次会议在甲市举行。")], [[0.9]])
    assert other.features["ordinal_missing"] == 1.0


def test_another_month_of_the_asked_year_is_no_answer_about_the_asked_month() -> None:
    # a chronicle says what its subject did month by month; May's post is no answer about
    # September's
    asked = months("某某于1924年9月被调任什么职务?")
    assert asked == {("1924", 9)}
    assert month_conflict(asked, "1924年5月,某某随部出征,胸部中弹") == 1.0
    assert month_conflict(asked, "1924年5月出征,1924年9月调任教官") == 0.0
    # another year's months, or none, say nothing against it
    assert month_conflict(asked, "1925年2月,参加东征") == 0.0
    assert months("二〇二二年十一月") == set() and months("2022年十一月") == {("2022", 11)}


def test_the_leads_named_in_the_clause_before_the_cast_are_part_of_the_answer() -> None:
    # both clauses say who stars ("领衔主演", "等主演"): the answer keeps the leads, whatever
    # the title; "电视剧" before it names the topic, not what is asked
    for title in ("某某", "远山之约"):
        info = analyse(f"电视剧《{title}》的主演是谁?")
        sentence = f"由李某执导,张三、李四领衔主演,王五、赵六等主演的电视剧《{title}》正在热播"
        answer = clause(sentence, info, ("李某", "张三", "李四", "王五", "赵六"), "")
        assert answer.startswith("张三、李四领衔主演") and "执导" not in answer


def test_the_winner_is_the_subject_the_following_clauses_share_not_the_one_beaten() -> None:
    # Chinese drops a repeated subject: "在决赛中击败张三" is what 李四 did
    info = analyse("今年公开赛的男单冠军是谁?")
    sentence = "三年后,李四成为新的挑战者,在今年公开赛男单决赛中击败张三,夺得冠军"
    answer = clause(sentence, info, ("李四", "张三"), "")
    assert answer.startswith("李四")


def test_a_pronoun_points_back_to_the_person_named_before_not_the_one_after() -> None:
    # "他也是…最后一位…的皇帝": 他 is 甲帝, named before it, not his son named after it
    info = analyse("谁是最后一位让帝国维持统一的皇帝?")
    sentence = (
        "394年甲帝平定帝国内乱,直到隔年他过世帝国都维持统一,"
        "他也是帝国最后一位维持统一的皇帝,其长子乙帝接掌东部"
    )
    answer = clause(sentence, info, ("甲帝", "乙帝"), "")
    assert "甲帝" in answer and "乙帝" not in answer


def test_a_figure_in_the_question_is_said_only_as_a_whole_number() -> None:
    # the "2" of "“1+2+N”中的“2”" is not said by "2022年" or "12个", but is by "…2022...2"
    info = analyse("模式中的2具体指什么?")
    two = next(t for t in info.terms if t.number)
    assert not holds_term("2022年启动,共12个试点", two)
    assert holds_term("第2项是双排查", two) and holds_term("此前...2项", two)


def test_how_long_is_not_answered_by_a_figure_of_another_measure() -> None:
    # "排队时间有多长" asks for hours; the tonnage beside it counts something else, unless the
    # question asks for a figure too
    sentence = "去年,船闸货运量跃升至2.5亿吨,排队时间拉长到36个小时。"
    assert typed_spans("quantity", sentence, analyse("去年船闸排队时间有多长?")) == ["36"]
    both = analyse("去年船闸货运量达到多少,排队时间拉长到了多久?")
    assert typed_spans("quantity", sentence, both) == ["2.5亿", "36"]


def test_how_long_asks_for_a_duration_even_of_a_role() -> None:
    # "多久" asks how long, though the question ends in a role as a search query for a person
    # does: a question word decides before the asked-for noun
    assert answer_type("她当了多久首相") == "quantity"
    assert answer_type("工程还要多久才能完工?") == "quantity"


def test_the_digits_of_a_date_or_a_clock_time_are_not_figures() -> None:
    info = analyse("全年经济增长了多少?")
    sentence = "发表时间:18/01/2022 - 00:10,1月24日17时41分报道,经济在2021年增长8.1%"
    assert typed_spans("quantity", sentence, info) == ["8.1%"]
    # ... unless the question counts in years or months
    assert "30" in typed_spans("quantity", "公司1990年成立,至今已有30年", analyse("成立了多少年?"))


def test_a_year_the_question_already_says_is_no_date_to_answer_with() -> None:
    info = analyse("2030全运会开幕时间")
    assert typed_spans("date", "2030年全运会将于9月1日开幕", info) == ["9月", "1日"]


def test_a_two_part_question_word_is_answered_by_both_clauses_that_say_its_parts() -> None:
    # jieba keeps "身高体重" as one word; its parts are said in two clauses
    info = analyse("某球员的身高体重是多少?")
    answer = clause("某球员身高2米11,体重118公斤,场上司职中锋", info, ("2", "11", "118"), "")
    assert "118公斤" in answer and "中锋" not in answer


def test_a_clause_mark_inside_brackets_or_quotes_does_not_cut_a_clause() -> None:
    # an encyclopaedia's "(西班牙语:Alcántara)" and a quoted list keep their commas
    assert split_clauses("某城(西班牙语:Alcántara)是西部小城,位于某省") == [
        "某城(西班牙语:Alcántara)是西部小城",
        "位于某省",
    ]
    assert split_clauses("称为“甲、乙,丙”,沿用至今") == ["称为“甲、乙,丙”", "沿用至今"]
    # a page cut in the middle of an aside leaves a bracket open: every mark cuts again
    assert split_clauses("某城(西班牙语:Alc,位于某省") == ["某城(西班牙语", "Alc", "位于某省"]


def test_the_answer_joins_what_is_asked_to_the_clause_holding_the_date() -> None:
    # the year stands two clauses before the words the question asks about
    info = analyse("张某是何时步入政界的?")
    answer = clause("2019年,张某出任区委书记助理,步入政界", info, ("2019年",), "张某")
    assert "2019年" in answer and "步入政界" in answer


def test_a_name_in_a_clause_sharing_one_character_with_the_question_is_not_its_answer() -> None:
    # jieba knows "王某" as a name but not the answer "李四"; "王某认为…" shares only "会"
    # with the question, so the clause that says "做了检讨" is the answer, with its neighbour
    info = analyse("谁在会上做了自我检讨?")
    answer = clause("全会召开后,李四做了自我检讨,而王某认为差距很大", info, ("王某",), "")
    assert "李四做了自我检讨" in answer


def test_a_figure_written_with_digit_group_commas_is_the_figure_the_question_says() -> None:
    # Encyclopaedias and statistics write "4,000"; a user types "4000".
    info = analyse("4000年前关岛上住着什么族群?")
    (answer,) = candidates(
        info, [passage("关岛", "查莫洛人为关岛原住民，自4,000年前即居住于岛上。")], [[0.9]]
    )
    assert answer.features["numbers_missing"] == 0.0


def test_a_long_quoted_statement_is_cut_into_clauses_like_any_sentence() -> None:
    # a whole statement in quotation marks, ended by who said it: its figure's clause answers,
    # not the whole quotation; an encyclopaedia's long bracket still holds together
    said = (
        "“我们整合优质资源,以市中心为龙头,建成社区服务中心109处、村级服务站947处,"
        "打造了服务圈。”某部长说。"
    )
    info = analyse("建成了多少处村级服务站?")
    assert clause(said, info, ("109", "947")) == "建成社区服务中心109处、村级服务站947处"
    born = "张三(英语:Zhang San, 1976年7月24日 - 2020年1月1日,原名张某某)是一位赛车手,生于某地"
    assert split_clauses(born)[0].endswith("是一位赛车手")


def test_a_figure_with_digit_group_commas_is_said_in_its_unit_and_stays_whole() -> None:
    # "2,345米" counts in the asked 米, and its comma ends no clause: the answer is not "海拔2"
    info = analyse("多少米为某市的市中心高度?")
    sentence = "某市地处高原中部,市中心海拔2,345米,气候温和。"
    (answer,) = candidates(info, [passage("某市", sentence)], [[0.9]])
    assert answer.features["unit_match"] == 1.0 and answer.features["type_near"] == 1.0
    assert split_clauses(sentence)[1] == "市中心海拔2,345米"
    assert "2,345米" in clause(sentence, info, answer.typed)


def test_a_count_of_named_parts_and_a_fraction_are_figures() -> None:
    # policy prose counts its parts as "六大板块", "四大任务"; a share as "三分之二"
    info = analyse("服务中心有几个板块?")
    sentence = "中心建筑面积2500平方米,规划建设了书屋、课堂等六大板块。"
    assert "六大" in typed_spans("quantity", sentence, info)
    (answer,) = candidates(info, [passage("服务中心", sentence)], [[0.9]])
    assert answer.features["unit_match"] == 1.0
    # of two clauses with figures, the one whose figure counts the asked 板块 answers
    assert clause(sentence, info, answer.typed).startswith("规划建设了书屋、课堂等六大板块")
    share = analyse("流域面积占全省面积的多少?")
    assert "三分之二" in typed_spans("quantity", "流域面积仅占全省面积的三分之二。", share)
    assert typed_spans("quantity", "这大大提高了效率,一大早就出发。", share) == []
    # pairs are counted in 对 ("四对关系"), as people in 名
    pairs = analyse("城市建设需要平衡好几对关系?")
    assert typed_spans("quantity", "城市建设需要平衡好以下四对关系。", pairs) == ["四对"]
    # counts in the measure words of policy prose: "五方面民生实事", "三股力量"
    aspects = analyse("明确了几方面民生实事?")
    counted = typed_spans("quantity", "明确五方面民生实事,汇聚三股力量。", aspects)
    assert counted == ["五方面", "三股"]


def test_a_transliterated_foreign_name_is_a_person_and_a_foreign_place_is_not() -> None:
    # jieba cuts "斯托尔滕贝格" in three and "阿尔瓦雷斯" in two
    who = analyse("是谁发表了讲话?")
    assert typed_spans("person", "北约秘书长斯托尔滕贝格表示", who) == ["斯托尔滕贝格"]
    assert typed_spans("person", "球员阿尔瓦雷斯打进一球", who) == ["阿尔瓦雷斯"]
    assert typed_spans("person", "会议在布鲁塞尔举行", who) == []
    # a run inside a name jieba found whole is not a second name
    assert typed_spans("person", "作家塞巴斯蒂安出席", who) == ["塞巴斯蒂安"]


def test_a_foreign_name_written_with_a_middle_dot_is_one_person() -> None:
    # jieba cuts "安娜·谢尔巴科娃" into 安娜/谢/尔巴/科娃 and "亨利·列斐伏尔" after 列斐
    who = analyse("谁夺得了冠军?")
    assert typed_spans("person", "选手安娜·谢尔巴科娃夺得冠军", who) == ["安娜·谢尔巴科娃"]
    assert typed_spans("person", "思想家亨利·列斐伏尔提出", who) == ["亨利·列斐伏尔"]
    # a full-width full stop between the parts, as some pages write it
    assert typed_spans("person", "记者埃文．格什科维奇被拘留", who) == ["埃文.格什科维奇"]
    assert name_parts("埃文·格什科维奇") == ["埃文", "格什科维奇"]
    assert name_parts("597.7万") == []  # a figure's decimal point is no name's dot


def test_a_name_jieba_does_not_know_is_read_after_the_title_the_question_asks_about() -> None:
    # jieba cuts the Japanese name in "东山藩主伊达光宗" into a proper noun and a name; the
    # title the question asks about stands right before it (cut "藩/主" in the question)
    who = analyse("当时的东山藩主是谁?")
    sentence = "1613年,东山藩主伊达光宗为了与外国通商,派遣使节远航。"
    assert "伊达光宗" in typed_spans("person", sentence, who)
    # a title before an ordinary noun names no one
    assert typed_spans("person", "市长会议将于下周召开。", analyse("市长是谁?")) == []


def test_what_post_a_named_person_holds_is_read_in_the_titles_before_the_name() -> None:
    # news writes a person's posts right before the name, joined by "、"
    post = analyse("张建国担任什么职务?")
    assert post.kind == "title" and answer_type("张建国的职务是什么?") == "title"
    sentence = "某市经济学会副会长、某智库联盟秘书长张建国解释说,水运最经济。"
    assert typed_spans("title", sentence, post) == ["某市经济学会副会长、某智库联盟秘书长"]
    # a name with no post before it holds none that the sentence says
    assert typed_spans("title", "张建国说,这笔投资值得。", post) == []


def test_a_chinese_name_jieba_cut_after_its_surname_is_still_a_person() -> None:
    # jieba tags the surname alone ("宋/nr") and the given name as a word ("建成/v"),
    # so the name was never a person and the sentence that gave it lost to one without
    # any name (cmrc, drcd: 宋建成, 郭守时)
    who = analyse("图书馆首位副馆长是谁?")
    assert "宋建成" in typed_spans("person", "宋建成,台湾图书馆行政工作者", who)
    assert "郭守时" in typed_spans("person", "元世祖以郭守时担任都水监", who)
    # a surname-like character before a function word or a preposition is no name
    assert not any(len(t) < 3 for t in typed_spans("person", "宋建成的书", who))
    lord = analyse("当时的东山藩主是谁?")
    assert "康为了" not in typed_spans("person", "东山藩主北条氏康为了通商", lord)


def test_an_ordinary_word_jieba_tags_as_a_name_is_no_person() -> None:
    # jieba's dictionary tags 古老 (ancient) and 华丽 (gorgeous) as names; CC-CEDICT glosses
    # them in lower case, a name in capitals (鲁迅: Lu Xun)
    who = analyse("这座城市是谁设计的?")
    assert typed_spans("person", "这座城市虽然古老却是范本", who) == []
    assert typed_spans("person", "华丽的花朵下垂", who) == []
    assert typed_spans("person", "作家鲁迅担任编辑", who) == ["鲁迅"]


def test_a_foreign_city_jieba_tags_as_a_name_is_no_person() -> None:
    # jieba tags 索契 (Sochi) as a name; CC-CEDICT glosses it only as a city. A name that is
    # also a place's (杰克逊: a name and a state capital) stays a name.
    who = analyse("女子单人滑金牌得主是谁?")
    assert typed_spans("person", "索契冬奥会花样滑冰女子单人滑比赛。", who) == []
    assert typed_spans("person", "杰克逊夺得金牌。", who) == ["杰克逊"]


def test_a_place_jieba_tags_as_a_name_or_a_noun_is_a_place() -> None:
    # jieba tags 尼斯 (Nice) a transliterated name and 集安 a common noun; CC-CEDICT glosses
    # both as cities. A gloss that only mentions a state ("处于": to be in a state) is no place.
    where = analyse("比赛在哪里举行?")
    assert "尼斯" in typed_spans("place", "比赛将于9月10日在法国尼斯举行", where)
    assert "集安" in typed_spans("place", "其境内的集安是古都", where)
    assert typed_spans("place", "处于起步阶段", where) == []


def test_a_foreign_leader_jieba_tags_as_a_place_is_a_person() -> None:
    # jieba's dictionary tags 普京 a place name (ns); CC-CEDICT knows him only as a person, so
    # a sentence about Putin's plans says nowhere the funeral is held, but says who is absent
    sentence = "但普京因有其他行程安排无法参加葬礼"
    assert typed_spans("place", sentence, analyse("葬礼将在哪里举行?")) == []
    assert "普京" in typed_spans("person", sentence, analyse("谁没有参加葬礼?"))
    # a city named for a person stays a place
    assert "华盛顿" in typed_spans("place", "会议在华盛顿举行", analyse("会议在哪里举行?"))


def test_which_country_is_not_answered_by_a_street_nor_which_province_by_a_country() -> None:
    """ "牛车水是位于哪个国家?": the streets around it (jieba cuts "新桥|路") and a bus line
    (巴士, which jieba tags a place) are not countries; "震中位于哪个省?" is not answered by
    the country next door, nor "在哪座城市举办" by a province or a country."""
    country = analyse("牛车水是位于哪个国家?")
    streets = "位于宝塔街及新桥路上的地铁站是前往当地的主要途径,此外还有多条巴士线路"
    assert typed_spans("place", streets, country) == []
    assert typed_spans("place", "是新加坡的唐人街", country) == ["新加坡"]
    # a state of old, which jieba cuts before its kind, is a country
    assert "贵霜帝国" in typed_spans("place", "贵霜帝国等一些国家阻隔了交流", country)
    province = analyse("地震的震中位于哪个省?")
    assert typed_spans("place", "地震发生在接壤叙利亚的边境", province) == []
    assert "浙江" in typed_spans("place", "地震发生在浙江", province)
    city = analyse("大会在哪座城市举办?")
    assert typed_spans("place", "大会由宁夏主办", city) == []
    assert typed_spans("place", "大会由美国主办", city) == []
    assert "苏州" in typed_spans("place", "大会在苏州举办", city)
    # "坠毁在哪个县?" is not answered by the cities the flight flew between
    county = analyse("航班坠毁在广西的哪个县?")
    assert typed_spans("place", "航班从昆明飞往广州", county) == []
    assert "藤县" in typed_spans("place", "又称藤县空难", county)
    assert asked_level("这片区域属于哪个区域?") == ""
    # a place the question names no level for keeps every level
    assert "宁夏" in typed_spans("place", "大会由宁夏主办", analyse("大会在哪里举办?"))


def test_the_name_of_someone_asks_for_a_person_and_which_state_for_a_place() -> None:
    # "这位科学家叫什么名字" asks for a person, as "是谁" does; a thing's name does not
    assert answer_type("这位科学家叫什么名字?") == "person"
    assert answer_type("他的父亲叫什么名字?") == "person"
    assert answer_type("某航班的机长叫什么名字?") == "person"  # a post ending in 长
    assert answer_type("这个村子叫什么名字?") == ""
    # "哪一个州" asks for a state, a province's level: a foreign region jieba cuts before
    # its 州 ("托木斯克|州") or reads as a name ("秋明州/nr") is one; a city is not
    state = analyse("这位参议员代表哪一个州?")
    assert state.kind == "place"
    assert "秋明州" in typed_spans("place", "托木斯克州北邻秋明州", state)
    assert "托木斯克州" in typed_spans("place", "托木斯克州北邻秋明州", state)
    assert typed_spans("place", "他出生在杭州", state) == []


def test_a_house_number_is_no_day() -> None:
    """ "复兴三路70号" numbers a house: a day is one of a month's, and a 号 after a street's
    name is an address; "3月5号" is a day."""
    when = analyse("这栋住处是哪一天被登录为历史建筑的?")
    assert typed_spans("date", "两层楼房位于台北市复兴三路70号", when) == []
    assert typed_spans("date", "楼房位于复兴三路7号", when) == []
    assert typed_spans("date", "该住处于3月5号登录为历史建筑", when) == ["3月", "5号"]


def test_a_how_many_answer_may_count_in_a_measure_word_for_the_same_things() -> None:
    # people are counted in 名, 人 or 位; 个 stands for any counter of things
    assert unit_match("全市1.4万人参加", ["1.4万"], "名") == 1.0
    assert unit_match("新建社区服务中心30所", ["30"], "个") == 1.0
    assert unit_match("累计巡查河道2000余次", ["2000"], "名") == 0.0
    assert typed_spans("quantity", "店铺遍布十多个国家", analyse("遍布多少个国家?")) == ["十多个"]


def test_the_clause_that_says_what_the_question_word_asks_about_answers() -> None:
    # "测距精度是多少" asks about the ranging accuracy: of three figures of one radar, the
    # clause saying "精度" of ranging answers, not the range or the angle's accuracy.
    info = analyse("这型雷达的测距精度是多少?")
    assert "精度" in "".join(info.hinge)
    sentence = "该雷达最大测距可达50公里,测距精度在5米以内,测角精度则为0.5度"
    answer = clause(sentence, info, ("50公里", "5米", "0.5度"), "")
    assert "5米" in answer and "50公里" not in answer and "0.5度" not in answer
    # A measure whose name the question gives only in part still finds its clause.
    info = analyse("去年全省GDP增长率")
    answer = clause("去年全省生产总值3.2万亿元,同比增长4.5%", info, ("3.2万亿", "4.5%"), "")
    assert "4.5%" in answer


def test_a_second_figure_of_the_same_measure_does_not_lengthen_the_answer() -> None:
    # "城镇化率" is said in both clauses; the first already answers, the second (another
    # kind of rate) is not asked for.
    info = analyse("去年全省常住人口城镇化率达到了多少?")
    sentence = "去年全省常住人口城镇化率达到64.7%,户籍人口城镇化率提高到46.7%"
    answer = clause(sentence, info, ("64.7%", "46.7%"), "")
    assert "64.7%" in answer and "46.7%" not in answer


def test_the_clause_naming_the_asked_year_answers_over_one_naming_another() -> None:
    info = analyse("2022年春节档的总票房是多少")
    sentence = "今年春节档总票房破62.81亿元,已超越2022年春节档总票房60.39亿元"
    answer = clause(sentence, info, ("62.81亿", "60.39亿"), "")
    assert "60.39亿" in answer and "62.81亿" not in answer
    sentence = "2024年春节档总票房破62.81亿元,已超越2022年春节档总票房60.39亿元"
    assert "62.81亿" not in clause(sentence, info, ("62.81亿", "60.39亿"), "")


def test_a_search_query_asks_about_its_last_words_with_or_without_a_question_mark() -> None:
    # "…男单冠军？" has no question word; the question mark used to end the clause and take
    # its words with it, so nothing said what the query asks about
    for query in ("2023年全英羽毛球公开赛男单冠军", "首架C919的交付日时间"):
        assert hinge_words(query + "？") == hinge_words(query) != ()


def test_a_verb_jieba_tags_a_time_word_still_says_what_a_when_question_asks_about() -> None:
    # jieba tags 去世 "t" like 今年; CC-CEDICT glosses it "to pass away"
    assert "去世" in hinge_words("某女王去世时间")
    info = analyse("某女王去世时间")
    sentence = "某女王于2022年9月8日去世,享年96岁,王室当晚发布了她逝世的消息"
    assert clause(sentence, info, ("2022年", "9月", "8日")) == "某女王于2022年9月8日去世"


def test_a_headline_quoted_in_a_report_does_not_say_when_the_event_happened() -> None:
    # "发表题为《…下水》的报道" dates the report; the launch is dated in the clause that says
    # 下水 outside the headline's marks
    info = analyse("印度第三艘核潜艇下水的时间")
    sentence = (
        "英国《简氏防务周刊》网站2021年12月29日发表题为《印度第三艘核潜艇悄然下水》的报道:"
        "卫星图像显示,印度第三艘核潜艇2021年11月23日在维萨卡帕特南下水"
    )
    answer = clause(sentence, info, ("2021年12月29日", "2021年11月23日"), "")
    assert "11月23日" in answer and "12月29日" not in answer


def test_a_yearly_series_answers_with_the_asked_years_figure() -> None:
    # News lists a figure year by year in one sentence; only the first clause says what is
    # counted, so it used to answer with 2019's figure for a question about 2022, and the
    # next year's figure joined it.
    info = analyse("2022年高考报名人数")
    sentence = "2019年高考报名人数1031万,2020年1071万,2021年1078万,2022年1193万,2023年1291万"
    typed = ("1031万", "1071万", "1078万", "1193万", "1291万")
    answer = clause(sentence, info, typed, "")
    assert "1193万" in answer and "1031万" not in answer and "1291万" not in answer
    # and when the passage's title already says what is counted, so no clause says more of
    # the question than its year
    titled = clause(sentence, info, typed, "高考报名人数连续五年破千万")
    assert "1193万" in titled and "1031万" not in titled


def test_a_query_ending_in_a_role_asks_for_its_holder_whatever_measure_it_names() -> None:
    # The head of a Chinese noun phrase is its last word: "…首日票房冠军" asks for the
    # champion, though "票房" alone would ask for a figure.
    assert answer_type("今年国庆档首日票房冠军") == "person"
    assert answer_type("今年国庆档首日票房") == "quantity"


def test_a_news_dateline_says_where_and_when_a_report_was_filed_not_the_event() -> None:
    # "本报上海…讯", "新华社武汉…电", "（记者…）": the filing city, date and reporters are no
    # answer to where, when or who (rgb: a reporter's name beside the film crew asked for)
    where = analyse("城市更新论坛在哪里举行?")
    sentence = "本报上海3月2日讯（记者王小明）城市更新论坛在杭州举行"
    assert "杭州" in typed_spans("place", sentence, where)
    assert "上海" not in typed_spans("place", sentence, where)
    assert "王小明" not in typed_spans("person", sentence, analyse("谁主持了论坛?"))
    caption = "市民在新建的公园里散步（新华社记者王小明摄）"
    assert "王小明" not in typed_spans("person", caption, analyse("谁拍摄了这张照片?"))
    when = analyse("大桥什么时候通车?")
    dates = typed_spans("date", "新华社武汉6月5日电 大桥于6月3日通车", when)
    assert "3日" in dates and "5日" not in dates
    # a phone call on a date is an event, not a dateline
    assert "6日" in typed_spans("date", "双方于5月6日电话沟通", analyse("双方何时沟通?"))


def test_beijing_time_is_a_clock_not_a_place() -> None:
    # sports and world news date events in "北京时间": 北京 there is where no one played
    where = analyse("决赛在哪里举行?")
    places = typed_spans("place", "北京时间5月4日，决赛在杭州举行", where)
    assert "杭州" in places and "北京" not in places


def test_a_deputy_is_asked_about_as_one_post_not_as_the_post_he_deputises() -> None:
    # jieba cuts "副市长" into "副|市长", so a sentence naming the 市长 said every word of a
    # question about the 副市长 but the weak "副" (wild: a 副部长 answered by the 部长)
    info = analyse("某市的副市长是谁?")
    assert "副市长" in {t.text for t in info.terms}
    mayor, deputy = candidates(
        info,
        [passage("某市", "市长王建新主持会议。副市长李文华介绍了情况。")],
        [[0.85, 0.85]],
    )
    assert mayor.features["aspect"] < 0.5 < deputy.features["aspect"]
    assert mayor.features["coverage"] < deputy.features["coverage"] / 2


def test_a_clock_time_or_a_score_is_one_figure_not_two_clauses() -> None:
    # a news page stamps its time ("14:11") and a match report its score ("3:1")
    assert split_clauses("截至11月23日14:11,某股涨幅3.06%") == [
        "截至11月23日14:11",
        "某股涨幅3.06%",
    ]
    assert split_clauses("比分为3：1,主队晋级") == ["比分为3：1", "主队晋级"]
    # a colon after a word still announces what follows
    assert split_clauses("原因:天气") == ["原因", "天气"]


def test_a_clause_saying_the_asked_event_answers_when_the_headline_names_the_topic() -> None:
    # the headline says every word of the question but a stray "日", which only the clause
    # of the meeting's date says; the clause saying the event asked about (交付) answers
    info = analyse("首架某型飞机的交付日时间?")
    sentence = (
        "据某社消息,10月24日上午,某公司召开会议,总经理表示,首架某型飞机将于今年12月交付某航。"
    )
    title = "首架某型飞机交付时间定了"
    typed = typed_spans("date", sentence, info)
    assert "12月交付" in clause(sentence, info, typed, title)


def test_a_name_jieba_cut_before_its_last_character_is_one_person() -> None:
    # jieba reads "郭磊昭" as the name "郭磊" and "昭", a bound morpheme that is no word on its
    # own; "郭磊摄" (photographed by 郭磊) ends the whole name
    who = analyse("谁是第一棒火炬手?")
    assert "郭磊昭" in typed_spans("person", "交给第一棒火炬手--郭磊昭,他是冠军", who)
    assert typed_spans("person", "会场一角。郭磊摄", who) == ["郭磊"]


def test_a_clause_that_only_says_which_years_joins_the_figure_it_dates() -> None:
    # "2013—2021年," dates the average after it; without it the answer reads as one year's
    info = analyse("我国工业增加值增长了多少?")
    sentence = "我国工业增加值比上年增长9.6%。2013—2021年,我国工业增加值年均增长6.1%"
    answer = clause(sentence.split("。")[1], info, ("6.1%",), "")
    assert answer.startswith("2013—2021年") and "6.1%" in answer
    # a year the question already names is not said again
    info = analyse("2021年我国工业增加值增长了多少?")
    assert clause("2021年,我国工业增加值增长9.6%", info, ("9.6%",), "").startswith("我国")
    assert says_when_only("截至2021年底") and says_when_only("1月至9月")
    assert not says_when_only("2014-2022年中国电影票房收入统计")


def test_a_span_of_years_is_a_date_not_a_figure() -> None:
    # "2014-2022年" in a chart's caption is no takings figure
    info = analyse("2022年中国电影的总票房收入")
    assert "2014" not in typed_spans("quantity", "2014-2022年中国电影票房收入统计", info)


def test_a_theme_quoted_after_its_copula_ends_the_answer_to_a_question_of_no_kind() -> None:
    info = analyse("今年的环境日主题是什么?")
    sentence = "今年环境日的主题为“只有一个地球”,强调通过政策推动变革,践行绿色的生活方式。"
    assert clause(sentence, info, ()) == "今年环境日的主题为“只有一个地球”"
    # a sentence that quotes no name after the asked word is answered whole
    plain = "今年环境日强调通过政策推动变革,践行绿色的生活方式。"
    assert clause(plain, info, ()) == plain


def test_the_sentence_saying_the_words_beside_the_question_word_says_what_is_asked() -> None:
    # "依托哪些交通线路形成了…": both sentences name the region and the corridor; only the
    # second says 依托 and 形成, the words either side of 哪些
    plan, relied = rules(
        "某经济区依托哪些交通线路形成了经济走廊?",
        "某经济区",
        "某经济区应对接交通走廊规划,共建交通网络。某经济区依托甲高铁、乙国道形成了经济走廊。",
        "hinge",
    )
    assert plan < relied and relied == 1.0


def test_an_article_that_never_names_the_person_asked_about_does_not_answer() -> None:
    # "荆洪阳毕业于哪所大学": a sentence on whoever else graduated says nothing of him
    info = analyse("荆洪阳毕业于哪所大学?")
    other, his = candidates(
        info,
        [
            passage("印度", "她在19岁时毕业于德里大学。"),
            passage("天津", "市教委主任荆洪阳毕业于南开大学。", 2),
        ],
        [[0.8], [0.8]],
    )
    assert other.features["people_missing"] == 1.0 and his.features["people_missing"] == 0.0
    # a paragraph that goes on calling "上官婉儿" by her given name names her
    given = analyse("上官婉儿几岁时入宫?")
    (named,) = candidates(given, [passage("某朝", "婉儿十四岁时入宫。")], [[0.8]])
    assert named.features["people_missing"] == 0.0
    # two characters jieba's guesser joins across words are no name ("鸡毛松|才")
    assert analyse("什么样的纽西兰鸡毛松才可以被砍伐?").people == frozenset()


def test_another_threshold_in_the_asked_figures_unit_is_another_count() -> None:
    # "年收益50万元以上的村有多少个": the villages over 10万元 are another count
    other, asked = rules(
        "某市集体经济年收益在50万元以上的村有多少个?",
        "集体经济",
        "村集体收益10万元以上的村达1959个。年收益50万元以上的村有316个。",
        "figure_conflict",
    )
    assert other == 1.0 and asked == 0.0


def test_a_passage_that_never_names_the_asked_work_is_no_answer_about_it() -> None:
    # "《某剧》的导演是谁": a paragraph on another production's director answers nothing
    other, named = rules(
        "电视剧《春风里》的导演是谁?",
        "某台节目",
        "开幕式总导演张三担任另一部纪录片的总监制。",
        "work_missing",
    ) + rules("电视剧《春风里》的导演是谁?", "《春风里》开机", "该剧由李四执导。", "work_missing")
    assert other == 1.0 and named == 0.0
    # a long title is also called by its parts: "《山海》" answers "《山海·远行》"
    part = rules("《山海·远行》由谁执导?", "某剧", "《山海》由王某执导。", "work_missing")
    assert part == [0.0]


def test_a_figure_with_a_multiplier_or_a_measure_word_is_no_year() -> None:
    # "新增就业1269万人" names no year 1269, so the figure is not dated to another year
    assert years("全年城镇新增就业1269万人,比上年增加83万人。") == set()
    assert years("共有2021人参加") == set()
    assert years("2021财年") == years("(2021年)") == {"2021"}


def test_a_clause_states_the_figure_in_the_asked_measure_not_a_count_beside_it() -> None:
    # "播种面积" is said in 亩: the clause with the area answers, not the one counting 31 provinces
    info = analyse("2022年全国棉花播种面积是多少?")
    sentence = "根据对全国31个省的统计调查,2022年全国棉花播种面积4500.4万亩,比上年下降0.9%"
    typed = typed_spans("quantity", sentence, info)
    assert of_asked_measure(typed, sentence, info) == ["4500.4万"]


def test_a_year_written_bare_in_a_latin_title_is_no_figure() -> None:
    # "Word of the Year 2022" names a year; a count in Chinese takes a measure word
    votes = analyse("年度词汇获得了多少票?")
    assert (
        typed_spans("quantity", "牛津词典发布了2022年度词汇( Word of the Year 2022)。", votes) == []
    )
    assert typed_spans("quantity", "共有2022名选手参赛。", votes) == ["2022"]


def test_a_head_count_asked_of_its_subject_counts_that_subject() -> None:
    # nothing follows "多少人": the noun before it is who is counted
    assert counted("今年新增就业中高校毕业生有多少人?") == ("毕业生",)
    assert counted("参加活动的志愿者有多少人?") == ("志愿者",)
    assert counted("全市有多少人?") == ()  # a scope, not who is counted
    # and a count by the time is said in its measure word ("144万场" for 场次)
    assert measure_units("全年放映场次是多少?") == "场"


def test_a_sentence_on_another_part_of_a_divided_matter_is_no_answer() -> None:
    # "男子赛事…;女子赛事…" side by side: the men's venue is no answer about the women's
    men, women, both = rules(
        "某锦标赛女子赛事在哪里举办?",
        "某锦标赛",
        "男子赛事将于9月在甲市举行。女子赛事将于10月在乙市举办。男子和女子赛事均设奖金。",
        "contrast_conflict",
    )
    assert men == 1.0 and women == 0.0 and both == 0.0
    # the same for imports and exports, half-years, town and country
    assert rules(
        "某市上半年出口额是多少?", "某市外贸", "某市下半年出口额为5亿元。", "contrast_conflict"
    ) == [1.0]
    # and the ways people travel: the roads' length is no answer about the railway's
    roads, rail = rules(
        "某州境内的铁路全长几公里?",
        "某州",
        "州公路总长4500公里。州内铁路全长320公里。",
        "contrast_conflict",
    )
    assert (roads, rail) == (1.0, 0.0)


def test_the_dead_are_no_answer_about_the_missing_nor_takings_about_costs() -> None:
    # a part may go by several words: 失踪 or 失联, 遇难 or 死亡
    dead, missing = rules(
        "某地地震中有多少人失踪?",
        "某地地震",
        "地震已造成93人遇难。另有25人失联。",
        "contrast_conflict",
    )
    assert dead == 1.0 and missing == 0.0
    both = rules(
        "事故造成多少人受伤?", "某事故", "事故造成12人死亡、14人受伤。", "contrast_conflict"
    )
    assert both == [0.0]
    takings = rules(
        "某片的制作成本是多少?", "某片", "某片内地票房是39.8亿元。", "contrast_conflict"
    )
    assert takings == [1.0]
    # a company's selling expenses are not its takings
    selling = rules(
        "某公司上半年的销售费用是多少?",
        "某公司",
        "某公司上半年营收42.21亿元。",
        "contrast_conflict",
    )
    assert selling == [1.0]
    phase = rules(
        "某线二期什么时候开通?", "某线", "某线一期于去年底投入运营。", "contrast_conflict"
    )
    assert phase == [1.0]


def test_a_year_of_another_moment_of_a_life_or_a_school_answers_no_when_question() -> None:
    # a reign's start is not its king's death; a school's reorganisation (in traditional
    # characters, as Taiwan's news writes it) is not its founding; the asked moment beside
    # another still answers
    reign, both = rules(
        "某王是在哪一年去世的?",
        "某王",
        "391年某王即位后,国力复兴。某王于413年去世,而其子于同年即位。",
        "contrast_conflict",
    )
    assert (reign, both) == (1.0, 0.0)
    assert rules(
        "某大學最早是在哪一年創立的?",
        "某大學",
        "但一直到1779年,州政府才通過立法對學校進行改組。",
        "contrast_conflict",
    ) == [1.0]
    # the day a final ends is not the day it starts; "开闭幕式" names both; the Spring
    # Festival's films are not National Day's
    assert rules(
        "某赛季某联赛总决赛是哪天开打的?",
        "某联赛",
        "某赛季某联赛总决赛在5月1日正式落下帷幕。某人担任开闭幕式总导演。",
        "contrast_conflict",
    ) == [1.0, 0.0]
    # where a championship was planned is not where it moved; its singles are not its teams
    moved = "某年某赛改址后,团体赛最终改在哪个城市举行?"
    text = "某年某赛原定在甲城举行。某赛单项赛改在乙城举行。团体赛改在丙城举行。"
    assert rules(moved, "某赛", text, "contrast_conflict") == [1.0, 1.0, 0.0]
    assert rules(
        "票房总榜前十的影片中,有几部来自国庆档?",
        "某榜",
        "有六部都来自春节档。",
        "contrast_conflict",
    ) == [1.0]
    # a region's change into another kind is not its founding
    assert rules(
        "某地是哪一年由自治區改為自治州的?",
        "某地",
        "1953年1月23日建立某地傣族自治區。",
        "contrast_conflict",
    ) == [1.0]


def test_a_figure_over_a_part_of_a_year_answers_no_year_s_figure() -> None:
    # "今年一季度": a quarter of a year the sentence does not name; "上半年营业收入": half of
    # the asked year; the year's own figure beside a quarter's still answers
    undated, half, whole = rules(
        "某公司2022年的营业收入是多少?",
        "某公司",
        "某公司今年一季度营业收入为31亿元。某公司发布2022年半年度报告,该公司上半年营业收入为"
        "228.72亿元,同比减少70.90%。某公司2022年营业收入为520亿元,其中四季度为160亿元。",
        "over_part_of_year",
    )
    assert (undated, half, whole) == (1.0, 1.0, 0.0)
    # a question that asks for a part of a year is answered by one
    asked = rules(
        "某公司2022年一季度营业收入是多少?",
        "某公司",
        "今年一季度营业收入为31亿元。",
        "over_part_of_year",
    )
    assert asked == [0.0]


def test_a_part_of_the_year_said_first_dates_every_clause_after_it() -> None:
    """ "2022年前三季度,某市GDP总量为2.08万亿元,略高于某市的2.07万亿元": both figures are the
    first three quarters', so neither answers what the year's GDP was; a figure with two
    magnitude characters ("2.08万亿") is one figure."""
    q = analyse("2022年某市全市的GDP总量是多少亿元?")
    sentence = "根据统计局数据,2022年前三季度,某市GDP总量为2.08万亿元,略高于另一市的2.07万亿元。"
    assert typed_spans("quantity", sentence, q) == ["2.08万亿", "2.07万亿"]
    assert rules(q.text, "某市", sentence, "over_part_of_year") == [1.0]
    whole = "2022年某市GDP总量为2.91万亿元,略高于另一市的2.88万亿元。"
    assert rules(q.text, "某市", whole, "over_part_of_year") == [0.0]


def test_another_member_of_the_line_a_question_names_is_no_answer() -> None:
    # "GPT3" is not "GPT-4", nor flight MU5736 flight MU5735; the asked one among others is
    asked = "某研究中,GPT-4能解决百分之多少的任务?"
    older = "某研究发现,GPT3已经可以解决70%的任务。"
    assert rules(asked, "某研究", older, "version_conflict") == [1.0]
    both = "GPT3可以解决70%的任务,GPT-4解决了93%的任务。"
    assert rules(asked, "某研究", both, "version_conflict") == [0.0]
    flight = "东航MU5736航班当天取消。"
    assert rules("MU5735航班从哪里起飞?", "某航班", flight, "version_conflict") == [1.0]


def test_a_code_the_article_never_writes_rules_it_out() -> None:
    """ "某市的GDP增长率": an article on population figures that never writes GDP is no
    answer; one of two codes is enough ("AI" may be written 人工智能); an English question
    is all letters and names no code."""
    population = "2022年某市常住人口增加0.91万人,增长0.03%。"
    assert rules("2022年某市的GDP增长率", "某市人口", population, "code_missing") == [1.0]
    gdp = "2022年某市GDP增长2.6%。"
    assert rules("2022年某市的GDP增长率", "某市经济", gdp, "code_missing") == [0.0]
    firm = "总部位于伦敦的人工智能公司DeepMind认为。"
    assert rules("DeepMind这家AI企业的总部设在哪座城市?", "某公司", firm, "code_missing") == [0.0]
    assert rules("What was the GDP growth?", "某市经济", population, "code_missing") == [0.0]
    # an English question that writes a title in Chinese too is still English
    mixed = "How many episodes does the drama Chi Dao (炽道) have?"
    assert rules(mixed, "某剧", "《炽道》共26集。", "code_missing") == [0.0]


def test_a_length_in_chinese_numerals_answers_how_long_in_its_unit() -> None:
    """ "全长二千九百公尺" answers "全长多少公尺" (the unit is part of the figure); a table's
    caption names what the table shows ("表1 2020年粮食产量两千万吨以上省份"), no finding;
    "改过好几次名" is "several times", no how-many question."""
    q = analyse("这条防火山道全长多少公尺?")
    sentence = "这条防火山道全长二千九百公尺,最小的坡14度。"
    assert typed_spans("quantity", sentence, q)[0] == "二千九百公尺"
    assert rules(q.text, "山道", sentence, "measure_missing") == [0.0]
    output = analyse("全国粮食产量是多少?")
    caption = "表1 2020年全国粮食产量两千万吨以上省份单位:万吨"
    assert typed_spans("quantity", caption, output) == []
    assert answer_type("这个地方前后改过好几次名,那个名字是什么?") == ""


def test_a_results_list_answers_how_many_points_with_its_points_not_its_rank() -> None:
    # "1 - 某甲/某乙 (中国):239.88分": the figure said in the asked unit is the answer
    q = analyse("自由滑结果中,某甲/某乙得了多少分?")
    sentence = "自由滑结果:1 - 某甲/某乙 (中国):239.88分"
    assert of_asked_measure(typed_spans("quantity", sentence, q), sentence, q) == ["239.88"]


def test_an_english_question_asks_in_its_last_clause_with_a_question_word() -> None:
    # "When X went to Beijing, how long did the talks last?" sets the scene with "when"
    long = "When the minister finally made his trip to Beijing, how long did the talks last?"
    assert answer_type(long) == "quantity"
    assert answer_type("When was the bridge opened?") == "date"
    assert answer_type("In the same reports, what figure had the box office reached?") == (
        "quantity"
    )


def test_the_first_session_may_be_reported_without_its_ordinal() -> None:
    """ "首届丝路发展大会举办了多少场论坛?": an article on the 大会 that numbers no other session
    may be about the first; one that counts twelve of them ("已举办了12届"), numbers another
    ("第二届") or never names the series is not."""
    question = "首届丝路发展大会举办了多少场平行论坛?"
    about = "丝路发展大会8月20日举办14场平行论坛。"
    assert rules(question, "大会", about, "ordinal_missing") == [0.0]
    series = "丝路发展大会自1987年创办以来已举办了12届,本次举办14场平行论坛。"
    assert rules(question, "大会", series, "ordinal_missing") == [1.0]
    second = "第二届丝路发展大会举办14场平行论坛。"
    assert rules(question, "大会", second, "ordinal_missing") == [1.0]
    elsewhere = "某艺术团在六大城镇举办14场演出。"
    assert rules(question, "演出", elsewhere, "ordinal_missing") == [1.0]


def test_a_measures_growth_rate_is_no_amount_of_money() -> None:
    # "GDP增速…调到了多少" asks a rate: "5.7%" answers it though GDP is counted in 亿元
    assert measure_units("把某国全年GDP增速的预测上调到了多少?") == ""
    assert "亿" in measure_units("某国全年GDP是多少?")


def test_which_venue_asks_for_a_place_and_a_venue_answers_it() -> None:
    """ "…之后没多久就办了演唱会;那场演唱会是在哪个场地举行的?": "没多久" (soon after) asks
    nothing; the venue asked is named by what it is after whose it is ("台北市立|体育场",
    "工人|体育馆"), which jieba does not tag a place."""
    venue = analyse("发专辑之后没多久就办了演唱会;那场演唱会是在哪个场地举行的?")
    assert venue.kind == "place"
    text = "1999年8月28日乐团于台北市立体育场举办了第一次的大型演唱会。"
    assert typed_spans("place", text, venue) == ["台北市立体育场"]
    assert "工人体育馆" in typed_spans("place", "2019年在工人体育馆首次登台", venue)
    # a question that asks where, not at which venue, is not answered by a kind of museum
    where = analyse("某省博物馆在哪?")
    assert typed_spans("place", "某省博物馆是中国省级综合性博物馆", where) == []
    assert answer_type("在哪一场比赛中进球?") == ""


def test_which_town_asks_for_a_place_and_a_cup_is_none() -> None:
    """ "在哪个镇成立…?", "在英国哪个城镇出生?" ask for a place, answered by a town jieba cuts
    before its 镇 ("八所|镇"); "哪个市民", "哪个市场" ask for none; a cup jieba tags a place
    ("考比伦杯") is none."""
    town = analyse("某路局在东方县的哪个镇成立办事处?")
    assert town.kind == "place"
    assert "八所镇" in typed_spans("place", "某路局在东方县八所镇成立办事处", town)
    assert answer_type("他是在英国哪个城镇出生的?") == "place"
    assert answer_type("哪个市民提出的建议?") == ""
    assert answer_type("哪个市场最大?") == ""
    assert typed_spans("place", "中国队第22次捧得考比伦杯", analyse("决赛在哪里举行?")) == []


def test_a_japanese_name_jieba_cuts_after_its_surname_is_a_person() -> None:
    """ "山田太郎原作的漫画": jieba cuts "山田|太郎" and tags neither a name (山田 a place);
    CC-CEDICT glosses 山田 a Japanese surname. A park named for one is no person ("上野|公园")."""
    who = analyse("这部漫画是谁创作的?")
    assert typed_spans("person", "这部作品是山田太郎原作的漫画", who) == ["山田太郎"]
    assert typed_spans("person", "展览位于上野公园", who) == []


def test_an_adverb_of_amount_says_nothing_of_what_is_asked() -> None:
    # "一共拿到了多少票": what is asked about is the votes got, not "in all"
    hinge = hinge_words("那他在选举人票上一共拿到了多少票?")
    assert "一共" not in hinge
    assert "选举人" in hinge


def test_a_code_of_figures_and_letters_is_one_word_not_a_number() -> None:
    # jieba cuts "5G" into "5" and "G"; a sentence without the figure 5 is not missing it
    info = analyse("某公司的5G网络覆盖了多少条地铁线路?")
    assert "5G" in [t.text for t in info.terms]
    assert not any(t.number for t in info.terms)


def test_a_ratio_of_a_measure_is_no_amount_of_it() -> None:
    # "收入比" is a ratio said as a bare number ("2.50"), not income in 元
    assert measure_units("2021年城乡居民收入比降到了多少?") == ""
    assert measure_units("2021年城乡居民人均收入是多少?") != ""
    assert measure_units("某公司收入比上年多多少?") != ""


def test_which_numbered_line_asks_for_the_label() -> None:
    # "换乘几号线" asks for a line's number, not a day ("几号") and not a figure to skip
    info = analyse("在某站可以换乘几号线?")
    assert info.kind == "quantity"
    assert typed_spans("quantity", "在某站可以换乘7号线。", info) == ["7"]
    assert typed_spans("quantity", "在某站可以换乘7号线。", analyse("某站有多少个出口?")) == []


def test_an_hour_of_a_date_is_no_figure() -> None:
    info = analyse("考试的参考率是多少?")
    assert typed_spans("quantity", "1月8日17时,考试结束铃声响起。", info) == []
    assert typed_spans("quantity", "参考率约为78.3%,历时3小时。", info) == ["78.3%", "3"]
    assert typed_spans("quantity", "时速350公里。", info) == ["350"]


def test_a_source_line_numbering_a_table_and_a_page_or_a_line_number_says_no_figure() -> None:
    info = analyse("全国粮食产量是多少?")
    source = "资料来源:根据《统计摘要》表11—10“主要农产品产量”整理,第120页"
    assert typed_spans("quantity", source, info) == []
    assert typed_spans("quantity", "如图2所示,产量为6.8亿吨", info) == ["6.8亿"]
    assert typed_spans("quantity", "人大代表3人参加", analyse("多少名代表参加?")) == ["3"]
    # a line's or a terminal's number is its name
    traffic = analyse("机场年旅客吞吐量是多少?")
    assert typed_spans("quantity", "19号线开通首日,2号航站楼旅客增长20%", traffic) == ["20%"]
    # and a street address's number is a house's name: "政府街1号" counts no residents
    people = analyse("某县的总人口有多少?")
    assert typed_spans("quantity", "縣政府駐某鎮政府街1號。", people) == []
    assert typed_spans("quantity", "中山路25号院内住有30户", people) == ["30"]


def test_a_figure_dated_to_another_year_by_its_own_clause_answers_nothing_of_the_asked() -> None:
    # the paragraph names 2022 elsewhere, but the share is February 2023's
    dated_2023, dated_2022 = rules(
        "某车企2022年上半年中重卡销量是多少?",
        "重卡销量",
        "2023年2月,某车企中重卡终端份额升至30.2%。市场艰难的2022年上半年,某车企销量8.9万辆。",
        "things_dated_elsewhere",
    )
    assert dated_2023 == 1.0 and dated_2022 == 0.0
    # a clause without years goes on in those of the clause before it
    went_on, own = rules(
        "某国2021年人口出生率是多少?",
        "人口出生率",
        "年鉴显示,2020年某国人口出生率为8.52‰,为首次跌破10‰。2021年人口出生率为7.52‰。",
        "things_dated_elsewhere",
    )
    assert went_on == 1.0 and own == 0.0


def test_the_speaker_after_a_quotation_says_what_the_quotation_says() -> None:
    # news puts the speaker after the quote: "…‘15分钟服务圈’。”|某部长张三告诉记者。"
    info = analyse("谁向记者介绍了某市的15分钟服务圈?")
    quote = "“我们建成了覆盖全市的‘15分钟服务圈’。”"
    speaker, other = candidates(
        info,
        [
            passage("某市党群服务", quote + "某市委组织部长张三告诉记者。"),
            passage("某市", "记者走访了某市。", 2),
        ],
        [[0.8, 0.8], [0.8]],
    )[1:]
    assert speaker.features["coverage"] > other.features["coverage"]
    assert speaker.typed == ("张三",)


def test_an_article_that_names_a_country_in_full_names_its_abbreviation_too() -> None:
    """ "印尼" asked, "印度尼西亚" written (CC-CEDICT's abbreviations, either way round): the
    article is about the asked place; one about Chile is not."""
    question = "2004年印尼那场地震造成多少人死亡?"
    text = "2004年印度尼西亚苏门答腊岛附近发生地震。这场地震造成约22万人死亡。"
    assert rules(question, "地震", text, "places_missing") == [0.0, 0.0]
    text = "1960年智利发生地震。这场地震造成约1600人死亡。"
    assert rules(question, "地震", text, "places_missing") == [1.0, 1.0]
    text = "阿联酋宣布新的签证政策。"
    assert rules("阿拉伯联合酋长国宣布了什么政策?", "签证", text, "places_missing") == [0.0]


def test_a_place_jiebas_guesser_made_up_is_a_word_and_rules_out_no_article() -> None:
    """ "印斯和平协定" (a reader's own short form of 印度-斯里兰卡): jieba's HMM tags the
    unknown "印斯" a place, but no dictionary knows it, so an article that never writes it is
    not about somewhere else; a dictionary place still is."""
    question = "1987年那份印斯和平协定答应向哪些省份放权?"
    assert not [t.text for t in analyse(question).terms if t.place]
    text = "1987年的和平协议承诺将权力下放至所有省份。"
    assert rules(question, "和平协议", text, "places_missing") == [0.0]
    assert rules("1987年那份印度和平协定答应向哪些省份放权?", "协议", text, "places_missing") == [
        1.0
    ]


def test_an_english_questions_year_is_read_as_a_chinese_ones() -> None:
    """ "…in 2022?" is asked through its Chinese words, and the year is one of them: a 2023
    figure is no answer about 2022. A length glued to its unit ("1000m") is no year, but the
    distance Chinese writes "1000米"."""
    info = analyse("What was the city's GDP growth in 2022?", [["增长"], ["城市"]])
    assert years(info.text) == {"2022"} and "2022" in {t.text for t in info.terms}
    race = analyse("How fast was the 1000m race?", [["比赛"]])
    assert years(race.text) == set() and "1000米" in race.text  # the distance, said in 米
    texts = ["2023年第一季度,该市经济增长3.3%。", "2022年,该市经济增长8%。"]
    cands = candidates(info, [passage("城市", t, n) for n, t in enumerate(texts, 1)], [[0.8]] * 2)
    assert [c.features["year_conflict"] for c in cands] == [1.0, 0.0]


def test_a_count_of_quilts_or_firms_is_no_year() -> None:
    """ "棉被各1000床" counts quilts: four digits before a measure word are a figure, so a
    relief report on the 2022 earthquake is not about the year 1000. "2022届毕业生" names a
    year's class."""
    assert years("棉被各1000床,帐篷各200顶") == set()
    assert years("全市2000家企业,1500公里道路") == set()
    assert years("2022届毕业生") == {"2022"}
    question = "2022年6月1日芦山地震后,两县一共紧急转移安置了多少受灾群众?"
    text = "截至2日5时,已向两县调运棉被各1000床,紧急转移安置受灾群众12722人。"
    assert rules(question, "芦山地震", text, "year_conflict") == [0.0]


def test_a_term_that_runs_until_a_later_year_is_no_report_on_that_year() -> None:
    """A 2023 ban "直至2027年12月11日" ends in 2027: the paragraph reports on 2023's case,
    and the date asked ("直至哪一天") lies in another year."""
    assert own_years("在配合和认罪后减至5年,直至2027年12月11日") == set()
    question = "2023年斯诺克假球案中,颜丙涛被禁赛直至哪一天?"
    text = "颜丙涛被判禁赛7年6个月,在配合和认罪后减至5年,直至2027年12月11日。"
    assert rules(question, "假球案", text, "year_conflict") == [0.0]
    assert rules(question, "假球案", text, "paragraph_year_conflict") == [0.0]
    # a year reported on still conflicts
    assert rules(question, "假球案", "2021年,他被禁赛两年。", "year_conflict") == [1.0]


def test_this_edition_of_an_award_is_the_asked_one_unless_another_is_numbered() -> None:
    """ "本届百花奖" in an article on the 36th awards: the article points at the edition it
    reports on without its number, which is no other edition; one that numbers the 35th is
    about that one."""
    question = "第36届百花奖的最佳新人是谁?"
    text = "小演员陈哈琳获得本届百花奖最佳新人奖。"
    assert rules(question, "百花奖", text, "ordinal_missing") == [0.0]
    other = "第35届百花奖在厦门举行。本届百花奖最佳新人奖由某某获得。"
    assert rules(question, "百花奖", other, "ordinal_missing") == [1.0, 1.0]
    assert rules(question, "百花奖", "百花奖最佳新人奖颁给了某某。", "ordinal_missing") == [1.0]


def test_a_league_or_a_cup_is_no_place_an_article_must_name() -> None:
    """jieba's dictionary tags "中超联赛" a place; it is an event, which a report may call
    "新赛季", so an article that never writes it is not about somewhere else."""
    question = "2022赛季中超联赛的揭幕战在哪座体育场进行?"
    assert not [t.text for t in analyse(question).terms if t.place]
    text = "新赛季揭幕战将于6月3日在海口五源河体育场进行。"
    assert rules(question, "揭幕战", text, "places_missing") == [0.0]


def test_episodes_are_a_unit_a_figure_of_years_does_not_count() -> None:
    """ "一共有多少集" counts episodes: "跨越近20年的故事" says no number of them."""
    question = "2023年播出的那部悬疑剧全剧一共有多少集?"
    assert asked_unit(question) == "集"
    text = "该剧讲述了一座小城中多个人物跨越近20年的故事。"
    assert rules(question, "悬疑剧", text, "unit_missing") == [1.0]


def test_an_answer_keeps_the_source_it_is_reported_by() -> None:
    """ "据统计,…" and "2006年度财政报告显示,…" say who reports the figure: the answer that
    begins right after them keeps them; a long opening clause is no source."""
    info = analyse("2006年的时候,冰雪皇后店铺遍布了多少个国家?")
    sentence = "2006年度财政报告显示,冰雪皇后超过5600家店铺遍布世界十多个国家"
    answer = clause(sentence, info, ("5600", "十多"), "冰雪皇后")
    assert answer.startswith("2006年度财政报告显示")
    info = analyse("冰雪皇后的店铺遍布多少个国家?")
    sentence = "冰雪皇后在美国、加拿大和墨西哥等地开设了大量门店,超过5600家店铺遍布世界十多个国家"
    assert clause(sentence, info, ("5600", "十多"), "冰雪皇后").startswith("超过5600家")


def test_the_name_after_the_title_a_which_question_asks_for_is_a_person() -> None:
    """ "由哪位青年演员扮演" asks for an actor, and "青年演员铁政扮演" names one right after
    the title, though jieba tags "铁政" an organisation."""
    info = analyse("年轻时候的张立新由哪位青年演员扮演?")
    assert "铁政" in typed_spans("person", "年轻时候的张立新由青年演员铁政扮演。", info)


def test_the_time_a_count_is_taken_at_is_no_date_of_the_event() -> None:
    """ "截至11月23日14:11,…股价涨幅5.78%" says when the price was read: no answer to when the
    film opens. A question about that time ("数据截至何时") still reads it."""
    sentence = "截至11月23日14:11,《阿凡达:水之道》国内发行方中国电影股价涨幅5.78%。"
    assert typed_spans("date", sentence, analyse("《阿凡达:水之道》国内上映日期是哪天?")) == []
    assert typed_spans("date", "影片将于12月16日在国内上映。", analyse("国内上映日期是哪天?"))
    assert typed_spans("date", sentence, analyse("这组股价数据截至何时?"))


def test_a_where_question_is_answered_where_the_text_says_where_a_thing_lies() -> None:
    """ "市博物馆在哪?": "位于城东人民路18号" says where it lies; "始建于1920年,原为上海商会
    旧址" names a place too, but says what the building was. A question that asks no where
    is not helped by either."""
    text = "市博物馆始建于1920年,原为上海商会旧址。市博物馆位于城东人民路18号。"
    assert rules("市博物馆在哪?", "博物馆", text, "locates") == [0.0, 1.0]
    assert rules("市博物馆建于哪一年?", "博物馆", text, "locates") == [0.0, 0.0]


def test_a_question_that_sets_the_scene_in_one_year_asks_about_the_year_it_names_last() -> None:
    """ "2022年峰会是11月9日举行的,那2021年的峰会是几月几日召开的?": the clause with the
    question word names 2021, so a sentence on 2022's summit answers nothing; "那一年"
    names none, and the scene's year is the asked one."""
    question = "2022年峰会是11月9日至11日举行的,那2021年的峰会是几月几日召开的?"
    assert asked_years_of(question) == {"2021"}
    assert asked_years_of("2022年重庆经济增速是2.6%,那一年GDP总量是多少?") == {"2022"}
    text = "2022年峰会将于11月9日至11日举行。"
    assert rules(question, "峰会", text, "year_conflict") == [1.0]


def test_a_question_asking_which_year_is_not_held_to_the_year_of_its_scene() -> None:
    # "…2023年3月第一次去国会山,他是哪一年出生的?": the year asked is another one
    question = "某人2023年3月第一次以证人身份去国会山,他是哪一年出生的?"
    assert asked_years_of(question) == set()
    text = "这是1983年出生的某人首次以证人身份赴国会山。"
    assert rules(question, "听证会", text, "year_conflict") == [0.0]


def test_a_time_of_day_answers_what_time_even_as_of_a_count() -> None:
    """ "…1月24日几点几分跨过300亿元?": "截至24日17时41分,票房达到300亿元" gives the moment
    the count reached the mark; a question asking which day still sets as-of times aside."""
    clock = analyse("按某平台的数据,1月24日是几点几分达到300亿元的?")
    assert clock.kind == "date"
    sentence = "据某平台,截至24日17时41分,某人的总票房达到300亿元。"
    assert typed_spans("date", sentence, clock) == ["17时41分"]
    day = analyse("会议是哪一天开幕的?")
    assert typed_spans("date", "截至24日17时41分,会议于3月5日开幕", day) == ["3月", "5日"]


def test_a_search_snippets_dots_beside_a_year_are_no_decimal_point() -> None:
    """A page saved from a search result reads "Nov 11, 2022 ... 2022年世界互联网大会…":
    the years beside "..." are years; a decimal's digits are not ("3.1415")."""
    assert years("Nov 11, 2022 ... 2022年世界互联网大会乌镇峰会新闻发布会") == {"2022"}
    assert years("圆周率约为3.1415926") == set()
    assert years("增长了2.2015倍") == set()


def test_a_pronoun_whose_sentence_before_speaks_through_one_too_points_further_back() -> None:
    # "其人口…" names nothing; "它位于…" points past it to the sentence naming the town
    info = analyse("东山镇的地理位置在哪里?")
    text = "东山镇是某县的一个镇。2020年其人口为3万人。它位于太湖东岸。"
    *_, pointing = candidates(info, [passage("某县", text)], [[0.8, 0.8, 0.8]])
    assert pointing.features["coverage"] > 0.5


def test_a_place_that_names_whose_office_it_is_says_not_where_a_thing_is() -> None:
    # "据美国地质调查局测定" names an office; the epicentre is where 位于 says
    where = analyse("地震的震中在哪里?")
    found = typed_spans("place", "据美国地质调查局测定，震中位于土耳其南部", where)
    assert "土耳其" in found and "美国" not in found
    assert "法国" not in typed_spans("place", "法国总统府发表声明", where)
    assert "法国" in typed_spans("place", "比赛在法国举行", where)


def test_a_where_answer_keeps_the_clauses_that_go_on_saying_where() -> None:
    # "位于A,B畔" and "位于A,距B 15公里" say one place; what follows says something else
    info = analyse("东山镇在哪里?")
    lake = clause("东山镇位于某县西南部，太湖之滨。", info, ("某县", "太湖"), "")
    assert "太湖之滨" in lake
    far = clause("东山镇位于某县西南部，距县城15公里，以产茶闻名。", info, ("某县",), "")
    assert "距县城15公里" in far and "产茶" not in far


def test_a_rank_question_asks_a_place_in_an_order_not_the_measure_it_orders_by() -> None:
    # "以国土面积来说…排第几" is answered by "居第七位", not by a figure in square kilometres;
    # "来说" is grammar and "第几" the question word, neither a word to find
    question = "以国土面积来说，德国在欧洲各国中排第几？"
    assert measure_units(question) == ""
    assert measure_units("德国的国土面积是多少？") != ""
    words = {t.text for t in analyse(question).terms}
    assert not words & {"来说", "第几"}
    # "欧洲各国" is named wherever 欧洲 is
    assert "欧洲" in words and "欧洲各国" not in words


def test_a_how_many_question_counts_in_the_measure_word_after_its_question_word() -> None:
    # an official's rank is counted in 品, which no list of measure words holds
    info = analyse("清朝的总督官阶是几品？")
    assert asked_counter(info.text) == "品"
    assert "二品" in typed_spans("quantity", "总督的官阶为正二品。", info)
    assert asked_counter("这几乎是全部吗？") == ""


def test_a_sentence_names_a_city_by_its_suffix_and_a_work_by_its_quoted_title() -> None:
    city = "哈德良以他的名字建了一座城市，这座城市叫什么？"
    named_city = rules(
        city, "某帝", "哈德良在埃及建立了安提诺波利斯市。人口超过30万。", "named_missing"
    )
    assert named_city == [0.0, 1.0]
    work = "梵语现存最古老的文法著作叫什么名字？"
    named_work = rules(
        work, "梵语", "最古老的梵语文法是波你尼的《八篇书》。梵语是古语。", "named_missing"
    )
    assert named_work == [0.0, 1.0]
    # the work asked for is another than the one the question names to set its scene
    festival = "以《某甲》作为开幕片的那届某电影节,闭幕影片是哪一部?"
    assert asked_name_of(festival) == "影片"
    named_film = rules(
        festival,
        "某电影节",
        "大使表示《某甲》是一部难得的作品。本届电影节的闭幕影片是《某乙》。",
        "named_missing",
    )
    assert named_film == [1.0, 0.0]


def test_the_part_asked_is_the_asking_clauses_when_the_scene_names_another() -> None:
    # "开幕片" sets the scene, "闭幕影片" is asked: the opening film's sentence is no answer
    festival = "以《某甲》作为开幕片的那届某电影节,闭幕影片是哪一部?"
    assert rules(festival, "某电影节", "《某甲》作为本届电影节开幕影片。", "contrast_conflict") == [
        1.0
    ]


def test_a_code_in_brackets_after_its_chinese_name_is_another_name_for_it() -> None:
    # "万维网联盟（W3C）" is named by 万维网联盟 in an article that never writes W3C
    assert codes("万维网联盟（W3C）的创建者是谁？") == set()
    assert codes("C919的首飞时间是哪天？") == {"c919"}


def test_the_year_of_an_event_the_question_looks_back_from_is_not_the_year_asked() -> None:
    # "…2017年出任…之前,哪位…也曾担任过" asks about someone before 2017: a 2009 sentence
    # does not conflict; "1965年以前…住在哪" asks about the years its 1965 bounds
    assert asked_years_of("某人2017年出任该职之前,哪位冠军也曾担任过这一职务?") == set()
    assert asked_years_of("1965年以前,移民大多住在哪一带?") == {"1965"}
    assert asked_years_of("2017年谁担任过这一职务?") == {"2017"}


def test_a_sentence_restating_a_long_questions_scene_without_a_name_answers_no_who() -> None:
    # the question tells what the article says and asks the one thing it does not
    question = "这种装甲是以色列的一位德籍科学家研发的，这位科学家叫什么名字？"
    text = "这种装甲由以色列的德籍科学家研发。它由张三于1970年研发成功。"
    scene, named = rules(question, "装甲", text, "scene_only")
    assert scene == 1.0 and named == 0.0


def test_someone_a_question_points_at_is_named_without_the_words_that_described_him() -> None:
    # "这个年轻人叫什么名字" is answered by a sentence naming him as 爱好者; "他的母亲叫什么名字"
    # only by one that says 母亲
    young = "有个英国业余爱好者解开了难题，这个年轻人叫什么名字？"
    text = "英国业余数学爱好者张三破解了一个难题。"
    assert rules(young, "难题", text, "named_missing") == [0.0]
    mother = "张三的母亲叫什么名字？"
    assert rules(mother, "张三", "张三的老师是李四。", "named_missing") == [1.0]


def test_a_country_jieba_tags_as_a_name_is_a_place_and_the_un_is_no_country() -> None:
    # jieba tags 卢旺达 a person; the Unicode CLDR names it a country. CLDR also names the UN
    # and the EU among its territories, which answer no "哪个国家"
    country = analyse("会议是在哪个国家开的？")
    assert "卢旺达" in typed_spans("place", "某组织在卢旺达召开年会", country)
    assert "卢旺达" not in typed_spans("person", "国际足联在卢旺达召开会议", analyse("谁主持?"))
    assert typed_spans("place", "该会议促成了联合国的成立", country) == []
    # a government acts for its country ("某国|政府|主办" names the host); an office does not
    from jieba.posseg import pair

    host = [pair("瑞典", "ns"), pair("政府", "n"), pair("主办", "v")]
    office = [pair("美国", "ns"), pair("人口", "n"), pair("调查局", "n")]
    assert not names_an_office(host, 0) and names_an_office(office, 0)


def test_a_figure_of_a_scene_in_another_year_is_no_threshold_the_answer_must_repeat() -> None:
    # the question tells 2023's figure and asks 2022's: a sentence naming both is no conflict
    question = "2023年计划招录3万人，比上一年多5000人。那2022年的招录人数是多少？"
    text = "2023年计划招录3万人，超过2022年的25000人。"
    assert rules(question, "国考", text, "figure_conflict") == [0.0]
    # a figure in the asking clause still bounds the answer
    threshold = "年收益30万元以上的村有多少个？"
    assert rules(threshold, "某县", "年收益5万元以上的村达800个。", "figure_conflict") == [1.0]


def test_a_mark_passed_in_yi_is_another_figure_with_or_without_its_yuan() -> None:
    # "突破300亿" is no answer to when a total passed 200亿元: news drops the yuan
    asked = "某演员主演电影总票房是哪一天突破200亿元的?"
    other = "某演员主演电影总票房1月26日突破300亿。"
    assert rules(asked, "某演员", other, "figure_conflict") == [1.0]
    assert rules(asked, "某演员", "总票房1月5日突破200亿。", "figure_conflict") == [0.0]
    # two quakes in the question: the sentence on either one is no conflict
    two = "某地6.1级地震3分钟后,同属某市的哪个县又发生了4.5级地震?"
    assert rules(two, "某地地震", "同属某市的某县发生4.5级地震。", "figure_conflict") == [0.0]


def test_a_figure_with_grouped_digits_is_dated_by_its_own_clause() -> None:
    # "20,925" is said in the 2013 clause, not in the 1961 one before it
    text = "某地人均生产毛额,在1961年是153美元,2013年已成长至20,925美元。"
    assert rules("2013年某地的人均生产毛额是多少?", "某地", text, "things_dated_elsewhere") == [0.0]


def test_the_words_only_a_questions_scene_says_weigh_less_than_those_it_asks_with() -> None:
    # the scene tells what the reader knows; a sentence restating it answers nothing
    info = analyse("协定先对韩国生效，之后又对缅甸生效。那协定是哪一天对印度尼西亚生效的？")
    weight = {t.text: t.weight for t in info.terms}
    alone = {t.text: t.weight for t in analyse("协定是哪一天对印度尼西亚生效的？").terms}
    assert weight["印度尼西亚"] == alone["印度尼西亚"]
    asked_alone = {t.text: t.weight for t in analyse("协定对韩国生效了吗？").terms}
    assert weight["韩国"] < asked_alone["韩国"]
    # a question of one clause keeps its weights
    assert weight["协定"] == alone["协定"]


def test_the_measure_asked_is_the_asking_clauses_not_the_scenes() -> None:
    # the scene tells the floor area; the question asks what it cost
    question = "中心建筑面积两千五百平米，这座中心总共投了多少钱建成的？"
    assert "元" in asked_measure(question) and "平方" not in asked_measure(question)
    # an asking clause that names no measure takes the whole question's
    assert "平方" in asked_measure("中心的建筑面积，有多大？")


def test_a_sentence_naming_only_other_rates_says_nothing_of_the_asked_one() -> None:
    # "办结率…百分之多少" is not answered by the 退件率 and the 满意率
    question = "接诉即办的办结率提高到了百分之多少？"
    others = "接诉即办退件率下降75%，满意率保持在99%以上。"
    assert rules(question, "某县", others, "rate_conflict") == [1.0]
    same = "接诉即办办结率达到98%，满意率保持在99%以上。"
    assert rules(question, "某县", same, "rate_conflict") == [0.0]


def test_a_party_congress_is_no_count_of_named_parts() -> None:
    # "党的二十大" is the 20th congress; "六大板块" counts six parts
    how_many = analyse("全省有多少城市社区？")
    assert typed_spans("quantity", "党的二十大对城市社区党建工作提出明确要求", how_many) == []
    assert typed_spans("quantity", "十九大以来，全省加强社区建设", how_many) == []
    assert "六大" in typed_spans("quantity", "社区建设分为六大板块", how_many)


def test_a_measure_under_another_qualifier_is_another_measure() -> None:
    # freight is not passengers: "货邮吞吐量" is not answered by "旅客吞吐量", nor the sown
    # area of wheat by that of maize, which jieba tags as a name (CC-CEDICT: "corn; CL:粒")
    freight = "某机场2020年货邮吞吐量是多少？"
    passengers = "2020年，某机场旅客吞吐量达3000万人次。2020年，某机场货邮吞吐量达40万吨。"
    assert rules(freight, "某机场", passengers, "qualifier_conflict") == [1.0, 0.0]
    wheat = "全省小麦播种面积是多少？"
    maize = "全省玉米播种面积达500万亩。全省小麦播种面积达300万亩。"
    assert rules(wheat, "全省", maize, "qualifier_conflict") == [1.0, 0.0]
    # "这家公司" names no kind of company: a "关联公司" beside it is no other measure
    stake = "它通过子公司占了这家公司多少股份？"
    said = "它通过子公司持有该公司60%的股份，另一方通过关联公司持有5%。"
    assert rules(stake, "某公司", said, "qualifier_conflict") == [0.0]


def test_a_date_said_at_a_distance_from_the_asked_event_is_another_moment() -> None:
    # "即…发布一个月后" dates the user count, not the release
    question = "这款聊天软件是什么时候发布的？"
    text = (
        "2023年3月1日，即这款聊天软件发布一个月后，用户突破一亿。这款聊天软件于2023年1月30日发布。"
    )
    assert rules(question, "某软件", text, "event_offset") == [1.0, 0.0]


def test_a_qualifier_joined_by_de_still_names_the_measure() -> None:
    # "长绒棉的产量" is not answered by the cotton harvest as a whole ("棉花总产量")
    question = "全省长绒棉的产量是多少万吨？"
    text = "全省棉花总产量50万吨。全省长绒棉产量8万吨。"
    assert rules(question, "某省", text, "qualifier_conflict") == [1.0, 0.0]


def test_a_country_jieba_guesses_is_a_name_is_no_person_the_article_must_name() -> None:
    # jieba tags 索马里 (Somalia) nr; an article spelling it 索馬利亞 still answers
    info = analyse("索马里的司法系统是随着哪位领导人的政权倒台而崩溃的？")
    assert "索马里" not in info.people


def test_troop_strength_is_a_measure_not_a_thing_counted() -> None:
    # "损失了多少兵力" is answered by "损失12万人": 兵力 is how much, like 人数
    assert counted("这场战役中一方损失了多少兵力？") == ()
    assert counted("全省有多少个临时党支部？") != ()


def test_the_last_day_of_a_span_of_days_is_a_date_not_a_figure() -> None:
    # "9月1日至2日" says no count of 2
    how_many = analyse("这场会战中一方损失了多少兵力？")
    assert typed_spans("quantity", "9月1日至2日，两军于某地进行会战。", how_many) == []
    assert "12万" in typed_spans("quantity", "在这场战役中，一方损失12万人。", how_many)


def test_how_many_people_asks_a_unit_but_how_large_a_population_does_not() -> None:
    # "多少人口" is answered by "人口约为1.2万", no 人 after the figure
    assert asked_unit("某族在该省有多少人口？") == ""
    assert asked_unit("有多少人参加了比赛？") == "人"


def test_a_republic_calendar_year_is_its_gregorian_year() -> None:
    # Taiwan's texts date by the Republic: 民國三十八年 is 1949, no answer about 1938
    assert years("民國三十八年1月，機關開始遷往某地。") == {"1949"}
    assert years("民國元年") == {"1912"}
    question = "1938年初机关迁往哪一个地方？"
    assert rules(question, "某机关", "民國三十八年1月機關遷往甲地。", "year_conflict") == [1.0]
    assert rules(question, "某机关", "民國二十七年初機關遷往乙地。", "year_conflict") == [0.0]


def test_the_figures_of_a_questions_scene_sentence_are_no_threshold() -> None:
    # the first sentence tells how long ships waited before; the question asks how long now
    question = "以前某船闸年货运量5千万吨时，船只待闸约10个小时。后来货运量涨到9千万吨，要等多久？"
    text = "如今某船闸货运量升至9千万吨，待闸时间拉长到150个小时。"
    assert rules(question, "某船闸", text, "figure_conflict") == [0.0]
    # a threshold the asking sentence itself names still holds
    asked = "年收益30万元以上的村有多少个？"
    assert rules(asked, "某县", "年收益5万元以上的村达800个。", "figure_conflict") == [1.0]


def test_which_district_asks_a_place() -> None:
    # "位于天津市哪个区" asks a district, as "哪个县" asks a county; "哪个区域最大" does not
    assert answer_type("这个项目位于天津市哪个区？") == "place"
    assert answer_type("这个项目所在的哪个区域最大？") == ""


def test_a_which_country_question_needs_a_sentence_naming_a_place() -> None:
    # "哪个国家主办" is answered by the country whose government hosts ("瑞典政府/nt"), and
    # never by a sentence naming no place; "在哪里举行" may be a venue jieba does not know
    which_country = "某纪念日由哪个国家主办？"
    hosts = "瑞典政府将与某署合作举办某纪念日。"
    assert "瑞典" in typed_spans("place", hosts, analyse(which_country))
    text = "某纪念日活动将于6月举行，主办方正在筹备。瑞典政府将与某署合作举办某纪念日。"
    assert rules(which_country, "某纪念日", text, "level_place_missing") == [1.0, 0.0]
    where = "某纪念日活动在哪里举行？"
    assert rules(where, "某纪念日", "活动在市民会客厅举行。", "level_place_missing") == [0.0]


def test_a_county_article_naming_itself_by_its_short_form_answers_which_county() -> None:
    # the article on "某水县" says "某水至今保持着…纪录": its own place, by the short form
    # jieba does not tag, answers "哪个县"; another place of the article ("某国") does not
    # count, nor does the short form answer a question asking for a city
    article = Passage(
        "1.txt",
        1,
        "某水县",
        "",
        1,
        "某水至今保持着某国除某地外的最高气温纪录。",
        1.0,
        places=("某水", "某国"),
    )
    county = analyse("某国除了某地以外，最高气温纪录是在哪个县测到的？")
    (sentence,) = candidates(county, [article], [[0.8]])
    assert "某水" in sentence.typed
    assert sentence.features["level_place_missing"] == 0.0
    city = analyse("某国除了某地以外，最高气温纪录是在哪个城市测到的？")
    (sentence,) = candidates(city, [article], [[0.8]])
    assert sentence.features["level_place_missing"] == 1.0


def test_a_question_asking_the_first_or_second_by_a_measure_needs_a_sentence_saying_a_rank() -> (
    None
):
    # "第二大城市": a sentence describing the region (its area, its people) ranks nothing;
    # "为全区第二大城市" does. "最早" ranks by time, "最著名的" by fame, a who-question's
    # "最大赢家" names a role: none of them needs a rank said.
    text = "某区是某国北部的一个自治区,面积10391平方千米,人口64万。某城为全区第二大城市。"
    second = "某区的第二大城市是哪个?"
    assert rules(second, "某区", text, "superlative_missing") == [1.0, 0.0]
    most = "世界上辅音数量最多的是哪种语言?"
    assert rules(most, "某语", "某语甚至有三种不同的辅音长度。", "superlative_missing") == [1.0]
    for no_rank in ("某地的便利商店最早是哪家企业引进的?", "谁是某战役的最大赢家?"):
        assert rules(no_rank, "某地", "某企业于1979年引进。", "superlative_missing") == [0.0]
    # a ranking listed in order says the first
    listed = "2021年度院线前十名分别为:某院线(72.1亿元)、某某院线(44.2亿元)。"
    assert rules("2021年票房收入最高的院线是哪一家?", "某榜", listed, "superlative_missing") == [
        0.0
    ]
    scene = "位于某省最南端的某市总面积达多少?"
    assert rules(scene, "某市", "某市总面积达1.89万平方公里。", "superlative_missing") == [0.0]


def test_a_question_of_several_sentences_is_typed_by_the_one_that_asks() -> None:
    # the scene sentence's "第一时间" is no time asked; "请问这是哪个项目" asks none
    question = "某集团推动一个项目的临时党支部抢抓审批，第一时间拿到许可。请问这是哪个项目？"
    assert answer_type(question) == ""
    assert answer_type("第一时间拿到许可的项目叫什么。它是哪一年开工的？") == "date"


def test_an_english_date_of_birth_asks_a_date() -> None:
    assert answer_type("What is the leader's date of birth?") == "date"
    assert answer_type("What is the singer's birthday?") == "date"


def test_a_citys_metro_is_no_place_the_article_must_name() -> None:
    # jieba's dictionary tags 北京地铁 a place; a timetable paragraph names the line and its
    # stations, never the network
    question = "北京地铁19号线某站的末班车是几点？"
    assert not any(t.place for t in analyse(question).terms if t.text == "北京地铁")
    text = "19号线开通运营后，某站首班车时间为5:30，末班车时间为23:25。"
    assert rules(question, "19号线开通", text, "places_missing") == [0.0]


def test_a_search_style_question_ending_in_a_post_asks_who_holds_it() -> None:
    # "…国资委主任" asks for a person, and a sentence naming the vice-mayor at the meeting
    # holds another post
    question = "2023年某市国资委主任"
    info = analyse(question)
    assert (info.kind, info.post) == ("person", "主任")
    text = "2023年某市国资国企工作会议召开，副市长张某出席会议并讲话。"
    assert rules(question, "某市国资", text, "post_missing") == [1.0]
    assert rules(question, "某市国资", "某市国资委主任李某作报告。", "post_missing") == [0.0]


def test_a_demonstrative_is_no_hinge_word() -> None:
    # "这个展会由哪家机构牵头组织": the 展会 and its 组织 are asked about, not 这个
    hinge = hinge_words("大会同期举办了某博览会，这个展会由哪家机构牵头组织？")
    assert "这个" not in hinge and "展会" in hinge


def test_a_search_style_question_ending_in_money_asks_a_figure() -> None:
    # "…北京站票价" asks how much a ticket costs; a sentence saying tickets are on presale
    # holds no figure
    assert answer_type("某舞剧 北京站票价") == "quantity"
    assert answer_type("某手机12+512G版本售价") == "quantity"
    assert answer_type("他的收入来源是什么") == ""


def test_a_search_engines_date_stamp_is_no_figure_nor_date_of_the_event() -> None:
    # news snippets open with the search engine's date ("Aug 5, 2022 ..."): no answer to
    # how much, nor to when
    how_much = analyse("某公司2022年上半年研发投入是多少？")
    assert typed_spans("quantity", "Aug 5, 2022 ...", how_much) == []
    when = analyse("某公司何时发布半年报？")
    assert typed_spans("date", "Aug 19, 2022 ... 某公司发布半年报。", when) == []
    assert typed_spans("date", "某公司于8月19日发布半年报。", when) != []


def test_a_figure_question_needs_a_sentence_naming_the_part_it_asks() -> None:
    # the scene names the dead, the asking clause the injured: a crowd's size or the death
    # toll is no count of the injured; 研发投入 is not answered by a product line's 收入
    question = "某桥垮塌事故造成135人死亡，另有多少人受伤？"
    text = "垮塌时桥上人流量约为五六百人。事故已造成135人死亡。另有180人受伤。"
    assert rules(question, "某桥垮塌", text, "part_missing") == [1.0, 1.0, 0.0]
    spending = "某公司2022年上半年研发投入是多少？"
    assert rules(spending, "某公司", "某产品实现收入1.77亿元。", "part_missing") == [1.0]
    assert rules(spending, "某公司", "上半年研发投入1.2亿元。", "part_missing") == [0.0]


def test_a_city_party_secretary_is_not_any_party_secretary() -> None:
    # jieba joins the committee to its city ("成都市委|书记"): the post asked is 市委书记, and
    # a sentence about what Party secretaries do in general names no one who holds it
    question = "成都市委书记是谁？"
    assert analyse(question).post == "市委书记"
    text = "各地逐级成立议事机构，更好发挥党委书记高位推动作用。"
    assert rules(question, "某市党建", text, "post_missing") == [1.0]
    assert rules(question, "某市党建", "成都市委书记张某调研。", "post_missing") == [0.0]


def test_an_accident_of_another_kind_or_sales_of_another_line_is_another_measure() -> None:
    # the asking clause names the kind by a word outside the hinge: a stampede's dead are
    # not a bus crash's, nor the electric cars' sales the brand's
    stampede = "某地寺庙踩踏事故死亡人数"
    crash = "某地发生一起交通事故,已造成10人死亡。某地寺庙踩踏事故已造成12人死亡。"
    assert rules(stampede, "某地", crash, "qualifier_conflict") == [1.0, 0.0]
    electric = "某集团去年交付了200万辆车,其中纯电动汽车的销量达到多少?"
    brand = "其中,某品牌的销量达到180万辆。某集团纯电动汽车的销量达到10万辆。"
    assert rules(electric, "某集团", brand, "qualifier_conflict") == [1.0, 0.0]
    # a sentence naming the measure without any other kind is no conflict
    assert rules(stampede, "某地", "踩踏发生后,事故已造成12人死亡。", "qualifier_conflict") == [0.0]


def test_the_runner_up_prize_is_not_the_whole_purse_nor_the_winners() -> None:
    # a report gives the purse and the winner's share; the runner-up's is asked
    question = "某杯赛的亚军球队一共能拿到多少奖金?"
    text = "某杯赛总奖金将达到1.5亿美元。某杯赛冠军球队将获得1000万美元奖励。"
    assert rules(question, "某杯赛", text, "part_missing") == [1.0, 1.0]
    assert rules(question, "某杯赛", text, "contrast_conflict") == [0.0, 1.0]
    assert rules(question, "某杯赛", "某杯赛亚军球队将获得800万美元。", "part_missing") == [0.0]


def test_people_counted_by_their_noun_are_counted_in_persons() -> None:
    # a Wikipedia sentence counts men with no measure word ("约5000男子加入"): "多少人" is
    # answered; cars are no people, and "多少亿" asks in no measure of people
    assert unit_match("当时,约5000男子加入军队。", ("5000",), "人") == 1.0
    assert unit_match("城中有300士兵驻守。", ("300",), "人") == 1.0
    assert unit_match("约5000辆汽车驶入。", ("5000",), "人") == 0.0
    assert unit_match("全市5000人到访。", ("5000",), "亿") == 0.0


def test_another_films_director_is_no_answer_but_one_described_by_an_earlier_film_is() -> None:
    # a premiere report quotes guests by their own films: "《某乙》的导演" is someone else;
    # "执导过《某丙》的导演" describes the asked film's director by an earlier one
    question = "《某甲》的导演是谁?"
    text = "电影《某乙》的导演某某称,《某甲》值得一看。执导过《某丙》的导演某乙此次执导《某甲》。"
    assert rules(question, "《某甲》首映", text, "work_conflict") == [1.0, 0.0]


def test_a_ticket_price_is_not_the_takings() -> None:
    # a holiday's box office says no average ticket price
    question = "去年全国电影的平均票价是多少元?"
    text = "五一档电影票房收入为3亿元左右。去年全国电影平均票价为40元。"
    assert rules(question, "电影市场", text, "part_missing") == [1.0, 0.0]


def test_a_rank_asked_is_not_answered_by_a_count() -> None:
    # "排第几" wants a rank ("第三大", "居首位"); the team's head count is none
    question = "该国这支代表团的规模在历届里能排第几?"
    text = "代表团包括23名女运动员和21名男运动员。这是该国历届规模第三大的代表团。规模居历届首位。"
    assert rules(question, "某国代表团", text, "rank_missing") == [1.0, 0.0, 0.0]


def test_which_firm_ranks_first_by_a_measure_asks_its_name_not_the_measure() -> None:
    # "票房最高的院线是哪一家" names the box office it ranks by; it asks which chain
    assert answer_type("去年票房收入最高的电影院线是哪一家?") == ""
    assert answer_type("去年电影院线的票房收入是多少?") == "quantity"


def test_a_rate_asked_is_not_answered_by_a_sentence_saying_no_share() -> None:
    # "增长了百分之几": this year's and last year's counts say no share; "增长率达8.2%" does
    question = "今年报名人数比上一年增长了百分之几?"
    text = "去年报名人数1193万,今年1291万。今年报名人数的增长率达到了8.2%。"
    assert rules(question, "报名人数", text, "rate_missing") == [1.0, 0.0]


def test_a_refresh_rate_or_a_power_is_said_in_its_unit_not_as_a_share() -> None:
    # "刷新率", "频率", "功率" name a rate in hertz or watts, which no share answers
    assert measure_units("这款手机的屏幕刷新率是多少?") == "Hz|赫兹|赫"
    assert measure_units("这台电机的额定功率是多少?") == "瓦|W|马力"
    assert measure_units("去年的人口出生率是多少?") == ""


def test_which_day_asks_a_day_and_which_number_asks_a_label() -> None:
    # "第几号公报" asks which numbered bulletin, "几号线" a line: neither asks a date
    assert asks_day("大会是哪一天开幕的?") and asks_day("他几月几日抵达?")
    assert not asks_day("由准则的第几号公报规范?") and not asks_day("换乘几号线?")


def test_a_figure_grouped_by_commas_is_said_in_its_unit() -> None:
    # "1,891米" is a height in metres though the sentence is read with its commas taken out
    question = "某市市中心的海拔有多高?"
    assert rules(question, "某市", "市中心海拔1,891米。", "measure_missing") == [0.0]


def test_a_height_above_the_sea_is_no_distance_and_a_reserve_no_yield() -> None:
    # "海拔" is not answered by "距市中心24.5公里", "煤炭产量" not by "煤炭总储量30亿吨"
    text = "机场距市中心直线距离约24.5公里。市中心海拔1,891米。"
    assert rules("某市市中心的海拔有多高?", "某市", text, "contrast_conflict") == [1.0, 0.0]
    text = "已探明的煤炭总储量达30亿吨。全市去年煤炭产量为2000万吨。"
    assert rules("某市每年的煤炭产量是多少吨?", "某市", text, "contrast_conflict") == [1.0, 0.0]


def test_the_country_a_where_question_searches_need_not_be_named_beside_the_city() -> None:
    # "在德国哪座城市": 德国 is where to look; "出生于慕尼黑" answers without naming it
    question = "这位工程师是在德国哪座城市出生的?"
    assert rules(question, "工程师", "他出生于慕尼黑。", "places_missing") == [0.0]
    assert rules("这位工程师在德国做了什么?", "工程师", "他出生于慕尼黑。", "places_missing") == [
        1.0
    ]


def test_a_race_time_is_a_figure_and_no_time_of_day() -> None:
    # "1:43.21" is minutes, seconds and hundredths; "14:11" is a clock's
    info = analyse("她夺金的成绩是多少?")
    assert typed_spans("quantity", "她以1:43.21的成绩夺金", info) == ["1:43.21"]
    assert typed_spans("date", "截至11月23日14:11,股价上涨", analyse("几点几分涨的?")) == ["14:11"]


def test_where_an_event_is_held_is_said_by_its_venue_not_by_any_place() -> None:
    # the countries taking part, a date after "于" and an aside name places or seem to; only
    # a place where news says a venue answers where the event is held
    participants, dated, aside, venue = rules(
        "某峰会在哪里举行?",
        "某峰会",
        "美国、加拿大与墨西哥将在峰会上讨论移民问题。峰会将于9月3日举行。"
        "会标以日本传统器皿为原型。峰会于9月3日在维也纳举行。",
        "venue_unsaid",
    )
    assert (participants, dated, aside, venue) == (1.0, 1.0, 1.0, 0.0)
    # the event named by its host, a building jieba does not know, a capital in traditional
    # characters whose country jieba reads as a name
    assert rules(
        "某大会在哪里举办?",
        "某大会",
        "某部长介绍本届某大会青岛峰会举办情况。决赛在国家某某馆“某某”举行。"
        "並於1961年在某國首都某城召開首次高峰會。",
        "venue_unsaid",
    ) == [0.0, 0.0, 0.0]


def test_a_count_of_countries_is_no_place() -> None:
    # jieba's dictionary tags "三国", "两国" as places: "北美三国领导人" names no venue
    summit = analyse("北美领导人峰会在哪里举行?")
    assert typed_spans("place", "在北美三国领导人峰会即将举行之际,两国发表声明。", summit) == []


def test_a_threshold_that_bounds_a_class_is_no_measure() -> None:
    # "1000万人次以上的机场有27个" counts airports above a bound: neither figure is the
    # airport's throughput, which news says in 人次 (or 吨, 标箱 for freight)
    bounded, measured = rules(
        "某机场2021年旅客吞吐量是多少?",
        "某机场",
        "年旅客吞吐量1000万人次以上的机场有27个。某机场2021年旅客吞吐量为1600万人次。",
        "measure_missing",
    )
    assert (bounded, measured) == (1.0, 0.0)


def test_another_quarter_of_the_year_is_no_answer() -> None:
    # a quarterly report's paragraph on the fourth quarter answers nothing about the third,
    # nor does the first three quarters' sum, even in a sentence naming no quarter itself
    fourth, _, _, third = rules(
        "某公司2021年第三季度的营收是多少?",
        "某公司财报",
        "截至四季度末,某公司营收为10亿元。某公司员工增加。某公司门店增加。某公司第三季度营收为8亿元。",
        "part_of_year_conflict",
    )
    assert (fourth, third) == (1.0, 0.0)
    assert rules(
        "某公司2021年第三季度的营收是多少?",
        "某公司财报",
        "某公司前三季度营收为20亿元。",
        "part_of_year_conflict",
    ) == [1.0]


def test_which_hospital_is_answered_only_by_a_sentence_naming_one() -> None:
    # "哪家医院", "哪所大学": their names end with the kind; a sentence on the patient or the
    # student that never says the kind names none
    story, hospital = rules(
        "某某被送到了哪家医院抢救?",
        "某事件",
        "某某坠崖后被路人发现。某某被送往某某市人民医院抢救。",
        "named_missing",
    )
    assert (story, hospital) == (1.0, 0.0)
    # saying the kind alone names none ("送往医院", "一家医院"); a name, an ordinal or a
    # name with an adjective before the kind does ("第三〇五医院", "某某大教堂")
    said = "某某被送往医院抢救。某某被送到当地一家医院。某某被送往第三〇五医院。"
    assert rules("某某被送到了哪家医院抢救?", "某事件", said, "named_missing") == [1.0, 1.0, 0.0]
    church = "加冕礼于伦敦西敏大教堂举行。"
    assert rules("加冕礼在伦敦哪座教堂举行?", "某典礼", church, "named_missing") == [0.0]


def test_a_figure_a_goal_needs_is_no_figure_reached() -> None:
    # "需要超过140万辆" is what the target takes, not what was delivered
    deliveries = analyse("某公司2022年的交付量是多少?")
    assert typed_spans("quantity", "某公司2022年的交付量需要超过140万辆。", deliveries) == []
    assert typed_spans("quantity", "某公司2022年的交付量为120万辆。", deliveries) == ["120万"]


def test_who_holds_a_role_in_a_work_is_answered_only_by_a_sentence_naming_someone() -> None:
    # a review that speaks of "the director" names no director; a credit names the actor
    # even where jieba's dictionary does not know the name ("饰演某某")
    review, credit, latin = rules(
        "《某片》的导演是谁?",
        "某片",
        "与其说导演在翻拍《某片》,不如说导演在拍一个年代。某演员在《某片》中饰演甲乙。"
        "《某片》根据Smith的小说改编。",
        "role_unnamed",
    )
    assert (review, credit, latin) == (1.0, 0.0, 0.0)
    # an athlete is a person too; a foreign name is said by its parts and a dot
    count, named = rules(
        "哪位选手获得了冠军?",
        "某赛事",
        "共有27位选手参赛。挪威选手安德烈·某某获得冠军。",
        "role_unnamed",
    )
    assert (count, named) == (1.0, 0.0)


def test_a_sales_figure_is_said_in_goods_not_in_a_count_of_firms() -> None:
    # "5增、4减" counts makers whose share rose or fell; a sales figure counts vehicles,
    # machines or tons ("销量为5.2万辆")
    firms, sold = rules(
        "某公司2022年上半年的销量是多少?",
        "某公司",
        "2022年上半年主流车企市场份额同比5增、4减。某公司2022年上半年销量为5.2万辆。",
        "measure_missing",
    )
    assert (firms, sold) == (1.0, 0.0)


def test_what_kind_of_film_is_answered_only_by_a_sentence_naming_a_genre() -> None:
    # "这种类型的电视剧很多" says nothing of the kind; "一部悬疑剧" does
    talk, genre = rules(
        "《某剧》是什么类型的电视剧?",
        "某剧",
        "这种类型的电视剧很多。《某剧》是一部悬疑剧。",
        "genre_missing",
    )
    assert (talk, genre) == (1.0, 0.0)
    # which game (a name), or what types of a thing, is no genre asked
    game = rules("某人是什么游戏的男主角?", "某人", "某人是游戏某某的男主角。", "genre_missing")
    assert game == [0.0]
    assert rules("球场的杆洞有什么类型?", "球场", "球场设4个3杆洞。", "genre_missing") == [0.0]


def test_a_date_or_place_answers_only_with_the_event_it_is_asked_of() -> None:
    # a liberation's date is no founding's; a killing's place is no execution's
    assert rules(
        "某研究院是哪一年成立的?",
        "某研究院",
        "1949年9月28日某地解放。1950年某研究院创办。1951年某研究院正式成立。",
        "event_unsaid",
    ) == [1.0, 0.0, 0.0]  # 创办: CC-CEDICT glosses both "to establish"
    assert rules(
        "刺杀某甲的某乙后来在哪里被处决?",
        "某乙",
        "1909年某甲在某城被某乙刺杀。1910年某乙在某地被处死。",
        "event_unsaid",
    ) == [1.0, 0.0]
    # a paraphrased verb with what it was done to, an opening for where a summit is held
    assert rules(
        "某国是哪一年动用否决权的?", "某国", "1946年某国首度行使否决权。", "event_unsaid"
    ) == [0.0]
    assert rules("某峰会在哪里举行?", "某峰会", "某峰会在某城开幕。", "event_unsaid") == [0.0]
    # a character shared with a name says nothing of the event; one with a word jieba
    # mistakes for a place ("上市"/ns) does
    assert rules(
        "某甲去世后被安葬在什么地方?", "某甲", "某甲与安波罗修都曾传讲此说。", "event_unsaid"
    ) == [1.0]
    assert rules(
        "某集团的子公司什么时候上市的?",
        "某集团",
        "子公司在1999年成立及于深圳证券交易所上市。",
        "event_unsaid",
    ) == [0.0]


def test_the_asked_event_is_a_verb_of_the_asking_clause() -> None:
    assert event_verbs("某研究院是哪一年成立的?") == (Event("成立"),)
    assert event_verbs("某某是在哪一年由于被批评而含冤去世的?")[-1].verb == "去世"
    assert event_verbs("刺杀某甲的某乙后来在哪里被处决?") == (Event("处决"),)
    # CC-CEDICT's first gloss of 结束 is a noun ("termination; to finish")
    assert event_verbs("这场战争到哪一年才结束?") == (Event("结束"),)
    # nothing of its own: a verb of no event, the noun asked for, a title, a direction
    assert event_verbs("事故发生在哪里?") == ()
    assert event_verbs("新闻招待会的地点是某城的哪座建筑?") == ()
    assert event_verbs("《飞跃》是什么时候杀青的?") == (Event("杀青"),)
    assert event_verbs("那条消息是几点挂出来的?") == ()


def test_a_figure_of_another_country_is_no_answer_for_the_asked_one() -> None:
    # the asking clause names one country, the sentence another (and its neighbours not it)
    question = "1960年德国与荷兰签订协议,荷兰获得了多少赔偿?"
    text = "希腊得到德国的赔偿共1.15亿马克。此后两国关系改善。其余各国另有安排。荷兰获得某某马克。"
    assert rules(question, "某协议", text, "country_swapped") == [1.0, 0.0, 0.0, 0.0]
    # the sentence itself must name it: a neighbour naming the asked country ("它与1999年
    # 某国某地地震…") does not make another country's toll its own
    quake = "1999年土耳其伊兹米特地震共造成多少人死亡?"
    text = "那年有三次大地震,包括1999年土耳其伊兹米特地震。希腊的一次地震造成143人丧生。"
    assert rules(quake, "大地震", text, "country_swapped") == [0.0, 1.0]
    # unless the question names it as where something happens, which a neighbour may say
    shown = "2021年有几部电影没能在中国上映?"
    text = "这些电影都未能在中国上映。其中包括美国某公司旗下的4部电影。"
    assert rules(shown, "某公司", text, "country_swapped") == [0.0, 0.0]
    # a country named only to set the scene is no asked one
    assert rules(
        "与德国签约后,某地获得了多少赔偿?", "某协议", "希腊得到赔偿1亿马克。", "country_swapped"
    ) == [0.0]


def test_a_date_said_of_another_city_is_no_answer_for_the_asked_one() -> None:
    # a district in its city's name ("无锡新区"); the sentence names another city, not it
    question = "无锡新区的有轨电车是哪一年开通的?"
    text = "2014年,大连市开通了有轨电车。无锡新区的有轨电车规划多年。它2018年开通。"
    assert rules(question, "有轨电车", text, "city_swapped") == [1.0, 0.0, 0.0]
    # a city named only to set the scene, or a figure asked: no swap asked
    assert rules("该市的有轨电车是哪一年开通的?", "某城", text, "city_swapped") == [0.0] * 3


def test_a_capital_asked_is_answered_only_by_a_sentence_saying_a_seat() -> None:
    # "首府是哪座城市": a city named for its place on the map is no capital
    question = "某某大区的首府是哪座城市?"
    text = "某某大区包含了甲城以南的半岛。乙城是某某大区的首府。该区于1970年定都丙城。"
    assert rules(question, "某某大区", text, "seat_unsaid") == [1.0, 0.0, 0.0]
    # a capital named to measure from is no capital asked
    far = "某县城离省会甲城有多少公里?"
    assert rules(far, "某县", "某县城距甲城192公里。", "seat_unsaid") == [0.0]


def test_a_page_stamped_before_the_asked_year_reports_no_figure_of_it() -> None:
    # a search snippet dated December 2022 gives 2022's figure, whatever 2023's may be
    stamp, report = "Dec 14, 2022 ...", "其中某作物播种面积991千公顷,比2021年减少9千公顷。"
    later = analyse("2023年某作物播种面积是多少千公顷?")
    assert rules_for(later, stamp, report, "written_before") == [1.0]
    same = analyse("2022年某作物播种面积是多少千公顷?")
    assert rules_for(same, stamp, report, "written_before") == [0.0]
    # an unstamped page, or a date asked (an event of 2023 is announced in 2022)
    assert rules_for(later, "某公报", report, "written_before") == [0.0]
    when = analyse("2023年某作物是在哪一天开始播种的?")
    assert rules_for(when, stamp, "某作物于3月1日开始播种。", "written_before") == [0.0]


def test_who_plays_a_character_is_answered_only_by_a_sentence_naming_the_character() -> None:
    # "某某谁演的": a sentence on who plays another part of the same work answers nothing
    question = "《某剧》中的甲乙丙是由哪位演员扮演的?"
    text = "演员丁戊在《某剧》中出演督导专员己庚。甲乙丙的扮演者是演员辛壬。"
    assert rules(question, "某剧", text, "character_unsaid") == [1.0, 0.0]
    # the character's name after a kin word, and "谁饰演的…"
    sister = "《某剧》中甲乙的妹妹甲丙谁演的?"
    assert rules(sister, "某剧", "辛壬饰演甲丙。", "character_unsaid") == [0.0]
    assert rules("谁饰演的Ember市长?", "某片", "辛壬饰演某某。", "character_unsaid") == [1.0]
    # who leads a cast is no character asked ("哪位演员领衔主演")
    cast = "《某剧》由甲乙和哪位演员领衔主演?"
    assert rules(cast, "某剧", "甲乙、丙丁领衔主演《某剧》。", "character_unsaid") == [0.0]


def test_a_sentence_saying_the_asked_noun_bare_names_no_one() -> None:
    # "那名门客叫什么名字": "…的门客刺伤…" says the noun and no name with it
    question = "刺伤某甲的那名门客叫什么名字?"
    text = "某甲被太守某乙的门客刺伤。门客王大力刺伤了某甲。"
    assert rules(question, "某甲", text, "named_bare") == [1.0, 0.0]
    # a name jieba does not know, right after the noun, is no bare noun ("二哥劳声桥");
    # nor is a thing's name, which news quotes ("驿站叫什么": "…建设“某某驿站”")
    brother = rules("某某的二哥叫什么名字?", "某案", "某某的二哥劳声桥在法庭外。", "named_bare")
    assert brother == [0.0]
    post = rules("某市建设的驿站叫什么?", "某市", "某市建设了驿站。", "named_bare")
    assert post == [0.0]


def test_a_first_count_is_no_final_one_and_a_total_no_figure_per_head() -> None:
    # the sentence names the other stage or scale, and not the asked one
    final = "某国大选的最终计票结果是哪一天公布的?"
    text = "5月21日晚,某国大选初步计票结果显示甲党领先。5月30日,选举委员会公布了计票结果。"
    assert rules(final, "某国大选", text, "contrast_conflict") == [1.0, 0.0]
    per_head = "2021年某市居民人均消费支出是多少元?"
    text = "2021年,某市居民消费总规模约3000亿元。2021年,某市居民消费支出2.1万元。"
    assert rules(per_head, "某市消费", text, "contrast_conflict") == [1.0, 0.0]


def test_founding_said_as_forming_is_no_renaming() -> None:
    # "组建" founds the school; its later renaming does not make the sentence another matter
    assert rules(
        "在某城创办某某中学的是谁?",
        "某某中学",
        "教育家李明远在某城组建某某中学,后更名为某某第七中学。",
        "contrast_conflict",
    ) == [0.0]


def test_an_event_is_said_by_its_object_only_where_a_verb_governs_it() -> None:
    # the pair's dance is named, as the title of a medal, not as what they began to do
    assert rules(
        "甲和乙是哪一年开始搭档跳双人舞的?",
        "甲",
        "甲和乙,2010年某杯双人舞金牌。",
        "event_unsaid",
    ) == [1.0]
    # a verb jieba tags a noun ("架构": CC-CEDICT's "to construct") governs the lighthouse
    assert rules(
        "某社在某岛竖起首座灯塔是什么时候?",
        "某岛",
        "1978年8月12日,某社在某岛架构第一座灯塔。",
        "event_unsaid",
    ) == [0.0]


def test_a_deputys_post_split_by_jieba_is_asked_whole() -> None:
    # "副司令|长官是由谁担任": the post stands before the links, with its deputy's 副
    assert asked_post("某战区的副司令长官是由谁担任的?") == "副司令长官"
    assert asked_post("某公司党支部书记由谁担任?") == "书记"


def test_places_side_by_side_make_no_transliterated_name() -> None:
    # "陕西|西安": the characters "西西安" sound like a foreign name but are two places
    who = analyse("在西安创办某某中学的是谁?")
    assert typed_spans("person", "教育家李明远在陕西西安组建某某中学。", who) == ["李明远"]


def test_a_japanese_is_named_by_surname_and_a_city_is_no_person() -> None:
    # "安倍晋三" is "安倍" in the article's later sentences; "赫尔辛基" is a city jieba tags nrt
    assert rules(
        "山田太郎的葬礼在哪里举行?",
        "某报道",
        "9月27日,山田的葬礼于东京某会馆举行。",
        "people_missing",
    ) == [0.0]
    assert rules(
        "1952年赫尔辛基奥运会共有多少个国家参加?",
        "奥运会",
        "一共有70个国家参加了第十五届奥运会。",
        "people_missing",
    ) == [0.0]


def test_an_ancient_state_is_the_place_a_text_names_plainly() -> None:
    # "古希腊" is the "希腊" of the article's "古典希腊"; "古北口" is a place of its own
    assert rules(
        "某馆那两尊古希腊铜像是在哪里被发现的?",
        "某馆",
        "馆内的两尊铜像1972年在某海岸被发现,是古典希腊的作品。",
        "places_missing",
    ) == [0.0]
    assert place_stem("古北口") == "古北口"


def test_abroad_is_not_at_home() -> None:
    # the mainland's branches are no answer for those abroad; a sentence saying neither is
    question = "截至2016年底,某银行在境外一共设有几家分行?"
    text = "截至2016年末,某银行位于中国大陆的分支机构包括37个一级分行。某银行设有10家分行。"
    assert rules(question, "某银行", text, "contrast_conflict") == [1.0, 0.0]


def test_a_post_is_asked_before_asking_its_holders_name() -> None:
    assert asked_post("发表声明的那位发言人叫什么名字?") == "发言人"
    assert asked_post("某航班的机长的名字是什么?") == "机长"
    assert asked_post("这个吉祥物叫什么?") == ""
