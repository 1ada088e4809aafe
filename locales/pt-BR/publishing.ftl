### Rótulos de content/_data/publishing.yaml e formatos de duração.

## Coleção publishing.stages

publishing-stages-columns =
    .label = Etapa
    .duration = Tempo máximo
    .description = O que acontece

publishing-stages-validate-prerequisites = Validação dos pré-requisitos
    .description = As informações e as configurações da oferta são verificadas automaticamente.
publishing-stages-certification = Certificação
    .description = A equipe de certificação analisa a oferta: procura vírus, malware e problemas de conformidade de segurança e verifica se ela atende aos critérios de qualificação. Se algo estiver errado, você recebe um retorno.
publishing-stages-packaging = Empacotamento
    .description = Os recursos técnicos da oferta são empacotados para os clientes, e os sistemas que recebem seus leads de vendas são configurados.
publishing-stages-publisher-signoff = Aprovação do editor
    .description = Você revisa a oferta uma última vez. É possível testá-la nas assinaturas selecionadas e, quando tudo estiver certo, selecionar “Entrar no ar”.
publishing-stages-replication = Empacotamento para produção
    .description = A oferta finalizada é replicada para os sistemas e as regiões de produção do marketplace.
publishing-stages-live = No ar
    .description = A oferta é lançada, replicada para todas as regiões necessárias e disponibilizada ao público.

## Coleção publishing.totals

publishing-totals-end-to-end = Publicação completa

## Durações

# Variáveis:
#   $count (Number) - quantidade de unidades
unit-minute = { $count ->
    [one] { $count } minuto
   *[other] { $count } minutos
}
unit-hour = { $count ->
    [one] { $count } hora
   *[other] { $count } horas
}
unit-day = { $count ->
    [one] { $count } dia
   *[other] { $count } dias
}
unit-week = { $count ->
    [one] { $count } semana
   *[other] { $count } semanas
}
unit-business-day = { $count ->
    [one] { $count } dia útil
   *[other] { $count } dias úteis
}

# Exibido em uma célula de tabela quando o registro não tem valor.
value-none = —
