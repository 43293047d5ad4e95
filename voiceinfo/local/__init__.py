"""The local front end (`voiceinfo` on the person's own machine): one person's session, the keys
and lines they type, the spoken commands they say, and which devices it speaks and listens with.

    session  the Session that drives the navigator and keeps the place; the Output protocol,
             and PrintedOutput
    keys     single keys from a terminal, a typed line after '/', and the terminal put back
    events   every input as a Heard event: from WAV files, or live from the key and microphone
             threads through one queue
    devices  the sound libraries' messages kept in a log during a spoken session (the
             devices themselves are `voiceinfo.environment.Devices`, injected)
    loop     the loop from events to replies, and `run_local`, which sets it all up

Speech itself (saying, hearing) is `voiceinfo.speech`, loaded only when it is used: printed
output without listening (`--text --no-listen`) loads no speech recognition at all.
"""
