"""The telephone keypad (DTMF) as the brief's commands: pure, read from `commands.toml`'s
`[phone]` tables, the one place the keys are written.

1 to 7 pick a menu item everywhere, as typed digits do; the other keys are `[phone.keys]`; and
two commands that have no key of their own share one (`[phone.shared]`): home is up where up
leads to the main menu, and quit is help pressed again once the help has offered it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from voiceinfo.commands import Command, CommandName
from voiceinfo.content import MENU_NUMBERS, ROOT_TOPIC_ID, ContentError, read_toml
from voiceinfo.i18n import LOCALES
from voiceinfo.navigator import Navigator, State

#: Every key a telephone keypad sends (RFC 4733's events 0-11; A-D are on few phones).
KEYPAD = tuple("0123456789*#")


@dataclass(frozen=True)
class PhoneKeys:
    """The keypad's meaning, and the languages' order in the opening menu."""

    #: Language codes, in the order the opening menu offers them: key 1 is the first.
    languages: tuple[str, ...]
    #: A key's own command (besides the menu numbers).
    commands: dict[str, CommandName]
    #: The key that says home where its own command (up) would lead to the main menu.
    home: str
    #: The key that says goodbye when pressed again after the help has offered it.
    quit: str

    def language(self, key: str) -> str | None:
        """The language a key picks in the opening menu, or None."""
        if key.isdigit() and 1 <= int(key) <= len(self.languages):
            return self.languages[int(key) - 1]
        return None

    def language_key(self, lang: str) -> str:
        return str(self.languages.index(lang) + 1)

    def key_for(self, name: CommandName) -> str:
        """The key bound to a command, for saying it in the help."""
        return next(key for key, bound in self.commands.items() if bound is name)

    def command(self, key: str, navigator: Navigator, state: State,
                quit_offered: bool = False) -> Command | None:
        """What the key means at this state; None for a key that means nothing here.
        `quit_offered`: the help's offer to end the call has been heard, and nothing pressed
        or said since."""
        if key.isdigit() and int(key) in MENU_NUMBERS:
            return Command(CommandName.CHOOSE, int(key))
        name = self.commands.get(key)
        if name is None:
            return None
        if key == self.quit and quit_offered:
            return Command(CommandName.QUIT)
        if key == self.home and name is CommandName.UP:
            above = navigator.moves(state.place, state.lang).get(CommandName.UP)
            if above is None or above.to == navigator.end_place(ROOT_TOPIC_ID):
                return Command(CommandName.HOME)
        return Command(name)


def load_phone_keys(content_dir: Path) -> PhoneKeys:
    """Raises ContentError, saying what is wrong, when the `[phone]` tables are not right."""
    path = Path(content_dir) / "commands.toml"
    phone = read_toml(path).get("phone")
    try:
        languages = tuple(str(code) for code in phone["languages"])
        commands = {str(key): CommandName(name) for key, name in phone["keys"].items()}
        home, quit_ = str(phone["shared"]["home"]), str(phone["shared"]["quit"])
    except (KeyError, TypeError, ValueError) as error:
        raise ContentError(f"{path}: [phone] is missing or wrong ({error})") from None
    if sorted(languages) != sorted(LOCALES):
        raise ContentError(f"{path}: [phone] languages must name each of {', '.join(LOCALES)} "
                           f"once")
    digits = {str(n) for n in MENU_NUMBERS}
    for key in commands:
        if key not in KEYPAD or key in digits:
            raise ContentError(f"{path}: [phone.keys] {key!r} is not a free key of a phone's "
                               f"keypad (1 to {MENU_NUMBERS[-1]} pick menu items)")
    if commands.get(home) is not CommandName.UP or commands.get(quit_) is not CommandName.HELP:
        raise ContentError(f"{path}: [phone.shared] home must be up's key, quit help's key")
    if len(languages) > len(KEYPAD) - 3:
        raise ContentError(f"{path}: [phone] too many languages for one key each")
    return PhoneKeys(languages, commands, home, quit_)
