#!/usr/bin/env python3
"""The look of text on a tmux pane: reads `capture-pane -e -p` output on
stdin and prints the graphic rendition (SGR state) at the first character
of TEXT, as "fg=F bg=B ATTR...", F and B a palette number or "default".

    tmux capture-pane -e -p -t S | sgr.py TEXT [ROW]

ROW (1-based) restricts the search to one line of the pane."""
import re
import sys

ATTRS = {1: "bold", 2: "dim", 3: "italic", 4: "underline", 5: "blink", 7: "reverse"}
OFF = {22: ("bold", "dim"), 23: ("italic",), 24: ("underline",), 25: ("blink",),
       27: ("reverse",)}


def apply(state, params):
    codes = [int(p) if p else 0 for p in params.split(";")] if params else [0]
    i = 0
    while i < len(codes):
        c = codes[i]
        if c == 0:
            state.clear()
            state.update(fg="default", bg="default")
        elif c in ATTRS:
            state[ATTRS[c]] = True
        elif c in OFF:
            for a in OFF[c]:
                state.pop(a, None)
        elif 30 <= c <= 37 or 40 <= c <= 47:
            state["fg" if c < 40 else "bg"] = str(c % 10)
        elif 90 <= c <= 97 or 100 <= c <= 107:
            state["fg" if c < 100 else "bg"] = str(c % 10 + 8)
        elif c in (39, 49):
            state["fg" if c == 39 else "bg"] = "default"
        elif c in (38, 48) and i + 1 < len(codes):
            key = "fg" if c == 38 else "bg"
            if codes[i + 1] == 5 and i + 2 < len(codes):
                state[key] = str(codes[i + 2])
                i += 2
            elif codes[i + 1] == 2 and i + 4 < len(codes):
                state[key] = "#%02x%02x%02x" % tuple(codes[i + 2:i + 5])
                i += 4
        i += 1


def describe(state):
    attrs = [a for a in ("bold", "dim", "italic", "underline", "blink", "reverse")
             if state.get(a)]
    return " ".join(["fg=" + state["fg"], "bg=" + state["bg"]] + attrs)


def main():
    text = sys.argv[1]
    row = int(sys.argv[2]) if len(sys.argv) > 2 else None
    state = {"fg": "default", "bg": "default"}
    token = re.compile(r"\x1b\[([0-9;]*)m|\x1b[^a-zA-Z]*[a-zA-Z]|.", re.S)
    for n, line in enumerate(sys.stdin.read().split("\n"), 1):
        plain, looks = "", []
        for m in token.finditer(line):
            if m.group(0).startswith("\x1b"):
                if m.group(0).endswith("m"):
                    apply(state, m.group(1))
                continue
            plain += m.group(0)
            looks.append(describe(state))
        at = plain.find(text)
        if at >= 0 and (row is None or row == n):
            print(looks[at])
            return 0
    print("(not found)")
    return 1


if __name__ == "__main__":
    sys.exit(main())
