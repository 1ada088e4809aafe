### Rótulos de content/_data/review.yaml.

## Coleção review.offer-statuses

review-offer-statuses-columns =
    .label = Status
    .description = Significado

review-offer-statuses-draft = Rascunho
    .description = A oferta foi criada, mas ainda não foi publicada.
review-offer-statuses-publish-in-progress = Publicação em andamento
    .description = A oferta está passando pelo processo de publicação.
review-offer-statuses-attention-needed = Requer atenção
    .description = Um problema crítico foi encontrado durante a certificação ou em outra etapa da publicação.
review-offer-statuses-preview = Pré-visualização
    .description = A oferta foi certificada e aguarda sua verificação final. Selecione “Entrar no ar” para publicá-la.
review-offer-statuses-live = No ar
    .description = A oferta está disponível no marketplace, onde os clientes podem vê-la e comprá-la.
review-offer-statuses-stop-sell-pending = Interrupção de venda pendente
    .description = Você selecionou “Parar de vender” na oferta ou em um dos planos dela, mas a ação ainda não foi concluída.
review-offer-statuses-not-available = Indisponível
    .description = A oferta tinha sido publicada, mas depois foi removida do marketplace.

## Coleção review.page-states

review-page-states-columns =
    .label = Estado
    .description = Significado

review-page-states-not-started = Não iniciada
    .description = Nada foi preenchido nesta página ainda.
review-page-states-incomplete = Incompleta
    .description = Faltam informações obrigatórias ou há erros a corrigir. Volte à página e atualize-a.
review-page-states-complete = Concluída
    .description = Todas as informações obrigatórias foram fornecidas e não há erros.

## Coleção review.go-live-steps

review-go-live-steps-return-to-portal = Volte ao portal do editor.
review-go-live-steps-select-overview = Selecione a guia “Visão geral” no menu à esquerda.
review-go-live-steps-select-offer = Selecione a oferta.
review-go-live-steps-select-review-and-publish = Selecione “Revisar e publicar”.
review-go-live-steps-select-go-live = Selecione “Entrar no ar” para tornar a oferta pública.
