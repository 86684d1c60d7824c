"""A sample mission with a dozen varied replies, to try the comparison page without real data."""
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select

from screening.extensions import db
from screening.missions import services as mission_services
from screening.missions.models import Mission
from screening.replies.importer import ImportResult, ParsedReply
from screening.replies.models import Reply
from screening.replies.services import save_import
from screening.timeutil import utcnow

DEMO_TITLE = "Fiches produits pour une savonnerie artisanale (exemple)"
PUBLISHED_HOURS_AGO = 5

MISSION = {
    "title": DEMO_TITLE,
    "objective": "Rédiger et mettre en ligne 30 fiches produits pour notre boutique Shopify.",
    "context": ("La Savonnerie du Lavoir fabrique à Bordeaux des savons à froid, des shampoings solides et des "
                "baumes. Nous vendons surtout sur les marchés ; la boutique en ligne ouvre le mois prochain et "
                "les fiches produits sont vides."),
    "deliverable": ("30 fiches produits publiées sur Shopify : titre, description de 150 à 200 mots, liste des "
                    "ingrédients (INCI), conseils d'utilisation, balise titre et méta-description."),
    "procedure": ("1. Lire nos notes de fabrication et regarder les photos (dossier partagé).\n"
                  "2. Rédiger les fiches dans le modèle fourni.\n"
                  "3. Les saisir dans Shopify avec les photos.\n"
                  "4. Relire l'ensemble et nous signaler les informations manquantes."),
    "measured_minutes": 40,
    "resources": "Notes de fabrication, photos détourées, liste INCI de chaque produit, charte de ton.",
    "examples": "Deux fiches rédigées par nos soins : « Savon au lait d'ânesse » et « Baume à lèvres miel ».",
    "budget_amount": Decimal("600"),
    "budget_currency": "EUR",
    "priority": 2,
    "platform": "malt",
    "paid_trial": True,
}

# (name, email, minutes after publication, hourly rate, level, rating, text). Written for the demo.
REPLIES = (
    ("Camille Rousseau", "camille.rousseau@example.org", 95, "35", "Malt Super Freelance", 4.9, """Bonjour,

Vos savons au lait d'ânesse m'ont donné envie d'en acheter, c'est bon signe pour les fiches !

1. Délai : je peux vous livrer les 30 fiches produits en deux semaines.

2. Étapes :
- lecture des notes de fabrication, des listes INCI et des photos : 2 h
- rédaction des 30 fiches dans votre modèle, en respectant la charte de ton : 12 h
- saisie dans Shopify avec les photos, balises titre et méta-descriptions : 4 h
- relecture complète et liste des informations manquantes : 2 h

3. Je dispose de 10 heures par semaine pour ce projet.

4. J'ai rédigé les fiches produits de deux marques de cosmétique solide (shampoings et déodorants) sur Shopify : je connais les règles d'affichage des ingrédients INCI et les allégations à éviter. Je peux vous montrer ces fiches en ligne.

Bien à vous,
Camille"""),
    ("Julien Marchand", "julien.marchand@example.org", 140, "28", "Niveau 2", 4.7, """Bonjour,

Merci pour cette annonce très claire. Pour vos fiches, je compterais une dizaine de jours au total.

Je commencerais par lire vos notes et la charte de ton (3 heures), puis j'écrirais les descriptions par lots de dix, savons d'abord, shampoings et baumes ensuite (environ 10 heures). Viendrait ensuite la saisie dans Shopify avec les balises (3 heures), et enfin une relecture à froid le lendemain (1 heure).

Côté disponibilités, je peux y consacrer 12 heures par semaine.

Pourquoi moi : j'ai tenu pendant trois ans le site d'une boutique de produits naturels à Bordeaux et j'ai écrit plus de 200 fiches produits. J'aime les textes courts et concrets, et je vous signalerai tout ingrédient ou conseil d'utilisation qui manque dans vos notes.

Julien"""),
    ("Sophie Nguyen", "sophie.nguyen@example.org", 210, "42", "Top Rated", 5.0, """Bonjour,

1) Je peux livrer l'ensemble en 2 jours.
2) Étapes : analyse de vos notes et photos (6 h), rédaction des 30 descriptions (24 h), intégration dans Shopify (10 h).
3) 8 heures par semaine.
4) Rédactrice spécialisée en cosmétique naturelle depuis six ans, j'ai travaillé pour des savonneries artisanales et je connais bien le vocabulaire de la saponification à froid.

Sophie"""),
    ("Emily Carter", "emily.carter@example.org", 60, "30", "Level 1", 4.6, """Hello,

Thank you for your posting. I can deliver the 30 product pages in one week.

The steps would be: reading your notes (2 hours), writing the descriptions (10 hours), uploading them to Shopify (3 hours).

I can work 20 hours per week on this project.

I have written product copy for several skincare brands and I know Shopify well. My French is basic, so I would write in English and use a translation tool.

Best regards,
Emily"""),
    ("Kevin L.", "kevin.l@example.org", 3, "15", "Nouveau", None, """Bonjour,

Je suis la personne idéale pour votre projet. Fort de 10 années d'expérience dans la rédaction web, je vous garantis un travail de qualité dans les meilleurs délais. Je suis disponible immédiatement et je m'adapte à tous vos besoins.

Mon objectif est votre satisfaction : révisions illimitées, communication fluide et respect des délais. J'ai accompagné de nombreux clients dans des domaines très variés et je maîtrise parfaitement les outils du web.

Je suis sérieux, rigoureux, créatif et force de proposition. Je serai ravi de mettre mes compétences à votre service pour faire de votre projet un succès.

N'hésitez pas à me contacter pour en discuter. Dans l'attente de votre retour, je vous souhaite une excellente journée.

Cordialement,
Kevin"""),
    ("Nadia Benali", "nadia.benali@example.org", 35, "20", "Niveau 1", 4.2, """Bonjour,

Votre projet m'intéresse beaucoup. Je peux réaliser la mission en une semaine environ. Je suis disponible 25 heures par semaine et je peux commencer dès demain.

J'ai déjà rédigé de nombreuses fiches produits pour des boutiques en ligne et je maîtrise la rédaction optimisée pour le référencement. Mes textes sont toujours relus et livrés dans les temps.

Au plaisir d'échanger avec vous,
Nadia"""),
    ("Sarah Koné", "sarah.kone@example.org", 48, "19", "Niveau 1", 4.0, """Bonjour,

Votre projet m'intéresse beaucoup. Je peux réaliser la mission en une semaine environ. Je suis disponible 25 heures par semaine et je peux commencer dès demain.

J'ai déjà rédigé de nombreuses fiches produits pour des boutiques en ligne et je maîtrise la rédaction optimisée pour le référencement. Mes textes sont toujours relus et livrés dans les temps.

Au plaisir d'échanger avec vous,
Sarah"""),
    ("RédacPlus Agence", "contact@redacplus.example.org", 75, "25", "Agence vérifiée", 4.5, """Bonjour,

RédacPlus est une agence de contenu qui accompagne les e-commerçants depuis 2015. Notre équipe de rédacteurs prendra en charge vos 30 fiches produits.

Délai : 5 jours ouvrés.
Étapes : brief avec notre chef de projet (1 h), rédaction par nos rédacteurs (12 h), contrôle qualité (2 h), mise en ligne (3 h).
Nous mobilisons 40 heures par semaine sur vos dossiers.

Pour tenir ces délais, nous sous-traitons une partie de la rédaction à des rédacteurs partenaires, encadrés par notre équipe. Nos collaborateurs sont formés à Shopify.

L'équipe RédacPlus"""),
    ("Hugo Lefèvre", "hugo.lefevre@example.org", 120, "30", "Niveau 2", 4.4, """Bonjour [NOM DU CLIENT],

J'ai lu avec attention votre annonce pour [TITRE DU PROJET] et je serais ravi d'y participer.

Je peux livrer le travail en 10 jours, à raison de 15 heures par semaine. J'ai l'habitude de ce type de mission et je saurai m'adapter à votre style.

Cordialement,
Hugo Lefèvre"""),
    ("Thomas Petit", "thomas.petit@example.org", 180, "32", "Niveau 2", 4.8, """Bonjour,

Je peux vous rendre les 30 fiches sous huit jours.

Ce qui me distingue : je fabrique moi-même mes savons depuis quatre ans, je connais donc la saponification à froid, la cure et les huiles surgras. Vos clients sentiront que les fiches sont écrites par quelqu'un qui connaît le produit, pas par un rédacteur généraliste.

Thomas"""),
    ("Léa Martin", "lea.martin@example.org", 12, "18", "Nouveau", None, """Bonjour, votre mission m'intéresse beaucoup, je suis disponible tout de suite. Mon tarif est de 18 € de l'heure. Merci de me contacter rapidement."""),
    ("Marc Dubois", "marc.dubois@example.org", 235, None, "Niveau 1", 4.3, """Bonjour,

Pour vos fiches produits de la savonnerie :

1. Il me faudrait trois semaines pour tout livrer, relecture comprise.
2. Je lirais d'abord vos notes de fabrication, puis je rédigerais les fiches savon par savon, avant de les intégrer dans Shopify et de tout relire avec vous.
3. 6 heures par semaine, le soir et le week-end.
4. J'ai été vendeur sur les marchés de producteurs pendant cinq ans : je sais expliquer simplement à un client pourquoi un savon surgras convient aux peaux sèches.

Marc"""),
)


def create_demo(owner_id: int) -> Mission:
    """Create the sample mission (published a few hours ago) and its twelve replies, scored on save."""
    mission = mission_services.create_mission(owner_id, MISSION)
    posting, _ = mission_services.generate_posting_version(mission)
    published_at = utcnow() - timedelta(hours=PUBLISHED_HOURS_AGO)
    mission_services.record_publication(posting, published_at, "Malt")
    parsed = tuple(
        ParsedReply(name=name, email=email, text=text, received_at=published_at + timedelta(minutes=minutes),
                    hourly_rate=Decimal(rate) if rate else None, platform_level=level, rating=rating,
                    source_line=line)
        for line, (name, email, minutes, rate, level, rating, text) in enumerate(REPLIES, 1))
    save_import(owner_id, mission, ImportResult(replies=parsed), "demo")
    return mission


def find_demo(owner_id: int) -> Mission | None:
    """The owner's sample mission, if one was already created."""
    return db.session.scalar(
        select(Mission).where(Mission.owner_id == owner_id, Mission.title == DEMO_TITLE,
                              Mission.id.in_(select(Reply.mission_id).where(Reply.owner_id == owner_id,
                                                                            Reply.source == "demo")))
        .order_by(Mission.id).limit(1))


def get_or_create_demo(owner_id: int) -> tuple[Mission, bool]:
    """The sample mission: the existing one (a second copy would flag every reply as a duplicate), or a new one."""
    existing = find_demo(owner_id)
    if existing is not None:
        return existing, False
    return create_demo(owner_id), True
