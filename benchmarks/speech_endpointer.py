"""The microphone's voice activity detector (pocketsphinx's `Endpointer`, WebRTC's detector):
which decision window and agreement keep one-syllable commands over steady noise without
starting on the noise itself. Each command, said by flite's voices, is put 2 s into white
noise at -61, -50 and -40 dBFS (a quiet room, a fan, a loud room) and fed frame by frame, as
`MicrophoneListener.listen` does. Then where a command ends: how long after the voice stops
(its last 10 ms within 40 dB of its loudest), whether it ended before the voice did, and whether
what was cut out is still recognised, for the detector alone and for the shipped end
(`CommandCutter`, `END_QUIET_FRAMES` voiceless frames), with all of the command decoded or only
what came before its guessed end (`GUESS_QUIET_FRAMES`).

    .venv/bin/python benchmarks/speech_endpointer.py
"""

from __future__ import annotations

import math
import statistics
import sys
import tempfile
from pathlib import Path

import numpy as np
import speech_recognition as sr

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.common import percentile, print_table, read_wav, record  # noqa: E402
from tests.support.sound import RATE, in_noise, voice_end  # noqa: E402
from tests.support.soundcard import spoken  # noqa: E402
from voiceinfo.speech.capture import (  # noqa: E402
    END_QUIET_FRAMES, END_VAD_MODE, ENDPOINT_AGREEMENT, ENDPOINT_WINDOW_SECONDS, GUESS_QUIET_FRAMES,
    CommandCutter)

#: The set the shipped setting was chosen on.
COMMANDS = ["up", "next", "quit", "back", "one", "home", "skip", "where am I"]
VOICES = ["slt", "kal", "awb", "rms"]
#: Words and a voice it was not chosen on, to check it.
HELD_OUT_COMMANDS = ["pause", "help", "four", "six", "pain", "risks", "go up", "number one"]
HELD_OUT_VOICES = ["kal16"]
FLOORS_DBFS = [-61, -50, -40]
#: (window seconds, agreement): pocketsphinx's default, the shipped one, and two around it.
SETTINGS = [(0.3, 0.9), (ENDPOINT_WINDOW_SECONDS, ENDPOINT_AGREEMENT), (0.2, 0.7), (0.15, 0.6)]
SPEECH_STARTS = 2.0


def starts(pcm: bytes, window: float, agreement: float) -> list[float]:
    """When the detector decided that speech began, in seconds."""
    import pocketsphinx
    detector = pocketsphinx.Endpointer(window=window, ratio=agreement,
                                       vad_mode=pocketsphinx.Vad.LOOSE, sample_rate=RATE)
    size, found, was = detector.frame_bytes, [], False
    for index in range(0, len(pcm) - size, size):
        detector.process(pcm[index:index + size])
        if detector.in_speech and not was:
            found.append(detector.speech_start)
        was = detector.in_speech
    return found


#: How each command is ended: by the detector alone, or as shipped.
ENDS = {"the detector alone": (None, None),
        f"{END_QUIET_FRAMES} voiceless frames (mode {END_VAD_MODE}), all of it decoded":
            (END_QUIET_FRAMES, None),
        f"shipped: {END_QUIET_FRAMES} voiceless frames, decoded from the guess at "
        f"{GUESS_QUIET_FRAMES}": (END_QUIET_FRAMES, GUESS_QUIET_FRAMES)}


def cut(pcm: bytes, end_quiet_frames: int | None,
        guess_quiet_frames: int | None) -> tuple[bytes, float] | None:
    """The command cut out as `MicrophoneListener.listen` cuts it, and when (seconds) it ended;
    None if none began."""
    cutter = CommandCutter(end_quiet_frames, guess_quiet_frames)
    size = cutter.frame_bytes
    for index in range(0, len(pcm) - size, size):
        command = cutter.feed(pcm[index:index + size])
        if command is not None:
            return command, (index + size) / 2 / RATE
    return None


def measure(folder: Path, voices: list[str], commands: list[str], title: str,
            recognizer, vocabulary) -> dict:
    """Prints and returns how each detector setting starts, and how each way of ending ends."""
    from voiceinfo.speech.recognition import Outcome
    rng = np.random.default_rng(0)
    results = {setting: [0, 0] for setting in SETTINGS}  # heard, false starts
    ends: dict[str, list] = {name: [[], 0, 0] for name in ENDS}  # waits, too soon, recognised
    trials = 0
    for voice in voices:
        for text in commands:
            word = read_wav(spoken(folder / f"{voice}-{text.replace(' ', '-')}.wav", text, voice))
            expected = vocabulary.parse(text, forgiving=False)
            for floor in FLOORS_DBFS:
                pcm = in_noise(word, floor, SPEECH_STARTS, 1.5, rng)
                trials += 1
                for setting in SETTINGS:
                    found = starts(pcm, *setting)
                    on_word = [t for t in found if t >= SPEECH_STARTS - 0.5]
                    results[setting][0] += bool(on_word)
                    results[setting][1] += len(found) > len(on_word)
                voice_stops = SPEECH_STARTS + voice_end(word)
                for name, frames in ENDS.items():
                    command, ended = cut(pcm, *frames) or (b"", float("nan"))
                    ends[name][0].append(ended - voice_stops)
                    ends[name][1] += ended < voice_stops - 0.01
                    result = recognizer.recognize(sr.AudioData(command, RATE, 2))
                    ends[name][2] += (result.outcome is Outcome.COMMAND
                                      and result.command == expected)
    print(f"{title}: {trials} utterances, {len(commands)} commands x {', '.join(voices)} x "
          f"noise at {', '.join(map(str, FLOORS_DBFS))} dBFS")
    shipped = (ENDPOINT_WINDOW_SECONDS, ENDPOINT_AGREEMENT)
    print_table(["window s", "agreement", "commands kept", "started on the noise"],
                ([f"{window}{' (shipped)' if (window, agreement) == shipped else ''}",
                  agreement, f"{heard}/{trials}", false_starts]
                 for (window, agreement), (heard, false_starts) in results.items()))
    endings = {}
    for name, (waits, too_soon, recognised) in ends.items():
        # a command never cut out has no end: it counts against "recognised", not the waits
        ms = [1000 * w for w in waits if not math.isnan(w)]
        endings[name] = {"after_the_voice_ms_median": round(statistics.median(ms)),
                         "after_the_voice_ms_p95": round(percentile(ms, 95)),
                         "after_the_voice_ms_most": round(max(ms)),
                         "before_the_voice_ended": too_soon, "recognised": recognised}
    print_table(["a command ends", "after the voice, median / p95 / most ms",
                 "before the voice ended", "recognised"],
                ([name, f"{e['after_the_voice_ms_median']} / {e['after_the_voice_ms_p95']} / "
                  f"{e['after_the_voice_ms_most']}", e["before_the_voice_ended"],
                  f"{e['recognised']}/{trials}"] for name, e in endings.items()))
    return {"utterances": trials, "voices": voices, "commands": commands,
            "starts": [{"window_seconds": window, "agreement": agreement, "kept": heard,
                        "started_on_the_noise": false_starts}
                       for (window, agreement), (heard, false_starts) in results.items()],
            "ends": endings}


def main() -> None:
    from voiceinfo.guide import load_guide
    from voiceinfo.speech.recognition import Recognizers
    guide = load_guide()
    recognizer = Recognizers(guide.vocabulary, "sphinx", print)("en")
    folder = Path(tempfile.mkdtemp(prefix="voiceinfo-endpointer-"))
    record("speech_endpointer", {
        "chosen on": measure(folder, VOICES, COMMANDS, "chosen on", recognizer,
                             guide.vocabulary("en")),
        "held out": measure(folder, HELD_OUT_VOICES, HELD_OUT_COMMANDS, "held out", recognizer,
                            guide.vocabulary("en"))})


if __name__ == "__main__":
    main()
