import re

from wtforms import BooleanField, HiddenField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from screening.forms import BaseForm, FrenchIntegerField
from screening.mailbox.models import SECURITY

_HOST_RE = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$|^\[?[0-9a-fA-F:.]{2,45}\]?$")


class MailAccountForm(BaseForm):
    host = StringField(
        "Serveur IMAP",
        validators=[
            DataRequired(message="Indiquez le serveur IMAP, par exemple imap.gmail.com."),
            Length(max=253, message="253 caractères au maximum."),
        ],
        description="Par exemple imap.gmail.com, outlook.office365.com, imap.mail.me.com, ssl0.ovh.net.",
    )
    security = SelectField(
        "Chiffrement", choices=[SelectChoice(k, v) for k, v in SECURITY.items()], default="ssl"
    )
    port = FrenchIntegerField(
        "Port",
        default=993,
        validators=[NumberRange(min=1, max=65535, message="Un port est un nombre entre 1 et 65535.")],
    )
    username = StringField(
        "Identifiant",
        validators=[
            DataRequired(message="Indiquez l'identifiant (le plus souvent l'adresse e-mail)."),
            Length(max=254, message="254 caractères au maximum."),
        ],
    )
    password = PasswordField(
        "Mot de passe d'application",
        validators=[Optional(), Length(max=500, message="500 caractères au maximum.")],
        description="Créé dans les réglages de sécurité de votre messagerie. Chiffré avant d'être "
        "enregistré, jamais réaffiché : laissez vide pour garder celui qui est enregistré.",
    )
    folder = StringField(
        "Dossier",
        default="INBOX",
        validators=[
            DataRequired(message="Indiquez le dossier à relever (INBOX pour la boîte de réception)."),
            Length(max=200, message="200 caractères au maximum."),
        ],
        description="INBOX pour la boîte de réception, ou un dossier où un filtre range les candidatures.",
    )
    interval_minutes = FrenchIntegerField(
        "Relever toutes les (minutes)",
        default=5,
        validators=[NumberRange(min=1, max=1440, message="Entre 1 minute et 1 440 minutes (un jour).")],
    )
    enabled = BooleanField("Relève automatique", default=True)
    trust_fingerprint = HiddenField()
    trust = BooleanField("Faire confiance à ce certificat")

    def validate_port(self, field):
        if field.data is None and not field.errors:
            raise ValidationError("Indiquez le port (993 pour TLS, 143 pour STARTTLS).")

    def validate_interval_minutes(self, field):
        if field.data is None and not field.errors:
            raise ValidationError("Indiquez un intervalle en minutes.")

    def validate_host(self, field):
        value = (field.data or "").strip()
        if not _HOST_RE.match(value) or ".." in value:
            raise ValidationError("Ce n'est pas un nom de serveur valide (exemple : imap.gmail.com).")
        field.data = value

    def validate_folder(self, field):
        value = (field.data or "").strip()
        if any(ord(c) < 32 for c in value):
            raise ValidationError("Le nom du dossier contient des caractères invisibles.")
        field.data = value

    def validate_username(self, field):
        value = (field.data or "").strip()
        if any(ord(c) < 32 for c in value):
            raise ValidationError("L'identifiant contient des caractères invisibles.")
        field.data = value

    def validate_trust_fingerprint(self, field):
        value = (field.data or "").strip().lower().replace(":", "")
        if value and not re.fullmatch(r"[0-9a-f]{64}", value):
            raise ValidationError("Empreinte de certificat invalide : testez de nouveau la connexion.")
        field.data = value


class AssignForm(BaseForm):
    mission_id = SelectField("Mission", coerce=int, validate_choice=False)
