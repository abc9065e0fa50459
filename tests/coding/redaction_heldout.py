"""A held-out labelled set for the redaction benchmark: written for issue 5's benchmark after the
redactor's patterns, word lists and rules were settled, and never used to tune them.

bench/redaction.py reports recall on these separately from tests/coding/redaction_cases.py (on
which the redactor was tuned), so the figures show how it does on sentences it has not seen.
Keep it blind: when a miss here leads to a change in coding/redact, move the item into
redaction_cases.py and write a new held-out item in its place. That happened once: the first
run (14:12 UTC, 25 Nov 2026) found 10 of 12 addresses (0.833); the two streets without a suffix
("4 The Poplars", "Flat 6, 40 Kirkgate") led to a rule for them, and moved.

The conventions are those of redaction_cases.py: [[words|LABEL]] marks; a title and a
possessive 's stay outside a PERSON span; an ADDRESS is flat, house number and street (the
town stays); a DATE_OF_BIRTH is the date alone. Every value is invented: NHS numbers marked as
such pass the modulus-11 check, unmarked ten-digit numbers fail it, and phone numbers are in
Ofcom's ranges for drama.
"""

from coding.redact import LabelledCase, parse_marked

KERRY = ("Kerry-Ann Boateng", "Lorraine Boateng", "Neil Ashworth")
SUNNY = ("Sunny Malik", "Crystal Malik", "Ifeoma Nwosu")
DARCY = ("D'Arcy McAllister-Reid", "Shaun McAllister", "Bev Tranter")
MILES = ("Miles Ferreira", "Angel Ferreira", "Catrin Lloyd")
WILLOW = ("Willow Pearce", "Hunter Pearce", "Gurpreet Sandhu")
NONE: tuple[str, ...] = ()

HELD_OUT_MARKED: list[tuple[str, tuple[str, ...]]] = [
    # The case's own names, in the ways notes write them.
    ("[[Kerry-Ann|PERSON]] has started a level 2 childcare course.", KERRY),
    ("Rang [[Lorraine|PERSON]] to say [[Kerry-Ann|PERSON]] would be late home.", KERRY),
    ("[[Boateng|PERSON]] household: rent arrears now cleared.", KERRY),
    ("[[Kerry-Ann Boateng|PERSON]]'s Pathway Plan was updated with her.", KERRY),
    ("[[Neil|PERSON]] (PA) to follow up the bursary form.", KERRY),
    ("[[KERRY-ANN|PERSON]] SAID SHE WANTS TO STAY IN THE AREA.", KERRY),
    ("[[Sunny|PERSON]] said it was a sunny day so they walked to the park.", SUNNY),
    ("[[Crystal|PERSON]] and [[Sunny|PERSON]] argued about the phone bill.", SUNNY),
    ("[[Ifeoma|PERSON]] is covering for the usual social worker this month.", SUNNY),
    ("[[Malik|PERSON]] siblings to be placed together if possible.", SUNNY),
    ("[[sunny|PERSON]] texted to cancel, says hes got the flu", SUNNY),
    ("[[D'Arcy|PERSON]] wants her file to use her chosen name.", DARCY),
    ("[[McAllister-Reid|PERSON]] is the surname on the bank account.", DARCY),
    ("[[Shaun McAllister|PERSON]] is [[D'Arcy|PERSON]]'s father and has parental responsibility.", DARCY),
    ("[[Bev|PERSON]] from the Staying Put scheme dropped off the paperwork.", DARCY),
    ("[[Miles|PERSON]] cycled 12 miles to get to the interview.", MILES),
    ("[[Angel|PERSON]] says [[Miles|PERSON]] has been an angel with the baby.", MILES),
    ("[[Catrin Lloyd|PERSON]] will chair the next review.", MILES),
    ("[[Ferreira|PERSON]] family have asked for an interpreter for the review.", MILES),
    ("[[Willow|PERSON]] sat under the willow tree and talked about her mum.", WILLOW),
    ("[[Hunter|PERSON]] has applied for a job as a kitchen porter.", WILLOW),
    ("[[Gurpreet|PERSON]] is the IRO for both children.", WILLOW),
    ("[[Willow Pearce|PERSON]] and [[Hunter|PERSON]] are brother and sister.", WILLOW),
    ("[[Pearce|PERSON]] children: contact plan reviewed.", WILLOW),
    # Names without a case file.
    ("Mr [[Abiodun|PERSON]] from the refugee charity attended.", NONE),
    ("Mrs [[Tranter|PERSON]] has offered respite care at weekends.", NONE),
    ("Dr [[Fiona McLeod|PERSON]] wrote to say the assessment is booked.", NONE),
    ("[[Caitlin|PERSON]] is doing well at the sixth form.", NONE),
    ("[[Ryan Fletcher|PERSON]] missed the drop-in again.", NONE),
    ("Spoke to [[Ibrahim|PERSON]] about his asylum appeal.", NONE),
    ("[[Courtney|PERSON]] has a new boyfriend, [[Lewis|PERSON]], who is 24.", NONE),
    ("Her key worker [[Paula|PERSON]] has left the hostel.", NONE),
    ("[[Nathaniel Osei|PERSON]] is on the waiting list for a flat.", NONE),
    ("[[Yusuf|PERSON]] and his cousin [[Bilal|PERSON]] share a room.", NONE),
    ("The foster carer, Ms [[Achterberg|PERSON]], asked for a break.", NONE),
    ("[[Mary-Jane|PERSON]] said she is not sleeping well.", NONE),
    ("[[Conor O'Connor|PERSON]] came with his advocate.", NONE),
    ("Visited [[Demi|PERSON]] at the mother and baby unit.", NONE),
    ("[[Aleksandra|PERSON]] wants to study nursing in Leeds.", NONE),
    ("Her sister [[Tia|PERSON]] collected her from the station.", NONE),
    ("Mrs [[Okonkwo-Bell|PERSON]] is the kinship carer for both girls.", NONE),
    ("[[Rhiannon|PERSON]]'s GP has changed her medication.", NONE),
    ("I met [[Tomasz|PERSON]] outside college; he was upset about his grades.", NONE),
    ("[[Levi|PERSON]] asked whether his brother [[Jenson|PERSON]] could visit.", NONE),
    ("Phone call from [[Keeley Dunn|PERSON]], the tenancy support officer.", NONE),
    ("[[Esme|PERSON]] is 18 next week and is anxious about leaving care.", NONE),
    ("PA [[Gareth|PERSON]] will take [[Zara|PERSON]] to the bank.", NONE),
    ("[[Harrison|PERSON]] told me he has been sofa surfing.", NONE),
    ("[[Marcel|PERSON]]'s probation officer, [[Jan Kowalczyk|PERSON]], called.", NONE),
    ("Discussed with [[Amina Yusuf|PERSON]] and her mum.", NONE),
    # NHS numbers; ten digits that fail the check stay.
    ("NHS no [[463 952 0034|NHS_NUMBER]] on the GP letter.", NONE),
    ("[[5715219345|NHS_NUMBER]] is the number on her hospital letter.", NONE),
    ("The referral quoted NHS number [[674-782-7279|NHS_NUMBER]].", NONE),
    ("Checked NHS [[455 102 7367|NHS_NUMBER]] with the practice.", NONE),
    ("His NHS number ([[6988003495|NHS_NUMBER]]) was wrong on the form.", NONE),
    ("The form had 463 952 0037 written on it, which is not a valid NHS number.", NONE),
    ("Reference 5715219348 for the council tax query.", NONE),
    ("Account 6747827272 was closed by the bank.", NONE),
    # National Insurance numbers; ones HMRC never issues stay.
    ("NI number [[PX 48 20 19 D|NI_NUMBER]] has been confirmed by DWP.", NONE),
    ("National Insurance: [[WL738802B|NI_NUMBER]]", NONE),
    ("His NINO is [[ey 39 28 17 b|NI_NUMBER]].", NONE),
    ("Applied for Universal Credit using NI [[ZR 11 45 90 A|NI_NUMBER]].", NONE),
    ("Payslip shows NI no. [[HY602177C|NI_NUMBER]].", NONE),
    ("The example on the form, QQ 12 34 56 C, is not a real number.", NONE),
    # Postcodes, with and without the space.
    ("New flat is in [[M14 5RB|POSTCODE]].", NONE),
    ("Taxi booked to [[DN43PJ|POSTCODE]] for 9am.", NONE),
    ("Her old address was in [[hu5 3lp|POSTCODE]].", NONE),
    ("The hostel postcode is [[OL11 3AZ|POSTCODE]].", NONE),
    ("Moved to Preston, [[PR1 8YT|POSTCODE]], last week.", NONE),
    ("Sat nav said [[EH104BF|POSTCODE]] but the flat was round the corner.", NONE),
    # Phone numbers.
    ("Her new number is [[07700900456|PHONE]].", NONE),
    ("Call [[+44 (0)7700 900789|PHONE]] if no answer on the landline.", NONE),
    ("Office: [[0161 496 0321|PHONE]].", NONE),
    ("The nursery number is [[020 7946 0123|PHONE]].", NONE),
    ("Contact mum on [[(0113) 496 0555|PHONE]] after 5pm.", NONE),
    ("Texted from [[+447700900111|PHONE]], which is a new number.", NONE),
    ("Grandad's landline [[0191 498 0762|PHONE]] is the best way to reach him.", NONE),
    # Email addresses.
    ("Send the letter to [[k.osei92@example.co.uk|EMAIL]].", NONE),
    ("Her email is [[DANNI_B@EXAMPLE.COM|EMAIL]] in capitals on the form.", NONE),
    ("Mum's email is [[lorraine.t@example.org|EMAIL]].", KERRY),
    ("Emailed [[pa.team+leeds@example.gov.uk|EMAIL]] with the update.", NONE),
    # Dates of birth; other dates stay.
    ("DOB [[12/03/2008|DATE_OF_BIRTH]]", NONE),
    ("She was born on [[2nd May 2007|DATE_OF_BIRTH]] in Huddersfield.", NONE),
    ("d.o.b. [[01-09-2006|DATE_OF_BIRTH]], lives alone.", NONE),
    ("Her date of birth is [[7 June 2008|DATE_OF_BIRTH]].", NONE),
    ("Born [[23.11.2005|DATE_OF_BIRTH]] (age 19).", NONE),
    ("[[14 February 2007|DATE_OF_BIRTH]] (DOB) is on the passport.", NONE),
    ("The review is on 12/03/2025 at the Family Hub.", NONE),
    ("She started the job on 2nd May and likes it.", NONE),
    ("Court hearing listed for 7 June 2025.", NONE),
    # Street addresses.
    ("He gave his new address as [[3 Millbrook|ADDRESS]] in Batley.", NONE),
    ("Visited [[flat 2, 31 Oxford Road|ADDRESS]].", NONE),
    ("The new tenancy is [[14 St Mary's Road|ADDRESS]].", NONE),
    ("Post to [[7a Victoria Street|ADDRESS]] please.", NONE),
    ("Address: [[12 Kingsmead Avenue|ADDRESS]], Halifax [[HX1 2QP|POSTCODE]]", NONE),
    ("He is staying at [[Flat 11, Beech House, 3 Moor Lane|ADDRESS]].", NONE),
    ("Her nan's house at [[56 Cross Green Crescent|ADDRESS]] has a spare room.", NONE),
    ("Keys collected for [[Apartment 3, 9 Dock Street|ADDRESS]].", NONE),
    ("Met at [[21 Tanners Row|ADDRESS]] because the office was shut.", NONE),
    ("The 4 Seasons cafe is where they meet on Fridays.", NONE),
    ("She has 2 Saturday shifts at the supermarket.", NONE),
    # Roles, services, places and ordinary words that stay.
    ("The personal adviser rang the Leaving Care Team in Doncaster.", NONE),
    ("The social worker and the foster carer attended the LAC review.", NONE),
    ("CAMHS have offered an appointment at the Family Hub.", NONE),
    ("He gets the bus to Wakefield College three times a week.", NONE),
    ("The bill for the electric has gone up again.", NONE),
    ("Grace, the housing officer said, would be given for one more month.", NONE),
    ("It was a sunny afternoon and we went for a walk.", NONE),
    ("The hunter green jacket was a present from her carer.", NONE),
    ("Mark on the calendar when the payment comes in.", NONE),
    ("Barnardo's and the NSPCC both offer support groups.", NONE),
    ("The Youth Justice Service is working with him.", NONE),
    ("April is when the new tenancy starts.", NONE),
    # Mixed notes.
    ("[[Kerry-Ann|PERSON]], DOB [[30/04/2007|DATE_OF_BIRTH]], NHS [[694 104 0343|NHS_NUMBER]], now at [[9 Orchard Close|ADDRESS]], [[S63 7DD|POSTCODE]].", KERRY),
    ("[[Sunny|PERSON]]'s mobile is [[07700 900 654|PHONE]] and email [[sunny.m@example.com|EMAIL]].", SUNNY),
    ("[[D'Arcy|PERSON]] gave NI [[JP 20 45 11 C|NI_NUMBER]] for the job at the garden centre.", DARCY),
    ("Home visit to [[Miles|PERSON]] at [[Room 2, 15 Clarendon Place|ADDRESS]], [[WF1 1HX|POSTCODE]]; [[Angel|PERSON]] was there.", MILES),
    ("[[Hunter|PERSON]] (born [[19/08/2006|DATE_OF_BIRTH]]) asked [[Gurpreet|PERSON]] for a copy of his plan.", WILLOW),
    ("Mrs [[Ahmadi|PERSON]] rang from [[0116 496 0877|PHONE]] about [[Parisa|PERSON]]'s school place.", NONE),
    ("[[Callum Reid|PERSON]], NHS [[636 811 0732|NHS_NUMBER]], [[LS9 8AB|POSTCODE]], has moved out of county.", NONE),
    ("Letter to [[Jodie|PERSON]] at [[23 Brunswick Terrace|ADDRESS]] returned unopened.", NONE),
]

HELD_OUT: list[LabelledCase] = [parse_marked(marked, names) for marked, names in HELD_OUT_MARKED]
