# people: profiles, settings, members of a space, invitations

## A member's profile
profile-edit = Editar meu perfil
profile-my-invitations = Meus convites para espaços
profile-no-bio = Ainda sem apresentação.
profile-organisation = Organização
profile-country = País
profile-languages = Idiomas
profile-email = E-mail
profile-member-since = Membro desde

## Settings
settings-title = Meu perfil e configurações
settings-saved = Suas alterações foram salvas.
settings-see-profile = Ver meu perfil
settings-display-name = Nome de exibição
settings-organisation = Organização
settings-country = País
settings-country-hint = Código de duas letras, como CD, TN ou BR. Deixe em branco para não informar.
settings-languages = Idiomas que você fala
settings-languages-hint = Códigos de idioma separados por vírgulas, como fr, ln, sw.
settings-bio = Sobre você
settings-ui-language = Idioma desta interface
settings-ui-language-browser = Seguir meu navegador

## Members of a space
members-title = Membros
members-invited = { $name } foi convidado(a) e verá o convite no próximo acesso.
members-name = Nome
members-organisation = Organização
members-role = Função
members-joined = Entrou em
members-actions = Ações
members-you = você
members-role-of = Função de { $name }
members-change-role = Mudar função
members-remove = Remover
members-leave = Sair
members-remove-confirm = Remover { $name } deste espaço?
members-requests = Pedidos de entrada
members-no-requests = Ninguém está aguardando para entrar.
members-approve-as = Aceitar como
members-approve = Aceitar
members-reject = Recusar
members-reject-confirm = Recusar o pedido de { $name }?
members-invite = Convidar um membro
members-invite-username = Nome de usuário
members-invite-hint = Alguém com conta neste servidor. A pessoa aceita ou recusa o convite.
members-error-unknown = Ninguém neste servidor tem este nome de usuário: confira a grafia ou procure a pessoa pelo nome acima.
members-error-already = Esta pessoa já é membro do espaço.
members-invite-submit = Enviar o convite

## One's invitations to spaces
invitations-title = Convites para espaços
invitations-none = Você não tem convites pendentes.
invitations-role = Função: { $role }
invitations-invited-by = Convidado(a) por
invitations-accept = Aceitar
invitations-decline = Recusar
invitations-decline-confirm = Recusar este convite?

# The profile settings' messages next to a refused field.
settings-error-country = Indique um código de país de duas letras como CD, TN ou BR, ou deixe vazio.
settings-error-languages = Indique no máximo 20 códigos de língua como fr, ln, sw, separados por vírgulas.
