"""What tests and benchmarks share, kept apart from the tests themselves: the test audio
(`testaudio` for English, `spokenaudio` for the other languages, `sound` for WAV files, noise
and levels), the virtual sound card (`soundcard`), `voiceinfo` on a pseudo-terminal
(`terminal`), stand-ins for standard input (`streams`), the app under gunicorn (`webserver`),
and Orca reading pages (`orca`, its log read by `orcalog`, changed pages served by `pages`, a
reading's parts in `reading`)."""
