## Email: notification emails, digests, notification preferences, unsubscribing, the admin's outbox.


mail-greeting = Olá { $name },
mail-open = Abrir no Agora
mail-private-no-text = Isto aconteceu num espaço privado, cujo texto fica lá: abra o Agora para o ler.
mail-preferences = Escolha o que lhe chega e como: { $url }
mail-unsubscribe = Deixar de receber estes e-mails
mail-unsubscribe-digest = Deixar de receber este resumo
mail-why-email = Recebe este e-mail porque as suas definições de notificações enviam { $category } por e-mail imediato.
mail-why-email-space = Recebe este e-mail porque as suas definições de notificações enviam { $category } em { $space } por e-mail imediato.

## Categorias e formas de receção (também na página de definições).
mail-category-mentions = menções
mail-category-replies = respostas e comentários
mail-category-reactions = reações
mail-category-posts = novas publicações
mail-category-membership = adesões e convites
mail-category-requests = pedidos de adesão
mail-category-organising = eventos que organizo
mail-category-events = eventos em que estou inscrito/a
mail-category-library = itens da biblioteca que sigo
mail-category-reports = denúncias a tratar
mail-delivery-email = E-mail imediato
mail-delivery-daily = Resumo diário
mail-delivery-weekly = Resumo semanal
mail-delivery-app = Só no Agora
mail-delivery-off = Desligado

## Resumos.
mail-digest-daily-subject = { $count ->
    [one] O seu resumo diário: { $count } notificação
   *[other] O seu resumo diário: { $count } notificações
}
mail-digest-weekly-subject = { $count ->
    [one] O seu resumo semanal: { $count } notificação
   *[other] O seu resumo semanal: { $count } notificações
}
mail-digest-daily-intro = Eis o que aconteceu nos seus espaços desde o seu último resumo diário.
mail-digest-weekly-intro = Eis o que aconteceu nos seus espaços desde o seu último resumo semanal.
mail-digest-more = Há mais do que cabe num e-mail: o resto está na sua página de notificações.
mail-digest-open = Ver todas as notificações
mail-digest-elsewhere = Noutros lugares
mail-why-digest-daily = Recebe este resumo porque algumas notificações estão definidas para um resumo diário nas suas preferências.
mail-why-digest-weekly = Recebe este resumo porque algumas notificações estão definidas para um resumo semanal nas suas preferências.

## Convites.
mail-invitation-subject = Está convidado/a a juntar-se a { $instance }
mail-invitation-greeting = Olá,
mail-invitation-body = { $inviter } convida-o/a a juntar-se a { $instance }, onde a sua rede trabalha em conjunto.
mail-invitation-expires = A ligação funciona uma vez, até { $date }.
mail-invitation-register = Criar a sua conta
mail-invitation-why = Recebe este e-mail porque alguém da moderação de { $instance } introduziu o seu endereço. Se não quiser juntar-se, ignore-o.
mail-invitation-email = Enviar a ligação por e-mail para (opcional)
mail-invitation-email-hint = A ligação é enviada para este endereço na língua da instância; também aparece aqui.
mail-invitation-sent = A ligação foi enviada para { $address }.

## Definição de e-mail de um espaço.
mail-space-full-text = Os e-mails podem citar as publicações e comentários deste espaço
mail-space-full-text-hint = Desligado: os e-mails sobre este espaço privado levam só títulos e nomes, e os membros leem o texto no Agora.

## Correio de saída (administração).
mail-outbox = Correio de saída
mail-outbox-files = Nenhum servidor SMTP está configurado: os e-mails ficam guardados como ficheiros .eml na pasta mail da pasta de dados, e listados aqui.
mail-outbox-all = Todos
mail-outbox-failed = Abandonados
mail-outbox-none = Ainda nenhum e-mail.
mail-outbox-subject = Assunto
mail-outbox-recipient = Para
mail-outbox-kind = Tipo
mail-outbox-state = Estado
mail-outbox-time = Em fila desde
mail-outbox-older = E-mails mais antigos
mail-outbox-back = Todo o correio de saída
mail-outbox-attempts = Tentativas
mail-outbox-error = Último erro
mail-outbox-file = Ficheiro
mail-outbox-language = Língua
mail-outbox-text = Texto
mail-state-pending = Em espera
mail-state-sent = Enviado
mail-state-written = Guardado como ficheiro
mail-state-failed = Abandonado

## Definições de notificações.
prefs-title = Definições de notificações
prefs-saved = As suas definições de notificações foram guardadas.
prefs-intro = Escolha como lhe chega cada tipo de novidade: por e-mail imediato, num resumo diário ou semanal, só aqui no Agora, ou de todo.
prefs-everywhere = Em todos os espaços
prefs-category = Novidades sobre
prefs-category-hint-mentions = Alguém o/a menciona numa publicação ou comentário.
prefs-category-hint-replies = Comentários às suas publicações, respostas aos seus comentários.
prefs-category-hint-reactions = Reações ao que escreveu.
prefs-category-hint-posts = Novas publicações nos espaços que acompanha.
prefs-category-hint-membership = Respostas aos pedidos de adesão, convites para espaços.
prefs-category-hint-requests = Pessoas que pedem para entrar num espaço que gere.
prefs-category-hint-organising = Inscrições e cancelamentos nos seus eventos.
prefs-category-hint-events = Alterações, cancelamentos e lembretes dos eventos em que está inscrito/a.
prefs-category-hint-library = Alterações e comentários nos itens da biblioteca que segue.
prefs-category-hint-reports = Denúncias à espera da moderação.
prefs-default = (predefinição)
prefs-spaces = Espaço a espaço
prefs-spaces-intro = Um espaço pode ser diferente dos outros: escolha aqui o que muda para ele.
prefs-no-spaces = Ainda não está em nenhum espaço.
prefs-overrides = { $count ->
    [one] { $count } alteração
   *[other] { $count } alterações
}
prefs-as-everywhere = Como em todos os espaços
prefs-save-space = Guardar para { $space }
space-watch = Acompanhar novas publicações
space-stop-watching = Deixar de acompanhar

## Cancelar a subscrição.
unsubscribe-title = Cancelar a subscrição
unsubscribe-confirm = Deixar de receber e-mails sobre { $what }?
unsubscribe-button = Cancelar a subscrição
unsubscribe-done = Feito: não receberá mais e-mails sobre { $what }.
unsubscribe-change = Pode mudar isto a qualquer momento:
mail-unsubscribe-what = { $category }
mail-unsubscribe-what-space = { $category } em { $space }
mail-unsubscribe-what-digest-daily = o resumo diário
mail-unsubscribe-what-digest-weekly = o resumo semanal

## Guests (issue 17 point 5): emails to people without an account
guest-mail-greeting = Olá { $name },
guest-mail-confirm-subject = Confirme a sua inscrição em “{ $event }”
guest-mail-confirm-body = Este endereço foi indicado para a inscrição em “{ $event }” em { $instance }. Para confirmar, abra o link abaixo e carregue no botão.
guest-mail-confirm-button = Confirmar a minha inscrição
guest-mail-confirm-ignore = Se não foi você, ignore este e-mail: nada acontece sem confirmação.
guest-mail-already-subject = Já está inscrito em “{ $event }”
guest-mail-going-subject = Está inscrito em “{ $event }”
guest-mail-registered-subject = A sua inscrição em “{ $event }”
guest-mail-rejected-subject = A sua inscrição em “{ $event }” foi recusada
guest-mail-cancelled-subject = A sua inscrição em “{ $event }” está cancelada
guest-mail-removed-subject = Os organizadores removeram a sua inscrição em “{ $event }”
guest-mail-state-unconfirmed = A sua inscrição ainda não está confirmada.
guest-mail-state-going = Tem um lugar.
guest-mail-state-waiting = Está na lista de espera: escreveremos se vagar um lugar.
guest-mail-state-pending = A sua inscrição aguarda a aprovação dos organizadores: escreveremos.
guest-mail-state-rejected = A sua inscrição foi recusada.
guest-mail-state-cancelled = A sua inscrição está cancelada.
guest-mail-message-intro = Uma mensagem dos organizadores de “{ $event }”:
guest-mail-time = de { $start } a { $end } ({ $zone })
guest-mail-when = Quando: { $when }
guest-mail-where = Onde: { $place }
guest-mail-link = Online: { $url }
guest-mail-link-later = Online: o link chega por e-mail quando tiver um lugar.
guest-mail-why = Recebe este e-mail porque este endereço se inscreveu como convidado em “{ $event }” em { $instance }.
guest-mail-cancel-link = Cancelar a minha inscrição
