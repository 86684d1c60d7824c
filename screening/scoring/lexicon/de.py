"""German (accent-folded: "ü" is written "u")."""

RESPONSE_CUES = ("antworte", "antwortzeit", "rückmeldung", "ruckmeldung", "angebot", "nachricht",
    "nachrichten")
TOTAL_AFTER = ("insgesamt", "gesamt", "alles in allem", "fur alles")
HORIZON_BEFORE = ("uber", "fur die nachsten", "in den nachsten", "wahrend")
HORIZON_AFTER = ("an terminen", "an inhalten", "im voraus")
PER_UNIT = ("pro", "je", "fur jede", "fur jeden")
RESULT_CUES = ("also", "d.h.", "insgesamt", "macht")
DEADLINE_CUES = ("re:bis (?:zum |spatestens )?\\d{1,2}\\.", "re:bis ende (?:des monats|der woche)")
Q1_HEADINGS = ("lieferzeit", "zeitrahmen", "frist")
Q2_HEADINGS = ("schritte", "vorgehen", "ablauf")
Q3_HEADINGS = ("zeit pro woche", "stunden pro woche", "wochenstunden", "verfugbarkeit")
Q4_HEADINGS = ("warum ich", "mein mehrwert", "mehrwert", "meine starken")
PRESENT_WORK = ("ich betreue", "ich verwalte", "ich ubersetze", "ich transkribiere", "ich arbeite als",
    "ich arbeite fur", "ich koordiniere", "ich pflege", "ich leite")
PAST_ROLE = ("ehemalige", "ehemaliger", "fruher", "re:seit (?:\\d+|zwei|drei|vier|funf|sechs|zehn) jahren")
GENERIC_CLAIMS = ("viele kunden", "ahnliche projekte", "jedes projekt")
HELPERS = ("mann", "frau", "schwester", "bruder", "freundin", "freund", "partner", "partnerin", "mutter",
    "vater", "kollege", "kollegin")
HELPER_VERBS = ("macht", "wird machen", "liest", "korrigiert", "kummert sich", "wird sich kummern",
    "hilft mir", "ubernimmt", "wird ubernehmen", "pruft")
EXCLUSIVE_WE = ("wir haben", "wir werden", "wir liefern", "wir konnen", "unser team")
TEAM_VIA = ("dank meinem team", "mit meinem team", "mein team und ich")
OTHER_PROJECT_LEADS = ("ihr projekt",)
