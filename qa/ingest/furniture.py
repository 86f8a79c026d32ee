"""Page furniture of Chinese news pages: the lines around an article that are not its text.

Every rule is named data with a note on what it stands for, and holds for news pages in
general (print and web, simplified and traditional), never for one file's words. The rules
read the *folded* line: NFKC (full-width → half-width), simplified script, no spaces, so
"（责任编辑：刘洋）" and "(责任编辑:刘洋)" read alike.
"""

from __future__ import annotations

import re

# ------------------------------------------------------------------ lines that are never text

# Web navigation and link lists: "首页 | 要闻 | 基层党建", county-name spam "a|b|c|d|e".
LINK_SEPARATORS = re.compile(r"[|>»›/]")
MIN_NAV_SEPARATORS = 3  # this many separators between short items make a navigation line
NAV_ITEM_MAX = 10  # ... when the items average at most this many characters
# Breadcrumbs: "当前位置：首页 > 基层党建 > 正文".
BREADCRUMB = re.compile(r"^(当前位置|您的位置|您现在的位置|所在位置|位置)[:]")
# A date (and time) opening a short line: "2025-10-23 08:47 来源:…", "■2021年1月4日 星期一".
DATE_OPENING = re.compile(r"^[■□●◆]?\d{4}[年\-/.]\d{1,2}[月\-/.]\d{1,2}日?")
DATE_LINE_MAX = 80
# An article's meta line opens with a date or a label: "2025-10-23 10:14 来源:…",
# "来源:经济日报 2026年06月12日", "发布时间:2025-10-23 栏目:基层治理", "作者:记者 李明".
META_LABEL = re.compile(
    r"^(来源|稿源|出处|作者|发布时间|发布日期|发表时间|更新时间|浏览次数|阅读量|点击数|点击量|栏目)[:]"
)
META_AFTER_DATE = re.compile(r"(来源|作者|时间|浏览|阅读|点击|编辑|栏目)[:]")
META_LINE_MAX = 80
# Editors and production staff: "(责任编辑:刘洋)", "■本版责编 孟航", "新媒体编辑:…审核:…".
# Unambiguous titles may run straight into the name; words that also open headings
# ("统筹推进…", "设计…") count only with a colon.
STAFF_LINE = re.compile(
    r"^[(■□【\[]?(本版|本期|本文)?(责任编辑|责编|美编|新媒体编辑|值班编辑|网络编辑)"
    r"|^[(■□【\[]?(本版|本期|本文)?(编辑|校对|审核|审校|终审|复审|初审|监制|统筹|制作|制图|"
    r"版式|设计|主编|策划|摄影|摄像)[:]"
    r"|(责任编辑|新媒体编辑|值班编辑|责编|美编)[:]"
)
STAFF_LINE_MAX = 60
# Widgets of a web page: font size, print, close, share, favourite, report an error, back
# to top, apps. A line made of these (and separators) is a toolbar.
WIDGET_WORDS = (
    "字号",
    "字体",
    "大中小",
    "小字号",
    "中字号",
    "大字号",
    "打印本页",
    "打印",
    "关闭窗口",
    "关闭",
    "收藏本页",
    "收藏",
    "纠错",
    "返回顶部",
    "回到顶部",
    "顶部",
    "分享到",
    "分享",
    "扫一扫",
    "手机版",
    "手机看",
    "登录",
    "注册",
    "微信",
    "微博",
    "QQ空间",
    "QQ",
    "复制链接",
    "上一篇",
    "下一篇",
    "点赞",
    "评论",
    "转发",
)
WIDGET_REST_MAX = 3  # characters other than widgets and separators a toolbar line may keep
# "分享让更多人看到", "分享到:微信 微博": share prompts.
SHARE_PROMPT = re.compile(r"^(分享|转发|扫码|扫一扫)")
SHARE_LINE_MAX = 20
# Copyright, licence and registration lines of a site or paper.
COPYRIGHT = re.compile(
    r"版权所有|版权声明|copyright|©|allrightsreserved|icp备|icp证|公网安备|网安备|"
    r"未经.{0,10}(授权|许可).{0,10}(转载|使用)|违法和不良信息举报|互联网新闻信息服务许可|"
    # a site's disclaimer: "如遇作品内容、版权等问题，请在…30日内与本网联系", "如有侵权请联系删除"
    r"如(遇|有|涉及|因).{0,12}(版权|侵权).{0,30}(联系|删除)",
    re.I,
)
COPYRIGHT_LINE_MAX = 160
# A column or site label alone in brackets: "【地方党建】", "【基层治理观察网】".
BRACKET_LABEL = re.compile(r"^【[^】]{1,20}】")
# A note on where the text came from, in brackets on its own line: "（本文转载自网络）".
SOURCE_NOTE = re.compile(r"^\([^()]{0,40}(转载|转自|原载|原刊|摘自|选自|稿源|来源)[^()]{0,40}\)$")
# Links to the neighbouring articles: "上一篇:…", "下一篇:…".
PREV_NEXT = re.compile(r"^[【\[]?(上一篇|下一篇|上一条|下一条|上篇|下篇)[】\]]?[:]")
# A bare site name line: "人民网", "新华网". Only above an article's text: between paragraphs
# a short line ending in 网 is a heading ("织密一张网").
SITE_NAME = re.compile(r"^.{1,6}网$")
# Media placeholders left by copying a page: "[图片]", "[视频]".
PLACEHOLDER = re.compile(r"^[\[【(]?(图片|图|视频|音频|image|img|photo|video)[\]】)]?$", re.I)
# A newspaper page's edition label: "第7版", "A2版", "第B03版".
EDITION = re.compile(r"(?<![\d.])第?[A-Z]?\d{1,3}版(?![本权次])")
EDITION_LINE_MAX = 30
# Advertising calls to action: an ad asks the reader to call, scan or follow.
AD_CALL = re.compile(
    r"详情(请)?(关注|咨询|垂询|登录|拨打|请见)|欢迎(来电|垂询|咨询|选购|订购)|"
    r"(咨询|客服|订购|订阅|预订)(电话|热线)|扫(码|描二维码)关注|长按识别"
)
AD_LINE_MAX = 150
# A newspaper's imprint: address, post code, price, printer, licence. Two of these make one.
IMPRINT_WORDS = (
    "社址",
    "地址",
    "邮政编码",
    "邮编",
    "定价",
    "零售价",
    "印刷",
    "发行",
    "广告经营许可",
    "广告发布",
    "连续出版物号",
    "总编辑",
    "编务",
)
# An imprint carries post codes and phone numbers; an article about printing does not.
IMPRINT_NUMBER = re.compile(r"\d{5,}")
# Phone and bank-card numbers: contact lines and ads, never article text on their own. A
# bare seven- or eight-digit number followed by what it counts is a figure, not a phone
# ("常住人口为6432212人", "接待了2207826名游客").
COUNTED = "人名位户元吨次个辆件米亩头只台套张册份项家座多余"
PHONE = re.compile(
    r"\d{3,4}\s*[-—–]\s*\d{7,8}"
    rf"|(?<![\d.,])\d{{7,8}}(?![\d{COUNTED}])"
    r"|(?<!\d)1[3-9]\d{9}(?!\d)"
)
CARD = re.compile(r"(?<!\d)\d{13,19}(?!\d)")  # bank-card numbers, spaces removed
PHONE_LINE_MAX = 80
# Section list headers after an article: related links, rankings, recommendations.
RELATED_HEADER = re.compile(
    r"^[【\[]?(相关链接|相关新闻|相关阅读|相关文章|相关报道|推荐阅读|延伸阅读|热点排行|热门文章|"
    r"热门推荐|猜你喜欢|往期回顾|更多精彩|更多阅读|阅读排行|点击排行)[】\]]?[:]?"
)
# A list item under such a header: a bullet, or a short line with no sentence end.
LIST_ITEM = re.compile(r"^[·•●◆■□▪\-*>]")
LIST_ITEM_MAX = 40


def _no_clause(flat: str) -> bool:
    """No comma or full stop: a line of labels and figures, not a sentence (an OCR line
    "2023年5月12日,市委召开…" is the start of one)."""
    return not re.search(r"[,。;]", flat)


def _imprint(flat: str) -> bool:
    return sum(w in flat for w in IMPRINT_WORDS) >= 2 and bool(IMPRINT_NUMBER.search(flat))


def _navigation(flat: str) -> bool:
    parts = [p for p in LINK_SEPARATORS.split(flat) if p]
    seps = len(LINK_SEPARATORS.findall(flat))
    if seps >= 4 and flat.count("|") >= 4:
        return True
    return seps >= MIN_NAV_SEPARATORS and bool(parts) and len(flat) / len(parts) <= NAV_ITEM_MAX


def _toolbar(flat: str) -> bool:
    rest = flat
    for word in WIDGET_WORDS:
        rest = rest.replace(word, "")
    if rest == flat:
        return False
    return len(re.sub(r"[|:,。、·/()\[\]【】\-]", "", rest)) <= WIDGET_REST_MAX


def _label_line(flat: str) -> bool:
    """ "【地方党建】" alone, or followed only by toolbar words ("【某某网】手机版|登录")."""
    rest = BRACKET_LABEL.sub("", flat)
    return not rest or _toolbar(rest)


def furniture(flat: str) -> str:
    """The name of the furniture rule `flat` (a folded line, no spaces) matches, or ""."""
    n = len(flat)
    checks = (
        ("navigation", _navigation(flat)),
        ("breadcrumb", bool(BREADCRUMB.match(flat))),
        ("date line", bool(DATE_OPENING.match(flat)) and n < DATE_LINE_MAX and _no_clause(flat)),
        ("staff line", bool(STAFF_LINE.search(flat)) and n < STAFF_LINE_MAX and "。" not in flat),
        ("toolbar", _toolbar(flat)),
        ("share prompt", bool(SHARE_PROMPT.match(flat)) and n < SHARE_LINE_MAX),
        ("copyright", bool(COPYRIGHT.search(flat)) and n < COPYRIGHT_LINE_MAX),
        ("bracket label", bool(BRACKET_LABEL.match(flat)) and _label_line(flat)),
        ("source note", bool(SOURCE_NOTE.match(flat))),
        ("previous/next link", bool(PREV_NEXT.match(flat))),
        ("placeholder", bool(PLACEHOLDER.match(flat))),
        ("edition", bool(EDITION.search(flat)) and n < EDITION_LINE_MAX),
        ("advert", bool(AD_CALL.search(flat)) and n < AD_LINE_MAX),
        (
            "imprint",
            sum(w in flat for w in IMPRINT_WORDS) >= 2 and bool(IMPRINT_NUMBER.search(flat)),
        ),
        ("card number", bool(CARD.search(flat))),
        ("phone", bool(PHONE.search(flat)) and n < PHONE_LINE_MAX),
        ("phone list", len(PHONE.findall(flat)) >= 3),
    )
    return next((name for name, hit in checks if hit), "")


def meta_line(flat: str) -> bool:
    """A source or dateline of an article's title block ("2025-10-23 来源:…", "作者:…")."""
    if len(flat) >= META_LINE_MAX or "。" in flat:
        return False
    dated = DATE_OPENING.match(flat)
    return bool(META_LABEL.match(flat)) or (
        dated is not None and bool(META_AFTER_DATE.search(flat, dated.end()))
    )


def site_label(flat: str) -> bool:
    """A site's name alone on a line ("人民网"): furniture when it stands above the text."""
    return bool(SITE_NAME.match(flat))
