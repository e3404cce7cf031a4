# Agora's web interface: the frame of every page, signing in and up,
# errors, dates and sizes.

## Frame
skip-to-content = Pular para o conteúdo
nav-label = Navegação principal
nav-home = Início
nav-spaces = Espaços
nav-profile = Perfil
nav-admin = Administração
nav-sign-in = Entrar
nav-sign-out = Sair
nav-register = Criar uma conta
language = Idioma
footer-instance = Agora em { $domain }
footer-api = API

## Dates, numbers, sizes
month-1 = janeiro
month-2 = fevereiro
month-3 = março
month-4 = abril
month-5 = maio
month-6 = junho
month-7 = julho
month-8 = agosto
month-9 = setembro
month-10 = outubro
month-11 = novembro
month-12 = dezembro
# $day, $month (a name) and $year are already written in the language's digits.
date = { $day } de { $month } de { $year }
datetime = { $date }, { $time }
size-bytes = { $n } bytes
size-kb = { $n } KB
size-mb = { $n } MB
size-gb = { $n } GB

## Errors
error-bad_request = Não foi possível entender esta solicitação
error-invalid = Parte do que você informou não é aceita
error-unauthorized = Entre na sua conta
error-forbidden = Você não tem permissão para fazer isso
error-not_found = Página não encontrada
error-gone = Isto foi excluído
error-conflict = Isto entra em conflito com algo que já existe
error-payload_too_large = Isto é grande demais
error-unsupported_media_type = Este tipo de conteúdo não é aceito
error-method_not_allowed = Esta ação não é possível aqui
error-remote_error = Não foi possível acessar o outro servidor
error-internal = Algo deu errado do nosso lado; tente novamente mais tarde
error-too_many_requests = Tentativas demais
error-busy = O servidor está ocupado; tente novamente daqui a pouco
error-back-home = Voltar à página inicial

## Signing in and up
login-title = Entrar
login-login = Nome de usuário ou e-mail
login-password = Senha
login-submit = Entrar
login-failed = Nome de usuário ou senha incorretos.
login-suspended = Esta conta está suspensa. Fale com a moderação deste servidor.
throttled-seconds = { $count ->
    [one] Tentativas demais. Aguarde { $count } segundo antes de tentar novamente.
   *[other] Tentativas demais. Aguarde { $count } segundos antes de tentar novamente.
}
throttled-minutes = { $count ->
    [one] Tentativas demais. Aguarde { $count } minuto antes de tentar novamente.
   *[other] Tentativas demais. Aguarde { $count } minutos antes de tentar novamente.
}
login-no-account = Ainda não tem uma conta?
register-title = Criar uma conta
register-username = Nome de usuário
register-username-hint = De 2 a 30 letras minúsculas, algarismos ou _, começando com uma letra. Ele fica visível para os outros.
register-email = E-mail
register-password = Senha
register-password-hint = Pelo menos 10 caracteres.
register-submit = Criar minha conta
register-have-account = Já tem uma conta?
register-closed = Este servidor não aceita novas contas. Peça uma conta aos administradores.
register-invite-only = Este servidor aceita novos membros somente por convite. Abra o link de convite que você recebeu.
register-error-username = Este nome de usuário não é aceito: use de 2 a 30 letras minúsculas, algarismos ou _, começando com uma letra.
register-error-email = Este endereço de e-mail não parece correto.
register-error-password = A senha deve ter pelo menos 10 caracteres.
register-error-email-taken = Já existe uma conta com este e-mail.
register-error-username-taken = Este nome de usuário já está em uso.
register-error-invitation = Este link de convite não é válido ou já foi usado.

## Offline
offline-title = Você está sem conexão
offline-text = Esta página precisa de conexão. O que você estava fazendo não se perdeu: volte assim que a conexão for restabelecida.
offline-retry = Tentar novamente

## Feeds and posts in lists
home-title = Seu feed
home-my-spaces = Seus espaços
home-no-spaces = Você ainda não participa de nenhum espaço.
home-find-spaces = Encontrar espaços
home-invitations = { $count ->
    [one] Você tem um convite para um espaço.
   *[other] Você tem { $count } convites para espaços.
}
public-title = Novidades dos espaços públicos
public-intro = A plataforma Agora é onde nossa rede compartilha notícias, conversas e recursos.
feed-label = Publicações
feed-empty = Nada por aqui ainda.
feed-older = Publicações anteriores
post-language = Idioma: { $code }
post-language-title = O idioma em que isto foi escrito
comments-count = { $count ->
    [0] Nenhum comentário
    [one] 1 comentário
   *[other] { $count } comentários
}
members-count = { $count ->
    [one] { $count } membro
   *[other] { $count } membros
}

## Tradução automática (o botão Traduzir)
translate-button = Traduzir
translate-title = Tradução
translate-machine = Tradução automática de “{ $language }”: pode conter erros.
translate-original = Ver o original
translate-error-off = A tradução não está disponível neste servidor.
translate-error-private = O conteúdo de espaços privados não é enviado ao serviço de tradução deste servidor.
translate-error-same = Este texto já está no seu idioma.
translate-error-too-long = Este texto é longo demais para ser traduzido.
translate-error-too-many = Pediu muitas traduções na última hora. Tente novamente mais tarde.
translate-error-unavailable = O serviço de tradução está indisponível no momento. Tente novamente mais tarde.
translate-error-slow = O serviço de tradução demorou demais a responder. Tente novamente mais tarde.

# Atom feeds, named in the pages that link to them.
feed-public = Publicações públicas (feed Atom)
feed-events = Próximos eventos públicos (feed Atom)
feed-space = { $space }: publicações (feed Atom)

# The front page for visitors, and its editor.
front-title = Página inicial
front-hint = O que os visitantes leem primeiro na página inicial, acima dos espaços públicos, dos próximos eventos e das publicações recentes: quem vocês são e o que a rede faz. Markdown. Escreva nas línguas que puder; um visitante cuja língua não tem texto lê o texto em inglês, ou outro.
front-saved = A página inicial foi guardada.
front-see = Ver
front-spaces = Espaços públicos
front-events = Próximos eventos
front-posts = Publicações recentes
front-all-spaces = Todos os espaços

# Asking before a destructive action without JavaScript
confirm-question = Tem a certeza?
confirm-title = Confirme, por favor
confirm-yes = Sim, continuar
confirm-no = Não, voltar

# First steps on the home page (issue 19 point 7)
first-steps-member = Os seus primeiros passos
first-steps-admin = Configurar esta instância
first-steps-profile = Acrescente o seu nome e organização ao seu perfil
first-steps-space = Junte-se a um espaço
first-steps-notifications = Escolha como as notificações lhe chegam
first-steps-domain = Dê à instância o seu domínio (instance.domain em agora.toml)
first-steps-registration = Decida quem pode entrar: convide pessoas ou abra as inscrições
first-steps-federation = Defina a política de federação: com quem esta instância comunica
first-steps-email = Ligue um servidor de correio (email.smtp_url) para que os e-mails cheguem
first-steps-done = feito
first-steps-hide = Ocultar estes passos

# Time zone lists (profile, event form) and forms shown again with messages.
zone-group-yours = O seu fuso horário
zone-group-browser = O fuso horário deste aparelho
form-refused = Alguns campos precisam de revisão: as mensagens estão ao lado.
form-error-timezone = Escolha um fuso horário da lista.
form-error-too-long = Isto é longo demais.
form-error-choice = Escolha uma opção da lista.
