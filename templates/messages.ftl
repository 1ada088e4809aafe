### The default theme's own words, in English. They answer last in every
### locale's fallback chain: a site overrides any of them, per locale, in
### locales/<locale>/*.ftl.

site-title = Documentation
site-description = Documentation built with locdoc.
nav-home = Home
nav-languages = Languages
nav-pages = Pages
skip-to-content = Skip to content
notice-fallback = This page is not available in { $requested } yet, so it is shown in { $shown }.
notice-machine = This page was translated by machine and may contain mistakes.
notice-stale = The source of this page has changed since this translation was last updated.
footer-built-with = Built with locdoc
not-found-title = Page not found
not-found-body = There is no page at this address.
not-found-home = Go to the home page
chooser-title = Choose your language
value-none = —
value-yes = yes
value-no = no
status-title = Translation status
status-intro = How complete each locale is against the source locale, { $source }. Coverage averages messages and pages.
status-locale = Locale
status-coverage = Coverage
status-messages = Messages
status-pages = Pages
status-missing = Missing pages
status-stale = Out-of-date pages
status-machine = Machine-translated pages
status-messages-missing = Missing messages
status-source = source
