### Labels for content/_data/publishing.yaml and duration formats.

## Collection publishing.stages

publishing-stages-columns =
    .label = Stage
    .duration = Maximum time
    .description = What happens

publishing-stages-validate-prerequisites = Validate prerequisites
    .description = The information and settings of the offer are checked automatically.
publishing-stages-certification = Certification
    .description = The certification team analyses the offer. It is scanned for viruses, malware and security compliance issues, and checked against the eligibility criteria. If something is wrong, you receive feedback.
publishing-stages-packaging = Packaging
    .description = The technical assets of the offer are packaged for customers, and the systems that receive your sales leads are configured.
publishing-stages-publisher-signoff = Publisher sign-off
    .description = You look over the offer one last time. You can test it in the subscriptions you selected, then select “Go live” when you are satisfied.
publishing-stages-replication = Packaging for production
    .description = The finalized offer is replicated to the production systems and regions of the marketplace.
publishing-stages-live = Live
    .description = The offer is released, copied to every required region and made public.

## Collection publishing.totals

publishing-totals-end-to-end = End-to-end publishing

## Durations

# Variables:
#   $count (Number) - how many units
unit-minute = { $count ->
    [one] { $count } minute
   *[other] { $count } minutes
}
unit-hour = { $count ->
    [one] { $count } hour
   *[other] { $count } hours
}
unit-day = { $count ->
    [one] { $count } day
   *[other] { $count } days
}
unit-week = { $count ->
    [one] { $count } week
   *[other] { $count } weeks
}
unit-business-day = { $count ->
    [one] { $count } business day
   *[other] { $count } business days
}

# Shown in a table cell when a record has no value.
value-none = —
