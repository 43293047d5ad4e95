"""The whole guide as an EPUB 3 talking book, one a language: planned from the tree (`plan`),
its speech taken from the audio cache as MP3, written by ebooklib (`epub`), and kept on a shelf
beside the audio (`shelf`), under the hash of everything it says, for the web and the command
line (`voiceinfo export --epub`, in `voiceinfo.cli.export`).
"""
