"""The coaching rules of issue 13, one statement each (tests/data/LABELLING.md): STAR elements
by grammar (first person, tense, "would"/"always", clause openers) and the filler rules that
depend on position. Sentences are made up in the style of real answers; each rule is checked
both ways, so a rule that fires everywhere or nowhere fails."""

from __future__ import annotations

import pytest

from mockinterview.analysis import analyse_answer
from mockinterview.transcript import Transcript


def star(text: str) -> dict[str, bool]:
    return analyse_answer(Transcript.from_text(text)).star


def result(text: str):
    return analyse_answer(Transcript.from_text(text))


def discourse(text: str) -> list[tuple[int, str]]:
    return [(e.index, e.word) for e in result(text).filler_events if e.kind == "discourse"]


# ---------------------------------------------------------------- Action


@pytest.mark.parametrize("text", [
    "if the printer jammed i would check the tray first and then i'd call the helpdesk",
    "i always scan the forms into the record before the patient leaves",
    "my routine is simple i check the rota i phone the agency and i update the board",
])
def test_hypothetical_and_habitual_first_person_steps_are_actions(text):
    assert star(text)["action"]


@pytest.mark.parametrize("text", [
    "as i mentioned i became curious about it and i felt nervous",
    "i tried my best and i was the team lead",
    "the doctor called the family and the nurse changed the dressing",
    "i would say i'm a calm person and i think i'm organised",
])
def test_states_roles_and_steps_by_others_are_not_actions(text):
    assert not star(text)["action"]


@pytest.mark.parametrize("text, action", [
    ("last year i moved every appointment to the phone", True),
    ("in 2019 i moved to leeds and joined a gp practice", False),
    ("last week i worked out a new rota with the nurse", True),
    ("last year i worked at a busy clinic", False),
    ("one day i passed the message on to the doctor", True),
    ("a patient was lost so i walked her to the ward", True),
    ("last year the system changed so i trained every receptionist on it", True),
    ("in 2015 i trained as a nurse at a big hospital", False),
])
def test_moving_working_passing_walking_training_are_steps_with_an_object_of_work(text,
                                                                                   action):
    assert star(text)["action"] is action


def test_an_attitude_is_not_a_step():
    assert not star("last week a driver shouted at me and i made sure to stay calm and i chose "
                    "to be patient")["action"]
    assert star("last week a driver shouted at me and i made sure to log the complaint")[
        "action"]
    for cut in ("i made sure to", "i made sure", "i chose to"):  # cut off: no crash
        assert not star("last week a driver shouted at me and " + cut)["result"]


def test_a_step_inside_a_when_or_after_clause_dates_another_event():
    assert not star("last year when i spoke to the manager she agreed to a new rota")["action"]
    r = result("last year after i spoke to the manager i wrote a new rota")
    assert r.star["action"]
    assert [q.text.split()[:2] for q in r.measures.star.evidence["action"]] == [["i", "wrote"]]


def test_we_only_story_has_no_action_and_is_flagged():
    r = result("last winter the boiler failed at the school so we moved the classes and we "
               "phoned the council and we kept everyone warm")
    assert not r.star["action"] and r.we_only
    assert r.measures.star.we_evidence  # the tip quotes the "we" steps
    assert any("what you did" in t.text for t in r.tips)


def test_we_mixed_with_one_concrete_i_step_counts():
    r = result("last winter the boiler failed so we moved the classes and i phoned the council")
    assert r.star["action"] and not r.we_only


def test_a_hypothetical_answer_has_no_situation_or_result():
    r = result("if a patient was angry i would stay calm i would listen and i would offer "
               "another appointment so they left happy")
    assert r.hypothetical
    assert r.star["action"] and not r.star["situation"] and not r.star["result"]


# ---------------------------------------------------------------- Task


@pytest.mark.parametrize("text", [
    "last year at the clinic i had to rebook forty patients in one afternoon",
    "on my first shift the printer broke and my job was to get the labels out",
    "my goal is always to get the patient seen on the day",
    "in march the audit moved forward and i had three days to finish the files",
    "one night the alarm went off and we needed to clear the ward",
    "last spring the clinic moved site and the aim was to lose no appointments",
    "in my first job i was tasked with cleaning up the supplier list",
    "last year i took on the job of running the rota and i rebuilt it",
])
def test_task_is_a_stated_responsibility_or_goal(text):
    assert star(text)["task"]


@pytest.mark.parametrize("text", [
    "last year we changed supplier and the forms we had to sign were long",
    "one morning he said i needed to wait in the corridor",
    "one morning the phones went down and the queue was out of the door",  # a problem: S
])
def test_obligations_inside_other_phrases_and_problems_are_not_tasks(text):
    assert not star(text)["task"]


def test_wanting_to_be_something_is_an_ambition_not_a_task():
    assert not star("last year i wanted to become a paramedic so i applied")["task"]
    assert star("last year i wanted to cut the waiting list so i applied for a grant")[
        "task"]


def test_in_a_hypothetical_answer_only_an_explicit_goal_is_a_task():
    assert star("i would need to check the notes and i would call the ward "
                "and i would ask the nurse")["task"] is False
    assert star("i would call the ward and i would ask the nurse my priority would be "
                "the patient's safety")["task"]


# ---------------------------------------------------------------- Situation


@pytest.mark.parametrize("text", [
    "back when i started at the pharmacy a customer came in with a forged prescription "
    "and i called the surgery",
    "during flu season last year we ran out of vaccines and i rang three other branches",
    "a patient once got very upset at the desk and i took her to a quiet room",
])
def test_a_past_scene_opened_in_many_ways_is_a_situation(text):
    assert star(text)["situation"]


@pytest.mark.parametrize("text", [
    "patients can get angry when they wait and i always stay calm",
    "i have worked in retail for three years and i like the pace",
    "i recently graduated and i worked as a carer before that",
    "as a nurse in a busy unit i always check the chart twice",
    # A workplace frame told in the present describes a job; a past verb much later in the
    # answer does not make it a scene.
    "in my current role i manage the front desk and i answer the phones and i enjoy the "
    "variety and my manager said i was calm",
    "we cleared the queue in twenty minutes",
    "during interviews i always keep eye contact",
])
def test_general_statements_career_summaries_and_durations_are_not_situations(text):
    assert not star(text)["situation"]


@pytest.mark.parametrize("text", [
    "it was a time of big change on the ward and i rewrote the handover sheet",
    "our practice was going through a merger and i moved the records",
    "i'll tell you about a time when i was new on reception and i lost a key",
    "during flu season the phones never stopped ringing so i set up a callback list",
])
def test_named_periods_and_states_of_a_workplace_set_a_scene(text):
    assert star(text)["situation"]


@pytest.mark.parametrize("text", [
    "the council commissioned a new booking system and i was put on the project so i "
    "trained every receptionist",
    "our biggest client threatened to leave so i booked a call with them and i rewrote the "
    "plan",
    "well the head office changed the rota software and i ran the training sessions and i "
    "wrote a short guide",
])
def test_a_story_that_opens_on_someone_elses_event_sets_its_scene(text):
    assert star(text)["situation"]


@pytest.mark.parametrize("text", [
    "the hardest part was the waiting and i stayed patient and i kept smiling",
    "public speaking used to scare me so i joined a club and i practised",
    "customers said i was friendly and i liked the job",
    "i would call the patient back and i would apologise",
])
def test_states_the_speakers_own_opening_and_hypotheticals_set_no_scene_that_way(text):
    assert not star(text)["situation"]


@pytest.mark.parametrize("text", [
    "recently i moved the shared files to a new drive and i labelled every folder",
    "early in my career i sent a report to the wrong client and i called them at once",
    "i once covered a night shift alone and i kept a log of every call",
    "while on placement i spotted a dosing error and i told the pharmacist",
    "as a runner at a busy kitchen i dropped a full tray and i cleared it up",
])
def test_recent_and_early_career_occasions_set_a_scene(text):
    assert star(text)["situation"]


@pytest.mark.parametrize("text", [
    "i felt nervous when i was new and i like people",
    "the trainees were young when we started",
])
def test_a_when_clause_after_a_past_clause_only_dates_it(text):
    assert not star(text)["situation"]


# ---------------------------------------------------------------- Result


@pytest.mark.parametrize("text", [
    "last month i sent a patient the wrong letter i phoned her and apologised and what i "
    "took away from it is to read the name twice",
    "last month i sent a patient the wrong letter i phoned her and since then i "
    "double-check every address",
    "last month i sent a patient the wrong letter i phoned her and now i check the date of "
    "birth on everything",
])
def test_lessons_and_changes_count_as_result(text):
    assert star(text)["result"]


@pytest.mark.parametrize("text", [
    "last year i lost a delivery note and i learned to photograph every note",
    "last year i lost a delivery note and looking back i should have asked for a copy",
    "last year i lost a delivery note and i'd do things differently now",
    "last year i lost a delivery note and i should have asked for a copy at the door",
])
def test_lessons_told_as_learning_or_looking_back_count_as_result(text):
    assert star(text)["result"]


@pytest.mark.parametrize("text", [
    "last autumn i organised the open day and it was a real success",
    "one week the ordering went wrong so i rang every supplier and it all worked out",
    "in my last job the audit was due so i stayed late and got it done",
    "in my last job i rewrote the induction pack and the feedback was really positive",
    "last year i added a second check and the mistake never came up again",
    "last quarter i rebuilt the rota which led to a drop in overtime",
    "in my last role i cleaned up the mailing list resulting in fewer bounced emails",
    "last spring i ran the stock take and we exceeded the target",
    "one winter i covered the night shifts and the family sent me a thank you card",
    "last year i redesigned the intake form and there was a 30 percent drop in errors",
    "last year i rewrote the reminder texts and missed appointments dropped sharply",
    "one evening a guest was upset so i moved her table and it made her feel heard",
    "last year i visited the client every month and we retained the account",
])
def test_verdicts_on_how_it_went_count_as_result(text):
    assert star(text)["result"]


def test_a_thank_you_card_the_speaker_sends_is_no_outcome():
    assert not star("last year i applied for a job and i wrote a thank you card that i "
                    "posted the next day")["result"]


@pytest.mark.parametrize("text", [
    "one friday the system went down and i met with two of the managers",
    "last year a customer complained so i called him to make sure he left happy",
])
def test_events_and_hoped_for_outcomes_are_not_results(text):
    assert not star(text)["result"]


def test_what_turned_out_to_be_true_is_no_outcome():
    assert not star("last year a parcel went missing and it turned out to be in the wrong "
                    "van so i called the depot")["result"]
    assert not star("last year a parcel went missing so i called the depot and it turned "
                    "out that the label was wrong")["result"]


@pytest.mark.parametrize("text", [
    "last spring the stock count was wrong so i recounted every shelf and the gap was "
    "finally resolved",
    "in my second year i split the handover into two lists and handovers were quicker than "
    "before",
    "one term i moved the reading group to the mornings and attendance was twice as high",
    "one night the lift failed so i carried the trays up and every patient had been fed by "
    "eight",
    "last year our printer kept jamming so i logged each fault and there were no missed "
    "prescriptions",
    "in my first job the shared drive was a mess so i sorted the folders and successfully "
    "moved the team to one structure",
    "one evening the booking site went down so i rolled back the change and restored it in "
    "twenty minutes",
    "last month a supplier sent the wrong parts so i phoned their manager and they agreed to "
    "a refund",
    "once a daughter rang about a prescription so i walked it over to the gp and it went out "
    "that afternoon",
    "once a daughter rang about a prescription so i walked it over to the gp and she rang "
    "back to say thanks",
])
def test_passive_outcomes_and_comparisons_with_before_are_results(text):
    assert star(text)["result"]


@pytest.mark.parametrize("text", [
    "one morning a patient shouted at the desk so i took him aside and we never had a "
    "complaint from him again",
    "last year the lab lost two samples so i started a sign-out sheet and we never lost one "
    "again",
    "last winter the phones were jammed so i set up a callback list and my manager said i "
    "handled it really well",
    "one day a driver was late so i rerouted the orders and the owner told me i did a great "
    "job",
])
def test_a_problem_that_never_came_back_and_reported_praise_are_results(text):
    assert star(text)["result"]


@pytest.mark.parametrize("text", [
    "one saturday the card reader broke so i took cash and it was fine in the end",
    "last week a patient came in late so i squeezed her in and it went okay",
    "one morning a supplier was late so i rang round and everything was all right",
    "once a visitor turned up early so i found him a room and he emailed later to say "
    "thank you",
])
def test_a_plain_verdict_and_the_other_sides_thanks_are_results(text):
    assert star(text)["result"]


@pytest.mark.parametrize("text", [
    "last week the printer jammed and it was fine to leave it so i carried on",
    "last week a patient came in so i said thank you and booked her in",
    "one friday i called the family because i wanted to thank them",
])
def test_a_verdict_inside_a_clause_and_the_speakers_own_thanks_are_not(text):
    assert not star(text)["result"]


def test_never_again_as_a_promise_is_no_outcome():
    assert not star("i would never do that again")["result"]


def test_the_goal_a_task_states_is_not_its_result():
    assert not star("my goal is always to get patients seen on time")["result"]
    assert star("last month my task was to get every patient seen on time so i split the "
                "list with the nurse and we finished on time")["result"]


def test_an_outcome_told_before_the_first_step_is_still_the_scene():
    # "which meant" before any step describes the problem; after a step, what came of it.
    assert not star("one saturday the card reader was down which meant nobody could pay by "
                    "card so i took cash and i wrote receipts by hand")["result"]
    assert not star("one monday the order was delivered to the wrong site and i phoned the "
                    "courier and i rebooked the van")["result"]
    assert star("one saturday the card reader was down so i took cash and i wrote receipts "
                "by hand which meant nobody had to leave the queue")["result"]


# ---------------------------------------------------------------- fillers by position


@pytest.mark.parametrize("text,expected", [
    ("so i started on the ward in june", [(0, "so")]),
    ("um okay so i started on the ward", [(2, "so")]),
    ("it was late so i called her", []),
    ("we were short um so i called the agency", []),  # mid-answer, next to a filled pause
    ("i called the agency so yeah", [(4, "so")]),
    ("i called the agency and it was fine so", [(8, "so")]),
    ("i did it so that she could rest", []),
])
def test_so_counts_only_at_the_start_in_so_yeah_or_trailing(text, expected):
    assert discourse(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("i was worried you know if they called the police", [(3, "you know")]),
    ("we rebooked her and you know the daughter was grateful", [(4, "you know")]),
    ("it was hard you know that was the worst part", [(3, "you know")]),
    ("do you know if they called", []),
    ("you know the system really well", []),
    ("everybody you know is busy", []),
    ("we got into some of that you know why it broke", [(6, "you know")]),
    ("it is the system that you know best", []),
])
def test_you_know_fills_before_a_new_clause(text, expected):
    assert discourse(text) == expected


def test_you_know_i_mean_is_two_fillers():
    assert discourse("it was busy you know i mean really busy") == [(3, "you know"),
                                                                   (5, "i mean")]


@pytest.mark.parametrize("text,expected", [
    ("we had like thirty patients that day", [(2, "like")]),
    ("it took like 20 minutes", [(2, "like")]),
    ("we had patients like mr jones", []),
])
def test_like_before_a_number_or_quantity_is_a_filler(text, expected):
    assert discourse(text) == expected


def test_every_finding_quotes_words_at_their_own_position():
    text = ("last year a patient came in late and i called the ward and i called the ward "
            "again and she was seen on time")
    r = result(text)
    words = text.split()
    for element, spans in r.measures.star.evidence.items():
        for ev in spans:
            assert " ".join(words[ev.index:ev.end_index + 1]) == ev.text, element
    # Two identical quotes are two positions, not the first occurrence twice.
    actions = r.measures.star.evidence["action"]
    assert len({ev.index for ev in actions}) == len(actions)


def test_the_situation_is_quoted_where_it_is_set_before_the_steps():
    text = ("last winter at the clinic a patient fell in the car park so i called the ward "
            "and during the handover i wrote up the notes")
    r = result(text)
    assert r.star["situation"]
    first_step = text.split().index("called") - 1
    quotes = r.measures.star.evidence["situation"]
    assert quotes and all(q.index < first_step for q in quotes)
    # Without a scene before the steps, a later one is still quoted.
    r = result("i called the ward and during the handover i wrote up the notes")
    assert [q.text.split()[0] for q in r.measures.star.evidence["situation"]] == ["during"]


def test_the_step_that_sets_the_scene_is_not_the_quoted_action():
    r = result("one morning i dropped a tray of samples so i called the lab to warn them and "
               "then i relabelled the tubes")
    assert r.star["situation"] and r.star["action"]
    assert r.measures.star.evidence["situation"][0].text.startswith("one morning i dropped")
    assert [q.text.split()[1] for q in r.measures.star.evidence["action"]] == ["called",
                                                                              "relabelled"]


def test_an_outcome_quote_says_who_it_is_about():
    r = result("last year a client complained so i rewrote the brief and the client was "
               "delighted with it and she thanked me twice")
    assert [q.text for q in r.measures.star.evidence["result"]] == [
        "the client was delighted with it", "she thanked me twice"]


def test_hindsight_would_have_is_no_hypothetical_answer():
    # "I would have..." looks back at a real event; it does not make the story hypothetical.
    r = result("last year a parcel went missing i would have checked the van first i would "
               "have called the depot sooner and i would have told the customer but i emailed "
               "the driver")
    assert not r.hypothetical and r.star["situation"]


def test_a_habit_told_in_the_past_is_a_real_period_not_a_hypothetical():
    # "We often argued" narrates a past period; "I often argue" would be a habit.
    r = result("i once worked with a doctor whose plans were not what i would choose. we "
               "often argued about it and i usually let her decide")
    assert not r.hypothetical and r.star["situation"]
    assert result("i would listen first and i usually ask what they need and i always "
                  "write it down").hypothetical


def test_a_condition_is_no_step():
    # "if I retire early" is the condition of another clause, not something done.
    assert not star("in five years i might be retired but if i retire early i can still "
                    "see myself tutoring")["action"]
    assert star("if a caller is angry i listen and then i repeat back what they need")["action"]


def test_what_the_speaker_told_someone_they_needed_is_no_task():
    assert not star("a customer called shouting and i told him that i needed to find his "
                    "account before i could help")["task"]
    assert star("a customer called shouting and i needed to find his account before i could "
                "help")["task"]


def test_will_in_a_habitual_answer_tells_a_step():
    assert star("with a disruptive student i'll sometimes sit next to them and answer "
                "their questions about me")["action"]
    assert not star("i'll be honest it's a balancing act")["action"]


def test_a_result_quote_runs_past_its_connector_to_the_outcome():
    r = result("last month a candidate missed the interview so i called every other candidate "
               "to confirm. as a result every candidate after that attended on time.")
    assert r.star["result"]
    assert any("attended" in q.text for q in r.measures.star.evidence["result"])


def test_a_word_ending_one_sentence_and_starting_the_next_is_no_stutter():
    # "collect it. It arrived" is two sentences: the outcome "it arrived" is still there.
    r = result("A customer rang because her parcel was lost. I arranged a courier to collect "
               "it. It arrived on Friday.")
    assert r.star["result"]
    assert not r.measures.stutters


def test_an_answer_with_a_real_past_event_is_not_hypothetical():
    # Past-habit "would" inside a story ("the leader would hand me the cards") is narration.
    r = result("i began at a parts warehouse through an agency. the shift leader would hand "
               "me a stack of cards and i would pick the items and i would roll the cart to "
               "the belt. after two weeks i received a call from the agency")
    assert not r.hypothetical and r.star["situation"]
    assert result("i would listen first and i would ask what they need and then i would "
                  "write it down").hypothetical


@pytest.mark.parametrize("text,task", [
    ("the owner went out for more milk and in the meantime we had to work with what we had", True),
    ("all the changes i had to do regarding the rooms were written on a board", False),
])
def test_a_phrase_after_a_preposition_is_no_relative_clause(text, task):
    assert star(text)["task"] is task


@pytest.mark.parametrize("text", [
    "i still can't think of a better answer than the one i gave.",
    "last week a customer i served complained about the queue.",
])
def test_a_step_inside_a_noun_phrase_is_no_action(text):
    assert not star(text)["action"]


def test_the_first_thing_i_did_names_the_step_after_was():
    r = result("a patient fell in the car park last week. the first thing i did was call the "
               "ward, and she was seen within ten minutes.")
    assert r.star["action"]
    assert r.measures.star.evidence["action"][0].text == "the first thing i did was call the ward"


@pytest.mark.parametrize("text", [
    "i cared for a patient who wouldn't eat because her teeth had started to fall out",
    "i once worked with a doctor who developed very different plans from mine",
    "i'd tried a few jobs. when my son was about eight i decided to find a career",
    "i booked three interviews and the first candidate didn't show up",
])
def test_a_particular_person_a_time_or_a_no_show_sets_the_scene(text):
    assert star(text)["situation"]


@pytest.mark.parametrize("text,action", [
    ("i started applying for every county job i was qualified for", True),
    ("i began working for a temp agency while i was at school", False),
    ("i cared for elderly residents for six years", False),
    ("i intended to make good on the call", False),
    ("that's what made me happy i found out", False),
    ("the cover nurse was off so i found a replacement from the bank", True),
    ("i met a lot of nice people there", False),
    ("i met with the parents the next morning", True),
    ("i told myself to stay calm", False),
    ("it was rough in there i tell ya", False),
    ("i made a mistake on the rota", False),
    ("i broke down and cried in the break room", False),
    ("i broke down the project into weekly tasks", True),
])
def test_what_follows_the_verb_tells_whether_it_is_a_step(text, action):
    assert star(text)["action"] is action


@pytest.mark.parametrize("text,expected", [
    ("a caller was shouting so i took his details before i passed him on to my supervisor",
     False),
    ("i applied for every city job i could find and about nine months later i got the call",
     True),
    ("i put the items in a tub and rolled the cart up to a conveyor belt", False),
])
def test_handing_on_and_a_belt_are_no_outcomes_but_a_later_time_is(text, expected):
    assert star(text)["result"] is expected


def test_being_called_over_to_do_something_is_a_task():
    assert star("a few weeks ago i was called up by my returns cashier to approve a return")[
        "task"]
    assert not star("a few weeks ago i was called up to the desk by my cashier")["task"]


@pytest.mark.parametrize("text,action", [
    # What the speaker would do or always did is a step inside a story too.
    ("last winter we were short staffed and it was chaos. each morning i'd check the rota "
     "and i would ring the agency before eight", True),
    # A bare present verb in a past story is an aside, not a step.
    ("last winter we were short staffed and it was chaos. i'll give you an example. i'll "
     "explain what it was like", False),
    ("it all got too much and i started crying in the office", False),
])
def test_habitual_steps_count_in_a_story_and_asides_do_not(text, action):
    assert star(text)["action"] is action


@pytest.mark.parametrize("text,expected", [
    ("a patient wouldn't eat her dinner so i blended her food and she was really "
     "appreciative", True),
    ("i made a checklist for the closing tasks and my coordinator liked it so much she "
     "shared it", True),
    ("i told him we could not refund it without a receipt and the man nodded and left", True),
    ("one night a patient was very poorly so i called his daughter and early the next morning "
     "the patient passed away", True),
    ("i added a second printer to the queue and the jobs went through. problem solved", True),
    ("the shelter was short one evening so i made a checklist. now i can make sure "
     "nothing gets forgotten", True),
    ("when i was a young worker at the plant i got into attendance trouble and i saw the "
     "value of having a union", True),
    ("i was getting ready to leave the army so i applied and got hired as a clerk", True),
    # Not outcomes: a liking of the speaker's own, an appreciative stance in general.
    ("last year i joined a new team and i liked the people", False),
    ("patients can be appreciative when you explain things", False),
])
def test_reactions_endings_and_lessons_people_tell_are_results(text, expected):
    assert star(text)["result"] is expected


@pytest.mark.parametrize("text,expected", [
    ("it once took me six hours to find the depot because the roads were closed", True),
    ("a patient once got very upset about the wait and i moved her appointment", True),
    ("once the notes are checked i file them", False),
])
def test_once_with_a_past_verb_names_an_occasion(text, expected):
    assert star(text)["situation"] is expected


@pytest.mark.parametrize("text,expected", [
    ("last christmas i was assigned a parcel that had to reach a client by five", True),
    ("they expected me to cater the wedding on my own", True),
    ("they expected a lot of guests that weekend", False),
])
def test_an_assignment_or_an_expectation_of_the_speaker_is_a_task(text, expected):
    assert star(text)["task"] is expected


@pytest.mark.parametrize("text,expected", [
    ("one day a boy threw his chair so i picked it up and carried on with the lesson", False),
    ("one day a boy threw his chair so i picked it up and the lesson i learned was to keep "
     "calm", True),
    ("a neighbour called me so i found the woman and i thanked her for calling", False),
    ("a neighbour called me so i found the woman and she thanked me for coming", True),
])
def test_a_class_lesson_and_the_speakers_own_thanks_are_no_results(text, expected):
    assert star(text)["result"] is expected


@pytest.mark.parametrize("text,expected", [
    ("and like the neighbour said her arms were scraped", []),
    ("it's almost like it never happened", []),
    ("and like my boss said it was a record", []),
    ("she was like really upset", [(2, "like")]),
])
def test_like_as_a_conjunction_or_as_if_is_no_filler(text, expected):
    assert discourse(text) == expected


@pytest.mark.parametrize("text,action", [
    ("i got the call about nine months later", False),
    ("i got the patient a wheelchair", True),
    ("i revised every night and i passed the assessment", True),  # "revised" is the step
    ("i passed the assessment", False),
    ("i passed the message on to the ward", True),
    ("i switched gears and started again", False),
    ("i stood there looking like a deer in headlights", False),
    ("i learn about people", False),
    ("i'd stay calm", False),
    ("i'd keep an eye on the queue and help my partners", True),
    ("the first thing i thought was that he would bite", False),
])
def test_the_object_or_particle_says_whether_a_verb_is_a_step(text, action):
    assert star(text)["action"] is action


@pytest.mark.parametrize("text,task", [
    ("at the end of my orientation i was assigned to a sick baby on the unit", False),
    ("i was assigned to cover the night shift", True),
    ("it meant working even longer hours than i had to for no money", False),
    ("one night a caller was abusive and i wanted to say something rude", False),
    ("one night a caller was abusive and i wanted to get him off the line politely", True),
])
def test_a_task_needs_a_duty_or_goal_after_to(text, task):
    assert star(text)["task"] is task


def test_the_scene_quote_stops_where_the_task_begins():
    r = result("last holiday season i was assigned a parcel that had to reach a client by "
               "five so i rerouted and called the customer")
    assert [q.text for q in r.measures.star.evidence["situation"]] == ["last holiday season"]
    r = result("this past december i was asked to lead a team of three in only one week so "
               "i split the questions")
    assert [q.text for q in r.measures.star.evidence["situation"]] == ["this past december"]


@pytest.mark.parametrize("text,expected", [
    ("you can accomplish like a ton more that way", [(3, "like")]),
    ("it took like a couple of weeks", [(2, "like")]),
    ("it was like a zoo in there", []),
    ("it was really flexible, like I can work when I want.", [(4, "like")]),
    ("I wanted her to feel special, like it's a limousine.", []),
    ("we had tasks like scheduling and filing", []),
])
def test_like_before_a_quantity_or_after_a_comma_before_a_clause_fills(text, expected):
    assert discourse(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("if you work in retail you know how easy it is to miss a sign", []),
    ("even though you know you've tried your best it still hurts", []),
    ("i was worried you know if they called the office", [(3, "you know")]),
])
def test_you_know_with_a_clause_of_its_own_is_the_verb(text, expected):
    assert discourse(text) == expected


def test_actually_after_a_dash_restarts_the_sentence():
    assert discourse("there's not many jobs like that — actually there's no jobs like "
                     "that.") == [(6, "actually")]
    assert discourse("it actually took less time than we planned") == []


@pytest.mark.parametrize("text,action", [
    ("the doors were locked so i thought i'd ask the flower guy", False),
    ("the doors were locked so i asked the flower guy", True),
    ("by the time i managed to go around the ward she had collapsed", False),
])
def test_a_thought_of_doing_and_a_by_the_time_clause_are_no_steps(text, action):
    assert star(text)["action"] is action


def test_reaching_for_something_is_no_outcome():
    assert not star("one night the pallets fell so i called the others and we reached and "
                    "grabbed the mats")["result"]
    assert star("one night the pallets fell so i called the others and we reached our "
                "target anyway")["result"]


@pytest.mark.parametrize("text,expected", [
    ("my first emergency call was may 6th 2014. i drove straight to the house.", True),
    ("we're in the middle of a flu season and the corridor was full", True),
    ("the recession hit hard which is when i was studying for my degree", True),
    ("my first emergency call was easy. i drove straight to the house.", False),
])
def test_a_date_a_present_middle_and_which_is_when_set_the_scene(text, expected):
    assert star(text)["situation"] is expected


def test_an_outcome_word_in_a_time_clause_dates_the_next_event():
    r = star("back in 2012 i studied sound engineering and when i finished it i worked in a "
             "warehouse")
    assert r["situation"] and not r["result"]
    assert star("back in 2012 a client was unhappy so i rewrote the plan and we finished it "
                "on time")["result"]


@pytest.mark.parametrize("text,task", [
    ("my first job was at a hardware store and the manager trained me", False),
    ("my role there was in the accounts team", False),
    ("my job was to open the store at six", True),
    ("my role was making sure every order went out", True),
])
def test_my_job_was_names_a_task_only_with_what_to_do(text, task):
    assert star(text)["task"] is task


@pytest.mark.parametrize("text,expected", [
    ("one night a man collapsed in his driveway and i ventilated him but despite our best "
     "efforts the patient did not make it", True),
    ("last spring the stockroom was a mess so i set up a system and my patience has paid off",
     True),
    ("last year i said i was always available and it got me the job", True),
    ("patients in intensive care are very ill and some do not make it", False),
])
def test_an_outcome_may_be_bad_or_long_in_coming(text, expected):
    assert star(text)["result"] is expected
