#!/usr/bin/env python3
"""smt2_defs.py -- rewrite a yosys `write_smt2` model so that z3 4.8 can load it.

yosys writes every cell of the design as a macro of the state,
`(define-fun |top#N| ((state |top_s|)) SORT BODY)`, each body calling the
macros of its inputs.  z3 4.8.12 (Debian bookworm) expands and simplifies
these macros as it reads them, and on some shapes of logic that is
super-linear: the TLB model (a few hundred cells) did not finish loading in
ten minutes.  This script turns every such cell macro into a declared
function of the state, `(declare-fun |top#N| (|top_s|) SORT)`, and moves
its definition into the model's hierarchy predicate `|top_h|` as the
equality `(= (|top#N| state) BODY)`.

yosys-smtbmc asserts `(|top_h| s)` for every state s it creates (BMC,
induction and cover modes alike), so each declared function is pinned to
its definition in every state the solver ever sees: the rewritten model
has exactly the behaviours of the original.  Wire aliases (`|top_n ...|`),
memory ports and the assert / assume / init / transition predicates are
left alone.

    smt2_defs.py MODEL.smt2      (rewrites the file in place)
"""

import re
import sys


def read_sexpr(s, i):
    """Index just past the s-expression starting at s[i] (skips blanks)."""
    while s[i] == " ":
        i += 1
    if s[i] == "(":
        depth = 0
        while True:
            c = s[i]
            if c == "|":
                i = s.index("|", i + 1)
            elif c == "(":
                depth += 1
            elif c == ")":
                depth -= 1
                if depth == 0:
                    return i + 1
            i += 1
    if s[i] == "|":
        return s.index("|", i + 1) + 1
    j = i
    while j < len(s) and s[j] not in " ()":
        j += 1
    return j


def rewrite(text):
    m = re.search(r"^; yosys-smt2-topmod (\S+)$", text, re.M)
    if not m:
        raise SystemExit("smt2_defs: no yosys-smt2-topmod line")
    top = m.group(1)
    head = re.compile(r"\(define-fun \|(%s#[0-9#]+)\| \(\(state \|%s_s\|\)\) " % (re.escape(top), re.escape(top)))
    out, eqs = [], []
    h_line = None
    for line in text.split("\n"):
        hm = head.match(line)
        if hm:
            i = hm.end()
            j = read_sexpr(line, i)
            sort = line[i:j].strip()
            k = read_sexpr(line, j)
            body = line[j:k].strip()
            rest = line[k:].strip()
            if not rest.startswith(")"):
                raise SystemExit("smt2_defs: cannot parse: " + line[:200])
            comment = rest[1:].strip()
            out.append("(declare-fun |%s| (|%s_s|) %s)%s" % (hm.group(1), top, sort,
                                                             (" " + comment) if comment else ""))
            eqs.append("  (= (|%s| state) %s)" % (hm.group(1), body))
            continue
        if line.startswith("(define-fun |%s_h| ((state |%s_s|)) Bool " % (top, top)):
            h_line = len(out)
        out.append(line)
    if h_line is None:
        raise SystemExit("smt2_defs: no |%s_h| definition" % top)
    old = out[h_line]
    prefix = "(define-fun |%s_h| ((state |%s_s|)) Bool " % (top, top)
    k = read_sexpr(old, len(prefix))
    old_body = old[len(prefix):k].strip()
    out[h_line] = prefix + "(and " + old_body + "\n" + "\n".join(eqs) + "\n))"
    return "\n".join(out)


def main():
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    path = sys.argv[1]
    with open(path) as f:
        text = f.read()
    with open(path, "w") as f:
        f.write(rewrite(text))


if __name__ == "__main__":
    main()
