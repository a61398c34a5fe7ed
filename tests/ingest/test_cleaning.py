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


def test_the_consent_line_of_a_sign_up_form_goes_and_agreements_in_the_story_stay():
    consent = ("By signing up with your address, you agree to our Terms of Use and Privacy Policy. We may send you "
               "offers from our partners.")
    story = "By agreeing to the ceasefire, you accept that the front line stays where it is, the envoy told Kyiv."
    text, dropped = _clean(f"{BODY}\n\n{consent}\n\n{story}\n")
    assert consent not in text and dropped[consent] == "terms-consent"
    assert story in text
