"""The cleaner's shape rules on short texts written for these tests."""

from redline.ingest.boilerplate import BoilerplateRules, Cleaner
from redline.model.textmap import TextMap

BODY = ("Russian missiles struck a power station in the Kharkiv region overnight, cutting electricity to "
        "thousands of homes, the regional governor said on Tuesday.")


def _clean(text: str):
    result = Cleaner(BoilerplateRules.load()).clean(TextMap.identity(text))
    return result.textmap.text, dict((line, why) for why, line in result.dropped)


def test_a_short_closing_sentence_is_body_text():
    text, dropped = _clean(f"{BODY}\n\nTwo workers were injured in the attack.\n\nThe Kremlin warned Kyiv of "
                           "retaliation.\n")
    assert "Two workers were injured in the attack." in text
    assert "The Kremlin warned Kyiv of retaliation." in text and not dropped


def test_tail_lines_that_are_not_prose_sentences_still_go():
    tail = ["Read more about the war in Ukraine:", "Ukraine War Russia NATO", "Photo Credit Reuters Staff.",
            "Tags: Ukraine, Russia"]
    text, dropped = _clean(BODY + "\n\n" + "\n\n".join(tail) + "\n")
    assert text.strip() == BODY
    assert all(dropped.get(line) == "tail" for line in tail), dropped
