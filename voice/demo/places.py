"""The four Children's Information Project local authorities and real areas inside them.

Codes are DfE's (old_la_code, new_la_code, region) as published for care-leaver data in 2025.
Areas are the districts, townships and localities each council uses; outward postcodes and
colleges are real so that generated addresses and notes read like the place they are set in.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoAuthority:
    """A local authority as DfE publishes it, plus a prefix for local case ids."""

    old_la_code: str
    new_la_code: str
    name: str
    region_code: str
    region_name: str
    case_id_prefix: str
    email_domain: str  # under the reserved example.org, so no worker address is real


@dataclass(frozen=True)
class DemoArea:
    """A sub-LA area: short code, name, its towns, outward postcodes and local colleges."""

    code: str
    name: str
    old_la_code: str
    kind: str  # district, locality or township, as the council itself calls them
    towns: tuple[str, ...]
    outward_codes: tuple[str, ...]
    colleges: tuple[str, ...]


AUTHORITIES: tuple[DemoAuthority, ...] = (
    DemoAuthority("850", "E10000014", "Hampshire", "E12000008", "South East", "HCC",
                  "hampshire.example.org"),
    DemoAuthority("815", "E06000065", "North Yorkshire", "E12000003",
                  "Yorkshire and The Humber", "NYC", "northyorks.example.org"),
    DemoAuthority("353", "E08000004", "Oldham", "E12000002", "North West", "OMBC",
                  "oldham.example.org"),
    DemoAuthority("354", "E08000005", "Rochdale", "E12000002", "North West", "RBC",
                  "rochdale.example.org"),
)


def _area(la: str, short: str, name: str, kind: str, towns: str, outward: str,
          colleges: str) -> DemoArea:
    """Build an area from compact `;`-separated lists, so the table below stays readable."""
    return DemoArea(f"{la}-{short}", name, la, kind, tuple(towns.split(";")),
                    tuple(outward.split(";")), tuple(colleges.split(";")))


AREAS: tuple[DemoArea, ...] = (
    # Hampshire: the county's districts and boroughs.
    _area("850", "BAS", "Basingstoke and Deane", "district", "Basingstoke;Tadley;Whitchurch",
          "RG21;RG22;RG23;RG24;RG26", "Basingstoke College of Technology"),
    _area("850", "EHA", "East Hampshire", "district", "Alton;Petersfield;Whitehill;Bordon",
          "GU34;GU31;GU32;GU35", "Alton College"),
    _area("850", "EAS", "Eastleigh", "district", "Eastleigh;Chandler's Ford;Hedge End",
          "SO50;SO53;SO30", "Eastleigh College;Barton Peveril Sixth Form College"),
    _area("850", "FAR", "Fareham", "district", "Fareham;Portchester;Titchfield",
          "PO14;PO15;PO16", "Fareham College"),
    _area("850", "HAV", "Havant", "district", "Havant;Leigh Park;Waterlooville;Hayling Island",
          "PO9;PO7;PO8;PO11", "Havant and South Downs College"),
    _area("850", "NFO", "New Forest", "district", "Totton;Lymington;New Milton;Ringwood",
          "SO40;SO41;BH25;BH24", "Brockenhurst College;Totton College"),
    _area("850", "RUS", "Rushmoor", "district", "Aldershot;Farnborough", "GU11;GU12;GU14",
          "Farnborough College of Technology"),
    _area("850", "WIN", "Winchester", "district", "Winchester;Alresford;Bishop's Waltham",
          "SO22;SO23;SO24;SO32", "Peter Symonds College;Sparsholt College"),
    # North Yorkshire: the localities that follow the former district boundaries.
    _area("815", "CRA", "Craven", "locality", "Skipton;Settle;Bentham", "BD23;BD24;LA2",
          "Craven College"),
    _area("815", "HAM", "Hambleton", "locality", "Northallerton;Thirsk;Bedale;Stokesley",
          "DL6;DL7;YO7;DL8;TS9", "Northallerton College"),
    _area("815", "HAR", "Harrogate", "locality", "Harrogate;Knaresborough;Ripon",
          "HG1;HG2;HG3;HG5;HG4", "Harrogate College"),
    _area("815", "RIC", "Richmondshire", "locality", "Richmond;Catterick Garrison;Leyburn",
          "DL10;DL9;DL8", "Darlington College"),
    _area("815", "RYE", "Ryedale", "locality", "Malton;Pickering;Kirkbymoorside",
          "YO17;YO18;YO62", "Askham Bryan College"),
    _area("815", "SCA", "Scarborough", "locality", "Scarborough;Whitby;Filey;Eastfield",
          "YO11;YO12;YO21;YO14", "Scarborough TEC"),
    _area("815", "SEL", "Selby", "locality", "Selby;Tadcaster;Sherburn in Elmet",
          "YO8;LS24;LS25", "Selby College"),
    # Oldham: district partnership areas.
    _area("353", "CHA", "Chadderton", "district", "Chadderton", "OL9;OL1",
          "Oldham College;Oldham Sixth Form College"),
    _area("353", "FAI", "Failsworth and Hollinwood", "district", "Failsworth;Hollinwood",
          "M35;OL8", "Oldham College"),
    _area("353", "ROY", "Royton, Shaw and Crompton", "district", "Royton;Shaw;Crompton",
          "OL2", "Oldham College"),
    _area("353", "SAD", "Saddleworth and Lees", "district",
          "Uppermill;Delph;Greenfield;Lees;Springhead", "OL3;OL4", "Oldham Sixth Form College"),
    _area("353", "OLE", "Oldham East", "district", "Oldham;Glodwick;Derker;Fitton Hill",
          "OL1;OL4;OL8", "Oldham College"),
    _area("353", "OLW", "Oldham West", "district", "Oldham;Coldhurst;Werneth",
          "OL1;OL9;OL8", "Oldham College;Oldham Sixth Form College"),
    # Rochdale: the borough's four townships.
    _area("354", "HEY", "Heywood", "township", "Heywood;Darn Hill", "OL10",
          "Hopwood Hall College"),
    _area("354", "MID", "Middleton", "township", "Middleton;Langley;Alkrington", "M24",
          "Hopwood Hall College"),
    _area("354", "PEN", "Pennines", "township", "Littleborough;Milnrow;Newhey;Wardle",
          "OL15;OL16;OL12", "Hopwood Hall College"),
    _area("354", "ROC", "Rochdale Township", "township", "Rochdale;Kirkholt;Castleton;Spotland",
          "OL11;OL12;OL16", "Hopwood Hall College;Rochdale Sixth Form College"),
)

# Common UK street names; the generator pairs them with a house number, never a real address.
STREETS: tuple[str, ...] = (
    "Albion Street", "Church Lane", "Victoria Road", "Station Road", "High Street",
    "Park Avenue", "Mill Lane", "Queen Street", "King Street", "Oak Close", "Manor Road",
    "Grange Road", "Moorside Road", "Union Street", "Chapel Street", "Cross Street",
    "Nelson Street", "Springfield Road", "Green Lane", "The Crescent", "Lime Grove",
    "Beech Avenue", "Willow Close", "Meadow Way", "Hollins Road", "Spring Gardens",
    "Fern Close", "Ash Grove", "Elm Road", "Bridge Street", "Railway Terrace",
    "Cromwell Street", "Windsor Road", "Rosebank Close", "Heather Drive", "Kingsway",
    "St Mary's Road", "St John's Close", "Larch Way", "Primrose Bank", "Brook Street",
    "Fold Road", "Hawthorn Avenue", "Poplar Street", "Orchard Close", "Derby Street",
)

# For letters with no home to visit (abroad, deported, not known, custody) notes are calls.
REMOTE_ACCOMMODATION = frozenset("GHRX")


def authority(old_la_code: str) -> DemoAuthority:
    """The authority with this old_la_code."""
    return next(a for a in AUTHORITIES if a.old_la_code == old_la_code)


def areas_of(old_la_code: str) -> tuple[DemoArea, ...]:
    """The areas of one authority, in table order."""
    return tuple(a for a in AREAS if a.old_la_code == old_la_code)


def area(code: str) -> DemoArea:
    """The area with this code, e.g. "353-CHA"."""
    return next(a for a in AREAS if a.code == code)
