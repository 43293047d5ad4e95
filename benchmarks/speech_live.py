"""The spoken loop's live path, on the virtual sound card the tests use
(tests/support/soundcard.py):

- commands heard over steady noise floors of about -60, -50 and -40 dBFS, each command word
  spoken by flite's voices into the card's microphone and taken through the same capture
  (PortAudio, the voice activity detector) and recognizer as `voiceinfo` (target: every word,
  one-syllable ones included, heard at least 97 % of the time over -50 dBFS);
- `voiceinfo` itself in a pseudo-terminal: start-up to its first sound (target at most 1 s);
  the end of a spoken command to the first sound of its reply (target at most 0.4 s at p95, the
  silence that ends the command included), stage by stage; and a key pressed during speech to
  the speech stopped (target at most 50 ms).

How it is measured. The end of a command is where its voice ends in the microphone's feed: the
spoken file is found in the recording by cross-correlation, and its voice ends at its last
10 ms within 40 dB of its loudest. The reply's first sound is the first 10 ms above -70 dBFS in
the speakers' recording (digital silence otherwise). Both come from one stereo recording (the
microphone's feed looped into its left channel, the speakers into its right), so the time
between them needs no clock and no correction for the recorder: both went through the same
loop. The speakers' null sink hands its monitor each block as it renders it, up to its latency
ahead of when a sound card would play it; that latency (PulseAudio's figure, 3 to 7 ms) is
added. For the stages, each sink is also recorded on its own and its samples placed on the
machine's monotonic clock (from the blocks' arrival times), the clock `voiceinfo` stamps its
stages with into its audio log (`voiceinfo.speech.timeline`); that placing is good to about
20 ms (a few sounds come out that much before the mark that precedes them). Start-up runs from
the launch of the process to the first sound; a key is timed from when it is written to the
pseudo-terminal to when the sound stops for 0.5 s ('/' is pressed: it stops the speech and then
waits, silent, for a typed line).

    .venv/bin/python benchmarks/speech_live.py [--voices kal rms slt awb] [--floors -60 -50 -40]
                                               [--skip-heard] [--skip-timings]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.common import percentile, print_table, read_wav, record  # noqa: E402
from tests.support.sound import RATE, loudness, voice_end  # noqa: E402
from tests.support.soundcard import VirtualSoundCard, noise, spoken  # noqa: E402
from tests.support.terminal import Terminal  # noqa: E402

#: Commands with short replies, timed from the end of the voice to the reply's first sound.
TIMED = ["where am I", "slower", "faster", "pause", "where am I", "slower", "faster",
         "where am I", "pause", "where am I"]
#: The speakers' channel is digital silence when nothing plays: above this (dBFS) is sound.
SILENT_DBFS = -70
#: Sound that stops for this long has stopped (eSpeak NG's pauses between words are shorter).
STOPPED_SECONDS = 0.5
#: How often `parec` hands over what it recorded.
RECORDER_LATENCY_MS = 5
#: Seconds into a topic's reading at which a key is pressed to cut it off.
KEY_DELAYS = [1.0, 1.3, 1.6, 1.9, 2.2, 1.1, 1.4, 1.7, 2.0, 2.3]
#: The stages of a reply, each to the mark (`voiceinfo.speech.timeline`) that ends it.
REPLY_STAGES = [("voice ends -> end of speech decided (capture and the detector's wait)",
                 "speech-ended"),
                ("-> decoded", "decoded"),
                ("-> main thread answers", "answering"),
                ("-> first line synthesised", "synthesized"),
                ("-> output stream opened", "stream-opened"),
                ("-> first block written", "first-block-written"),
                ("-> first sound in the speakers (playback buffers)", "")]
LOOPBACK = [
    ["module-null-sink", "sink_name=both", "channels=2"],
    ["module-remap-sink", "sink_name=to_left", "master=both", "channels=1", "channel_map=mono",
     "master_channel_map=front-left"],
    ["module-remap-sink", "sink_name=to_right", "master=both", "channels=1", "channel_map=mono",
     "master_channel_map=front-right"],
    ["module-loopback", "source=mic_feed.monitor", "sink=to_left", "latency_msec=20"],
    ["module-loopback", "source=speakers.monitor", "sink=to_right", "latency_msec=20"],
]

#: The commands of the brief, the one-syllable ones among them.
COMMANDS = ["next", "back", "up", "home", "quit", "skip", "one", "pause", "repeat", "help",
            "where am I", "fatigue", "go up", "go home", "number one", "slower"]


def heard_over_noise(card: VirtualSoundCard, folder: Path, voices: list[str],
                     floors: list[float]) -> dict:
    from voiceinfo.guide import load_guide
    from voiceinfo.speech.capture import MicrophoneListener
    from voiceinfo.speech.recognition import Outcome, Recognizers
    guide = load_guide()
    vocabulary = guide.vocabulary("en")
    recognizer = Recognizers(guide.vocabulary, "sphinx", print)("en")
    listener = MicrophoneListener()
    listener.open()
    totals: dict[float, list[int]] = {}
    by_voice: list[dict] = []

    def rows():  # each voice over each floor printed as it is heard
        for floor in floors:
            room = card.play_into_microphone(noise(folder / f"room{floor}.wav", floor, 600),
                                             wait=False)
            time.sleep(1)
            for voice in voices:
                heard, misses = 0, []
                for text in COMMANDS:
                    path = spoken(folder / f"{voice}-{text.replace(' ', '-')}.wav", text, voice)
                    player = threading.Thread(target=card.play_into_microphone, args=(path,))
                    player.start()
                    audio = listener.listen(timeout=5)
                    player.join()
                    result = recognizer.recognize(audio) if audio else None
                    expected = vocabulary.parse(text, forgiving=False)
                    if (result and result.outcome is Outcome.COMMAND
                            and result.command == expected):
                        heard += 1
                    else:
                        misses.append(f"{text} as {result.heard if result else 'nothing'!r}")
                    time.sleep(0.3)
                totals.setdefault(floor, [0, 0])
                totals[floor][0] += heard
                totals[floor][1] += len(COMMANDS)
                by_voice.append({"floor_dbfs": floor, "voice": voice, "heard": heard,
                                 "of": len(COMMANDS), "misses": misses})
                yield [f"{floor:.0f} dBFS", voice, f"{heard}/{len(COMMANDS)}",
                       "; ".join(misses) or "-"]
            room.kill()

    print_table(["floor", "voice", "heard", "misses"], rows())
    for floor, (heard, count) in totals.items():
        print(f"over {floor:.0f} dBFS: {heard}/{count} = {100 * heard / count:.1f} % heard")
    return {"by_voice": by_voice,
            "by_floor": [{"floor_dbfs": floor, "heard": heard, "of": count}
                         for floor, (heard, count) in totals.items()]}


class Recording:
    """What `parec` records from a sink's monitor, read here as it comes, so that each sample's
    place in the recording is known on the machine's monotonic clock, the one `voiceinfo`
    stamps its stages with (`voiceinfo.speech.timeline`): the block that came soonest after its
    samples were made fixes the clock (`zero`, the time of sample 0)."""

    def __init__(self, env: dict[str, str], sink: str, channels: int = 1) -> None:
        self.env, self.sink, self.channels = env, sink, channels
        self.process = subprocess.Popen(
            ["parec", f"--device={sink}.monitor", "--raw", f"--channels={channels}",
             f"--rate={RATE}", "--format=s16le", f"--latency-msec={RECORDER_LATENCY_MS}"],
            stdout=subprocess.PIPE, env={**os.environ, **env})
        self.blocks: list[bytes] = []
        #: (monotonic time a block arrived, samples a channel had received by its end)
        self.arrivals: list[tuple[float, int]] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        received = 0
        while block := os.read(self.process.stdout.fileno(), 1 << 16):
            now = time.monotonic()
            self.blocks.append(block)
            received += len(block)
            self.arrivals.append((now, received // (2 * self.channels)))

    def stop(self) -> np.ndarray:
        self.process.terminate()
        self.process.wait(timeout=10)
        self._reader.join(timeout=10)
        data = b"".join(self.blocks)
        frame = 2 * self.channels
        self.samples = np.frombuffer(data[:len(data) // frame * frame],
                                     dtype=np.int16).reshape(-1, self.channels)
        self.zero = min(at - count / RATE for at, count in self.arrivals[10:])
        return self.samples

    def clock(self, seconds: float) -> float:
        """A place in the recording (seconds) as the monotonic time it was made."""
        return self.zero + seconds


def sink_latency(env: dict[str, str], sink: str) -> float:
    """The sink's configured latency in seconds, as `pactl` reports it."""
    listing = subprocess.run(["pactl", "list", "sinks"], capture_output=True, text=True,
                             env={**os.environ, **env}, check=True).stdout
    entry = next(entry for entry in listing.split("\n\n") if f"Name: {sink}\n" in entry)
    line = next(line for line in entry.splitlines() if line.strip().startswith("Latency:"))
    return float(line.split("configured")[1].split()[0]) / 1e6


def found_at(channel: np.ndarray, path: Path, after: float) -> float:
    """Where the recording of the WAV file begins in the channel (seconds), from `after`."""
    return best_match(channel, read_wav(path), after)


def best_match(channel: np.ndarray, sound: np.ndarray, after: float) -> float:
    """Where `sound` begins in the channel (seconds), searched over the few seconds from
    `after`: the best match of its samples (cross-correlation)."""
    begin = max(0, int(after * RATE))
    span = channel[begin:begin + len(sound) + 4 * RATE].astype(float)
    size = 1 << int(np.ceil(np.log2(len(span) + len(sound))))
    match = np.fft.irfft(np.fft.rfft(span, size) * np.conj(np.fft.rfft(sound.astype(float),
                                                                         size)), size)
    return (begin + int(np.argmax(match[:len(span) - len(sound) + 1]))) / RATE


def first_sound(channel: np.ndarray, after: float) -> float:
    """The first 10 ms of sound (above `SILENT_DBFS`) in the channel from `after` (seconds)."""
    levels = loudness(channel)
    start = int(after * 100)
    return (start + int(np.argmax(levels[start:] > SILENT_DBFS))) / 100


def sound_stops(channel: np.ndarray, after: float) -> float:
    """Where the sound in the channel stops for at least `STOPPED_SECONDS`, from `after`."""
    levels = loudness(channel) > SILENT_DBFS
    quiet = round(STOPPED_SECONDS * 100)
    for index in range(int(after * 100), len(levels) - quiet):
        if not levels[index:index + quiet].any():
            return index / 100
    raise ValueError("the sound never stopped")


def read_timeline(log: Path) -> list[tuple[float, str, str]]:
    from voiceinfo.speech.timeline import parse
    lines = log.read_text(errors="replace").splitlines() if log.exists() else []
    return [mark for mark in map(parse, lines) if mark]


def next_mark(marks: list[tuple[float, str, str]], stage: str, after: float) -> float:
    return next(at for at, name, _ in marks if name == stage and at >= after)


def spread(values: list[float]) -> dict[str, float]:
    """Median and p95 of times in seconds, in ms."""
    return {"median_ms": round(1000 * statistics.median(values)),
            "p95_ms": round(1000 * percentile(values, 95))}


def shown(spread: dict[str, float]) -> str:
    return f"{spread['median_ms']} / {spread['p95_ms']}"


def live_timings(card: VirtualSoundCard, folder: Path) -> dict:
    for module in LOOPBACK:
        subprocess.run(["pactl", "load-module", *module], env={**os.environ, **card.env},
                       check=True, capture_output=True)
    card.play_into_microphone(noise(folder / "quiet-room.wav", -65, 400), wait=False)
    # one stereo recording for the time from a command to its reply, on one clock; each sink
    # on its own, with as little between it and the recorder as can be, for the stages
    recording = Recording(card.env, "both", channels=2)
    said_to, speakers_out = Recording(card.env, "mic_feed"), Recording(card.env, "speakers")
    time.sleep(3)  # an idle null sink delivers only after about 2 s
    spoken_files = [spoken(folder / f"timed-{text.replace(' ', '-')}.wav", text, "rms")
                    for text in TIMED]
    launched = time.monotonic()
    term = Terminal(folder / "state", env=card.env)
    term.read_until("Topics:", timeout=30)
    time.sleep(30)  # the greeting, said whole
    said = []
    for path in spoken_files:
        said.append((time.monotonic(), path))
        card.play_into_microphone(path)
        time.sleep(5)
    pressed, latencies = key_presses(term, card.env)
    term.press("q")
    term.read_until("Goodbye.", timeout=20)
    term.close()
    # a null sink hands its monitor each block as it renders it, up to its latency ahead of when
    # a sound card would play it: that latency, as PulseAudio reports it, is added to when the
    # speakers are heard (the microphone takes its feed as rendered, so nothing there); it is
    # taken while voiceinfo speaks, its largest
    ahead = max(latencies)
    both = recording.stop()
    mic, speakers = both[:, 0], both[:, 1]
    mic_alone, speakers_alone = said_to.stop()[:, 0], speakers_out.stop()[:, 0]
    speakers_out.zero += ahead
    marks = read_timeline(folder / "state" / "audio.log")
    print(f"the speakers' null sink renders {1000 * ahead:.1f} ms ahead: added to each time "
          f"the speakers are heard")

    first = speakers_out.clock(first_sound(speakers_alone, 0))
    startup = {name: round(next_mark(marks, mark, 0) - launched, 2) for name, mark in (
        ("greeting begun", "greeting"), ("first line made", "synthesized"),
        ("first block written", "first-block-written"))}
    startup["first sound"] = round(first - launched, 2)
    print(f"start-up to the first sound: {startup['first sound']:.2f} s (target at most 1 s); "
          f"in it: launch to the greeting begun {startup['greeting begun']:.2f} s, first line "
          f"made {startup['first line made']:.2f} s, first block written "
          f"{startup['first block written']:.2f} s")

    stages: dict[str, list[float]] = {name: [] for name, _ in REPLY_STAGES}
    totals = []
    for sent, path in said:
        voice = voice_end(read_wav(path))
        ended = found_at(mic, path, sent - recording.zero - 1) + voice
        totals.append(first_sound(speakers, ended) + ahead - ended)
        at = [said_to.clock(found_at(mic_alone, path, sent - said_to.zero - 1) + voice)]
        for _, stage in REPLY_STAGES[:-1]:
            at.append(next_mark(marks, stage, at[-1]))
        at.append(speakers_out.clock(first_sound(speakers_alone, at[0] - speakers_out.zero)))
        for (name, _), begin, finish in zip(REPLY_STAGES, at, at[1:]):
            stages[name].append(finish - begin)
    print(f"end of a spoken command to the first sound of its reply, {len(totals)} commands: "
          f"median / p95 {shown(spread(totals))} ms (target p95 at most 400 ms); each: "
          f"{', '.join(f'{1000 * t:.0f}' for t in totals)}")
    print_table(["stage", "median / p95 ms"],
                ([name, shown(spread(values))] for name, values in stages.items()))

    stops = [speakers_out.clock(sound_stops(speakers_alone, key - speakers_out.zero)) - key
             for key in pressed]
    inside = [next_mark(marks, "stream-closed", key) - key for key in pressed]
    print(f"key to speech stopped, {len(stops)} presses during speech: median / p95 "
          f"{shown(spread(stops))} ms (target at most 50 ms); each: "
          f"{', '.join(f'{1000 * t:.0f}' for t in stops)}; key to the stream closed in "
          f"voiceinfo {shown(spread(inside))} ms")
    return {"speakers_ahead_ms": round(1000 * ahead, 1), "startup_seconds": startup,
            "command_to_reply": spread(totals),
            "command_to_reply_each_ms": [round(1000 * t) for t in totals],
            "stages": {name: spread(values) for name, values in stages.items()},
            "key_to_speech_stopped": spread(stops),
            "key_to_stream_closed": spread(inside)}


def key_presses(term: Terminal, env: dict[str, str]) -> tuple[list[float], list[float]]:
    """'/' pressed while a topic is being read: it stops the speech, then waits in silence for a
    line to be typed. The times of the presses, and the speakers' latency before each."""
    pressed, latencies = [], []
    term.press("4")
    for into in KEY_DELAYS:
        time.sleep(into - 0.1)
        latencies.append(sink_latency(env, "speakers"))
        time.sleep(0.1)
        pressed.append(time.monotonic())
        term.press("/")
        time.sleep(1.5)
        term.press("sources\r")
    time.sleep(2)
    return pressed, latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--voices", nargs="+", default=["kal", "rms", "slt", "awb"])
    parser.add_argument("--floors", nargs="+", type=float, default=[-60, -50, -40])
    parser.add_argument("--skip-heard", action="store_true")
    parser.add_argument("--skip-timings", action="store_true")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="voiceinfo-live-"))
    card = VirtualSoundCard(folder / "card")
    card.start()
    os.environ.update(card.env)
    figures = {}
    try:
        if not args.skip_heard:
            figures["heard over noise"] = heard_over_noise(card, folder, args.voices,
                                                           args.floors)
        if not args.skip_timings:
            figures["timings"] = live_timings(card, folder)
    finally:
        card.stop()
        subprocess.run(["rm", "-rf", str(folder)], check=False)
    record("speech_live", figures)


if __name__ == "__main__":
    main()
