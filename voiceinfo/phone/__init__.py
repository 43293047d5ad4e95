"""`voiceinfo phone`: the guide on a telephone line (SIP).

Pure parts first: `keys` (the keypad as commands, from `commands.toml`) and `conversation` (one
call's way through the one `Navigator`: the opening choice of language, the phone's help and
goodbyes). Then a call's sound (`audio`: lines into samples, the caller's sound into commands)
and its threads and limits (`session`), neither of which knows SIP; the SIP line itself
(`line`, PJSIP through `pjsua2`); and `service`, which puts them together. `pjsua2` is imported
by `line` alone, and only when `voiceinfo phone` runs.
"""
