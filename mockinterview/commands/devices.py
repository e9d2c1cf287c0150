"""`mockinterview devices`: list microphones and speakers."""

from __future__ import annotations

import argparse

from mockinterview.audio.devices import Device, list_devices
from mockinterview.commands.common import add_command, add_json_arg, print_json


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(
        sub, "devices", help="list microphones and speakers",
        description="List the input devices (microphones) and output devices (speakers) "
                    "PortAudio sees; '*' marks the defaults. Pick one with --input-device / "
                    "--output-device given its index or part of its name.")
    add_json_arg(p, "the devices")
    p.set_defaults(func=run)


def _line(d: Device, default: bool, channels: int) -> str:
    mark = "*" if default else " "
    return (f"  {mark} {d.index:>3}  {d.name}  ({d.hostapi}, {channels} ch, "
            f"{d.default_rate:.0f} Hz)")


def run(args: argparse.Namespace) -> int:
    devices = list_devices()
    inputs = [d for d in devices if d.inputs > 0]
    outputs = [d for d in devices if d.outputs > 0]
    if args.json:
        print_json({
            "inputs": [d.to_dict() for d in inputs],
            "outputs": [d.to_dict() for d in outputs],
            "default_input": next((d.index for d in inputs if d.default_input), None),
            "default_output": next((d.index for d in outputs if d.default_output), None),
        })
        return 0
    print("Microphones (input):")
    print("\n".join(_line(d, d.default_input, d.inputs) for d in inputs) or "  none found")
    print("Speakers (output):")
    print("\n".join(_line(d, d.default_output, d.outputs) for d in outputs) or "  none found")
    print("* = default")
    return 0
