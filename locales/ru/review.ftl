### Подписи для content/_data/review.yaml.

## Коллекция review.offer-statuses

review-offer-statuses-columns =
    .label = Статус
    .description = Значение

review-offer-statuses-draft = Черновик
    .description = Предложение создано, но ещё не опубликовано.
review-offer-statuses-publish-in-progress = Идёт публикация
    .description = Предложение проходит процесс публикации.
review-offer-statuses-attention-needed = Требуется внимание
    .description = Во время сертификации или другого этапа публикации обнаружена критическая проблема.
review-offer-statuses-preview = Предварительный просмотр
    .description = Предложение прошло сертификацию и ожидает вашей окончательной проверки. Нажмите «Запустить», чтобы опубликовать его.
review-offer-statuses-live = Опубликовано
    .description = Предложение доступно на маркетплейсе: клиенты могут его увидеть и купить.
review-offer-statuses-stop-sell-pending = Ожидается прекращение продаж
    .description = Вы выбрали «Прекратить продажи» для предложения или одного из его планов, но действие ещё не завершено.
review-offer-statuses-not-available = Недоступно
    .description = Ранее опубликованное предложение удалено с маркетплейса.

## Коллекция review.page-states

review-page-states-columns =
    .label = Состояние
    .description = Значение

review-page-states-not-started = Не начата
    .description = На этой странице ещё ничего не заполнено.
review-page-states-incomplete = Не завершена
    .description = Не хватает обязательных сведений или есть ошибки, которые нужно исправить. Вернитесь на страницу и обновите её.
review-page-states-complete = Завершена
    .description = Все обязательные сведения указаны, ошибок нет.

## Коллекция review.go-live-steps

review-go-live-steps-return-to-portal = Вернитесь на портал издателя.
review-go-live-steps-select-overview = Откройте вкладку «Обзор» в меню слева.
review-go-live-steps-select-offer = Выберите предложение.
review-go-live-steps-select-review-and-publish = Нажмите «Проверка и публикация».
review-go-live-steps-select-go-live = Нажмите «Запустить», чтобы сделать предложение общедоступным.
