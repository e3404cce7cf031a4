# Pesquisa: a caixa no cabeçalho de cada página e a página de resultados.

## A caixa do cabeçalho
search-label = Pesquisar
search-placeholder = Pesquisar…
search-submit = Pesquisar

## A página de resultados
search-title = Pesquisa
search-title-for = Pesquisa: { $query }
search-words = Palavras a procurar
search-filters = Filtros
search-kind = Tipo
search-kind-any = Tudo
search-kind-post = Publicação
search-kind-comment = Comentário
search-kind-event = Evento
search-kind-library_item = Biblioteca
search-kind-space = Espaço
search-kind-person = Pessoa
search-space = Espaço
search-space-hint = O seu nome curto, como no seu endereço (/s/nome).
search-author = Autoria
search-author-hint = Um identificador: nome ou nome@instância.
search-language = Língua
search-language-any = Todas as línguas
search-since = De
search-until = Até
search-apply = Pesquisar
search-prompt = Escreva uma ou mais palavras: cada palavra tem de ser encontrada, numa das suas formas (acentos, maiúsculas, plurais).
search-too-long = A pesquisa é demasiado longa: { $max } caracteres no máximo.
search-invalid = Esta pesquisa não pode ser feita: { $reason }
search-none = Nada encontrado. Tente menos palavras, ou retire um filtro.
search-count = { $count ->
    [one] { $count } resultado
   *[other] { $count } resultados
}
search-count-more = Mais de { $count } resultados: os { $count } mais recentes são ordenados por relevância. Acrescente uma palavra ou um filtro para encontrar os mais antigos.
search-in-space = em { $space }
search-by = por { $author }
search-previous = Página anterior
search-next = Página seguinte
search-page = Página { $page } de { $pages }
