# Eventos: os de um espaço, a página de um evento, o formulário, inscrições.

## Os eventos de um espaço
events-upcoming = Próximos eventos
events-past = Eventos passados
events-all = Eventos
events-show-past = Ver eventos passados
events-show-upcoming = Ver próximos eventos
events-subscribe = Assinar este calendário
events-new = Planejar um evento
events-create = Criar o evento
events-none = Nenhum evento programado.
events-none-past = Nenhum evento passado.

## Um evento em listas e na sua página
event-when = de { $start } a { $end }
event-when-same-day = { $start } às { $end }
event-place = Local:
event-online = On-line
event-remote = De outro servidor
event-status-confirmed = Confirmado
event-status-tentative = A confirmar
event-status-cancelled = Cancelado
event-going-count = { $count ->
    [0] Ninguém inscrito ainda
    [one] { $count } pessoa vai participar
   *[other] { $count } pessoas vão participar
}
event-places-left = { $count ->
    [one] Resta { $count } vaga
   *[other] Restam { $count } vagas
}
event-full = Lotado
event-my-state-going = Você vai participar.
event-my-state-waiting = Você está na lista de espera.
event-my-state-pending = Sua inscrição aguarda a aprovação da organização.
event-my-state-rejected = Sua inscrição foi recusada.
event-breadcrumbs = Você está aqui
event-cancelled-notice = Este evento foi cancelado.
event-when-label = Quando
event-timezone-label = Fuso horário
event-where-label = Onde
event-online-label = Link on-line
event-online-for-participants = Visível para os participantes depois de a inscrição ser aceite.
event-organiser-label = Organizado por
event-registration-label = Inscrição
event-participants-label = Participantes
event-language-label = Idioma
event-join-free = Aberto: quem se inscreve já está dentro
event-join-restricted = A organização aprova cada inscrição
event-join-invite = Somente por convite
event-register = Inscrever-me
event-unregister = Cancelar minha inscrição
event-unregister-confirm = Cancelar sua inscrição neste evento?
event-sign-in-to-register = Entre para se inscrever
event-add-to-calendar = Adicionar à minha agenda

## Para quem organiza
event-participants-title = Quem participa
event-participants-none = Ninguém se inscreveu ainda.
event-participant = Pessoa
event-participant-state = Inscrição
event-participant-actions = Decisão
event-participant-going = Vai participar
event-participant-waiting = Na lista de espera
event-participant-pending = Aguardando aprovação
event-participant-rejected = Recusada
event-approve = Aprovar
event-turn-down = Recusar
event-turn-down-confirm = Recusar esta inscrição?
event-edit = Alterar este evento
event-edit-open = Mostrar o formulário
event-save = Salvar as alterações
event-cancel = Cancelar este evento
event-cancel-confirm = Cancelar este evento? Todas as pessoas inscritas serão avisadas.

## O formulário
event-field-title = Título
event-field-description = Descrição
event-field-description-hint = Markdown: **negrito**, *itálico*, [links](https://example.org), listas.
event-field-starts = Início
event-field-ends = Fim
event-field-timezone = Fuso horário
event-field-timezone-hint = O início e o fim são horários neste fuso. O seu, das suas configurações, vem primeiro na lista.
event-field-online = Link on-line
event-field-online-hint = Onde entrar na videochamada, se houver (https://…). Só os participantes com inscrição aceite o veem.
event-field-place = Local
event-field-place-name = Nome do local
event-field-place-address = Endereço
event-field-latitude = Latitude
event-field-longitude = Longitude
event-field-coordinates-hint = Opcional, em graus decimais (por exemplo -23.5505 e -46.6333), para mostrar o local num mapa.
event-field-registration = Inscrição
event-field-join-mode = Quem pode se inscrever
event-field-capacity = Vagas
event-field-capacity-hint = Deixe em branco para não limitar.
event-field-capacity-keep-hint = Deixe em branco para manter o número atual de vagas.
event-field-waitlist = Quando lotar, colocar as pessoas numa lista de espera
event-field-language = Idioma do evento
event-field-language-hint = Um código de idioma como en, fr, ar, de ou pt.
event-field-status = Situação
# Sent to a participant of another instance, before the link itself.
event-link-message = O link on-line de «{ $event }», só para participantes:

## O que um evento deixa (gravação, slides, notas) e os arquivos
replays-title = Gravação, slides e notas
replay-kind-recording = Gravação
replay-kind-slides = Slides
replay-kind-notes = Notas
replays-add = Anexar uma gravação, slides ou notas
replays-kind-label = O que é
replays-title-label = Título (opcional)
replays-url-label = Um link
replays-item-label = Ou um ficheiro ou nota da biblioteca
replays-attach = Anexar
replays-upload-label = Ou carregar um ficheiro (fica guardado na biblioteca do espaço)
replays-upload = Carregar e anexar
replays-remove = Remover
replays-remove-confirm = Remover isto do evento? Um ficheiro continua na biblioteca.
replay-error-kind = Escolha o que é: uma gravação, slides ou notas.
replay-error-title = Um título tem no máximo 200 caracteres.
replay-error-url = Indique um link completo que comece por https://, com no máximo 2.000 caracteres.
replay-error-source = Indique um link ou escolha um ficheiro ou nota da biblioteca: um dos dois.
replay-error-item = Escolha um ficheiro ou nota da biblioteca deste espaço.
replay-error-file = Escolha um ficheiro para carregar.
replay-error-file-again = Escolha o ficheiro de novo: um navegador não o guarda quando um formulário volta.
events-archive-title = Eventos passados e gravações
events-archive-intro = Eventos dos espaços públicos que já aconteceram, os mais recentes primeiro, com as suas gravações, slides e notas.
events-archive-older = Eventos mais antigos
front-events-past = Eventos passados e gravações
## Trabalhar com os participantes (organização)
event-message-title = Escrever aos participantes
event-message-hint = Todas as pessoas inscritas, em lista de espera ou a aguardar aprovação encontram-na nas suas notificações, e por e-mail, a menos que tenham desativado os e-mails sobre eventos. Texto simples: as ligações não são clicáveis.
event-message-subject = Assunto
event-message-body = Mensagem
event-message-send = Enviar aos participantes
event-message-sent = { $count ->
    [0] Mensagem enviada, mas nenhum participante a recebe (ninguém inscrito, ou notificações de eventos desativadas).
    [one] Mensagem enviada a { $count } participante.
   *[other] Mensagem enviada a { $count } participantes.
}
event-message-error-no-subject = Escreva um assunto.
event-message-error-subject-long = O assunto é demasiado longo: no máximo 200 caracteres.
event-message-error-body-long = A mensagem é demasiado longa: no máximo 10 000 caracteres.
event-participants-csv = Descarregar participantes (CSV)

## Guests (issue 17 point 5): people without an account
event-field-guests = Permitir que pessoas sem conta se inscrevam com nome e endereço de e-mail
event-field-guests-hint = Apenas espaços públicos. Confirmam o endereço por e-mail.
event-guest-title = Inscrever-se sem conta
event-guest-hint = Enviamos-lhe um link de confirmação. Cada e-mail tem um link para cancelar.
event-guest-name = Nome
event-guest-email = Endereço de e-mail
event-guest-register = Inscrever-se por e-mail
event-guest-error-name = Escreva seu nome, em no máximo 100 caracteres.
event-guests-title = Convidados
event-guests-none = Ainda sem convidados.
event-guest-badge = convidado
event-guest-remove = Remover
event-guest-remove-confirm = Remover este convidado? Será avisado por e-mail.
event-guest-state-unconfirmed = Ainda não confirmou
event-guest-state-going = Vai participar
event-guest-state-waiting = Na lista de espera
event-guest-state-pending = Aguarda aprovação
event-guest-state-rejected = Recusado
event-guest-state-cancelled = Cancelado
guest-title = A sua inscrição
guest-sent = Verifique a sua caixa de correio: enviámos um e-mail para esse endereço. Abra o link para confirmar.
guest-sent-hint = Não chegou nada? Veja na pasta de spam ou tente mais tarde.
guest-confirm-button = Confirmar a minha inscrição
guest-cancel-question = Cancelar a sua inscrição neste evento?
guest-cancel-button = Cancelar a minha inscrição
guest-state-unconfirmed = A sua inscrição ainda não está confirmada.
guest-state-going = Está inscrito. Até breve!
guest-state-waiting = Está na lista de espera. Escreveremos se vagar um lugar.
guest-state-pending = A sua inscrição aguarda a aprovação dos organizadores. Escreveremos.
guest-state-rejected = A sua inscrição foi recusada.
guest-state-cancelled = A sua inscrição está cancelada.

# Séries (eventos recorrentes)
event-field-repeat = Repetição
event-field-repeat-choice = Repete-se
event-field-repeat-hint = Cada data é um evento próprio, com as suas próprias inscrições. A hora local mantém-se, também quando a hora muda.
event-repeat-none = Não se repete
event-repeat-weekly = Todas as semanas
event-repeat-fortnightly = De duas em duas semanas
event-repeat-monthly-weekday = Todos os meses, no mesmo dia da semana (p. ex. a segunda terça-feira)
event-repeat-monthly-day = Todos os meses, na mesma data
event-field-repeat-until = Até (opcional)
event-field-repeat-rule = Ou uma regra sua (RRULE iCalendar)
event-field-repeat-rule-hint = Por exemplo FREQ=MONTHLY;BYDAY=1TH para a primeira quinta-feira de cada mês. Substitui a escolha acima.
event-series = Faz parte de uma série
event-series-dates = Datas desta série
event-series-rule = Regra (iCalendar)
event-series-moved = data alterada

# Times in the viewer's zone, and the event's beside them.
event-when-in-zone = { $when } no fuso { $zone }
# The event form's messages next to a refused field.
event-error-title = Dê ao evento um título de no máximo 200 caracteres.
event-error-description = A descrição tem no máximo 20.000 caracteres.
event-error-date = Indique uma data e hora, por exemplo 2026-03-29 10:00.
event-error-ends = O fim deve vir depois do início, no máximo 31 dias depois.
event-error-online = Indique um link que comece por https://, como o de uma videochamada.
event-error-number = Indique um número, por exemplo 50.8503.
event-error-coordinates = A latitude fica entre -90 e 90, a longitude entre -180 e 180.
event-error-capacity = Indique um número inteiro de vagas entre 1 e 1.000.000, ou deixe vazio.
event-error-guests = Só eventos de espaços públicos, que não sejam por convite, aceitam convidados.
event-error-language = Indique um código de língua como en, fr, ar, de ou pt.
event-error-repeat = Indique uma regra iCalendar como FREQ=MONTHLY;BYDAY=2TU, diária, semanal, mensal ou anual.
event-error-repeat-until = Indique uma data depois da primeira, por exemplo 2026-12-31.
