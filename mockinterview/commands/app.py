"""`mockinterview app`: the interview, your sessions and your progress in a browser window."""

from __future__ import annotations

import argparse

from mockinterview.commands.common import add_command, add_recordings_arg, info, recordings_of
from mockinterview.errors import MockInterviewError


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(
        sub, "app", help="the interview, sessions and progress in a browser window",
        description="Start a local web app on this machine only (127.0.0.1) and open it in "
                    "the default browser: start an interview (spoken or typed), follow it "
                    "with large, clear controls, open, export or delete your sessions and "
                    "see your progress. The microphone, the speaker and the speech "
                    "recogniser stay in this program; the page loads nothing from the "
                    "internet. The address carries a random access token. Ctrl-C, or "
                    "closing the last page, stops it; answers already given are saved.")
    p.add_argument("--port", type=int, default=0, metavar="P",
                   help="port on 127.0.0.1 (default: any free port)")
    p.add_argument("--no-browser", action="store_true",
                   help="only print the address; do not open a browser")
    p.add_argument("--linger", type=float, default=10.0, metavar="S",
                   help="seconds to wait after the last page closes before stopping "
                        "(default 10)")
    add_recordings_arg(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if not 0 <= args.port <= 65535:
        raise MockInterviewError(f"--port must be between 0 and 65535 (got {args.port})")
    if not 0 <= args.linger <= 3600:
        raise MockInterviewError(f"--linger must be between 0 and 3600 seconds "
                                 f"(got {args.linger:g})")
    from mockinterview.webapp.server import make_server, watch_pages

    server, app = make_server(recordings_of(args), args.port, args.linger, args.debug)
    url = f"http://127.0.0.1:{app.gate.port}/?token={app.token}"
    print(url, flush=True)
    info("The mock interview app is running on this machine only. Open the address above "
         "if no browser window appears; Ctrl-C stops it.")
    watch_pages(server, app)
    import signal

    def stop(signum, frame):  # a closed terminal or `kill`: stop as Ctrl-C does
        raise KeyboardInterrupt

    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, stop)
    if not args.no_browser:
        import threading
        import webbrowser

        threading.Thread(target=webbrowser.open, args=(url,), daemon=True).start()
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        info("\nStopping the app.")
        raise
    finally:
        app.runner.stop()
        server.server_close()
        if app.runner.session_name:
            info(f"Sessions are saved in {recordings_of(args)}")
    return 0
