from flask_wtf.file import FileField, FileRequired, MultipleFileField
from wtforms import TextAreaField
from wtforms.validators import DataRequired

from screening.forms import BaseForm


class PasteForm(BaseForm):
    text = TextAreaField("Réponses collées",
                         validators=[DataRequired(message="Collez au moins une réponse.")],
                         description="Une réponse, ou plusieurs séparées par une ligne « --- » ou par des "
                                     "en-têtes « De : », « From: », « Nom : ». Sous l'en-tête, « Reçue le "
                                     "12/03 à 14:05 » et « Tarif : 25 €/h » donnent la date et le tarif ; "
                                     "sans date, la réponse est « date inconnue ».")


class CsvUploadForm(BaseForm):
    file = FileField("Fichier CSV", validators=[FileRequired(message="Choisissez un fichier CSV.")],
                     description="Séparateur , ; ou tabulation ; UTF-8 (avec ou sans BOM) ou Windows-1252 "
                                 "(Excel en français). 20 Mo au plus.")


class EmailUploadForm(BaseForm):
    files = MultipleFileField("E-mails (.eml) ou boîte mail (mbox)",
                              description="Un ou plusieurs fichiers .eml, ou l'export mbox d'un logiciel de "
                                          "messagerie. Les pièces jointes sont listées, pas conservées.")
