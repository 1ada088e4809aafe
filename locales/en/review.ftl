### Labels for content/_data/review.yaml.

## Collection review.offer-statuses

review-offer-statuses-columns =
    .label = Status
    .description = Meaning

review-offer-statuses-draft = Draft
    .description = The offer has been created but has not been published.
review-offer-statuses-publish-in-progress = Publishing in progress
    .description = The offer is going through the publishing process.
review-offer-statuses-attention-needed = Attention needed
    .description = A critical problem was found during certification or during another publishing stage.
review-offer-statuses-preview = Preview
    .description = The offer has passed certification and is waiting for your final check. Select “Go live” to make it live.
review-offer-statuses-live = Live
    .description = The offer is available in the marketplace, where customers can see and buy it.
review-offer-statuses-stop-sell-pending = Stop sell pending
    .description = You selected “Stop selling” on the offer or on one of its plans, and the action has not finished yet.
review-offer-statuses-not-available = Not available
    .description = The offer had been published but has since been removed from the marketplace.

## Collection review.page-states

review-page-states-columns =
    .label = State
    .description = Meaning

review-page-states-not-started = Not started
    .description = Nothing has been filled in on this page yet.
review-page-states-incomplete = Incomplete
    .description = Required information is missing or there are errors to fix. Go back to the page and update it.
review-page-states-complete = Complete
    .description = All required information has been provided and there are no errors.

## Collection review.go-live-steps

review-go-live-steps-return-to-portal = Return to the publisher portal.
review-go-live-steps-select-overview = Select the “Overview” tab in the left menu.
review-go-live-steps-select-offer = Select the offer.
review-go-live-steps-select-review-and-publish = Select “Review and publish”.
review-go-live-steps-select-go-live = Select “Go live” to make the offer public.
