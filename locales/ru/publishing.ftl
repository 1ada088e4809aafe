### Подписи для content/_data/publishing.yaml и форматы длительности.

## Коллекция publishing.stages

publishing-stages-columns =
    .label = Этап
    .duration = Максимальное время
    .description = Что происходит

publishing-stages-validate-prerequisites = Проверка предварительных требований
    .description = Сведения о предложении и его параметры проверяются автоматически.
publishing-stages-certification = Сертификация
    .description = Команда сертификации анализирует предложение: проверяет его на вирусы, вредоносные программы и нарушения требований безопасности, а также на соответствие критериям допуска. Если обнаружится проблема, вы получите замечания.
publishing-stages-packaging = Упаковка
    .description = Технические ресурсы предложения упаковываются для клиентов, и настраиваются системы, через которые вы будете получать лиды.
publishing-stages-publisher-signoff = Подтверждение издателем
    .description = Вы в последний раз проверяете предложение. Его можно протестировать в выбранных подписках, а затем, если всё в порядке, нажать «Запустить».
publishing-stages-replication = Упаковка для рабочей среды
    .description = Готовое предложение реплицируется в рабочие системы и регионы маркетплейса.
publishing-stages-live = Запуск
    .description = Предложение выпускается, реплицируется во все нужные регионы и становится общедоступным.

## Коллекция publishing.totals

publishing-totals-end-to-end = Весь процесс публикации

## Длительности

# Переменные:
#   $count (Number) - количество единиц; [other] используется для дробных чисел
unit-minute = { $count ->
    [one] { $count } минута
    [few] { $count } минуты
   *[many] { $count } минут
    [other] { $count } минуты
}
unit-hour = { $count ->
    [one] { $count } час
    [few] { $count } часа
   *[many] { $count } часов
    [other] { $count } часа
}
unit-day = { $count ->
    [one] { $count } день
    [few] { $count } дня
   *[many] { $count } дней
    [other] { $count } дня
}
unit-week = { $count ->
    [one] { $count } неделя
    [few] { $count } недели
   *[many] { $count } недель
    [other] { $count } недели
}
unit-business-day = { $count ->
    [one] { $count } рабочий день
    [few] { $count } рабочих дня
   *[many] { $count } рабочих дней
    [other] { $count } рабочего дня
}

# Показывается в ячейке таблицы, если у записи нет значения.
value-none = —
