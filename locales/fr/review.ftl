### Libellés de content/_data/review.yaml.

## Collection review.offer-statuses

review-offer-statuses-columns =
    .label = État
    .description = Signification

review-offer-statuses-draft = Brouillon
    .description = L’offre a été créée, mais elle n’a pas encore été publiée.
review-offer-statuses-publish-in-progress = Publication en cours
    .description = L’offre suit actuellement le processus de publication.
review-offer-statuses-attention-needed = Action requise
    .description = Un problème critique a été détecté pendant la certification ou pendant une autre étape de la publication.
review-offer-statuses-preview = Aperçu
    .description = L’offre a été certifiée et attend votre vérification finale. Sélectionnez « Mettre en ligne » pour la rendre disponible.
review-offer-statuses-live = En ligne
    .description = L’offre est disponible sur la place de marché : les clients peuvent la voir et l’acheter.
review-offer-statuses-stop-sell-pending = Arrêt de la vente en cours
    .description = Vous avez choisi « Arrêter la vente » pour l’offre ou pour l’un de ses plans, mais l’opération n’est pas encore terminée.
review-offer-statuses-not-available = Non disponible
    .description = L’offre avait été publiée, mais elle a depuis été retirée de la place de marché.

## Collection review.page-states

review-page-states-columns =
    .label = État
    .description = Signification

review-page-states-not-started = Non commencée
    .description = Rien n’a encore été renseigné sur cette page.
review-page-states-incomplete = Incomplète
    .description = Des informations obligatoires manquent ou des erreurs restent à corriger. Revenez à la page pour la mettre à jour.
review-page-states-complete = Complète
    .description = Toutes les informations obligatoires sont renseignées et la page ne contient aucune erreur.

## Collection review.go-live-steps

review-go-live-steps-return-to-portal = Revenez au portail éditeur.
review-go-live-steps-select-overview = Sélectionnez l’onglet « Vue d’ensemble » dans le menu de gauche.
review-go-live-steps-select-offer = Sélectionnez l’offre.
review-go-live-steps-select-review-and-publish = Sélectionnez « Vérifier et publier ».
review-go-live-steps-select-go-live = Sélectionnez « Mettre en ligne » pour rendre l’offre publique.
