"""Italian."""

RESPONSE_CUES = ("rispondo", "rispondero", "tempo di risposta", "rispondere", "preventivo", "messaggio",
    "messaggi")
TOTAL_AFTER = ("in totale", "in tutto", "complessivamente", "per tutto")
HORIZON_BEFORE = ("per", "per i prossimi", "nei prossimi", "durante", "su")
HORIZON_AFTER = ("di scadenze", "di calendario", "di contenuti")
PER_UNIT = ("per", "ogni", "per ogni")
RESULT_CUES = ("cioe", "quindi", "in totale", "ovvero")
DEADLINE_CUES = ("re:entro il \\d{1,2}(?! ?(?:h|ore|giorni|%))",
    "re:entro (?:la )?fine (?:del )?(?:mese|settimana)", "re:prima del \\d{1,2}(?! ?(?:h|ore|giorni|%))")
Q1_HEADINGS = ("re:tempi(?: di consegna)?", "termini")
Q2_HEADINGS = ("re:(?:le )?fasi",)
Q3_HEADINGS = ("re:ore (?:settimanali|a settimana)", "disponibilitat", "ore a settimana", "ore settimanali",
    "ore per settimana", "disponibilita")
Q4_HEADINGS = ("perche me", "perche io", "perche me", "perche scegliere me", "valore aggiunto",
    "i miei punti di forza")
PRESENT_WORK = ("gestisco", "traduco", "trascrivo", "curo", "coordino", "lavoro come", "lavoro per",
    "seguo", "redigo", "correggo", "impagino", "progetto")
PAST_ROLE = ("ex-", "ex ", "re:da (?:\\d+|due|tre|quattro|cinque|sei|sette|otto|dieci) anni")
GENERIC_CLAIMS = ("molti clienti", "progetti simili", "qualsiasi progetto")
HELPERS = ("marito", "moglie", "sorella", "fratello", "amica", "amico", "compagno", "compagna", "madre",
    "padre", "cugina", "cugino", "collega")
HELPER_VERBS = ("fara", "fa", "rivede", "rivedra", "si occupera", "si occupa", "correggera", "corregge",
    "mi aiuta", "mi aiutera", "tradurra")
EXCLUSIVE_WE = ("abbiamo", "consegneremo", "possiamo", "faremo", "il nostro team")
TEAM_VIA = ("grazie al mio team", "con il mio team", "con la mia squadra")
OTHER_PROJECT_LEADS = ("il vostro progetto di", "il tuo progetto di")
