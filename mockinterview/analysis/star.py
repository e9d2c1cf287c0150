"""STAR structure: Situation, Task, Action, Result, each with the words that show it.

The rules are the coaching definitions (tests/data/LABELLING.md), read as grammar over the
answer with fillers and stutters removed ("i um i asked" reads "i asked"):

- Situation: a specific past occasion or a bounded period at a described workplace that the
  answer then narrates. Shown by a past time anchor ("last winter", "two years ago", "in
  2019", "one morning", "yesterday", "when I worked at..."), a past workplace frame ("in my
  previous role", "while working as..."), or a past event opening the story ("a customer came
  in", "there was a ...", "our server went down", "I had a patient who..."). Only in an
  answer that narrates the past: general statements and "I would..." answers set no scene.
- Task: the speaker's (or the team's) responsibility, goal or challenge, stated: an
  obligation with "I"/"we" as the subject of its own clause ("I had to", "we needed to", "I
  was asked to", "I had three days to"), or a goal noun phrase ("my job was to", "our goal
  is always to", "my priority would be"). Not an obligation inside another phrase ("the
  forms we had to sign", "he said I needed to wait").
- Action: a concrete step the speaker personally took, told with "I": a past action verb
  ("I faxed it"), or in a hypothetical or habitual answer "I would / I'd / I always / I +
  present verb" ("I'd check two identifiers", "I scan the forms"). Not states, thoughts or
  vague intentions ("I felt", "I tried my best"), not steps by others, not steps told only
  as "we": those are counted apart so the tip can ask what *you* did.
- Result: what came of the narrated event (an outcome, feedback, a number, a change) or an
  explicit lesson or change drawn from it ("what I took away", "since then I double-check",
  "now I check..."). Not hoped-for outcomes ("to make sure they left happy") nor outcomes in
  a hypothetical answer.

Position in the answer matters the way it does to a listener: an outcome is told after the
speaker's first step (before it, "which meant nobody could pay" is still the problem); the
scene is set before the steps and quoted once, through the clause it frames ("one day I
mixed up three orders"), and a step inside that clause is the scene's event, not a quoted
action; a step inside "when/after I..." dates another event; "when" after a past clause
("they were young when we started") dates that clause and sets no scene.

Every finding quotes its own clause (from the cue, or from the subject of a cue that starts
at its verb, to the end of the clause), at its position.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from mockinterview.analysis.text import Joined, Token
from mockinterview.lexicon import IRREGULAR_PAST, STAR_ELEMENTS

ELEMENTS = STAR_ELEMENTS  # the name the analyser and feedback use

# ----------------------------------------------------------------- word classes (grammar)

_DET = r"(?:a|an|the|this|that|one|my|our|his|her|their|some|two|three|four|five|ten)"
_TIME_NOUN = (r"(?:year|month|week|summer|winter|spring|autumn|fall|term|semester|quarter|"
              r"shift|morning|afternoon|evening|night|day|weekend|monday|tuesday|wednesday|"
              r"thursday|friday|saturday|sunday|season|holiday|holidays|christmas|"
              r"occasion|rotation|placement|internship|project|visit|audit|rush|"
              r"launch|close|review|push|sprint|release)")
_MONTH = (r"(?:january|february|march|april|may|june|july|august|september|october|"
          r"november|december)")
_UNIT = r"(?:years?|months?|weeks?|days?|hours?|minutes?|semesters?|quarters?)"
_NUMBER = (r"(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
           r"fifteen|twenty|thirty|forty|fifty|a few|a couple of|several|\d+)")
# Places and frames of work or study: "in my previous role", "at the clinic".
_FRAME = (r"(?:job|role|position|company|clinic|practice|surgery|hospital|school|store|shop|"
          r"office|ward|unit|team|placement|internship|restaurant|cafe|warehouse|firm|"
          r"department|business|organisation|organization|agency|startup|employer|"
          r"workplace|site|branch|class|course|project|semester|degree|program|programme|"
          r"shift|career|post)")
# People whose arrival or request opens a story: "a customer came in".
_PERSON = (r"(?:customer|patient|caller|client|visitor|colleague|coworker|co-worker|manager|"
           r"family|parent|student|guest|user|boss|supervisor|teacher|doctor|nurse|member|"
           r"resident|driver|director|stakeholder|engineer|developer|lady|man|woman|"
           r"gentleman|guy|child|kid|vendor|peer|professor|recruiter|applicant|volunteer)")
# A past verb in narration: regular "-ed" forms and the common irregular ones.
_PAST = r"(?:[a-z]+ed|" + "|".join(sorted(IRREGULAR_PAST | {"was", "were", "had"})) + r")"

# States, thoughts, perceptions and background: past verbs after "I" that are not steps.
NOT_ACTIONS = frozenset({
    "was", "were", "had", "felt", "thought", "knew", "wanted", "needed", "liked", "loved",
    "hoped", "wished", "believed", "realised", "realized", "noticed", "learned", "learnt",
    "used", "seemed", "enjoyed", "hated", "preferred", "remembered", "guessed", "supposed",
    "graduated", "studied", "qualified", "grew", "joined", "became", "lived", "stayed",
    "worried", "wondered", "expected", "assumed", "understood", "agreed", "didn't", "did",
    "couldn't", "wasn't", "weren't", "hadn't", "mentioned", "meant", "happened",
    "considered", "imagined", "began", "worked", "trained", "interviewed", "moved",
    "specialised", "specialized", "got", "saw", "heard", "received", "discovered",
    "encountered", "faced", "underestimated", "struggled", "tried", "sat", "walked",
    "passed", "failed", "missed", "forgot", "lost", "appreciated", "loved", "decided",
    "planned", "searched", "experienced", "spent", "kept", "ended", "started", "came",
    "went", "left", "picked", "managed", "interned", "volunteered", "served", "fell",
    "cared", "intended", "found", "met", "transitioned", "stood", "switched"})
# Some of these are steps when an object of work follows ("I started a rota").
_STEP_WHEN_FOLLOWED = {
    "started": {"a", "an", "the", "by", "with", "to"},  # and "started applying" (-ing)
    "did": {"a", "an", "the", "some", "all", "everything"},
    "got": {"them", "him", "her", "the", "everyone", "it"},
    "went": {"through", "over", "back", "and", "to", "straight"},
    "came": {"up"},
    "kept": {"the", "a", "them", "him", "her", "everyone", "track", "calling", "checking"},
    "managed": {"to", "the", "a", "my", "our"},
    "decided": {"to"},
    "picked": {"up"},
    "spent": {"the", "an", "two", "three", "time"},
    "sat": {"down"},
    "left": {"a", "the", "them", "him", "her", "notes", "messages"},
    # Moving things and people, not house ("I moved the clinic list", not "I moved to Leeds").
    "moved": {"the", "a", "an", "every", "all", "them", "him", "her", "it", "everyone", "my",
              "our", "his", "their"},
    "worked": {"out", "late", "overtime", "through"},
    "passed": {"the", "it", "them", "him", "her", "on", "this", "that"},
    # Finding someone or a way is a step; "I found out", "I found that" are discoveries.
    "found": {"a", "an", "another", "someone", "cover", "ways", "space", "room"},
    # Meeting with someone is a step; "I met a lot of nice people" is experience.
    "met": {"with", "up", "the", "her", "him", "them", "each"},
    # Standing up for someone and switching a machine off are steps; standing there and
    # switching gears are not.
    "stood": {"up", "firm", "my"},
    "switched": {"the", "it", "them", "off", "on", "to", "over"},
    "walked": {"her", "him", "them", "the", "everyone", "through"},
    # Training people is a step; training as or at something is a career ("I trained as a
    # nurse").
    "trained": {"the", "every", "all", "them", "him", "her", "everyone", "new", "our", "my",
                "two", "three", "staff", "colleagues"},
}
# Present-tense verbs after "I" that are states, not steps ("I think", "I love").
STATIVE = frozenset({
    "am", "'m", "have", "'ve", "think", "believe", "feel", "know", "like", "love", "enjoy",
    "prefer", "want", "need", "hope", "wish", "guess", "mean", "suppose", "understand",
    "remember", "see", "hear", "seem", "agree", "care", "tend", "find", "consider", "bring",
    "can", "could", "would", "will", "should", "must", "may", "might", "do", "don't",
    "did", "didn't", "can't", "won't", "wouldn't", "couldn't", "am", "was", "were", "had",
    "get", "got", "try", "pride", "take", "work", "worked", "recognize", "recognise",
    "rely", "say", "said", "learned", "learnt", "learn", "dislike", "hate", "really", "just",
    "also",
    "still", "never", "always", "usually", "normally", "often", "sometimes", "generally",
    "typically", "currently", "actually", "definitely", "personally", "strongly", "truly",
    "started", "thought", "felt", "has", "is", "be", "been", "go", "went", "look", "use",
    "make", "assume", "expect", "realise", "realize", "imagine", "wonder", "doubt", "owe",
    "live", "grew", "studied", "graduated", "joined", "became", "wanted", "needed", "love",
    "very", "already", "even", "then", "first", "am", "i'm", "i've", "i'd", "i'll",
    "done", "been", "gone", "seen", "known", "come", "remain", "empathize", "empathise",
    "value", "focus", "last", "only", "once",
    "wasn't", "haven't", "hadn't", "isn't", "aren't", "weren't", "shouldn't", "mustn't",
    "the", "a", "an", "to", "and", "not", "so", "too", "being", "there"})
_ADVERBS = (r"(?:(?:just|then|also|immediately|quickly|first|finally|eventually|personally|"
            r"really|even|still|later|soon|simply|calmly|politely|carefully|always|usually|"
            r"normally|typically|generally|often|sometimes|never|now|next|again|myself|"
            r"straight away|right away|instantly|quietly|gently|actively|clearly|"
            r"proactively|promptly|frequently|regularly|personally|immediately|last|once) ){0,2}")
_HABIT_WORDS = {"always", "usually", "normally", "typically", "generally", "often", "regularly",
                "every"}  # "every" as in "every time"
_HABIT = r"(?:" + "|".join(sorted(_HABIT_WORDS - {"every"})) + r"|every time)"

# ----------------------------------------------------------------- cue patterns

SITUATION = [
    # A past time anchor.
    rf"\b(?:last|one(?! of)|that(?! the| a| an)|this past|the other|on a|on one|one busy|"
    rf"one particular|"
    rf"during (?:a|an|the|my|our|one)|in (?:my|our|the) (?:first|second|third|final|last))"
    rf"(?: [a-z-]+){{0,3}} {_TIME_NOUN}s?\b",
    rf"\b{_NUMBER} {_UNIT} ago\b",
    r"\b(?:back )?in (?:19|20)\d\d\b", rf"\bin {_MONTH}(?: (?:19|20)\d\d)?\b",
    # A calendar date: "my first call was May 6th 2014", "on the 3rd of March".
    rf"\b{_MONTH} \d{{1,2}}(?:st|nd|rd|th)?\b", rf"\b\d{{1,2}}(?:st|nd|rd|th)? of {_MONTH}\b",
    r"\b(?:19|20)\d\d was\b",
    rf"\b(?:my|our) (?:very )?first (?:[a-z-]+ )?(?:{_TIME_NOUN}|experience|job|role|week|"
    rf"patient|customer|client)\b",
    r"\bback (?:in|when|then)\b", r"\byesterday\b", r"\bin the midst of\b",
    # "recently a parent rang", not "I recently graduated" (a career summary).
    rf"\b(?:recently|not long ago|a while ago|a while back|some time ago) (?:a|an|the|my|our|"
    rf"one|i|we|this) (?:[a-z-]+ ){{0,2}}{_PAST}\b",
    r"\b(?:early|earlier|late|later) in my (?:career|time|first|placement|training|degree)\b",
    rf"\b(?:i|we|he|she|they|it|[a-z]+) once {_PAST}\b",
    r"\b(?:one time|at the time|at that time|in those days)\b",
    r"\bonce (?:a|an|when|during)\b", r"\bthe first time (?:i|we)\b",
    rf"\bfor the past {_NUMBER} {_UNIT}\b", r"\bit all started when\b",
    r"\b(?:that|this|today) was the day\b", r"\bthe day (?:i|we|on which|that|when)\b",
    # "one week" names an occasion, not a length ("in only one week", "for one night").
    rf"\b(?<!\bin )(?<!\bonly )(?<!\bwithin )(?<!\bfor )(?:that|one) {_TIME_NOUN}\b",
    r"\bon (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|the day)\b",
    # A past frame of work or study.
    r"\b(?:when|while) (?:i|we) (?:was|were|worked|first|had|started|joined|interned|ran|"
    r"managed|led|taught|studied|covered|did)\b",
    r"\b(?:while|whilst) (?:working|interning|studying|volunteering|training)\b",
    # A time named by someone else's state then: "when my son was about eight".
    r"\b(?:when|while) (?:my|our|the|a|an|his|her|their) (?:[a-z-]+ ){0,2}(?:was|were|had)\b",
    r"\b(?:while|whilst) (?:at|on|in) (?:my|our|a|an|the|placement|shift|rotation|duty)\b",
    r"\bas (?:a|an) (?:[a-z-]+ ){0,2}(?:at|in|with|for) (?:a|an|the|my|our)\b",
    r"\bduring my (?:time|years|first|last|placement|internship|rotation)\b",
    rf"\b(?:in|at|on) (?:my|our|a|one|the) (?:previous|last|old|former|first|second|current|"
    rf"final|final-year|summer|busy|small|large|local|new)?(?: [a-z-]+){{0,2}} {_FRAME}\b",
    rf"\bin one {_FRAME} (?:i|we)\b",
    # A past event opening the story.
    rf"\b(?:a|an|one|this|my|our) (?:[a-z-]+ ){{0,2}}{_PERSON}s? "
    rf"(?:who |once |then |just |suddenly |also |still |[a-z]+ly )?(?:came|called|rang|phoned|"
    rf"emailed|arrived|walked|asked|complained|told|"
    rf"was|were|had|wanted|needed|got|kept|turned up|refused|demanded|raised|missed|"
    rf"disagreed|started|left|brought)\b",
    # A particular person brought in with what they did or would not do: "a patient who
    # wouldn't eat", "a doctor who developed very different plans".
    rf"\b(?:a|an|one|this) (?:[a-z-]+ ){{0,2}}{_PERSON} who (?:[a-z]+ly )?(?:{_PAST}|wouldn't|"
    rf"couldn't|didn't|wasn't|weren't|hadn't|would not|could not|did not)\b",
    rf"\bthere (?:was|were) (?:this|some|a lot of|no|{_NUMBER})\b",
    rf"\b(?:i|we) had (?:this|{_NUMBER}) (?:[a-z-]+ ){{0,3}}(?:who|that|which|where|with|"
    rf"come|call|and|when|on|in|at)\b",
    r"\b(?:i|we) (?:noticed|discovered|encountered|faced|realised|realized|found out|"
    r"ran into|underestimated|got a|got an|received a|received an)\b",
    r"\b(?:the|our|my|a|an|their) (?:[a-z-]+ ){0,3}(?:[a-z]+ly )?(?:went down|crashed|failed|"
    r"broke|broke down|slipped|fell behind|started off|stopped working|ran out|went missing|"
    r"(?:didn't|did not|never) show(?:ed)? up|"
    r"(?:was|were) (?:[a-z]+ly )?(?:down|lost|late|cancelled|canceled|delayed|acquired|"
    r"hacked|flooded|closed|understaffed|short-staffed|overbooked))\b",
    r"\b(?:i|we) (?:ran out|were short|was short|fell behind|were behind|were missing)\b",
    r"\bi was (?:already )?(?:working|stationed|assigned|posted|based|placed|covering|"
    r"running|interning|volunteering) (?:at|in|on|for|as)\b",
    r"\bi was (?:a|an) (?:[a-z-]+ ){0,2}(?:at|in|with) (?:a|an|the|my|our|[a-z]+ "
    r"(?:college|university|school|hospital|clinic|company))\b",
    r"\bi remember (?:a|an|one|when|the|this|once)\b",
    # A period named by what was going on, or an organisation in a state: "it was a time of
    # big change", "the unit was going through a merger".
    r"\b(?:this|that|it) was (?:a|the) (?:[a-z-]+ )?(?:time|period|year|season|month|week|"
    r"era|phase) (?:of|when|where)\b",
    r"\b(?:the|our|my) (?:[a-z-]+ ){0,2}(?:was|were) (?:in|going through|undergoing) (?:a|an|"
    r"the middle of|the midst of)\b",
    rf"\bit was (?:a |an |the |my |our )?(?:[a-z-]+ ){{0,2}}{_TIME_NOUN}\b",
    rf"\bthe (?:first|second|last) {_TIME_NOUN} (?:i|we)\b",
    rf"\b(?:last|this past|that) {_MONTH}\b",
    r"\bin (?:q|quarter) ?(?:one|two|three|four|[1-4])\b",
    r"\b(?:my|our|the|a) (?:[a-z-]+ ){0,2}(?:asked|told|wanted|needed) me\b",
    r"\b(?:i|we) (?:got|were|was) (?:called|asked|sent|paged|bleeped|phoned)\b",
    # A bounded period or occasion named by what was going on.
    r"\bduring (?:a |an |the |my |our |one |that )?(?:[a-z-]+ ){0,2}[a-z-]+",
    r"\b(?:a|an|one) (?:[a-z-]+ ){0,2}(?:project|client|case|patient|customer|situation|"
    r"incident|shift|event) (?:i|we) (?:had|was|were|worked|led|handled|managed|dealt|ran)\b",
    # Told in the present as people tell a story: "we're in the middle of a flu season".
    r"\b(?:i'm|we're|i am|we are) in the (?:middle|midst) of\b",
    r"\b(?:i|we) (?:was|were) (?:working on|preparing|launching|moving|migrating|rolling out|"
    r"getting ready|in the middle of|halfway through)\b",
]
TASK = [
    # An obligation with "I"/"we" as the subject of its own clause (checked in code).
    r"\b(?:i|we) (?:had|needed|was asked|were asked|was supposed|were supposed|was expected|"
    r"were expected|was tasked|were tasked|got asked|was told|were told|was assigned|"
    r"have|need) to\b",
    rf"\b(?:i|we) had (?:only )?{_NUMBER} {_UNIT} (?:to|before|until|left)\b",
    rf"\b(?:i|we) (?:still )?had {_NUMBER} (?:[a-z-]+ ){{0,2}}to\b",
    r"\b(?:wanted|needed|expected) (?:it|this|them|everything) (?:live|done|finished|ready|"
    r"fixed|sorted|by)\b",
    r"\b(?:i|we) knew (?:i|we) (?:had|needed) to\b",
    # A goal noun phrase: "my job was to", "our goal is always to", "my priority would be".
    r"\b(?:my|our) (?:main |first |biggest |only |real |own |immediate |overall )?(?:job|role|"
    r"task|goal|aim|responsibility|challenge|priority|objective|brief|target|mission|"
    r"instructions|focus)(?: there| here| then)? (?:was|were|is|are|would be|will be|had "
    r"been)(?: always| to| simply| just)?\b",
    r"\b(?:it was|it's|it is|it would be) (?:my|our) (?:job|responsibility|role|task)\b",
    r"\bit was (?:up to me|on me|down to me)\b",
    r"\b(?:i was|we were) (?:in charge of|responsible for|accountable for)\b",
    r"\b(?:asked|told|tasked|needed|wanted|assigned|expected|required|instructed) (?:me|us) "
    r"to\b",
    r"\b(?:i|we) (?:was|were) assigned (?:a|an|the|this|two|three|four|five)\b",
    r"\bthe (?:first|main|biggest) (?:challenge|problem|thing|task)? ?(?:was|were) to\b",
    # A goal or duty given or taken on: "the aim was to", "I was tasked with", "I took on
    # the job of".
    r"\bthe (?:main |overall |real |immediate )?(?:goal|aim|objective|priority|mission|brief|"
    r"plan) (?:was|is|had been) to\b",
    r"\b(?:i|we) (?:was|were) (?:tasked|charged|entrusted) with\b",
    r"\b(?:i|we) (?:was|were) (?:called|sent|brought|paged|bleeped|pulled) (?:up |in |over |"
    r"out |back )?(?:by (?:[a-z-]+ ){1,3})?to (?!the |a |an |my |our |see\b)[a-z]+",
    r"\b(?:i|we) (?:took on|was given|were given|got given|volunteered for) (?:the )?(?:task|"
    r"job|responsibility|role|challenge) (?:of|to)\b",
]
# Wanting to *be* something is an ambition, not a task: "I wanted to become an engineer".
TASK_IN_STORY = [r"\b(?:i|we) (?:wanted|was trying|were trying|set out|aimed|decided) to\b"
                 r"(?! (?:be|become|work as|get into)\b)"]
# Lessons and lasting changes drawn from the event: they may come anywhere in the answer.
LESSON = [
    r"\b(?:i|we|i've|we've|i have) (?:learned|learnt|realised|realized) (?:that|how|from|what|"
    r"a lot|the importance|the value|the hard way|to)\b",
    # Hindsight on the event: "looking back", "I should have asked sooner".
    r"\b(?:i|we) (?:should|shouldn't|should not) have\b",
    r"\blooking back\b", r"\b(?:i'd|i would|we'd|we would) do (?:it|that|things|some things) "
    r"differently\b",
    r"\b(?:it|this|that|which|the experience|this experience|that experience) "
    r"(?:taught|reinforced|showed|reminded) (?:me|us)\b",
    r"\bwhat i (?:took away|learned|learnt)\b", r"\b(?:since then|from then on|ever since|"
    r"from that day|going forward)\b",
    r"\bnow (?:i|we) (?:always |make sure|check|double-check|am sure|use|ask|keep|start|"
    r"write|listen|confirm|can|know|have|keep)", r"\b(?:i|we) now (?:always )?[a-z]+",
    # The lesson drawn, not a class's lesson ("I carried on with the lesson").
    r"\b(?:the|a|my|one) (?:big |key |main |real |biggest |important )?(?:lesson|takeaway)s? "
    r"(?:i|we|here|was|is|for me|learned|learnt|from|that)\b",
    r"\b(?:i|we) (?:saw|understood|recognised|recognized|appreciated|learned|learnt) the "
    r"(?:value|importance|need|power|benefit|benefits) (?:of|in)\b",
    r"\b(?:next time|from now on) (?:i|we)\b",
]
# Outcomes: what came of the speaker's steps, so they are told after the first step.
OUTCOME = [
    r"\b(?:eventually|ultimately)(?! (?:realized|realised|decided|thought|felt|wanted))\b",
    r"\b(?:as a result|in the end|the outcome|the result|by the end|"
    r"ended up|afterwards|after that|that meant|which meant|this meant|it worked|"
    r"it paid off|thanks to that)\b",
    r"\b(?:was|were|got|became|felt|seemed|looked|left) (?:really |very |so |much |more |"
    r"a lot |quite |all |much more )?(?:happy|happier|grateful|pleased|satisfied|relieved|"
    r"calm|calmer|resolved|solved|fixed|sorted|thankful|impressed|delighted|thrilled|"
    r"appreciative|glad|ecstatic|overjoyed|content|comfortable|touched|moved|"
    r"better|safe|safer|successful|promoted|reassured|smoother|faster|quicker|approved|"
    r"accepted|signed|paid|refunded|saved|adopted|praised|recognised|recognized|"
    r"eliminated|delighted|on time|with a smile)\b",
    # Thanks and praise the speaker received ("I thanked her" is the speaker's own step).
    r"\b(?<!\bi )(?<!\bwe )(?:thanked|praised|complimented|commended|appreciated|five stars|"
    r"an award|a bonus|a promotion)\b",
    r"\b(?:got|received|(?:sent|gave|left|wrote) (?:us|me)) (?:a |an )?(?:lovely |nice |"
    r"personal )?thank(?:-| )you\b",
    r"\b(?:recognised|recognized|rewarded|credited) (?:me|us|my|our)\b",
    # The change named as a noun or a consequence: "a 20 percent drop in", "resulting in".
    r"\b(?:a|an) (?:[a-z0-9-]+ )?(?:percent )?(?:increase|decrease|reduction|drop|rise|"
    r"improvement|boost|jump|fall) (?:in|of)\b",
    r"\b(?:resulting in|which led to|leading to)\b",
    r"\b(?:received|got|gave (?:us|me)|left) (?:a |an )?(?:really |very )?(?:strong|good|"
    r"great|positive|excellent|glowing|lovely|five-star) (?:feedback|review|reviews|rating)\b",
    r"\b(?:i|we|they|he|she|it|everyone|the [a-z]+) became (?:more|less|much|far|a lot)\b",
    r"\b(?:improved|doubled|halved|tripled|went from)\b",
    rf"\b(?:reduced|increased|raised|dropped|rose|grew|cut|shortened|lowered|decreased|"
    rf"boosted|fell|went up)(?: [a-z-]+){{0,3}} (?:by|from|to) (?:[a-z-]+ )?(?:\d+|{_NUMBER})\b",
    r"\b(?:i|we|everyone|everybody|they|he|she|the team) (?:managed to|succeeded|finished|"
    r"completed|met (?:the|our|my|all|every|each|their|its)|hit|achieved|won|"
    r"delivered|shipped|passed(?! (?:[a-z]+ )?(?:on|over|along)\b)|cleared|"
    r"reached(?! (?:and|out|for|over|into|across|up|down)\b)|"
    r"solved|exceeded|surpassed|beat|retained|kept (?:the|our|their) (?:client|account|customer|"
    r"contract)|"
    r"resolved|restored|went live|got through|made it|pulled it off|signed|closed|were able "
    r"to|was able to|aligned|agreed|deployed)\b",
    r"\b(?:they|he|she|it|the [a-z]+|my [a-z]+|our [a-z]+) (?:calmed down|settled|"
    r"understood|came back|called back|rang back|phoned back|wrote back|emailed back|returned|"
    r"accepted|loved|liked|thanked|smiled|nodded|hugged|apologized|passed away|died|"
    r"pulled through|did not make it|didn't make it|"
    r"apologised|offered|decided|recovered|agreed|approved|caught|hired|promoted|"
    r"signed off|adopted|retained|renewed)\b",
    r"\b(?:dropped|fell|rose|grew|improved|increased|decreased|went up|went down) "
    r"(?:significantly|dramatically|sharply|noticeably|steadily|a lot|by half)\b",
    r"\bmade (?:them|him|her|everyone|everybody|the [a-z]+) (?:happy|happier|feel better|"
    r"feel heard|feel safe|much calmer|calmer)\b",
    # Everything done: a universal subject with a completed verb ("every order had been
    # shipped", "all the rooms were ready by six").
    r"\b(?:every|all|all the|all of the|everything|everyone|everybody|each) (?:[a-z-]+ ){0,2}"
    r"(?:had been|was|were|got) (?:[a-z]+ly )?(?:[a-z]+ed|done|seen|sent|paid|built|made|"
    r"taken|given|written|caught|found|ready|back)\b",
    # Problems that did not come: "no missed doses", "no further complaints".
    r"\bno (?:lost|missed|late|failed|broken|wrong|further|repeat) [a-z]+",
    # A claim of success, and a step completed in a stated time ("restored service in 40
    # minutes").
    r"\bsuccessfully\b",
    r"\b(?:problem|issue|crisis|mystery|disaster|job) (?:solved|resolved|averted|fixed|done|"
    r"sorted)\b",
    rf"\b(?:restored|resolved|fixed|solved|completed|finished|delivered|cleared|shipped|"
    rf"launched|closed) (?:[a-z-]+ ){{0,3}}(?:in|within|in under|in less than) {_NUMBER} "
    rf"{_UNIT}\b",
    r"\b(?:never happened again|no (?:complaints|issues|problems|errors|incidents|accidents|"
    r"findings)|"
    r"nobody (?:got hurt|was hurt|missed|complained|waited)|nothing (?:was|got) (?:missed|lost)"
    r"|no accidents occurred)\b",
    r"\b(?:came back|stayed with us|kept (?:using|coming)|still use|still uses|loyal)\b",
    rf"\b(?:on time|ahead of schedule|under budget|before the deadline|in time|within "
    rf"{_NUMBER} {_UNIT})\b",
    r"\b(?:went (?:well|smoothly|fine|okay|ok|alright|all right|to plan|live|really well|"
    r"great|down well)|took less time)\b",
    # The verdict that closes a story, as people say it: "it was fine", "it was okay in the
    # end" (a clause of its own: not "it was fine to leave it").
    r"\b(?:it|that|things|it all|everything) (?:was|were) (?:all )?(?:fine|okay|ok|alright|"
    r"all right|good)(?=$| (?:and|but|so|in the end|after all|i guess|i think|though|then|"
    r"afterwards|eventually|again|really|now)\b)",
    # The other side's thanks: "he emailed later to say thank you".
    r"\b(?:he|she|they|the [a-z]+|her [a-z]+|his [a-z]+|their [a-z]+) (?:[a-z]+ ){0,3}"
    r"(?:to say thank(?:s| you)|to thank (?:me|us)|said thank(?:s| you))\b",
    r"\b(?:that|which|it|this) (?:really )?(?:helped|worked|solved|fixed|saved|led to|"
    r"resulted|prevented|changed|made a (?:[a-z]+ )?difference|ensured)\b",
    # A verdict on how it went: "it was a real success", "it all worked out", "we got it done".
    r"\b(?:was|were) (?:a |an )?(?:big |huge |real |great |complete |total )?(?:success|hit|"
    r"win)\b",
    r"\b(?:it|that|everything|things) (?:all )?(?:turned|worked) out(?! to| that)\b",
    r"\bgot (?:it|them|everything|everyone|the [a-z]+) (?:done|fixed|sorted|working|through|"
    r"back on track|signed)\b",
    r"\b(?:the|their|her|his) feedback was (?:really |very |so )?(?:great|positive|good|"
    r"excellent|glowing)\b",
    r"\b(?:problem|issue|mistake|error|complaint) (?:never|didn't|did not) (?:happened|happen|"
    r"come up|came up|recur|return)\b",
    r"\b(?:didn't|did not|never) (?:lose|miss|happen again|have (?:a|any) (?:complaint|"
    r"problem|issue))\b",
    # A problem that did not come back ("we never had that complaint again").
    r"\bnever (?:[a-z']+ ){1,5}again\b",
    # Praise for how the speaker handled it, reported ("my manager said I handled it well").
    r"\b(?:said|told (?:me|us)|let me know) (?:that )?(?:i|we) (?:had )?(?:handled|did|dealt "
    r"with|managed) (?:[a-z]+ ){0,3}(?:well|brilliantly|perfectly|a (?:great|good|fantastic) "
    r"job)\b",
    # Hired, given the job, or it paid off: "was lucky enough to get hired", "it got me the
    # job", "my patience has paid off".
    r"\b(?:got|get|getting) hired\b|\bgot (?:me|us) (?:the|a|an) (?:job|contract|offer|"
    r"promotion|role|position|place)\b|\b(?:has|had|have|really) paid off\b|"
    r"\b(?:i|we) (?:ended up|missed out|got the job|was hired|got an offer|"
    r"got the offer|got the contract|signed an offer)\b",
    r"\b(?:subsequent|later|future) [a-z]+ (?:met|were|was|went|ran)\b",
    r"\b(?:i've|we've|i have|we have) (?:closed|cut|reduced|improved|since|now)\b",
    r"\b(?:haven't|hasn't|have not|has not|hadn't) (?:[a-z']+ ){0,4}since\b",
    r"\bgot (?:every|all|everyone|everything)\b",
    r"\b(?:made|was making) a (?:full |good |quick )?recovery\b",
    r"\b(?:he|she|they|the [a-z]+) (?:was|were) (?:seen|moved|discharged|rehoused|referred|"
    r"treated|transferred|sorted|refunded|caught|promoted|hired)\b",
    r"\b(?:he|she|they|it|the [a-z]+) (?:arrived|renewed|signed|reissued|got (?:in|the|their|"
    r"what)|survived|stayed)\b",
    r"\b(?:left|gave) (?:us |me )?(?:a|an) (?:[a-z-]+ ){0,2}(?:tip|review|rating)\b",
    r"\bby the (?:deadline|time|end)\b",
    # A later time, after the steps, tells what came of them: "nine months later, I got the
    # call" (before the first step it is still the scene).
    rf"\b{_NUMBER} (?:[a-z]+ )?{_UNIT} later\b",
    rf"\b(?:after|within|in under|in less than) {_NUMBER} {_UNIT} (?:he|she|they|we|i|the|it|"
    rf"everyone|all|his|her|their|our|my)\b",
    r"\b(?:went|was) out (?:on time|right away|that day|the same day|that (?:morning|afternoon|"
    r"evening|night)|the next (?:morning|day))\b",
    r"\b(?:he|she|they|everyone|everybody|everything) (?:was|were) (?:fine|okay|ok|"
    r"happy|grateful|pleased)\b",
    # Outcomes as a coach hears them: a state restored or completed, a change that lasted,
    # fewer problems, a lesson for next time.
    # A passive or state outcome: something got finished, fixed or back to normal ("the
    # backlog was cleared", "the patch was finally approved").
    r"\b(?:was|were|got|had been) (?:all |finally |successfully |eventually |quickly |fully |"
    r"then |now )?(?:back (?:up|to normal|on track)|restored|cleared|completed|finished|"
    r"delivered|launched|rolled out|back online|resolved|fixed|solved|sorted out|"
    r"corrected|recovered|approved|signed off|implemented|adopted|reinstated|released|"
    r"processed|avoided|prevented)\b",
    # A comparison with before ("twice as fast as before", "quieter than usual").
    r"\b(?:[a-z]+er|more [a-z]+|less [a-z]+|fewer [a-z]+) than (?:before|usual|ever|last "
    r"(?:year|month|week|time|quarter)|the (?:year|month|week|quarter) before)\b",
    r"\b(?:twice|three times|four times|[a-z0-9]+ percent) (?:as [a-z]+|more|fewer|less|faster|"
    r"quicker|higher|lower)\b",
    r"\b(?:is|are|was) still (?:used|in use|running|working)\b",
    r"\bbecame (?:the|our) (?:standard|norm|default|template)\b",
    r"\b(?:fewer|less) (?:complaints|errors|mistakes|calls|returns|incidents|delays|"
    r"no-shows|tickets)\b",
    rf"\b(?:down|up) (?:from [a-z0-9]+ )?to (?!an? )(?:\d+|{_NUMBER})\b",  # not "up to a belt"
    r"\bsav(?:ed|ing) (?:us |the company |the team |them )?(?:\d+|about|around|over|hours|"
    r"time|money)\b",
]
RESULT = LESSON + OUTCOME
HYPOTHETICAL = [
    r"\b(?:i|we|you) (?:would|will|should|might|'d|'ll)\b(?! (?:say|like|love|describe|"
    r"think|imagine|rather|hope|prefer|definitely say|probably say|never|have)\b)",
    r"\b(?:i'd|we'd|i'll|we'll|you'd|you'll)\b(?! (?:say|like|love|describe|rather|"
    r"imagine|prefer|be honest|probably say|already|never|just|been|done|had|have|\w+ed|"
    r"\w+en)\b)",
    r"\b(?:i'm|we're) going to\b",
    r"\bif (?:a|an|the|someone|somebody|my|i) \w+ (?:was|were|is|are|came|comes|called|calls|"
    r"asked|asks|had|has|don't|do)\b",
    rf"\b(?:i|we) {_HABIT} (?!been)\w+",
    r"\b(?:when|whenever|once) (?:dealing|a customer|a patient|someone|i see|i get|the)\b",
    r"\bthe first (?:step|thing) (?:is|i do)\b",
]

# Words just before a cue that make it hoped-for, hypothetical or a purpose, not an outcome.
_NOT_OUTCOME_BEFORE = {"would", "will", "could", "might", "should", "i'd", "we'd", "i'll",
                       "we'll", "if", "hope", "hopefully", "want", "wanted", "to", "ensure",
                       "sure", "so", "may", "can", "can't", "you'd", "you'll", "they'll",
                       "they'd", "it'd", "it'll", "'d", "'ll", "aim", "goal", "whether"}
_NOT_SCENE_BEFORE = {"if", "would", "will", "whenever", "imagine", "say", "suppose", "i'd",
                     "i'll", "could", "might", "should", "we'd", "you'd", "ensure", "sure"}
# Purpose words that matter only right before a cue ("to make sure they left happy").
_RIGHT_BEFORE = {"to", "so", "what", "how", "whether"}
_NEGATION_BEFORE = {"not", "never", "wasn't", "weren't", "didn't", "no", "hardly"}
# A subject opens its own clause after these (or at a sentence start): "and I had to".
_CLAUSE_OPENERS = {"and", "but", "so", "because", "cause", "then", "when", "while", "since",
                   "although", "though", "as", "once", "after", "before", "until", "now",
                   "first", "also", "finally", "basically", "honestly", "well", "yes", "yeah",
                   "okay", "ok", "that", "which", "where", "soon", "still", "just", "really",
                   "knew", "realised", "realized", "felt", "thought", "decided", "day",
                   "time", "week", "year", "night", "morning", "shift", "today", "again",
                   "there", "here", "quickly", "immediately", "suddenly"}
_ATTITUDE = {"be", "stay", "remain", "keep", "feel", "seem", "look", "sound"}
_CALM = {"calm", "cool", "patient", "positive", "quiet", "focused", "professional", "composed"}
# A past clause opened by these dates another event ("after I did a practice run, I...").
_TIME_CLAUSE = {"when", "after", "before", "since", "until", "while", "whenever"}
_REPORTING = {"said", "says", "told", "tells", "thought", "think", "guess", "felt", "feel",
              "know", "knew"}
_COMPILED: dict[str, re.Pattern] = {}


def _compiled(name: str, patterns: list[str]) -> re.Pattern:
    """The cue list as one alternation: a single scan of the answer instead of one per cue
    (the first cue that matches at a position wins, which is all the spans need)."""
    if name not in _COMPILED:
        _COMPILED[name] = re.compile("|".join(f"(?:{p})" for p in patterns))
    return _COMPILED[name]


_SCANNERS: dict[re.Pattern, re.Pattern] = {}


def _scanner(pattern: re.Pattern) -> re.Pattern:
    """The cue pattern tried at every word start in one scan: a lookahead, so the matches
    may overlap and each start gets the cue that `pattern.match` would find there."""
    if pattern not in _SCANNERS:
        _SCANNERS[pattern] = re.compile(rf"(?<![^ ])(?=({pattern.pattern}))")
    return _SCANNERS[pattern]


_I_STEP = re.compile(rf"(?<![^ ])(i|we)('d|'ll)? {_ADVERBS}(?:(would|{_HABIT}) {_ADVERBS})?"
                     rf"(?!(?:i|we) )([a-z][a-z'-]*)\b")
_IRREGULAR_PAST = IRREGULAR_PAST


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
    i_actions: int  # steps told with "i"
    we_actions: int  # past steps told with "we"
    hypothetical_cues: tuple[Evidence, ...]
    hypothetical: bool  # told as what the speaker would do, with no real past event
    we_only: bool  # steps told only as "we": Action is then missing
    we_evidence: tuple[Evidence, ...] = ()  # the "we" steps, for the tip


def clean_tokens(tokens: Sequence[Token], filler_positions: set[int]) -> list[Token]:
    """Tokens without fillers and without immediate repeats ("i i went" -> "i went")."""
    out: list[Token] = []
    for k, t in enumerate(tokens):
        if k in filler_positions:
            continue
        if out and out[-1].text == t.text and t.text not in {"had", "that", "very", "really"} \
                and not out[-1].sentence_end:  # "collect it. It arrived": two sentences
            continue
        out.append(t)
    return out


_CLAUSE_END_WORDS = {"and", "but", "so", "because", "which", "while", "then", "although",
                     "though", "whereas", "until", "after", "before", "when", "since", "as",
                     "once", "if"}
# A subject pronoun after the cue starts the next clause ("i applied | i would be...").
_NEXT_SUBJECT = {"i", "we", "he", "she", "they", "i'm", "i'd", "we're", "he's", "she's",
                 "they're"}


_SUBJECT_PRONOUNS = {"i", "we", "he", "she", "they", "it", "everyone", "everybody", "nobody",
                     "everything", "this", "that", "which"}
_NP_START = {"the", "my", "our", "his", "her", "their", "a", "an", "every", "all", "each",
             "this", "that", "these", "those", "your"}


def _subject_start(toks: list[Token], first: int) -> int:
    """Where the subject of a cue that starts at its verb begins ("[the customer] was
    delighted", "[she] thanked me"), so the quote says who; `first` when there is none."""
    if first == 0 or toks[first].sentence_start or not _finite(toks[first].text) and \
            toks[first].text not in {"got", "thanked", "praised", "became", "left"}:
        return first
    if toks[first - 1].text in _SUBJECT_PRONOUNS:
        return first - 1
    for k in range(first - 1, max(-1, first - 4), -1):
        w = toks[k].text
        if w in _NP_START:
            return k
        if _finite(w) or w in _CLAUSE_END_WORDS or toks[k].sentence_end:
            break
    return first


def _evidence(j: Joined, first: int, last: int, longest: int = 12,
              framed: bool = False, subject: bool = False) -> Evidence:
    """The cue's own clause: from the cue to the end of its clause, at most `longest`
    words, so the quote shows the element and nothing after it. A `framed` cue (a scene's
    time or place, "in my last role") is no clause of its own: its quote runs on through
    the clause it frames ("in my last role a customer came in upset")."""
    toks = j.tokens
    if subject:
        first = _subject_start(toks, first)
    stop = min(len(toks) - 1, first + longest - 1)
    end = max(last, first)
    k = end
    verb = not framed or any(_finite(t.text) for t in toks[first:end + 1])
    while k < stop:
        if toks[k].sentence_end or "," in toks[k].punct_after and k - first >= 3 and verb:
            break
        if verb and toks[k + 1].text in _CLAUSE_END_WORDS and k - first >= 2:
            break
        if verb and toks[k + 1].text in _NEXT_SUBJECT and k >= last and k - first >= 1:
            break
        if k >= last and _past_form(toks[k + 1].text) and k - first >= 1 and \
                _past_form(toks[k].text):
            break  # "i applied | came figuring...": a second verb starts the next step
        k += 1
        verb = verb or _finite(toks[k].text)
    end = max(end, k)
    words = " ".join(t.text for t in toks[first:end + 1])
    return Evidence(words, first, end, toks[first].index, toks[end].index,
                    toks[first].start, toks[end].end)


def _dates_clause(clean: list[Token], a: int) -> bool:
    """The word at `a` ("when") follows a clause of its own that has a past verb."""
    if clean[a].sentence_start or a > 0 and clean[a - 1].text in {"is", "was"}:
        # "... several jobs. When my son was eight, I ...": it opens a sentence; "which is
        # when I was studying": it names the time.
        return False
    for k in range(a - 1, max(-1, a - 8), -1):
        if _finite(clean[k].text):
            return True
        if clean[k].sentence_start or "," in clean[k].punct_before or k == 0 or \
                clean[k - 1].text in {"and", "but", "so", "or", "because", "then"}:
            return False
    return False


_SPEECH = {"said", "says", "told", "tells", "explained", "explains", "replied", "insisted",
           "mentioned", "warned", "informed", "reminded"}


def _reported(clean: list[Token], a: int) -> bool:
    """The clause at `a` is what someone said: "I told the customer that I needed his
    details" (a speech verb, perhaps its listener, then "that")."""
    if a == 0 or clean[a - 1].text != "that":
        return False
    for k in range(a - 2, max(-1, a - 6), -1):
        if clean[k].text in _SPEECH:
            return True
        if clean[k].sentence_end or clean[k].text in _CLAUSE_END_WORDS:
            return False
    return False


def _starts_clause(clean: list[Token], a: int) -> bool:
    """The word at `a` opens a clause: a sentence start, or after a clause opener."""
    if a == 0 or clean[a].sentence_start or "," in clean[a].punct_before:
        return True
    return clean[a - 1].text in _CLAUSE_OPENERS


_DETS = {"the", "a", "an", "this", "these", "those", "every", "all", "any", "some", "each",
         "what", "which"}
_AFTER_GAP = {"", "and", "but", "or", "was", "were", "is", "are", "in", "at", "on", "for",
              "before", "after", "with", "by", "because", "so", "then", "later", "first",
              "about", "regarding", "during", "from", "to", "into", "over", "until", "when",
              "while", "if"}


_PREPOSITIONS = {"in", "on", "at", "during", "after", "before", "for", "by", "from", "with",
                 "over", "under", "until", "through", "throughout", "within", "into"}


def _in_relative_clause(clean: list[Token], a: int, verb_at: int) -> bool:
    """"the forms we had to sign were long", "the one I gave": a noun phrase before the
    subject at `a`, and the verb at `verb_at` has no object of its own (its object is that
    noun). A phrase after a preposition is no such noun phrase: "in the meantime we had to
    work with what we had"."""
    det = next((a - k for k in (2, 3) if a - k >= 0 and clean[a - k].text in _DETS), None)
    if det is None or (det > 0 and clean[det - 1].text in _PREPOSITIONS):
        return False
    if clean[a - 1].text in _CLAUSE_OPENERS or clean[a].sentence_start:
        return False
    return verb_at + 1 >= len(clean) or clean[verb_at].sentence_end or \
        clean[verb_at + 1].text in _AFTER_GAP


def _find(j: Joined, pattern: re.Pattern, before: set[str] = frozenset(),
          negation: bool = False) -> list[tuple[int, int]]:
    spans = []
    toks = j.tokens
    text = j.text
    token_at = {offset: k for k, offset in enumerate(j.offsets)}
    for m in _scanner(pattern).finditer(text):
        # Cues start at a token and end at one ("once" is no cue in "once-in-a-lifetime").
        start, end = m.start(1), m.end(1)
        if end < len(text) and text[end] != " ":
            continue
        a = token_at[start]
        b = j.token_span(start, end)[1]
        if any(toks[k].sentence_end for k in range(a, b)):
            continue  # a cue is said within one sentence ("... next time. I feel ...")
        near = set()
        for k in range(a - 1, max(-1, a - 4), -1):  # the words before, in the same sentence
            if toks[k].sentence_end:
                break
            near.add(toks[k].text)
        if near & before - _RIGHT_BEFORE or \
                (a > 0 and toks[a - 1].text in before & _RIGHT_BEFORE):
            continue
        if negation and {t.text for t in j.tokens[max(0, a - 1):a]} & _NEGATION_BEFORE:
            continue
        spans.append((a, b))
    return sorted(set(spans))


def _finite(word: str) -> bool:
    """A verb that makes a clause of a scene's frame ("a customer came", "there was")."""
    return _past_form(word) or word in {"was", "were", "had", "is", "are"}


def _past_form(verb: str) -> bool:
    return verb in _IRREGULAR_PAST or (len(verb) > 4 and verb.endswith("ed")
                                       and not verb.endswith("eed"))


def _is_step(verb: str, nxt: str, modal: str | None) -> tuple[bool, bool]:
    """(is a step, is past): whether "I <verb>" tells a concrete step, and in which tense."""
    if modal == "'d" and (_past_form(verb) or verb in {"done", "been"}):
        modal = None  # "I'd already written the tests": "I had", a past step
    if modal:  # "I would check", "I'd call", "I always scan"
        return verb not in STATIVE and not _past_form(verb), False
    if _past_form(verb):
        if verb in NOT_ACTIONS:
            allowed = _STEP_WHEN_FOLLOWED.get(verb)
            if verb in {"started", "began"} and nxt.endswith("ing") and \
                    nxt[:-3] + "ed" not in NOT_ACTIONS and nxt not in _REACTIONS:
                return True, True  # "I started applying", not "I began working there"
            return (allowed is not None and nxt in allowed), True
        return True, True
    # Present tense "I scan the forms": a habitual step when the verb is not a state.
    return (verb not in STATIVE and not verb.endswith("ing") and not verb.endswith("'s")
            and len(verb) > 2 and nxt not in {"to", "that", "it's"}), False


# What happens to the speaker rather than what they do: "I started crying".
_REACTIONS = {"going", "being", "crying", "panicking", "shaking", "laughing", "sweating",
              "worrying", "stressing", "freaking", "feeling", "thinking", "wondering",
              "getting"}
_INNER_SPEECH = {"told", "tell", "promised", "promise", "reminded", "remind", "asked", "ask",
                 "convinced"}
_OBJECTS = _DETS | {"my", "our", "his", "her", "their", "them", "him", "it", "everything"}
_RECEIVED = {"call", "email", "message", "news", "job", "offer", "chance", "result",
             "results", "go-ahead", "okay", "phone", "text", "letter", "feedback"}


def _not_a_step(after_i: list[str]) -> bool:
    """Verbs after "I" that tell no step by what follows them: words to oneself ("I told
    myself"), an aside to the listener ("I tell ya", "I'll give you an example"), the
    speaker's own error ("I made a mistake"), something received ("I got the call"), an exam
    passed, and breaking down in tears ("I broke down and cried", not "I broke down the
    task")."""
    verb, nxt, then = (list(after_i) + ["", "", ""])[:3]
    if verb in _INNER_SPEECH and nxt == "myself" or \
            verb in {"tell", "give", "show"} and nxt in {"you", "ya"}:
        return True
    if verb in {"made", "make"} and (nxt in {"mistakes", "errors"} or
                                     nxt in {"a", "an"} and then in {"mistake", "error"}):
        return True
    if verb == "got" and nxt in {"the", "a", "an", "that", "this"} and then in _RECEIVED:
        return True  # "I got the call", "I got an email": received, not done
    if verb == "passed" and not {"to", "on", "over", "along", "back"} & set(after_i[1:]):
        return True  # "I passed the assessment": an outcome; "passed it to the nurse" is a step
    return verb == "broke" and nxt == "down" and then not in _OBJECTS


# "I was trying to think", "I wanted to scream": a thought or an impulse, not a goal.
_THOUGHT_OR_OUTBURST = {"think", "remember", "recall", "understand", "imagine", "say", "tell",
                        "scream", "shout", "yell", "cry", "laugh", "run", "hide", "quit"}
_OPENERS = {"so", "well", "okay", "ok", "right", "yeah", "um", "uh", "sure", "alright"}
_NOT_EVENT_SUBJECT = _SUBJECT_PRONOUNS | {"you", "there", "what", "my", "i've", "i'd", "i'm"}


def _opening_event(words: list[str]) -> list[tuple[int, int]]:
    """A story that opens on someone else's past event ("the company commissioned a new
    system", "our biggest client threatened to leave") sets its scene there: the first
    clause, with a subject of at most four words that is not the speaker nor "my ..." (the
    speaker's own weakness, job or day), and a past verb of action (not a state: "the
    hardest part was waiting", "public speaking used to scare me")."""
    a = 0
    while a < len(words) and words[a] in _OPENERS:
        a += 1
    if a >= len(words) or words[a] in _NOT_EVENT_SUBJECT:
        return []
    for v in range(a + 1, min(len(words), a + 5)):
        w = words[v]
        if w in _CLAUSE_END_WORDS or w in _NEXT_SUBJECT:
            return []
        if _past_form(w):
            if w in NOT_ACTIONS or w in {"said", "told", "made"}:
                return []
            return [(a, v)]
    return []


def find_star(clean: list[Token]) -> StarFindings:
    """Detect the STAR elements in an answer's clean tokens (see `clean_tokens`)."""
    j = Joined(clean)
    words = [t.text for t in clean]
    # "We often argued", "I usually stayed late": a habit told in the past narrates a real
    # period, so it is no cue of a hypothetical answer.
    hypo = [(a, b) for a, b in _find(j, _compiled("h", HYPOTHETICAL))
            if not (a < b and words[a + 1] in _HABIT_WORDS and _past_form(words[b]))]

    past_steps, modal_steps, present_steps, we_steps = [], [], [], []
    for m in _I_STEP.finditer(j.text):
        a, b = j.token_span(m.start(), m.end())
        verb = m.group(4)
        nxt = words[b + 1] if b + 1 < len(words) else ""
        prev = words[a - 1] if a > 0 else ""
        if prev in {"how", "what", "like", "as", "where", "whatever", "whether", "if",
                    "unless"}:
            continue  # "how I saw it", "as I mentioned", "if I retire": inside another clause
        if (prev in _TIME_CLAUSE or words[max(0, a - 3):a] == ["by", "the", "time"]) and \
                not (hypo and m.group(2) or m.group(3)):
            continue  # "when I last spoke to him", "by the time I got there": a time
        if prev in _REPORTING | {"figured", "hoped", "wondered"}:
            continue  # "I thought I'd ask the flower guy", "he said I'd call": a thought
        step, past = _is_step(verb, nxt, m.group(2) or m.group(3))
        if _not_a_step(words[b:b + 5]):
            continue
        # "The first thing I did was call the ward": the step is named after "was".
        told_step = a > 0 and words[a - 1] in {"thing", "step", "move"} and \
            nxt in {"was", "is"} and verb in {"did", "do", "took", "take", "made", "tried"}
        step = step or told_step
        to_at = b + 2 if words[b + 1:b + 3] == ["sure", "to"] else b + 1 if nxt == "to" else 0
        if to_at and to_at + 1 < len(words) and words[to_at + 1] in _ATTITUDE or \
                (m.group(2) or m.group(3)) and (verb in _ATTITUDE - {"keep", "look"} or
                                                verb == "keep" and nxt in _CALM):
            step = False  # "I made sure to stay calm", "I'd stay calm": an attitude
        if not step or verb.endswith("n't") or " never " in m.group(0) or " not " in m.group(0):
            continue
        if _in_relative_clause(clean, a, b) and not told_step:
            continue  # "the one I gave", "a customer I served complained": a noun's detail
        if m.group(1) == "we":
            if past:
                we_steps.append((a, b))
            continue
        if told_step:  # quoted from "the first thing ..."
            a = next((k for k in range(a - 1, max(-1, a - 4), -1) if words[k] in _DETS), a)
        if past:
            past_steps.append((a, b))
        elif m.group(2) == "'d" or m.group(3):
            modal_steps.append((a, b))  # "I'd call", "I would check", "I always scan"
        else:
            present_steps.append((a, b))  # "I scan the forms", "I'll explain"
    narrated = len(past_steps) + len(we_steps)
    # A past story: past verbs after a subject ("i walked", "she was"). Its present-tense
    # asides are no steps; a habitual or hypothetical answer's present verbs are.
    subjects = {"i", "we", "he", "she", "they", "it"}
    story = sum(1 for k in range(1, len(words)) if words[k - 1] in subjects
                and (_past_form(words[k]) or words[k] in {"was", "were", "had"})) >= 2
    hypothetical = len(hypo) >= 2 and narrated == 0 and not story
    # What the speaker would do or always does is a step wherever it is told, also inside a
    # story ("each morning I'd check the list"); a bare present verb in a past story is an
    # aside to the listener ("I'll explain", "I give you an example"), not a step.
    actions = sorted(past_steps + modal_steps +
                     (present_steps if (hypothetical or not story) else []))

    scene = [] if hypothetical else _find(j, _compiled("s", SITUATION), _NOT_SCENE_BEFORE)
    # A scene needs a story: the answer narrates the past (a past verb after the cue).
    past_verbs = [k for k, w in enumerate(words)
                  if _past_form(w) or w in {"was", "were", "had", "fell", "broke", "went",
                                             "wasn't", "weren't", "didn't", "hadn't",
                                             "couldn't"}]
    # ... told in the past in the scene's own clause ("in my current role I manage the desk"
    # describes a job, "in my last role a customer came in" opens a story).
    scene = [(a, b) for a, b in scene if any(a <= k <= a + 14 for k in past_verbs)]
    # "(a time) when I was at the clinic, ..." opens a scene; after a past clause ("they
    # were young when we started") it only dates that clause.
    scene = [(a, b) for a, b in scene
             if words[a] not in {"when", "while", "whilst"} or not _dates_clause(clean, a)]
    if not scene and story and not hypothetical:
        scene = _opening_event(words)

    task = []
    for a, b in _find(j, _compiled("t", TASK), {"if", "would", "what", "how", "whether"}):
        first = words[a]
        if first in {"i", "we"}:
            if _in_relative_clause(clean, a, b + 1) or (a > 0 and words[a - 1] in _REPORTING) \
                    or _reported(clean, a):
                continue  # "the forms we had to sign", "he said I needed to wait"
            if words[a + 1] in {"have", "need"}:
                continue  # "I have to say", "I need to": no narrated responsibility
            if a > 0 and words[a - 1] == "than":
                continue  # "longer hours than I had to": a comparison
        if words[b] == "to" and (b + 1 >= len(words) or words[b + 1] in _DETS | _PREPOSITIONS
                                 | {"my", "our", "his", "her", "their"}):
            continue  # "I was assigned to a sick baby": an allocation, not a duty
        if first in {"my", "our"} and {"job", "role", "position"} & set(words[a:b + 1]) and \
                words[b] in {"was", "is", "were", "are"} and b + 1 < len(words) and \
                words[b + 1] != "to" and not words[b + 1].endswith("ing"):
            continue  # "my first job was at a hardware store": where, not what to do
        task.append((a, b))
    if scene:  # inside a narrated event, what the speaker set out to do is the task
        task += [(a, b) for a, b in _find(j, _compiled("tw", TASK_IN_STORY))
                 if _starts_clause(clean, a) and
                 (b + 1 >= len(words) or words[b + 1] not in _THOUGHT_OR_OUTBURST)]
    if hypothetical:  # in a hypothetical answer only an explicit goal counts
        task = [(a, b) for a, b in task if words[a] in {"my", "our", "it"}]

    first_step = min((a for a, _ in actions + we_steps), default=-1)
    result = []
    if not hypothetical and (actions or we_steps or scene or task):
        # An outcome needs something it is the outcome of; when the speaker tells steps, it
        # is told after the first of them (before it, "which meant..." is still the scene).
        outcomes = _find(j, _compiled("o", OUTCOME), _NOT_OUTCOME_BEFORE, negation=True)
        # What the speaker set out to achieve is the goal, not what came of it: "my goal
        # was to get everyone seen on time".
        goals = [_evidence(j, a, b) for a, b in task]
        result = sorted(_find(j, _compiled("l", LESSON), _NOT_OUTCOME_BEFORE, negation=True)
                        + [(a, b) for a, b in outcomes if a > first_step
                           and not any(g.first <= a <= g.last for g in goals)
                           # "when I finished it, I worked...": the time of the next event
                           and not (a > 0 and words[a - 1] in _TIME_CLAUSE | {"once"})])

    spans = {"situation": scene, "task": sorted(task), "action": actions, "result": result}
    quoted = dict(spans)
    # The scene is set before the speaker's steps: later time or place cues are details of
    # the story, so they are quoted only when nothing before the first step sets it.
    quoted["situation"] = [(a, b) for a, b in scene if a < first_step] or scene
    # A cue that is also the task's words ("I was asked to lead") is quoted as the task; the
    # scene is quoted from another cue when there is one.
    task_words = {k for a, b in task for k in range(a, b + 1)}
    quoted["situation"] = [(a, b) for a, b in quoted["situation"] if a not in task_words] \
        or quoted["situation"]
    # One scene: it is quoted once, where it is first set, and it ends where a task begins
    # ("last holiday season | I was assigned a parcel that had to...").
    scene_quote = tuple(
        _evidence(j, a, b, framed=True,
                  longest=min([t - a for t, _ in task if b < t < a + 12], default=12))
        for a, b in _spread(quoted["situation"], 1))
    # The clause that sets the scene ("one day I mixed up three orders") tells what happened;
    # the steps quoted are the ones after it, when there are any.
    scenes = [_evidence(j, a, b, framed=True) for a, b in scene]
    quoted["action"] = [(a, b) for a, b in actions
                        if not any(q.first < a <= q.last for q in scenes)] or actions
    # A result cue without a verb ("as a result", "in the end") frames the clause that tells
    # the outcome: its quote runs on through that clause.
    evidence = {e: tuple(_evidence(j, a, b, subject=e == "result", framed=e == "result")
                         for a, b in _spread(quoted[e])) for e in ELEMENTS}
    evidence["situation"] = scene_quote
    present = {e: bool(spans[e]) for e in ELEMENTS}
    return StarFindings(present, evidence, len(actions), len(we_steps),
                        tuple(_evidence(j, a, b, 8) for a, b in _spread(hypo)),
                        hypothetical, bool(we_steps) and not actions,
                        tuple(_evidence(j, a, b) for a, b in _spread(we_steps)))


def _spread(spans: list[tuple[int, int]], limit: int = 3) -> list[tuple[int, int]]:
    """At most `limit` spans that do not overlap, earliest first."""
    chosen: list[tuple[int, int]] = []
    for a, b in spans:
        if all(b < c or a > d + 4 for c, d in chosen):
            chosen.append((a, b))
        if len(chosen) == limit:
            break
    return chosen
