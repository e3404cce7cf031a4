# A biblioteca: navegar pelas pastas, arquivos e notas de um espaço,
# a página de um item, suas versões e comentários.

## Navegar
library-title = Biblioteca
library-breadcrumbs = Você está aqui
library-top = Biblioteca
library-tagged = Etiqueta “{ $tag }”
library-clear-tag = Todos os itens
library-show-archived = Mostrar itens arquivados
library-hide-archived = Ocultar itens arquivados
library-usage = { $used } em uso
library-usage-of = { $used } de { $quota } em uso
library-empty = Esta pasta está vazia.
library-none-tagged = Nenhum item tem esta etiqueta.
library-more = Mais itens
library-col-name = Nome
library-col-kind = Tipo
library-col-size = Tamanho
library-col-changed = Alterado
library-col-status = Situação
library-col-tags = Etiquetas
library-col-author = Por
library-col-date = Data
library-col-comment = Comentário
library-col-actions = Ações
library-archived = Arquivado
library-remote = De outro servidor
library-kind-folder = Pasta
library-kind-file = Arquivo
library-kind-note = Nota
library-status-open = Em aberto
library-status-validated = Validado
library-status-cancelled = Cancelado
library-status-deprecated = Obsoleto

## Adicionar
library-add = Adicionar à biblioteca
library-upload = Enviar um arquivo
library-upload-submit = Enviar
library-new-note = Escrever uma nota
library-new-note-submit = Salvar a nota
library-new-folder = Nova pasta
library-new-folder-submit = Criar a pasta
library-field-title = Título
library-field-title-file-hint = Deixe em branco para usar o nome do arquivo.
library-field-folder-name = Nome da pasta
library-field-description = Descrição
library-field-tags = Etiquetas
library-field-tags-hint = Separadas por vírgulas, por exemplo: ata, orçamento 2026.
library-field-language = Idioma
library-field-comment = O que mudou (opcional)
library-field-file = Arquivo
library-field-file-hint = Até { $size }.
library-field-body = Texto
library-field-body-hint = Markdown: **negrito**, *itálico*, # títulos, listas, [links](https://example.org).

## Um item
library-file-name = Nome do arquivo
library-media-type = Formato
library-revision = Versão
library-created = Criado
library-updated = Última alteração
library-download = Baixar
library-change = Alterar este item
library-new-revision = Enviar uma nova versão
library-new-revision-submit = Enviar a versão
library-edit-note = Editar o texto
library-save-note = Salvar como nova versão
library-edit-details = Editar as informações
library-save-details = Salvar as informações
library-archive = Arquivar
library-unarchive = Tirar do arquivo
library-delete = Excluir
library-delete-confirm = Excluir este item com todas as versões e comentários? Não será possível desfazer.
library-text-done = Texto indexado para a pesquisa
library-text-pending = Extração do texto pendente
library-text-failed = Não foi possível ler o texto: { $reason }
library-text-unsupported = O texto deste tipo de arquivo não é lido

## Versões
library-revisions = Versões
library-current = Atual
library-download-revision = Baixar a versão { $number }
library-restore = Restaurar a versão { $number }
library-compare = Comparar com a anterior
library-diff-title = Alterações da versão { $from } para a versão { $to }
library-diff-added = { $count ->
    [one] { $count } linha adicionada
   *[other] { $count } linhas adicionadas
}
library-diff-removed = { $count ->
    [one] { $count } linha removida
   *[other] { $count } linhas removidas
}

## Comentários
library-comments = Comentários
library-no-comments = Nenhum comentário ainda.
library-comment-edited = (editado)
library-comment-label = Seu comentário
library-comment-send = Enviar
library-comment-delete = Excluir
library-comment-delete-confirm = Excluir este comentário?

# The new note form's messages next to a refused field.
library-error-title = Dê à nota um título de no máximo 200 caracteres.
library-error-tags = Cada etiqueta tem no máximo 50 caracteres, sem vírgulas; no máximo 20 etiquetas.
library-error-language = Indique um código de língua como en, fr, ar, de ou pt.
library-error-item-title = Dê-lhe um título de no máximo 200 caracteres.
library-error-folder-title = Dê à pasta um nome de no máximo 200 caracteres.
library-error-description = Uma descrição tem no máximo 5.000 caracteres.
library-error-comment = O que mudou cabe em no máximo 500 caracteres.
library-error-comment-body = Escreva seu comentário, em no máximo 10.000 caracteres.
library-error-file = Escolha um arquivo para enviar.
library-error-file-again = Escolha o arquivo de novo: um navegador não o guarda quando um formulário volta.
library-error-file-size = Este arquivo é maior que os { $limit } permitidos aqui para um arquivo: escolha um menor.
library-error-quota = A biblioteca deste espaço está cheia (ela comporta { $quota }): apague itens antigos ou peça mais espaço a um administrador e depois escolha o arquivo de novo.
library-error-note-size = Uma nota comporta no máximo { $limit } de texto: encurte-a ou divida-a em várias notas.
library-error-note-quota = A biblioteca deste espaço está cheia (ela comporta { $quota }): apague itens antigos ou peça mais espaço a um administrador e depois salve de novo.
