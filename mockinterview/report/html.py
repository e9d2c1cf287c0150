"""HTML report: one self-contained file that works offline in any browser.

Inline CSS and JS, answer audio embedded as base64 `data:` URIs (Ogg Vorbis, under a fifth of
the recordings' size), a Content-Security-Policy
that forbids every network fetch. Every piece of session text (questions, transcripts,
evidence, tips) goes through `html.escape`: a transcript is data, never markup.
Clicking a word (or a mark on the timeline) seeks that answer's audio to the word's start.
"""

from __future__ import annotations

import base64
from html import escape

from mockinterview.audio.vad import VadConfig, speech_segments
from mockinterview.audio.wavfile import PIPELINE_RATE, read_pipeline_audio
from mockinterview.errors import MockInterviewError
from mockinterview.safefiles import MAX_WAV_BYTES, read_bytes_in
from mockinterview.report.common import (SUMMARY_HEADER, answer_facts, clock, num, room_line,
                                         session_line, star_lines,
                                         star_note,
                                         summary_row, top_tips)
from mockinterview.report import progress
from mockinterview.report.views import AnswerReview, SessionReview
from mockinterview.report.voice import voice_lines

TIMELINE_W = 1000

CSS = """
body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0 auto;max-width:60rem;
 padding:1rem 1.5rem 4rem;color:#1d2330;background:#fbfbfd}
h1{font-size:1.6rem;margin:.5rem 0 0}h2{font-size:1.2rem;margin:0 0 .3rem}
.meta{color:#566;margin:.2rem 0 1rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem;background:#fff}
th,td{padding:.3rem .5rem;border-bottom:1px solid #dde;text-align:left;vertical-align:top}
td.n,th.n{text-align:right}
section.answer{background:#fff;border:1px solid #dde;border-radius:8px;padding:1rem 1.2rem;
 margin:1.2rem 0}
.cat{color:#566;font-size:.9rem}.note{background:#fff4d6;border-left:4px solid #e0a800;
 padding:.3rem .6rem;margin:.4rem 0}
audio{width:100%;margin:.5rem 0}
.transcript{line-height:2;margin:.5rem 0}
.w:target{outline:2px solid #333}
.w{cursor:pointer;border-radius:3px;padding:0 1px}.w:hover{background:#e3ecff}
.w.now{background:#ffe36e}
.filler{color:#b00020;text-decoration:underline wavy #b00020}
.pause{display:inline-block;font-size:.75rem;color:#7a5a00;background:#fff0c2;border-radius:8px;
 padding:0 .4rem;margin:0 .2rem;cursor:pointer}
.star-situation{box-shadow:inset 0 -3px 0 #5b8def}.star-task{box-shadow:inset 0 -3px 0 #9b59b6}
.star-action{box-shadow:inset 0 -3px 0 #27ae60}.star-result{box-shadow:inset 0 -3px 0 #e67e22}
.legend span{margin-right:1rem;font-size:.85rem}
.timeline{width:100%;height:40px;background:#f2f3f7;border-radius:4px;display:block}
.axis{display:flex;justify-content:space-between;font-size:.75rem;color:#667}
.score{float:right;font-size:1.4rem;font-weight:700;color:#1d5fbf}
.letters{font-family:ui-monospace,monospace;letter-spacing:.15em}
ul{margin:.2rem 0 .6rem}.missing{color:#b00020}
section.progress{background:#f6f8ff;border:1px solid #dde;border-radius:8px;padding:.6rem 1.2rem;
 margin:-.8rem 0 1.2rem}.missing-skill{color:#7a4a00}table.skills td{text-align:center}
"""

JS = """
(function(){
  function audioOf(el){var s=el.closest('section.answer');return s&&s.querySelector('audio.answer-audio');}
  document.addEventListener('click',function(ev){
    var el=ev.target.closest('[data-start]');if(!el)return;
    var a=audioOf(el);if(!a)return;
    a.currentTime=parseFloat(el.getAttribute('data-start'));
    var p=a.play();if(p&&p.catch)p.catch(function(){});
  });
  Array.prototype.forEach.call(document.querySelectorAll('audio.answer-audio'),function(a){
    var s=a.closest('section.answer');
    var words=Array.prototype.slice.call(s.querySelectorAll('.w[data-start]'));
    var cur=s.querySelector('.cursor');var total=parseFloat(s.getAttribute('data-duration'))||0;
    a.addEventListener('timeupdate',function(){
      var t=a.currentTime;
      words.forEach(function(w){var on=t>=+w.getAttribute('data-start')&&t<+w.getAttribute('data-end');
        if(on!==w.classList.contains('now'))w.classList.toggle('now',on);});
      if(cur&&total>0){var x=Math.min(1,t/total)*%d;cur.setAttribute('x1',x);cur.setAttribute('x2',x);}
    });
  });
})();
""" % TIMELINE_W

CSP = ("default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
       "media-src data:; img-src data:")


def e(value: object) -> str:
    return escape(str(value), quote=True)


# Ogg Vorbis at libsndfile's compression level 0.7: ~34 kbit/s for 16 kHz speech, about
# 13% of the WAV (18% once in base64); Chromium and Firefox play it and seek it exactly.
# (Ogg Opus is smaller for the same quality, but libsndfile's encoder took 4.6 s per 100 s of
# audio here against Vorbis's 0.6 s; MP3 seeks inexactly in VBR.)
VORBIS_COMPRESSION = 0.7


_BIT_REVERSED = bytes(int(f"{b:08b}"[::-1], 2) for b in range(256))


def _ogg_crc(page: bytes) -> int:
    """Ogg's page checksum (CRC-32, polynomial 0x04C11DB7, not reflected, no init or final
    xor), from zlib's reflected CRC over the bit-reversed bytes."""
    import zlib

    raw = zlib.crc32(page.translate(_BIT_REVERSED), 0xFFFFFFFF) ^ 0xFFFFFFFF
    return int(f"{raw:032b}"[::-1], 2)


def ogg_with_serial(ogg: bytes, serial: int = 1) -> bytes:
    """The Ogg stream with a fixed stream serial number: libsndfile picks one from the clock,
    which would make the same session's report differ byte for byte on every render."""
    out = bytearray(ogg)
    pos = 0
    while pos + 27 <= len(out) and out[pos:pos + 4] == b"OggS":
        segments = out[pos + 26]
        size = 27 + segments + sum(out[pos + 27:pos + 27 + segments])
        out[pos + 14:pos + 18] = serial.to_bytes(4, "little")
        out[pos + 22:pos + 26] = b"\0\0\0\0"
        out[pos + 22:pos + 26] = _ogg_crc(bytes(out[pos:pos + size])).to_bytes(4, "little")
        pos += size
    return bytes(out) if pos == len(out) else ogg  # not a clean Ogg stream: leave it be


def embedded_audio(path, data: bytes) -> tuple[str, bytes]:
    """(MIME type, bytes) of a recording (`data`, read from the verified `path`) for a data:
    URI: Ogg Vorbis written by soundfile, or the WAV as it is when it cannot be encoded."""
    try:
        import io

        import soundfile

        samples = read_pipeline_audio(path)
        if not len(samples):
            return "audio/wav", data
        buf = io.BytesIO()
        soundfile.write(buf, samples, PIPELINE_RATE, format="OGG", subtype="VORBIS",
                        compression_level=VORBIS_COMPRESSION)
        return "audio/ogg", ogg_with_serial(buf.getvalue())
    except (ImportError, OSError, MockInterviewError, RuntimeError, ValueError, TypeError):
        return "audio/wav", data  # still one offline file, only larger


def audio_tag(path, css_class: str, label: str) -> str:
    try:  # through safefiles: a regular file in the session folder, never a link
        data = read_bytes_in(path.parent, path.name, MAX_WAV_BYTES)
        mime, data = embedded_audio(path, data)
    except (OSError, MockInterviewError):
        return f'<p class="note">{e(label)}: recording unreadable</p>'
    b64 = base64.b64encode(data).decode("ascii")
    return (f'<audio class="{css_class}" controls preload="auto" aria-label="{e(label)}" '
            f'src="data:{mime};base64,{b64}"></audio>')


def speech_spans(a: AnswerReview) -> list[tuple[float, float]]:
    """Speech stretches for the timeline: those the analysis used (the voice detector's, as
    decided when the answer was recorded), else from the audio for an older session, else
    from the words."""
    stored = a.analysis.speech_segments if a.analysis is not None else None
    if stored is not None:  # checked by the schema when the analysis was loaded
        return list(stored)
    if a.audio is not None:
        try:
            samples = read_pipeline_audio(a.audio)
            # An older session stored no segments: the fast energy detector draws them
            # (Silero would take ~10 ms per second of audio, for a picture only).
            return [(s.start, s.end)
                    for s in speech_segments(samples, VadConfig(detector="energy"))]
        except MockInterviewError:
            pass
    spans: list[list[float]] = []
    for w in a.transcript.words if a.transcript else ():
        if w.start is None or w.end is None:
            continue
        if spans and w.start - spans[-1][1] < 0.3:
            spans[-1][1] = w.end
        else:
            spans.append([w.start, w.end])
    return [(s, t) for s, t in spans]


def timeline(a: AnswerReview, total: float) -> str:
    """An inline SVG of speech (blue), pauses (amber) and fillers (red ticks) over time."""
    if total <= 0:
        return ""

    def x(t: float) -> float:
        return round(max(0.0, min(1.0, t / total)) * TIMELINE_W, 1)

    parts = [f'<svg class="timeline" viewBox="0 0 {TIMELINE_W} 40" preserveAspectRatio="none" '
             f'role="img" aria-label="Timeline of speech, pauses and fillers">']
    for s, t in speech_spans(a):
        parts.append(f'<rect class="speech" x="{x(s)}" y="12" width="{max(0.5, x(t) - x(s))}" '
                     f'height="16" fill="#5b8def" data-start="{s:.3f}"><title>speech '
                     f'{clock(s)}–{clock(t)}</title></rect>')
    for s, t in a.pauses:
        parts.append(f'<rect class="pause-mark" x="{x(s)}" y="6" width="{max(1.0, x(t) - x(s))}" '
                     f'height="28" fill="#f4b942" opacity="0.85" data-start="{s:.3f}"><title>'
                     f'pause {t - s:.1f} s at {clock(s)}</title></rect>')
    for tok in a.tokens():
        if tok.filler and tok.start is not None:
            parts.append(f'<rect class="filler-mark" x="{x(tok.start) - 1.5}" y="0" width="3" '
                         f'height="40" fill="#b00020" data-start="{tok.start:.3f}"><title>'
                         f'{e(tok.text)} at {clock(tok.start)}</title></rect>')
    parts.append('<line class="cursor" x1="0" x2="0" y1="0" y2="40" stroke="#111" '
                 'stroke-width="2"/></svg>')
    return "".join(parts) + (f'<div class="axis"><span>0:00</span><span>{clock(total)}</span>'
                             '</div>')


def _evidence_starts(a: AnswerReview) -> set[int]:
    return {i for quotes in a.star_evidence_at.values() for _, i, _ in quotes if i is not None}


def transcript_html(a: AnswerReview) -> str:
    out = []
    anchors = _evidence_starts(a)  # words a STAR quote links to
    for t in a.tokens():
        if t.pause_before_s is not None:
            start = ("" if t.start is None
                     else f' data-start="{t.start - t.pause_before_s:.3f}"')
            out.append(f'<span class="pause"{start} title="long pause">pause {t.pause_before_s:.1f} s</span>')
        classes = ["w"] + (["filler"] if t.filler else []) + [f"star-{s}" for s in t.star]
        attrs = ""
        if t.start is not None:
            attrs = f' data-start="{t.start:.3f}" data-end="{(t.end or t.start):.3f}"'
        title = ", ".join((["filler"] if t.filler else []) + [f"{s} evidence" for s in t.star])
        if title:
            attrs += f' title="{e(title)}"'
        if t.index in anchors:
            attrs += f' id="q{a.index}w{t.index}"'
        out.append(f'<span class="{" ".join(classes)}"{attrs}>{e(t.text)}</span>')
    if not out and a.transcript:
        return f'<p class="transcript">{e(a.transcript.text)}</p>'
    return '<p class="transcript">' + " ".join(out) + "</p>"


def answer_html(a: AnswerReview) -> str:
    total = a.length_s or 0.0
    if a.transcript and a.transcript.words and a.transcript.words[-1].end:
        total = max(total, a.transcript.words[-1].end or 0.0)
    out = [f'<section class="answer" id="q{a.index}" data-duration="{total:.3f}">']
    if a.score is not None:
        out.append(f'<div class="score" title="overall score">{num(a.score)}</div>')
    out.append(f'<h2>Q{a.index}. {e(a.text)}</h2><div class="cat">{e(a.group_label)}</div>')
    out += [f'<p class="note">{e(n)}</p>' for n in a.notes]
    if a.follow_up:
        out.append(f"<p>Follow-up asked: <em>{e(a.follow_up)}</em></p>")
    if not a.answered and not a.transcript:
        return "".join(out) + "</section>"
    if a.audio is not None:
        out.append(audio_tag(a.audio, "answer-audio", f"Answer to question {a.index}"))
    if a.followup_audio is not None:
        out.append("<div>Follow-up answer:</div>" + audio_tag(
            a.followup_audio, "followup-audio", f"Follow-up answer, question {a.index}"))
    out.append(timeline(a, total))
    facts = answer_facts(a)
    out.append(f'<p class="meta">{e(" · ".join(facts))}</p>')
    if (room := room_line(a)) is not None:
        out.append(f'<p class="meta room">{e(room)}</p>')
    if a.headline:
        out.append(f"<p><strong>{e(a.headline)}</strong></p>")
    if a.transcript:
        out.append('<div class="legend"><span class="filler">filler</span>'
                   '<span class="pause">pause</span><span class="star-situation">Situation</span>'
                   '<span class="star-task">Task</span><span class="star-action">Action</span>'
                   '<span class="star-result">Result</span></div>')
        out.append(transcript_html(a))
    star = star_lines(a)
    if star:
        out.append(f'<h3>STAR <span class="letters">{e(a.star_letters)}</span>'
                   f'{e(star_note(a))}</h3><ul>')
        at = a.star_evidence_at
        for name, present, evidence in star:
            # Each quote links to its own words in the transcript above (their stored
            # position, not the first place the same text occurs).
            ev = "; ".join(
                f'<a class="ev" href="#q{a.index}w{i}"'
                + (f' data-start="{st:.3f}"' if st is not None else "") + f">“{e(x)}”</a>"
                if i is not None else f"“{e(x)}”" for x, i, st in at.get(name.lower(), []))
            mark = "✓" if present else '<span class="missing">✗</span>'
            out.append(f'<li>{mark} <span class="star-{name.lower()}">{name}</span>'
                       + (f": {ev}" if ev else "" if present else ": missing") + "</li>")
        out.append("</ul>")
    voice = voice_lines(a)
    if voice:
        out.append('<h3>Voice</h3><ul class="voice">'
                   + "".join(f"<li>{e(line)}</li>" for line in voice) + "</ul>")
    covered, missed = a.talking_points
    if covered or missed:
        out.append("<h3>Talking points</h3><ul>"
                   f"<li>covered: {e(', '.join(covered) or 'none')}</li>"
                   f"<li>missed: {e(', '.join(missed) or 'none')}</li></ul>")
    if a.scores:
        out.append("<h3>Scores</h3><table><tr>" + "".join(
            f'<th class="n">{e(k.replace("_", " "))}</th>' for k in a.scores)
            + "</tr><tr>" + "".join(f'<td class="n">{num(v)}</td>' for v in a.scores.values())
            + "</tr></table>")
    if a.strengths:
        out.append("<h3>Strengths</h3><ul>" + "".join(f"<li>{e(s)}</li>" for s in a.strengths)
                   + "</ul>")
    if a.tips:
        out.append("<h3>Tips</h3><ul>" + "".join(f"<li>{e(t)}</li>" for t in a.tips) + "</ul>")
    return "".join(out) + "</section>"


def _answers_html(answers: list[AnswerReview]) -> list[str]:
    """Each answer's section, in order. Encoding the audio takes most of the time and
    libsndfile runs without the GIL, so the answers are done on every core at once."""
    import os
    from concurrent.futures import ThreadPoolExecutor

    workers = min(len(answers), os.cpu_count() or 1)
    if workers <= 1:
        return [answer_html(a) for a in answers]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(answer_html, answers))


def render(review: SessionReview) -> str:
    """The report as one self-contained HTML page."""
    rows = ["<table><tr>" + "".join(
        f'<th class="{"n" if i in (0, 2, 3, 4, 7) else ""}">{h}</th>'
        for i, h in enumerate(SUMMARY_HEADER)) + "</tr>"]
    for a in review.answers:
        cells = summary_row(a, width=70)
        rows.append("<tr>" + "".join(
            (f'<td class="n">{e(c)}</td>' if i in (0, 2, 3, 4, 7) else
             f'<td><a href="#q{a.index}">{e(c)}</a></td>' if i == 1 else
             f'<td class="letters">{e(c)}</td>' if i == 5 else f"<td>{e(c)}</td>")
            for i, c in enumerate(cells)) + "</tr>")
    rows.append("</table>")
    tips = top_tips(review)
    tips_html = ("<h2>Top tips</h2><ul>" + "".join(f"<li>{e(t)}</li>" for t in tips) + "</ul>"
                 if tips else "")
    title = f"Mock interview report: {review.bank_title}"
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{e(title)}</title><style>{CSS}</style></head><body>"
        f"<h1>{e(title)}</h1><p class=\"meta\">Session {e(review.id)} · "
        f"{e(session_line(review))}</p>"
        + "".join(rows) + tips_html + progress.skills_html(review)
        + "".join(section + progress.answer_html(review, a, audio_tag)
                  for a, section in zip(review.answers, _answers_html(review.answers)))
        + f"<script>{JS}</script></body></html>\n")
