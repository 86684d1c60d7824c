from wtforms import EmailField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, EqualTo, Length

from screening.forms import BaseForm
from screening.timeutil import COMMON_ZONES, is_zone

MIN_PASSWORD = 10


class LoginForm(BaseForm):
    email = EmailField("Adresse e-mail", validators=[DataRequired(message="Saisissez votre adresse e-mail.")])
    password = PasswordField("Mot de passe",
                             validators=[DataRequired(message="Saisissez votre mot de passe.")])


class SetupForm(BaseForm):
    display_name = StringField("Votre nom",
                               validators=[Length(max=120, message="120 caractères au maximum.")])
    email = EmailField("Adresse e-mail", validators=[
        DataRequired(message="Saisissez votre adresse e-mail."),
        Email(message="Cette adresse e-mail n'est pas valide.", check_deliverability=False),
        Length(max=254, message="254 caractères au maximum.")])
    password = PasswordField("Mot de passe", validators=[
        DataRequired(message="Choisissez un mot de passe."),
        Length(min=MIN_PASSWORD, max=200, message=f"Au moins {MIN_PASSWORD} caractères.")])
    confirm = PasswordField("Confirmez le mot de passe", validators=[
        DataRequired(message="Confirmez le mot de passe."),
        EqualTo("password", message="Les deux mots de passe ne correspondent pas.")])


class TimezoneForm(BaseForm):
    timezone = SelectField("Fuseau horaire", choices=[SelectChoice(k, v) for k, v in COMMON_ZONES],
                           description="Les heures que vous saisissez (publication d'une annonce, dates sans "
                                       "fuseau d'un fichier CSV) et celles affichées sont dans ce fuseau, "
                                       "heure d'été comprise.")

    def __init__(self, *args, current: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # A zone set through DISPLAY_TIMEZONE but not in the short list stays selectable.
        known = {choice.value for choice in self.timezone.choices}
        for name in (current, self.timezone.data):
            if name and name not in known and is_zone(name):
                self.timezone.choices.append(SelectChoice(name, name))
                known.add(name)


class TokenForm(BaseForm):
    name = StringField("Nom du jeton", validators=[
        DataRequired(message="Donnez un nom au jeton (par exemple : formulaire du site)."),
        Length(max=100, message="100 caractères au maximum.")])
