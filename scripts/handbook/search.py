"""Search: Chinese segmentation, and the per-language search indexes of the built site.

Material's search (lunr in a web worker) is kept, so search also works from `file://`. After
the build, the index it wrote is refined (`refine_index`) and its worker patched
(`patch_search_worker`):
- one index per language, so a reader gets results in the language of the page;
- one entry per rule article, so a result opens the article that matched;
- hidden fields with jieba's finer sub-words of the text (`keywords`: 党日 finds 主题党日) and of
  the title (`heading`), and ranking weights by field and by kind of page (`BOOSTS`);
- a query splitter that matches whole index words, ignores question words
  (data/search/stopwords.txt) and adds the handbook term for an everyday word
  (data/search/synonyms.yml: 红白喜事 finds 婚丧喜庆);
- around the worker's search: every word of an English query required, the landed page's
  highlighting limited to the query's whole terms, and a rule's matching article (not its
  metadata panel, which is not indexed as text) shown as the result's snippet.
`benchmarks/search.py` measures each choice against tests/search/queries.yml.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path

import jieba

from handbook import yamltext
from handbook.content import Handbook

# "plain" builds Material's search exactly as configured (jieba only), for comparisons.
MODE = os.environ.get("HANDBOOK_SEARCH", "tuned")
ZWSP = "\u200b"
_HAN = re.compile(r"[\u4e00-\u9fff]+")
# Files of the search's vocabulary, in the project's data folder.
SYNONYMS = Path("search") / "synonyms.yml"
STOPWORDS = Path("search") / "stopwords.txt"


def teach_jieba(book: Handbook, synonyms: dict[str, list[str]]) -> None:
    """Add glossary terms and synonyms so jieba keeps them whole (三会一课, not 三/会/一/课)."""
    for term in book.terms:
        jieba.add_word(term.zh, freq=20000)
    for canonical, variants in synonyms.items():
        for word in (canonical, *variants):
            if _HAN.fullmatch(word):
                jieba.add_word(word, freq=20000)


def load_synonyms(path: Path) -> dict[str, list[str]]:
    """Handbook term -> the everyday words people search for it with."""
    if not path.exists():
        return {}
    raw = yamltext.safe_load(path.read_text(encoding="utf-8-sig")) or {}
    return {str(k): [str(v) for v in vs] for k, vs in raw.items()}


class Segmenter:
    """jieba's words of Han runs, remembered by text.

    Within a build the same titles and sentences come back (both languages, a rule page and
    its articles); between `mkdocs serve` rebuilds almost every text comes back. The plugin
    keeps one per vocabulary (`vocabulary`: a hash of the words taught to jieba), so a changed
    glossary or synonym list starts afresh. Used without a plugin, one lives for one call.
    """

    def __init__(self, vocabulary: str = "") -> None:
        self.vocabulary = vocabulary
        self.cuts: dict[str, list[str]] = {}
        self.search_cuts: dict[str, list[str]] = {}
        self.word_bounds: dict[str, set[int]] = {}
        self.texts: dict[str, str] = {}  # whole texts as another segmenter (Material's) left them

    def cut(self, run: str) -> list[str]:
        """`jieba.cut(run)` as a list."""
        words = self.cuts.get(run)
        if words is None:
            words = self.cuts[run] = list(jieba.cut(run))
        return words

    def bounds(self, text: str) -> set[int]:
        """`word_bounds(text)`, remembered."""
        found = self.word_bounds.get(text)
        if found is None:
            found = self.word_bounds[text] = word_bounds(text)
        return found

    def cut_for_search(self, run: str) -> list[str]:
        """`jieba.cut_for_search(run)` (whole words and their sub-words) as a list."""
        words = self.search_cuts.get(run)
        if words is None:
            words = self.search_cuts[run] = list(jieba.cut_for_search(run))
        return words


def vocabulary(book: Handbook, synonyms: dict[str, list[str]], user_dict: Path | None) -> str:
    """A hash of every word taught to jieba: glossary terms, synonyms and the user dictionary."""
    digest = hashlib.sha256()
    for term in book.terms:
        digest.update(f"t\0{term.zh}\n".encode())
    digest.update(json.dumps(synonyms, ensure_ascii=False, sort_keys=True).encode())
    if user_dict is not None and user_dict.exists():
        digest.update(user_dict.read_bytes())
    return digest.hexdigest()


def remember_segmentation(search_plugin: object, segmenter: Segmenter) -> None:
    """Make Material's search plugin reuse `segmenter` for the texts it segments.

    Material runs jieba over every page's title and text for its index (`_segment_chinese`);
    its result for a text is kept in `segmenter.texts`, so a `mkdocs serve` rebuild segments
    only the texts that changed. The result is Material's own, so the index is unchanged.
    """
    method = getattr(search_plugin, "_segment_chinese", None)
    if method is None:
        return
    original = getattr(method, "__wrapped__", method)

    def segment_chinese(data: str) -> str:
        done = segmenter.texts.get(data)
        if done is None:
            done = segmenter.texts[data] = original(data)
        return done

    segment_chinese.__wrapped__ = original  # type: ignore[attr-defined]
    search_plugin._segment_chinese = segment_chinese  # type: ignore[attr-defined]


def word_bounds(text: str) -> set[int]:
    """Offsets where jieba puts a word boundary (Chinese has no spaces to match on)."""
    bounds = {0, len(text)}
    for _, start, end in jieba.tokenize(text):
        bounds.update((start, end))
    return bounds


def contains_word(text: str, word: str) -> bool:
    """Whether `word` occurs in Chinese `text` as a whole word (党组 is not in 党组织)."""
    bounds = None
    start = text.find(word)
    while start >= 0:
        bounds = bounds or word_bounds(text)
        if start in bounds and start + len(word) in bounds:
            return True
        start = text.find(word, start + 1)
    return False


# Material 9.x's search worker splits a Chinese query into words of the index with a function
# that (a) stops one character short of the end (`o<t.length`), so the last word is never whole,
# and (b) gives up at the first character it does not know, so "几个党员可以成立党支部" finds
# nothing. We replace it in the built worker by forward maximum matching over the index's words
# that skips unknown characters and question words (data/search/stopwords.txt). If a Material
# update changes the function, the build fails here instead of silently searching worse.
_SPLITTER = re.compile(
    r"function (\w+)\(t,e\)\{let r=new Set,n=new Uint16Array\(t\.length\);.*?"
    r'return r\.has\(""\)\?new Set\(\[t\]\):r\}'
)
# Forward maximum matching over the index's words (e) and the everyday words (Y). Each word
# brings its own sub-words (志愿服务: 志愿, 服务), because jieba cut the same text differently in
# different sentences, and the handbook terms an everyday word stands for (Y: 红白喜事 -> 婚丧喜庆).
# The whole words (not the sub-words, not single characters) and the handbook terms they stand
# for are also collected in `{name}.whole`, for highlighting (see `_SEARCH_WRAPPER`).
_REPLACEMENT = """function {name}(t,e){{const S=new Set({stop}),Y={synonyms},r=new Set,
H={name}.whole||({name}.whole=new Set);
const K=w=>w in e||w in Y;
const L=(s,i,m)=>{{for(let j=Math.min(s.length,i+m);j>i;j--)if(K(s.slice(i,j)))return j-i;
return 0}};
const A=w=>{{if(S.has(w))return;w in e&&r.add(w);(Y[w]||[]).forEach(c=>r.add(c))}};
const W=w=>{{if(S.has(w))return;w.length>1&&w in e&&H.add(w);
(Y[w]||[]).forEach(c=>c.length>1&&H.add(c))}};
let i=0;while(i<t.length){{const b=L(t,i,t.length);if(!b){{i++;continue}}
const w=t.slice(i,i+b);A(w);W(w);
if(b>2){{let k=0;while(k<b){{const c=L(w,k,b-1);if(c>1)A(w.slice(k,k+c));k+=Math.max(c,1)}}}}i+=b}}
return r.size?r:new Set([t])}}"""
# Every word is a word of the index, so it is matched exactly: Material's trailing wildcard
# ("党员*") let rare long words (党员活动室) outrank the page that answers the question. The
# words are set apart by spaces from what is around them, so "Word模板" searches "Word" and
# 模板, not the glued "Word模板" that no page holds.
_WILDCARD_JOIN = '[...{name}(s,this.index.invertedIndex)].join("* ")'
_EXACT_JOIN = '" "+[...{name}(s,this.index.invertedIndex)].join(" ")+" "'
# Material's `search(query)` is renamed (`_SEARCH_METHOD`) and wrapped by `__hbSearch`:
# 1. English queries of several words require every word (lunr's `+word`): "party dues" lists
#    the pages holding both words, not the 66 holding either. Stop words (lunr's English list:
#    "when is the…") stay optional, the trailing wildcard stays ("meeting" finds "meetings"),
#    and queries written in lunr's syntax are left alone. Chinese queries keep their
#    segmentation: requiring every sub-word the splitter adds would lose the answering pages.
# 2. In a Chinese query, the Han runs are set apart and the other terms lose their leading
#    punctuation (not lunr's syntax), as the index's trimmer did to the text:
#    机关党委发〔2023〕13号 finds the "2023〕13" of rule 05.
# 3. Highlighting stays on, limited to whole query terms. A result's `terms` become the `?h=`
#    list of its link, and Material marks every occurrence of each on the landed page; the
#    worker's terms were every sub-word and single character the splitter searched for
#    (主题党日: 主题, 党日…), so a page lit up with dozens of unrelated marks. Kept: the Chinese
#    words of two or more characters as found whole in the query (and the handbook term an
#    everyday word stands for: 红白喜事 marks 婚丧喜庆), and the query's English words other than
#    stop words and single letters. Marking the reader's own words where they occur is what
#    makes the landed article easy to find; switching highlighting off would lose that.
# 4. A page entry without text of its own (a rule page: its metadata panel is not indexed) is
#    put behind its sections, so Material shows the best matching article as the snippet under
#    the rule's title instead of an empty teaser.
_SEARCH_METHOD = "}search(e){"
_SEARCH_RENAMED = "}search(e){return __hbSearch(this,e)}__hbOriginal(e){"
_SEARCH_WRAPPER = r"""function __hbSearch(x,q){{{name}.whole=new Set;
const sep=lunr.tokenizer.separator,stop=w=>!lunr.stopWordFilter(w.toLowerCase());
const words=q.replace(/\p{{sc=Han}}+/gu," ").split(sep).filter(w=>w);
if(!/\p{{sc=Han}}/u.test(q)&&!/(^|\s)[+-]|[*~^:"]/.test(q)&&words.length>1)
q=words.map(w=>stop(w)?w:"+"+w+"*").join(" ");
else if(/\p{{sc=Han}}/u.test(q))q=q.replace(/\p{{sc=Han}}+/gu," $& ").split(/\s+/)
.map(w=>w.replace(/^[^\w\p{{sc=Han}}+\-*"]+/u,"")).join(" ");
const res=x.__hbOriginal(q),whole=new Set([...{name}.whole,
...words.filter(w=>w.length>1&&!stop(w)).map(w=>w.toLowerCase())]);
for(const g of res.items||[]){{for(const d of g)d.terms=Object.fromEntries(
Object.entries(d.terms||{{}}).filter(([k])=>whole.has(k.toLowerCase())));
const p=g.findIndex(d=>!d.location.includes("#"));
if(p>=0&&!g[p].text&&g.length>1)g.push(...g.splice(p,1))}}
return res}}"""
_MARK = "/*handbook-splitter*/"


def load_stopwords(path: Path) -> list[str]:
    """Question words and particles the search ignores."""
    lines = path.read_text(encoding="utf-8-sig").splitlines() if path.exists() else []
    return [w.strip() for w in lines if w.strip() and not w.startswith("#")]


def patch_search_worker(
    site_dir: Path, stopwords: list[str], synonyms: dict[str, list[str]]
) -> dict[str, str]:
    """Replace the built search worker's Chinese query splitter (see the comment above).

    The patched worker is saved under a name carrying the hash of its own content, and every
    page is pointed at it: nginx caches hashed names for a year, so a worker whose stopwords
    or synonyms changed must never keep the old name. Returns old name -> new name.
    """
    folder = site_dir / "assets" / "javascripts" / "workers"
    workers = sorted(folder.glob("search.*.min.js"))
    if not workers:
        raise FileNotFoundError(f"no Material search worker under {site_dir}")
    renamed: dict[str, str] = {}
    for worker in workers:
        code = worker.read_text(encoding="utf-8")
        if _MARK in code:
            continue
        match = _SPLITTER.search(code)
        if not match:
            raise RuntimeError(f"{worker.name}: Material's query splitter changed; review the fix")
        name = match.group(1)
        # Everyday word -> the handbook terms it stands for (only Chinese ones: the query
        # splitter sees Han runs; English synonyms are added to the index instead).
        variants: dict[str, list[str]] = {}
        for canonical, words in synonyms.items():
            if _HAN.fullmatch(canonical):
                for word in words:
                    variants.setdefault(word, []).append(canonical)
        body = _REPLACEMENT.format(
            name=name,
            stop=json.dumps(stopwords, ensure_ascii=False),
            synonyms=json.dumps(variants, ensure_ascii=False),
        )
        body += _SEARCH_WRAPPER.format(name=name)
        code = code[: match.start()] + _MARK + body.replace("\n", "") + code[match.end() :]
        if code.count(_SEARCH_METHOD) != 1:
            raise RuntimeError(f"{worker.name}: Material's search method changed; review the fix")
        code = code.replace(_SEARCH_METHOD, _SEARCH_RENAMED)
        if _WILDCARD_JOIN.format(name=name) not in code:
            raise RuntimeError(f"{worker.name}: Material's query builder changed; review the fix")
        code = code.replace(_WILDCARD_JOIN.format(name=name), _EXACT_JOIN.format(name=name))
        digest = hashlib.sha256(code.encode("utf-8")).hexdigest()[:8]
        target = worker.with_name(f"search.{digest}.min.js")
        target.write_text(code, encoding="utf-8")
        if target != worker:
            worker.unlink()
            renamed[worker.name] = target.name
    if renamed:
        point_pages_at(site_dir, renamed)
    return renamed


def point_pages_at(site_dir: Path, renamed: dict[str, str]) -> None:
    """Replace every reference to a renamed asset in the site's pages and scripts."""
    for path in [*site_dir.rglob("*.html"), *site_dir.rglob("*.js")]:
        text = path.read_text(encoding="utf-8")
        changed = text
        for old, new in renamed.items():
            changed = changed.replace(old, new)
        if changed != text:
            path.write_text(changed, encoding="utf-8")


# --- refining the built index -----------------------------------------------------------------


def segment(text: str, seg: Segmenter | None = None) -> str:
    """Text with U+200B between jieba's words in Han runs, as Material's search plugin does."""
    seg = seg or Segmenter()

    def cut(match: re.Match) -> str:
        return ZWSP + ZWSP.join(seg.cut(match.group(0))) + ZWSP

    return _HAN.sub(cut, text).strip(ZWSP)


def keywords(text: str, synonyms: dict[str, list[str]], seg: Segmenter | None = None) -> str:
    """Hidden index words: jieba sub-words (主题党日: 主题, 党日) and synonyms of terms present."""
    seg = seg or Segmenter()
    plain = text.replace(ZWSP, "")
    words: dict[str, None] = {}
    for run in _HAN.findall(plain):
        for word in seg.cut_for_search(run):
            if len(word) > 1:
                words[word] = None
    lowered = plain.lower()
    for canonical, variants in synonyms.items():
        if not _HAN.search(canonical) and canonical.lower() in lowered:
            words.update(dict.fromkeys(variants))
    return ZWSP.join(words)


# Ranking weight by kind of page: the rules answer most questions; generated overviews (ledger
# figures, the matrix, the glossary) mention every word and would otherwise crowd them out.
BOOSTS = (
    (re.compile(r"^rules/\d\d\.html"), 3.0),
    (re.compile(r"^templates/(?!index)"), 2.0),
    (re.compile(r"^duties/[A-Z]\d\.html"), 1.5),
    (re.compile(r"^(ledgers/|duties/matrix|about/glossary)"), 0.3),
)


def title_words(title: str, seg: Segmenter | None = None) -> str:
    """A title's jieba sub-words (党支部书记职责清单: 支部, 书记...), weighted like a title."""
    seg = seg or Segmenter()
    plain = re.sub(r"<[^>]+>", "", title.replace(ZWSP, ""))
    words: dict[str, None] = {}
    for run in _HAN.findall(plain):
        words.update(dict.fromkeys(w for w in seg.cut_for_search(run) if len(w) > 1))
    return ZWSP.join(words)


def boost_of(location: str) -> float:
    """Ranking weight of an index entry by the kind of page it belongs to."""
    return next((weight for pattern, weight in BOOSTS if pattern.match(location)), 1.0)


# A run without Han characters or spaces that holds a digit: document numbers and dates.
_NUMBER = re.compile(r"[^\s\u200b\u4e00-\u9fff]*\d[^\s\u200b\u4e00-\u9fff]*")


def section_names(docs: list[dict], prefix: str, seg: Segmenter | None = None) -> dict[str, str]:
    """Page -> hidden words naming its section (templates/x.html: "Templates"; 报告, 模板).

    A reader names the kind of page with its subject ("half-year report template"); in an
    English query every word is required, so each page is indexed with its section's name.
    """
    pages = [d["location"][len(prefix) :] for d in docs if d["location"].startswith(prefix)]
    titles = {
        d["location"][len(prefix) : -len("index.html")]: d["title"]
        for d in docs
        if re.fullmatch(rf"{re.escape(prefix)}[\w-]+/index\.html", d["location"])
    }
    names: dict[str, str] = {}
    for page in pages:
        folder = page.rpartition("/")[0] + "/"
        if "#" not in page and folder in titles and not page.endswith("/index.html"):
            plain = re.sub(r"<[^>]+>", "", titles[folder].replace(ZWSP, ""))
            names[page] = ZWSP.join(filter(None, [plain, title_words(plain, seg)]))
    return names


def not_current(location: str) -> bool:
    """Earlier editions and their compare pages stay out of search (their front matter says
    so; this holds even for a page that forgets): search finds the rules in force."""
    return location.startswith(("rules/editions/", "rules/compare/"))


def refine_index(
    data: dict,
    book: Handbook,
    lang: str,
    synonyms: dict[str, list[str]],
    prefix: str = "",
    seg: Segmenter | None = None,
) -> dict:
    """This language's entries of the shared index, with article entries and hidden keywords.

    `prefix` is the language's folder ("en/"); it is removed from locations because each
    language's pages load the index of their own folder. `seg` remembers jieba's words.
    """
    seg = seg or Segmenter()
    rules = {f"rules/{rule.id}.html": rule for rule in book.rules}
    # Only where every word of a query is required (English): in Chinese, 制度汇编 on every
    # rule page let the rules crowd out the rule index (measured with benchmarks/search.py).
    sections = section_names(data["docs"], prefix, seg) if lang != "zh" else {}
    docs = []
    for doc in data["docs"]:
        location = doc["location"]
        if prefix and not location.startswith(prefix):
            continue
        if not prefix and re.match(r"^[a-z]{2}/", location):
            continue
        doc = {**doc, "location": location[len(prefix) :]}
        if not_current(doc["location"]):
            continue
        page, _, anchor = doc["location"].partition("#")
        rule = rules.get(page)
        if rule and anchor and re.match(r"^(第|chapter-)", anchor):
            doc["text"] = ""  # the chapter's text is indexed article by article below
        doc["keywords"] = keywords(doc["title"] + " " + doc["text"], synonyms, seg)
        if rule and not anchor:  # the page entry stands for the whole rule
            whole = " ".join(text for _, _, text in rule.article_texts(lang))
            # Its own text is the metadata panel (status, document number, dates, downloads):
            # shown as a result's snippet it hid the article that matched, and its "下载…Word"
            # line answered every download query. The panel's words stay findable as hidden
            # keywords (a document number still finds its rule); the text shown is empty, so
            # the patched worker shows the best matching article instead (`_SEARCH_WRAPPER`).
            panel = re.sub(r"<[^>]+>", " ", doc["text"])
            numbers = _NUMBER.findall(panel)  # 〔2023〕11, 2023-04-20: unsegmented, as typed
            doc["keywords"] = ZWSP.join(
                [keywords(f"{doc['title']} {panel} {whole}", synonyms, seg), *numbers]
            )
            doc["text"] = ""
        if not anchor and page in sections:  # "half-year report template": the section's name
            doc["keywords"] = ZWSP.join(filter(None, [doc["keywords"], sections[page]]))
        doc["heading"] = title_words(doc["title"], seg)
        doc["boost"] = boost_of(doc["location"])
        docs.append(doc)
        if rule and not anchor:
            for article_anchor, label, text in rule.article_texts(lang):
                html = "".join(f"<p>{_escape(line)}</p>" for line in text.splitlines())
                docs.append(
                    {
                        "location": f"{page}#{article_anchor}",
                        "title": label,
                        "text": segment(html, seg),
                        "keywords": keywords(text, synonyms, seg),
                        "boost": boost_of(page),
                    }
                )
    for term in book.terms:  # each glossary term is a result of its own, linking to its row
        name, note = (term.zh, term.note_zh) if lang == "zh" else (term.en, term.note_en)
        docs.append(
            {
                "location": f"about/glossary.html#{term.zh}",
                "title": segment(name, seg),
                "text": segment(f"<p>{_escape(note)}</p>", seg),
                "keywords": keywords(name, synonyms, seg),
                "heading": title_words(name, seg),
                "boost": 1.0,
            }
        )
    # Field weights chosen with benchmarks/search.py (title 1000 let any word of a title outrank
    # the article that answers the question).
    fields = {
        "title": {"boost": 3.0},
        "text": {"boost": 1.0},
        "tags": {"boost": 1e6},
        "keywords": {"boost": 0.5},
        "heading": {"boost": 2.0},
    }
    config = {
        **data["config"],
        "fields": fields,
        "lang": ["zh", "en"] if lang == "zh" else ["en"],
        # No stemmer: the worker stems the index but not every query term ("dues" never found
        # "due"), and jieba already gives Chinese its words. Measured in benchmarks/search.py.
        "pipeline": [],
    }
    return {"config": config, "docs": docs}


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def write_language_indexes(
    site_dir: Path,
    book: Handbook,
    languages: dict[str, str],
    synonyms: dict[str, list[str]],
    seg: Segmenter | None = None,
) -> None:
    """Split site/search/search_index.json into one refined index per language folder.

    `languages` maps language -> folder prefix ("" for the default, "en/" for English).
    Also writes the `search_index.js` twin the offline plugin uses from `file://`.
    """
    shared = site_dir / "search" / "search_index.json"
    data = json.loads(shared.read_text(encoding="utf-8"))
    if "keywords" in data["config"]["fields"]:
        return  # already refined (the i18n plugin runs post-build events more than once)
    for lang, prefix in languages.items():
        refined = json.dumps(
            refine_index(data, book, lang, synonyms, prefix, seg),
            ensure_ascii=False,
            separators=(",", ":"),
        )
        folder = site_dir / prefix / "search"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "search_index.json").write_text(refined, encoding="utf-8")
        (folder / "search_index.js").write_text(f"var __index = {refined}", encoding="utf-8")
