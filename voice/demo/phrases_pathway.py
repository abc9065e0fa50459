"""Pathway Plan phrase templates: a header, then sections of "What X told me / What we agreed".

Each section maps theme keys ("+"-joined when several) to what the young person said and to
what was agreed. See compose.py for the template syntax and notes.py for the slots.
"""

HEADERS = (
    "Pathway Plan review for {full} (DOB {dob}), held at [the office in {town}|{pos} "
    "{home_kind}|a café in {town} {sub} chose] on {date}. Personal adviser: {worker}.",
    "Pathway Plan review, {date}. Young person: {full}. Present: {first} and {worker} (personal "
    "adviser)[ with {pos} {carer_rel} {carer}|].",
    "Pathway Plan ({age_group}) reviewed with {first} on {date} in {town}.",
    "Six-monthly Pathway Plan review with {full} on {date}; written with {first} and agreed by "
    "{obj}.",
)

TOLD: dict[str, dict[str, tuple[str, ...]]] = {
    "Accommodation": {
        "safety": (
            "(-) {Sub} doesn't feel safe at the {home_kind} because of [people coming and "
            "going|fights downstairs|a man who keeps knocking].",
            "(+) {Sub} feels safe where {sub} is and wants to stay.",
        ),
        "stability": (
            "(-) {Sub} has had [three|four] moves this year and wants somewhere {sub} can stay.",
            "(+) {Sub} is settled and feels like the {home_kind} is home now.",
        ),
        "home_condition": (
            "(-) The [bedroom|bathroom] has damp and mould and {pos} clothes smell of it.",
            "(-) The heating doesn't work properly and the flat is freezing at night.",
            "(+) The {home_kind} is warm and in good repair.",
        ),
        "neighbourhood": (
            "{Sub} likes living in {town} but doesn't go out after dark.",
            "(-) The neighbours play loud music and {sub} can't sleep before college.",
            "(+) {Sub} likes {pos} neighbours and feels part of the street.",
        ),
    },
    "Education, training and employment": {
        "education_training": (
            "{Sub} is enjoying {pos} course at {college} and wants to do Level 3 next.",
            "{Sub} left college in [November|the spring] because {sub} was 'too stressed' and "
            "wants to try again in September.",
            "{Sub} wants an apprenticeship in [plumbing|hairdressing|IT|childcare] but doesn't "
            "know where to start.",
            "{Sub} has a job at [a warehouse|a café|a care home] but the hours change every week.",
        ),
    },
    "Health and wellbeing": {
        "wellbeing": (
            "(-) {Sub} has been feeling [low|anxious|on edge] and isn't sleeping well.",
            "(+) {Sub} feels better since starting [the gym|a new job|medication from the GP].",
        ),
        "wellbeing+services_waiting": (
            "{Sub} is still waiting to hear from [the mental health team|talking therapies] and "
            "feels 'forgotten about'.",
            "{Sub} has been referred to the GP surgery's mental health worker but has no date "
            "yet.",
        ),
    },
    "Money": {
        "affordability": (
            "(-) {Sub} runs out of money about a week before {pos} Universal Credit comes in.",
            "(-) {Sub} is worried about a £{money} [council tax|electric|water] bill.",
            "(-) {Sub} has had to use the food bank [twice|a few times] since the last review.",
            "(+) {Sub} is managing {pos} money better and hasn't needed the food bank since [the "
            "summer|Christmas].",
        ),
        "life_skills": (
            "{Sub} is getting better at budgeting and now does a weekly shop with a list.",
            "{Sub} doesn't really understand {pos} bills and finds the letters confusing.",
        ),
    },
    "Relationships": {
        "relationships": (
            "(+) {Sub} sees {pos} {sibling_rel} {sibling} every [week|fortnight] and it means a "
            "lot.",
            "(-) {Sub} feels lonely since moving and misses {friend}.",
            "(+) {Sub} is still close to {pos} {carer_rel} {carer_first}.",
        ),
        "family_circumstances": (
            "Things with {pos} mum are [up and down|better] and {sub} is seeing her again.",
        ),
        "listened_to": (
            "(-) {Sub} wants to be asked before decisions are made about {obj}, not told after.",
            "(+) {Sub} feels {pos} PA listens and 'actually does what they say'.",
        ),
    },
}

AGREED: dict[str, dict[str, tuple[str, ...]]] = {
    "Accommodation": {
        "safety": ("(-) I will ask housing for a lock change and {first} will log any knocks at "
                   "the door.",
                   "(-) We will look at a move to [supported lodgings|a different block] if {sub} "
                   "still feels unsafe by {next_date}.",
                   "(+) No change needed; {first} will tell me if anything changes."),
        "stability": ("(-) {first} will keep bidding weekly and I will support the housing "
                      "application.",
                      "(+) {Sub} can stay where {sub} is; we will review in six months."),
        "home_condition": ("(-) I will report the [damp|heating] to the landlord in writing and "
                           "chase it by {next_date}.",
                           "(+) No repairs needed; {first} knows how to report one."),
    },
    "Education, training and employment": {
        "education_training": (
            "I will introduce {first} to the [careers adviser|apprenticeship team|college support "
            "officer] before {next_date}.",
            "{first} will apply for the care leaver bursary with my help.",
        ),
    },
    "Health and wellbeing": {
        "wellbeing": ("{first} will book a GP appointment and I will go with {obj} if {sub} "
                      "wants.",),
        "wellbeing+services_waiting": ("I will chase the [mental health|talking therapies] "
                                       "referral and tell {first} what I find out.",),
    },
    "Money": {
        "affordability": ("(-) I will apply for the Household Support Fund and check {first} is "
                          "getting the council tax exemption.",
                          "(-) We will sort a payment plan for the arrears together on "
                          "{next_date}.",
                          "(+) {first} will keep to {pos} budget and ask me if anything changes."),
        "life_skills": ("{first} will use the budgeting app for a month and we will look at "
                        "it together.",),
    },
    "Relationships": {
        "relationships": ("I will look into travel costs so {first} can see {pos} "
                          "{sibling_rel}.",
                          "{first} will try the care leavers' group on Thursdays to meet people."),
        "listened_to": ("{first} will chair the next review [and choose who comes|at a place "
                        "{sub} picks].",),
    },
}
