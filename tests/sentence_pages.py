"""Pages for the sentence-variety set: one realistic page per labelled sentence.

`tests/sentences/*.yml` hold sentences as publishers write them, each with the label the
rule contract gives it (issue 16). A sentence alone says nothing about the linter, which
judges pages; so every entry becomes one page in one of seven generator styles (WordPress/
Astra, Ghost, Blogger, hand-written HTML, Hugo, Jekyll, Docusaurus), chosen by the entry's
index, with neutral filler and fixed companions (an affiliate link, anchor claims, a fixed
admission ...) built so that exactly one scored rule turns on the sentence. `build_page`
returns the page and the findings it must get; `score` lints a list of pages in process.

Used by benchmarks/sentences.py (the scorer) and tests/test_sentences.py (the ratchet).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

SENTENCES = Path(__file__).resolve().parent / "sentences"

# family -> label -> {rule code: expected present?}. Only these rules run on the family's pages.
EXPECTED = {
    "disclosures": {
        "disclosure": {"DL101": False, "DL104": False},
        "not-disclosure": {"DL101": True, "DL104": False},
    },
    "labels": {
        "clear-label": {"DL101": False, "DL104": False},
        "vague-label": {"DL101": False, "DL104": True},
    },
    "claims": {"claim": {"DL401": True}, "not-claim": {"DL401": False}},
    "disclaimers": {"disclaimer": {"DL401": False}, "not-disclaimer": {"DL401": True}},
    "independence": {"independence-claim": {"DL107": True}, "not-independence-claim": {"DL107": False}},
    "ranking": {"ranking-admission": {"DL107": True}, "not-ranking-admission": {"DL107": False}},
    "placeholders": {"placeholder": {"DL201": True}, "not-placeholder": {"DL201": False}},
    "languages": {
        "disclosure": {"DL101": False},
        "not-disclosure": {"DL101": True},
        "clear-label": {"DL101": False},
    },
}
FORMS = ("plain", "wrapped", "br", "shy", "zwsp", "emoji")
CONTAINERS = ("paragraph", "item", "heading", "link")
LANGS = ("en", "de", "fr", "es", "it", "nl", "pt", "pl", "ja")

# Fixed companions. Each is recognised by today's code (tests/test_sentences.py checks it on
# every style), so a miss on a page is the tested sentence's.
ANCHOR_CLAIMS = ("Magnesium eases leg cramps.", "Ashwagandha reduces anxiety.", "Turmeric reduces inflammation.")
FIXED_DISCLOSURE = "We may earn a commission when you buy through links on this page."
FIXED_ADMISSION = "Compensation affects the order in which products appear on this page."
FIXED_INDEPENDENCE = "Our ratings are objective and unbiased."

# Non-Amazon affiliate URLs, one per kind the contract lists (network host, parameter, path).
AFFILIATE_URLS = (
    "https://www.shareasale.com/r.cfm?b=1204&u=882211&m=47123&urllink=&afftrack=",
    "https://www.awin1.com/cread.php?awinmid=15432&awinaffid=661204&ued=https%3A%2F%2Fnorthwind.example%2F",
    "https://click.linksynergy.com/deeplink?id=Qx7pL2&mid=24680&murl=https%3A%2F%2Fnorthwind.example%2F",
    "https://northwind.example/go/field-kit",
    "https://northwind.example/shop/field-kit?aff_id=4471",
    "https://prf.hn/click/camref:1100l5aBc/destination:https%3A%2F%2Fnorthwind.example%2F",
    "https://northwind.sjv.io/c/3302110/889012/4567",
    "https://www.anrdoezrs.net/click-8123456-13570246",
)
SHOPS = ("Northwind Supply", "Harbor and Pine", "Copperleaf", "Mill Lane Goods", "Fernbrook")
LINK_SENTENCES = {
    "en": ("We bought ours from {link}.", "You can find it at {link}.", "Current prices are listed at {link}."),
    "de": ("Wir haben unseres bei {link} gekauft.", "Erhältlich ist es bei {link}."),
    "fr": ("Nous avons acheté le nôtre chez {link}.", "On le trouve chez {link}."),
    "es": ("Compramos el nuestro en {link}.", "Lo puedes encontrar en {link}."),
    "it": ("Abbiamo comprato il nostro da {link}.", "Si trova da {link}."),
    "nl": ("Wij kochten de onze bij {link}.", "Je vindt hem bij {link}."),
    "pt": ("Compramos o nosso na {link}.", "Você encontra na {link}."),
    "pl": ("Nasz egzemplarz kupiliśmy w sklepie {link}.", "Znajdziesz go w sklepie {link}."),
    "ja": ("私たちは{link}で購入しました。", "{link}で取り扱っています。"),
}

# Neutral filler: no connection, no health effect, no slot, no ranking, no byline shape.
FILLER = {
    "en": (
        "We spent the last three weekends using each of these at home and on short trips.",
        "The box arrived on a Tuesday, and everything inside was wrapped in brown paper.",
        "Most of the photos in this article were taken on a grey afternoon by the window.",
        "The colour options are navy, sand and a dark green that looks almost black indoors.",
        "Shipping to the north of the country took four days, which is about what we expected.",
        "Setup took ten minutes, most of it spent reading the folded leaflet in the lid.",
        "We kept notes in a shared spreadsheet so that nobody had to remember the details.",
        "The weather was mild for March, so most of the outdoor tests happened on dry days.",
        "There is a short section at the end with the questions readers asked us most often.",
        "Both versions look the same from the front; the difference is on the underside.",
        "The smaller size fits in a coat pocket, while the larger one needs a bag.",
        "Our kitchen is small, so anything that takes up counter space gets noticed quickly.",
    ),
    "de": (
        "Wir haben alles drei Wochenenden lang zu Hause und unterwegs ausprobiert.",
        "Das Paket kam an einem Dienstag an, alles war in braunes Papier gewickelt.",
        "Die Fotos in diesem Artikel entstanden an einem grauen Nachmittag am Fenster.",
        "Es gibt drei Farben: Marineblau, Sand und ein dunkles Grün.",
    ),
    "fr": (
        "Nous avons tout essayé pendant trois week-ends, à la maison et en balade.",
        "Le colis est arrivé un mardi, tout était emballé dans du papier kraft.",
        "Les photos de cet article ont été prises un après-midi gris, près de la fenêtre.",
        "Il existe trois coloris : marine, sable et un vert très foncé.",
    ),
    "es": (
        "Lo probamos todo durante tres fines de semana, en casa y de excursión.",
        "El paquete llegó un martes y todo venía envuelto en papel marrón.",
        "Las fotos de este artículo se hicieron una tarde gris junto a la ventana.",
        "Hay tres colores: azul marino, arena y un verde muy oscuro.",
    ),
    "it": (
        "Abbiamo provato tutto per tre fine settimana, a casa e in gita.",
        "Il pacco è arrivato di martedì e tutto era avvolto in carta marrone.",
        "Le foto di questo articolo sono state scattate in un pomeriggio grigio vicino alla finestra.",
        "Ci sono tre colori: blu navy, sabbia e un verde molto scuro.",
    ),
    "nl": (
        "We hebben alles drie weekenden lang thuis en onderweg uitgeprobeerd.",
        "Het pakket kwam op een dinsdag aan en alles zat in bruin papier.",
        "De foto's in dit artikel zijn op een grijze middag bij het raam gemaakt.",
        "Er zijn drie kleuren: marineblauw, zand en een heel donker groen.",
    ),
    "pt": (
        "Testamos tudo durante três fins de semana, em casa e em passeios.",
        "A caixa chegou numa terça-feira e tudo vinha embrulhado em papel pardo.",
        "As fotos deste artigo foram tiradas numa tarde cinzenta, perto da janela.",
        "Há três cores: azul-marinho, areia e um verde bem escuro.",
    ),
    "pl": (
        "Przez trzy weekendy testowaliśmy wszystko w domu i na krótkich wyjazdach.",
        "Paczka przyszła we wtorek, a wszystko było zawinięte w szary papier.",
        "Zdjęcia do tego artykułu powstały w pochmurne popołudnie przy oknie.",
        "Do wyboru są trzy kolory: granatowy, piaskowy i bardzo ciemna zieleń.",
    ),
    "ja": (
        "3週間の週末を使って、自宅と近場のお出かけで試しました。",
        "荷物は火曜日に届き、中身はすべて茶色の紙で包まれていました。",
        "この記事の写真は、曇りの日の午後に窓辺で撮影しました。",
        "カラーはネイビー、サンド、濃いグリーンの3色です。",
    ),
}
TITLES = {
    "en": ("Notes from three weekends of testing", "What we packed for the coast", "A month with the new kit",
           "Our spring round-up", "The small-kitchen edition", "Field notes, March"),
    "de": ("Notizen aus drei Testwochenenden",), "fr": ("Nos notes de trois week-ends d'essai",),
    "es": ("Notas de tres fines de semana de pruebas",), "it": ("Appunti da tre weekend di prove",),
    "nl": ("Notities van drie testweekenden",), "pt": ("Notas de três fins de semana de testes",),
    "pl": ("Notatki z trzech weekendów testów",), "ja": ("3週間の週末テストのメモ",),
}
AUTHORS = ("Maya Okafor", "Daniel Brooks", "Priya Raman", "Sofia Lindqvist", "Liam Kelly", "Hana Sato")
EMOJI = ("🙂", " 😊", " 💛", "✨", " :)", " 🙏", " :-D", " 👍", " 🌿", " ;)")
# A Markdown line must not start a block (heading, list, quote, table, setext underline).
_BLOCK_START = re.compile(r"(?:[#>+*=|-]|\d+[.)]|\[)")


@dataclass(frozen=True)
class Entry:
    family: str
    file: str
    index: int
    text: str
    label: str
    claims: int | None = None
    form: str = "plain"
    lang: str = "en"
    note: str = ""
    container: str | None = None


@dataclass
class Block:
    """One block of page content; `text` is raw page text, rendered per markup."""

    kind: str  # paragraph | item | heading | link (to the disclosure page) | anchor (affiliate link)
    text: str
    form: str = "plain"
    seed: int = 0
    link: tuple[str, str, str, str] | None = None  # anchor: (before, shop, after, url)


@dataclass
class Page:
    entry: Entry
    style: str
    path: str
    source: str
    expected: dict[str, bool]
    sentence_lines: tuple[int, int] = (0, 0)
    lang: str = "en"


# ---------------------------------------------------------------- loading


def load(directory: Path = SENTENCES) -> tuple[list[Entry], list[dict]]:
    """Every scored entry of every family file, and the borderline entries (not scored)."""
    entries, borderline = [], []
    for path in sorted(directory.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        family = data["family"]
        for index, raw in enumerate(data.get("entries") or []):
            entries.append(Entry(family=family, file=path.name, index=index, **raw))
        for raw in data.get("borderline") or []:
            borderline.append({"family": family, "file": path.name, **raw})
    return entries, borderline


# ---------------------------------------------------------------- inline forms


def _break_points(text: str, count: int) -> list[int]:
    """Indexes of `count` spaces near evenly spaced points of `text` where a Markdown line
    may start (never before "-", "#", "1." ...), so a wrap stays inside the paragraph."""
    spaces = [i for i, ch in enumerate(text) if ch == " " and not _BLOCK_START.match(text[i + 1:])]
    chosen: list[int] = []
    for k in range(1, count + 1):
        target = len(text) * k // (count + 1)
        candidates = [i for i in spaces if i not in chosen and (not chosen or i > chosen[-1])]
        if candidates:
            chosen.append(min(candidates, key=lambda i: abs(i - target)))
    return chosen


def _word_slot(text: str, minimum: int) -> int | None:
    """Where to put an invisible character: the middle of the longest word of letters."""
    words = [m for m in re.finditer(r"[^\W\d_]+", text) if len(m.group()) >= minimum]
    if not words:
        return None
    longest = max(words, key=lambda m: len(m.group()))
    return longest.start() + len(longest.group()) // 2


def form_applies(text: str, form: str) -> bool:
    """Whether `form` can be rendered on `text` (a one-word label cannot be wrapped)."""
    if form in ("wrapped", "br"):
        return bool(_break_points(text, 1))
    if form == "shy":
        return _word_slot(text, 6) is not None
    if form == "zwsp":
        return _word_slot(text, 4) is not None
    return form in FORMS


def _join(parts: list[str], separators: list[str], markup: str) -> str:
    escape = (lambda s: html.escape(s, quote=False)) if markup == "html" else (lambda s: s)
    out = escape(parts[0])
    for sep, part in zip(separators, parts[1:]):
        out += sep + escape(part)
    return out


def render_inline(text: str, form: str, markup: str, seed: int, indent: str = "") -> str:
    """`text` as source in `markup` ("html" or "md") with `form` applied."""
    if form in ("wrapped", "br"):
        cuts = _break_points(text, 2 if form == "wrapped" and seed % 2 and len(text) > 60 else 1)
        parts, last = [], 0
        for cut in cuts:
            parts.append(text[last:cut])
            last = cut + 1
        parts.append(text[last:])
        if form == "wrapped":
            sep = "\n" + (indent or ("  " if markup == "html" and seed % 3 == 0 else ""))
        elif markup == "html":
            sep = ("<br>", "<br />\n", "<br/>")[seed % 3]
        else:
            sep = ("<br>", "\\\n" + indent, "  \n" + indent)[seed % 3]
        return _join(parts, [sep] * (len(parts) - 1), markup)
    if form in ("shy", "zwsp"):
        slot = _word_slot(text, 6 if form == "shy" else 4)
        char, entity = ("\u00ad", "&shy;") if form == "shy" else ("\u200b", "&#8203;")
        mark = entity if seed % 2 else char
        return _join([text[:slot], text[slot:]], [mark], markup)
    if form == "emoji":
        text += EMOJI[seed % len(EMOJI)]
    return _join([text], [], markup)


def shown_text(entry: Entry, seed: int) -> str:
    """What a reader sees of the rendered sentence (forms undone, emoji kept)."""
    return entry.text + (EMOJI[seed % len(EMOJI)] if entry.form == "emoji" else "")


# ---------------------------------------------------------------- blocks

SENTINEL = "\x00SENTENCE\x00"


def _link_parts(lang: str, seed: int) -> tuple[str, str, str, str]:
    """(text before, shop name, text after, URL) of the affiliate-link sentence."""
    templates = LINK_SENTENCES[lang]
    before, after = templates[seed % len(templates)].split("{link}")
    return before, SHOPS[seed % len(SHOPS)], after, AFFILIATE_URLS[seed % len(AFFILIATE_URLS)]


def render_block(block: Block, markup: str, style: str) -> str:
    """One block as source; the tested sentence's text is already rendered (or a sentinel)."""
    if block.kind == "anchor":
        before, shop, after, url = block.link
        esc = (lambda s: html.escape(s, quote=False)) if markup == "html" else (lambda s: s)
        if markup == "md":
            return f"{before}[{shop}]({url}){after}"
        link = f'<a href="{html.escape(url)}" rel="sponsored nofollow">{esc(shop)}</a>'
        return _html_paragraph(esc(before) + link + esc(after), style, block.seed)
    inner = block.text
    if markup == "md":
        return {"paragraph": inner, "item": f"- {inner}", "heading": f"## {inner}",
                "link": f"[{inner}](/disclosure-policy/)"}[block.kind]
    if block.kind == "item":
        return f"<ul>\n<li>{inner}</li>\n</ul>"
    if block.kind == "heading":
        klass = ' class="wp-block-heading"' if style == "wordpress" else ""
        return f"<h2{klass}>{inner}</h2>"
    if block.kind == "link":
        inner = f'<a href="/disclosure-policy/">{inner}</a>'
    return _html_paragraph(inner, style, block.seed)


def _html_paragraph(inner: str, style: str, seed: int) -> str:
    """A paragraph as each generator writes one (Blogger: a div; by hand: often unclosed)."""
    if style == "blogger":
        return f"<div>{inner}</div>\n<div><br /></div>"
    if style == "handwritten" and seed % 2:
        return f"<p>{inner}"
    return f"<p>{inner}</p>"


def _filler(lang: str, seed: int, count: int) -> list[Block]:
    pool = FILLER[lang]
    return [Block("paragraph", pool[(seed * 3 + k) % len(pool)], seed=seed + k) for k in range(count)]


def _anchor(lang: str, seed: int) -> Block:
    return Block("anchor", "", seed=seed, link=_link_parts(lang, seed))


def _default_container(entry: Entry) -> str:
    if entry.container:
        return entry.container
    if entry.family == "placeholders":
        return ("paragraph", "item", "heading")[entry.index % 3]
    return "paragraph"


def content_blocks(entry: Entry, seed: int) -> tuple[list[Block], int]:
    """The page content for `entry` and the position of the tested sentence in it."""
    lang = entry.lang if entry.family == "languages" else "en"
    sentence = Block(_default_container(entry), entry.text, entry.form, seed)
    filler = _filler(lang, seed, 3)
    family = entry.family
    if family in ("disclosures", "labels", "languages"):
        blocks = [filler[0], sentence, _anchor(lang, seed), filler[1], filler[2]]
    elif family == "claims":
        wanted = max(0, 3 - entry.claims) if entry.label == "claim" else 2
        anchors = [Block("paragraph", a) for a in ANCHOR_CLAIMS[:wanted]]
        if anchors and seed % 2:
            anchors = [Block("paragraph", " ".join(a.text for a in anchors))]
        blocks = [filler[0], *anchors, sentence, filler[1], filler[2]]
    elif family == "disclaimers":
        claims = [Block("paragraph", a) for a in ANCHOR_CLAIMS]
        body = [filler[0], *claims, filler[1]]
        blocks = [sentence, *body] if seed % 2 else [*body, sentence]
    elif family == "independence":
        blocks = [sentence, filler[0], Block("paragraph", FIXED_DISCLOSURE), _anchor(lang, seed),
                  Block("paragraph", FIXED_ADMISSION), filler[1]]
    elif family == "ranking":
        blocks = [Block("paragraph", FIXED_INDEPENDENCE), filler[0], Block("paragraph", FIXED_DISCLOSURE),
                  _anchor(lang, seed), sentence, filler[1]]
    elif family == "placeholders":
        blocks = [filler[0], sentence, filler[1], filler[2]]
    else:
        raise ValueError(f"unknown family {family!r}")
    return blocks, next(i for i, block in enumerate(blocks) if block is sentence)


# ---------------------------------------------------------------- generator styles

WP_LANG = {"en": "en-US", "de": "de-DE", "fr": "fr-FR", "es": "es-ES", "it": "it-IT", "nl": "nl-NL",
           "pt": "pt-BR", "pl": "pl-PL", "ja": "ja"}


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "post"


def wordpress(title: str, lang: str, author: str, body: str, seed: int) -> str:
    """WordPress 6 with the Astra theme: masthead, search form, entry meta, entry-content."""
    t, a, pid = html.escape(title), html.escape(author), 1200 + seed
    return f"""<!DOCTYPE html>
<html lang="{WP_LANG[lang]}">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{t} &#8211; Field &amp; Table</title>
<link rel='stylesheet' id='astra-theme-css-css' href='https://fieldandtable.example/wp-content/themes/astra/assets/css/minified/main.min.css?ver=4.6.4' media='all' />
<meta name="generator" content="WordPress 6.4.3" />
</head>
<body class="post-template-default single single-post postid-{pid} single-format-standard ast-separate-container ast-right-sidebar astra-4.6.4">
<div id="page" class="hfeed site">
<header class="site-header ast-primary-submenu-animation-fade header-main-layout-1" id="masthead">
<div class="site-branding"><p class="site-title"><a href="https://fieldandtable.example/" rel="home">Field &amp; Table</a></p></div>
<nav id="primary-site-navigation" class="main-navigation"><ul id="primary-menu" class="main-header-menu ast-menu-shadow">
<li class="menu-item menu-item-home"><a href="https://fieldandtable.example/" class="menu-link">Home</a></li>
<li class="menu-item"><a href="https://fieldandtable.example/about/" class="menu-link">About</a></li>
<li class="menu-item"><a href="https://fieldandtable.example/contact/" class="menu-link">Contact</a></li>
</ul></nav>
<form role="search" method="get" class="search-form" action="https://fieldandtable.example/"><label><span class="screen-reader-text">Search for:</span><input type="search" class="search-field" placeholder="Search &hellip;" value="" name="s" /></label></form>
</header>
<div id="content" class="site-content"><div class="ast-container">
<div id="primary" class="content-area primary"><main id="main" class="site-main">
<article class="post-{pid} post type-post status-publish format-standard hentry category-notes ast-article-single" id="post-{pid}" itemtype="https://schema.org/CreativeWork" itemscope="itemscope">
<div class="ast-post-format- single-layout-1">
<header class="entry-header">
<h1 class="entry-title" itemprop="headline">{t}</h1>
<div class="entry-meta"><span class="posted-by vcard author"><a class="url fn n" title="View all posts by {a}" href="https://fieldandtable.example/author/{_slug(author)}/" rel="author"><span class="author-name">{a}</span></a></span> / <span class="posted-on"><span class="published">March 4, 2024</span></span></div>
</header>
<div class="entry-content clear" itemprop="text">
{body}
</div>
</div>
</article>
</main></div>
</div></div>
<footer class="site-footer" id="colophon"><div class="ast-small-footer-section ast-small-footer-section-1">Copyright &copy; 2024 Field &amp; Table | Powered by <a href="https://wpastra.com/">Astra WordPress Theme</a></div></footer>
</div>
</body>
</html>
"""


def ghost(title: str, lang: str, author: str, body: str, seed: int) -> str:
    """Ghost 5 with the Casper theme: JSON-LD author, gh-content section."""
    t, a = html.escape(title), html.escape(author)
    ld = ('{"@context": "https://schema.org", "@type": "Article", "publisher": {"@type": "Organization", '
          f'"name": "Lantern Notes"}}, "author": {{"@type": "Person", "name": "{author}"}}, "headline": "{title}"}}')
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
    <meta charset="utf-8">
    <meta http-equiv="X-UA-Compatible" content="IE=edge">
    <title>{t}</title>
    <meta name="HandheldFriendly" content="True">
    <meta name="viewport" content="width=device-width, initial-scale=1.0">
    <link rel="stylesheet" type="text/css" href="/assets/built/screen.css?v=8c1e0b2a44">
    <meta name="description" content="{t}">
    <link rel="canonical" href="https://lanternnotes.example/{_slug(title)}/">
    <meta property="og:site_name" content="Lantern Notes">
    <meta property="og:type" content="article">
    <script type="application/ld+json">
{ld}
    </script>
    <meta name="generator" content="Ghost 5.79">
</head>
<body class="post-template tag-notes is-head-left-logo">
<div class="viewport">
    <header id="gh-head" class="gh-head outer">
        <div class="gh-head-inner inner">
            <div class="gh-head-brand"><a class="gh-head-logo" href="https://lanternnotes.example">Lantern Notes</a></div>
            <nav class="gh-head-menu"><ul class="nav"><li class="nav-home"><a href="https://lanternnotes.example/">Home</a></li><li class="nav-about"><a href="https://lanternnotes.example/about/">About</a></li></ul></nav>
        </div>
    </header>
    <div class="site-content">
<main id="site-main" class="site-main">
<article class="article post tag-notes">
    <header class="article-header gh-canvas">
        <h1 class="article-title">{t}</h1>
        <div class="article-byline"><div class="article-byline-content"><div class="article-byline-meta">
            <h4 class="author-name"><a href="/author/{_slug(author)}/">{a}</a></h4>
            <div class="byline-meta-content"><time class="byline-meta-date" datetime="2024-03-04">Mar 4, 2024</time>
            <span class="byline-reading-time"><span class="bull">&bull;</span> 3 min read</span></div>
        </div></div></div>
    </header>
    <section class="gh-content gh-canvas">
        {body}
    </section>
</article>
</main>
    </div>
    <footer class="site-footer outer"><div class="inner">
        <section class="copyright"><a href="https://lanternnotes.example">Lantern Notes</a> &copy; 2024</section>
        <div class="gh-powered-by"><a href="https://ghost.org/" target="_blank" rel="noopener">Powered by Ghost</a></div>
    </div></footer>
</div>
</body>
</html>
"""


def blogger(title: str, lang: str, author: str, body: str, seed: int) -> str:
    """Blogger's Simple template: single quotes, div paragraphs, "Posted by" footer."""
    t, a = html.escape(title), html.escape(author)
    return f"""<!DOCTYPE html>
<html class='v2' dir='ltr' lang='{lang}' xmlns='http://www.w3.org/1999/xhtml' xmlns:b='http://www.google.com/2005/gml/b' xmlns:data='http://www.google.com/2005/gml/data' xmlns:expr='http://www.google.com/2005/gml/expr'>
<head>
<meta content='width=1100' name='viewport'/>
<meta content='text/html; charset=UTF-8' http-equiv='Content-Type'/>
<meta content='blogger' name='generator'/>
<link href='https://pebblepath.blogspot.com/favicon.ico' rel='icon' type='image/x-icon'/>
<title>Pebble Path: {t}</title>
</head>
<body class='loading variant-simplysimple'>
<div class='content'><div class='content-outer'>
<header><div class='header-outer'><div class='Header widget' id='Header1'><div id='header-inner'>
<div class='titlewrapper'><h1 class='title'><a href='https://pebblepath.blogspot.com/'>Pebble Path</a></h1></div>
</div></div></div></header>
<div class='main-outer'><div class='main-inner'>
<div class='date-outer'><h2 class='date-header'><span>Monday, March 4, 2024</span></h2>
<div class='date-posts'><div class='post-outer'>
<div class='post hentry uncustomized-post-template' itemprop='blogPost' itemscope='itemscope' itemtype='http://schema.org/BlogPosting'>
<a name='{7301 + seed}'></a>
<h3 class='post-title entry-title' itemprop='name'>{t}</h3>
<div class='post-header'><div class='post-header-line-1'></div></div>
<div class='post-body entry-content' id='post-body-{7301 + seed}' itemprop='description articleBody'>
{body}
<div style='clear: both;'></div>
</div>
<div class='post-footer'><div class='post-footer-line post-footer-line-1'>
<span class='post-author vcard'>Posted by <span class='fn' itemprop='author' itemscope='itemscope' itemtype='http://schema.org/Person'><span itemprop='name'>{a}</span></span></span>
<span class='post-timestamp'>at <a class='timestamp-link' href='https://pebblepath.blogspot.com/2024/03/notes.html' rel='bookmark'><abbr class='published' title='2024-03-04T10:12:00Z'>10:12 AM</abbr></a></span>
</div></div>
</div>
</div></div></div>
</div></div>
<footer><div class='footer-outer'>Powered by <a href='https://www.blogger.com' target='_blank'>Blogger</a>.</div></footer>
</div></div>
</body>
</html>
"""


def handwritten(title: str, lang: str, author: str, body: str, seed: int) -> str:
    """A page written by hand: inline style, a "Written by" line, unclosed paragraphs."""
    t, a = html.escape(title), html.escape(author)
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<title>{t}</title>
<style>
  body {{ max-width: 40em; margin: 2em auto; font-family: Georgia, serif; line-height: 1.5; }}
</style>
</head>
<body>
<p><a href="/">Home</a> | <a href="/archive.html">Archive</a></p>
<h1>{t}</h1>
<p class="meta">Written by {a}, March 2024</p>
{body}
<hr>
<p><small>&copy; 2024 {a}</small></p>
</body>
</html>
"""


def _toml(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def hugo(title: str, lang: str, author: str, body: str, seed: int) -> str:
    """Hugo content file: TOML front matter between +++ lines."""
    lines = ["+++", f"title = {_toml(title)}", "date = 2024-03-04T09:00:00Z", "draft = false",
             'tags = ["notes", "gear"]', f"author = {_toml(author)}"]
    if lang != "en":
        lines.append(f"lang = {_toml(lang)}")
    return "\n".join([*lines, "+++", "", body, ""])


def jekyll(title: str, lang: str, author: str, body: str, seed: int) -> str:
    """Jekyll post: YAML front matter with layout, categories and author."""
    lines = ["---", "layout: post", f"title: {_toml(title)}", "date: 2024-03-04 09:00:00 +0000",
             "categories: [notes]", f"author: {author}"]
    if lang != "en":
        lines.append(f"lang: {lang}")
    return "\n".join([*lines, "---", "", body, ""])


def docusaurus(title: str, lang: str, author: str, body: str, seed: int) -> str:
    """A Docusaurus doc: id/sidebar front matter and a :::tip admonition after the content."""
    lines = ["---", f"id: {_slug(title)}", f"title: {_toml(title)}", f"sidebar_position: {seed % 9 + 1}"]
    if lang != "en":
        lines.append(f"language: {lang}")
    tip = FILLER[lang][(seed + 5) % len(FILLER[lang])]
    return "\n".join([*lines, "---", "", body, "", ":::tip", "", tip, "", ":::", ""])


STYLES = {  # name -> (generator, markup, file extension)
    "wordpress": (wordpress, "html", "html"),
    "hugo": (hugo, "md", "md"),
    "ghost": (ghost, "html", "html"),
    "jekyll": (jekyll, "md", "md"),
    "blogger": (blogger, "html", "html"),
    "docusaurus": (docusaurus, "md", "md"),
    "handwritten": (handwritten, "html", "html"),
}
FAMILY_OFFSET = {name: k for k, name in enumerate(EXPECTED)}  # so labels spread over styles


# ---------------------------------------------------------------- pages


def style_for(entry: Entry) -> str:
    """The generator style of an entry: fixed by its index (and family), never random."""
    names, i = list(STYLES), entry.index
    # i // 7 shifts each run of seven, so labels written in blocks of 7 or 21 still get every style
    return names[(i + i // len(names) + FAMILY_OFFSET[entry.family]) % len(names)]


def seed_for(entry: Entry) -> int:
    """The number that picks an entry's filler, link, title, author and form variant."""
    return entry.index + 7 * FAMILY_OFFSET[entry.family]


def build_page(entry: Entry, style: str | None = None) -> Page:
    """The page for `entry` and the findings it must get (in the given or its own style)."""
    style = style or style_for(entry)
    generator, markup, ext = STYLES[style]
    seed = seed_for(entry)
    lang = entry.lang if entry.family == "languages" else "en"
    blocks, at = content_blocks(entry, seed)
    indent = "  " if markup == "md" and blocks[at].kind == "item" else ""
    fragment = render_inline(entry.text, entry.form, markup, seed, indent)
    rendered = []
    for k, block in enumerate(blocks):
        text = SENTINEL if k == at else render_inline(block.text, "plain", markup, 0)
        rendered.append(render_block(Block(block.kind, text, seed=block.seed, link=block.link), markup, style))
    body = "\n\n".join(rendered)
    title = TITLES[lang][seed % len(TITLES[lang])]
    source = generator(title, lang, AUTHORS[seed % len(AUTHORS)], body, seed)
    start = source.count("\n", 0, source.index(SENTINEL)) + 1
    source = source.replace(SENTINEL, fragment)
    path = f"{entry.family}-{entry.index:03d}-{style}.{ext}"
    return Page(entry, style, path, source, dict(EXPECTED[entry.family][entry.label]),
                (start, start + fragment.count("\n")), lang)


def build_pages(entries: list[Entry]) -> list[Page]:
    return [build_page(entry) for entry in entries]


# ---------------------------------------------------------------- scoring


def _config(codes: tuple[str, ...]):
    from disclosurelint.config import from_mapping

    return from_mapping({"select": list(codes)}, None, "sentences")


def outcome(page: Page, findings=None) -> dict[str, bool]:
    """For each scored rule: was it reported? DL201 counts only on the sentence's lines."""
    if findings is None:
        from disclosurelint import lint_source

        findings = lint_source(page.source, path=page.path, config=_config(tuple(sorted(page.expected))))
    first, last = page.sentence_lines
    got = {"DL001": True} if any(f.code == "DL001" for f in findings) else {}
    for code in page.expected:
        lines = [f.line for f in findings if f.code == code]
        got[code] = any(first <= line <= last for line in lines) if code == "DL201" else bool(lines)
        if code == "DL201" and any(not first <= line <= last for line in lines):
            got["DL201 elsewhere"] = True
    return got


def is_right(page: Page, got: dict[str, bool]) -> bool:
    """Every scored rule as expected, no DL201 off the sentence's lines, no input error."""
    return (all(got.get(code) == want for code, want in page.expected.items())
            and "DL201 elsewhere" not in got and "DL001" not in got)


@dataclass
class Result:
    page: Page
    got: dict[str, bool]
    right: bool


def score(pages: list[Page]) -> list[Result]:
    """Lint every page in process (only its family's rules) and compare with the labels."""
    results = []
    for page in pages:
        got = outcome(page)
        results.append(Result(page, got, is_right(page, got)))
    return results


def accuracy(results: list[Result], key) -> dict[str, tuple[int, int]]:
    """(right, total) per key(result), e.g. per family or per (family, label)."""
    table: dict[str, list[int]] = {}
    for result in results:
        cell = table.setdefault(key(result), [0, 0])
        cell[0] += result.right
        cell[1] += 1
    return {k: (right, total) for k, (right, total) in table.items()}
