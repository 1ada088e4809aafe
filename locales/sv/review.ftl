### Etiketter för content/_data/review.yaml.

## Samlingen review.offer-statuses

review-offer-statuses-columns =
    .label = Status
    .description = Betydelse

review-offer-statuses-draft = Utkast
    .description = Erbjudandet har skapats men har inte publicerats.
review-offer-statuses-publish-in-progress = Publicering pågår
    .description = Erbjudandet går igenom publiceringsprocessen.
review-offer-statuses-attention-needed = Åtgärd krävs
    .description = Ett allvarligt problem upptäcktes under certifieringen eller under ett annat publiceringssteg.
review-offer-statuses-preview = Förhandsversion
    .description = Erbjudandet är certifierat och väntar på din slutkontroll. Välj ”Gå live” för att publicera det.
review-offer-statuses-live = Live
    .description = Erbjudandet finns på marknadsplatsen, där kunder kan se och köpa det.
review-offer-statuses-stop-sell-pending = Försäljningsstopp väntar
    .description = Du har valt ”Sluta sälja” för erbjudandet eller för en av dess planer, men åtgärden är inte klar än.
review-offer-statuses-not-available = Inte tillgängligt
    .description = Erbjudandet var publicerat men har sedan tagits bort från marknadsplatsen.

## Samlingen review.page-states

review-page-states-columns =
    .label = Tillstånd
    .description = Betydelse

review-page-states-not-started = Inte påbörjad
    .description = Ingenting har fyllts i på den här sidan än.
review-page-states-incomplete = Ofullständig
    .description = Obligatorisk information saknas eller det finns fel att rätta. Gå tillbaka till sidan och uppdatera den.
review-page-states-complete = Klar
    .description = All obligatorisk information är ifylld och det finns inga fel.

## Samlingen review.go-live-steps

review-go-live-steps-return-to-portal = Gå tillbaka till utgivarportalen.
review-go-live-steps-select-overview = Välj fliken ”Översikt” i menyn till vänster.
review-go-live-steps-select-offer = Välj erbjudandet.
review-go-live-steps-select-review-and-publish = Välj ”Granska och publicera”.
review-go-live-steps-select-go-live = Välj ”Gå live” för att göra erbjudandet offentligt.
