"""Dutch."""

RESPONSE_CUES = ("antwoordtijd", "reageer", "reactie", "offerte", "bericht", "berichten")
TOTAL_AFTER = ("in totaal", "totaal", "alles bij elkaar")
HORIZON_BEFORE = ("over", "voor de komende", "de komende", "gedurende")
HORIZON_AFTER = ("aan deadlines", "aan content")
PER_UNIT = ("per", "elke", "voor elke")
RESULT_CUES = ("dus", "totaal", "in totaal")
DEADLINE_CUES = ("re:voor (?:de )?\\d{1,2}(?:e|ste|de) [a-z]+", "re:tegen eind [a-z]+")
Q3_HEADINGS = ("uren per week", "beschikbaarheid")
Q4_HEADINGS = ("waarom ik", "mijn meerwaarde", "meerwaarde", "mijn sterke punten")
PRESENT_WORK = ("ik beheer", "ik vertaal", "ik transcribeer", "ik werk als", "ik werk voor",
    "ik coordineer", "ik onderhoud", "ik verzorg")
PAST_ROLE = ("voormalig", "voormalige", "oud-", "re:al (?:\\d+|twee|drie|vier|vijf|tien) jaar")
GENERIC_CLAIMS = ("veel klanten", "vergelijkbare projecten", "elk project")
HELPERS = ("man", "vrouw", "zus", "broer", "vriendin", "vriend", "partner", "moeder", "vader", "collega")
HELPER_VERBS = ("doet", "zal doen", "leest", "controleert", "zorgt voor", "helpt me", "neemt",
    "zal nakijken")
EXCLUSIVE_WE = ("wij hebben", "we hebben", "wij zullen", "we leveren", "ons team")
TEAM_VIA = ("dankzij mijn team", "met mijn team", "mijn team en ik")
OTHER_PROJECT_LEADS = ("uw project",)
