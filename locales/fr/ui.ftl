### Textes de l’interface communs à toutes les pages du site.

site-title = Guides de publication sur la place de marché
site-description = Des guides pas à pas pour publier une offre sur la place de marché et la proposer aux clients.
nav-home = Accueil
nav-languages = Langues
nav-pages = Guides
skip-to-content = Aller au contenu

## Avis affichés en haut d’une page

# Variables :
#   $requested (String) - nom de la langue demandée par le lecteur
#   $shown (String) - nom de la langue dans laquelle la page est affichée
notice-fallback = Cette page n’est pas encore disponible en { $requested } ; elle est donc affichée en { $shown }.
notice-machine = Cette page a été traduite automatiquement. Elle peut contenir des erreurs : vérifiez les informations importantes dans la version originale.
notice-stale = La page d’origine a été modifiée depuis la dernière mise à jour de cette traduction. Certaines informations ne sont peut-être plus à jour.

## Pied de page, page d’erreur et choix de la langue

footer-built-with = Créé avec locdoc
not-found-title = Page introuvable
not-found-body = La page que vous cherchez n’existe pas ou a été déplacée.
not-found-home = Revenir à la page d’accueil
chooser-title = Choisissez votre langue

## Noms des langues, tels que les avis les emploient

language-en = anglais
language-fr = français
language-pt-BR = portugais (Brésil)
language-sv = suédois
language-ru = russe
