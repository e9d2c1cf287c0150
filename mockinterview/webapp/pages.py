"""The app's pages as HTML text. Everything from a session or a bank is escaped: it is data.

Pages carry no inline script or style (the CSP forbids both): /static/app.js and app.css do
the live parts. The report and the history are the existing offline HTML, shown in a frame.
"""

from __future__ import annotations

from html import escape as e
from pathlib import Path

from mockinterview.lexicon import GROUP_LABELS, GROUPS

NAV = (("/", "Start", "start"), ("/interview", "Interview", "interview"),
       ("/sessions", "Sessions", "sessions"), ("/progress", "Progress", "progress"))


def layout(title: str, body: str, current: str, page: str = "") -> str:
    mark = ' aria-current="page"'
    nav = "".join(f'<li><a href="{href}"{mark if key == current else ""}>{label}</a></li>'
                  for href, label, key in NAV)
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            '<meta name="viewport" content="width=device-width,initial-scale=1">'
            f"<title>{e(title)} · mock interview</title>"
            '<link rel="stylesheet" href="/static/app.css">'
            '<script src="/static/app.js" defer></script></head>'
            f'<body data-page="{e(page or current)}">'
            '<a class="skip" href="#main">Skip to the content</a>'
            f'<header><nav aria-label="Main"><ul>{nav}</ul></nav></header>'
            f'<main id="main" tabindex="-1"><h1>{e(title)}</h1>{body}</main></body></html>\n')


def _select(name: str, label: str, options: list[tuple[str, str]], selected: str = "",
            hint: str = "") -> str:
    opts = "".join(f'<option value="{e(v)}"{" selected" if v == selected else ""}>{e(t)}'
                   "</option>" for v, t in options)
    hint_html = f'<small id="{name}-hint">{e(hint)}</small>' if hint else ""
    described = f' aria-describedby="{name}-hint"' if hint else ""
    return (f'<div class="field"><label for="{name}">{e(label)}</label>'
            f'<select id="{name}" name="{name}"{described}>{opts}</select>{hint_html}</div>')


def _number(name: str, label: str, value: str, low: float, high: float, step: str = "1",
            hint: str = "") -> str:
    hint_html = f'<small id="{name}-hint">{e(hint)}</small>' if hint else ""
    described = f' aria-describedby="{name}-hint"' if hint else ""
    return (f'<div class="field"><label for="{name}">{e(label)}</label>'
            f'<input type="number" id="{name}" name="{name}" value="{e(value)}" '
            f'min="{low:g}" max="{high:g}" step="{step}" inputmode="decimal"{described}>'
            f"{hint_html}</div>")


def start_page(recordings: Path, running: bool) -> str:
    from mockinterview.bank import DEFAULT_BANK, available_banks
    from mockinterview.settings import field_limits, load_settings

    settings = load_settings()
    banks = [(name, name.replace("_", " ")) for name in available_banks()]
    q_low, q_high = field_limits("interview", "questions")
    t_high = field_limits("interview", "think_s")[1]
    r_high = field_limits("interview", "room_check_s")[1]
    from mockinterview.sessions import MAX_ATTEMPTS

    notice = ('<p class="note" role="status">An interview is running: '
              '<a href="/interview">go to it</a>.</p>' if running else "")
    body = (
        notice
        + '<form id="start-form" class="start" novalidate>'
        '<fieldset><legend>Questions</legend>'
        + _select("bank", "Question bank", banks, DEFAULT_BANK)
        + _number("questions", "Number of questions", str(settings.interview.questions),
                  q_low, q_high)
        + _select("group", "Group", [("", "A mix of every group")]
                  + [(g, GROUP_LABELS[g]) for g in GROUPS])
        + _select("focus", "Focus", [("", "No focus"),
                                     ("weak", "Questions I scored lowest on"),
                                     ("skills", "Skills my answers have not shown yet")])
        + _number("attempts", "Tries at each question", "1", 1, MAX_ATTEMPTS,
                  hint="Answer each question this many times in a row to compare the tries.")
        + "</fieldset><fieldset><legend>Answers and feedback</legend>"
        '<fieldset class="inline"><legend>How you answer</legend>'
        '<label><input type="radio" name="mode" value="spoken" checked> Out loud '
        "(microphone)</label>"
        '<label><input type="radio" name="mode" value="typed"> Typed</label></fieldset>'
        '<div class="field check"><label><input type="checkbox" id="speak" name="speak" '
        "checked> Read the questions aloud</label></div>"
        + _select("feedback", "Feedback", [("after-each", "After each answer"),
                                           ("at-end", "At the end (closer to a real interview)"),
                                           ("off", "None")])
        + '<div class="field check"><label><input type="checkbox" id="outline" name="outline"'
        " checked> Show the outline of a strong answer after the feedback</label></div>"
        + _number("think_seconds", "Thinking time (seconds)", f"{settings.interview.think_s:g}",
                  0, t_high, "any")
        + _number("room_check", "Room check before the first question (seconds, 0 skips it)",
                  f"{settings.interview.room_check_s:g}", 0, r_high, "any",
                  hint="Stay quiet while the microphone listens to the room.")
        + "</fieldset>"
        '<p id="start-error" class="error" role="alert"></p>'
        '<button type="submit" class="primary">Start the interview</button></form>')
    return layout("Practise an interview", body, "start")


def interview_page() -> str:
    body = (
        '<p id="status" role="status" aria-live="polite">Waiting for an interview. '
        '<a href="/">Start one</a>.</p>'
        '<section id="question-box" hidden aria-labelledby="question-text">'
        '<p id="question-meta" class="meta"></p>'
        '<h2 id="question-text" class="question"></h2></section>'
        '<section id="think-box" hidden aria-label="Thinking time">'
        '<p class="big">Thinking time: <span id="countdown" aria-live="off"></span> s</p>'
        '<button type="button" id="start-now" class="primary">Start answering now</button>'
        "</section>"
        '<section id="listen-box" hidden aria-label="Your answer">'
        '<p class="answer-now" id="answer-now">Answer now</p>'
        '<p class="clock"><span id="clock" aria-label="time answered">0:00</span>'
        ' <span id="target"></span></p>'
        '<p><label for="level">Input level</label> '
        '<meter id="level" min="-60" max="0" low="-45" high="-6" optimum="-20" value="-60">'
        "</meter></p>"
        '<p id="partial" class="partial" aria-label="What the recogniser heard so far"></p>'
        '<div class="buttons"><button type="button" id="finish" class="primary">'
        "Finish my answer</button>"
        '<button type="button" id="skip-spoken">Skip</button></div></section>'
        '<section id="type-box" hidden aria-label="Type your answer">'
        '<form id="type-form"><label for="answer">Your answer</label>'
        '<textarea id="answer" name="answer" rows="8"></textarea>'
        '<div class="buttons"><button type="submit" class="primary">Finish my answer'
        '</button><button type="button" id="skip">Skip</button></div></form></section>'
        '<section id="feedback-box" hidden aria-labelledby="feedback-title" tabindex="-1">'
        '<h2 id="feedback-title">Feedback</h2><div id="feedback"></div>'
        '<div id="comparison"></div></section>'
        '<section id="retry-box" hidden aria-label="Next step">'
        '<div class="buttons"><button type="button" id="retry">Try this question again'
        '</button><button type="button" id="continue" class="primary">Next question'
        "</button></div></section>"
        '<section id="summary-box" hidden aria-labelledby="summary-title" tabindex="-1">'
        '<h2 id="summary-title">Session summary</h2><div id="summary"></div></section>'
        '<section aria-labelledby="log-title"><h2 id="log-title" class="small">Messages</h2>'
        '<ul id="log"></ul></section>')
    return layout("Interview", body, "interview")


def sessions_page(recordings: Path, running: str | None) -> str:
    from mockinterview.commands.sessions import session_rows
    from mockinterview.report.common import num

    rows = session_rows(recordings)
    if not rows:
        return layout("Your sessions", '<p>No sessions yet: <a href="/">start one</a>.</p>',
                      "sessions")
    cells = []
    for r in rows:
        sid = e(r["id"])
        answered = f"{r['answered']}/{r['asked']}" if r["asked"] is not None else "?"
        actions = (f'<a href="/sessions/{sid}">Open</a> '
                   f'<a href="/sessions/{sid}/export.zip" download>Export</a> ')
        if r["id"] != running:
            actions += (f'<button type="button" class="delete" data-session="{sid}">Delete'
                        f'<span class="sr"> session {sid}</span></button>')
        cells.append(f'<tr id="row-{sid}"><td>{e(r["date"])}</td><td>{sid}</td>'
                     f'<td>{e(str(r["bank"] or "?"))}</td><td class="n">{e(answered)}</td>'
                     f'<td class="n">{e(num(r["average_score"]))}</td>'
                     f'<td>{e(r["status"].replace("_", " "))}</td>'
                     f'<td class="actions">{actions}</td></tr>')
    body = ('<p id="sessions-status" role="status" aria-live="polite"></p>'
            '<div class="table"><table><caption>Newest first</caption><thead><tr>'
            '<th scope="col">Date</th><th scope="col">Session</th><th scope="col">Bank</th>'
            '<th scope="col" class="n">Answered</th><th scope="col" class="n">Average score'
            '</th><th scope="col">Status</th><th scope="col">Actions</th></tr></thead>'
            f"<tbody>{''.join(cells)}</tbody></table></div>"
            '<div id="confirm" class="confirm" hidden role="alertdialog" '
            'aria-labelledby="confirm-text"><p id="confirm-text"></p><div class="buttons">'
            '<button type="button" id="confirm-yes" class="danger">Yes, delete it</button>'
            '<button type="button" id="confirm-no">Cancel</button></div></div>')
    return layout("Your sessions", body, "sessions")


def framed_page(title: str, src: str, frame_title: str, current: str,
                extra: str = "", sandbox: str = "") -> str:
    # Sandboxed (an opaque origin): the framed page's own script (the report's seek on
    # click) runs, but it can never reach this page or the app's actions.
    body = (extra + f'<iframe class="framed" src="{e(src)}" title="{e(frame_title)}" '
            f'sandbox="{e(sandbox)}"></iframe>')
    return layout(title, body, current)


def session_page(folder: Path) -> str:
    sid = e(folder.name)
    extra = (f'<p class="actions"><a href="/sessions/{sid}/export.zip" download>Export this '
             f'session (zip)</a> · <a href="/sessions/{sid}/report.html" target="_blank" '
             'rel="noopener">Open the report on its own</a> · '
             '<a href="/sessions">All sessions</a></p>')
    return framed_page(f"Session {folder.name}", f"/sessions/{folder.name}/report.html",
                       f"Report of session {folder.name}", "sessions", extra,
                       sandbox="allow-scripts")


_REPORTS: dict[Path, tuple[tuple, str]] = {}  # folder -> (its files' signature, the HTML)


def report_html(folder: Path) -> str:
    """The session's HTML report, rendered from its folder (embedding the audio takes
    seconds), kept in memory until a file of the session changes."""
    from mockinterview.report import render_report
    from mockinterview.report.views import load_review

    signature = tuple(sorted((p.name, p.stat().st_mtime_ns, p.stat().st_size)
                             for p in folder.iterdir() if p.is_file()))
    cached = _REPORTS.get(folder)
    if cached and cached[0] == signature:
        return cached[1]
    html = render_report(load_review(folder), "html")
    if len(_REPORTS) >= 4:
        _REPORTS.pop(next(iter(_REPORTS)))
    _REPORTS[folder] = (signature, html)
    return html


def history_html(recordings: Path) -> str:
    from mockinterview.history import load_history
    from mockinterview.report.history import render_html
    from mockinterview.settings import load_settings

    return render_html(load_history(recordings, None, None, load_settings().analysis))
