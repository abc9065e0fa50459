"""Name pools for fake people, by broad naming tradition, and the ethnicity mix per authority.

Pools are broad on purpose: they make a plausible mix of names in each authority, not a
claim about any one family. Ethnicity uses DfE's harmonised major groups.
"""

import random

WHITE = "White"
MIXED = "Mixed or Multiple ethnic groups"
ASIAN = "Asian or Asian British"
BLACK = "Black, Black British, Caribbean or African"
OTHER = "Other ethnic group"
ETHNICITIES: tuple[str, ...] = (WHITE, MIXED, ASIAN, BLACK, OTHER)

# Weights per authority, roughly the shape of the local child population.
ETHNICITY_WEIGHTS: dict[str, tuple[float, ...]] = {
    "850": (0.86, 0.05, 0.05, 0.02, 0.02),
    "815": (0.92, 0.03, 0.02, 0.01, 0.02),
    "353": (0.62, 0.05, 0.27, 0.04, 0.02),
    "354": (0.65, 0.05, 0.23, 0.04, 0.03),
}
# Care leavers include more Mixed, Black and (via unaccompanied asylum seekers) Other.
CARE_LEAVER_BOOST = (1.0, 1.6, 0.9, 1.5, 3.5)

# Young people's names, then adults' names, by sex: F then M.
_YOUNG = {
    "british": ("Jade Chloe Megan Ellie Amber Courtney Lauren Holly Paige Shannon Emily Sophie "
                "Keeley Ruby Freya Mia Poppy Isla Lily Evie Grace Kayleigh Leah Summer Tia "
                "Caitlin Bethany Lily-Mae Ellie-May Darcey Skye",
                "Callum Kyle Connor Liam Jack Harry Ryan Jordan Lewis Tyler Kieran Reece Jake "
                "Owen Ethan Alfie Charlie Oliver Noah Leo Archie Mason Riley Dylan Rhys "
                "Brandon Josh Alfie-James Tommy-Lee Kai"),
    "irish": ("Niamh Siobhan Aoife Ciara Orla Saoirse", "Cian Sean Declan Oisin Ronan Conor"),
    "polish": ("Zofia Maja Natalia Wiktoria Julia Oliwia", "Kacper Jakub Szymon Mateusz Filip"),
    "south_asian": ("Aisha Amina Zara Hafsa Maryam Fatima Sana Iqra Nusrat Tasnim Priya "
                    "Anjali Simran Ayesha Hira Safa",
                    "Mohammed Ibrahim Yusuf Zain Hamza Bilal Ayaan Rayyan Arjun Rohan Imran "
                    "Adil Rahim Sahil Haris Zayan"),
    "african_caribbean": ("Abena Chiamaka Adaeze Tiana Shanice Kezia Nia Imani Amara "
                          "Blessing Precious Favour Jada",
                          "Kwame Tobi Chidi Emeka Kofi Jamal Tyrone Malachi Kayden Samuel "
                          "Joel Ayo Femi Jayden"),
    "other": ("Leila Yasmin Nour Huda Selam Rahel Dilan Mariam",
              "Ahmad Omar Mustafa Abdullah Karwan Dawit Yonas Samir Hassan Elias Reza"),
}
_ADULT_FIRST = (
    "Sarah Karen Helen Joanne Nicola Claire Rachel Lisa Michelle Amanda Kirsty Gemma Jo "
    "Nasreen Shazia Funmi Agnieszka Bernadette Pauline Sharon Tracey Donna Yvonne Ruth "
    "Samina Grace Emma Hannah",
    "Dave Steve Mark Paul Gareth Andy Imran Tariq Tom Graham Darren Wayne Neil Kevin Asif "
    "Chris Gavin Rob Marek Kwabena Ian Stuart",
)
_SURNAMES = {
    "british": ("Smith Jones Taylor Brown Wilson Walker Robinson Wright Thompson Hughes "
                "Green Hall Wood Harrison Clarke Jackson Turner Hill Moore Ward Baxter "
                "Holden Ashworth Greenwood Butterworth Whittaker Kershaw Barlow Fletcher "
                "Pickles Sutcliffe Davies Evans Price Pritchard Lloyd Dawson Heywood"),
    "irish": "O'Neill O'Brien O'Connor O'Sullivan McCarthy Murphy Doyle Gallagher Kelly Byrne",
    "polish": "Nowak Wójcik Kowalczyk Mazur Krawczyk Zając Król",
    "south_asian": ("Khan Hussain Ali Ahmed Iqbal Rahman Akhtar Mahmood Shah Patel "
                    "Chowdhury Miah Uddin Islam Sharma Bibi D'Souza"),
    "african_caribbean": ("Okafor Adeyemi Mensah Boateng Osei Campbell Williams Francis "
                          "Clarke Asante Eze Nwosu Bailey Grant Thomas"),
    "other": "Haidari Ahmadi Karimi Tesfaye Abdi Mohamed Osman Rasul Kareem Mehari Haile",
}
# Which naming traditions each ethnicity draws on, with weights.
_TRADITIONS: dict[str, tuple[tuple[str, float], ...]] = {
    WHITE: (("british", 0.84), ("irish", 0.09), ("polish", 0.07)),
    MIXED: (("british", 0.5), ("african_caribbean", 0.35), ("south_asian", 0.15)),
    ASIAN: (("south_asian", 1.0),),
    BLACK: (("african_caribbean", 1.0),),
    OTHER: (("other", 0.8), ("polish", 0.2)),
}


def _pick_tradition(rng: random.Random, ethnicity: str) -> str:
    """One naming tradition for this ethnicity."""
    names, weights = zip(*_TRADITIONS[ethnicity])
    return rng.choices(names, weights)[0]


def surname(rng: random.Random, tradition: str = "british") -> str:
    """A surname, hyphenated now and then (Smith-Jones) as in many UK families."""
    pool = _SURNAMES[tradition].split()
    if rng.random() < 0.06:
        other = rng.choice(_SURNAMES["british"].split())
        return f"{rng.choice(pool)}-{other}" if other not in pool else rng.choice(pool)
    return rng.choice(pool)


def young_name(rng: random.Random, sex: str, ethnicity: str) -> tuple[str, str]:
    """A child's or young adult's first name and surname."""
    first_tradition = _pick_tradition(rng, ethnicity)
    # Mixed heritage often means the surname comes from a different tradition.
    last_tradition = _pick_tradition(rng, ethnicity) if ethnicity == MIXED else first_tradition
    pool = _YOUNG[first_tradition][0 if sex == "Female" else 1].split()
    return rng.choice(pool), surname(rng, last_tradition)


def adult_name(rng: random.Random, sex: str | None = None) -> tuple[str, str]:
    """An adult's first name and surname (workers, carers, parents)."""
    sex = sex or rng.choice(("Female", "Female", "Male"))
    pool = _ADULT_FIRST[0 if sex == "Female" else 1].split()
    tradition = rng.choices(list(_SURNAMES), (0.7, 0.08, 0.04, 0.1, 0.06, 0.02))[0]
    return rng.choice(pool), surname(rng, tradition)


def ethnicity_for(rng: random.Random, old_la_code: str, care_leaver: bool) -> str:
    """An ethnicity drawn from the authority's mix, shifted for care leavers."""
    weights = ETHNICITY_WEIGHTS[old_la_code]
    if care_leaver:
        weights = tuple(w * b for w, b in zip(weights, CARE_LEAVER_BOOST))
    return rng.choices(ETHNICITIES, weights)[0]


def is_polish_name(first_name: str) -> bool:
    """True for first names from the Polish pool (used to offer the survey in Polish)."""
    return any(first_name in pool.split() for pool in _YOUNG["polish"])
