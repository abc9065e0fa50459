"""Case-note phrase templates for care leavers, written as a personal adviser would.

Keys are theme keys (joined with "+" when a sentence evidences more than one). See
compose.py for the `[a|b]` and `{slot}` syntax; notes.py lists the slots available.
"""

# (title, template): the title is what a case-management system would show in a list.
OPENERS_VISIT = (
    ("Home visit", "[Visited|Saw|Called in on] {first} at {pos} {home_kind} in {town} on {date}."),
    ("Home visit", "Planned visit to {first} at {address}, {town} {postcode} on {date}."),
    ("Home visit", "Home visit to {full} on {date}; {sub} [was in|had just got up|was "
     "expecting me]."),
    ("Unannounced visit", "Unannounced visit to {first} at {pos} {home_kind} on {date} after "
     "[the landlord|{pos} key worker|a neighbour] raised [concerns|a worry about visitors]."),
    ("Joint visit", "Joint visit with {pos} {carer_rel} {carer} to see {first} at the "
     "{home_kind} on {date}."),
    ("Transport and catch-up", "Drove {first} to [a GP appointment|the housing office|college|"
     "the bank] in {town} on {date} and used the journey to catch up."),
    ("Meeting in the community", "Took {first} for [a coffee|breakfast|lunch] in {town} on "
     "{date} as {sub} [didn't want to meet at the flat|prefers to talk away from home]; {sub} "
     "chose the place."),
    ("Statutory visit", "Saw {full} at {pos} {home_kind} on {date} for {pos} [monthly|"
     "six-weekly] visit."),
)
OPENERS_REMOTE = (
    ("Phone call", "[Phone call|Video call|WhatsApp call] with {first} on {date} as [arranged|"
     "{sub} had missed the last visit|{sub} asked for a catch-up]."),
    ("Contact from young person", "{first} [rang|texted] me on {date} from a new number "
     "({phone}) asking me to call back."),
    ("Office visit", "{first} came into the office in {town} on {date} [as arranged|without "
     "an appointment]."),
    ("Jobcentre appointment", "Met {full} at the Jobcentre in {town} on {date} to support "
     "{obj} at {pos} work coach appointment."),
    ("Drop-in", "Catch-up with {first} at the care leavers' drop-in in {town} on {date}."),
    ("Phone call", "Tried to call {first} on {date}; no answer, so sent a text to {phone} "
     "and {sub} rang back [an hour later|that evening]."),
)

BODY: dict[str, tuple[str, ...]] = {
    "safety": (
        "(-) {first} said {sub} [doesn't always feel safe|feels on edge] at the {home_kind} "
        "because [people knock on the door late at night|the front door lock is broken|a previous "
        "tenant still has a key].",
        "(+) {Sub} told me {sub} feels [a lot safer|safer] since the [new lock was fitted|door "
        "entry system was fixed|CCTV went up in the entrance].",
        "(-) {Sub} said {sub} sleeps with the light on and [a chair against the door|the TV on] "
        "because of noises in the corridor.",
        "(+) {Sub} said {sub} [feels safe|is settled and feels safe] where {sub} is and didn't "
        "want to talk about moving.",
    ),
    "safety+neighbourhood": (
        "(-) {first} said an older man has been hanging around outside the building and {sub} "
        "[thinks he is dealing|is worried he is involved in county lines].",
        "(-) {Sub} said {sub} was followed home from the bus stop in {town} [last week|on Friday] "
        "and has reported it to the police.",
    ),
    "safety+relationships": (
        "(-) We talked about who {sub} lets into the flat; {sub} agreed not to have {partner} "
        "round [after the last argument|while things are difficult].",
        "(-) {first} said {pos} ex, {partner}, keeps turning up at the {home_kind} and {sub} "
        "[feels scared|doesn't know what to do]; we made a safety plan.",
    ),
    "stability": (
        "(-) {first} has moved [twice|three times|four times] in the last [six months|year] and "
        "said {sub} is fed up of 'living out of bags'.",
        "(+) {Sub} said {sub} finally feels settled and has started [unpacking properly|putting "
        "photos up|decorating {pos} room].",
        "(-) The [tenancy|licence] at the {home_kind} ends on {next_date}; {first} is anxious "
        "about where {sub} will go next and I have chased the housing team.",
        "(-) {first} is on the housing register and has been bidding on [one-bed flats|studio "
        "flats|properties] in {town} every week without success.",
        "{Sub} wants to stay in {town} to be near {pos} [college|friends|{sibling_rel} {sibling}] "
        "rather than move [out of area|across the county].",
        "(-) {Sub} said {sub} 'just wants somewhere to call home' and is tired of temporary "
        "places.",
    ),
    "home_condition": (
        "(+) The {home_kind} was warm and [clean|homely] and {first} showed me the [new "
        "sofa|plants|photos] {sub} has [bought|put up].",
        "(-) There is black mould on the [bedroom wall|bathroom ceiling|window frames] and "
        "{first} has [been coughing a lot|had two chest infections]; I have reported it to the "
        "landlord.",
        "(-) The boiler [broke again|has not worked for two weeks] so {first} has had no hot "
        "water; [a repair is booked|I escalated it to the housing association].",
        "The flat was [clean and tidy|cold but tidy|cluttered, with washing drying on every "
        "radiator] when I visited.",
        "(-) {first} still has no [curtains|bed frame|cooker|fridge|washing machine] and we "
        "applied to the Setting Up Home Allowance for one.",
        "(-) Damp in the [kitchen|bedroom|bathroom] is getting worse and {first} keeps the "
        "heating off to save money, which is not helping.",
    ),
    "neighbourhood": (
        "(+) {Sub} said the lady next door is friendly and takes parcels in for {obj}.",
        "(-) {first} said {pos} neighbours are [noisy until the early hours|always arguing] and "
        "{sub} [can't sleep|is tired all the time].",
        "(-) {Sub} doesn't like walking back in the dark as the [alleyway|park] by the flat [has "
        "no lights|is where people gather to drink].",
        "(+) {Sub} likes the area and said {town} feels 'calmer than where I was before'.",
        "(-) There has been anti-social behaviour on the [estate|street] and {first} has been "
        "keeping {pos} curtains shut.",
    ),
    "affordability": (
        "(+) {first} has paid off {pos} [council tax arrears|phone debt] and said {sub} feels "
        "'less stressed about money'.",
        "(+) {Sub} is keeping on top of {pos} bills and has [a bit left over|some money left] at "
        "the end of the month.",
        "(-) {first}'s Universal Credit [was sanctioned|has been cut] after {sub} missed a work "
        "coach appointment, leaving {obj} £{money} for the month.",
        "(-) {Sub} is £{money} behind on [council tax|gas and electric|rent|water] and has had a "
        "[letter|final reminder] about it.",
        "(-) Applied for a [food bank voucher|Household Support Fund grant|hardship payment] as "
        "{first} had run out of money [before payday|a week early].",
        "(-) {Sub} said the electric key meter ran out [twice|over the weekend] and {sub} sat in "
        "the dark [until Monday|for two days].",
        "(-) {first} has a [catalogue debt|phone contract debt|payday loan] of about £{money} and "
        "agreed to see the debt advice worker.",
    ),
    "affordability+life_skills": (
        "(-) We went through {pos} [bills|bank statements] together; a lot is going on "
        "[takeaways|vapes|taxis|mobile games].",
        "(+) We set up a [direct debit|standing order] for {pos} rent and {first} now checks "
        "{pos} banking app weekly.",
    ),
    "life_skills": (
        "We practised [budgeting|meal planning|reading the meter] with the money skills worksheet.",
        "{first} cooked [pasta bake|a curry|spag bol|jollof rice] for us both, which {sub} learnt "
        "at the independence skills group.",
        "{Sub} now does {pos} own [food shop|washing|online banking] and said {sub} is 'proud of "
        "sorting it'.",
    ),
    "education_training": (
        "{first} has [started|been accepted on] a [Level 2 Health and Social Care|Level 1 "
        "Construction|Level 3 Childcare|motor vehicle|hair and beauty|ESOL] course at {college}.",
        "{Sub} has been NEET since [leaving college|Christmas|the summer] and said {sub} [wants a "
        "job|isn't ready to think about work yet].",
        "{first} has an interview for an apprenticeship with [a local garage|a care home|the "
        "council|a building firm] on {next_date}.",
        "{Sub} is working [part-time|16 hours a week|weekends] at [a supermarket|a warehouse|a "
        "café|a pub] in {town} and [enjoys it|finds the shifts hard].",
        "Discussed the care leaver bursary; {first} is thinking about [university|an Access "
        "course|a Level 3] next year.",
        "{first}'s attendance at {college} has dropped [to 60%|this term] and {pos} tutor has "
        "been in touch.",
    ),
    "wellbeing": (
        "(+) {first} said {sub} has been [sleeping better|going to the gym|getting out more] and "
        "seemed [brighter|more relaxed] today.",
        "(-) {first} said {pos} anxiety has been [really bad|worse lately] and {sub} hasn't been "
        "[sleeping|eating properly|going out much].",
        "{first} saw the GP in {town} who [increased {pos} sertraline|referred {obj} to talking "
        "therapies|gave {obj} a fit note for two weeks].",
        "{Sub} seemed [brighter|low|tired|more like {obj}self] today and said things are "
        "'[ok|alright|a bit rubbish|better than last month]'.",
        "We talked about {pos} [drinking|cannabis use|sleep]; {sub} agreed to meet the young "
        "people's drug and alcohol worker.",
    ),
    "wellbeing+services_waiting": (
        "(under_18) {Sub} has been on the CAMHS waiting list for [four|seven|nine] months; I have "
        "asked about the move to adult mental health services.",
        "(adult) {Sub} has waited [five|eight|eleven] months for the community mental health "
        "team and has been told there is still no date.",
        "{first} is still waiting for [an ADHD assessment|a talking therapies appointment|a "
        "dentist taking NHS patients] and said 'nobody ever rings back'.",
    ),
    "relationships": (
        "(+) {first} has had more contact with {pos} [mum|dad|nan|{sibling_rel} {sibling}] and "
        "[visits most weekends|they meet up every few weeks].",
        "{Sub} is seeing someone new called {partner} and said they are 'really supportive'.",
        "(-) {first} said {sub} [doesn't have many friends|feels lonely] in {town} since moving "
        "and misses {friend} from school.",
        "(+) {first} still [keeps in touch with|pops round to see] {pos} {carer_rel} "
        "{carer_first} most [weeks|Sundays].",
    ),
    "relationships+family_circumstances": (
        "(-) (apart) Contact with {pos} birth family has broken down again after [a row at "
        "Christmas|an argument about money|{pos} mum's new partner moved in].",
        "(-) {first}'s {sibling_rel} {sibling} has gone into care and {first} is worried about "
        "[{sib_obj}|seeing {sib_obj}]; I will ask the social worker about contact.",
    ),
    "family_circumstances": (
        "{first} told me {sub} is {expecting} and we talked about what support there is.",
        "{first}'s mum is [unwell|in hospital] and {sub} has been travelling to see her, which is "
        "costing a lot in bus fares.",
    ),
    "listened_to": (
        "(-) {first} said {sub} is fed up of 'telling my story to every new worker'.",
        "(+) {Sub} said {sub} felt listened to at {pos} last review because [{sub} chose where it "
        "happened|it was about what {sub} wanted].",
        "(-) {first} asked for it to be recorded that {sub} disagrees with [the decision about "
        "{pos} accommodation|the plan to move {obj}].",
        "{Sub} asked to see what has been written about {obj}; I explained how to ask for {pos} "
        "records.",
        "(-) {Sub} said nobody asked {obj} before [{sub} was moved|the placement ended] and that "
        "'it's my life, not theirs'.",
    ),
}

# Sentences that carry contact details and identifiers, tagged like the body sentences.
CONTACT: dict[str, tuple[str, ...]] = {
    "": (
        "{first}'s new mobile number is {phone}.",
        "Updated contact details on the system: {phone} and {email}.",
        "Confirmed {pos} address as {address}, {town}, {postcode}.",
        "Copy of today's notes sent to {first} at {email} as {sub} asked.",
        "{first} asked me to use {email} rather than post, as letters go missing.",
        "Completed the provisional licence form with {first}: date of birth {dob}, address "
        "{address}, {postcode}.",
    ),
    "wellbeing": ("Checked {first}'s GP registration (NHS number {nhs}) at the new address.",),
    "affordability": (
        "Helped {first} with {pos} Universal Credit claim; {pos} NI number is {ni}.",
        "Rang the energy company with {first} ({full}, DOB {dob}) to set up a payment plan.",
    ),
}

CLOSINGS = (
    "Next visit booked for {next_date}.",
    "I will [chase the housing officer|ring the GP|email college|contact the landlord] and update "
    "{first} by {next_date}.",
    "Agreed to text {first} [on Friday|next week|after the weekend] to check in.",
    "{first} knows to ring the duty line if anything changes before {next_date}.",
    "Will discuss at supervision with [my manager|the team manager].",
)
