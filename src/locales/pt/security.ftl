## Manter a conta: senhas e redefinição, confirmação do e-mail, segundo fator, sessões e tokens.

## Abas das configurações
security-settings-sections = Configurações
security-nav-profile = Perfil
security-nav-security = Segurança
security-nav-sessions = Sessões
security-title = Segurança

## Senha
security-password-heading = Senha
security-password-current = Senha atual
security-password-new = Nova senha
security-password-hint = Pelo menos 10 caracteres. Trocá-la encerra suas sessões em todos os outros lugares.
security-password-submit = Trocar a senha
security-password-changed = Sua senha foi trocada. Suas sessões em todos os outros lugares foram encerradas.
security-password-wrong = Esta não é a sua senha atual.
security-password-weak = A nova senha precisa ter pelo menos 10 caracteres.
security-password-confirm = Sua senha

## Endereço de e-mail
security-email-heading = Endereço de e-mail
security-email-verified = confirmado
security-email-unverified = ainda não confirmado: siga o link que enviamos para este endereço
security-email-resend = Enviar o link de novo
security-email-sent = Um link foi enviado. Siga-o para confirmar o endereço.
security-email-pending = Um link foi enviado para { $email }: seu endereço muda quando você o seguir.
security-email-new = Novo endereço
security-email-hint = Seu endereço só muda depois que você seguir o link que enviamos para o novo.
security-email-submit = Trocar o endereço
security-email-invalid = Este endereço de e-mail não parece correto.
security-email-taken = Outra conta já usa este endereço de e-mail.
security-email-too-many = Vários links foram enviados na última hora. Espere um pouco e tente de novo.

## Segundo fator
security-totp-heading = Segundo fator
security-totp-intro = Com um segundo fator, entrar pede, além da senha, um código de um aplicativo no seu celular (como Aegis, FreeOTP ou Google Authenticator): quem descobrir sua senha continua sem conseguir entrar.
security-totp-on = Ativado desde { $date }.
security-totp-off = O segundo fator está desativado.
security-totp-required = Este servidor exige um segundo fator de moderadores e administradores. Adicione um para continuar.
security-totp-start = Adicionar um segundo fator
security-totp-scan = Leia este código com seu aplicativo autenticador, ou digite nele a chave abaixo. Depois digite o código que o aplicativo mostra.
security-totp-qr-alt = Código QR para ler com seu aplicativo autenticador
security-totp-key = Chave:
security-totp-code = Código mostrado pelo aplicativo
security-totp-confirm = Ativar
security-totp-wrong = Este código não está certo. Confira se o relógio do celular está certo e digite o código mostrado agora.
security-totp-disable = Desativar o segundo fator
security-totp-disabled = O segundo fator está desativado.
security-recovery-heading = Seus códigos de recuperação
security-recovery-intro = Se você perder o celular, cada um destes códigos substitui uma vez um código do aplicativo. Anote-os ou imprima-os e guarde-os em lugar seguro: eles só são mostrados agora.
security-recovery-left = { $count ->
    [one] Resta um código de recuperação.
   *[other] Restam { $count } códigos de recuperação.
}
security-recovery-new = Gerar novos códigos de recuperação

## Entrar com segundo fator
security-code-title = Segunda etapa: seu código
security-code-intro = Abra seu aplicativo autenticador e digite o código de 6 dígitos que ele mostra para este servidor. Perdeu o celular? Digite um dos seus códigos de recuperação.
security-code-label = Código
security-code-submit = Continuar
security-code-wrong = Este código não está certo, ou já foi usado. Tente de novo.
security-code-expired = Esta entrada demorou demais ou recebeu códigos errados demais. Digite sua senha de novo.
security-code-locked = Foram digitados códigos errados demais para esta conta. Espere 15 minutos e entre de novo.

## Senha esquecida
security-forgot-link = Esqueceu a senha?
security-forgot-title = Esqueci minha senha
security-forgot-intro = Digite o endereço de e-mail da sua conta. Enviaremos para ele um link para escolher uma nova senha; o link funciona uma vez, durante uma hora.
security-forgot-email = E-mail
security-forgot-submit = Enviar um link
security-forgot-sent = Se alguma conta tiver este endereço, um link para escolher uma nova senha está a caminho. Olhe sua caixa de entrada e também a pasta de spam.
security-forgot-no-mail = Não chegou nenhum e-mail? Um administrador deste servidor também pode lhe dar um link.
security-reset-title = Escolher uma nova senha
security-reset-intro = Depois disso, todas as suas sessões são encerradas: entre de novo com a nova senha.
security-reset-submit = Salvar a nova senha
security-reset-dead = Este link expirou ou já foi usado. Peça um novo.
security-reset-done = Sua senha foi trocada. Entre com ela.

## Confirmação do endereço
security-verify-title = Endereço de e-mail
security-verify-done = Seu endereço de e-mail { $email } está confirmado. Obrigado.
security-verify-dead = Este link expirou ou já foi usado. Envie um novo nas suas configurações de segurança.

## Sessões e tokens de API
security-sessions-title = Sessões e tokens de API
security-sessions-intro = Os navegadores e aplicativos conectados à sua conta. Encerre os que você não reconhecer.
security-sessions-heading = Sessões de navegador
security-sessions-device = Navegador
security-sessions-started = Iniciada em
security-sessions-last-used = Último uso
security-sessions-never = Nunca
security-sessions-current = Este navegador
security-sessions-end = Encerrar
security-tokens-heading = Tokens de API
security-tokens-name = Nome
security-tokens-none = Nenhum token de API.
security-tokens-revoke = Revogar

## Administração
security-admin-heading = Segurança
security-admin-require-totp = Moderadores e administradores precisam usar um segundo fator
security-admin-require-totp-hint = Sem um, depois de entrar eles só podem adicionar um, e seus pedidos à API são recusados.
security-admin-password = Senha
security-admin-reset = Gerar um link de redefinição
security-admin-reset-made = Um link de redefinição de senha para { $name }, válido por { $hours } horas. Ele só é mostrado agora: entregue-o por um canal de confiança.
security-admin-reset-link = Link de redefinição
security-admin-remove-factor = Remover o segundo fator
security-admin-remove-factor-hint = Para um membro que perdeu o telefone e os códigos de recuperação: ele entrará só com a senha até adicionar um novo.
security-admin-factor-removed = O segundo fator de { $name } foi removido.

## Erros
error-second_factor_required = É preciso um código do seu aplicativo autenticador
error-second_factor_enrolment_required = Adicione primeiro um segundo fator

## E-mails
security-mail-greeting = Olá, { $name },
security-mail-reset-subject = Escolha uma nova senha em { $domain }
security-mail-reset-body = Alguém, provavelmente você, pediu para escolher uma nova senha para a conta { $username } em { $domain }.
security-mail-reset-expiry = { $count ->
    [one] O link funciona uma vez, durante uma hora.
   *[other] O link funciona uma vez, durante { $count } horas.
}
security-mail-reset-action = Escolher uma nova senha
security-mail-reset-ignore = Se você não pediu isso, ignore este e-mail: sua senha continua a mesma.
security-mail-verify-subject = Confirme seu endereço de e-mail em { $domain }
security-mail-verify-body = Confirme, por favor, que este endereço é da conta { $username } em { $domain }.
security-mail-verify-expiry = { $count ->
    [one] O link vale por uma hora.
   *[other] O link vale por { $count } horas.
}
security-mail-verify-action = Confirmar este endereço
security-mail-verify-ignore = Se você não pediu isso, ignore este e-mail: este endereço não será usado.
