"""Free-text survey answers in the respondent's own voice, with labelled personal details.

Young people write informally and sometimes type in names, numbers and e-mail addresses;
parents write fuller sentences; children write short ones. A few answers are in Polish or
Welsh. Safeguarding phrases are added separately (answers.py) so their rate is controlled.
"""

import random
from collections.abc import Mapping

from voice.demo.compose import Fragment, Slot, can_render, join, render

# (theme, going well?) -> phrases. A theme the person's outlook lacks is treated as neutral.
YOUNG_PERSON: dict[tuple[str, bool | None], tuple[str, ...]] = {
    ("safety", False): (
        "people keep knocking on my door at night and i dont know who they are",
        "the lock on the main door is broke and anyone can just walk in",
        "i dont feel safe here tbh, theres always fights downstairs",
        "want to move somewhere quieter where i dont have to worry all the time",
        "the lads that hang round outside the {home_kind} scare me",
    ),
    ("safety", True): ("i feel safe here which is the main thing",
                       "its safe and the staff are alright"),
    ("stability", False): ("stop moving me every few months, i cant settle anywhere",
                           "i just want somewhere permanent",
                           "been waiting for a flat for ages and nobody is sorting it"),
    ("stability", True): ("happy where i am, dont want to move", "its starting to feel like home"),
    ("home_condition", False): ("sort the damp out its in my bedroom",
                                "heating is rubbish and its freezing at night",
                                "need a proper bed and some curtains",
                                "theres mould everywhere and the landlord doesnt care"),
    ("affordability", False): ("more help with bills",
                               "gas and electric is too expensive, cant put the heating on",
                               "my UC doesnt cover everything and i run out before payday",
                               "help with budgeting would be good tbh"),
    ("affordability", True): ("im managing money ok now",),
    ("neighbourhood", False): ("the area is rough, i dont go out after dark",
                               "wish i lived nearer {town}, the buses are rubbish"),
    ("relationships", False): ("i dont know anyone round here", "get us a place nearer my mates",
                               "miss my {sibling_rel} {sibling}, want to live closer"),
    ("listened_to", False): ("listen to what we actually want",
                             "nobody asks me before they decide stuff"),
    ("listened_to", True): ("my PA {worker_first} is sound, actually listens",
                            "{worker_first} is great but i only see them once a month"),
}
YOUNG_PERSON_EXTRAS = ("can someone ring me on {phone}", "text me {phone} pls",
                       "email me {email}", "its {first} btw", "- {first}", "thanks", "x",
                       "from {full}")

PARENT: dict[tuple[str, bool | None], tuple[str, ...]] = {
    ("speech_language", False): (
        "Speech therapy sooner. We have been waiting since last year and {child} starts school in "
        "September.",
        "Someone to tell me if {child}'s talking is normal for {cpos} age.",
        "More talking groups at the Family Hub, the one we went to really helped.",
    ),
    ("readiness_understanding", False): (
        "More information earlier about what school expects. I only found out in the summer.",
        "A simple list of what children should be able to do before Reception.",
        "I didn't know {child} could get extra help until nursery told me.",
    ),
    ("health_development", False): ("Help with toilet training, nothing I try works.",
                                     "Sleep advice that actually works for {child}."),
    ("general", None): (
        "Sessions in the evening as I work days.", "A group for parents whose children are "
        "starting school.", "Knowing who to ask when I am worried.",
        "More free places at holiday club.",
        "Information in other languages for my husband.",
    ),
}
PARENT_EXTRAS = ("My number is {phone} if you want to talk to me.", "Email {email}.",
                 "{first}, {child}'s {parent_word}.", "Thank you.")

CHILD_OLDER = ("I want to know what they write about me.",
               "i dont like my teacher knowing everything",
               "only my social worker should see it not everyone", "can i see my file",
               "its easier to say things on the tablet", "why do they write so much about me",
               "my worker {worker_first} is nice but i want to keep the same one",
               "i want to choose who reads it")
CHILD_YOUNGER = ("I like drawing", "I want my mum to know I am ok", "I like {worker_first}",
                 "can {friend} come next time", "I dont like when people talk about me",
                 "I want to live with my {sibling_rel} {sibling}")
NOTHING_TO_ADD = ("nothing", "no", "nope", "not really", "no thank you")
PARENT_NOTHING = ("Nothing really, nursery have been brilliant.", "No, we are fine thank you.",
                  "Not at the moment.")

OTHER_LANGUAGES: dict[str, dict[str, tuple[str, ...]]] = {
    "pl": {"young_person": ("Chcę się przeprowadzić, tu nie czuję się bezpiecznie.",
                            "Potrzebuję pomocy z rachunkami.", "Mieszkanie jest zimne i wilgotne."),
           "parent": ("Więcej informacji o szkole po polsku.",
                      "Logopeda szybciej, czekamy już rok.",
                      "Nie wiedziałam, czego szkoła oczekuje."),
           "child": ("Chcę wiedzieć, co o mnie piszą.", "Nic.")},
    "cy": {"young_person": ("Mae angen help arna i gyda biliau.", "Mae'r fflat yn oer iawn."),
           "parent": ("Mwy o wybodaeth am yr ysgol yn Gymraeg.",
                      "Dim byd, mae'r feithrinfa yn wych."),
           "child": ("Dw i eisiau gwybod beth maen nhw'n ysgrifennu amdana i.",)},
}

SAFEGUARDING: dict[str, tuple[str, ...]] = {
    "young_person": ("he hits me when hes been drinking", "i dont feel safe going home",
                     "i want to hurt myself", "sometimes i think about ending it all",
                     "an older guy keeps giving me lifts and says i owe him"),
    "parent": ("My partner hits me when he has been drinking and I am scared for the kids.",
               "I can't cope any more and I'm frightened I will hurt myself."),
    "child": ("my stepdad hits me", "I don't feel safe going home", "I want to hurt myself",
              "someone at home hurts me"),
}


def _themed(rng: random.Random, bank: Mapping[tuple[str, bool | None], tuple[str, ...]],
            outlook: Mapping[str, bool], slots: Mapping[str, Slot], count: int) -> list[str]:
    """Up to `count` phrases whose tone matches the outlook, from different themes."""
    keys = [k for k in bank if k[1] is None or outlook.get(k[0]) == k[1]]
    rng.shuffle(keys)
    phrases = [rng.choice(bank[k]) for k in keys]
    return [p for p in phrases if can_render(p, slots)][:count]


def _finish(rng: random.Random, phrases: list[str], extras: tuple[str, ...],
            slots: Mapping[str, Slot], sep: str, max_words: int) -> Fragment:
    """Join phrases, sometimes add a personal extra, and keep within max_words."""
    usable = [e for e in extras if can_render(e, slots)]
    if usable and rng.random() < 0.3:
        phrases = phrases + [rng.choice(usable)]
    fragments: list[Fragment] = []
    for phrase in phrases:
        fragment = render(rng, phrase, slots)
        if sum(f.words for f in fragments) + fragment.words > max_words:
            break
        fragments.append(fragment)
    return join(fragments, sep)


def free_text(rng: random.Random, audience: str, outlook: Mapping[str, bool],
              slots: Mapping[str, Slot], language: str = "en") -> Fragment:
    """One free-text answer for an audience: young_person, parent, child or younger_child."""
    if language in OTHER_LANGUAGES:
        bank = OTHER_LANGUAGES[language]["child" if "child" in audience else audience]
        return Fragment(rng.choice(bank))
    if audience == "young_person":
        phrases = _themed(rng, YOUNG_PERSON, outlook, slots, rng.randint(1, 3))
        return _finish(rng, phrases, YOUNG_PERSON_EXTRAS, slots, rng.choice((". ", ", ", " ")), 60)
    if audience == "parent":
        if rng.random() < 0.1:
            return Fragment(rng.choice(PARENT_NOTHING))
        phrases = _themed(rng, PARENT, outlook, slots, rng.randint(1, 2))
        return _finish(rng, phrases, PARENT_EXTRAS, slots, " ", 60)
    if rng.random() < 0.2:
        return Fragment(rng.choice(NOTHING_TO_ADD))
    bank = CHILD_YOUNGER if audience == "younger_child" else CHILD_OLDER
    phrases = [p for p in rng.sample(bank, 3) if can_render(p, slots)][:rng.randint(1, 2)]
    return _finish(rng, phrases, (), slots, rng.choice((". ", ", ", " and ")), 40)
