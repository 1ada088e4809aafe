### Libellés de content/_data/publishing.yaml et formats de durée.

## Collection publishing.stages

publishing-stages-columns =
    .label = Étape
    .duration = Durée maximale
    .description = Déroulement

publishing-stages-validate-prerequisites = Validation des prérequis
    .description = Les informations et les paramètres de l’offre sont vérifiés automatiquement.
publishing-stages-certification = Certification
    .description = L’équipe de certification analyse l’offre : elle y recherche virus, logiciels malveillants et problèmes de conformité en matière de sécurité, puis vérifie qu’elle remplit les critères d’éligibilité. En cas de problème, vous recevez un retour.
publishing-stages-packaging = Empaquetage
    .description = Les ressources techniques de l’offre sont empaquetées pour les clients, et les systèmes qui reçoivent vos prospects sont configurés.
publishing-stages-publisher-signoff = Approbation de l’éditeur
    .description = Vous examinez l’offre une dernière fois. Vous pouvez la tester dans les abonnements choisis, puis sélectionner « Mettre en ligne » lorsqu’elle vous convient.
publishing-stages-replication = Empaquetage pour la production
    .description = L’offre finalisée est répliquée vers les systèmes et les régions de production de la place de marché.
publishing-stages-live = En ligne
    .description = L’offre est lancée, répliquée dans toutes les régions requises et rendue publique.

## Collection publishing.totals

publishing-totals-end-to-end = Publication complète

## Durées

# Variables :
#   $count (Number) - nombre d’unités ; [one] couvre 0 et 1
unit-minute = { $count ->
    [one] { $count } minute
   *[other] { $count } minutes
}
unit-hour = { $count ->
    [one] { $count } heure
   *[other] { $count } heures
}
unit-day = { $count ->
    [one] { $count } jour
   *[other] { $count } jours
}
unit-week = { $count ->
    [one] { $count } semaine
   *[other] { $count } semaines
}
unit-business-day = { $count ->
    [one] { $count } jour ouvré
   *[other] { $count } jours ouvrés
}

# Affiché dans une cellule de tableau quand l’enregistrement n’a pas de valeur.
value-none = —
