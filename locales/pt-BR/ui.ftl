### Textos da interface usados em todas as páginas do site.

site-title = Guias de publicação no marketplace
site-description = Guias passo a passo para publicar uma oferta no marketplace e disponibilizá-la aos clientes.
nav-home = Início
nav-languages = Idiomas
nav-pages = Guias
skip-to-content = Pular para o conteúdo

## Avisos exibidos no topo de uma página

# Variáveis:
#   $requested (String) - nome do idioma pedido pelo leitor
#   $shown (String) - nome do idioma em que a página é exibida
notice-fallback = Esta página ainda não está disponível em { $requested }, por isso é exibida em { $shown }.
notice-machine = Esta página foi traduzida automaticamente. Ela pode conter erros; confira as informações importantes na versão original.
notice-stale = O texto original desta página mudou desde a última atualização desta tradução. Algumas informações podem estar desatualizadas.

## Rodapé, página de erro e escolha de idioma

footer-built-with = Feito com locdoc
not-found-title = Página não encontrada
not-found-body = A página que você procura não existe ou foi movida.
not-found-home = Ir para a página inicial
chooser-title = Escolha seu idioma

## Nomes dos idiomas, como os avisos os usam

language-en = inglês
language-fr = francês
language-pt-BR = português (Brasil)
language-sv = sueco
language-ru = russo
