# admin: running the instance

admin-title = Administração
admin-sections = Seções da administração
admin-overview = Visão geral

## Instance roles
admin-role-member = Membro
admin-role-moderator = Moderador(a)
admin-role-admin = Administrador(a)

## Accounts
admin-users = Contas
admin-users-intro = todas as pessoas com conta aqui, e suas funções.
admin-users-count = { $count ->
    [one] { $count } conta
   *[other] { $count } contas
}
admin-users-name = Nome
admin-users-email = E-mail
admin-users-role = Função
admin-users-since = Desde
admin-users-role-of = Função de { $name }
admin-users-change-role = Mudar função

admin-users-suspension = Suspensão
admin-users-suspension-hint = Membros suspensos não podem mais entrar nem usar seus tokens até que a suspensão seja revogada.
admin-users-suspend-reason = Motivo, para o registro
admin-users-suspend = Suspender
admin-users-suspend-confirm = Suspender { $name }?
admin-users-unsuspend = Revogar a suspensão

## Invitation links
admin-invitations = Links de convite
admin-invitations-intro = Cada link permite que uma pessoa crie uma conta neste servidor.
admin-invitations-new = Novo link de convite
admin-invitations-note = Nota
admin-invitations-note-hint = Para lembrar para quem é. Só a moderação vê.
admin-invitations-days = Válido por (dias)
admin-invitations-create = Criar o link
admin-invitations-created = O link de convite está pronto. Copie-o agora e envie-o à pessoa a quem se destina.
admin-invitations-link = Link de convite
admin-invitations-expires = Ele funciona até { $date }.
admin-invitations-once = Ele é mostrado só desta vez.
admin-invitations-list = Links já criados
admin-invitations-none = Ainda não há links de convite.
admin-invitations-made = Criado em
admin-invitations-expiry = Expira em
admin-invitations-used-by = Usado por
admin-invitations-no-note = Sem nota
admin-invitations-unused = Não usado

## Federation policy
admin-federation = Federação
admin-federation-intro = Com quais outros servidores este troca dados.
admin-federation-settings = Configurações
admin-federation-mode = Modo
admin-mode-open = Aberto
admin-mode-blocklist = Lista de bloqueio
admin-mode-allowlist = Lista de permissão
admin-mode-hint-open = Trocar com todos os servidores; as regras abaixo continuam valendo.
admin-mode-hint-blocklist = Trocar com todos os servidores, exceto os suspensos.
admin-mode-hint-allowlist = Trocar apenas com servidores que têm uma regra "permitir".
admin-federation-publish = Publicar a lista de servidores limitados e suspensos
admin-federation-rules = Regras por servidor
admin-federation-no-rules = Ainda não há regras.
admin-action-none = Sem restrição
admin-action-limit = Limitar
admin-action-suspend = Suspender
admin-action-allow = Permitir
admin-rule-domain = Servidor
admin-rule-domain-hint = Seu nome de domínio, como example.org. A regra vale também para os subdomínios.
admin-rule-action = Ação
admin-rule-reasons = Motivos
admin-rule-made = Criada por
admin-rule-reject-media = Recusar seus arquivos de mídia
admin-rule-reject-reports = Ignorar suas denúncias
admin-rule-obfuscate = Ocultar parte do nome na lista pública
admin-rule-public-reason = Motivo público
admin-rule-private-comment = Comentário interno
admin-rule-expires = Termina em { $date }
admin-rule-lift = Revogar
admin-rule-lift-confirm = Revogar a regra sobre { $domain }?
admin-rule-new = Adicionar ou alterar uma regra
admin-rule-days = Termina sozinha após (dias)
admin-rule-days-hint = Deixe em branco para manter a regra até revogá-la.
admin-error-invitation-days = Indique um número inteiro de dias entre 1 e 365.
admin-error-rule-domain = Indique um nome de domínio como example.org.
admin-error-rule-days = Indique um número inteiro de dias entre 1 e 3.650, ou deixe vazio.
admin-rule-save = Salvar a regra

## Reports
admin-reports = Denúncias
admin-reports-open-count = { $count ->
    [0] nenhuma denúncia aberta.
    [one] { $count } denúncia aberta.
   *[other] { $count } denúncias abertas.
}
admin-reports-states = Denúncias por situação
admin-report-state-open = Abertas
admin-report-state-resolved = Resolvidas
admin-report-state-dismissed = Arquivadas
admin-reports-none = Nenhuma denúncia aqui.
admin-report-title = Denúncia { $id }
admin-report-by = Denunciado por
admin-report-from = Enviada pelo servidor
admin-report-forwarded = Encaminhada
admin-report-private = Espaço privado
admin-report-private-hidden = O conteúdo denunciado está num espaço privado do qual não é membro: os seus gestores tratam dele. Pode agir sobre a conta denunciada.
admin-report-space = Espaço
admin-report-account = Pessoa denunciada
admin-report-post = Publicação
admin-report-post-link = Publicação { $id }
admin-report-comment = Comentário
admin-report-reason = Motivo
admin-report-resolution = Resultado
admin-decision-dismiss = Arquivar
admin-decision-remove_content = Remover o conteúdo
admin-decision-suspend_account = Suspender a conta
admin-decision-ban_from_space = Banir do espaço
admin-report-decision = Ação
admin-report-note = Nota para o registro
admin-report-act = Executar e encerrar
admin-report-act-confirm = Executar esta ação e encerrar a denúncia?
