"""Is a user's regular expression safe from catastrophic backtracking?

Patterns from the configuration (`extend-patterns`, `disclosure-phrases`) and from rule
files in `extend-rules` run with Python's backtracking `re` on text that hostile pages
control. `(a+)+$`, `(\\w+\\s?)*$` or `(a|a)*` take time exponential in the length of a run of
`a`s (30 characters: seconds; 40: hours), and `\\d+\\d+\\d+x` cubic. `check()` finds such
patterns before any page is read, by looking at the pattern's structure:

The pattern is turned into a position automaton (Glushkov's construction) over a small
alphabet of representative characters: every literal in the pattern, range ends, and one of
each kind (letter, digit, space, punctuation, newline, non-ASCII letter, ...). Bounded
repeats up to {_UNROLL} are unrolled, larger ones treated as unbounded. For each
representative character c, the positions that can read c form a graph (with one edge per
way the pattern can go from one to the next, so `(a+)+` has two edges from `a` to itself).
- A strongly connected part of that graph that is more than one simple cycle means two
  different ways to read the same run of c's that can repeat: exponential backtracking.
- A chain of k separate cycles joined by c-paths (`\\d+\\d+\\d+`, `(\\w+\\s?){1,5}`) means
  polynomial backtracking of degree k; chains longer than `max_degree` + 1 are refused
  (default 1: `.*a.*` passes, `\\d*\\d*\\d*` does not).

The check looks at runs of one character, where nearly all real cases of catastrophic
backtracking live; an ambiguity that needs a mix of characters (`(a|b|ab)*c`) can pass.
Atomic groups and possessive repeats (`(?>...)`, `a*+`) never backtrack and are read as
one step. Lookarounds are ignored; a backreference is taken to match anything.
"""

from __future__ import annotations

import functools
import re

try:  # Python 3.11+
    from re import _constants as _C
    from re import _parser as _P
except ImportError:  # pragma: no cover
    import sre_constants as _C  # type: ignore[no-redef]
    import sre_parse as _P  # type: ignore[no-redef]

_UNROLL = 10  # bounded repeats up to this are unrolled; larger ones count as unbounded
_MAX_POSITIONS = 4000
_REPRESENTATIVES = "aZ5_ \t\n\r-.,/'\"é\u00a0\u0660中\x00\u2028\U0001f600"
_CATEGORY = {
    _C.CATEGORY_DIGIT: re.compile(r"\d").match,
    _C.CATEGORY_NOT_DIGIT: re.compile(r"\D").match,
    _C.CATEGORY_SPACE: re.compile(r"\s").match,
    _C.CATEGORY_NOT_SPACE: re.compile(r"\S").match,
    _C.CATEGORY_WORD: re.compile(r"\w").match,
    _C.CATEGORY_NOT_WORD: re.compile(r"\W").match,
    _C.CATEGORY_LINEBREAK: lambda c: c == "\n",
    _C.CATEGORY_NOT_LINEBREAK: lambda c: c != "\n",
}


class UnsafePattern(ValueError):
    """A pattern that can backtrack catastrophically; the message says why, in one line."""


def check(pattern: str, flags: int = 0, *, max_degree: int = 1) -> None:
    """Raise UnsafePattern if `pattern` can take exponential (or polynomial of degree above
    `max_degree` + 1) time on some text. re.error propagates for invalid patterns."""
    why = problem(pattern, flags, max_degree=max_degree)
    if why:
        raise UnsafePattern(why)


def is_safe(pattern: str, flags: int = 0, *, max_degree: int = 1) -> bool:
    return problem(pattern, flags, max_degree=max_degree) is None


def unusable(pattern: str, flags: int = 0) -> str | None:
    """Why a user's pattern cannot be used, in one line that quotes it: it does not compile,
    or it can backtrack catastrophically. None if it can be used. Every place that takes a
    pattern from the user (rule files, configuration, the command line) asks this."""
    try:
        re.compile(pattern, flags)
    except re.error as e:
        return f"invalid regular expression {pattern!r}: {e}"
    unsafe = problem(pattern, flags)
    return f"pattern {pattern!r} {unsafe}" if unsafe else None


# Patterns shipped in rules/ are checked by the test suite (tests/test_robustness.py builds
# every rule with VERIFY_TRUSTED on), not on every start: the check costs about 3 ms a
# pattern and there are hundreds, which every process of a -j run would pay again.
_TRUSTED: set[str] = set()
VERIFY_TRUSTED = False


def trust(patterns) -> None:
    """Mark strings from the built-in rule files as already checked."""
    _TRUSTED.update(patterns)


def problem(pattern: str, flags: int = 0, *, max_degree: int = 1) -> str | None:
    """Why `pattern` is unsafe (one line), or None."""
    if pattern in _TRUSTED and not VERIFY_TRUSTED:
        return None
    return _problem(pattern, flags, max_degree)


@functools.lru_cache(maxsize=1024)
def _problem(pattern: str, flags: int, max_degree: int) -> str | None:
    try:
        parsed = _P.parse(pattern, flags)
    except RecursionError:
        return "nested too deeply to check for catastrophic backtracking; simplify it"
    try:
        nfa = _Nfa(pattern, parsed, flags)
    except _TooBig:
        return "too large to check for catastrophic backtracking; simplify it or split it into several patterns"
    except RecursionError:
        return "nested too deeply to check for catastrophic backtracking; simplify it"
    return nfa.verdict(max_degree)


class _TooBig(Exception):
    pass


def _describe(c: str) -> str:
    if c.isdigit():
        return "digits"
    if c.isspace():
        return "spaces"
    if c.isalpha() or c == "_":
        return f"'{c}'s" if c.isascii() else "letters"
    return f"{c!r} characters"


class _Nfa:
    def __init__(self, pattern: str, parsed, flags: int) -> None:
        self.reps = self._representatives(pattern)
        self.full = (1 << len(self.reps)) - 1
        self.masks: list[int] = []
        self.follow: list[list[int]] = []
        self.strong: list[list[int]] = []  # follow without the loops of bounded repeats
        self._mask_cache: dict = {}
        self.global_flags = parsed.state.flags if hasattr(parsed, "state") else flags
        self._seq(list(parsed), self.global_flags)
        for i, f in enumerate(self.follow):
            self.follow[i] = _twice(f)
            self.strong[i] = _twice(self.strong[i])

    # -- the alphabet ----------------------------------------------------------------------
    @staticmethod
    def _representatives(pattern: str) -> str:
        chars = dict.fromkeys(_REPRESENTATIVES)
        for ch in pattern:
            chars.setdefault(ch)
            chars.setdefault(ch.lower())
            chars.setdefault(ch.upper())
        for m in re.finditer(r"\\([0-7]{1,3}|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4})", pattern):
            try:
                chars.setdefault(chr(int(m.group(1)[1:], 16)) if m.group(1)[0] in "xu" else chr(int(m.group(1), 8)))
            except ValueError:
                pass
        return "".join(c for c in chars if len(c) == 1)

    def _mask(self, test, flags: int) -> int:
        fold = flags & re.IGNORECASE
        mask = 0
        for i, c in enumerate(self.reps):
            if test(c) or (fold and (test(c.lower()) or test(c.upper()))):
                mask |= 1 << i
        return mask

    def _item_mask(self, op, av, flags: int) -> int:
        if op is _C.LITERAL:
            ch = chr(av)
            return self._mask(lambda c: c == ch, flags)
        if op is _C.NOT_LITERAL:
            ch = chr(av)
            return self._mask(lambda c: c != ch, flags)
        if op is _C.ANY:
            dotall = flags & re.DOTALL
            return self._mask(lambda c: dotall or c != "\n", flags)
        if op is _C.IN:
            negate = any(o is _C.NEGATE for o, _ in av)
            tests = []
            for o, a in av:
                if o is _C.LITERAL:
                    tests.append(lambda c, ch=chr(a): c == ch)
                elif o is _C.RANGE:
                    tests.append(lambda c, lo=a[0], hi=a[1]: lo <= ord(c) <= hi)
                elif o is _C.CATEGORY:
                    tests.append(lambda c, f=_CATEGORY.get(a, lambda c: True): bool(f(c)))
                elif o is not _C.NEGATE:
                    tests.append(lambda c: True)

            def member(c: str) -> bool:
                hit = any(t(c) for t in tests)
                return not hit if negate else hit

            return self._mask(member, flags)
        return self.full

    # -- Glushkov construction -----------------------------------------------------------------
    # Each node returns (empty, first, last): `empty` counts the ways it can match nothing
    # (0, 1, or 2 for "several"), and first/last may list a position twice when it can be
    # reached two ways (`(a|)` after `(|b)`...), so that those links are made twice.
    def _position(self, mask: int) -> int:
        if len(self.masks) >= _MAX_POSITIONS:
            raise _TooBig
        self.masks.append(mask)
        self.follow.append([])
        self.strong.append([])
        return len(self.masks) - 1

    def _link(self, last, first, bounded: bool = False) -> None:
        for p in last:
            self.follow[p].extend(first)
            if not bounded:
                self.strong[p].extend(first)

    def _then(self, so_far, n: int, f, l):
        """A sequence (empty, first, last) followed by one more piece (n, f, l): link the
        pieces, and extend the first and last positions by what can be skipped. `empty` and
        `n` count the ways to match nothing, capped at 2."""
        empty, first, last = so_far
        self._link(last, f)
        if empty:
            first = _twice(first + f * empty)
        last = _twice(last * n + l) if n else l
        return min(empty * n, 2), first, last

    def _seq(self, items, flags: int):
        so_far = (1, [], [])
        for op, av in items:
            so_far = self._then(so_far, *self._node(op, av, flags))
        return so_far

    def _node(self, op, av, flags: int):
        if op in (_C.LITERAL, _C.NOT_LITERAL, _C.ANY, _C.IN):
            p = self._position(self._item_mask(op, av, flags))
            return 0, [p], [p]
        if op is _C.SUBPATTERN:
            _group, add, remove, sub = av
            return self._seq(list(sub), (flags | add) & ~remove)
        if op is _C.BRANCH:
            empty, first, last = 0, [], []
            for sub in av[1]:
                n, f, l = self._seq(list(sub), flags)
                empty = min(empty + n, 2)
                first += f
                last += l
            return empty, _twice(first), _twice(last)
        if op in (_C.MAX_REPEAT, _C.MIN_REPEAT):
            lo, hi, sub = av
            return self._repeat(lo, hi, list(sub), flags)
        if op is _C.POSSESSIVE_REPEAT or op is _C.ATOMIC_GROUP:
            # Never gives back what it took: one deterministic step, however long.
            sub = av[2] if op is _C.POSSESSIVE_REPEAT else av
            mask = self._all_mask(list(sub), flags)
            nullable = (op is _C.POSSESSIVE_REPEAT and av[0] == 0) or self._nullable(list(sub))
            p = self._position(mask)
            return int(nullable), [p], [p]
        if op is _C.GROUPREF:
            p = self._position(self.full)  # matches whatever the group did: anything
            self.follow[p].append(p)
            self.strong[p].append(p)
            return 1, [p], [p]
        if op is _C.GROUPREF_EXISTS:
            _group, yes, no = av
            n1, f1, l1 = self._seq(list(yes), flags)
            n2, f2, l2 = self._seq(list(no), flags) if no is not None else (1, [], [])
            return min(n1 + n2, 2), _twice(f1 + f2), _twice(l1 + l2)
        # AT (anchors), ASSERT, ASSERT_NOT and anything else read no character.
        return 1, [], []

    def _repeat(self, lo: int, hi: int, sub, flags: int):
        unbounded = hi is _C.MAXREPEAT or hi > _UNROLL
        copies = min(lo, _UNROLL)
        parts = [("copy", True)] * copies
        if unbounded:
            parts.append(("star", False))
        else:
            parts += [("copy", False)] * (hi - copies)
        so_far = (1, [], [])
        for kind, required in parts:
            n, f, l = self._seq(sub, flags)
            if kind == "star":
                bounded = hi is not _C.MAXREPEAT  # {m,40}: a loop, but of at most 40 turns
                self._link(l, f, bounded)
                if n:  # a body that can match nothing, repeated: `(a*)*`, `(a|)*`
                    self._link(l, f, bounded)
                n = 2 if n else 1
            elif not required:
                n = min(n + 1, 2)
            so_far = self._then(so_far, n, f, l)
        return so_far

    def _all_mask(self, items, flags: int) -> int:
        mask = 0
        for op, av in items:
            if op in (_C.LITERAL, _C.NOT_LITERAL, _C.ANY, _C.IN):
                mask |= self._item_mask(op, av, flags)
            elif op is _C.SUBPATTERN:
                mask |= self._all_mask(list(av[3]), (flags | av[1]) & ~av[2])
            elif op is _C.BRANCH:
                for sub in av[1]:
                    mask |= self._all_mask(list(sub), flags)
            elif op in (_C.MAX_REPEAT, _C.MIN_REPEAT, _C.POSSESSIVE_REPEAT):
                mask |= self._all_mask(list(av[2]), flags)
            elif op is _C.ATOMIC_GROUP:
                mask |= self._all_mask(list(av), flags)
            elif op is _C.GROUPREF:
                mask |= self.full
        return mask

    def _nullable(self, items) -> bool:
        saved = (len(self.masks), [len(f) for f in self.follow])
        strong = [len(f) for f in self.strong]
        n, _, _ = self._seq(items, 0)
        count, lengths = saved
        del self.masks[count:]
        del self.follow[count:]
        del self.strong[count:]
        for f, length in zip(self.follow, lengths):
            del f[length:]
        for f, length in zip(self.strong, strong):
            del f[length:]
        return n > 0

    # -- the verdict -------------------------------------------------------------------------
    def verdict(self, max_degree: int) -> str | None:
        worst: tuple[int, str] | None = None
        for i, c in enumerate(self.reps):
            bit = 1 << i
            nodes = [p for p, m in enumerate(self.masks) if m & bit]
            if not nodes:
                continue
            inside = set(nodes)
            edges = {p: [q for q in self.follow[p] if q in inside] for p in nodes}
            comp = _scc(nodes, edges)
            cyclic = set()
            for p in nodes:
                within = [q for q in edges[p] if comp[q] == comp[p]]
                if within:
                    cyclic.add(comp[p])
                if len(within) > 1:
                    return (
                        f"can backtrack exponentially: repetitions that overlap (nested or "
                        f"alternative ways to match the same run of {_describe(c)}); rewrite it "
                        f"so that each piece of text can be matched one way only"
                    )
            # Polynomial: count only loops without a bound (a {1,40} loop costs a factor of
            # at most 40, not of the text's length).
            strong = {p: [q for q in self.strong[p] if q in inside] for p in nodes}
            comp = _scc(nodes, strong)
            cyclic = {comp[p] for p in nodes if any(comp[q] == comp[p] for q in strong[p])}
            if len(cyclic) > max_degree + 1:
                # Longest chain of cycles joined by paths over c (condensed graph, a DAG).
                chain = _longest_chain(nodes, strong, comp, cyclic)
                if chain > max_degree + 1 and (worst is None or chain > worst[0]):
                    worst = (chain, c)
        if worst is not None:
            chain, c = worst
            return (
                f"can backtrack in polynomial time (n^{chain} on a run of n {_describe(c)}): {chain} "
                f"unbounded repetitions in a row can each match it; merge them or bound them"
            )
        return None


def _twice(positions: list[int]) -> list[int]:
    """Each position at most twice: two ways in is all the verdict needs to know."""
    if len(positions) < 3:
        return positions
    seen: dict[int, int] = {}
    out = []
    for p in positions:
        k = seen.get(p, 0)
        if k < 2:
            seen[p] = k + 1
            out.append(p)
    return out


def _scc(nodes: list[int], edges: dict[int, list[int]]) -> dict[int, int]:
    """Tarjan's strongly connected components, iteratively: node -> component id."""
    index: dict[int, int] = {}
    low: dict[int, int] = {}
    comp: dict[int, int] = {}
    stack: list[int] = []
    on_stack: set[int] = set()
    counter = 0
    for root in nodes:
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            v, i = work.pop()
            if i == 0:
                index[v] = low[v] = counter
                counter += 1
                stack.append(v)
                on_stack.add(v)
            out = edges[v]
            while i < len(out):
                w = out[i]
                i += 1
                if w not in index:
                    work.append((v, i))
                    work.append((w, 0))
                    break
                if w in on_stack:
                    low[v] = min(low[v], index[w])
            else:
                if low[v] == index[v]:
                    while True:
                        w = stack.pop()
                        on_stack.discard(w)
                        comp[w] = v
                        if w == v:
                            break
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[v])
    return comp


def _longest_chain(nodes, edges, comp, cyclic) -> int:
    """The most cyclic components on one path of the condensed graph."""
    succ: dict[int, set[int]] = {}
    for p in nodes:
        for q in edges[p]:
            if comp[q] != comp[p]:
                succ.setdefault(comp[p], set()).add(comp[q])
    memo: dict[int, int] = {}

    def best(c: int) -> int:
        todo = [(c, False)]
        while todo:
            node, done = todo.pop()
            if node in memo:
                continue
            nxt = succ.get(node, ())
            if done:
                memo[node] = (1 if node in cyclic else 0) + max((memo[n] for n in nxt), default=0)
                continue
            todo.append((node, True))
            todo.extend((n, False) for n in nxt if n not in memo)
        return memo[c]

    return max(best(c) for c in set(comp.values()))
