"""French."""

RESPONSE_CUES = ("je reponds", "je repondrai", "repondre", "temps de reponse", "delai de reponse",
    "reponse garantie", "reponse sous", "reponse en", "reponds", "repond", "reactivite", "reactif",
    "reactive", "joignable", "je reviens vers vous", "revenir vers vous", "rappel", "je vous rappelle",
    "devis", "message", "messages", "mail", "mails", "e-mail", "e-mails", "sms", "appel", "contact",
    "recontacte")
TOTAL_AFTER = ("au total", "en tout", "pour l'ensemble", "pour le tout", "tout compris",
    "pour toute la mission", "pour l'ensemble de la mission", "de bout en bout")
HORIZON_BEFORE = ("sur", "sur les", "pour les", "pendant", "durant", "les prochains", "sur une periode de",
    "sur un horizon de", "echeances sur", "calendrier sur", "planning sur", "couvrant")
HORIZON_AFTER = ("d'echeances", "de calendrier", "de planning", "de contenus", "de publications", "a venir",
    "prochains", "de programmation")
PER_UNIT = ("par", "chaque", "pour chaque", "a l'unite", "l'unite", "/")
RESULT_CUES = ("soit", "donc", "ce qui fait", "ce qui donne", "ce qui represente", "au total", "en tout",
    "=", "->", "→", "⇒", ":")
DEADLINE_CUES = (
    "re:d'ici (?:la )?fin (?:du mois|de la semaine|de (?:janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre))",
    "re:(?:d'ici|avant) (?:la )?fin (?:janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre)",
    "re:(?:d'ici|avant|pour) le (?:\\d{1,2}|premier|1er)(?:er)?(?! ?(?:h|heures?|jours?|%|episodes?|articles?))",
    "re:(?:d'ici|avant) (?:noel|paques|la rentree|l'ete)")
Q1_HEADINGS = ("re:delais?(?: global| total| de livraison| de realisation| propose| estime)?",
    "re:duree(?: totale| estimee)?", "livraison")
Q2_HEADINGS = ("re:(?:mes |les |nos |notre |grandes |principales )?etapes(?: et temps| prevues)?",
    "methode", "methodologie", "deroulement", "re:(?:notre |mon )?processus", "planning", "plan de travail",
    "organisation", "approche", "demarche", "plan d'action")
Q3_HEADINGS = ("re:disponibilites?", "temps alloue", "temps de travail", "temps hebdomadaire",
    "temps par semaine", "heures hebdomadaires", "volume hebdomadaire", "heures par semaine",
    "heures/semaine", "heures hebdo", "volume horaire", "disponibilite", "disponibilites", "dispo",
    "temps disponible", "temps consacre", "heures disponibles")
Q4_HEADINGS = ("pourquoi nous", "nos atouts", "mon experience", "experience", "references", "motivation",
    "valeur ajoutee", "ma valeur ajoutee", "pourquoi moi", "pourquoi me choisir", "pourquoi me confier",
    "mes atouts", "mes points forts", "points forts", "ce que j'apporte", "ce qui me distingue", "mes plus",
    "mon plus", "atouts", "pourquoi je suis la bonne personne", "mon profil", "profil", "qui suis-je")
PRESENT_WORK = ("je gere", "je tiens", "je m'occupe", "je pilote", "je coordonne", "je traduis",
    "je transcris", "je redige", "je corrige", "je relis", "je forme", "je suis formateur",
    "je suis formatrice", "j'anime", "j'administre", "j'integre", "je realise", "je concois", "je cree",
    "je developpe", "je monte", "j'edite", "je sous-titre", "je travaille sur", "je travaille pour",
    "je travaille avec", "je travaille dans", "je tiens la", "je fais la", "je fais le", "je fais les",
    "j'enseigne", "je saisis", "je numerise", "je livre", "je publie", "je maintiens", "je mets en forme",
    "je programme")
PAST_ROLE = ("ex-", "ancien", "ancienne", "auparavant", "pendant des annees",
    "re:experience de (?:\\d+|deux|trois|quatre|cinq|six|sept|huit|dix|quinze|vingt) ans (?:en|dans|de|comme|chez)")
PAST_SMS = ("jai", "javais")
GENERIC_CLAIMS = (
    "re:(?:de |a de )?nombreu(?:x|ses) (?:clients?|marques|entreprises|projets|missions|societes|secteurs|start-ups?)",
    "missions variees", "projets varies", "missions diverses", "projets divers", "tous secteurs confondus",
    "projets similaires", "missions similaires", "tous vos projets", "de a a z", "polyvalent",
    "polyvalente", "tous types de projets", "toutes vos missions", "satisfaction garantie",
    "clients satisfaits", "re:plus de \\d[\\d ]* (?:commandes|avis|etoiles|references)")
HELPERS = ("conjoint", "conjointe", "mari", "femme", "epoux", "epouse", "compagnon", "compagne", "soeur",
    "sour", "frere", "mere", "pere", "cousin", "cousine", "fils", "fille", "ami", "amie", "copain",
    "copine", "voisin", "voisine", "collegue", "associe", "associee", "stagiaire", "assistant",
    "assistante", "binome", "neveu", "niece", "beau-frere", "belle-soeur", "belle-sour", "proche",
    "connaissance", "relectrice", "relecteur")
HELPER_VERBS = ("fera", "fait", "ferait", "s'occupera", "s'occupe", "s'occuperait", "se chargera",
    "se charge", "relit", "relira", "relirait", "verifie", "verifiera", "corrige", "corrigera", "gere",
    "gerera", "prendra en charge", "prend en charge", "realisera", "realise", "traduira", "traduit",
    "dessinera", "dessine", "m'aide", "m'aidera", "m'aiderait", "va faire", "va s'occuper", "va relire",
    "va gerer", "assure", "assurera", "transcrit", "transcrira", "integrera", "integre", "redigera",
    "redige", "completera", "finalisera", "passe derriere moi", "repasse")
EXCLUSIVE_WE = ("nous avons", "nous allons", "nous livrons", "nous livrerons", "nous realisons",
    "nous realiserons", "nous traduisons", "nous transcrivons", "nous pouvons", "nous ferons",
    "nous faisons", "nous traiterons", "nous prendrons", "nous nous chargeons", "nous nous chargerons",
    "nous assurons", "nous garantissons")
TEAM_VIA = ("grace a mon equipe", "grace a notre equipe", "avec mon equipe", "avec notre equipe",
    "par mon equipe", "par notre equipe", "mon equipe et moi", "re:mon equipe de \\w+",
    "re:(?:mon|ma) (?:associee?|collegue|binome|conjointe?|partenaire) et moi")
OTHER_PROJECT_LEADS = ("votre projet de", "votre projet d'", "votre mission de", "votre mission d'",
    "votre annonce pour", "votre annonce concernant", "votre besoin en", "votre besoin de",
    "votre demande de", "votre demande d'")
