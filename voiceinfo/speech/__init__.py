"""Speech for voiceinfo: speaking replies (eSpeak NG through pyttsx3), hearing commands
(pocketsphinx with a grammar made from the command words) and the spoken loop that joins them.

Each part is a thin adapter behind a small interface, loaded only when it is used, so the text
interfaces never pay for it.
"""
