"""The five seed articles: titles, dates, and no boilerplate left in the cleaned text."""

import pytest

SEED_TITLES = {
    "000": "Ukrainian Strikes on Russian City Belgorod Escalate Conflict",
    "001": "Russia vows to exact revenge on the US for its invasion of Crimea by Ukraine",
    "002": "As NATO summit begins, Russia escalates its attack on Ukraine",
    "003": "NATO, Ukraine to Meet Tuesday Over Russian Attack",
    "004": None,  # the text gives no headline; none is invented
}
SEED_DATES = {"000": "2023-12-31", "001": "2024-07-16", "002": None, "003": "2024-11-22", "004": None}

# Boilerplate in the seeds that must not survive cleaning.
BOILERPLATE = {
    "000": ["date 2023-12-31", "en English", "By: BNN", "Published:", "Russia Ukraine\n"],
    "001": ["Tuesday, July 16, 2024", "Image Source", "Indian Express"],
    "002": ["[…]", "Tags:", "NATORUSSIAUkraine"],
    "003": ["News update", "UNRWA chief", "Sudan war", "Dhaka", "GDP Growth", "•", "|", "Greenwatch Desk",
            "3:48pm", "image-225449", ".jpg"],
    "004": ["Comments", "Post a Comment"],
}


@pytest.mark.parametrize("seed", sorted(SEED_TITLES))
def test_seed_title(seed_articles, seed):
    assert seed_articles[seed].title == SEED_TITLES[seed]


@pytest.mark.parametrize("seed", sorted(SEED_DATES))
def test_seed_publication_date_is_found_or_left_null(seed_articles, seed):
    article = seed_articles[seed]
    assert article.published == SEED_DATES[seed]
    assert article.published_precision == ("day" if SEED_DATES[seed] else "unknown")


@pytest.mark.parametrize("seed", sorted(BOILERPLATE))
def test_seed_boilerplate_is_removed(seed_articles, seed):
    text = seed_articles[seed].text + "\n"
    for junk in BOILERPLATE[seed]:
        assert junk not in text, junk


def test_seed_000_keeps_headings_as_headings_and_drops_the_repeated_headline(seed_articles):
    article = seed_articles["000"]
    assert "Escalate Conflict" not in article.text
    headings = [article.text[b.start:b.end] for b in article.blocks if b.kind == "heading"]
    assert headings == ["Escalating Conflict and Retaliatory Strikes", "International Response and Accusations",
                        "US and UK Support for Ukraine"]
    assert article.text.startswith("In a tragic turn of events")
    assert article.text.endswith("potential retaliatory actions.")
    assert article.byline == "BNN Correspondents"


def test_seed_002_duplicated_lede_appears_once_in_full(seed_articles):
    text = seed_articles["002"].text
    assert text.count("In the early hours of Wednesday") == 1
    assert "Air defence works in the region." in text


def test_seed_003_ticker_and_image_name_are_gone_but_the_story_is_whole(seed_articles):
    text = seed_articles["003"].text
    assert text.startswith("NATO and Ukraine are set to meet in Brussels on Tuesday")
    assert "automatic nuclear de-escalation hotline" in text
    assert text.rstrip().endswith("to avoid broader conflict.")


def test_seed_004_widgets_at_the_end_are_gone(seed_articles):
    text = seed_articles["004"].text
    assert text.startswith("On Wednesday, the Kremlin condemned")
    assert text.endswith("Emergency services are currently assessing the situation.")


@pytest.mark.parametrize("seed", sorted(SEED_TITLES))
def test_seed_every_cleaned_character_maps_back_to_the_input(seed_articles, seed):
    article = seed_articles[seed]
    tm = article.textmap
    assert tm.source == article.raw
    assert all(tm.source[tm.to_source(i)] == ch for i, ch in enumerate(tm.text))
    for block in article.blocks:
        start, end = tm.to_source_span(block.start, block.end)
        assert article.raw[start:end] == article.text[block.start:block.end]


@pytest.mark.parametrize("seed", sorted(SEED_TITLES))
def test_seed_language_is_english(seed_articles, seed):
    assert seed_articles[seed].language == "en"
