"""Speech for voiceinfo: speech out (`synthesis`: eSpeak NG through pyttsx3; `output`: replies
said into the speakers or WAV files) and speech in (`capture`: audio from files and the
microphone; `denoise`, `grammar`, `lexicon` and `recognition`: pocketsphinx with a grammar made
from the command words; `lexicon_maker` writes the other languages' pronunciations), with
`commandline` for `voiceinfo recognize`.

Each part is a thin adapter behind a small interface, loaded only when it is used, so the text
interfaces never pay for it. The local front end that joins them is `voiceinfo.local`.
"""

#: The default recognition engine, pocketsphinx: the only one that keeps audio on the machine.
#: Here rather than in `recognition`, so the command line can name it without loading that.
OFFLINE_ENGINE = "sphinx"
