"""STAR structure: Situation, Task, Action, Result, each with the words that show it.

Cues are phrases read over the answer with fillers and stutters removed ("i um i asked"
reads "i asked"). STAR is about a real past event, so actions are first-person verbs in the
past tense ("i called", "we split"), not what the speaker *would* do; an answer made mostly of
"i would ..." is hypothetical. Actions told only as "we" are flagged.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from mockinterview.analysis.text import Joined, Token
from mockinterview.lexicon import IRREGULAR_PAST, STAR_ELEMENTS

ELEMENTS = STAR_ELEMENTS  # the name the analyser and feedback use

_TIME_NOUNS = (r"(?:year|month|week|summer|winter|spring|autumn|fall|christmas|term|semester|"
               r"quarter|shift|morning|afternoon|evening|night|day|weekend|monday|tuesday|"
               r"wednesday|thursday|friday|saturday|sunday|service|rush|visit|inspection|"
               r"audit|project|placement|internship|rotation|season|holiday|holidays|"
               r"deadline|launch|lunchtime|peak)")
_PEOPLE = (r"(?:customer|patient|caller|client|visitor|colleague|manager|family|parent|student|"
           r"guy|lady|man|woman|doctor|nurse|boss|supervisor|teacher|pupil|child|kid|user|"
           r"member|relative|resident|guest|driver|consultant|director|stakeholder|team|"
           r"engineer|developer|mother|father|mum|dad|son|daughter|husband|wife|gentleman)")
_ORG = (r"(?:job|role|position|company|clinic|practice|surgery|hospital|school|store|shop|"
        r"office|ward|team|placement|internship|restaurant|warehouse|firm|department|"
        r"business|organisation|organization|agency|startup|employer|workplace|site|branch)")

SITUATION_STRONG = [
    rf"\b(?:last|one|that|this past|the other|on a|on one|on the|during (?:a|the|my|our|one)|"
    rf"one busy|in my first|in my second|in my last|in my final)(?: \w+)? {_TIME_NOUNS}s?\b",
    r"\b(?:\w+ )?(?:years?|months?|weeks?|days?) ago\b",
    r"\b(?:back )?in (?:19|20)\d\d\b", r"\bin twenty (?:\w+)\b", r"\bback (?:in|when)\b",
    r"\b(?:when|while) (?:i|we) (?:was|were|worked|had|started|joined|first|ran|managed|led)\b",
    r"\bat the time\b", r"\bone time\b", r"\bonce when\b",
    r"\bthere (?:was|were) (?:a|an|this|one|these|two|three|some|several|many|five|ten)\b",
    r"\bthis (?:was|happened) (?:at|in|when|during|last|on|a)\b",
    rf"\b(?:a|an|one|this) (?:\w+ )?{_PEOPLE}s? (?:came|rang|called|phoned|asked|told|"
    rf"complained|walked|wanted|needed|emailed|arrived|turned|had|was|were|kept|got|"
    rf"i worked|i looked|who|with|whose|that|on)\b",
    rf"\b(?:my|our|the|his|her|their) (?:\w+ )?{_PEOPLE}s? (?:came|rang|called|phoned|asked|"
    rf"told|complained|walked|emailed|arrived|turned up|kept|thought|decided|wanted me|"
    rf"needed me|was off|were off|went off|left)\b",
    r"\bin (?:q|quarter) ?(?:one|two|three|four|1|2|3|4)\b",
    r"\b(?:i|we) had (?:a|an|this|one|these|some) (?:\w+ ){0,3}(?:who|that|which|where|with|"
    r"come|coming|in)\b",
    r"\bi remember (?:a|an|one|when|the|this|once)\b",
    rf"\bit was (?:a|the|black|my|our|one|late|early)(?: \w+)? {_TIME_NOUNS}\b",
    r"\bit was (?:black friday|christmas|new year)\b",
    r"\bthe first (?:day|week|month|year|time) (?:i|we)\b",
    r"\b(?:my|our|the|a) (?:\w+ ){0,2}asked me\b",
    r"\b(?:was|were) about to\b",
    r"\b(?:the|our|my|a) (?:\w+ ){0,2}(?:failed|broke|crashed|went down|stopped working|"
    r"was broken|was down|went missing|got lost|was lost|was missing|was late|ran out)\b",
    r"\b(?:we|i) (?:ran out|were short|was short|were down|were understaffed)\b",
    r"\bwe had (?:a|an|this|around|about|over|only|just|two|three|four|five|six|ten|twenty|"
    r"a really|really)\b",
]
SITUATION_WEAK = [
    rf"\b(?:in|at) (?:my|our|a|one|the) (?:previous|last|old|former|first|second|current|"
    rf"busy|big|small|local|new)?(?: \w+)? {_ORG}\b",
    r"\b(?:i|we) (?:was|were) (?:working|the only|the senior|the team lead|the lead|the duty|"
    r"on duty|in charge|covering|running|a newly|new|newly)\b",
    r"\b(?:i|we) noticed\b",
    r"\bthere (?:was|were) \w+",
]
TASK = [
    r"\b(?:i|we) (?:had|needed|wanted|was asked|were asked|was supposed|were supposed|"
    r"was expected|were expected|was tasked|were tasked|was told|were told|got asked|"
    r"decided i needed|knew i had|knew we had) to\b",
    r"\b(?:my|our|the) (?:main |first |biggest |only |real )?(?:job|role|task|goal|aim|"
    r"responsibility|challenge|problem|issue|priority|objective|brief|target|deadline|"
    r"mission|concern|worry|risk) (?:was|were|had been)\b",
    r"\bit was (?:my job|up to me|my responsibility|my role|on me|my task|down to me)\b",
    r"\bi was (?:in charge|responsible|the one responsible|accountable)\b",
    r"\bi was (?:the )?(?:team lead|lead|senior|supervisor|manager|duty|only)\b",
    r"\b(?:i|we) had (?:\w+ ){0,2}(?:days?|weeks?|hours?|minutes?|months?)\b",
    r"\b(?:asked|told|needed|wanted|tasked) (?:me|us) to\b",
    r"\b(?:i|we) needed (?:a|an|some|the|more)\b",
    r"\bneeded (?:to be|fixing|sorting)\b",
    r"\b(?:in order|so as) to\b",
    r"\b(?:wanted|needed|expected) (?:it|this|them|us|me|everything) (?:to|live|done|finished|"
    r"by|ready|fixed|sorted|for)\b",
]

# Past-tense verbs that are not actions: states, thoughts, background.
_NOT_ACTIONS = {
    "was", "were", "had", "felt", "thought", "knew", "wanted", "needed", "liked", "loved",
    "hoped", "wished", "believed", "realised", "realized", "noticed", "learned", "learnt",
    "used", "seemed", "enjoyed", "hated", "preferred", "remembered", "guessed", "supposed",
    "graduated", "studied", "qualified", "grew", "joined", "became", "lived", "stayed",
    "worried", "wondered", "expected", "assumed", "understood", "agreed",
    "didn't", "did", "couldn't", "wasn't", "weren't", "hadn't", "mentioned", "meant",
    "happened", "considered", "imagined", "started", "began", "worked", "trained",
    "interviewed", "applied", "moved", "specialised", "specialized", "got"}
_ACTION_ADVERBS = (r"(?:(?:just|then|also|immediately|quickly|first|finally|eventually|"
                   r"personally|actually|really|even|still|later|soon|basically|simply|"
                   r"straight away|instantly|calmly|politely|carefully|myself|ourselves|"
                   r"jointly|together|all|both|quietly|gently) ){0,2}")
_PAST_VERB_RE = re.compile(rf"\b(i|we) {_ACTION_ADVERBS}([a-z']+)\b")
_EMPLOYMENT_AFTER = {"at", "as", "in", "for", "there", "here", "with", "on"}

HYPOTHETICAL = [
    r"\b(?:i|we|you) (?:would|will|could|should|might|'d|'ll)\b(?! (?:say|like|love|describe|"
    r"call|think|imagine|rather|hope|prefer|definitely say|probably say)\b)",
    r"\b(?:i'd|we'd|i'll|we'll|you'd|you'll)\b(?! (?:say|like|love|describe|rather|"
    r"imagine|prefer|be honest|probably say|already|never|just|been|done|had|\w+ed|\w+en)\b)",
    r"\b(?:i'm|we're) going to\b", r"\bif (?:a|an|the|someone|somebody) \w+ (?:was|were|is|"
    r"came|comes|called|calls|asked|asks|had|has)\b",
    r"\b(?:i|we) (?:always|usually|normally|tend to|generally) (?!been)\w+",
]

RESULT = [
    r"\b(?:as a result|in the end|eventually|the outcome|the result|by the end|"
    r"by the deadline|ended up|afterwards|after that|since then|from then on|that meant|"
    r"which meant|this meant|it worked|it paid off|thanks to that|at the end of the (?:shift|"
    r"day|week|month|quarter|term|project|call|visit|meeting|night|service|trip))\b",
    r"\b(?:was|were|got|became|felt|seemed|looked|went away|left) (?:really |very |so |much |"
    r"more |a lot |a bit |quite |extremely |much more |all )?(?:happy|happier|grateful|pleased|"
    r"satisfied|relieved|calm|calmer|fine|resolved|solved|fixed|sorted|thankful|impressed|"
    r"delighted|thrilled|better|safe|safer|successful|rehoused|promoted|reassured|"
    r"content|smooth|smoother|faster|quicker|accurate|more accurate|cleaner|on time|"
    r"done|finished|approved|accepted|seen|signed|paid|refunded|booked|saved|adopted|"
    r"praised|recognised|recognized|moved)\b",
    r"\b(?:thanked|praised|complimented|thank you|thanks|five stars|good feedback|great "
    r"feedback|positive feedback|feedback was|feedback from|a good review|a great review|"
    r"commended|promoted|an award|a bonus)\b",
    r"\b(?:reduced|increased|improved|raised|dropped|fell|rose|grew(?! up)|saved|boosted|"
    r"doubled|"
    r"halved|tripled|went from|went down|went up|cut (?:the )?(?:number|time|cost|costs|"
    r"waiting|wait)|shortened|lowered|decreased)\b",
    r"\b(?:i|we|everyone|everybody) (?:managed|succeeded|finished|completed|met|hit|reached|"
    r"achieved|won|delivered|shipped|passed|cleared|solved|resolved|went live|got through|"
    r"made it|pulled it off)\b",
    r"\b(?:they|he|she|it|the \w+) (?:managed|succeeded|finished|completed|passed|recovered|"
    r"made a full recovery|calmed down|settled|signed|agreed|understood|came back|"
    r"called back|got in|bought|returned|left happy|accepted|loved|liked|thanked|smiled|"
    r"closed with|was fixed|was resolved|was solved)\b",
    r"\b(?:never happened again|no (?:complaints|findings|issues|problems|errors|incidents|"
    r"further|more)|nobody (?:got hurt|was hurt|missed|complained)|nothing (?:was|got) "
    r"(?:missed|lost))\b",
    r"\b(?:came back|stayed with us|kept (?:using|coming)|still use|still uses|still used)\b",
    r"\b(?:on time|early|ahead of schedule|under budget|before the deadline|in time)\b",
    r"\b(?:went (?:well|smoothly|okay|fine|live|out|really well|great|down well)|"
    r"took less time|took half)\b",
    r"\b(?:that|which|it|this) (?:really )?(?:helped|worked|solved|fixed|saved|made a|"
    r"led to|resulted)\b",
    r"\b(?:didn't|did not|never) (?:lose|lost|miss|missed|fall|fell|happen|have (?:a|any) "
    r"(?:complaint|problem|issue))\b",
    r"\b(?:haven't|hasn't|have not|has not|hadn't) (?:\w+ ){0,4}since\b",
    r"\bgot (?:every|all|everyone|everything)\b",
    r"\b(?:was|were) (?:\w+ )?(?:seen|rehoused|sorted out|dealt with)\b",
    r"\b(?:after|within|in under|in less than) (?:a|an|one|two|three|four|five|six|a few|"
    r"\w+) (?:days?|weeks?|months?|years?|hours?) (?:he|she|they|we|i|the|it|everyone|all|"
    r"his|her|their|our|my)\b",
]
_MODAL_BEFORE = {"would", "will", "could", "might", "should", "i'd", "we'd", "i'll", "we'll",
                 "they'd", "it'd", "it'll", "if", "hope", "hopefully", "want", "wanted",
                 "they'll", "you'd", "you'll", "'d", "'ll", "may"}
_IF_BEFORE = {"if", "would", "will", "whenever", "imagine", "say", "suppose", "i'd", "i'll"}
_NEGATION_BEFORE = {"not", "never", "wasn't", "weren't", "didn't", "no", "hardly"}

_COMPILED: dict[str, list[re.Pattern]] = {}


def _compiled(name: str, patterns: list[str]) -> list[re.Pattern]:
    """The cue list as one alternation: a single scan of the answer instead of one per cue
    (the first cue that matches at a position wins, which is all the spans need)."""
    if name not in _COMPILED:
        _COMPILED[name] = [re.compile("|".join(f"(?:{p})" for p in patterns))]
    return _COMPILED[name]


@dataclass(frozen=True)
class Evidence:
    text: str  # the quoted words (normalised) of the answer
    first: int  # position in the clean token list
    last: int
    index: int  # Transcript.words index of the first quoted word
    end_index: int
    start: float | None
    end: float | None

    def to_dict(self) -> dict:
        return {"text": self.text, "index": self.index, "end_index": self.end_index,
                "start": self.start, "end": self.end}


@dataclass(frozen=True)
class StarFindings:
    present: dict[str, bool]
    evidence: dict[str, tuple[Evidence, ...]]
    i_actions: int  # past actions told with "i"
    we_actions: int  # past actions told with "we"
    hypothetical_cues: tuple[Evidence, ...]
    hypothetical: bool  # mostly what the speaker would do, no real past actions
    we_only: bool  # actions told only as "we"


def clean_tokens(tokens: Sequence[Token], filler_positions: set[int]) -> list[Token]:
    """Tokens without fillers and without immediate repeats ("i i went" -> "i went")."""
    out: list[Token] = []
    for k, t in enumerate(tokens):
        if k in filler_positions:
            continue
        if out and out[-1].text == t.text and t.text not in {"had", "that", "very", "really"}:
            continue
        out.append(t)
    return out


def _evidence(j: Joined, first: int, last: int, extend: int = 5) -> Evidence:
    toks = j.tokens
    last = min(len(toks) - 1, last + extend)
    # Stop the quote at a sentence end so it reads as one thought.
    for k in range(first, last):
        if toks[k].sentence_end:
            last = k
            break
    words = " ".join(t.text for t in toks[first:last + 1])
    return Evidence(words, first, last, toks[first].index, toks[last].index,
                    toks[first].start, toks[last].end)


def _find(j: Joined, patterns: list[re.Pattern], guard_modal: bool = False,
          guard_negation: bool = False, guard_if: bool = False) -> list[tuple[int, int]]:
    spans = []
    for p in patterns:
        for m in p.finditer(j.text):
            a, b = j.token_span(m.start(), m.end())
            before = {t.text for t in j.tokens[max(0, a - 3):a]}
            if guard_modal and before & _MODAL_BEFORE:
                continue
            if guard_if and before & _IF_BEFORE:
                continue
            if guard_negation and {t.text for t in j.tokens[max(0, a - 1):a]} & _NEGATION_BEFORE:
                continue
            spans.append((a, b))
    return sorted(set(spans))


def _is_past_action(verb: str, next_word: str) -> bool:
    if verb in _NOT_ACTIONS:
        # Some verbs are background or states unless followed by an object of work.
        excluded = {"worked": _EMPLOYMENT_AFTER, "started": _EMPLOYMENT_AFTER | {"working",
                    "to", "out", "my", "off"}, "moved": {"to", "here", "there", "in", "into",
                                                         "house", "away", "abroad"},
                    "got": {"up", "to", "a", "my", "the", "married", "into", "on", "in",
                            "there", "here", "home", "back", "used", "hired"},
                    "did": {"not", "so", "that", "my", "well"}}.get(verb)
        return excluded is not None and next_word not in excluded
    if verb in IRREGULAR_PAST:
        return True
    return len(verb) > 4 and verb.endswith("ed") and not verb.endswith("eed")


def _spread(spans: list[tuple[int, int]], limit: int = 3) -> list[tuple[int, int]]:
    """At most `limit` spans that do not overlap, earliest first."""
    chosen: list[tuple[int, int]] = []
    for a, b in spans:
        if all(b < c or a > d + 4 for c, d in chosen):
            chosen.append((a, b))
        if len(chosen) == limit:
            break
    return chosen


def find_star(clean: list[Token]) -> StarFindings:
    """Detect the STAR elements in an answer's clean tokens (see `clean_tokens`)."""
    j = Joined(clean)
    strong = _find(j, _compiled("s", SITUATION_STRONG), guard_if=True)
    weak = _find(j, _compiled("sw", SITUATION_WEAK), guard_if=True)
    task = _find(j, _compiled("t", TASK), guard_modal=True)
    result = _find(j, _compiled("r", RESULT), guard_modal=True, guard_negation=True)
    hypo = _find(j, _compiled("h", HYPOTHETICAL))

    i_spans, we_spans = [], []
    for m in _PAST_VERB_RE.finditer(j.text):
        a, b = j.token_span(m.start(), m.end())
        verb = m.group(2)
        nxt = clean[b + 1].text if b + 1 < len(clean) else ""
        if a > 0 and clean[a - 1].text in {"how", "what", "why"}:
            continue  # "how i saw myself": a clause inside another, not a step taken
        if _is_past_action(verb, nxt):
            (i_spans if m.group(1) == "i" else we_spans).append((a, b))
    actions = sorted(i_spans + we_spans)
    # Weak cues count only inside a story: "at my last job" alone is a career summary,
    # and an outcome needs something it is the outcome of.
    story = bool(actions or task or result)
    situation = strong + (weak if story else [])
    if not (actions or task or strong):
        result = []
    n_hypo = len(hypo)
    hypothetical = (n_hypo >= 2 and not i_spans and not we_spans) or \
        (n_hypo >= 3 and n_hypo > 2 * (len(i_spans) + len(we_spans)))
    spans = {"situation": sorted(situation), "task": task, "action": actions,
             "result": result}
    evidence = {e: tuple(_evidence(j, a, b) for a, b in _spread(spans[e])) for e in ELEMENTS}
    present = {e: bool(spans[e]) for e in ELEMENTS}
    return StarFindings(present, evidence, len(i_spans), len(we_spans),
                        tuple(_evidence(j, a, b, 4) for a, b in _spread(hypo)),
                        hypothetical, bool(we_spans) and not i_spans)
