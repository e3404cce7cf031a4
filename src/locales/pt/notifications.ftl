## Notifications: what each kind says, the notifications page, the unread count.

notification-someone = Alguém
# A guest registered by email (no account), as the actor of a notice.
notification-guest = { $name } (convidado)
notification-untitled = (sem título)
notification-when = { $time } ({ $zone })
notification-changed-time = horário
notification-changed-place = local
notification-changed-link = link online
notification-changed-status = estado
notification-changed-title = título
notification-change-time = novo horário { $when }
notification-change-place = novo local: { $place }
notification-change-place-none = já sem local
notification-change-link = novo link on-line (na página do evento, para os participantes aceites)
notification-change-link-none = já sem link on-line
notification-change-status = estado agora “{ $status }”
notification-change-title = novo título
notification-change-separator = {"; "}
notification-mention-post = { $actor } mencionou você em “{ $post }” em { $space }
notification-mention-comment = { $actor } mencionou você num comentário sobre “{ $post }” em { $space }
notification-comment-on-post = { $actor } comentou a sua publicação “{ $post }” em { $space }
notification-comment-reply = { $actor } respondeu ao seu comentário sobre “{ $post }” em { $space }
notification-reaction-post = { $count ->
    [0] { $actor } reagiu à sua publicação “{ $post }”
    [one] { $actor } e mais 1 pessoa reagiram à sua publicação “{ $post }”
   *[other] { $actor } e mais { $count } pessoas reagiram à sua publicação “{ $post }”
}
notification-reaction-comment = { $count ->
    [0] { $actor } reagiu ao seu comentário sobre “{ $post }”
    [one] { $actor } e mais 1 pessoa reagiram ao seu comentário sobre “{ $post }”
   *[other] { $actor } e mais { $count } pessoas reagiram ao seu comentário sobre “{ $post }”
}
notification-post-new = { $actor } publicou “{ $post }” em { $space }
notification-join-approved = O seu pedido para entrar em { $space } foi aprovado
notification-join-refused = O seu pedido para entrar em { $space } foi recusado
notification-space-invitation = { $actor } convidou você para entrar em { $space }
notification-join-requested = { $actor } pede para entrar em { $space }
notification-follow-requested = { $actor } pede para seguir { $space } a partir de outro servidor
notification-event-registration = { $actor } inscreveu-se em “{ $event }”
notification-event-registration-pending = { $actor } pede para se inscrever em “{ $event }”
notification-event-unregistration = { $actor } cancelou a inscrição em “{ $event }”
notification-event-waitlist = { $actor } está na lista de espera de “{ $event }”
notification-event-waitlist-moved-up = { $actor } saiu da lista de espera e está inscrito(a) em “{ $event }”
notification-event-updated = “{ $event }” em { $space } mudou: { $changed }
notification-event-cancelled = “{ $event }” em { $space } foi cancelado
notification-event-reminder-day = “{ $event }” começa amanhã: { $when }
notification-event-reminder-hour = “{ $event }” começa dentro de uma hora: { $when }
notification-event-accepted = A sua inscrição em “{ $event }” está confirmada
notification-event-accepted-freed = Vagou um lugar: agora está inscrito(a) em “{ $event }”
notification-event-accepted-waiting = Está na lista de espera de “{ $event }”
notification-event-rejected = A sua inscrição em “{ $event }” foi recusada
notification-event-replay-recording = A gravação de “{ $event }” em { $space } está disponível
notification-event-replay-slides = Os slides de “{ $event }” em { $space } estão disponíveis
notification-event-replay-notes = As notas de “{ $event }” em { $space } estão disponíveis
notification-event-message = { $actor } escreveu aos participantes de “{ $event }”: { $subject }
notification-library-changed = { $actor } alterou “{ $item }” em { $space }
notification-library-commented = { $actor } comentou “{ $item }” em { $space }
notification-report-new = { $actor } enviou uma denúncia para a moderação
notification-report-new-remote = Uma denúncia vinda de { $origin } aguarda a moderação

nav-notifications = Notificações
nav-notifications-unread = { $count ->
    [one] 1 não lida
   *[other] { $count } não lidas
}
notifications-title = Notificações
notifications-none = Ainda nada a contar.
notifications-unread-label = Não lida
notifications-mark-read = Marcar como lida
notifications-mark-all-read = Marcar todas como lidas
notifications-open = Abrir
notifications-newer = Mais recentes
notifications-older = Mais antigas
notifications-all-read = Tudo lido.

settings-timezone = O seu fuso horário
settings-timezone-hint = As horas nas notificações e nos e-mails são escritas neste fuso.
settings-timezone-utc = UTC (tempo universal)

## Following a library item
library-follow = Seguir: avisar-me de alterações e comentários
library-unfollow = A seguir: deixar de me avisar
