"""Filler words: filled pauses ("um", "uh", ...) and discourse markers used as fillers.

The rules (see tests/data/LABELLING.md for the labelling guide they follow):

- Filled pauses are hesitation sounds in any spelling a recogniser or typist uses
  ("umm", "erm", "uhm", "hm", "mm" ...), normalised to um, uh, er, ah, hmm. Backchannels
  that mean "yes" ("uh-huh", "mm-hmm", "mhm") are not filled pauses.
- A discourse marker counts only when it carries no meaning where it stands. Transcripts
  from a recogniser have no punctuation, so the rules read the words around the marker:
  "i like" is a verb, "looks like" a comparison, "she was like why..." a quote, but
  "it was like really busy" and "like fifty patients" are fillers. Each marker's rule is
  a small function below with the contexts it accepts and rejects.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from mockinterview.analysis.text import Token
from mockinterview.lexicon import COMMON_IRREGULAR_PAST

FILLED_PAUSES = ("um", "uh", "er", "ah", "hmm")
DISCOURSE_MARKERS = ("like", "you know", "i mean", "so", "basically", "actually",
                     "literally", "kind of", "sort of", "right")

_FILLED_PATTERNS = (
    (re.compile(r"u+m+|u+h+m+|e+r+m+"), "um"),
    (re.compile(r"u+h+|u+r+"), "uh"),
    (re.compile(r"e+r+|e+h+r+"), "er"),
    (re.compile(r"a+h+|a+r+g*h+"), "ah"),
    (re.compile(r"h+m+|m{2,}|h+m+m+"), "hmm"),
)


_NOT_PAST = {"bed", "red", "shed", "need", "feed", "seed", "speed", "weed", "breed", "hundred",
             "sacred", "naked", "wicked", "wretched", "rugged", "ragged", "kindred", "bred",
             "fed", "led", "wed", "sled", "sped", "fled"}


def _past_verb(word: str) -> bool:
    """A past-tense verb by its shape ("transferred", "went")."""
    return word in COMMON_IRREGULAR_PAST or (len(word) > 4 and word.endswith("ed")
                                       and word not in _NOT_PAST and not word.endswith("eed"))


@lru_cache(maxsize=4096)  # asked for each neighbour of every marker: words repeat
def filled_pause(word: str) -> str | None:
    """The canonical filled pause a normalised word spells ("erm" -> "um"), else None."""
    w = word.strip("-")
    if not w or not w.isalpha() or len(w) > 8:
        return None
    for pattern, name in _FILLED_PATTERNS:
        if pattern.fullmatch(w):
            return name
    return None


@dataclass(frozen=True)
class FillerEvent:
    word: str  # canonical filler ("um", "you know")
    kind: str  # "filled" (filled pause) or "discourse"
    first: int  # position of its first token in the token list
    last: int  # position of its last token (multi-word fillers)
    index: int  # Transcript.words index of its first word
    end_index: int  # Transcript.words index of its last word
    text: str  # the words as said ("erm", "you know")
    start: float | None
    end: float | None

    def to_dict(self) -> dict:
        return {"word": self.word, "kind": self.kind, "text": self.text,
                "start": self.start, "end": self.end,
                "index": self.index, "end_index": self.end_index}


# ------------------------------------------------------------------ word classes

SUBJECTS = {"i", "you", "we", "they", "he", "she", "people", "patients", "customers",
            "kids", "children", "students", "everyone", "everybody", "parents", "staff",
            "doctors", "nurses", "clients", "users", "colleagues", "managers", "who",
            "i'd", "you'd", "we'd", "they'd", "he'd", "she'd", "i'll", "you'll", "we'll",
            "they'll", "would", "will", "might", "may", "could", "should", "must", "to",
            "do", "does", "did", "don't", "doesn't", "didn't", "not", "really", "also",
            "genuinely", "particularly", "especially", "definitely", "absolutely",
            "always", "never", "still", "both", "all", "most", "actually"}
_VERB_ADVERBS = {"really", "also", "just", "always", "never", "still", "genuinely",
                 "particularly", "especially", "definitely", "actually", "absolutely",
                 "honestly", "quite", "do", "did", "don't", "didn't", "would", "all"}
_PERSONS = {"i", "you", "we", "they", "he", "she"}
# Words after which "like" compares or gives an example ("looks like", "things like").
LIKE_PREPOSITION_LEFT = {
    "look", "looks", "looked", "looking", "seem", "seems", "seemed", "sound", "sounds",
    "sounded", "feel", "feels", "felt", "feeling", "something", "anything", "nothing",
    "everything", "someone", "somebody", "anyone", "things", "thing", "stuff", "more",
    "much", "less", "exactly", "lot", "alike", "act", "acted", "acting", "treat", "treated",
    "treating", "behave", "behaved", "dressed", "smell", "smells", "taste", "tastes", "just",
    "is", "isn't", "wasn't", "what's", "nothing's", "ones", "one", "other", "others",
    "almost"}  # "it's almost like it never happened": as if
BE = {"was", "were", "is", "are", "am", "i'm", "he's", "she's", "they're", "we're",
      "you're", "it's", "be", "being", "been", "'m", "goes", "go", "went"}
# Words that open a quote after "she was like" / "i'm like".
QUOTE_OPENERS = {"oh", "okay", "ok", "what", "why", "how", "hey", "no", "yes", "yeah",
                 "wow", "i", "you", "we", "please", "listen", "look", "wait", "sorry",
                 "where", "who", "can", "could", "are", "is", "do", "does", "did",
                 "hang", "come", "thank", "thanks", "excuse", "well",
                 "i'm", "you're", "we're", "can't", "don't", "that's", "this", "whoa"}
NUMBER_WORDS = {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
                "ten", "eleven", "twelve", "fifteen", "twenty", "thirty", "forty", "fifty",
                "sixty", "seventy", "eighty", "ninety", "hundred", "thousand", "a", "half",
                "dozen", "couple"}
DETERMINERS = {"a", "an", "the", "this", "that", "these", "those", "what", "which", "any",
               "some", "every", "no", "one", "other", "another", "each", "my", "your", "his",
               "her", "our", "their", "its", "all", "many", "whatever", "whichever", "two",
               "three", "several", "various", "both", "same", "different", "right", "wrong"}
# Adjectives that describe a kind or sort ("a different kind of", "the usual sort of").
KIND_ADJECTIVES = {"same", "different", "certain", "right", "wrong", "particular", "specific",
                   "new", "similar", "first", "only", "best", "worst", "usual", "exact",
                   "weird", "strange", "special", "good", "bad", "great", "main", "other",
                   "odd", "whole", "rare", "unusual", "common", "typical", "general"}
_OBJECT_PRONOUNS = {"you", "him", "her", "them", "me", "us"}
# After "you know" these begin an object or a complement: "know" is a real verb there.
KNOW_OBJECT_STARTERS = {"how", "who", "where", "why", "whether", "if", "the", "a", "an",
                        "about", "them", "him", "her", "me", "us", "your", "my", "his",
                        "their", "our", "these", "those", "each", "everyone", "everybody",
                        "everything", "someone", "something", "anything", "exactly",
                        "more", "better", "enough", "to", "when", "which", "all", "what",
                        "this", "most", "nothing", "none", "any", "some", "one", "nobody",
                        "many", "much", "lots", "best", "first", "now"}
_VERBISH = {"was", "is", "were", "are", "has", "had", "have", "'s", "would", "will", "can",
            "could", "did", "does", "do", "went", "got", "gets", "takes", "took", "wasn't",
            "isn't", "didn't", "doesn't"}
# "everybody you know", "the people you know": "know" is the verb of a relative clause.
_KNOW_RELATIVE_LEFT = {"everybody", "everyone", "anybody", "anyone", "somebody", "someone",
                       "nobody", "people", "person", "guy", "ones", "one", "friends"}
# Words that start a clause after a "you know" that only fills.
# "how" starts the object of "know" ("you know how easy it is"); "why", "where", "who" may
# open a question of the speaker's own ("some of that, you know, why has there been a delay").
_CLAUSE_OPENERS_AFTER_KNOW = {"if", "when", "because", "cause", "whether", "why", "where",
                              "who", "once", "so", "and", "but", "like", "first"}
_KNOW_VERB_LEFT = {"do", "did", "does", "don't", "didn't", "doesn't", "if", "as", "whether",
                   "though", "although",
                   "unless", "once", "what", "that", "which", "all", "everything",
                   "anything", "something", "nothing", "whatever", "who", "whom", "how",
                   "where", "when", "you'll", "will", "would", "might", "to", "let",
                   "making", "make", "sure", "i", "think", "guess", "bet", "hope", "believe",
                   "suppose", "assume", "bet", "wish"}
# After "right", these make it an adverb ("right now", "right after lunch"). Before a noun
# it is an adjective ("the right person"): a tag is followed by a new clause or nothing
# (TAG_NEXT), so nouns need no list.
RIGHT_NOT_TAG_NEXT = {
    "now", "away", "after", "afterwards", "before", "there", "here", "back", "next", "at",
    "in", "on", "into", "to", "from", "up", "down", "off", "through", "behind", "around",
    "out", "over", "under", "across", "by", "outside", "inside", "beside", "along",
    "between", "where", "then", "until", "till", "about", "of", "for", "with"}
RIGHT_NOT_TAG_PREV = {
    "the", "a", "that's", "thats", "it's", "you're", "youre", "we're", "they're", "he's",
    "she's", "i'm", "is", "are", "was", "were", "be", "been", "all", "just", "exactly",
    "quite", "very", "not", "so", "get", "got", "getting", "gets", "do", "did", "doing",
    "done", "does", "make", "made", "making", "turn", "turned", "turning", "left", "it",
    "them", "that", "absolutely", "totally", "perfectly", "dead", "spot", "your", "my",
    "his", "her", "their", "our", "on", "to", "go",
    "went", "keep", "kept", "put", "set", "feel", "feels", "felt", "seems", "seemed",
    "sounds", "look", "looks", "looked", "him", "things", "everything", "something",
    "this", "am", "isn't", "wasn't", "aren't", "weren't", "alright", "okay", "ok", "of"}
TAG_NEXT = {"and", "so", "but", "um", "uh", "er", "i", "we", "you", "he", "she", "they",
            "it", "because", "cause", "like", "there", "this", "that", "the", "then",
            "which", "anyway", "yeah", "my", "our", "if", "when", "well", "or", "me",
            "everyone", "nobody", "a", "an", "hmm", "ah", "erm", "she's", "he's", "it's",
            "i'm", "we're", "they're", "there's", "that's", "what", "who", "now"}
_OPENING_SKIP = {"well", "okay", "ok", "right", "alright", "yeah", "yes", "oh", "now",
                 "and", "um", "uh", "er", "ah", "hmm", "basically", "like", "actually",
                 "honestly"}
_CLAUSE_SUBJECTS = {"i", "we", "he", "she", "they", "there", "you", "i'm", "it's", "we're",
                    "there's", "that's", "they're", "he's", "she's"}
_CLAUSE_LINKS = {"and", "but", "or", "because", "cause", "that", "which", "who", "if",
                 "when", "while", "since", "although", "though", "whether", "where", "than",
                 "as", "so", "until", "unless"}
_LITERAL_VERBS = {"take", "took", "taken", "taking", "takes", "translate", "translated",
                  "translating", "interpret", "interpreted", "interpreting", "read",
                  "reading", "mean", "meant", "means", "quote", "quoted", "copied", "copy"}


# Bare verbs that can follow "to" (a "like" between them fills).
_BASE_VERBS = {"do", "get", "go", "make", "take", "be", "have", "see", "say", "talk", "check",
               "call", "help", "give", "put", "keep", "come", "find", "think", "look", "try",
               "ask", "tell", "work", "use", "start", "show", "write", "sit", "figure",
               "explain", "move", "run", "stop", "handle", "deal", "fix", "learn", "walk"}
# After "and/but/or", "like" + these compares ("and like most", "like everyone else").
_COMPARED = {"most", "many", "everyone", "everybody", "anyone", "others", "them", "him",
             "her", "me", "us", "that", "this", "those", "these"}


class _Ctx:
    """Look-ups around a token position; out of range reads as the empty string."""

    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.words = [t.text for t in tokens]

    def w(self, k: int) -> str:
        return self.words[k] if 0 <= k < len(self.words) else ""

    def filled(self, k: int) -> bool:
        return filled_pause(self.w(k)) is not None

    def at_answer_start(self, i: int, skip: set[str] = _OPENING_SKIP) -> bool:
        """Only openers ("well", "okay", "um", "and") come before position i."""
        return all(self.filled(k) or self.w(k) in skip for k in range(i))

    def at_answer_end(self, i: int) -> bool:
        """Only filled pauses and "yeah"/"so" tails follow position i."""
        return all(self.filled(k) or self.w(k) in {"yeah", "so", "really", "anyway"}
                   for k in range(i + 1, len(self.words)))


_QUANTITY_NOUNS = {"ton", "tons", "lot", "bunch", "couple", "few", "dozen", "hundred",
                   "thousand", "million", "handful", "billion", "half"}
_SAYING = {"said", "say", "says", "mentioned", "told", "explained", "was saying", "put", "do"}
# Not "it's": ", like it's a limousine" means "as if".
_CLAUSE_AFTER_LIKE = {"if", "when", "i", "you", "we", "they", "he", "she", "i'm", "we're",
                      "they're"}


def _like_is_filler(c: _Ctx, i: int, marked: set[int]) -> bool:
    tok = c.tokens[i]
    n1, n2 = c.w(i + 1), c.w(i + 2)
    if tok.punct_before == "," and tok.punct_after == ",":
        return True  # ", like," in typed text
    p1 = c.w(i - 1)
    if p1 == "like" or c.filled(i - 1) and p1 != "":
        # "um like", "like like": a filler unless a verb context sits before the pause.
        if p1 == "like" or c.w(i - 2) not in SUBJECTS:
            return True
    # Read past fillers already found: "i sort of like making coffee" is the verb.
    k = i - 1
    while k >= 0 and (k in marked or c.filled(k)):
        k -= 1
    p1, p2 = c.w(k), c.w(k - 1)
    if _past_verb(n1):
        return True  # "i like transferred him": no verb "like" takes a past tense after it
    if p1 == "to" and n1 in _BASE_VERBS:
        return True  # "i try to [like] do this": no verb "like" takes a bare verb after it
    if p1 in SUBJECTS and p1 not in {"do", "does", "did", "all", "most", "actually"}:
        return False  # verb: "i like", "would like", "patients like"
    if p1 in {"do", "does", "did", "don't", "didn't", "doesn't"}:
        return False
    if p1 in _VERB_ADVERBS and c.w(i - 2) in SUBJECTS | _PERSONS:
        return False  # "i really like", "we all like"
    if n1 in {"i", "you", "we", "he", "she", "they"} and n2 in _SAYING or \
            n1 in {"the", "my", "our", "his", "her", "their"} and c.w(i + 3) in _SAYING:
        return False  # "like i said", "like the neighbour said": a conjunction
    if n1 in {"a", "an"} and n2 in _QUANTITY_NOUNS:
        return True  # "like a ton more", "like a couple of weeks": before a quantity
    intensifier_next = (n1 in {"really", "very", "so", "super", "totally", "pretty", "kind",
                               "sort", "literally", "basically", "um", "uh", "just", "way",
                               "completely", "absolutely", "almost", "maybe", "around",
                               "about", "every", "all", "ten", "hundreds", "thousands"}
                        or n1.isdigit() or (n1 in NUMBER_WORDS and n1 not in {"a", "one"})
                        or c.filled(i + 1) or n1 == "")
    if p1 in LIKE_PREPOSITION_LEFT and p1 not in BE and p1 != "just":
        return False
    if p1 == "just":
        # "just like my last job" compares; "it was just like really busy" fills.
        return intensifier_next
    if p1 in BE or p1 in {"isn't", "wasn't"}:
        if n1 in QUOTE_OPENERS and p2 not in {"it", "there", "that", "this", "which"}:
            return False  # quotative: "she was like why is this late"
        if n1 in {"a", "an", "the", "this", "that", "these", "those", "in", "at", "on",
                  "when", "if", "my", "your", "his", "her", "our", "their", "being",
                  "having", "with", "for", "to", "there's", "there"} and p2 not in {"there"}:
            return False  # comparison: "it was like a zoo", "it's like when"
        return True
    if p1 in {"and", "but", "or"} and (n1 in _COMPARED or n1.endswith("ing") and c.w(i + 2) in
                                       {"", "which", "that", "is", "was", "and", "or"}):
        return False  # "too much pressure and like gambling", "and like most people"
    if p1 == "" or p1 in {"as", "and", "but", "or", "so", "because", "cause", "then", "with",
                          "about", "for", "in", "at", "of", "had", "have", "got", "get",
                          "took", "take", "there", "know", "mean", "yeah", "okay",
                          "basically", "actually", "literally", "right", "um", "uh",
                          "also", "even", "probably", "maybe", "around", "until", "after",
                          "before", "when", "while", "than", "since", "by", "from", "to",
                          "into", "over", "only", "almost", "now", "well", "saw", "see",
                          "needed", "wanted", "tried", "spent", "waited", "made", "did"}:
        return True
    if tok.sentence_start:
        return True
    if "," in tok.punct_before and n1 in _CLAUSE_AFTER_LIKE:
        return True  # "it was flexible, like I can work when I want": before a new clause
    # After any other word "like" usually compares ("tasks like scheduling").
    return intensifier_next and n1 not in {"about", "around", "every", "all", "a"}


def _you_know_is_filler(c: _Ctx, i: int) -> bool:
    """i = position of "you"; i+1 is "know". A filler wherever deleting it leaves the
    sentence grammatical: inside a sentence before a clause ("i was worried [you know] if
    they called", "[you know] the daughter was grateful"); not when "know" has its own
    subject context or object ("do you know", "everybody you know", "you know the system")."""
    p1, n1, n2 = c.w(i - 1), c.w(i + 2), c.w(i + 3)
    tok = c.tokens[i]
    if n1 == "what" and n2 == "i" and c.w(i + 4) == "mean":
        return p1 not in {"do", "did", "does", "don't", "didn't", "doesn't"}  # a tag
    # "that" after a preposition is a pronoun ("some of that you know"), no relative
    # pronoun making "know" the verb of "the system that you know".
    that_pronoun = p1 == "that" and c.w(i - 2) in {"of", "about", "with", "on", "for", "in",
                                                     "at", "like", "into", "from", "to"}
    if p1 in _KNOW_VERB_LEFT and not tok.punct_before and not that_pronoun:
        return False  # "do you know", "as you know", "if you know"
    if p1 in _KNOW_RELATIVE_LEFT and not tok.punct_before:
        return False  # "everybody you know is well": a relative clause
    if c.tokens[i + 1].punct_after and any(ch in "?,." for ch in c.tokens[i + 1].punct_after):
        return True  # "..., you know?" / "you know, ..."
    if n1 == "" or c.filled(i + 2):
        return True
    inside = p1 != "" and not tok.sentence_start  # not opening the answer or a sentence
    if n1 == "what":
        return n2 in {"i", "i'm"}  # "you know what i mean" is a tag; "you know what to do"
    if n1 in {"how", "who", "where", "what", "whether", "which"} and n2 == "to":
        return False  # "you know how to"
    if n1 in _CLAUSE_OPENERS_AFTER_KNOW:
        return inside  # "... [you know] if they called"; "You know if you're late" is a verb
    if n1 in {"that", "it"}:
        return n2 in _VERBISH or n2 in SUBJECTS or n2 == ""  # "you know that was hard"
    if n1 in {"the", "a", "an", "my", "his", "her", "their", "our", "your", "this", "these",
              "those", "some"}:
        # A determiner starts either the object ("you know the system") or a new clause
        # ("you know the daughter was grateful"): a verb soon after says which.
        return any(c.w(k) in _VERBISH or _past_verb(c.w(k)) for k in range(i + 3, i + 6))
    if n1 in KNOW_OBJECT_STARTERS:
        return False
    return True


def _i_mean_is_filler(c: _Ctx, i: int) -> bool:
    """i = position of "i"; i+1 is "mean"."""
    p1, n1, n2 = c.w(i - 1), c.w(i + 2), c.w(i + 3)
    if p1 in {"what", "which", "that", "by", "if", "whatever", "see", "do",
              "understand", "this", "is", "how", "where", "when"} or \
            (p1 == "know" and c.w(i - 2) != "you"):
        return False  # "what i mean is", "you know what i mean"
    if n1 in {"to", "by", "business", "well"}:
        return False  # "i mean to", "what do i mean by"
    if n1 == "it" and n2 not in _VERBISH and n2 not in {"was", "wasn't", "is", "'s"}:
        return False  # "i mean it sincerely"
    if n1 == "that" and n2 in {"", "sincerely", "seriously", "literally", "honestly", "as"}:
        return False
    return True


def _so_is_filler(c: _Ctx, i: int) -> bool:
    """"so" fills only where it links nothing: opening the answer (also after "um",
    "okay", "well"), in "so yeah" / "so anyway", or trailing at the end. Mid-answer it links
    a consequence ("it was late so i called"), even next to a filled pause."""
    n1 = c.w(i + 1)
    if c.at_answer_start(i, _OPENING_SKIP | {"so"}):
        # "so that", "so much", "so far" keep their meaning even as the first words.
        return n1 not in {"that", "much", "many", "far", "as", "long", "to"}
    if n1 in {"yeah", "yep", "anyway", "anyways"}:
        return True
    return c.at_answer_end(i) and c.w(i - 1) not in {"think", "hope", "guess", "said", "do",
                                                    "did", "not", "believe", "so", "and"}


def _actually_is_filler(c: _Ctx, i: int, marked: set[int]) -> bool:
    tok = c.tokens[i]
    if c.at_answer_start(i, _OPENING_SKIP | {"so"}) or c.at_answer_end(i):
        return True
    if tok.sentence_start or tok.sentence_end or tok.punct_after == "," or \
            any(d in tok.punct_before for d in "—–"):
        return True  # a dash before it restarts the sentence: "... like that — actually"
    if (c.w(i + 1) in _CLAUSE_SUBJECTS and c.w(i - 1) not in _CLAUSE_LINKS
            and c.w(i - 1) not in _CLAUSE_SUBJECTS | SUBJECTS | BE):
        return True  # "...fell into teaching actually i was...": a new sentence
    return (c.filled(i - 1) or c.filled(i + 1) or (i - 1) in marked or (i + 1) in marked
            or c.w(i + 1) in {"like", "basically", "literally"})


def _literally_is_filler(c: _Ctx, i: int, marked: set[int]) -> bool:
    return not any(c.w(k) in _LITERAL_VERBS and k not in marked for k in range(i - 3, i))


def _kind_of_is_filler(c: _Ctx, i: int) -> bool:
    """i = position of "kind"/"sort"/"kinda"/"sorta"."""
    p1 = c.w(i - 1)
    single = c.w(i) in {"kinda", "sorta"}
    n1 = c.w(i + 1) if single else c.w(i + 2)
    if p1 in DETERMINERS:
        return False  # "a kind of form", "what sort of"
    if p1 in KIND_ADJECTIVES:
        return False  # "a different kind of", "the usual sort of"
    if c.w(i) == "kind" and n1 in _OBJECT_PRONOUNS and p1 in {"very", "so", "really", "that's",
                                                            "how", "too", "most", "was",
                                                            "is", "be", "it's", "extremely"}:
        return False  # "very kind of you"
    return True


def _right_is_tag(c: _Ctx, i: int) -> bool:
    tok = c.tokens[i]
    p1, n1 = c.w(i - 1), c.w(i + 1)
    if p1 == "" or c.at_answer_start(i):
        return False  # "right, so..." opens; it is no question tag
    if "?" in tok.punct_after:
        return p1 not in {"that", "it", "is", "am", "i", "this", "that's", "you're"}
    if p1 in RIGHT_NOT_TAG_PREV or n1 in RIGHT_NOT_TAG_NEXT:
        return False
    if c.filled(i - 1):
        return False
    return n1 == "" or n1 in TAG_NEXT or c.filled(i + 1) or tok.punct_after == ","


def find_fillers(tokens: list[Token]) -> list[FillerEvent]:
    """Every filled pause and every discourse marker used as a filler, in order."""
    c = _Ctx(tokens)
    words = c.words
    events: list[FillerEvent] = []
    marked: set[int] = set()

    def add(word: str, kind: str, first: int, last: int) -> None:
        a, b = tokens[first], tokens[last]
        events.append(FillerEvent(word, kind, first, last, a.index, b.index,
                                  " ".join(words[first:last + 1]), a.start, b.end))
        marked.update(range(first, last + 1))

    n = len(words)
    actually_at: list[int] = []
    i = 0
    while i < n:
        w = words[i]
        fp = filled_pause(w)
        nxt = words[i + 1] if i + 1 < n else ""
        if fp:
            add(fp, "filled", i, i)
        elif w == "you" and nxt == "know" and _you_know_is_filler(c, i):
            # "you know what i mean" is one tag.
            last = i + 4 if words[i + 2:i + 5] == ["what", "i", "mean"] else i + 1
            add("you know", "discourse", i, last)
            i = last
        elif w in {"y'know", "ya'know", "yknow"}:
            add("you know", "discourse", i, i)
        elif w == "i" and nxt == "mean" and _i_mean_is_filler(c, i):
            add("i mean", "discourse", i, i + 1)
            i += 1
        elif w in {"kind", "sort"} and nxt == "of" and _kind_of_is_filler(c, i):
            add(f"{w} of", "discourse", i, i + 1)
            i += 1
        elif w in {"kinda", "sorta"} and _kind_of_is_filler(c, i):
            add("kind of" if w == "kinda" else "sort of", "discourse", i, i)
        elif w == "like" and _like_is_filler(c, i, marked):
            add("like", "discourse", i, i)
        elif w == "so" and _so_is_filler(c, i):
            add("so", "discourse", i, i)
        elif w == "basically":
            add("basically", "discourse", i, i)
        elif w == "literally" and _literally_is_filler(c, i, marked):
            add("literally", "discourse", i, i)
        elif w == "right" and _right_is_tag(c, i):
            add("right", "discourse", i, i)
        elif w == "actually":
            actually_at.append(i)  # decided once its neighbours are known
        i += 1
    for i in actually_at:
        if _actually_is_filler(c, i, marked):
            add("actually", "discourse", i, i)
    events.sort(key=lambda e: e.first)
    return events
