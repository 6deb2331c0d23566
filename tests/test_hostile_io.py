"""Issue 14, input and output: decoding, escaping what we print, file names, signals, --fix
safety, configuration and baseline files, option values.

Each test names the item (R1 ...) it guards; each failed on the code before its fix. The
command line runs for real (`python -m disclosurelint`); served pages come from an HTTP server
on 127.0.0.1 started here.
"""

from __future__ import annotations

import json
import os
import pathlib
import random
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote_to_bytes

import pytest

from disclosurelint import decoding, sources, web
from disclosurelint.decoding import InputError
from disclosurelint.fix import FixError, write_atomically
from disclosurelint.formats import FORMATTERS, escape
from helpers import json_findings, run_cli

PLACEHOLDER_PAGE = b"<p>first [TBD]</p>\n"


def _dl201_paths(proc) -> list[str]:
    return [f["path"] for f in json_findings(proc) if f["code"] == "DL201"]


# -- a small server for served pages -----------------------------------------------------------
class _Pages(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    routes: dict[str, tuple[bytes, str]] = {}

    def do_GET(self) -> None:  # noqa: N802 (the stdlib's name)
        body, ctype = self.routes.get(self.path, (b"not found", "text/plain"))
        self.send_response(200 if self.path in self.routes else 404)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args) -> None:  # noqa: A002
        pass


@pytest.fixture
def serve():
    """serve({path: (body, content type)}) -> base URL of a server on 127.0.0.1."""
    servers = []

    def start(routes):
        handler = type("Pages", (_Pages,), {"routes": routes})
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


# -- R1, R17, R25a: decoding as browsers do ---------------------------------------------------
def test_r1_unknown_meta_charset_is_ignored_as_browsers_do_and_the_run_goes_on(tmp_path):
    (tmp_path / "a.html").write_bytes(PLACEHOLDER_PAGE)
    (tmp_path / "b.html").write_bytes(b'<meta charset="undefined"><p>caf\xe9 [TBD]</p>\n')
    (tmp_path / "c.html").write_bytes(PLACEHOLDER_PAGE)
    proc = run_cli("-j1", "--format", "json", "--select", "DL201", "a.html", "b.html", "c.html", cwd=tmp_path)
    assert "Traceback" not in proc.stderr, proc.stderr
    assert _dl201_paths(proc) == ["a.html", "b.html", "c.html"]
    assert decoding.decode(b'<meta charset="undefined"><p>caf\xe9</p>').text.endswith("caf\u00e9</p>")


def test_r1_unknown_served_charset_is_ignored_and_the_crawl_goes_on(tmp_path, serve):
    page = b"<html><body><p>Updated: [TBD]</p></body></html>"
    base = serve({"/p1": (page, "text/html"), "/evil": (page, "text/html; charset=undefined"),
                  "/rot": (page, "text/html; charset=rot13"), "/p2": (page, "text/html")})
    proc = run_cli("--format", "json", "--select", "DL201", *(base + p for p in ("/p1", "/evil", "/rot", "/p2")), cwd=tmp_path)
    assert "Traceback" not in proc.stderr, proc.stderr
    assert _dl201_paths(proc) == [base + p for p in ("/p1", "/evil", "/rot", "/p2")]


@pytest.mark.parametrize("label", ["undefined", "rot13", "base64", "zlib", "unicode_escape", "utf-7", "mbcs", "hex", ""])
def test_r1_python_codec_names_that_are_no_web_label_are_ignored(label):
    data = b"<p>caf\xe9 \x93q\x94</p>"
    assert decoding.decode(data, f"text/html; charset={label}").text == "<p>caf\u00e9 \u201cq\u201d</p>"
    meta = b'<meta charset="' + label.encode() + b'">' + data
    assert decoding.decode(meta).text.endswith("<p>caf\u00e9 \u201cq\u201d</p>")


def test_r1_labels_are_the_encoding_standards():
    latin = b"<p>\x93quoted\x94 caf\xe9 \x81</p>"
    for label in ("iso-8859-1", "ISO_8859-1:1987", "us-ascii", "latin1", " windows-1252 "):
        assert decoding.decode(latin, f"text/html; charset={label}").text == "<p>\u201cquoted\u201d caf\u00e9 \x81</p>"
    assert decoding.decode("日本".encode("shift_jis"), "text/html; charset=x-sjis").text == "日本"
    assert decoding.decode(b"a\xff\xfeb", "text/html; charset=utf-8").text == "a\ufffd\ufffdb"  # replaced, as browsers do
    assert decoding.decode(b"\xa4", "text/plain; charset=x-user-defined").text == "\uf7a4"


@pytest.mark.parametrize("where", ["header", "meta"])
def test_r1_a_replacement_label_is_one_dl001(tmp_path, serve, where):
    data = b"<p>x [TBD]\xff</p>"
    with pytest.raises(InputError, match="iso-2022-kr.*UTF-8"):
        if where == "header":
            decoding.decode(data, "text/html; charset=iso-2022-kr")
        else:
            decoding.decode(b'<meta charset="iso-2022-kr">' + data)
    base = serve({"/kr": (data, "text/html; charset=iso-2022-kr"), "/ok": (PLACEHOLDER_PAGE, "text/html")})
    proc = run_cli("--format", "json", "--select", "DL201", base + "/kr", base + "/ok", cwd=tmp_path)
    found = json_findings(proc)
    assert [(f["path"], f["code"]) for f in found] == [(base + "/kr", "DL001"), (base + "/ok", "DL201")]
    assert proc.returncode == 2


def test_r17_meta_utf16_on_a_page_that_is_not_utf16_means_utf8(tmp_path):
    for name, data in (("even.html", b'<meta charset="utf-16"><p>caf\xe9 [TBD]</p>'),
                       ("odd.html", b'<meta charset="utf-16"><p>caf\xe9 [TBD]</p>\n'),
                       ("be.html", b'<meta charset="UTF-16BE"><p>caf\xe9 [TBD]</p>')):
        (tmp_path / name).write_bytes(data)
    proc = run_cli("-j1", "--format", "json", "--select", "DL201", "even.html", "odd.html", "be.html", cwd=tmp_path)
    assert _dl201_paths(proc) == ["even.html", "odd.html", "be.html"]
    assert decoding.decode(b'<meta charset="utf-16"><p>caf\xe9</p>').encoding == "utf-8"


def test_r17_a_served_utf16_charset_is_still_utf16():
    """Only a <meta> cannot mean UTF-16; a header can (and a BOM outranks both)."""
    text = "<p>caf\u00e9</p>"
    assert decoding.decode(text.encode("utf-16-le"), "text/html; charset=utf-16").text == text
    assert decoding.decode(text.encode("utf-16-be"), "text/html; charset=utf-16be").text == text
    assert decoding.decode(b"\xff\xfe" + text.encode("utf-16-le"), "text/html; charset=utf-8").text == text


def test_r25a_random_bytes_without_nul_are_binary(tmp_path):
    rng = random.Random(1)
    blob = bytes(b for b in (rng.randrange(256) for _ in range(40000)) if b)
    (tmp_path / "photo.html").write_bytes(blob)
    (tmp_path / "good.html").write_bytes(PLACEHOLDER_PAGE)
    proc = run_cli("-j1", "--format", "json", "--select", "DL201", "photo.html", "good.html", cwd=tmp_path)
    found = json_findings(proc)
    assert [(f["path"], f["code"]) for f in found] == [("photo.html", "DL001"), ("good.html", "DL201")]
    assert "binary data" in found[0]["message"] and "not HTML or Markdown" in found[0]["message"]
    assert proc.returncode == 2


def test_r25a_text_with_a_few_controls_is_still_text():
    page = "<p>We earn \x1b[31m a commission \x07\x08\x0b\x0c.</p>" + "\x01" + "<p>ok</p>" * 10
    assert decoding.decode(page.encode()).text == page


def test_utf32_is_refused_with_what_to_do():
    for bom, codec in ((b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be")):
        with pytest.raises(InputError, match="UTF-32.*save it as UTF-8"):
            decoding.decode(bom + "<p>x</p>".encode(codec))


@pytest.mark.parametrize("data", [
    b"<p>caf\xc3\xa9</p>",
    b'<meta http-equiv="Content-Type" content="text/html; charset=windows-1251"><p>\xcf\xf0\xe8</p>',
    b'<!-- <meta charset="koi8-r"> --><meta charset="iso-8859-2"><p>\xb1</p>',
    b'<?xml version="1.0" encoding="iso-8859-7"?><html><p>\xe1</p></html>',
    b"\xef\xbb\xbf<p>x</p>",
])
def test_one_decoding_function_for_files_and_served_pages(data):
    expected = decoding.decode(data).text
    assert sources.decode(data) == expected
    assert web.decode(data, None) == expected
    assert web.decode(data, "no-such-label") == expected


def test_prescan_reads_the_meta_tag_and_skips_comments():
    assert decoding.decode(b'<!-- <meta charset="koi8-r"> --><meta charset="iso-8859-2"><p>\xb1</p>').text.endswith("\u0105</p>")
    assert decoding.decode(b'<meta http-equiv="content-type" content="text/html; charset=windows-1251"><p>\xcf</p>').encoding == "windows-1251"
    assert decoding.decode(b'<meta name="x" content="charset=koi8-r"><p>\xe9</p>').encoding == "windows-1252"


# -- R3, R11, R19, R27, R7: what we print is escaped for where it goes ------------------------
def _no_command_or_escape(text: str) -> None:
    """No line a CI runner reads as a workflow command, no terminal escape or other control."""
    assert "\x1b" not in text and "\x07" not in text, text
    for line in text.splitlines():
        assert not line.strip().startswith("::"), line
    assert not set(text) & {"\x85", "\u2028", "\u2029", "\u202e"}, text


def test_r3_sitemap_urls_in_notes_cannot_write_commands_or_escapes(tmp_path, serve):
    xml_loc = "/private/a&#10;::error file=README.md,line=1,title=INJECTED::x&#10;::stop-commands::pwn3d"
    routes = {"/robots.txt": (b"User-agent: *\nDisallow: /private\n", "text/plain")}
    base = serve(routes)
    routes["/sitemap.xml"] = (('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                               f"<url><loc>{base}{xml_loc}</loc></url></urlset>").encode(), "application/xml")
    routes["/sitemap.txt"] = ((base + "/private/x\x1b]0;TITLE\x07\x1b[2J\x1b[31mRED\u2028\u202e\n").encode(), "text/plain")
    for sitemap in ("/sitemap.xml", "/sitemap.txt"):
        proc = run_cli("--format", "github", "--sitemap", base + sitemap, cwd=tmp_path)
        assert "skipped (disallowed by robots.txt)" in proc.stderr, proc.stderr
        assert len(proc.stderr.splitlines()) == 1, proc.stderr
        _no_command_or_escape(proc.stderr)


def test_r11_diff_shows_page_controls_escaped_and_starts_no_command(tmp_path):
    page = tmp_path / "page.html"
    page.write_bytes(b'<html><body>\n::error file=README.md,line=1::from the page\n'
                     b'<p>\x1b]0;TITLE\x07<a href="https://www.amazon.com/dp/B01?tag=x-20">Buy</a>\x1b[2J\xe2\x80\xa8</p>\n'
                     b'  ::stop-commands::pwn3d\n</body></html>\n')
    proc = run_cli("--diff", "--select", "DL106", "page.html", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    _no_command_or_escape(proc.stdout)
    assert " \\x3a:error file=README.md" in proc.stdout  # shown, not run
    assert '+<p>\\x1b]0;TITLE\\x07<a href="https://www.amazon.com/dp/B01?tag=x-20" rel="sponsored">' in proc.stdout


def test_r19_a_huge_sitemap_url_is_capped_in_every_line(tmp_path, serve):
    # 50,000 characters: under the text sitemap's 64 KiB line limit (a longer line is not a
    # URL at all, test_web_hostile), far over the 4,096 printed.
    long_url = "http://127.0.0.1:9/" + "a" * 50_000
    base = serve({"/sitemap.txt": ((long_url + "\n").encode(), "text/plain")})
    for fmt in ("text", "json", "github", "sarif"):
        proc = run_cli("--format", fmt, "--sitemap", base + "/sitemap.txt", cwd=tmp_path)
        assert proc.returncode == 2, proc.stderr
        assert max(map(len, proc.stdout.splitlines())) < 20_000, fmt
        assert "50,019 characters in all" in proc.stdout, fmt


ODD_NAMES = ["nel\x85name.html", "ls\u2028name.html", "ps\u2029name.html", "rtl\u202eemth.html", "bell\x07.html"]


@pytest.mark.parametrize("fmt", ["github", "json", "json-lines", "gitlab", "sarif", "text", "junit"])
def test_r27_line_separators_and_bidi_controls_are_escaped_in_every_format(tmp_path, fmt):
    for name in ODD_NAMES:
        (tmp_path / name).write_text("<p>[TBD] \u2028 \x85 \u202e</p>")
    proc = run_cli("-j1", "--format", fmt, "--select", "DL201", *ODD_NAMES, cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    if fmt == "github":  # one command a finding, each the formatter's own
        lines = proc.stdout.splitlines()
        assert len(lines) == len(ODD_NAMES) and all(line.startswith("::error file=\"") for line in lines), lines
        _no_command_or_escape("\n".join(line[len("::error"):] for line in lines))
    else:
        _no_command_or_escape(proc.stdout)
    if fmt == "json":
        paths = [f["path"] for f in json.loads(proc.stdout)]
        assert [os.fsdecode(escape.unquote_path(p)) for p in paths] == ODD_NAMES
    if fmt == "json-lines":
        assert len(proc.stdout.splitlines()) == len(ODD_NAMES)


NOT_UTF8 = os.fsdecode(b"caf\xe9.html")


@pytest.mark.parametrize("fmt", sorted(FORMATTERS))
def test_r7_a_file_name_that_is_not_utf8_is_written_losslessly(tmp_path, fmt):
    (tmp_path / NOT_UTF8).write_bytes(PLACEHOLDER_PAGE)
    for args, env in (((), None), (("-o", "out.txt"), None), ((), {"PYTHONIOENCODING": "utf-8"})):
        proc = run_cli("-j1", "--format", fmt, "--select", "DL201", *args, ".", cwd=tmp_path, env=env)
        assert "Traceback" not in proc.stderr, proc.stderr
        assert proc.returncode == 1, proc.stderr
        out = (tmp_path / "out.txt").read_bytes().decode("utf-8") if args else proc.stdout
        assert "caf\\xe9.html" in out.replace("\\\\", "\\") or "caf%E9.html" in out, out
    if fmt in ("json", "json-lines", "gitlab"):
        data = json.loads(out) if fmt != "json-lines" else [json.loads(line) for line in out.splitlines()]
        shown = data[0]["path"] if fmt != "gitlab" else data[0]["location"]["path"]
        assert escape.unquote_path(shown) == b"./caf\xe9.html"
    if fmt == "sarif":
        uri = json.loads(out)["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert unquote_to_bytes(uri) == b"./caf\xe9.html"


def test_r7_baseline_keeps_a_name_that_is_not_utf8(tmp_path):
    (tmp_path / NOT_UTF8).write_bytes(PLACEHOLDER_PAGE)
    proc = run_cli("-j1", "--select", "DL201", "--write-baseline", "base.json", ".", cwd=tmp_path)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    proc = run_cli("-j1", "--select", "DL201", "--baseline", "base.json", ".", cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_path_quoting_is_lossless_and_leaves_ordinary_names_alone():
    for name in ("posts/a b.html", "C:\\site\\x.html", "日本.md", "100%.html", "a\"b.html"):
        assert escape.path(name) == name
    for name in ('"quoted.html', "a\\b\nc.html", NOT_UTF8, *ODD_NAMES):
        shown = escape.path(name)
        assert shown.startswith('"') and shown.isprintable(), shown
        assert os.fsdecode(escape.unquote_path(shown)) == name


# -- R8: workers die with their parent ---------------------------------------------------------
_POOL_SCRIPT = """
import sys, time
from disclosurelint.engine import Linter
from disclosurelint.pool import LintPool
linter = Linter()
pool = LintPool(linter, 2, (None, {{}}), parent_watch={watch!r})
print(*pool._executor._processes, flush=True)
time.sleep(120)
"""


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc to find the workers")
@pytest.mark.parametrize("watch", ["signal", "pipe"])
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL])
def test_r8_workers_die_when_their_parent_is_killed(watch, sig):
    parent = subprocess.Popen([sys.executable, "-c", _POOL_SCRIPT.format(watch=watch)], stdout=subprocess.PIPE, text=True)
    try:
        workers = [int(pid) for pid in parent.stdout.readline().split()]
        assert len(workers) == 2 and all(_alive(w) for w in workers)
        parent.send_signal(sig)
        parent.wait(timeout=30)
        deadline = time.monotonic() + 30
        while any(_alive(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        left = [w for w in workers if _alive(w)]
        assert not left, f"workers {left} outlived their parent ({watch}, {sig.name})"
    finally:
        parent.kill()
        parent.wait()
        for w in workers if "workers" in locals() else ():
            if _alive(w):
                os.kill(w, signal.SIGKILL)


# -- R26: Ctrl-C -------------------------------------------------------------------------------
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_r26_ctrl_c_exits_130_and_says_so(tmp_path, jobs):
    for i in range(30):
        (tmp_path / f"p{i:02d}.html").write_text("<p>clean page</p>" + "<p>word</p>" * 20000)
    proc = subprocess.Popen([sys.executable, "-m", "disclosurelint", "-j", jobs, str(tmp_path)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        time.sleep(3)  # the run is under way (30 such pages take far longer)
        assert proc.poll() is None, proc.stderr.read()
        os.killpg(proc.pid, signal.SIGINT)  # as a terminal sends it, to the whole process group
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 130, err
    assert "interrupted (Ctrl-C)" in err and "Traceback" not in err, err


# -- R13, R28: --fix keeps what writing in place would keep, and loses no edit ------------------
AFFILIATE = b'<p><a href="https://www.amazon.com/dp/B01?tag=x-20">Buy</a></p>\n'
NOBODY = 65534


AS_NOBODY = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]


def _fix(cwd, *names, unprivileged=False):
    """`--fix` on `names`; `unprivileged`: as the user nobody (util-linux's setpriv)."""
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    command = [sys.executable, "-m", "disclosurelint", "--fix", "--select", "DL106", *names]
    return subprocess.run((AS_NOBODY if unprivileged else []) + command, cwd=cwd, capture_output=True, text=True,
                          env=env, timeout=60)


@pytest.fixture
def shared_folder():
    """A folder `nobody` owns, outside pytest's root-only temporary folder."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("needs root, to give files to another user")
    folder = tempfile.mkdtemp(prefix="dl-fix-")
    os.chmod(folder, 0o755)
    os.chown(folder, NOBODY, NOBODY)
    probe = subprocess.run(AS_NOBODY + [sys.executable, "-c", "import disclosurelint"], cwd=folder,
                           capture_output=True) if shutil.which("setpriv") else None
    if probe is None or probe.returncode != 0:
        shutil.rmtree(folder)
        pytest.skip("cannot run this checkout's Python as the user nobody here (no setpriv, or no access)")
    yield pathlib.Path(folder)
    shutil.rmtree(folder)


def test_r13_fix_refuses_what_the_user_could_not_write_in_place(shared_folder):
    ro, theirs, shared = shared_folder / "ro.html", shared_folder / "theirs.html", shared_folder / "shared.html"
    for page, owner, mode in ((ro, NOBODY, 0o444), (theirs, 0, 0o664), (shared, 0, 0o666)):
        page.write_bytes(AFFILIATE)
        os.chown(page, owner, owner)
        os.chmod(page, mode)
    proc = _fix(shared_folder, "ro.html", "theirs.html", "shared.html", unprivileged=True)
    assert "Traceback" not in proc.stderr, proc.stderr
    assert "ro.html: not fixed: the file is read-only (mode 0444)" in proc.stderr
    assert "theirs.html: not fixed: you may not write the file" in proc.stderr
    assert "shared.html: not fixed: the file belongs to user 0" in proc.stderr
    assert "Fixed 0 problems" in proc.stderr
    for page, owner, mode in ((ro, NOBODY, 0o444), (theirs, 0, 0o664), (shared, 0, 0o666)):
        st = page.stat()
        assert page.read_bytes() == AFFILIATE and (st.st_uid, stat.S_IMODE(st.st_mode)) == (owner, mode), page


def test_r13_fix_keeps_setgid_and_owner_and_refuses_hard_links(tmp_path):
    sg, h1, ro = tmp_path / "sg.html", tmp_path / "h1.html", tmp_path / "ro.html"
    for page in (sg, h1, ro):
        page.write_bytes(AFFILIATE)
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        os.chown(sg, NOBODY, NOBODY)  # root's fix keeps another owner too
    os.chmod(sg, 0o2755)  # after chown, which clears setgid
    os.chmod(ro, 0o444)
    os.link(h1, tmp_path / "h2.html")
    before = sg.stat()
    proc = _fix(tmp_path, "sg.html", "h1.html", "ro.html")
    assert "Traceback" not in proc.stderr, proc.stderr
    after = sg.stat()
    assert b'rel="sponsored"' in sg.read_bytes()
    assert stat.S_IMODE(after.st_mode) == 0o2755 and (after.st_uid, after.st_gid) == (before.st_uid, before.st_gid)
    assert "h1.html: not fixed: the file has 2 hard links" in proc.stderr
    assert h1.stat().st_nlink == 2 and h1.read_bytes() == AFFILIATE
    assert "ro.html: not fixed: the file is read-only (mode 0444)" in proc.stderr and ro.read_bytes() == AFFILIATE
    assert "Fixed 1 problem in 1 file." in proc.stderr


def test_r28_a_same_size_edit_that_restores_the_mtime_is_not_lost(tmp_path, monkeypatch):
    page = tmp_path / "page.html"
    page.write_bytes(AFFILIATE)
    new = AFFILIATE.replace(b'">Buy', b'" rel="sponsored">Buy')
    real_fsync = os.fsync

    def editor_saves_meanwhile(fd):
        """After the fix re-read the file, before it renames: same size, mtime put back."""
        st = page.stat()
        with open(page, "r+b") as fh:
            fh.seek(4)
            fh.write(b"A")
        os.utime(page, ns=(st.st_atime_ns, st.st_mtime_ns))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", editor_saves_meanwhile)
    with pytest.raises(FixError, match="changed since it was read"):
        write_atomically(str(page), AFFILIATE, new)
    monkeypatch.undo()
    assert page.read_bytes() == AFFILIATE[:4] + b"A" + AFFILIATE[5:]  # the editor's change is kept
    assert [p.name for p in tmp_path.iterdir()] == ["page.html"]


# -- R15, R22: configuration, rule and baseline files -------------------------------------------
@pytest.mark.parametrize("pyproject", ["tool = 1\n", 'tool = "disclosurelint-free"\n', "tool = [1, 2]\n"])
def test_r15_a_pyproject_whose_tool_is_not_a_table_holds_no_configuration(tmp_path, pyproject):
    (tmp_path / "pyproject.toml").write_text(pyproject)
    (tmp_path / "p.html").write_bytes(PLACEHOLDER_PAGE)
    proc = run_cli("-j1", "--format", "json", "p.html", cwd=tmp_path)
    assert "Traceback" not in proc.stderr and proc.stderr == "", proc.stderr
    assert _dl201_paths(proc) == ["p.html"] and proc.returncode == 1


def test_r15_a_disclosurelint_table_that_is_not_a_table_is_one_error_and_the_pages_are_linted(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool]\ndisclosurelint = 5\n")
    (tmp_path / "p.html").write_bytes(PLACEHOLDER_PAGE)
    proc = run_cli("-j1", "--format", "json", "p.html", cwd=tmp_path)
    assert proc.returncode == 2 and _dl201_paths(proc) == ["p.html"]
    (line,) = proc.stderr.splitlines()
    assert "pyproject.toml [tool.disclosurelint]: expected a table; linting with the default configuration" in line


@pytest.fixture
def fifo(tmp_path):
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    path = tmp_path / "settings.fifo"
    os.mkfifo(path)
    return path


@pytest.mark.parametrize("option", ["--baseline", "--write-baseline", "--config"])
@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_r22_settings_files_must_be_regular_files(tmp_path, fifo, option, kind):
    (tmp_path / "p.html").write_bytes(PLACEHOLDER_PAGE)
    name = fifo.name if kind == "fifo" else "/dev/zero"
    proc = subprocess.run([sys.executable, "-m", "disclosurelint", "-j1", option, name, "p.html"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=30)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr
    assert f"{name}: cannot read" in proc.stderr and "not a regular file (a FIFO, socket or device)" in proc.stderr


def test_r22_huge_settings_files_are_refused_unread(tmp_path):
    from disclosurelint import baseline, config, rules

    big = tmp_path / "pyproject.toml"
    with open(big, "wb") as fh:
        fh.truncate(config.MAX_CONFIG_BYTES + 1)  # sparse: nothing is written, nothing need be read
    with pytest.raises(config.ConfigError, match="over the 4 MiB limit"):
        config.load_file(big)
    huge = tmp_path / "base.json"
    with open(huge, "wb") as fh:
        fh.truncate(baseline.MAX_BASELINE_BYTES + 1)
    with pytest.raises(baseline.BaselineError, match="over the 256 MiB limit"):
        baseline.Baseline.load(huge)
    folder = tmp_path / "rules"
    folder.mkdir()
    with open(folder / "r.yml", "wb") as fh:
        fh.truncate(rules.MAX_RULE_FILE_BYTES + 1)
    errors: list[str] = []
    rules.load_rules([folder], errors=errors)
    assert len(errors) == 1 and "r.yml: cannot read rule file: file is 4.0 MiB" in errors[0], errors


def test_r22_a_fifo_rule_file_is_reported_not_waited_on(tmp_path):
    folder = tmp_path / "rules"
    folder.mkdir()
    os.mkfifo(folder / "r.yml")
    (tmp_path / "pyproject.toml").write_text('[tool.disclosurelint]\nextend-rules = ["rules"]\n')
    (tmp_path / "p.html").write_bytes(PLACEHOLDER_PAGE)
    proc = run_cli("-j1", "p.html", cwd=tmp_path)
    assert proc.returncode == 2 and "r.yml: cannot read rule file: not a regular file" in proc.stderr, proc.stderr
    assert "p.html:1:10: DL201" in proc.stdout


# -- R23: option values ---------------------------------------------------------------------
@pytest.mark.parametrize(("args", "names"), [
    (["--max-file-size", "100000G"], "--max-file-size"),
    (["--max-file-size", "9" * 400], "--max-file-size"),
    (["--max-bytes", "5000G"], "--max-bytes"),
    (["--timeout", "nan"], "--timeout"),
    (["--timeout", "inf"], "--timeout"),
    (["--timeout", "1e300"], "--timeout"),
    (["--delay", "inf"], "--delay"),
    (["--delay", "nan"], "--delay"),
    (["-j", "1000000"], "--jobs"),
    (["--concurrency", "100000000"], "--concurrency"),
    (["--sitemap-depth", "100000"], "--sitemap-depth"),
])
def test_r23_out_of_range_option_values_are_usage_errors(tmp_path, args, names):
    (tmp_path / "p.html").write_bytes(PLACEHOLDER_PAGE)
    proc = run_cli(*args, "p.html", "http://127.0.0.1:9/", cwd=tmp_path)
    assert proc.returncode == 2, (proc.returncode, proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr and proc.stdout == "", proc.stderr
    assert names in proc.stderr, proc.stderr


@pytest.mark.parametrize("setting", ["timeout = nan", "timeout = inf", "delay = inf", "delay = nan", "timeout = 1e300",
                                     'max-bytes = "5000G"', 'max-file-size = "100000G"', "concurrency = 100000000",
                                     "sitemap-depth = 100000", "max-file-size = 99999999999999999"])
def test_r23_the_same_values_are_configuration_errors(tmp_path, setting):
    (tmp_path / "pyproject.toml").write_text(f"[tool.disclosurelint]\n{setting}\n")
    (tmp_path / "p.html").write_bytes(PLACEHOLDER_PAGE)
    proc = run_cli("-j1", "p.html", cwd=tmp_path)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr
    key = setting.split(" ")[0]
    (line,) = proc.stderr.splitlines()
    assert f"key '{key}': expected" in line, line
    assert "p.html:1:10: DL201" in proc.stdout  # the rest of the configuration, and the page, still apply
