"""Entity values the generator writes into passages: real names, weighted like real use.

Municipalities are the 50 most populous plus a few bilingual Ostrobothnian towns found in the
corpus (Finnish name, Swedish name, population 2020, region). Funds, themes and organisations
use the canonical ids of `kuntahaku/data`, each with surface forms a Finnish or Swedish text uses.
"""

from __future__ import annotations

# (name_fi, name_sv, population_2020, region_fi)
MUNICIPALITIES: tuple[tuple[str, str, int, str], ...] = (
    ("Helsinki", "Helsingfors", 656920, "Uusimaa"),
    ("Espoo", "Esbo", 292796, "Uusimaa"),
    ("Tampere", "Tammerfors", 241009, "Pirkanmaa"),
    ("Vantaa", "Vanda", 237231, "Uusimaa"),
    ("Oulu", "Uleåborg", 207327, "Pohjois-Pohjanmaa"),
    ("Turku", "Åbo", 194391, "Varsinais-Suomi"),
    ("Jyväskylä", "Jyväskylä", 143420, "Keski-Suomi"),
    ("Kuopio", "Kuopio", 120210, "Pohjois-Savo"),
    ("Lahti", "Lahtis", 119984, "Päijät-Häme"),
    ("Pori", "Björneborg", 83684, "Satakunta"),
    ("Kouvola", "Kouvola", 81187, "Kymenlaakso"),
    ("Joensuu", "Joensuu", 76935, "Pohjois-Karjala"),
    ("Lappeenranta", "Villmanstrand", 72662, "Etelä-Karjala"),
    ("Hämeenlinna", "Tavastehus", 67848, "Kanta-Häme"),
    ("Vaasa", "Vasa", 67551, "Pohjanmaa"),
    ("Seinäjoki", "Seinäjoki", 64130, "Etelä-Pohjanmaa"),
    ("Rovaniemi", "Rovaniemi", 63528, "Lappi"),
    ("Mikkeli", "S:t Michel", 52583, "Etelä-Savo"),
    ("Kotka", "Kotka", 51668, "Kymenlaakso"),
    ("Salo", "Salo", 51562, "Varsinais-Suomi"),
    ("Porvoo", "Borgå", 50619, "Uusimaa"),
    ("Kokkola", "Karleby", 47772, "Keski-Pohjanmaa"),
    ("Hyvinkää", "Hyvinge", 46576, "Uusimaa"),
    ("Lohja", "Lojo", 45886, "Uusimaa"),
    ("Järvenpää", "Träskända", 44455, "Uusimaa"),
    ("Nurmijärvi", "Nurmijärvi", 43663, "Uusimaa"),
    ("Kirkkonummi", "Kyrkslätt", 40082, "Uusimaa"),
    ("Rauma", "Raumo", 39040, "Satakunta"),
    ("Tuusula", "Tusby", 38783, "Uusimaa"),
    ("Kerava", "Kervo", 37105, "Uusimaa"),
    ("Kajaani", "Kajana", 36567, "Kainuu"),
    ("Kaarina", "S:t Karins", 34667, "Varsinais-Suomi"),
    ("Nokia", "Nokia", 34476, "Pirkanmaa"),
    ("Ylöjärvi", "Ylöjärvi", 33352, "Pirkanmaa"),
    ("Savonlinna", "Nyslott", 32662, "Etelä-Savo"),
    ("Kangasala", "Kangasala", 32214, "Pirkanmaa"),
    ("Vihti", "Vichtis", 29160, "Uusimaa"),
    ("Riihimäki", "Riihimäki", 28710, "Kanta-Häme"),
    ("Raasepori", "Raseborg", 27528, "Uusimaa"),
    ("Imatra", "Imatra", 26075, "Etelä-Karjala"),
    ("Raisio", "Reso", 24407, "Varsinais-Suomi"),
    ("Raahe", "Brahestad", 24353, "Pohjois-Pohjanmaa"),
    ("Sastamala", "Sastamala", 24052, "Pirkanmaa"),
    ("Lempäälä", "Lempäälä", 23828, "Pirkanmaa"),
    ("Hollola", "Hollola", 23251, "Päijät-Häme"),
    ("Sipoo", "Sibbo", 21687, "Uusimaa"),
    ("Tornio", "Torneå", 21467, "Lappi"),
    ("Siilinjärvi", "Siilinjärvi", 21251, "Pohjois-Savo"),
    ("Iisalmi", "Idensalmi", 21124, "Pohjois-Savo"),
    ("Mäntsälä", "Mäntsälä", 20783, "Uusimaa"),
    ("Lapua", "Lappo", 14221, "Etelä-Pohjanmaa"),
    ("Uusikaarlepyy", "Nykarleby", 7479, "Pohjanmaa"),
    ("Pietarsaari", "Jakobstad", 19066, "Pohjanmaa"),
    ("Mustasaari", "Korsholm", 19453, "Pohjanmaa"),
    ("Parainen", "Pargas", 15105, "Varsinais-Suomi"),
    ("Kemi", "Kemi", 20437, "Lappi"),
)

REGIONS_SV: dict[str, str] = {
    "Uusimaa": "Nyland",
    "Varsinais-Suomi": "Egentliga Finland",
    "Satakunta": "Satakunta",
    "Kanta-Häme": "Egentliga Tavastland",
    "Pirkanmaa": "Birkaland",
    "Päijät-Häme": "Päijänne-Tavastland",
    "Kymenlaakso": "Kymmenedalen",
    "Etelä-Karjala": "Södra Karelen",
    "Etelä-Savo": "Södra Savolax",
    "Pohjois-Savo": "Norra Savolax",
    "Pohjois-Karjala": "Norra Karelen",
    "Keski-Suomi": "Mellersta Finland",
    "Etelä-Pohjanmaa": "Södra Österbotten",
    "Pohjanmaa": "Österbotten",
    "Keski-Pohjanmaa": "Mellersta Österbotten",
    "Pohjois-Pohjanmaa": "Norra Österbotten",
    "Kainuu": "Kajanaland",
    "Lappi": "Lappland",
    "Ahvenanmaa": "Åland",
}

# canonical id -> (Finnish surface forms, Swedish surface forms), most used first
FUNDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "ERDF": (
        ("EAKR-rahoitusta", "Euroopan aluekehitysrahaston", "EAKR"),
        ("Europeiska regionala utvecklingsfonden", "ERUF"),
    ),
    "ESF+": (
        ("ESR+-rahoitusta", "Euroopan sosiaalirahasto plussan"),
        ("ESF+", "Europeiska socialfonden"),
    ),
    "JTF": (
        ("oikeudenmukaisen siirtymän rahaston", "JTF-rahoitus"),
        ("Fonden för en rättvis omställning", "JTF"),
    ),
    "RRF": (
        ("RRF-rahoitusta", "elpymis- ja palautumistukivälineen"),
        ("RRF", "faciliteten för återhämtning"),
    ),
    "Business Finland": (("Business Finlandin", "Business Finland"), ("Business Finland",)),
    "Horizon Europe": (("Horisontti Eurooppa -ohjelman", "Horizon Europe"), ("Horisont Europa",)),
    "Interreg": (("Interreg Aurora -ohjelman", "Interreg"), ("Interreg Aurora", "Interreg")),
    "InvestEU": (("InvestEU-ohjelman",), ("InvestEU",)),
    "Digital Europe": (
        ("Digitaalinen Eurooppa -ohjelman",),
        ("programmet för ett digitalt Europa",),
    ),
    "AKKE": (("alueellisten innovaatioiden ja kokeilujen rahoitusta", "AKKE"), ("AKKE",)),
}

# canonical id -> (Finnish trigger words, Swedish trigger words)
THEMES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "circular economy": (("kiertotalouden", "kiertotalous"), ("cirkulär ekonomi", "cirkulära")),
    "hydrogen": (("vetytalouden", "vedyn tuotanto"), ("vätgas", "vätgasekonomin")),
    "health technology": (("terveysteknologian", "terveysteknologia"), ("hälsoteknologi",)),
    "tourism": (("matkailun", "matkailu"), ("turism", "turismen")),
    "AI and data": (("tekoälyn", "datatalouden"), ("artificiell intelligens", "dataekonomi")),
    "climate and carbon neutrality": (
        ("hiilineutraalisuus", "hiilineutraaliuden"),
        ("koldioxidneutralitet",),
    ),
    "education and skills": (("koulutuksen", "osaamisen"), ("utbildning", "kompetens")),
    "housing": (("asuntotuotannon", "asumisen"), ("bostadsproduktion", "boende")),
    "transport and mobility": (
        ("joukkoliikenteen", "liikenneyhteyksien"),
        ("kollektivtrafik", "trafiken"),
    ),
    "energy": (
        ("energiatehokkuuden", "uusiutuvan energian"),
        ("energieffektivitet", "förnybar energi"),
    ),
    "wellbeing and social services": (
        ("hyvinvoinnin", "terveyden edistämisen"),
        ("välfärd", "hälsofrämjande"),
    ),
    "innovation and RDI": (
        ("innovaatiotoiminnan", "TKI-toiminnan"),
        ("innovationsverksamhet", "FoU"),
    ),
    "culture": (("kulttuurin", "kulttuuripalvelujen"), ("kultur", "kulturtjänster")),
    "bioeconomy and food": (("biotalouden", "metsäbiotalous"), ("bioekonomi",)),
}

# Decision-making bodies: (base form, how a title names it)
BODIES_FI: tuple[tuple[str, str], ...] = (
    ("kaupunginhallitus", "Kaupunginhallitus"),
    ("kaupunginvaltuusto", "Kaupunginvaltuusto"),
    ("sivistyslautakunta", "Sivistyslautakunta"),
    ("tekninen lautakunta", "Tekninen lautakunta"),
    ("ympäristölautakunta", "Ympäristölautakunta"),
    ("hyvinvointilautakunta", "Hyvinvointilautakunta"),
    ("tarkastuslautakunta", "Tarkastuslautakunta"),
    ("kunnanhallitus", "Kunnanhallitus"),
)
BODIES_SV: tuple[tuple[str, str], ...] = (
    ("stadsstyrelsen", "Stadsstyrelsen"),
    ("stadsfullmäktige", "Stadsfullmäktige"),
    ("välfärdsnämnden", "Välfärdsnämnden"),
    ("bildningsnämnden", "Bildningsnämnden"),
    ("tekniska nämnden", "Tekniska nämnden"),
    ("kommunstyrelsen", "Kommunstyrelsen"),
)

ORGANISATIONS: tuple[str, ...] = (
    "VTT",
    "Business Finland",
    "Sitra",
    "Aalto-yliopisto",
    "Oulun yliopisto",
    "Työ- ja elinkeinoministeriö",
    "ELY-keskus",
    "Kuntaliitto",
    "Åbo Akademi",
    "Yrkeshögskolan Novia",
)
