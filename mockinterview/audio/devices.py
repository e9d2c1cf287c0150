"""Sound devices through PortAudio (sounddevice): import it safely, list devices, resolve
`--input-device` / `--output-device` given as an index or a name substring."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from types import ModuleType
from typing import Any

from mockinterview.errors import AudioError, SetupError

PORTAUDIO_FIX = "Install it with: sudo apt-get install libportaudio2"
NO_MICROPHONE = ("no microphone found (PortAudio sees no input device). Connect one, then "
                 "run `mockinterview devices` to see what is available.")
NO_SPEAKER = ("no speaker found (PortAudio sees no output device). Run `mockinterview devices` "
              "to see what is available (`practice --no-speech` prints the questions instead).")


def sounddevice() -> ModuleType:
    """The sounddevice module, imported on first use (it loads PortAudio)."""
    try:
        import sounddevice as sd
    except OSError:
        # sounddevice raises OSError("PortAudio library not found") when libportaudio2 is absent.
        raise SetupError("the PortAudio library is not installed (needed for the microphone "
                         "and speakers).", PORTAUDIO_FIX) from None
    except ImportError:
        raise SetupError("the Python package sounddevice is not installed.",
                         "Install it with: .venv/bin/pip install sounddevice") from None
    return sd


@dataclass(frozen=True)
class Device:
    index: int
    name: str
    hostapi: str
    inputs: int           # input channels (0: not a microphone)
    outputs: int          # output channels (0: not a speaker)
    default_rate: float
    default_input: bool
    default_output: bool

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _default_indices(sd: ModuleType) -> tuple[int, int]:
    """PortAudio's default input and output device indices (-1 when there is none)."""
    inp, out = sd.default.device
    return (-1 if inp is None else int(inp)), (-1 if out is None else int(out))


def list_devices() -> list[Device]:
    """Every device PortAudio sees, with the default input and output marked."""
    sd = sounddevice()
    default_in, default_out = _default_indices(sd)
    hostapis = sd.query_hostapis()
    devices = []
    for i, d in enumerate(sd.query_devices()):
        devices.append(Device(
            index=i, name=d["name"], hostapi=hostapis[d["hostapi"]]["name"],
            inputs=int(d["max_input_channels"]), outputs=int(d["max_output_channels"]),
            default_rate=float(d["default_samplerate"]),
            default_input=i == default_in, default_output=i == default_out))
    return devices


def _resolve(spec: str | int | None, kind: str, devices: list[Device]) -> Device:
    is_input = kind == "input"
    usable = [d for d in devices if (d.inputs if is_input else d.outputs) > 0]
    if not usable:
        raise SetupError(NO_MICROPHONE if is_input else NO_SPEAKER)
    what = "microphone" if is_input else "speaker"
    if spec is None or (isinstance(spec, str) and spec.strip() == ""):
        default = [d for d in usable if (d.default_input if is_input else d.default_output)]
        return default[0] if default else usable[0]
    text = str(spec).strip()
    if text.lstrip("-").isdigit():
        index = int(text)
        for d in usable:
            if d.index == index:
                return d
        raise AudioError(f"no {what} with index {index}; run `mockinterview devices` to list "
                         f"the {kind} devices.")
    exact = [d for d in usable if d.name.lower() == text.lower()]
    if exact:
        return exact[0]
    matches = [d for d in usable if text.lower() in d.name.lower()]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise AudioError(f"no {what} matches '{text}'; run `mockinterview devices` to list "
                         f"the {kind} devices.")
    names = ", ".join(f"{d.index}: {d.name}" for d in matches)
    raise AudioError(f"'{text}' matches several {kind} devices ({names}); give an index or a "
                     f"longer name.")


def resolve_input_device(spec: str | int | None) -> Device:
    """The microphone for `spec` (None: the default) or an error naming `mockinterview devices`."""
    return _resolve(spec, "input", list_devices())


def resolve_output_device(spec: str | int | None) -> Device:
    """The speaker for `spec` (None: the default)."""
    return _resolve(spec, "output", list_devices())
