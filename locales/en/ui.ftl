### Interface strings shared by every page of the site.

site-title = Marketplace publishing guides
site-description = Step-by-step guides to publishing an offer in the marketplace and making it available to customers.
nav-home = Home
nav-languages = Languages
nav-pages = Guides
skip-to-content = Skip to content

## Notices shown above a page

# Variables:
#   $requested (String) - name of the language the reader asked for
#   $shown (String) - name of the language the page is shown in
notice-fallback = This page is not available in { $requested } yet, so it is shown in { $shown }.
notice-machine = This page was translated by machine. It may contain mistakes, so check important details against the original.
notice-stale = The source of this page has changed since this translation was last updated. Some details may be out of date.

## Footer, error page and language chooser

footer-built-with = Built with locdoc
not-found-title = Page not found
not-found-body = The page you are looking for does not exist or has been moved.
not-found-home = Go to the home page
chooser-title = Choose your language

## Languages as the notices name them

language-en = English
language-fr = French
language-pt-BR = Portuguese (Brazil)
language-sv = Swedish
language-ru = Russian
