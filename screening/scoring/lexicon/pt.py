"""Portuguese."""

RESPONSE_CUES = ("respondo", "responderei", "tempo de resposta", "responder", "orcamento", "mensagem",
    "mensagens")
TOTAL_AFTER = ("no total", "ao todo", "para tudo")
HORIZON_BEFORE = ("durante", "para os proximos", "nos proximos", "sobre")
HORIZON_AFTER = ("de prazos", "de calendario", "de conteudos")
PER_UNIT = ("por", "cada", "por cada")
RESULT_CUES = ("ou seja", "portanto", "no total")
DEADLINE_CUES = ("re:ate (?:o )?dia \\d{1,2}", "re:ate o fim do mes")
Q1_HEADINGS = ("prazo",)
Q2_HEADINGS = ("fases", "passos")
Q3_HEADINGS = ("horas por semana", "horas semanais", "disponibilidade")
Q4_HEADINGS = ("por que eu", "porque eu", "meu diferencial", "valor agregado", "meus pontos fortes")
PRESENT_WORK = ("gerencio", "giro", "traduzo", "transcrevo", "edito", "reviso", "coordeno", "trabalho como",
    "trabalho para", "cuido", "redijo")
PAST_ROLE = ("ex-", "antigo", "antiga", "re:ha (?:\\d+|dois|tres|quatro|cinco|seis|sete|oito|dez) anos")
GENERIC_CLAIMS = ("muitos clientes", "projetos semelhantes", "qualquer projeto")
HELPERS = ("marido", "esposa", "mulher", "irma", "irmao", "amiga", "amigo", "parceiro", "parceira", "mae",
    "pai", "prima", "primo", "colega")
HELPER_VERBS = ("fara", "faz", "revisara", "revisa", "vai cuidar", "cuida", "corrigira", "corrige",
    "me ajuda", "vai me ajudar", "traduzira")
EXCLUSIVE_WE = ("nos temos", "vamos entregar", "podemos", "faremos", "nossa equipe")
TEAM_VIA = ("gracas a minha equipe", "com a minha equipe", "com minha equipe")
OTHER_PROJECT_LEADS = ("seu projeto de",)
