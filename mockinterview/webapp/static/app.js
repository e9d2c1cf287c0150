// The app's pages: the start form, the live interview (server-sent events), the sessions
// list. Text from the server is always set with textContent: a transcript is data.
"use strict";

function el(id) { return document.getElementById(id); }

function make(tag, text, cls) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (cls) node.className = cls;
  return node;
}

async function post(url, body) {
  const r = await fetch(url, {method: "POST", headers: {"Content-Type": "application/json"},
                              body: JSON.stringify(body || {}), credentials: "same-origin"});
  const text = await r.text();
  if (!r.ok) throw new Error(text.replace(/^Error: /, "").trim() || r.statusText);
  return text ? JSON.parse(text) : {};
}

function clock(s) {
  s = Math.max(0, Math.round(s));
  return Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
}

// Every page keeps an event stream open: the server stops once the last page is closed.
function presence() {
  new EventSource("/events?presence=1");
}

// ------------------------------------------------------------------ start page
function startPage() {
  presence();
  const form = el("start-form");
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const data = new FormData(form);
    const body = {};
    for (const [k, v] of data.entries()) body[k] = v;
    body.speak = el("speak").checked;
    body.outline = el("outline").checked;
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    el("start-error").textContent = "";
    try {
      await post("/api/start", body);
      location.href = "/interview";
    } catch (err) {
      el("start-error").textContent = "Error: " + err.message;
      button.disabled = false;
    }
  });
}

// ------------------------------------------------------------------ interview page
const BOXES = ["think-box", "listen-box", "type-box", "feedback-box", "retry-box", "summary-box"];
const view = {target: null, cap: null, countdownEnd: 0, timer: null};

function only(...ids) {
  for (const id of BOXES) el(id).hidden = !ids.includes(id);
}

function status(text) { el("status").textContent = text; }

function log(text) {
  if (!text) return;
  el("log").appendChild(make("li", text));
}

function act(action, extra) {
  return post("/api/action", Object.assign({action: action}, extra || {}))
    .catch((err) => log("Error: " + err.message));
}

// Events replayed when the page opens move the focus too: it ends where the latest asks.
function focusOn(id) { el(id).focus(); }

function countdown() {
  const left = (view.countdownEnd - Date.now()) / 1000;
  el("countdown").textContent = Math.max(0, Math.ceil(left));
  if (left <= 0) { clearInterval(view.timer); view.timer = null; }
}

// Feedback at the end of the interview comes for every answer in a row: each is added.
function renderFeedback(f, add) {
  const all = el("feedback");
  if (!add) all.replaceChildren();
  const box = make("div", null, "one-feedback");
  if (add || all.childElementCount) {
    if (all.childElementCount === 1 && !all.firstChild.dataset.titled) {
      all.firstChild.prepend(make("h3", "Question " + all.firstChild.dataset.question));
      all.firstChild.dataset.titled = "1";
    }
    box.appendChild(make("h3", "Question " + f.question));
    box.dataset.titled = "1";
  }
  box.dataset.question = f.question;
  all.appendChild(box);
  box.appendChild(make("p", "Score " + (f.score === null ? "-" : f.score) + "/100", "score"));
  const facts = make("ul", null, "facts");
  const items = [];
  if (f.length) items.push("Length " + f.length);
  if (f.wpm !== null) items.push(f.wpm + " words a minute");
  items.push("Fillers " + f.fillers, "STAR " + f.star, "Talking points " + f.points);
  for (const t of items) facts.appendChild(make("li", t));
  box.appendChild(facts);
  if (f.tips.length) {
    box.appendChild(make("h3", "Tips"));
    const tips = make("ul");
    for (const t of f.tips) tips.appendChild(make("li", t));
    box.appendChild(tips);
  }
  if (f.outline.length) {
    box.appendChild(make("h3", "Outline of a strong answer"));
    const ol = make("ol");
    for (const b of f.outline) ol.appendChild(make("li", b));
    box.appendChild(ol);
  }
  el("comparison").replaceChildren();
}

function table(header, rows) {
  const t = make("table");
  const head = make("tr");
  for (const h of header) { const th = make("th", h); th.scope = "col"; head.appendChild(th); }
  t.appendChild(head);
  for (const r of rows) {
    const tr = make("tr");
    for (const c of r) tr.appendChild(make("td", c));
    t.appendChild(tr);
  }
  const wrap = make("div", null, "table");  // scrolls on its own on a narrow window
  wrap.appendChild(t);
  return wrap;
}

const HANDLERS = {
  started(ev) {
    view.feedbackShown = false;
    el("log").replaceChildren();
    el("summary").replaceChildren();
    status("Starting session " + ev.session + "…");
  },
  welcome(ev) {
    status(ev.bank + " mock interview: " + ev.count + " question" + (ev.count === 1 ? "" : "s") + ".");
  },
  message(ev) { log(ev.text); },
  room(ev) {
    log(ev.problems.length ? "Room check: " + ev.problems.join(" ")
                           : "Room check: quiet enough (background " + ev.floor + ").");
  },
  question(ev) {
    view.feedbackShown = false;
    el("question-box").hidden = false;
    el("question-meta").textContent = ev.follow_up ? "Follow-up to question " + ev.number :
      "Question " + ev.number + " of " + ev.count + " · " + ev.group + " · aim for " +
      clock(ev.target_min_s) + "–" + clock(ev.target_max_s);
    if (!ev.follow_up) el("question-text").textContent = ev.text;
    view.target = [ev.target_min_s, ev.target_max_s];
    only();
    status(ev.follow_up ? "A follow-up question." : "Listen to the question.");
  },
  think(ev) {
    only("think-box");
    status("Thinking time.");
    view.countdownEnd = Date.now() + ev.seconds * 1000;
    if (view.timer) clearInterval(view.timer);
    view.timer = setInterval(countdown, 200);
    countdown();
    focusOn("start-now");
  },
  listening(ev) {
    if (view.timer) { clearInterval(view.timer); view.timer = null; }
    only("listen-box");
    view.cap = ev.cap_s;
    el("clock").textContent = "0:00";
    el("target").textContent = "/ target " + clock(ev.target_min_s) + "–" +
      clock(ev.target_max_s) + " · cap " + clock(ev.cap_s);
    el("partial").textContent = "";
    el("level").value = -60;
    el("listen-box").dataset.listening = "1";
    el("listen-box").dataset.takes = String(Number(el("listen-box").dataset.takes || 0) + 1);
    status("Listening: answer now.");
    focusOn("finish");
  },
  tick(ev) {
    el("clock").textContent = clock(ev.elapsed_s);
    el("clock").classList.toggle("over", view.target && ev.elapsed_s > view.target[1]);
    el("level").value = Math.max(-60, ev.level_dbfs);
    el("partial").textContent = ev.partial;
  },
  recorded() {
    el("listen-box").dataset.listening = "";
    status("Working out your feedback…");
  },
  type_answer(ev) {
    if (view.timer) { clearInterval(view.timer); view.timer = null; }
    only("type-box");
    el("answer").value = "";
    document.querySelector("label[for=answer]").textContent =
      ev.label === "follow-up" ? "Your answer to the follow-up" : "Your answer";
    status("Type your " + ev.label + ".");
    focusOn("answer");
  },
  answer_done(ev) {
    only();
    const bits = [];
    if (ev.length) bits.push(ev.length);
    bits.push(ev.words + " words");
    if (ev.stop_reason && ev.stop_reason !== "typed") bits.push("stopped: " + ev.stop_reason);
    log("Answer saved: " + bits.join(", ") + ".");
    if (ev.text) log("You said: " + ev.text);
    for (const p of ev.problems) log("Room check: " + p);
    status("Working out your feedback…");
  },
  feedback(ev) {
    renderFeedback(ev, view.feedbackShown);
    view.feedbackShown = true;
    el("feedback-box").hidden = false;
    el("feedback-box").dataset.question = ev.question;
    status("Feedback on your answer.");
    focusOn("feedback-box");
  },
  comparison(ev) {
    const box = el("comparison");
    box.replaceChildren(make("h3", "Your tries"), table(ev.header, ev.rows),
                        make("p", ev.summary, "summary-line"));
  },
  offer_retry(ev) {
    el("retry-box").hidden = false;
    el("retry").textContent = "Try this question again (try " + ev.next_try + ")";
    focusOn("continue");
  },
  summary(ev) {
    only("summary-box");
    const box = el("summary");
    box.replaceChildren(table(["#", "question", "length", "pace", "fillers", "STAR", "points",
                               "score", "tries"],
      ev.rows.map((r) => [r.index, r.id, r.length, r.wpm === null ? "-" : r.wpm, r.fillers,
                          r.star, r.points, r.score === null ? "-" : r.score, r.attempts])));
    if (ev.tips.length) {
      box.appendChild(make("h3", "Top tips for this session"));
      const ul = make("ul");
      for (const t of ev.tips) ul.appendChild(make("li", t));
      box.appendChild(ul);
    }
    if (ev.skills.length) {
      box.appendChild(make("h3", "Skills your answers showed"));
      box.appendChild(table(["skill", "shown", "the words that prove it / what to practise"],
        ev.skills.map((s) => [s.name, s.shown ? "yes" : "not yet", s.proof])));
    }
  },
  ended(ev) {
    if (view.timer) { clearInterval(view.timer); view.timer = null; }
    el("question-box").hidden = !ev.complete && el("question-text").textContent === "";
    for (const id of ["think-box", "listen-box", "type-box", "retry-box"]) el(id).hidden = true;
    const p = make("p");
    if (ev.error) p.appendChild(make("strong", "Error: " + ev.error + " "));
    p.appendChild(document.createTextNode(ev.complete ? "The interview is over. " :
      "The interview stopped; finished answers are saved. "));
    const link = make("a", "Open the report");
    link.href = "/sessions/" + encodeURIComponent(ev.session);
    link.id = "report-link";
    p.appendChild(link);
    el("summary-box").hidden = false;
    el("summary").appendChild(p);
    status(ev.complete ? "The interview is over." : "The interview stopped.");
    document.body.dataset.ended = "1";
    focusOn("summary-box");
  },
};

function interviewPage() {
  el("start-now").addEventListener("click", () => act("start"));
  el("finish").addEventListener("click", () => act("finish"));
  el("skip-spoken").addEventListener("click", () => act("skip"));
  el("type-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    only();
    act("answer", {text: el("answer").value});
  });
  el("skip").addEventListener("click", () => { only(); act("skip"); });
  el("retry").addEventListener("click", () => { el("retry-box").hidden = true; act("retry"); });
  el("continue").addEventListener("click", () => {
    el("retry-box").hidden = true; act("continue");
  });
  const source = new EventSource("/events");
  source.onmessage = (msg) => {
    const ev = JSON.parse(msg.data);
    const handler = HANDLERS[ev.type];
    if (handler) handler(ev);
    document.body.dataset.lastEvent = ev.type;
  };
}

// ------------------------------------------------------------------ sessions page
function sessionsPage() {
  presence();
  const confirmBox = el("confirm");
  if (!confirmBox) return;
  let pending = null;
  for (const button of document.querySelectorAll("button.delete")) {
    button.addEventListener("click", () => {
      pending = button;
      el("confirm-text").textContent = "Delete session " + button.dataset.session +
        " with its recordings? This cannot be undone.";
      confirmBox.hidden = false;
      button.closest("td").appendChild(confirmBox);
      el("confirm-no").focus();
    });
  }
  el("confirm-no").addEventListener("click", () => {
    confirmBox.hidden = true;
    if (pending) pending.focus();
    pending = null;
  });
  el("confirm-yes").addEventListener("click", async () => {
    if (!pending) return;
    const sid = pending.dataset.session;
    try {
      await post("/api/sessions/" + encodeURIComponent(sid) + "/delete");
      confirmBox.hidden = true;
      document.body.appendChild(confirmBox);
      el("row-" + sid).remove();
      el("sessions-status").textContent = "Deleted session " + sid + ".";
      el("main").focus();
    } catch (err) {
      el("sessions-status").textContent = "Error: " + err.message;
    }
    pending = null;
  });
}

document.addEventListener("DOMContentLoaded", () => {
  const page = document.body.dataset.page;
  if (page === "start") startPage();
  else if (page === "interview") interviewPage();
  else if (page === "sessions" && el("confirm") !== null) sessionsPage();
  else presence();
});
