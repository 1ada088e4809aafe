### Gränssnittstexter som används på alla sidor på webbplatsen.

site-title = Guider för publicering på marknadsplatsen
site-description = Steg-för-steg-guider för att publicera ett erbjudande på marknadsplatsen och göra det tillgängligt för kunder.
nav-home = Start
nav-languages = Språk
nav-pages = Guider
skip-to-content = Hoppa till innehållet

## Meddelanden som visas överst på en sida

# Variabler:
#   $requested (String) - namnet på språket som läsaren valde
#   $shown (String) - namnet på språket som sidan visas på
notice-fallback = Den här sidan finns inte på { $requested } ännu, så den visas på { $shown }.
notice-machine = Den här sidan har maskinöversatts. Den kan innehålla fel, så kontrollera viktiga uppgifter mot originalet.
notice-stale = Originalet till den här sidan har ändrats sedan översättningen senast uppdaterades. Vissa uppgifter kan vara inaktuella.

## Sidfot, felsida och språkval

footer-built-with = Byggd med locdoc
not-found-title = Sidan hittades inte
not-found-body = Sidan du letar efter finns inte eller har flyttats.
not-found-home = Gå till startsidan
chooser-title = Välj språk

## Språknamn så som meddelandena använder dem

language-en = engelska
language-fr = franska
language-pt-BR = portugisiska (Brasilien)
language-sv = svenska
language-ru = ryska
