"""Shell completion for bash, zsh and fish, written from the argument parser itself.

shtab is not a dependency: the parser is small, and walking it here keeps the scripts
in step with every command and option without another package.
"""

from __future__ import annotations

import argparse
from typing import Final

SHELLS: Final = ("bash", "zsh", "fish")


def _commands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    """The subcommands' parsers by name."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _options(parser: argparse.ArgumentParser) -> list[tuple[str, str, list[str]]]:
    """(option, help, choices) for each option of a parser."""
    found = []
    for action in parser._actions:
        for option in action.option_strings:
            choices = [str(choice) for choice in action.choices or ()]
            found.append((option, action.help or "", choices))
    return found


def _summaries(parser: argparse.ArgumentParser) -> dict[str, str]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return {choice.dest: choice.help or "" for choice in action._choices_actions}
    return {}


def completion_script(parser: argparse.ArgumentParser, shell: str) -> str:
    """The completion script for `shell` (one of SHELLS)."""
    if shell == "fish":
        return _fish(parser)
    script = _bash(parser)
    if shell == "zsh":
        return "autoload -U +X bashcompinit && bashcompinit\n" + script
    return script


def _bash(parser: argparse.ArgumentParser) -> str:
    name = parser.prog
    commands = _commands(parser)
    valued = " ".join(_valued(parser))
    top = " ".join([*commands, *(option for option, _, _ in _options(parser))])
    choices = [
        f'        {command}:{option}) words="{" ".join(values)}" ;;'
        for command, sub in commands.items()
        for option, _, values in _options(sub)
        if values
    ]
    # After an option that takes a free value (`--db`, `-o`), and for a command's
    # arguments, no words: bash then completes file names (`-o default`).
    values = [
        f'        {command}:{option}) words="" ;;'
        for command, sub in {"": parser, **commands}.items()
        for option, _, choices in _options(sub)
        if option in _valued(sub) and not choices
    ]
    words = [
        f'                {command}) case "$current" in -*) '
        f'words="{" ".join(o for o, _, _ in _options(sub))}" ;; esac ;;'
        for command, sub in commands.items()
    ]
    choice_lines = "\n".join(choices + values)
    word_lines = "\n".join(words)
    return f"""# {name} completion for bash (papershelf completion bash)
_{name}() {{
    local current="${{COMP_WORDS[COMP_CWORD]}}" previous="${{COMP_WORDS[COMP_CWORD-1]}}"
    local command="" skip="" word words=""
    for word in "${{COMP_WORDS[@]:1:$((COMP_CWORD-1))}}"; do
        if [ -n "$skip" ]; then skip=""; continue; fi
        case " {valued} " in *" $word "*) skip=1; continue ;; esac
        case "$word" in -*) ;; *) command="$word"; break ;; esac
    done
    case "$command:$previous" in
{choice_lines}
        *)
            case "$command" in
                "") words="{top}" ;;
{word_lines}
            esac ;;
    esac
    COMPREPLY=($(compgen -W "$words" -- "$current"))
}}
complete -o default -F _{name} {name}
"""


def _valued(parser: argparse.ArgumentParser) -> list[str]:
    """The global options that take a value (the word after them is not a command)."""
    return [
        option
        for action in parser._actions
        if action.nargs != 0 and not isinstance(action, argparse._SubParsersAction)
        for option in action.option_strings
    ]


def _fish(parser: argparse.ArgumentParser) -> str:
    name = parser.prog
    commands = _commands(parser)
    summaries = _summaries(parser)
    # Not __fish_use_subcommand: it takes the value of `--db PATH` for the subcommand.
    no_command = _quote(f"not __fish_seen_subcommand_from {' '.join(commands)}")
    valued = _valued(parser)
    lines = [f"# {name} completion for fish (papershelf completion fish)"]
    for command in commands:
        about = _quote(summaries.get(command, ""))
        lines.append(f"complete -c {name} -n {no_command} -f -a {command} -d {about}")
    for option, about, _ in _options(parser):
        value = " -r" if option in valued else ""
        lines.append(
            f"complete -c {name} -n {no_command} {_fish_flag(option)}{value} -d {_quote(about)}"
        )
    for command, sub in commands.items():
        for option, about, choices in _options(sub):
            values = f" -x -a {_quote(' '.join(choices))}" if choices else ""
            lines.append(
                f"complete -c {name} -n '__fish_seen_subcommand_from {command}' "
                f"{_fish_flag(option)}{values} -d {_quote(about)}"
            )
    return "\n".join(lines) + "\n"


def _fish_flag(option: str) -> str:
    return f"-l {option[2:]}" if option.startswith("--") else f"-s {option[1:]}"


def _quote(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"
