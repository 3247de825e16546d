"""The knowledge-test question bank, generated from the obligations register and the rules.

Every question tests one fact of one register entry (its cadence, count, fixed day, time limit or
who is responsible) and cites the article that states it. Each option carries a key value (每季度,
3个工作日, 第一个星期五, 局机关党委; in English "each quarter", "3 working days"…): the right one
is stated in the cited article, and a distractor is used only when its key value appears nowhere
in that article, so a reader of the article can always tell them apart, and a test can check it.
Pure functions: the register and the rules in, questions out; the order is deterministic.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from handbook.content import CADENCES, WEEKDAYS, Handbook, Obligation, Rule, chinese_number

KINDS = ("single", "multiple", "truefalse")
CADENCE_ORDER = ("weekly", "monthly", "quarterly", "half-yearly", "yearly")
# English ways of writing each cadence (the rules' English texts use these).
CADENCES_EN = {
    "weekly": ("each week", "every week", "weekly", "once a week", "a week"),
    "monthly": ("each month", "every month", "monthly", "once a month", "a month"),
    "quarterly": ("each quarter", "every quarter", "quarterly", "once a quarter", "a quarter"),
    "half-yearly": (
        "every six months",
        "each half year",
        "every half year",
        "half-yearly",
        "half a year",
        "six months",
        "half year",
    ),
    "yearly": ("each year", "every year", "once a year", "a year", "yearly", "annual", "annually"),
}
UNITS_EN = {"日": "day", "工作日": "working day", "周": "week", "个月": "month", "年": "year"}
# Plausible amounts of each time-limit unit, from which distractors are drawn.
AMOUNTS = {
    "工作日": (1, 2, 3, 5, 7, 10, 15, 20, 30),
    "日": (3, 5, 7, 10, 15, 20, 30),
    "周": (1, 2, 3, 4),
    "个月": (1, 2, 3, 6, 12),
    "年": (1, 2, 3, 5),
}
COUNTS = (1, 2, 3, 4, 6, 12)  # times per cycle; study hours use HOURS
HOURS = (16, 24, 32, 40, 48, 56, 64)
MONTH_DAYS = (1, 5, 10, 15, 20, 25, 30)
ORDINALS_ZH = "一二三四"
ORDINALS_EN = ("first", "second", "third", "fourth")
WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
NUMBER_WORDS = {
    "once": "1 time",
    "twice": "2 times",
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
    "ten": "10",
    "twelve": "12",
    "fifteen": "15",
    "twenty": "20",
    "thirty": "30",
    "a week": "1 week",
    "a month": "1 month",
}
_COUNT_UNIT = re.compile(r"(\d+)\s*(次|期|篇|学时|个|名)")
_WORDS = re.compile(r"\b(" + "|".join(map(re.escape, NUMBER_WORDS)) + r")\b", re.I)


@dataclass(frozen=True)
class Question:
    """One question in one language; `keys[i]` is option i's key value ("" for 对/错)."""

    id: str
    lang: str
    kind: str  # single, multiple, truefalse
    topic: str  # cadence, count, day, limit, who
    text: str
    options: tuple[str, ...]
    answer: tuple[int, ...]  # indexes of the right options
    right: tuple[str, ...]  # key values the cited article states
    wrong: tuple[str, ...]  # key values the cited article does not state
    rule: str  # "15"
    article: str  # "第四条"
    anchor: str  # 第四条 or article-4
    cite: str  # 《主题党日制度》第四条 / Theme Party Day Rules, Article 4
    explanation: str


# --- key values and the article check -----------------------------------------------------------


def normalise(text: str, lang: str) -> str:
    """Article or key text ready for comparing: English number words as digits, lower case."""
    if lang == "zh":
        return re.sub(r"\s+", "", text)
    text = _WORDS.sub(lambda m: NUMBER_WORDS[m.group(1).lower()], text)
    return re.sub(r"\s+", " ", text.replace("-", " ")).lower()


def states(text: str, key: str, lang: str) -> bool:
    """Whether the article `text` states the key value `key` (numbers match whole: 2 ≠ 12)."""
    return _found(normalise(text, lang), key, lang)


def _found(body: str, key: str, lang: str) -> bool:
    """`states` on an article already normalised."""
    key = normalise(key, lang)
    if not key:
        return False
    head = r"(?<![\d.])" if key[0].isdigit() else (r"(?<![a-z])" if lang != "zh" else "")
    tail = r"(?![a-z])" if lang != "zh" and key[-1].isalpha() else ""
    return re.search(head + re.escape(key) + tail, body) is not None


def _cadence_keys(cadence: str, lang: str) -> tuple[str, ...]:
    return CADENCES[cadence] if lang == "zh" else CADENCES_EN[cadence]


def limit_key(amount: int, unit: str, lang: str) -> str:
    """A time limit as the rules write it: 3个工作日 / 3 working days."""
    if lang == "zh":
        return f"{amount}{'个工作日' if unit == '工作日' else unit}"
    word = UNITS_EN[unit]
    return f"{amount} {word}" + ("s" if amount != 1 else "")


def _ordinal_en(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def _day_key(week: int | None, weekday: int | None, day: int | None, lang: str) -> str:
    if week and weekday:
        if lang == "zh":
            return f"第{ORDINALS_ZH[week - 1]}个星期{WEEKDAYS[weekday - 1]}"
        return f"{ORDINALS_EN[week - 1]} {WEEKDAYS_EN[weekday - 1]}"
    return f"{day}日" if lang == "zh" else _ordinal_en(day or 0)


# --- one fact of one entry: the right key value and the candidate distractors -----------------


@dataclass(frozen=True)
class Fact:
    topic: str
    right: str  # key value stated in the article
    shown: str  # how the right option reads
    others: tuple[tuple[str, str], ...]  # (key value, option text) of possible distractors


def _facts(ob: Obligation, text: str, lang: str, everyone: list[str]) -> list[Fact]:
    """The checkable facts of one entry in one language, distractors not in the article."""
    facts: list[Fact] = []
    plain = normalise(text, lang)

    def absent(key: str) -> bool:
        return not _found(plain, key, lang)

    if ob.limit:
        limit = ob.limit
        right = limit_key(limit.amount, limit.unit, lang)
        amounts = AMOUNTS.get(limit.unit, ())
        others = [limit_key(n, limit.unit, lang) for n in amounts if n != limit.amount]
        facts.append(Fact("limit", right, right, tuple((k, k) for k in others if absent(k))))
    if ob.week and ob.weekday:
        right = _day_key(ob.week, ob.weekday, None, lang)
        candidates = [(w, ob.weekday) for w in range(1, 5) if w != ob.week]
        candidates += [(ob.week, d) for d in range(1, 6) if d != ob.weekday]
        others = [_day_key(w, d, None, lang) for w, d in candidates]
        facts.append(Fact("day", right, right, tuple((k, k) for k in others if absent(k))))
    elif ob.day and ob.cadence == "monthly":
        right = _day_key(None, None, ob.day, lang)
        others = [_day_key(None, None, d, lang) for d in MONTH_DAYS if d != ob.day]
        facts.append(Fact("day", right, right, tuple((k, k) for k in others if absent(k))))
    if ob.cadence in CADENCES:
        found = [k for k in _cadence_keys(ob.cadence, lang) if _found(plain, k, lang)]
        found.sort(key=lambda k: not states(ob.states, k, lang))  # the entry's own word first
        if found:
            right = found[0]
            others = [
                (_cadence_keys(c, lang)[0], _cadence_keys(c, lang)[0])
                for c in CADENCE_ORDER
                if c != ob.cadence and all(absent(k) for k in _cadence_keys(c, lang))
            ]
            facts.append(Fact("cadence", right, right, tuple(others)))
        count = _count_fact(ob, text, lang)
        if count:
            facts.append(count)
    who = ob.who if lang == "zh" else ob.who_en
    if who and _found(plain, who, lang):
        others = [
            (w, w)
            for w in everyone
            if w != who
            and absent(w)
            and who.lower() not in w.lower()
            and w.lower() not in who.lower()
        ]
        facts.append(Fact("who", who, who, tuple(others)))
    return [f for f in facts if len(f.others) >= 2]


def _count_fact(ob: Obligation, text: str, lang: str) -> Fact | None:
    """How many times (or hours) per cycle, where the entry's phrase states it with a unit."""
    if not ob.count:
        return None
    match = next((m for m in _COUNT_UNIT.finditer(ob.states) if int(m[1]) == ob.count), None)
    if match is None:
        return None
    unit = match.group(2)
    counts = HOURS if unit == "学时" else COUNTS
    if lang == "zh":
        right = f"{ob.count}{unit}"
        others = [f"{n}{unit}" for n in counts if n != ob.count]
    else:
        word = "hours" if unit == "学时" else "times" if unit == "次" else ""
        if not word:
            return None
        right = "1 time" if ob.count == 1 and word == "times" else f"{ob.count} {word}"
        if not states(text, right, lang):
            right = str(ob.count)
        others = [f"{n} {word}" for n in counts if n != ob.count]
        others = [k for k in others if not states(text, k.split()[0], lang)]
    if not states(text, right, lang):
        return None
    shown = right if lang == "zh" else right.replace("1 time", "once")
    kept = tuple((k, k) for k in others if not states(text, k, lang))
    return Fact("count", right, shown, kept)


# --- wording --------------------------------------------------------------------------------

_ASK_ZH = {
    "cadence": "“{what}”（{who}）按什么周期开展？",
    "count": "按规定，{who}“{what}”每个周期至少应达到多少？",
    "day": "{who}“{what}”的固定日期是？",
    "who": "“{what}”由谁负责？",
}
_ASK_EN = {
    "cadence": "“{what}” ({who}): how often?",
    "count": "“{what}” ({who}): at least how many in each cycle?",
    "day": "“{what}” ({who}): on or by which day of the month?",
    "who": "Who is responsible for this: “{what}”?",
}


def _inner(text: str) -> str:
    """Quotation marks inside a quotation: “三会一课” becomes ‘三会一课’."""
    return text.replace("“", "‘").replace("”", "’")


def _ask(ob: Obligation, topic: str, lang: str) -> str:
    what, who = (_inner(ob.what), ob.who) if lang == "zh" else (ob.what_en, ob.who_en)
    if topic == "limit" and ob.limit:
        if lang == "zh":
            when = f"在“{ob.limit.start}”之前至少提前多久" if ob.limit.before else "时限是多久"
            return f"{who}“{what}”，{when}？（自“{ob.limit.start}”起算）"
        start = ob.limit.start_en or "the event"
        when = (
            f"at least how long before {start}"
            if ob.limit.before
            else f"within what time after {start}"
        )
        return f"“{what}” ({who}): {when}?"
    return (_ASK_ZH if lang == "zh" else _ASK_EN)[topic].format(what=what, who=who)


def _sentence(text: str, key: str, lang: str, ob: Obligation | None = None) -> str:
    """The sentence of the article that states `key` about the entry (the explanation quotes
    it): the one holding the entry's `states` phrase, else the one sharing most of its words."""
    text = re.sub(r"^(第[零一二三四五六七八九十百]+条|Article \d+)\s*", "", text.strip())
    parts = [p.strip() for p in re.split(r"(?<=[。；])" if lang == "zh" else r"(?<=[.;])\s+", text)]
    parts = [p for p in parts if states(p, key, lang)]
    if not parts:
        return text
    if ob is None:
        return parts[0]
    if lang == "zh":
        words = set(ob.what)
        return max(parts, key=lambda p: (ob.states in p, len(words & set(p))))
    words = {w for w in re.findall(r"[a-z]{4,}", ob.what_en.lower())}
    return max(parts, key=lambda p: len(words & set(re.findall(r"[a-z]{4,}", p.lower()))))


def _cite(rule: Rule, label: str, lang: str) -> tuple[str, str]:
    """(anchor, citation text) of an article in a language."""
    if lang == "zh":
        return label, f"《{rule.title_in('zh')}》{label}"
    number = chinese_number(label.removeprefix("第").removesuffix("条"))
    return f"article-{number}", f"{rule.title_in('en')}, Article {number}"


def _explain(fact: Fact, sentence: str, cite: str, lang: str) -> str:
    if lang == "zh":
        return f"{cite}规定：{sentence}正确答案是“{fact.shown}”。"
    return f"{cite}: “{sentence}” The answer is “{fact.shown}”."


# --- the bank --------------------------------------------------------------------------------


def _article(book: Handbook, ob: Obligation, lang: str) -> tuple[Rule, str, str, str] | None:
    """(rule, Chinese label, anchor, plain text) of the entry's stating article in `lang`."""
    rule_id, _, label = ob.article.partition("#")
    rule = book.rules_by_id.get(rule_id.zfill(2))
    if rule is None or not label:
        return None
    if lang != "zh" and not rule.body_en:
        return None
    anchor, _ = _cite(rule, label, lang)
    texts = {a: t for a, _, t in rule.article_texts(lang)}
    return (rule, label, anchor, texts[anchor]) if anchor in texts else None


def common_bodies(register: list[Obligation], lang: str) -> list[str]:
    """Who-distractors: bodies and posts the register names at least twice (not 被约谈人)."""
    names = [o.who if lang == "zh" else o.who_en for o in register]
    return sorted({n for n in names if n and names.count(n) >= 2})


def questions(book: Handbook, lang: str) -> list[Question]:
    """The whole bank of one language: single, multiple and true/false questions."""
    everyone = common_bodies(book.obligations, lang)
    out: list[Question] = []
    for ob in book.obligations:
        found = _article(book, ob, lang)
        if found is None:
            continue
        rule, label, anchor, text = found
        _, cite = _cite(rule, label, lang)
        facts = _facts(ob, text, lang, everyone)
        rng = random.Random(ob.id)
        base = {"lang": lang, "rule": rule.id, "article": label, "anchor": anchor, "cite": cite}
        for fact in facts:
            picks = rng.sample(fact.others, 3) if len(fact.others) >= 3 else list(fact.others)
            options = [(fact.shown, True), *((shown, False) for _, shown in picks)]
            rng.shuffle(options)
            out.append(
                Question(
                    id=f"{ob.id}-{fact.topic}",
                    kind="single",
                    topic=fact.topic,
                    text=_ask(ob, fact.topic, lang),
                    options=tuple(o for o, _ in options),
                    answer=tuple(i for i, (_, ok) in enumerate(options) if ok),
                    right=(fact.right,),
                    wrong=tuple(k for k, _ in picks),
                    explanation=_explain(fact, _sentence(text, fact.right, lang, ob), cite, lang),
                    **base,
                )
            )
        if facts:
            out.append(_true_false(ob, facts[0], rng, text, lang, base))
        if len(facts) >= 2:
            out.append(_multiple(ob, facts[:2], rng, text, lang, base))
    return out


_TOPIC_ZH = {"cadence": "周期", "count": "数量", "day": "日期", "limit": "时限", "who": "责任主体"}
_TOPIC_EN = {
    "cadence": "how often",
    "count": "how many",
    "day": "day",
    "limit": "time limit",
    "who": "who",
}


def _claim(ob: Obligation, fact: Fact, shown: str, lang: str, short: bool = False) -> str:
    """A statement of one fact; `short` leaves out the duty (the question already names it)."""
    what, who = (_inner(ob.what), ob.who) if lang == "zh" else (ob.what_en, ob.who_en)
    if lang == "zh":
        if fact.topic == "who":
            return f"由{shown}负责" if short else f"“{what}”由{shown}负责"
        topic = _TOPIC_ZH[fact.topic]
        return f"{topic}：{shown}" if short else f"{who}“{what}”的{topic}：{shown}"
    if fact.topic == "who":
        return f"responsible: {shown}" if short else f"“{what}” is the responsibility of: {shown}"
    topic = _TOPIC_EN[fact.topic]
    return f"{topic}: {shown}" if short else f"“{what}” ({who}), {topic}: {shown}"


def _true_false(
    ob: Obligation, fact: Fact, rng: random.Random, text: str, lang: str, base: dict
) -> Question:
    """A statement of the fact, right or with a distractor's value (chosen at random)."""
    true = rng.random() < 0.5
    wrong_key, wrong_shown = rng.choice(fact.others)
    claim = _claim(ob, fact, fact.shown if true else wrong_shown, lang)
    options = ("正确", "错误") if lang == "zh" else ("True", "False")
    prefix = "判断：" if lang == "zh" else "True or false: "
    sentence = _sentence(text, fact.right, lang, ob)
    return Question(
        id=f"{ob.id}-truefalse",
        kind="truefalse",
        topic=fact.topic,
        text=prefix + claim + ("。" if lang == "zh" else "."),
        options=options,
        answer=(0,) if true else (1,),
        right=(fact.right,),
        wrong=() if true else (wrong_key,),
        explanation=_explain(fact, sentence, base["cite"], lang),
        **base,
    )


def _multiple(
    ob: Obligation, facts: list[Fact], rng: random.Random, text: str, lang: str, base: dict
) -> Question:
    """Two facts of one entry: each stated rightly and with a distractor; pick the right ones."""
    options: list[tuple[str, bool, str]] = []
    for fact in facts:
        wrong_key, wrong_shown = rng.choice(fact.others)
        options.append((_claim(ob, fact, fact.shown, lang, True), True, fact.right))
        options.append((_claim(ob, fact, wrong_shown, lang, True), False, wrong_key))
    rng.shuffle(options)
    what, who = (_inner(ob.what), ob.who) if lang == "zh" else (ob.what_en, ob.who_en)
    if any(f.topic == "who" for f in facts):  # the question must not give the answer away
        who = ""
    ask = (
        f"关于{who}“{what}”，下列说法正确的有（多选）："
        if lang == "zh"
        else f"About “{what}”{f' ({who})' if who else ''}, which statements are right? "
        "(choose all that apply)"
    )
    sentences = dict.fromkeys(_sentence(text, f.right, lang, ob) for f in facts)
    shown = "”“".join(f.shown for f in facts)
    if lang == "zh":
        explanation = f"{base['cite']}规定：{''.join(sentences)}正确的是“{shown}”。"
    else:
        quoted = " ".join(sentences)
        explanation = f"{base['cite']}: “{quoted}” The right values are “{shown}”."
    return Question(
        id=f"{ob.id}-multiple",
        kind="multiple",
        topic="+".join(f.topic for f in facts),
        text=ask,
        options=tuple(o for o, _, _ in options),
        answer=tuple(i for i, (_, ok, _) in enumerate(options) if ok),
        right=tuple(k for _, ok, k in options if ok),
        wrong=tuple(k for _, ok, k in options if not ok),
        explanation=explanation,
        **base,
    )


def paper(bank: list[Question], key: str, size: int = 20) -> list[Question]:
    """A test paper: `size` questions drawn by a seed (the quarter, 2023Q1), varied in kind."""
    rng = random.Random(key)
    by_kind = {kind: [q for q in bank if q.kind == kind] for kind in KINDS}
    share = {"single": size // 2, "multiple": size // 4}
    share["truefalse"] = size - sum(share.values())
    chosen: list[Question] = []
    for kind in KINDS:
        pool = by_kind[kind]
        chosen += rng.sample(pool, min(share[kind], len(pool)))
    return chosen
