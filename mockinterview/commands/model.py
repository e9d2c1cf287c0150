"""`mockinterview model`: download and list Vosk speech models."""

from __future__ import annotations

import argparse
import sys

from mockinterview import paths
from mockinterview.commands.common import add_command, add_json_arg, info, print_json
from mockinterview.settings import load_settings

DESCRIPTION = """\
Vosk speech models live in models/ (set MOCKINTERVIEW_HOME to move it). The model in use is
--model PATH, else MOCKINTERVIEW_MODEL, else [speech] model_path in the settings file, else
models/vosk-model-small-en-us-0.15.

  mockinterview model list                          installed models and the one in use
  mockinterview model download                      the default English model (~40 MB)
  mockinterview model download vosk-model-en-us-0.22-lgraph
  mockinterview model download --url URL --sha256 HEX [NAME]
"""

DOWNLOAD_DESCRIPTION = """\
Download a Vosk model zip, verify it, and install it as models/NAME. The only command that
uses the network. An interrupted download resumes when run again; the SHA-256 is checked
when known (or given with --sha256); archives with entries outside the model folder, links,
or more than 4 GiB unpacked are refused. Nothing half-made is left in models/.
"""


def register(sub: argparse._SubParsersAction) -> None:
    from mockinterview.speech.models import KNOWN_MODELS

    p = add_command(sub, "model", help="download and list Vosk speech models",
                    description=DESCRIPTION)
    p.set_defaults(func=list_command, json=False)
    inner = p.add_subparsers(dest="model_command", metavar="{list,download}")
    ls = add_command(inner, "list", help="show installed models and the one in use",
                     description="Show the models in models/, whether each is usable, which "
                                 "one is in use, and the known models not yet downloaded.")
    add_json_arg(ls, "the models")
    ls.set_defaults(func=list_command)
    dl = add_command(inner, "download", help="download and install a model",
                     description=DOWNLOAD_DESCRIPTION)
    dl.add_argument("name", metavar="NAME", nargs="?", default=None,
                    help="model name: " + " or ".join(KNOWN_MODELS)
                         + " (default: the first); with --url, the folder name to install as")
    dl.add_argument("--url", metavar="URL",
                    help="download this zip instead of a known model (http or https)")
    dl.add_argument("--sha256", metavar="HEX",
                    help="expected SHA-256 of the zip; the download is refused if it differs")
    dl.add_argument("--no-progress", action="store_true", help="do not show a progress bar")
    dl.set_defaults(func=download_command)


def list_command(args: argparse.Namespace) -> int:
    from mockinterview.speech.models import KNOWN_MODELS, list_models, model_in_use

    settings = load_settings().speech
    installed = list_models(settings)
    in_use = model_in_use(settings)
    if args.json:
        print_json({"models_dir": str(paths.models_dir()), "in_use": str(in_use),
                    "installed": [m.to_dict() for m in installed],
                    "available": [name for name in KNOWN_MODELS
                                  if name not in {m.name for m in installed}]})
        return 0
    print(f"Models in {paths.models_dir()}:")
    if not installed:
        print("  (none)")
    for m in installed:
        mark = "*" if m.in_use else " "
        where = "" if m.path.parent == paths.models_dir() else f"  ({m.path})"
        state = "" if m.problem is None else f"  NOT USABLE: {m.problem}"
        print(f"{mark} {m.name}{where}{state}")
    if not any(m.in_use for m in installed):
        print(f"In use: {in_use} - not installed; run `mockinterview model download`")
    else:
        print("(* = in use)")
    missing = [i for name, i in KNOWN_MODELS.items() if name not in {m.name for m in installed}]
    if missing:
        print("\nAvailable to download (mockinterview model download NAME):")
        for i in missing:
            print(f"  {i.name:<32} {i.size_mb:>4} MB  {i.description}")
    return 0


def download_command(args: argparse.Namespace) -> int:
    from mockinterview.speech.models import download_model, plan_download

    name, url, sha256 = plan_download(args.name, args.url, args.sha256)
    target = paths.models_dir() / name
    if target.exists():
        download_model(name, url, sha256, progress=False)  # checks that it is usable
        info(f"{name} is already installed in {target}.")
        return 0
    info(f"Downloading {name} from {url}")
    if sha256 is None:
        info("No SHA-256 is known for this file: it will be checked only as a zip archive.")
    path = download_model(name, url, sha256, progress=not args.no_progress and sys.stderr.isatty())
    info(f"Installed {name} in {path}")
    return 0
