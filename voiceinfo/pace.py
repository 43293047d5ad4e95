"""The pace of speech, in words a minute: the person's default, the slowest and fastest they
may choose, and how much one "slower" or "faster" changes it.

One place for these, since the navigator (slower, faster), the command line (`--rate`), the
bookmark (a saved rate), speech out and the web's audio all need them.
"""

DEFAULT_WORDS_A_MINUTE = 160
SLOWEST_WORDS_A_MINUTE, FASTEST_WORDS_A_MINUTE = 80, 400
#: "slower" divides the pace by this, "faster" multiplies it: about 10 % a step.
PACE_STEP = 1.1


def within_limits(words_a_minute: int) -> int:
    return max(SLOWEST_WORDS_A_MINUTE, min(FASTEST_WORDS_A_MINUTE, words_a_minute))
