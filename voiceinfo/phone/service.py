"""The phone line put together: the guide's keys, voice and recognizers, shared by every call,
and the SIP line that makes a `CallSession` for each call it answers."""

from __future__ import annotations

import argparse
import threading
from dataclasses import dataclass

from voiceinfo.environment import Environment
from voiceinfo.guide import Guide
from voiceinfo.phone.audio import Voice
from voiceinfo.phone.conversation import Conversation
from voiceinfo.phone.keys import load_phone_keys
from voiceinfo.phone.line import LineSettings, PhoneLine
from voiceinfo.phone.session import CallSession, Limits
from voiceinfo.speech import OFFLINE_ENGINE


@dataclass(frozen=True)
class ServiceSettings:
    line: LineSettings
    limits: Limits = Limits()


class PhoneService:
    """Raises SpeechUnavailable when eSpeak NG cannot speak here, ContentError when the keys in
    `commands.toml` are wrong."""

    def __init__(self, settings: ServiceSettings, env: Environment, guide: Guide) -> None:
        from voiceinfo.speech.synthesis import synthesizer
        self.settings, self.env, self.guide = settings, env, guide
        self.keys = load_phone_keys(env.content_dir)
        self.voice = Voice(synthesizer(), env.audio_dir)
        self.recognizers = self._recognizers()
        self.line = PhoneLine(settings.line, self._session, env.warn)

    def _recognizers(self):
        """Offline only: a caller's voice never leaves the machine."""
        from voiceinfo.speech.commandline import recognizers
        return recognizers(argparse.Namespace(engine=OFFLINE_ENGINE), self.env, self.guide)

    def open(self) -> None:
        """The opening menu is made before the first call, so it is heard at once; the
        recognizers load beside the line, the first caller's language first."""
        for line in Conversation(self.guide, self.keys).opening().lines:
            self.voice.samples(line)
        threading.Thread(target=self._load_recognizers, daemon=True,
                         name="recognizers").start()
        self.line.open()

    def _load_recognizers(self) -> None:
        from voiceinfo.speech.recognition import RecognitionUnavailable
        try:
            for lang in self.keys.languages[:2]:
                self.recognizers(lang)
        except RecognitionUnavailable as error:
            self.env.warn(f"spoken commands cannot be heard ({error}); keys still work")
            self.recognizers = None

    def serve(self) -> None:
        self.line.serve()

    def stop(self) -> None:
        self.line.stop()

    def close(self) -> None:
        self.line.close()

    def _session(self, number: int, hang_up) -> CallSession:
        return CallSession(number, self.guide, self.keys, self.voice, self.recognizers,
                           self.settings.limits, hang_up, self.env.warn)
