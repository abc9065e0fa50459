"""Case-note phrase templates for children (8-15) and for parents/carers of 3-5 year olds.

Keys are theme keys ("+"-joined when several). For parents, {first} is the parent and
{child} the child, with {csub}/{cobj}/{cpos} as the child's pronouns.
"""

# (title, template): the title is what a case-management system would show in a list.
CHILD_OPENERS = (
    ("Statutory visit", "(social_care) Statutory visit to {first} at {pos} {carer_rel}'s home "
     "in {town} on {date}; seen alone in {pos} bedroom."),
    ("School visit", "Saw {first} at school on {date} [in the library|in the SENCo's office|"
     "at lunchtime]."),
    ("Home visit", "Visited {first} at home in {town} on {date} with {pos} {carer_rel} {carer} "
     "present for the first part."),
    ("Direct work", "Took {first} to [McDonald's|the park|the bowling alley] in {town} on "
     "{date} so we could talk away from the house."),
    ("Early help visit", "(early_help) Early help visit to {first} and {pos} {carer_rel} "
     "{carer} on {date} at {address}."),
    ("Direct work", "Direct work session with {full} ({year}) on {date} at the Family Hub in "
     "{town}."),
)
CHILD_BODY: dict[str, tuple[str, ...]] = {
    "listened_to": (
        "(-) {first} said {sub} doesn't like it when meetings are about {obj} without {obj} there.",
        "{Sub} did the three houses with me and put {pos} [dog|{sibling_rel} {sibling}|nan] in "
        "the house of good things.",
        "{first} wants {pos} teacher to know [{sub} finds the classroom too loud|{sub} isn't "
        "being naughty on purpose].",
        "(+) {Sub} said {sub} likes being able to text {pos} worker instead of talking on the "
        "phone.",
        "(-) (social_care) {first} asked why {sub} has had [three|four] social workers and said "
        "'nobody stays'.",
    ),
    "relationships+family_circumstances": (
        "(care) Contact with {pos} mum is [supervised at the Family Centre|every other Saturday] "
        "and {first} said {sub} [looks forward to it|gets upset afterwards].",
        "(care) {first} misses {pos} {sibling_rel} {sibling}, who lives with a different carer.",
        "{Sub} said {pos} dad has [stopped ringing|promised to visit] and {sub} isn't sure what "
        "to believe.",
    ),
    "relationships": (
        "(-) {first} has fallen out with {friend} at school and said {sub} [eats lunch on {pos} "
        "own|sits in the library] now.",
        "(-) {Sub} is being [picked on|called names] in a group chat and has shown {pos} carer.",
        "(+) {first} has joined [a football team|cadets|a dance group] and made a friend called "
        "{friend}.",
    ),
    "safety": (
        "(+) {first} said {sub} feels safe at {carer_first}'s and knows who to tell if {sub} is "
        "worried.",
        "(-) {first} was reported missing for [one night|a few hours] last week; the return home "
        "interview was done.",
        "(-) {Sub} said older boys in {town} have been [giving {obj} vapes|asking {obj} to carry "
        "things]; discussed with the exploitation team.",
    ),
    "stability": (
        "(+) (care) {first} has been with {carer_first} for [eight months|two years|eighteen "
        "months] and it is going well.",
        "(-) (care) A move is being planned and {first} said {sub} 'doesn't want to change school "
        "again'.",
    ),
    "wellbeing": (
        "(+) {carer_first} said {first} has been [calmer|sleeping better|happier] since [the new "
        "routine|starting at the club].",
        "(-) {first} has been [struggling to sleep|having nightmares|very angry] and {pos} "
        "{carer_rel} is worried.",
        "{Sub} seemed [happy|quiet|chatty] and talked about [Minecraft|football|TikTok] a lot.",
    ),
    "wellbeing+services_waiting": (
        "{first} is on the CAMHS waiting list and has been for [six|ten] months.",
        "{first} is waiting for [an ADHD assessment|an autism assessment] and {pos} {carer_rel} "
        "feels 'nobody is doing anything'.",
    ),
    "education_training": (
        "{first} is in {year} and [likes|doesn't like] school; {pos} favourite subject is "
        "[art|PE|maths|science].",
        "{first} had a [fixed-term exclusion|two-day suspension] for [swearing at a teacher|a "
        "fight] and the school is doing a support plan.",
        "{Sub} has an EHCP and the SENCo is reviewing {pos} support in class.",
    ),
    "home_learning": (
        "{carer_first} reads with {first} most nights and {pos} reading has come on a lot.",
        "{first} doesn't have a quiet place for homework; {carer_first} will clear the box room.",
    ),
}

PARENT_OPENERS = (
    ("Home visit", "Home visit to {first} and {child} ({child_age}) at {address}, {town} on "
     "{date}."),
    ("Stay and Play", "{first} brought {child} to Stay and Play at the Family Hub in {town} on "
     "{date}."),
    ("Phone call", "Phone call with {first} on {date} about {child}'s [nursery place|speech|"
     "school place]."),
    ("Nursery visit", "Met {first} at {child}'s nursery in {town} on {date} with {child}'s key "
     "person."),
    ("Follow-up visit", "Follow-up visit with {full} on {date} after {child}'s [review with "
     "the health visitor|WellComm screen at nursery]."),
    ("Family Hub contact", "{first} [dropped into|rang] the Family Hub in {town} on {date} to "
     "ask about {child}."),
)
PARENT_BODY: dict[str, tuple[str, ...]] = {
    "speech_language": (
        "(+) {child} is chatting away in [short sentences|full sentences] and nursery have no "
        "worries about {cpos} talking.",
        "(+) {first} said {child} 'never stops talking' and is asking lots of why questions.",
        "(-) {child} is using [a few single words|two-word phrases|short sentences] and gets "
        "frustrated when {csub} isn't understood.",
        "(-) {first} said {child} 'understands everything but won't talk' at nursery.",
        "(-) Nursery have said {child} is hard to understand; we talked about the Talk Boost "
        "group.",
        "(-) {child} points and pulls {first} to what {csub} wants rather than using words.",
    ),
    "speech_language+services_waiting": (
        "{child} was referred to speech and language therapy [in January|in the spring|last "
        "summer] and {first} has heard nothing since.",
        "{child} is on the SALT waiting list; {first} was told it could be [six|nine|twelve] "
        "months.",
    ),
    "services_waiting+health_development": (
        "{child} is waiting for a [hearing test|paediatric appointment|dentist] and {first} has "
        "chased it twice.",
    ),
    "home_learning": (
        "We looked at sharing books at bedtime; {first} said there aren't many books at home so I "
        "gave {obj} two from the hub.",
        "{first} sings nursery rhymes with {child} in the car and {child} joins in with the "
        "actions.",
        "We talked about turning the TV off at mealtimes so {child} has more chances to talk.",
        "{first} said {sub} doesn't know how to play with {child} 'in the right way'; we did some "
        "play together.",
    ),
    "readiness_understanding": (
        "(+) {first} knew what Reception will expect and has been practising [coats and "
        "shoes|going to the toilet alone|sitting for a story] with {child}.",
        "(+) {first} has applied for {child}'s school place and has been to the [open "
        "morning|transition session].",
        "(-) {first} had not heard the phrase 'school readiness' before today.",
        "(-) {first} thinks {child} is ready for Reception because {csub} knows {cpos} colours, "
        "but nursery are more worried about {cpos} [toileting|independence|sitting for a story].",
        "We talked about what helps in Reception: [putting a coat on|going to the toilet "
        "alone|taking turns|opening a lunchbox].",
        "(-) {first} had not applied for a school place yet and didn't know about the 15 January "
        "deadline; we did it together.",
        "(-) {first} was surprised {child} will start school in September when {csub} has only "
        "just turned four.",
    ),
    "health_development": (
        "(+) {child} is toilet trained and sleeping through, and {first} has no health worries.",
        "(-) {child} is still in nappies in the day and {first} feels 'judged' by nursery.",
        "(-) {child} is a fussy eater and only eats [beige food|yoghurts|toast]; gave {first} the "
        "healthy eating leaflet.",
        "{child}'s immunisations are [up to date|behind] and {first} [has booked the|will book "
        "the] pre-school booster.",
        "(-) {child} wakes [two or three times|several times] a night and {first} is exhausted.",
    ),
    "family_circumstances": (
        "(single) {first} is bringing up {child} on {pos} own and has [no family nearby|little "
        "support].",
        "The family has moved into temporary accommodation in {town} after [an eviction|the "
        "landlord sold up].",
        "(partner) {Pos} {carer_rel} {carer_first} works nights so {first} does most of the care.",
        "{first} has started a new job and is using the funded childcare hours.",
    ),
    "family_circumstances+affordability": (
        "(-) Money is tight and {first} has applied for [free school meals|the Healthy Start "
        "card|a Household Support Fund voucher].",
    ),
    "listened_to": (
        "(+) {first} said it was the first time anyone had asked what {sub} thought about {child}.",
        "(-) {first} feels nursery 'talk at me, not with me' and wants to be part of the plan.",
    ),
    "wellbeing": (
        "(+) {first} said {sub} is feeling [more confident|better] since coming to the [parenting "
        "group|Family Hub].",
        "(-) {first} said {sub} has been feeling low since [the baby was born|the move]; we "
        "talked about perinatal mental health support.",
    ),
}
PARENT_CONTACT = (
    "{first}'s mobile is {phone}.",
    "{child}'s details checked: DOB {child_dob}, NHS number {child_nhs}.",
    "Referral form completed for {child} (DOB {child_dob}) at {address}, {postcode}.",
    "{first} asked for the leaflets to be emailed to {email}.",
    "{first} would prefer contact through {pos} {carer_rel} {carer} on {landline}.",
)
CHILD_CONTACT = (
    "{carer}'s number is {landline} if {first} needs a lift home.",
    "{first} (DOB {dob}) is registered with the GP in {town}, NHS number {nhs}.",
    "Address confirmed as {address}, {postcode}.",
)
CHILD_CLOSINGS = (
    "Next visit {next_date}.",
    "I will [ring the school|speak to {pos} {carer_rel}|chase CAMHS] and let {first} know by "
    "{next_date}.",
    "(social_care) Next statutory visit due by {next_date}.",
    "(social_care) Will review at the next [core group|child in care review] on {next_date}.",
    "(early_help) Will review at the next team around the family meeting on {next_date}.",
)
PARENT_CLOSINGS = (
    "Next visit {next_date}.",
    "I will [chase the SALT referral|speak to nursery|ring the health visitor] and let {first} "
    "know by {next_date}.",
    "{first} will come to Stay and Play again on {next_date}.",
    "Will review at the next team around the family meeting on {next_date}.",
)
