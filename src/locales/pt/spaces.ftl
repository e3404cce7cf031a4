# Spaces, posts and comments.

## Shared words
save = Salvar
cancel = Cancelar
edit = Editar
delete = Excluir
language-code-hint = Um código de idioma como en, fr, ar, de, pt ou sw.
role-reader = Leitor(a)
role-contributor = Colaborador(a)
role-content_manager = Gestor(a) de conteúdo
role-space_manager = Gestor(a) do espaço
join-policy-open = Qualquer pessoa pode participar
join-policy-request = As pessoas pedem para participar; um(a) gestor(a) aprova
join-policy-invitation = Somente por convite

## Directory
spaces-title = Espaços
spaces-create = Criar um espaço
spaces-mine = Seus espaços
spaces-public = Espaços públicos
spaces-none = Ainda não há espaços públicos.
spaces-more = Mais espaços
spaces-follow-title = Seguir um espaço em outro servidor
spaces-follow-handle = O identificador do espaço
spaces-follow-hint = Por exemplo, @human-rights-news@agora.example.org, ou o endereço do espaço.
spaces-follow-submit = Seguir
posts-count = { $count ->
    [one] { $count } publicação
   *[other] { $count } publicações
}

## One space
space-public = Público
space-private = Privado
space-public-hint = Qualquer pessoa pode lê-lo; ele é compartilhado com os servidores que o seguem.
space-private-hint = Somente os membros podem vê-lo; nada dele jamais sai deste servidor.
space-remote = Em { $domain }
space-your-role = Seu papel: { $role }
space-join = Participar
space-leave = Sair
space-unfollow = Deixar de seguir
space-leave-confirm = Sair deste espaço?
space-sections = Seções deste espaço
tab-feed = Publicações
tab-events = Eventos
tab-library = Biblioteca
tab-members = Membros
tab-about = Sobre
space-no-description = Ainda sem descrição.
space-created = Criado em
space-handle = Identificador para outros servidores
space-settings = Configurações
space-field-title = Nome
space-field-slug = Nome curto para endereços
space-field-slug-hint = De 2 a 50 letras minúsculas, algarismos ou -, começando com uma letra. Não poderá ser alterado depois.
space-field-description = Descrição
space-field-language = Idioma principal
space-field-visibility = Quem pode vê-lo
space-field-join-policy = Como as pessoas entram em um espaço privado
space-field-join-policy-hint = Espaços públicos são abertos a todos.
space-field-default-role = Papel dos novos membros
join-request-title = Pedir para participar
join-request-intro = Se este espaço aceitar pedidos, os gestores verão o seu e decidirão.
join-request-message = Uma mensagem para os gestores do espaço (opcional)
join-request-submit = Enviar meu pedido
join-request-sent = Seu pedido foi registrado. Se o espaço aceitar pedidos, os gestores decidirão.

## Posts
post-new = Escrever uma publicação
post-title = Título
post-body = Texto
post-body-hint = Markdown: *itálico*, **negrito**, [link](https://…), listas com -. Mencione membros com @nome.
post-language-field = Idioma da publicação
post-publish = Publicar
post-by = Por
post-edited = editada em { $date }
post-edit-title = Editar a publicação
post-delete-confirm = Excluir esta publicação e seus comentários?
reactions-label = Reações
reaction-add = Reagir com { $emoji } ({ $count } até agora)
reaction-remove = Retirar seu { $emoji } ({ $count } no total)

## Comments
comment-new = Seu comentário
comment-send = Enviar
comment-reply = Responder
comment-reply-label = Sua resposta
comment-edit-label = Seu comentário
comment-edited = editado
comment-deleted = Este comentário foi excluído.
comment-delete-confirm = Excluir este comentário?
comment-join-to-take-part = Participe deste espaço para comentar.
comment-sign-in = Entre para comentar
post-held-back = Não enviada a outras instâncias: esta publicação aponta para { $url }, uma página desta instância que não é pública ou não existe. Remova ou altere a ligação e guarde de novo.

# The new space form's messages next to a refused field.
space-error-slug = Use de 2 a 50 letras minúsculas, algarismos ou -, começando por uma letra.
space-error-slug-taken = Este endereço já está em uso: escolha outro.
space-error-title = Dê um nome ao espaço, com no máximo 200 caracteres.
space-error-language = Indique um código de língua como en, fr, ar, de ou pt.
