"""voiceinfo: one health article on acupuncture for MS as a topic tree of short spoken segments,
navigable by voice, keyboard, screen reader or JSON API, in five languages."""

__version__ = "0.1.0"
