"""Reading a method label that is no known label: word stems and content-word sets compared
with each method's labels, by a declared rule, never guessed.

The rule, in full:

1. A label is cut into words; stop words (``STOP_WORDS``) go. Each word is stemmed with the
   Snowball stemmer of its script (Russian for Cyrillic, English otherwise), and words that
   name the same thing (``SAME_WORDS``: client/customer/клиент, plant/завод, …) share a stem.
2. A word names a stem of the methods' labels when its stem is one, or else when it is a typo
   of one (Damerau edit distance 1 between the stems, both at least ``TYPO_MIN_STEM``
   letters, or between the words as written, both at least ``TYPO_MIN_WORD``), or else when it
   is an abbreviation of one (a word of at least 3 letters written with a full stop, "Prev.",
   that begins a word of the labels). A typo or an abbreviation counts only when it names one
   stem. A Russian adjective in -ный names its noun (бартерный, бартер). A hyphenated word
   ("Counter-trde") is read joined when that names a stem, else as its parts.
3. A method's score for a label: for each of its labels and synonyms (a *key*, a set of
   stems), (key stems the label names + label words the method's keys name) ÷ (key stems +
   label words). Words in ``FILLER_WORDS`` ("client", "organisation of") need not be named,
   are not counted among the label's words and name nothing (a visit *to* a client is no
   client's visit); words in ``OBJECT_WORDS`` ("product") need not be named either, but
   count where they name a key's stem. The method's score is its best key's.
4. A method is read only when its score is 1 (every stem of one of its keys named, every
   word of the label named by its keys), every other method scores at most 1 − ``MARGIN``
   and no other method has a key named whole ("Product and delivery guarantees" names two).
   Anything else is a question, with the methods scoring at least ``SUGGEST_MIN`` as
   suggestions, best first.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import snowballstemmer

MARGIN = 0.2  # how far every other method must stay below the one read
SUGGEST_MIN = 0.5  # the lowest score offered as a suggestion
SUGGEST_LIMIT = 3
TYPO_MIN_STEM = 5  # letters of both stems for a typo between them
TYPO_MIN_WORD = 6  # letters of both words as written for a typo between them
ABBREVIATION_MIN = 3

STOP_WORDS = frozenset("""
a an the and or of to for with on in at by from as per via into onto about s t
our ours their its his her your my we us is are be been being this that these those
и или а в во на с со по для к ко от о об обо у за из до при под над через
наш наша наше наши нашего нашей наших нашим нашими нашем нашу их его ее
""".split())

# Words a manager adds around a method's name that name no method themselves.
FILLER_WORDS = frozenset("""
client clients customer customers account accounts key supplier company
organisation organization organising organizing session sessions programme program deal deals
клиент клиента клиенту клиентом клиенте клиенты клиентов клиентам клиентами
ключевой ключевого ключевому ключевым ключевых заказчик заказчика заказчику заказчиком
поставщик поставщика компания компании организация организации проведение проведения
сделка сделки сделок
""".split())

# Words for what the supplier sells: any method's label may carry them ("Fewer product
# defects"), and they count where a method's own label has them ("Product guarantees").
OBJECT_WORDS = frozenset("""
product products goods equipment продукт продукта продукты продукция продукции товар товары
товаров оборудование оборудования
""".split())

# Words that name the same thing, each group read as its first word.
SAME_WORDS: tuple[tuple[str, ...], ...] = (
    ("client", "customer", "account", "клиент", "заказчик", "покупатель"),
    ("site", "plant", "factory", "завод", "предприятие", "производство", "площадка",
     "фабрика"),
    ("visit", "визит", "посещение"),
    ("fast", "quick", "rapid", "prompt", "express", "speedy", "оперативный", "быстрый",
     "срочный"),
    ("guarantee", "guaranteed", "гарантия", "гарантированный"),
    ("delivery", "shipment", "доставка", "поставка"),
    ("staff", "employee", "personnel", "персонал", "сотрудник", "кадры", "работник"),
    ("training", "обучение", "тренинг", "подготовка"),
    ("reduction", "сокращение", "снижение", "уменьшение"),
    ("defect", "брак"),
    ("contract", "agreement", "контракт", "договор"),
    ("sale", "sell", "selling", "продажа"),
    ("demonstration", "demo", "демонстрация", "демо"),
    ("help", "assistance", "support", "помощь", "содействие"),
    ("automatic", "automated", "computerised", "computerized", "автоматический",
     "автоматизированный", "компьютеризированный"),
    ("advice", "advise", "recommendation", "рекомендация", "консультация"),
    ("cooperation", "collaboration", "сотрудничество"),
    ("joint", "together", "совместный", "совместно"),
    ("reliable", "reliability", "надежный", "надежность"),
    ("loan", "заем", "займ"),
    ("credit", "кредит", "кредиты"),  # the Russian stemmer cuts "кредит" to "кред"
    ("obtain", "get", "получение", "получить"),
    ("service", "servicing", "сервис", "обслуживание", "услуга"),
    ("product", "продукт", "продукция", "товар"),
    ("response", "respond", "реакция", "реагирование", "реагировать"),
)

_STEMMERS = {"en": snowballstemmer.stemmer("english"), "ru": snowballstemmer.stemmer("russian")}
_CYRILLIC = re.compile(r"[а-я]")
_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*(\.)?")


def folded(text: object) -> str:
    """Return ``text`` folded for comparing words: NFKC, case, ё as е, & as 'and'."""
    s = unicodedata.normalize("NFKC", str(text)).casefold().replace("ё", "е")
    return s.replace("&", " and ")


@functools.lru_cache(maxsize=65_536)
def _raw_stem(word: str) -> str:
    return _STEMMERS["ru" if _CYRILLIC.search(word) else "en"].stemWord(word)


_SAME = {_raw_stem(w): _raw_stem(group[0]) for group in SAME_WORDS for w in group}


def stem(word: str) -> str:
    """Return the stem a folded word is compared by (words of one ``SAME_WORDS`` group share
    one)."""
    raw = _raw_stem(word)
    return _SAME.get(raw, raw)


_FILLERS = frozenset(stem(w) for w in FILLER_WORDS)
_OBJECTS = frozenset(stem(w) for w in OBJECT_WORDS)


@dataclass(frozen=True)
class Word:
    text: str  # folded, as written
    abbreviated: bool  # written with a full stop after it


def label_words(text: object) -> tuple[Word, ...]:
    """Return the words of a label that can name something: stop words left out."""
    out = []
    for m in _WORD.finditer(folded(text)):
        word = m.group(0).rstrip(".")
        if word not in STOP_WORDS:
            out.append(Word(word, m.group(1) is not None))
    return tuple(out)


def _deletes(s: str) -> set[str]:
    return {s[:i] + s[i + 1:] for i in range(len(s))}


def _is_typo(a: str, b: str, stems: bool) -> bool:
    """Return whether a and b differ by one typo: a letter inserted, dropped, changed or two
    swapped; but a stem cut short is no typo of a longer one ("quota", "quotat"), nor a stem
    with its last letter changed ("trail", "train"), nor a word of up to 6 letters with one of
    its last two changed or a longer one with its last ("quotas", "quotes": another
    ending)."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    short, long = sorted((a, b), key=len)
    if stems and long.startswith(short):
        return False
    if len(a) != len(b):
        return any(long[:i] + long[i + 1:] == short for i in range(len(long)))
    diff = [i for i in range(len(a)) if a[i] != b[i]]
    if len(diff) == 1:
        return diff[0] < len(a) - (1 if stems or len(a) > 6 else 2)
    return (len(diff) == 2 and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])


def _sort(word: str) -> str:
    """Return what a word does in a label: 'filler', 'object' or 'content'."""
    s = stem(word)
    return "filler" if s in _FILLERS else "object" if s in _OBJECTS else "content"


class LabelIndex:
    """The methods' labels as stem sets, indexed once to score any label against all of them."""

    def __init__(self, keys: Mapping[str, Iterable[str]]):
        self._keys: dict[str, list[frozenset[str]]] = {}
        self._vocab: dict[str, frozenset[str]] = {}
        self._written: dict[str, str] = {}  # every word of the keys as written → its stem
        for method_id, texts in keys.items():
            sets = []
            for text in texts:
                parts = [p for w in label_words(text) for p in w.text.split("-")
                         if p not in STOP_WORDS]
                for w in parts:
                    self._written[w] = stem(w)
                stems = frozenset(stem(p) for p in parts)
                if stems:
                    sets.append(stems)
            self._keys[method_id] = sets
            self._vocab[method_id] = frozenset().union(*sets)
        self._stems = frozenset().union(*self._vocab.values())
        self._by_stem: dict[str, set[str]] = {}
        for method_id, vocab in self._vocab.items():
            for s in vocab:
                self._by_stem.setdefault(s, set()).add(method_id)
        # Typo look-ups by deletion neighbours: a word's candidates in one dictionary hit.
        self._raw_stems = {_raw_stem(w): s for w, s in self._written.items()}
        self._near_stem = self._neighbours(self._raw_stems, TYPO_MIN_STEM)
        self._near_word = self._neighbours(self._written, TYPO_MIN_WORD)
        self._sorted_written = sorted(self._written)
        self._order = {method_id: i for i, method_id in enumerate(keys)}
        # Per word and per label, remembered: 10,000 labels share most of their words.
        self.named_stem = functools.lru_cache(maxsize=65_536)(self._named_stem)
        self.scores = functools.lru_cache(maxsize=65_536)(self._scores)

    @staticmethod
    def _neighbours(forms: dict[str, str], minimum: int) -> dict[str, set[str]]:
        out: dict[str, set[str]] = {}
        for form in forms:
            if len(form) >= minimum:
                for key in {form} | _deletes(form):
                    out.setdefault(key, set()).add(form)
        return out

    @staticmethod
    def _typo_of(form: str, near: dict[str, set[str]], to_stem: dict[str, str],
                 minimum: int, stems: bool) -> set[str]:
        if len(form) < minimum:
            return set()
        found = set()
        for key in {form} | _deletes(form):
            found |= {c for c in near.get(key, ()) if _is_typo(form, c, stems)}
        return {to_stem[c] for c in found}

    def _named_stem(self, word: Word) -> str | None:
        """Return the stem of the methods' labels a word names (itself, a typo of it or an
        abbreviation of it), or None."""
        if "-" in word.text:
            return self.named_stem(Word(word.text.replace("-", ""), word.abbreviated))
        s = stem(word.text)
        if s in self._stems:
            return s
        raw = _raw_stem(word.text)
        if _CYRILLIC.search(raw) and len(raw) >= 5:
            # A Russian adjective in -ный names its noun: бартерный, бартер.
            for other in (raw[:-1] if raw.endswith("н") else "", raw + "н"):
                if _SAME.get(other, other) in self._stems:
                    return _SAME.get(other, other)
        typos = (self._typo_of(_raw_stem(word.text), self._near_stem, self._raw_stems,
                               TYPO_MIN_STEM, stems=True)
                 | self._typo_of(word.text, self._near_word, self._written, TYPO_MIN_WORD,
                                 stems=False))
        if len(typos) == 1:
            return typos.pop()
        if typos or not word.abbreviated or len(word.text) < ABBREVIATION_MIN:
            return None
        i = bisect.bisect_left(self._sorted_written, word.text)
        begun = set()
        while i < len(self._sorted_written) and self._sorted_written[i].startswith(word.text):
            begun.add(self._written[self._sorted_written[i]])
            i += 1
        return begun.pop() if len(begun) == 1 else None

    def _scores(self, text: str) -> dict[str, tuple[float, tuple[frozenset[str], ...]]]:
        """Return every method's score for a label (only methods above 0) and its keys the
        label names whole."""
        named: list[tuple[str | None, str]] = []  # per word: the stem it names, its sort
        for word in label_words(text):
            joined = Word(word.text.replace("-", ""), word.abbreviated)
            parts = [word] if "-" not in word.text or self.named_stem(joined) else [
                Word(p, word.abbreviated) for p in word.text.split("-") if p not in STOP_WORDS]
            named += [(self.named_stem(p), _sort(p.text)) for p in parts]
        content = [s for s, sort in named if sort == "content"]
        if not content:
            return {}
        stems = {s for s, sort in named if s is not None and sort != "filler"}
        methods = set().union(*(self._by_stem.get(s, ()) for s in stems))
        out = {}
        for method_id in methods:
            vocab = self._vocab[method_id]
            explained = sum(1 for s in content if s in vocab)
            keys = self._keys[method_id]
            out[method_id] = (max((len(key & stems) + explained) / (len(key) + len(content))
                                  for key in keys), tuple(key for key in keys if key <= stems))
        return out

    @staticmethod
    def _two_read(scores: dict[str, tuple[float, tuple[frozenset[str], ...]]], best: str
                  ) -> bool:
        """Return whether another method's key is named whole beside the best one's, and is no
        part of it ("on-time delivery" is part of "just-in-time delivery")."""
        mine = scores[best][1]
        return any(not any(key <= k for k in mine)
                   for method_id, (_, whole) in scores.items() if method_id != best
                   for key in whole)

    def read(self, text: str) -> tuple[str | None, tuple[str, ...]]:
        """Return the method a label names by the rule (or None) and the suggestions, best
        first (the first is the one to offer)."""
        scores = self.scores(text)
        ranked = sorted(scores, key=lambda m: (-scores[m][0], self._order[m]))
        best = scores[ranked[0]][0] if ranked else 0.0
        runner_up = scores[ranked[1]][0] if len(ranked) > 1 else 0.0
        if best == 1.0 and runner_up <= 1.0 - MARGIN and not self._two_read(scores, ranked[0]):
            return ranked[0], (ranked[0],)
        return None, tuple(m for m in ranked[:SUGGEST_LIMIT] if scores[m][0] >= SUGGEST_MIN)
