## Personal data: export, account deletion, profile visibility, the privacy notice.

## Who sees my profile (settings)
data-visibility = Quem pode ver o meu perfil (organização, país, línguas, apresentação)
data-visibility-everyone = Todas as pessoas, incluindo quem não iniciou sessão e outros servidores
data-visibility-instance = Os membros desta instância
data-visibility-nobody = Ninguém além de mim e dos administradores

## My data (settings)
data-title = Os meus dados
data-export-hint = Descarregue tudo o que escreveu aqui, com o seu perfil, num único ficheiro zip: ficheiros de dados e uma página que pode abrir num navegador.
data-export = Descarregar os meus dados
data-delete-link = Eliminar a minha conta

## Deleting my account
data-delete-title = Eliminar a minha conta
data-delete-intro = A sua sessão será terminada em todo o lado e ninguém poderá voltar a entrar nesta conta. O seu nome de utilizador fica reservado para que ninguém o use. Talvez queira descarregar os seus dados antes.
data-delete-content = O que acontece ao que escrevi
data-delete-anonymise = Manter as minhas publicações, comentários e ficheiros, sem o meu nome nem o meu perfil
data-delete-everything = Eliminar as minhas publicações, comentários, reações e os ficheiros da biblioteca que criei
data-delete-password = A sua palavra-passe, para confirmar
data-delete-confirm = Eliminar a minha conta definitivamente
data-delete-cancel = Manter a minha conta
data-delete-wrong-password = Esta não é a sua palavra-passe.
data-delete-last-admin = É o último administrador desta instância. Nomeie primeiro outra pessoa como administradora.
data-delete-sole-manager = É o único gestor destes espaços. Nomeie outro membro gestor de cada um, ou saia deles, antes de eliminar a sua conta:

## The privacy notice
data-privacy-title = Aviso de privacidade
data-privacy-read = Ler o aviso de privacidade
data-privacy-none = Os administradores desta instância ainda não escreveram um aviso de privacidade.
data-privacy-edit = O aviso de privacidade, mostrado a quem se regista
data-privacy-hint = Markdown: **negrito**, *itálico*, [ligações](https://example.org), listas e títulos.
data-privacy-saved = O aviso de privacidade está guardado.

## The export archive's index.html
data-export-title = Os meus dados no Agora
data-export-made = Exportados em { $date }. Cada ficheiro aqui indicado está no arquivo, ao lado desta página.
data-export-email = Endereço de e-mail
data-export-memberships = Os meus espaços
data-export-posts = As minhas publicações
data-export-comments = Os meus comentários
data-export-reactions = As minhas reações
data-export-events = Eventos que organizo
data-export-registrations = As minhas inscrições em eventos
data-export-library = Ficheiros e notas da biblioteca que criei
data-export-library-comments = Os meus comentários na biblioteca
data-export-notifications = As minhas notificações
