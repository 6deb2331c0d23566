"""Health rules: the claim model, DL401 medical disclaimer, DL402 FDA statement, DL403
absolute claims and DL302 missing byline (off by default).

Health content is a page whose text makes at least three claims that something affects a
medical condition or symptom (human or pet); claims are counted, not sentences; idioms
and negated effects are not claims. Every must-flag and must-not-flag case of the contract
and issue #4 has a test here, and the labelled dev corpus is checked page by page.
"""

import json

import pytest

from disclosurelint.config import ConfigError, from_mapping
from disclosurelint.engine import Linter, lint_source, rules_for
from disclosurelint.parse import parse

from helpers import CORPUS_DEV, SHARED, lint, run_cli, starts

CORPUS_REAL = SHARED / "corpus" / "real"
HEALTH = ("DL401", "DL402", "DL403")


def html(body: str, head: str = "<title>Notes</title>", lang: str = "en") -> str:
    return f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>{head}</head>\n<body>\n{body}\n</body>\n</html>\n'


def codes_of(findings):
    return sorted({f.code for f in findings})


def lines_of(findings, code):
    return sorted({f.line for f in findings if f.code == code})


# Three claims in one sentence: a page of health content by itself.
CLAIMS = "<p>Users report that it lowers blood sugar, reduces cholesterol, and boosts metabolism.</p>"
DISCLAIMER = "<p>This article is for informational purposes only and is not medical advice.</p>"
FDA = "<p>These statements have not been evaluated by the Food and Drug Administration.</p>"


def claim_texts(source: str, path: str = "page.html"):
    """The claims the model finds on a page (DL401's model)."""
    linter = Linter(from_mapping({"select": ["DL401"]}, None, "test"))
    model = linter._states["DL401"]["model"]
    fmt = "markdown" if path.endswith(".md") else "html"
    return [c.text for c in model.claims(parse(source, fmt, path))]


# --- the claim model -------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence, count",
    [
        ("Users report that it lowers blood sugar, reduces cholesterol, and boosts metabolism.", 3),
        ("Curcumin reduces joint pain in knee osteoarthritis.", 1),
        ("It reduces joint pain and inflammation.", 2),
        ("The swelling in my knee went down within a week.", 1),
        ("Sleep improved first and I fell asleep faster.", 2),
        ("CBD oil for anxiety is what my sister swears by.", 1),
        ("Within eight weeks she had lost 24 pounds.", 1),
        ("These chews reduce itching and soothe hot spots in dogs.", 2),  # pet health
        ("Our dog's hip dysplasia improved after two weeks.", 1),
        ("Magnesium can help relieve nocturnal leg cramps.", 1),
        ("There is early research showing it may relieve chronic pain and help with insomnia.", 2),
        ("Readers say zinc lozenges shorten their colds and vitamin C eases a sore throat.", 2),
        ("Ointments relieve itching, heal the cracked patches and calm the itch.", 3),
        ("Soak-and-seal reduces flare-ups.", 1),
    ],
)
def test_claims_are_counted_not_sentences(sentence, count):
    assert len(claim_texts(html(f"<p>{sentence}</p>"))) == count


@pytest.mark.parametrize(
    "sentence",
    [
        "This standing desk was a pain to set up.",  # idiom
        "Honestly, the cure for boredom is a good book.",  # idiom
        "The cure for boring oatmeal is a spoon of peanut butter.",  # idiom
        "Cured ham and salt-cured salmon are staples here.",  # not medicine
        "It does not cure arthritis.",  # negated
        "Magnesium won't relieve cramps for everyone.",  # negated
        "The chair supports weight up to 300 lbs.",  # not body weight
        "Lower back support is adjustable.",  # "lower" as an adjective
        "This VPN blocks malware and viruses.",  # computer viruses
        "Antivirus software stops infections of your PC.",
        "Noise-cancelling headphones reduce listening fatigue.",
        "A painless setup and a pain-free return policy.",
        "The heat pump lowers energy bills.",
        "I have an itch to travel.",
        "This update should shorten boot times.",
    ],
)
def test_not_claims(sentence):
    assert claim_texts(html(f"<p>{sentence}</p>")) == []


def test_the_same_claim_in_title_and_heading_counts_once():
    page = html("<h1>Does Beet Juice Lower Blood Pressure?</h1>", "<title>Does Beet Juice Lower Blood Pressure?</title>")
    assert claim_texts(page) == ["Lower Blood Pressure"]


def test_claims_in_menus_sidebars_footers_and_comments_do_not_count():
    body = (
        "<nav><a href='/a'>Foods that lower blood pressure</a></nav>"
        "<aside><p>Popular: herbs that reduce anxiety and ease joint pain.</p></aside>"
        "<footer><p>Tips that relieve cramps.</p></footer>"
        '<div id="comments"><p>It cured my arthritis and relieved my back pain and insomnia!</p></div>'
    )
    assert claim_texts(html(body)) == []


def test_disclaimer_sentences_make_no_claims():
    page = html("<p>This product is not intended to diagnose, treat, cure, or prevent any disease.</p>")
    assert claim_texts(page) == []


# --- DL401 missing medical disclaimer ---------------------------------------------------


def test_dl401_flags_health_content_without_disclaimer_at_first_claim():
    page = html("<p>Intro.</p>\n" + CLAIMS)
    (finding,) = [f for f in lint(page, select=["DL401"])]
    assert (finding.code, finding.name, finding.severity) == ("DL401", "missing-medical-disclaimer", "warning")
    assert finding.line == 6  # the line of the first claim
    assert "3 health claims" in finding.message and "line 6" in finding.message
    assert "lowers blood sugar" in finding.message


def test_dl401_two_claims_are_not_health_content():
    page = html("<p>It relieves cramps and eases anxiety.</p>")
    assert lint(page, select=["DL401"]) == []


@pytest.mark.parametrize(
    "disclaimer",
    [
        "This article is not medical advice.",
        "The content is for informational purposes only.",
        "This post is for informational and educational purposes only.",
        "It is not a substitute for professional medical advice, diagnosis or treatment.",
        "This product is not intended to diagnose, treat, cure or prevent any disease.",
        "Always seek the advice of your physician or other qualified health provider with any questions you may have regarding a medical condition.",
        "Nothing on this site should be construed as medical advice.",
        "This article does not constitute medical advice.",
        "Always consult your doctor before starting any new supplement.",
        "Also, consult a physician.",
        "Always consult with your healthcare provider or registered dietitian for personalized nutrition advice.",
        "This guide is not a substitute for veterinary care.",
    ],
)
def test_dl401_disclaimers_satisfy_it(disclaimer):
    page = html(CLAIMS + f"\n<p>{disclaimer}</p>")
    assert lint(page, select=["DL401"]) == []


def test_dl401_disclaimer_in_footer_counts():
    page = html(CLAIMS + "\n<footer><p>Not medical advice.</p></footer>")
    assert lint(page, select=["DL401"]) == []


def test_dl401_disclaimer_in_front_matter_description_counts():
    page = (
        '---\ntitle: Notes\ndescription: "For informational purposes only; not medical advice."\n---\n\n'
        "Users report that it lowers blood sugar, reduces cholesterol, and boosts metabolism.\n"
    )
    assert lint(page, path="page.md", select=["DL401"]) == []
    bare = "---\ntitle: Notes\n---\n\nUsers report that it lowers blood sugar, reduces cholesterol, and boosts metabolism.\n"
    assert starts(lint(bare, path="page.md", select=["DL401"]), "DL401") == [(5, 22)]


@pytest.mark.parametrize(
    "tip",
    [
        "However, consult your doctor before significantly increasing potassium.",
        "If spasms keep coming back, consult your physician to identify the cause.",
    ],
)
def test_dl401_a_one_off_tip_is_not_a_disclaimer(tip):
    page = html(CLAIMS + f"\n<p>{tip}</p>")
    assert codes_of(lint(page, select=["DL401"])) == ["DL401"]


def test_dl401_pet_health_is_health_content():
    page = html("<p>CBD chews reduce itching, soothe hot spots and ease hip dysplasia in older dogs.</p>")
    assert codes_of(lint(page, select=["DL401"])) == ["DL401"]


def test_dl401_non_english_page_uses_only_its_language():
    page = html(CLAIMS, lang="de")
    assert lint(page, select=["DL4"]) == []


def test_dl401_min_claims_option():
    config = from_mapping({"select": ["DL401"], "rules": {"DL401": {"min-claims": 4}}}, None, "test")
    assert lint_source(html(CLAIMS), path="page.html", config=config) == []
    config = from_mapping({"select": ["DL401"], "rules": {"DL401": {"min-claims": 1}}}, None, "test")
    page = html("<p>It relieves cramps.</p>")
    assert codes_of(lint_source(page, path="page.html", config=config)) == ["DL401"]


def test_dl401_extend_conditions_option():
    page = html("<p>It eases zoomies, calms zoomies at night and stops the zoomies.</p>")
    assert lint(page, select=["DL401"]) == []
    config = from_mapping({"select": ["DL401"], "rules": {"DL401": {"extend-conditions": ["zoomies"]}}}, None, "test")
    assert codes_of(lint_source(page, path="page.html", config=config)) == ["DL401"]


def test_lexicons_extend_every_health_rule_from_an_extend_rules_folder(tmp_path):
    (tmp_path / "pets.yml").write_text(
        "lexicons:\n  health-conditions.en: [zoomies]\n  supplement-terms.en: ['hip\\s+bites']\n", encoding="utf-8"
    )
    page = html(
        "<p>It eases zoomies, calms zoomies at night and cures the zoomies.</p>"
        '<p><a href="https://pawsome.example/go/x">Shop Pawsome Hip Bites</a></p>'
    )
    config = from_mapping({"select": ["DL4"], "extend-rules": [str(tmp_path)]}, None, "test")
    assert codes_of(lint_source(page, path="page.html", config=config)) == ["DL401", "DL402", "DL403"]
    assert lint(page, select=["DL4"]) == []


@pytest.mark.parametrize("value", [0, -1, "three", True])
def test_dl401_bad_min_claims_is_a_configuration_error(value):
    with pytest.raises(ConfigError, match="DL401"):
        Linter(from_mapping({"rules": {"DL401": {"min-claims": value}}}, None, "test"))


def test_dl401_extend_conditions_bad_pattern_is_a_configuration_error():
    with pytest.raises(ConfigError, match="DL401"):
        Linter(from_mapping({"rules": {"DL401": {"extend-conditions": ["(unclosed"]}}}, None, "test"))


# --- DL402 missing FDA statement --------------------------------------------------------

AFFILIATE_SUPPLEMENT = '<p><a href="https://example.com/go/slimleaf">Try SlimLeaf Garcinia Capsules</a></p>'


def test_dl402_flags_promoted_supplement_at_the_link():
    page = html(CLAIMS + "\n" + DISCLAIMER + "\n" + AFFILIATE_SUPPLEMENT)
    (finding,) = lint(page, select=["DL402"])
    assert (finding.code, finding.name, finding.line) == ("DL402", "missing-fda-disclaimer", 7)
    assert "Try SlimLeaf Garcinia Capsules" in finding.message and "3 health claims" in finding.message
    assert "These statements have not been evaluated by the Food and Drug Administration" in finding.message


@pytest.mark.parametrize(
    "statement",
    [
        "These statements have not been evaluated by the Food and Drug Administration.",
        "*This statement has not been evaluated by the Food and Drug Administration.",
        "These statements have not been evaluated by the FDA.",
        "The statements on this website have not been evaluated by the U.S. Food & Drug Administration.",
    ],
)
def test_dl402_fda_statement_satisfies_it(statement):
    page = html(CLAIMS + "\n" + AFFILIATE_SUPPLEMENT + f"\n<footer><p>{statement}</p></footer>")
    assert lint(page, select=["DL402"]) == []


@pytest.mark.parametrize(
    "promotion",
    [
        '<p><a href="https://amzn.to/3xYz">Nature Made Vitamin D3</a></p>',  # affiliate link naming it
        '<p><a href="https://shop.example.com/p/12">Buy Calm Magnesium Gummies</a></p>',  # call to action
        '<p><a href="https://example.com/cart?add=7">Add to cart: Zen CBD tincture</a></p>',
        '<p><a href="https://track.example.com/out/sl-garcinia?aff_id=22">Check availability</a></p>',  # URL names it
        '<p>I take GoldenFlex Turmeric Complex daily.</p><p><a href="https://goldenflex.hop.clickbank.net/">Get GoldenFlex</a></p>',
        "<h3>Calm Ashwagandha Gummies</h3><p>$29.99</p><p>Add to cart</p>",  # a button-like block
        # what a product is stops at its noun phrase: the gummies, not the sugar they curb
        "<p>Two Slimzest ACV gummies a day curb sugar cravings, the maker says.</p>"
        '<p><a href="https://slimzest.com/go/official?aff_id=4471">Order Slimzest from the official site</a></p>',
        # a link sentence naming nothing goes on about the sentence before it
        "<p>The brand most readers named was Zincora Cold Defence Lozenges (13.3 mg zinc). "
        'If you would like to try them: <a href="https://amzn.to/4ZincCd">check price on Amazon</a>.</p>',
        # a site with "journal" in its name is not a study, and an affiliate link is never a citation
        '<p>We added <a href="https://pawprintjournal.net/go/barkwell-cbd-chews">'
        "Barkwell Hemp &amp; CBD Mobility Chews</a> to her routine.</p>",
    ],
)
def test_dl402_promotions(promotion):
    page = html(CLAIMS + "\n" + promotion)
    assert codes_of(lint(page, select=["DL402"])) == ["DL402"]


def test_dl402_affiliate_link_naming_no_product_counts_on_a_supplement_page():
    body = (
        "<p>Magnesium supplements relieve cramps, ease anxiety and help with insomnia.</p>"
        "<p>Magnesium glycinate is gentle.</p><p>Most supplements need two capsules.</p>"
        "<p>Potassium matters too.</p><p>Calcium helps muscles contract.</p>"
        '<p><a href="https://example.com/go/medi-cramp">Try it for yourself</a></p>'
    )
    assert codes_of(lint(html(body), select=["DL402"])) == ["DL402"]


@pytest.mark.parametrize(
    "promotion",
    [
        "<p>My doctor suggested a daily vitamin D supplement.</p>",  # discussed, not promoted
        '<p>The CDC recommends <a href="https://www.cdc.gov/folic-acid">400 mcg of folic acid</a> a day.</p>',
        '<p><a href="https://ods.od.nih.gov/factsheets/VitaminD">Get the vitamin D fact sheet</a></p>',  # guidance
        '<p>I used a <a href="https://www.amazon.com/dp/B07?tag=x-20">cold therapy machine</a>.</p>',  # device
        '<p>A <a href="https://amzn.to/3Tf">compression knee sleeve</a> helped.</p>',
        '<p><a href="/recipes/magnesium">Try these magnesium-rich recipes</a></p>',  # not a product
        '<p><a href="https://amzn.to/x">garlic powder</a></p>',  # food
    ],
)
def test_dl402_not_promotions(promotion):
    page = html(CLAIMS + "\n" + promotion)
    assert lint(page, select=["DL402"]) == []


def test_dl402_affiliate_link_naming_no_product_counts_on_a_page_about_one_supplement():
    # The page keeps naming one product, and says what it is once: the link promotes it.
    body = (
        "<p>I tried CephaLeaf Feverfew Complex for my migraines.</p><p>CephaLeaf eases nausea.</p>"
        "<p>CephaLeaf reduces inflammation and prevents headaches.</p><p>Readers love CephaLeaf.</p>"
        '<p><a class="cta" href="https://cephaleaf.hop.clickbank.net/?tid=x">Claim Your Discounted Bottle Now</a></p>'
    )
    assert codes_of(lint(html(body), select=["DL402"])) == ["DL402"]


def test_dl402_affiliate_link_naming_no_product_needs_a_page_about_supplements():
    body = CLAIMS + "<p>I also take magnesium.</p>" + '<p><a href="https://example.com/go/oura">Try it for yourself</a></p>'
    assert lint(html(body), select=["DL402"]) == []


def test_dl402_not_health_content_is_left_alone():
    page = html("<p>Our protein powder taste test.</p>" + AFFILIATE_SUPPLEMENT)
    assert lint(page, select=["DL402"]) == []


def test_dl402_extend_supplements_option_names_a_sites_products():
    page = html(CLAIMS + '\n<p><a href="https://pawsome.example/go/x">Shop Pawsome Hip Bites</a></p>')
    config = from_mapping({"select": ["DL402"], "rules": {"DL402": {"extend-supplements": ["hip\\s+bites"]}}}, None, "test")
    assert lint_source(page, path="page.html", config=config) != []


# --- DL403 absolute health claims -------------------------------------------------------


@pytest.mark.parametrize(
    "claim, phrase",
    [
        ("The keto diet cures type 2 diabetes.", "cures"),
        ("RubyRoot delivers guaranteed results.", "guaranteed results"),
        ("Guaranteed relief in three days.", "Guaranteed relief"),
        ("These gummies have been a miracle for my sleep.", "miracle"),
        ("GoldenFlex is 100% effective for joint pain.", "100% effective"),
        ("Arm yourself with this to banish muscle spasms for good.", "banish muscle spasms for good"),
        ("It can permanently eliminate arthritis pain.", "permanently eliminate"),
        ("The formula is clinically proven to stop leg cramps.", "clinically proven"),
        ("SlimLeaf is FDA approved and made in the USA.", "FDA approved"),
        ("Best of all, it has no side effects.", "no side effects"),
    ],
)
def test_dl403_flags_absolute_claims_on_their_line(claim, phrase):
    page = html(CLAIMS + f"\n<p>{claim}</p>")
    findings = lint(page, select=["DL403"])
    assert lines_of(findings, "DL403") == [6]
    assert phrase in findings[0].message


@pytest.mark.parametrize(
    "sentence",
    [
        "Magnesium does not cure cramps.",
        "CBD is not a miracle cure.",
        "Garcinia is not FDA approved.",
        "Unlike metformin, an FDA-approved diabetes drug, keto is still being studied.",
        "Epidiolex is the first FDA-approved CBD medication.",
        "Researchers are still searching for a cure.",
        "There is no cure for arthritis.",
        "Prevention is better than cure.",
        "These statements have not been evaluated by the FDA. This product is not intended to diagnose, treat, cure, or prevent any disease.",
        'It was clinically proven to lower blood pressure (<a href="https://pubmed.ncbi.nlm.nih.gov/27402922/">Zhang 2016</a>).',
        'Beets were clinically proven to help (<a href="https://doi.org/10.3945/jn.113.175737">Siervo 2013</a>).',
        'It is clinically proven (<a href="https://www.nccih.nih.gov/health/melatonin">NCCIH</a>).',
        'It is clinically proven (<a href="https://med.stanford.edu/news/x.html">Stanford</a>).',
        'It is clinically proven (<a href="https://www.ahajournals.org/doi/10.1161/HYP.1">Hypertension</a>).',
        # A clause whose subject is a negative quantifier denies its claim, however far away.
        "Ginkgo and zinc have not held up in trials, and none of them is a miracle fix.",
        "Rest helps most people, and nobody can offer guaranteed relief.",
        "There is no miracle cure for hay fever, and none of these treatments will cure it.",
        "Neither the drops nor the spray will cure tinnitus.",
    ],
)
def test_dl403_leaves_alone(sentence):
    page = html(CLAIMS + f"\n<p>{sentence}</p>")
    assert lint(page, select=["DL403"]) == []


def test_dl403_citation_may_sit_on_a_later_line_of_the_sentence():
    page = html(CLAIMS + '\n<p>Magnesium was clinically proven to lower blood pressure in a meta-analysis\n'
                '(<a href="https://pubmed.ncbi.nlm.nih.gov/27402922/">Zhang 2016</a>).</p>')
    assert lint(page, select=["DL403"]) == []
    uncited = html(CLAIMS + "\n<p>Magnesium was clinically proven to lower blood pressure in a meta-analysis\n(Zhang 2016).</p>")
    assert lines_of(lint(uncited, select=["DL403"]), "DL403") == [6]


def test_dl403_a_claim_quoted_to_rebut_it_still_counts():
    page = html(CLAIMS + '\n<p>Ads say it "cures arthritis", which is simply false.</p>')
    assert lines_of(lint(page, select=["DL403"]), "DL403") == [6]


def test_dl403_is_reported_where_the_phrase_starts():
    first = "<p>A multi-pronged approach focused on stretching and rest will banish"
    page = html(CLAIMS + f"\n{first}\nthese aggravations for good.</p>")
    assert starts(lint(page, select=["DL403"]), "DL403") == [(6, first.index("banish") + 1)]


@pytest.mark.parametrize(
    "sentence",
    ["Satisfaction guaranteed.", "This desk is a minor miracle.", "Our cured salmon is a miracle.", "Guaranteed results or your money back."],
)
def test_dl403_outside_health_content_is_left_alone(sentence):
    assert lint(html(f"<p>{sentence}</p>"), select=["DL403"]) == []


def test_dl403_claim_over_a_markdown_hard_wrap():
    # A soft line break inside a paragraph is a space to the reader: the sentence goes on.
    page = ("# Notes\n\nUsers report that it lowers blood sugar, reduces cholesterol, and boosts metabolism.\n\n"
            "Taken an hour before bed, it can banish\njet lag for good. It was clinically\nproven to help.\n")
    assert starts(lint(page, path="page.md", select=["DL403"]), "DL403") == [(5, 34), (6, 26)]


def test_dl403_citation_after_a_markdown_hard_wrap():
    page = ("# Notes\n\nUsers report that it lowers blood sugar, reduces cholesterol, and boosts metabolism.\n\n"
            "Nerve flossing was clinically proven to reduce leg pain in a small trial published by a\n"
            "university team ([Cleland et al.](https://scholar.example.edu/cleland2006)).\n")
    assert lint(page, path="page.md", select=["DL403"]) == []


def test_dl403_in_markdown():
    page = "# Notes\n\nUsers report that it lowers blood sugar, reduces cholesterol, and boosts metabolism.\n\nIt cures anxiety.\n"
    assert starts(lint(page, path="page.md", select=["DL403"]), "DL403") == [(5, 4)]


# --- DL302 missing byline (off by default) ----------------------------------------------


def test_dl302_is_off_by_default():
    assert rules_for()["DL302"].default is False
    assert "DL302" not in {f.code for f in lint_source(html(CLAIMS), path="page.html")}


def test_dl302_flags_health_content_without_byline():
    config = from_mapping({"select": ["DL1"], "extend-select": ["DL302"]}, None, "test")
    (finding,) = [f for f in lint_source(html(CLAIMS), path="page.html", config=config) if f.code == "DL302"]
    assert finding.name == "missing-byline" and "health content" in finding.message


def test_dl302_leaves_pages_with_a_byline_alone():
    page = html(CLAIMS, head='<title>Notes</title><meta name="author" content="Hannah Weiss">')
    assert lint(page, select=["DL302"]) == []
    assert lint(html("<p>By Hannah Weiss</p>" + CLAIMS), select=["DL302"]) == []


def test_dl302_flags_a_product_review_without_byline():
    page = html("<h1>Calmora Air Fryer Review</h1><p>It is fast.</p>", "<title>Calmora Air Fryer Review</title>")
    assert codes_of(lint(page, select=["DL302"])) == ["DL302"]
    roundup = html('<h1>Best Air Fryers</h1><p><a href="https://amzn.to/x">Ninja</a></p>')
    assert codes_of(lint(roundup, select=["DL302"])) == ["DL302"]


def test_dl302_leaves_other_pages_alone():
    assert lint(html("<h1>Best Lisbon viewpoints</h1><p>Walk up the hill.</p>"), select=["DL302"]) == []


def test_dl302_can_be_turned_on_from_the_command_line(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(html(CLAIMS + DISCLAIMER), encoding="utf-8")
    proc = run_cli("--format", "json", "--extend-select", "DL302", page.name, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr  # DL302 is info, below the default fail-on
    assert {f["code"] for f in json.loads(proc.stdout)} == {"DL302"}
    assert json.loads(run_cli("--format", "json", page.name, cwd=tmp_path).stdout) == []


# --- rule data and documentation ---------------------------------------------------------


@pytest.mark.parametrize("code", ["DL302", "DL401", "DL402", "DL403"])
def test_docs_are_complete(code):
    rule = rules_for()[code]
    for key in ("what", "why", "example", "instead", "refs"):
        assert rule.docs.get(key), (code, key)


def test_docs_cite_the_regulations():
    rules = rules_for()
    refs = " ".join(r for code in HEALTH for r in rules[code].docs["refs"])
    assert "21 CFR 101.93" in refs and "Health Products Compliance Guidance" in refs
    assert "best practice" in rules["DL402"].docs["what"]


def test_explain_dl402(tmp_path):
    proc = run_cli("--explain", "DL402", cwd=tmp_path)
    assert proc.returncode == 0 and "21 CFR 101.93" in proc.stdout


def test_the_three_rules_share_one_claim_analysis():
    linter = Linter(from_mapping({"select": list(HEALTH)}, None, "test"))
    keys = {linter._states[c]["model"].key for c in HEALTH}
    assert len(keys) == 1


# --- the labelled dev corpus and the seed pages ------------------------------------------

EXPECTATIONS = json.loads((CORPUS_DEV / "expectations.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(EXPECTATIONS["files"]))
def test_dev_corpus_health_labels(name):
    expected = EXPECTATIONS["files"][name]
    findings = lint_source((CORPUS_DEV / name).read_bytes(), path=name)
    assert ("DL401" in expected) == any(f.code == "DL401" for f in findings), f"DL401 presence in {name}"
    assert ("DL402" in expected) == any(f.code == "DL402" for f in findings), f"DL402 presence in {name}"
    assert lines_of(findings, "DL403") == sorted(expected.get("DL403") or []), f"DL403 lines in {name}"


@pytest.mark.parametrize("name, lines", [("seed-advertorial.html", [24, 136]), ("seed-advertorial.md", [22, 163])])
def test_seed_pages_get_all_three_rules_and_dl403_on_the_banish_lines(name, lines):
    findings = lint_source((CORPUS_DEV / name).read_bytes(), path=name)
    assert {f.code for f in findings} >= set(HEALTH)
    assert lines_of(findings, "DL403") == lines
    source = (CORPUS_DEV / name).read_text(encoding="utf-8").splitlines()
    assert all("banish" in source[line - 1] for line in lines)


# --- real pages (read in place): findings kept after review -------------------------------

REAL = {
    "016-thinkingwhy-supplement-scam.md": {"DL401"},  # supplement claims, no disclaimer
    "017-sethholloway-supplements-unproven.md": set(),  # discusses regulation, makes no claims
    "020-simplestketo-readme.md": {"DL401", "DL403"},  # weight-loss guide; "lemons cured scurvy"
    "021-simplestketo-breaking-stall.md": set(),  # "Also, consult a physician."
    "022-balancebotanica-cbd-explained.md": {"DL403"},  # disclaimed; "CBD ...: FDA-Approved"
    "023-balancebotanica-dog-arthritis.md": {"DL401"},  # pet health, no disclaimer sentence
    "024-balancebotanica-cbd-pets-guide.md": set(),  # vet-consult disclaimer
    "038-sleepupgradehub-ashwagandha.md": set(),
    "039-sleepupgradehub-natural-sleep-aids.md": {"DL403"},  # rebutted "cured their insomnia"
    "040-kapresoft-ginger-benefits.md": {"DL403"},  # "Nature's Miracle" in the title
    "041-kapresoft-reducing-inflammation.md": set(),
    "044-cmknox-why-sleep-matters.md": {"DL401", "DL402"},  # melatonin affiliate link
    "047-dietitianny-folate-vs-folic-acid.md": set(),  # public-health guidance
    "046-cmknox-go-mod-init.md": set(),
    "059-kskapps-green-soul-chair-review.html": set(),
}


@pytest.mark.parametrize("name", sorted(REAL))
def test_real_pages(name):
    path = CORPUS_REAL / name
    if not path.is_file():
        pytest.skip("real corpus not present")
    findings = lint_source(path.read_bytes(), path=name, config=from_mapping({"select": ["DL4"]}, None, "test"))
    assert {f.code for f in findings} == REAL[name]


def test_real_dl403_fda_approved_about_a_drug_is_left_alone():
    path = CORPUS_REAL / "022-balancebotanica-cbd-explained.md"
    if not path.is_file():
        pytest.skip("real corpus not present")
    findings = lint_source(path.read_bytes(), path=path.name, config=from_mapping({"select": ["DL403"]}, None, "test"))
    assert 136 not in lines_of(findings, "DL403")  # "First FDA-approved CBD medication"


def test_fda_approved_label_introducing_a_drug_is_not_a_supplement_claim():
    page = (
        "Magnesium relieves cramps. Magnesium eases anxiety. Magnesium cures insomnia fast.\n\n"
        "**FDA-Approved Uses:**\n\n"
        "- **Epidiolex**: the first FDA-approved CBD medication for rare epilepsy\n"
    )
    from disclosurelint.engine import lint_source

    lines = [f.line for f in lint_source(page, path="p.md") if f.code == "DL403" and "FDA" in f.message]
    assert lines == []


def test_a_backtracking_condition_added_in_configuration_is_refused():
    import pytest

    from disclosurelint.config import ConfigError, from_mapping
    from disclosurelint.engine import Linter

    cfg = from_mapping({"rules": {"DL401": {"extend-conditions": ["(a+)+$"]}}}, None, "cfg")
    with pytest.raises(ConfigError, match="backtrack"):
        Linter(cfg)
