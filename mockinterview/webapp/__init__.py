"""`mockinterview app`: the interview, the sessions and the progress in a browser window.

A small web server on 127.0.0.1 (standard library only) whose pages are another Screen for
the one interview engine (interview.py); microphone, speaker and recogniser stay in this
process. security.py decides which requests are let in; server.py routes them.
"""
