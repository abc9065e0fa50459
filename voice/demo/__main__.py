"""`python -m voice.demo [seed]`: print what the generator makes, and three sample documents."""

import sys
from collections import Counter

from voice.demo import generate_all


def main(argv: list[str]) -> None:
    """Print counts by kind and three sample documents with their labelled details."""
    bundle = generate_all(int(argv[0]) if argv else 2026)
    print(f"seed {bundle.seed}: {len(bundle.authorities)} authorities, {len(bundle.areas)} areas, "
          f"{len(bundle.people)} people, {len(bundle.documents)} documents, "
          f"{len(bundle.responses)} responses")
    print("people by cohort:", dict(Counter(p.cohort for p in bundle.people)))
    print("documents by kind:", dict(Counter(d.kind for d in bundle.documents)))
    print("responses by survey:", dict(Counter(r.survey_key for r in bundle.responses)))
    print("anonymous kiosk responses:", sum(r.person_index is None for r in bundle.responses))
    print("safeguarding phrases:", sum(r.safeguarding for r in bundle.responses))
    print("personal details by label:",
          dict(Counter(s.label for d in bundle.documents for s in d.pii)))
    for doc in (bundle.documents[0], bundle.documents[len(bundle.documents) // 2],
                next(d for d in bundle.documents if d.kind == "pathway_plan")):
        person = bundle.people[doc.person_index]
        print(f"\n--- {doc.title} ({doc.kind}), {doc.occurred_on}, {doc.author_role}; "
              f"{person.cohort} in {person.area_code}; themes: {', '.join(doc.themes)}")
        print(doc.text)
        print("details:", "; ".join(f"{s.label}={doc.text[s.start:s.end]!r}" for s in doc.pii))


if __name__ == "__main__":
    main(sys.argv[1:])
