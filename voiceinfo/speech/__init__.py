"""Speech for voiceinfo: speech out (`synthesis`: eSpeak NG through pyttsx3; `output`: replies
said into the speakers or WAV files) and speech in (`capture`: audio from files and the
microphone; `denoise`, `grammar`, `lexicon` and `recognition`: pocketsphinx with a grammar made
from the command words; `lexicon_maker` writes the other languages' pronunciations;
`transcribe_whisper` and `whisper_models`: Whisper for what the grammar cannot hear surely, the
other languages and questions; `spoken_text` puts its text into the command words), with
`commandline` for the recognizers that `--engine` chooses.

Each part is a thin adapter behind a small interface, loaded only when it is used, so the text
interfaces never pay for it. The local front end that joins them is `voiceinfo.local`.
"""

#: The recognition engines that keep audio on the machine. The default hears English commands
#: with pocketsphinx's grammar first and asks Whisper when the grammar is unsure, and every other
#: language and every question with Whisper; the other two use one engine alone. Here rather
#: than in `recognition`, so the command line can name them without loading that.
OFFLINE_ENGINE, SPHINX_ENGINE, WHISPER_ENGINE = "offline", "sphinx", "whisper"
LOCAL_ENGINES = (OFFLINE_ENGINE, SPHINX_ENGINE, WHISPER_ENGINE)
