### Etiketter för content/_data/publishing.yaml och format för tidsangivelser.

## Samlingen publishing.stages

publishing-stages-columns =
    .label = Steg
    .duration = Längsta tid
    .description = Vad som händer

publishing-stages-validate-prerequisites = Kontroll av förutsättningar
    .description = Erbjudandets information och inställningar kontrolleras automatiskt.
publishing-stages-certification = Certifiering
    .description = Certifieringsteamet analyserar erbjudandet. Det genomsöks efter virus, skadlig kod och brister i säkerhetsefterlevnad och kontrolleras mot behörighetskriterierna. Om något är fel får du återkoppling.
publishing-stages-packaging = Paketering
    .description = Erbjudandets tekniska tillgångar paketeras för kunderna, och systemen som tar emot dina försäljningsleads konfigureras.
publishing-stages-publisher-signoff = Utgivarens godkännande
    .description = Du går igenom erbjudandet en sista gång. Du kan testa det i de prenumerationer du har valt och sedan välja ”Gå live” när du är nöjd.
publishing-stages-replication = Paketering för produktion
    .description = Det färdiga erbjudandet replikeras till marknadsplatsens produktionssystem och regioner.
publishing-stages-live = Live
    .description = Erbjudandet lanseras, replikeras till alla regioner som krävs och blir offentligt.

## Samlingen publishing.totals

publishing-totals-end-to-end = Hela publiceringen

## Tidsangivelser

# Variabler:
#   $count (Number) - antal enheter
unit-minute = { $count ->
    [one] { $count } minut
   *[other] { $count } minuter
}
unit-hour = { $count ->
    [one] { $count } timme
   *[other] { $count } timmar
}
unit-day = { $count ->
    [one] { $count } dag
   *[other] { $count } dagar
}
unit-week = { $count ->
    [one] { $count } vecka
   *[other] { $count } veckor
}
unit-business-day = { $count ->
    [one] { $count } arbetsdag
   *[other] { $count } arbetsdagar
}

# Visas i en tabellcell när posten saknar värde.
value-none = —
