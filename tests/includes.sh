#!/bin/sh
# The modules of src/ include each other one way: no module reaches its
# own header again through a chain of includes (README, Layout).  A
# module is a .c/.h pair; its -internal.h belongs to it.  Each circle
# found is named with the files that close it.
. "$top_srcdir/tests/lib.sh"
command -v python3 >/dev/null || skip_all "python3 is missing"

circles=$(cd "$top_srcdir/src" && python3 - <<'PY'
import os, re, sys
def module(path):
    return os.path.splitext(os.path.normpath(path))[0].replace("-internal", "")
deps = {}
for d, _, files in os.walk("."):
    for f in files:
        if not f.endswith((".c", ".h")):
            continue
        path = os.path.join(d, f)
        src = open(path, encoding="utf-8", errors="replace").read()
        for inc in re.findall(r'^#include "([^"]+)"', src, re.M):
            if inc != "config.h" and module(inc) != module(path):
                deps.setdefault(module(path), {}).setdefault(module(inc), os.path.normpath(path))
# Depth-first search: an edge back to a module on the path is a circle.
state, path, found = {}, [], []
def visit(m):
    state[m] = 1
    path.append(m)
    for n in sorted(deps.get(m, {})):
        if state.get(n) == 1:
            ring = path[path.index(n):] + [n]
            found.append(" -> ".join("%s (%s)" % (a, deps[a][b]) for a, b in zip(ring, ring[1:])))
        elif n not in state:
            visit(n)
    path.pop()
    state[m] = 2
for m in sorted(deps):
    if m not in state:
        visit(m)
print("\n".join(found))
print("modules: %d" % len(deps), file=sys.stderr)
PY
)
check "src/ has modules to look at" test -d "$top_srcdir/src/ui"
if [ -n "$circles" ]; then
	echo "$circles" | sed 's/^/# circle: /'
fi
check "no circle of includes between modules" test -z "$circles"
done_testing
