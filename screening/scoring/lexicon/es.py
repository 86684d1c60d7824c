"""Spanish."""

RESPONSE_CUES = ("respondo", "respondere", "tiempo de respuesta", "responder", "presupuesto", "mensaje",
    "mensajes")
TOTAL_AFTER = ("en total", "en conjunto", "para todo")
HORIZON_BEFORE = ("durante", "para los proximos", "los proximos", "sobre")
HORIZON_AFTER = ("de plazos", "de calendario", "de contenidos")
PER_UNIT = ("por", "cada", "por cada")
RESULT_CUES = ("o sea", "es decir", "en total", "lo que da")
DEADLINE_CUES = ("re:antes del? \\d{1,2}(?! ?(?:h|horas?|dias?|%))", "re:para el \\d{1,2} de [a-z]+",
    "re:antes de(?:l)? fin de (?:mes|semana)")
Q1_HEADINGS = ("re:plazo(?: de entrega)?",)
Q2_HEADINGS = ("re:(?:mis )?pasos",)
Q3_HEADINGS = ("re:horas (?:semanales|por semana)", "horas por semana", "horas semanales", "disponibilidad")
Q4_HEADINGS = ("por que yo", "mi valor anadido", "valor anadido", "mis puntos fuertes")
PRESENT_WORK = ("gestiono", "traduzco", "transcribo", "edito", "reviso", "corrijo", "coordino",
    "trabajo como", "trabajo para", "llevo el", "llevo la", "llevo los", "me encargo", "diseno", "redacto")
PAST_ROLE = (
    "re:llevo (?:\\d+|un|una|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|quince|veinte) (?:anos|meses)",
    "ex-", "antiguo", "antigua")
GENERIC_CLAIMS = ("muchos clientes", "proyectos similares", "todo tipo de proyectos")
HELPERS = ("marido", "esposa", "esposo", "mujer", "hermana", "hermano", "amiga", "amigo", "pareja", "madre",
    "padre", "prima", "primo", "companero", "companera")
HELPER_VERBS = ("hara", "hace", "revisara", "revisa", "se encargara", "se encarga", "corregira", "corrige",
    "me ayuda", "me ayudara", "traducira", "disenara")
EXCLUSIVE_WE = ("hemos", "vamos a", "entregaremos", "podemos", "haremos", "nuestro equipo")
TEAM_VIA = ("gracias a mi equipo", "con mi equipo", "mi equipo y yo")
OTHER_PROJECT_LEADS = ("su proyecto de", "tu proyecto de")
