<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pt_BR">
<context>
    <name>BackendConfig</name>
    <message>
        <source>must be 1-64 characters of A-Z a-z 0-9 . _ : -</source>
        <translation>deve ter de 1 a 64 caracteres entre A-Z a-z 0-9 . _ : -</translation>
    </message>
    <message>
        <source>must be between 1 and 600000</source>
        <translation>deve estar entre 1 e 600000</translation>
    </message>
    <message>
        <source>required for a posix backend</source>
        <translation>obrigatório para um backend posix</translation>
    </message>
    <message>
        <source>must be an absolute directory path</source>
        <translation>deve ser o caminho absoluto de um diretório</translation>
    </message>
    <message>
        <source>required for an S3 backend</source>
        <translation>obrigatório para um backend S3</translation>
    </message>
    <message>
        <source>must be a region name such as us-east-1 or auto</source>
        <translation>deve ser um nome de região, como us-east-1 ou auto</translation>
    </message>
    <message>
        <source>must be an http:// or https:// URL</source>
        <translation>deve ser uma URL http:// ou https://</translation>
    </message>
    <message>
        <source>has no host</source>
        <translation>não tem host</translation>
    </message>
    <message>
        <source>must not carry credentials; use access and secret</source>
        <translation>não deve conter credenciais; use access e secret</translation>
    </message>
    <message>
        <source>must not have a query or fragment</source>
        <translation>não deve ter query nem fragmento</translation>
    </message>
    <message>
        <source>path may name one bucket only, e.g. https://host/bucket</source>
        <translation>o caminho pode indicar um único bucket, p. ex. https://host/bucket</translation>
    </message>
    <message>
        <source>path is not a valid bucket name</source>
        <translation>o caminho não é um nome de bucket válido</translation>
    </message>
    <message>
        <source>differs from the bucket in the endpoint path</source>
        <translation>difere do bucket no caminho do endpoint</translation>
    </message>
    <message>
        <source>not a valid bucket name</source>
        <translation>não é um nome de bucket válido</translation>
    </message>
    <message>
        <source>at least one backend is required</source>
        <translation>é necessário pelo menos um backend</translation>
    </message>
    <message>
        <source>same name as backends[%1]</source>
        <translation>mesmo nome que backends[%1]</translation>
    </message>
</context>
<context>
    <name>CommandLine</name>
    <message>
        <source>Show this help.</source>
        <translation>Mostra esta ajuda.</translation>
    </message>
    <message>
        <source>Show the version.</source>
        <translation>Mostra a versão.</translation>
    </message>
    <message>
        <source>Listen address [HOST]:PORT (default 127.0.0.1:7070; :7070 = all interfaces).</source>
        <translation>Endereço de escuta [HOST]:PORTA (padrão 127.0.0.1:7070; :7070 = todas as interfaces).</translation>
    </message>
    <message>
        <source>addr</source>
        <translation>endereço</translation>
    </message>
    <message>
        <source>Access key clients sign with (env ROOT_ACCESS_KEY).</source>
        <translation>Chave de acesso com que os clientes assinam (env ROOT_ACCESS_KEY).</translation>
    </message>
    <message>
        <source>key</source>
        <translation>chave</translation>
    </message>
    <message>
        <source>Secret key (env ROOT_SECRET_KEY).</source>
        <translation>Chave secreta (env ROOT_SECRET_KEY).</translation>
    </message>
    <message>
        <source>secret</source>
        <translation>segredo</translation>
    </message>
    <message>
        <source>Region of the gateway (default us-east-1).</source>
        <translation>Região do gateway (padrão us-east-1).</translation>
    </message>
    <message>
        <source>region</source>
        <translation>região</translation>
    </message>
    <message>
        <source>TLS certificate chain (PEM): serve HTTPS.</source>
        <translation>Cadeia de certificados TLS (PEM): serve HTTPS.</translation>
    </message>
    <message>
        <source>file</source>
        <translation>arquivo</translation>
    </message>
    <message>
        <source>Object key (presign), or the TLS private key file (PEM) with --cert.</source>
        <translation>Chave do objeto (presign), ou o arquivo da chave privada TLS (PEM) com --cert.</translation>
    </message>
    <message>
        <source>Accept virtual-hosted requests BUCKET.DOMAIN.</source>
        <translation>Aceita requisições em estilo virtual-hosted BUCKET.DOMÍNIO.</translation>
    </message>
    <message>
        <source>domain</source>
        <translation>domínio</translation>
    </message>
    <message>
        <source>Unauthenticated health check path, e.g. /health.</source>
        <translation>Caminho da verificação de saúde sem autenticação, p. ex. /health.</translation>
    </message>
    <message>
        <source>path</source>
        <translation>caminho</translation>
    </message>
    <message>
        <source>Refuse every write.</source>
        <translation>Recusa toda escrita.</translation>
    </message>
    <message>
        <source>Allow cross-origin browser requests from ORIGIN (repeatable, or *) to buckets without a CORS configuration of their own.</source>
        <translation>Permite requisições de navegador de outra origem vindas de ORIGIN (repetível, ou *) aos buckets sem configuração CORS própria.</translation>
    </message>
    <message>
        <source>origin</source>
        <translation>origem</translation>
    </message>
    <message>
        <source>Print only the endpoint and errors.</source>
        <translation>Mostra apenas o endpoint e os erros.</translation>
    </message>
    <message>
        <source>Log SigV4 stages (never secrets).</source>
        <translation>Registra as etapas do SigV4 (nunca segredos).</translation>
    </message>
    <message>
        <source>Run headless.</source>
        <translation>Executa sem interface gráfica.</translation>
    </message>
    <message>
        <source>Backends JSON file (s3-multi).</source>
        <translation>Arquivo JSON dos backends (s3-multi).</translation>
    </message>
    <message>
        <source>Language of the messages, e.g. pt_BR or en (default: the system&apos;s).</source>
        <translation>Idioma das mensagens, p. ex. pt_BR ou en (padrão: o do sistema).</translation>
    </message>
    <message>
        <source>language</source>
        <translation>idioma</translation>
    </message>
    <message>
        <source>presign: GET, PUT, DELETE or HEAD.</source>
        <translation>presign: GET, PUT, DELETE ou HEAD.</translation>
    </message>
    <message>
        <source>method</source>
        <translation>método</translation>
    </message>
    <message>
        <source>presign: bucket name.</source>
        <translation>presign: nome do bucket.</translation>
    </message>
    <message>
        <source>bucket</source>
        <translation>bucket</translation>
    </message>
    <message>
        <source>presign: validity in seconds (1..604800).</source>
        <translation>presign: validade em segundos (1..604800).</translation>
    </message>
    <message>
        <source>seconds</source>
        <translation>segundos</translation>
    </message>
    <message>
        <source>presign: endpoint URL to sign for.</source>
        <translation>presign: URL do endpoint para a qual assinar.</translation>
    </message>
    <message>
        <source>url</source>
        <translation>url</translation>
    </message>
    <message>
        <source>posix DIR | credentials | presign</source>
        <translation>posix DIR | credentials | presign</translation>
    </message>
    <message>
        <source>Try --help.</source>
        <translation>Tente --help.</translation>
    </message>
    <message>
        <source>--cors-origin: &quot;%1&quot; is not an origin such as https://example.com (one * allowed).</source>
        <translation>--cors-origin: &quot;%1&quot; não é uma origem como https://example.com (um * permitido).</translation>
    </message>
    <message>
        <source>--port: &quot;%1&quot; is not [HOST]:PORT.</source>
        <translation>--port: &quot;%1&quot; não está no formato [HOST]:PORTA.</translation>
    </message>
    <message>
        <source>Give both an access key and a secret key, or neither (then they are generated).</source>
        <translation>Informe a chave de acesso e a chave secreta, ou nenhuma das duas (então elas são geradas).</translation>
    </message>
    <message>
        <source>posix needs exactly one directory: s3cascade [options] posix DIR</source>
        <translation>posix precisa de exatamente um diretório: s3cascade [opções] posix DIR</translation>
    </message>
    <message>
        <source>Unexpected arguments: %1</source>
        <translation>Argumentos inesperados: %1</translation>
    </message>
    <message>
        <source>--cert and --key go together.</source>
        <translation>--cert e --key devem ser usados juntos.</translation>
    </message>
    <message>
        <source>--method must be GET, PUT, DELETE or HEAD.</source>
        <translation>--method deve ser GET, PUT, DELETE ou HEAD.</translation>
    </message>
    <message>
        <source>--expires must be 1 to 604800 seconds (7 days, the SigV4 maximum).</source>
        <translation>--expires deve estar entre 1 e 604800 segundos (7 dias, o máximo do SigV4).</translation>
    </message>
    <message>
        <source>presign needs --bucket and --key.</source>
        <translation>presign precisa de --bucket e --key.</translation>
    </message>
    <message>
        <source>Unknown command &quot;%1&quot;. Try --help.</source>
        <translation>Comando desconhecido &quot;%1&quot;. Tente --help.</translation>
    </message>
    <message>
        <source>S3 gateway that cascades reads across several storage backends.

Commands:
  (none)            serve the embedded local directory
  posix DIR         serve DIR (buckets are its top-level folders)
  s3-multi --config FILE  serve the backends of FILE, reads cascading in order
  credentials       print the gateway&apos;s stored access and secret key
  presign           print a presigned URL (--method --bucket --key --expires)</source>
        <translation>Gateway S3 que faz as leituras passarem em cascata por vários backends de armazenamento.

Comandos:
  (nenhum)          serve o diretório local embutido
  posix DIR         serve DIR (os buckets são suas pastas de primeiro nível)
  s3-multi --config ARQUIVO  serve os backends de ARQUIVO, com leituras em cascata na ordem
  credentials       mostra a chave de acesso e a chave secreta guardadas do gateway
  presign           mostra uma URL pré-assinada (--method --bucket --key --expires)</translation>
    </message>
    <message>
        <source>s3-multi needs --config FILE (the backends JSON).</source>
        <translation>s3-multi precisa de --config ARQUIVO (o JSON dos backends).</translation>
    </message>
</context>
<context>
    <name>GatewaySetup</name>
    <message>
        <source>Cannot use %1 as the data directory.</source>
        <translation>Não é possível usar %1 como diretório de dados.</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message numerus="yes">
        <source>%1 (%n backend(s))</source>
        <translation>
            <numerusform>%1 (%n backend)</numerusform>
            <numerusform>%1 (%n backends)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PresignBuilder</name>
    <message>
        <source>The expiry must be at least 1 second.</source>
        <translation>A validade deve ser de pelo menos 1 segundo.</translation>
    </message>
    <message>
        <source>The expiry cannot exceed 7 days (604800 seconds): S3 refuses SigV4 presigned URLs valid for longer.</source>
        <translation>A validade não pode passar de 7 dias (604800 segundos): o S3 recusa URLs pré-assinadas com SigV4 válidas por mais tempo.</translation>
    </message>
    <message>
        <source>The method must be GET, PUT, DELETE or HEAD.</source>
        <translation>O método deve ser GET, PUT, DELETE ou HEAD.</translation>
    </message>
    <message>
        <source>Choose a bucket.</source>
        <translation>Escolha um bucket.</translation>
    </message>
    <message>
        <source>Enter an object key.</source>
        <translation>Informe a chave de um objeto.</translation>
    </message>
    <message>
        <source>The gateway is not running: there is no address to sign for.</source>
        <translation>O gateway não está em execução: não há endereço para o qual assinar.</translation>
    </message>
    <message>
        <source>There are no keys to sign with.</source>
        <translation>Não há chaves com que assinar.</translation>
    </message>
</context>
<context>
    <name>PresignCommand</name>
    <message>
        <source>No credentials: pass --access and --secret, or start the gateway once so it generates and stores them.
</source>
        <translation>Sem credenciais: passe --access e --secret, ou inicie o gateway uma vez para que ele as gere e guarde.
</translation>
    </message>
    <message>
        <source>--endpoint: &quot;%1&quot; is not an http(s) URL.
</source>
        <translation>--endpoint: &quot;%1&quot; não é uma URL http(s).
</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>No stored credentials yet: start the gateway once without --access/--secret.
</source>
        <translation>Ainda não há credenciais guardadas: inicie o gateway uma vez sem --access/--secret.
</translation>
    </message>
</context>
<context>
    <name>s3c::BackendEditDialog</name>
    <message>
        <source>Backend</source>
        <translation>Backend</translation>
    </message>
    <message>
        <source>S3-compatible service</source>
        <translation>Serviço compatível com S3</translation>
    </message>
    <message>
        <source>Local directory</source>
        <translation>Diretório local</translation>
    </message>
    <message>
        <source>Type:</source>
        <translation>Tipo:</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Nome:</translation>
    </message>
    <message>
        <source>Read-only (never written to)</source>
        <translation>Somente leitura (nunca recebe escritas)</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>Testar conexão</translation>
    </message>
    <message>
        <source>https://ACCOUNT.r2.cloudflarestorage.com/bucket (empty: AWS)</source>
        <translation>https://CONTA.r2.cloudflarestorage.com/bucket (vazio: AWS)</translation>
    </message>
    <message>
        <source>Endpoint:</source>
        <translation>Endpoint:</translation>
    </message>
    <message>
        <source>Region:</source>
        <translation>Região:</translation>
    </message>
    <message>
        <source>Access key:</source>
        <translation>Chave de acesso:</translation>
    </message>
    <message>
        <source>Secret key:</source>
        <translation>Chave secreta:</translation>
    </message>
    <message>
        <source>optional: serve only this bucket</source>
        <translation>opcional: servir apenas este bucket</translation>
    </message>
    <message>
        <source>Bucket:</source>
        <translation>Bucket:</translation>
    </message>
    <message>
        <source>Path-style addressing (https://host/bucket/key)</source>
        <translation>Endereçamento por caminho (https://host/bucket/chave)</translation>
    </message>
    <message>
        <source>Accept any TLS certificate (this backend only)</source>
        <translation>Aceitar qualquer certificado TLS (somente neste backend)</translation>
    </message>
    <message>
        <source>Disable payload checksums (UNSIGNED-PAYLOAD)</source>
        <translation>Desativar checksums do conteúdo (UNSIGNED-PAYLOAD)</translation>
    </message>
    <message>
        <source>Connect timeout:</source>
        <translation>Tempo limite de conexão:</translation>
    </message>
    <message>
        <source>First byte timeout:</source>
        <translation>Tempo limite do primeiro byte:</translation>
    </message>
    <message>
        <source>/srv/s3 (its folders are the buckets)</source>
        <translation>/srv/s3 (suas pastas são os buckets)</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Procurar…</translation>
    </message>
    <message>
        <source>Directory:</source>
        <translation>Diretório:</translation>
    </message>
    <message>
        <source>Directory to serve</source>
        <translation>Diretório a servir</translation>
    </message>
    <message>
        <source>Another backend is already called %1.</source>
        <translation>Outro backend já se chama %1.</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Conectando…</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> ms</translation>
    </message>
</context>
<context>
    <name>s3c::BackendListModel</name>
    <message>
        <source>local directory %1</source>
        <translation>diretório local %1</translation>
    </message>
    <message>
        <source>AWS S3 (%1)</source>
        <translation>AWS S3 (%1)</translation>
    </message>
    <message>
        <source>%1, bucket %2</source>
        <translation>%1, bucket %2</translation>
    </message>
    <message>
        <source>%1 — primary</source>
        <translation>%1 — primário</translation>
    </message>
    <message>
        <source>%1 — fallback %2</source>
        <translation>%1 — reserva %2</translation>
    </message>
    <message>
        <source> (read-only)</source>
        <translation> (somente leitura)</translation>
    </message>
    <message>
        <source>The primary takes every write; reads try it first.</source>
        <translation>O primário recebe todas as escritas; as leituras tentam ele primeiro.</translation>
    </message>
    <message>
        <source>Reads fall through to this backend when the ones above miss or fail.</source>
        <translation>As leituras chegam a este backend quando os de cima não têm o objeto ou falham.</translation>
    </message>
</context>
<context>
    <name>s3c::BackendStatsModel</name>
    <message>
        <source>idle</source>
        <translation>ocioso</translation>
    </message>
    <message>
        <source>healthy</source>
        <translation>saudável</translation>
    </message>
    <message>
        <source>failing</source>
        <translation>falhando</translation>
    </message>
    <message>
        <source>ejected</source>
        <translation>afastado</translation>
    </message>
    <message>
        <source>refused %1, timed out %2, reset %3, server error %4, other %5</source>
        <translation>recusadas %1, tempo esgotado %2, conexão reiniciada %3, erro do servidor %4, outras %5</translation>
    </message>
    <message>
        <source>%1 µs</source>
        <translation>%1 µs</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 (primary)</source>
        <translation>%1 (primário)</translation>
    </message>
    <message>
        <source>Calls this backend answered successfully</source>
        <translation>Chamadas que este backend respondeu com sucesso</translation>
    </message>
    <message>
        <source>Not found (NoSuchKey, NoSuchBucket): the cascade asked the next backend</source>
        <translation>Não encontrado (NoSuchKey, NoSuchBucket): a cascata perguntou ao backend seguinte</translation>
    </message>
    <message>
        <source>Refused, timed out, reset or 5xx</source>
        <translation>Recusadas, tempo esgotado, conexão reiniciada ou 5xx</translation>
    </message>
    <message>
        <source>Reads this backend served after an earlier backend was tried</source>
        <translation>Leituras que este backend serviu depois de um backend anterior ser tentado</translation>
    </message>
    <message>
        <source>Backend</source>
        <translation>Backend</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>Saúde</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>Requisições</translation>
    </message>
    <message>
        <source>Hits</source>
        <translation>Acertos</translation>
    </message>
    <message>
        <source>Misses</source>
        <translation>Ausências</translation>
    </message>
    <message>
        <source>Failures</source>
        <translation>Falhas</translation>
    </message>
    <message>
        <source>Fallback reads</source>
        <translation>Leituras de reserva</translation>
    </message>
    <message>
        <source>Read</source>
        <translation>Lido</translation>
    </message>
    <message>
        <source>Written</source>
        <translation>Gravado</translation>
    </message>
    <message>
        <source>p50</source>
        <translation>p50</translation>
    </message>
    <message>
        <source>p95</source>
        <translation>p95</translation>
    </message>
</context>
<context>
    <name>s3c::BackendsPage</name>
    <message>
        <source>Add S3 service…</source>
        <translation>Adicionar serviço S3…</translation>
    </message>
    <message>
        <source>Add local directory…</source>
        <translation>Adicionar diretório local…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>Editar…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Remover</translation>
    </message>
    <message>
        <source>Move up</source>
        <translation>Mover para cima</translation>
    </message>
    <message>
        <source>Move down</source>
        <translation>Mover para baixo</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>Importar…</translation>
    </message>
    <message>
        <source>Read a parent-gateway (s3-multi) or s3cascade backends file</source>
        <translation>Lê um arquivo de backends do gateway original (s3-multi) ou do s3cascade</translation>
    </message>
    <message>
        <source>Revert</source>
        <translation>Reverter</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Salvar</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>Aplicar</translation>
    </message>
    <message>
        <source>Use this list in the running gateway now, without a restart</source>
        <translation>Usa esta lista agora no gateway em execução, sem reiniciá-lo</translation>
    </message>
    <message>
        <source>Import a backends file</source>
        <translation>Importar um arquivo de backends</translation>
    </message>
    <message>
        <source>JSON files (*.json);;All files (*)</source>
        <translation>Arquivos JSON (*.json);;Todos os arquivos (*)</translation>
    </message>
    <message>
        <source>The running gateway now uses this list.</source>
        <translation>O gateway em execução agora usa esta lista.</translation>
    </message>
    <message>
        <source>Not applied: %1</source>
        <translation>Não aplicado: %1</translation>
    </message>
    <message>
        <source>Cascade options</source>
        <translation>Opções da cascata</translation>
    </message>
    <message>
        <source>Delete on the primary only</source>
        <translation>Excluir somente no primário</translation>
    </message>
    <message>
        <source>Delete on every writable backend (nothing resurfaces from a fallback)</source>
        <translation>Excluir em todos os backends graváveis (nada reaparece a partir de uma reserva)</translation>
    </message>
    <message>
        <source>Deletes:</source>
        <translation>Exclusões:</translation>
    </message>
    <message>
        <source>List what the other backends hold when one fails (flagged as partial)</source>
        <translation>Listar o que os outros backends têm quando um falha (marcado como parcial)</translation>
    </message>
    <message>
        <source>Listings:</source>
        <translation>Listagens:</translation>
    </message>
    <message>
        <source>default: the first pinned backend&apos;s bucket</source>
        <translation>padrão: o bucket do primeiro backend fixado</translation>
    </message>
    <message>
        <source>Bucket name for pinned backends:</source>
        <translation>Nome do bucket para backends fixados:</translation>
    </message>
    <message>
        <source>%1 cannot be used: %2</source>
        <translation>%1 não pode ser usado: %2</translation>
    </message>
    <message>
        <source>Loaded from %1.</source>
        <translation>Carregado de %1.</translation>
    </message>
    <message>
        <source>Nothing saved yet: this is what the gateway serves now. Save writes %1.</source>
        <translation>Nada salvo ainda: isto é o que o gateway serve agora. Salvar grava %1.</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>Não salvo: %1</translation>
    </message>
    <message>
        <source>Saved to %1.</source>
        <translation>Salvo em %1.</translation>
    </message>
    <message>
        <source>Applying…</source>
        <translation>Aplicando…</translation>
    </message>
    <message>
        <source>Cannot import %1: %2</source>
        <translation>Não é possível importar %1: %2</translation>
    </message>
    <message numerus="yes">
        <source>Imported %n backend(s) from %1; not saved yet.</source>
        <translation>
            <numerusform>%n backend importado de %1; ainda não salvo.</numerusform>
            <numerusform>%n backends importados de %1; ainda não salvos.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 Unsaved changes.</source>
        <translation>%1 Alterações não salvas.</translation>
    </message>
</context>
<context>
    <name>s3c::BucketListClient</name>
    <message>
        <source>The gateway answered %1 to ListBuckets.</source>
        <translation>O gateway respondeu %1 ao ListBuckets.</translation>
    </message>
    <message>
        <source>The bucket list is not valid XML: %1</source>
        <translation>A lista de buckets não é um XML válido: %1</translation>
    </message>
    <message>
        <source>The gateway answered %1 %2: %3</source>
        <translation>O gateway respondeu %1 %2: %3</translation>
    </message>
</context>
<context>
    <name>s3c::ConnectionTester</name>
    <message>
        <source>Bucket %1 answered in %2 ms.</source>
        <translation>O bucket %1 respondeu em %2 ms.</translation>
    </message>
    <message>
        <source>Bucket %1: %2 (after %3 ms)</source>
        <translation>Bucket %1: %2 (após %3 ms)</translation>
    </message>
    <message>
        <source>%1 (after %2 ms)</source>
        <translation>%1 (após %2 ms)</translation>
    </message>
    <message>
        <source>Connected in %1 ms; no bucket yet.</source>
        <translation>Conectado em %1 ms; nenhum bucket ainda.</translation>
    </message>
    <message numerus="yes">
        <source>%n bucket(s) listed in %1 ms: %2</source>
        <translation>
            <numerusform>%n bucket listado em %1 ms: %2</numerusform>
            <numerusform>%n buckets listados em %1 ms: %2</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>s3c::CopyableLineEdit</name>
    <message>
        <source>Copy to the clipboard</source>
        <translation>Copiar para a área de transferência</translation>
    </message>
</context>
<context>
    <name>s3c::Gateway</name>
    <message>
        <source>Cannot read the certificate %1: %2</source>
        <translation>Não é possível ler o certificado %1: %2</translation>
    </message>
    <message>
        <source>Cannot read the private key %1: %2</source>
        <translation>Não é possível ler a chave privada %1: %2</translation>
    </message>
    <message>
        <source>The certificate or key is not valid PEM.</source>
        <translation>O certificado ou a chave não é um PEM válido.</translation>
    </message>
    <message>
        <source>Cannot listen on %1:%2: %3</source>
        <translation>Não é possível escutar em %1:%2: %3</translation>
    </message>
    <message>
        <source>The gateway is not running.</source>
        <translation>O gateway não está em execução.</translation>
    </message>
</context>
<context>
    <name>s3c::GatewayController</name>
    <message>
        <source>The keys were given on the command line; change them there.</source>
        <translation>As chaves foram informadas na linha de comando; altere-as lá.</translation>
    </message>
    <message numerus="yes">
        <source>%n backend(s): %1</source>
        <translation>
            <numerusform>%n backend: %1</numerusform>
            <numerusform>%n backends: %1</numerusform>
        </translation>
    </message>
    <message>
        <source>The gateway will use this list when it starts.</source>
        <translation>O gateway usará esta lista quando iniciar.</translation>
    </message>
</context>
<context>
    <name>s3c::GatewayHost</name>
    <message>
        <source>The gateway is not running.</source>
        <translation>O gateway não está em execução.</translation>
    </message>
</context>
<context>
    <name>s3c::GuiApp</name>
    <message>
        <source>Overview</source>
        <translation>Visão geral</translation>
    </message>
    <message>
        <source>Presign</source>
        <translation>Pré-assinar</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>Registro</translation>
    </message>
    <message>
        <source>Backends</source>
        <translation>Backends</translation>
    </message>
    <message>
        <source>Statistics</source>
        <translation>Estatísticas</translation>
    </message>
</context>
<context>
    <name>s3c::HeadlessRunner</name>
    <message>
        <source>s3cascade: %1</source>
        <translation>s3cascade: %1</translation>
    </message>
    <message>
        <source>access key: %1</source>
        <translation>access key: %1</translation>
    </message>
    <message>
        <source>secret key: %1</source>
        <translation>secret key: %1</translation>
    </message>
    <message>
        <source>(generated and saved in %1; `s3cascade credentials` shows them again)</source>
        <translation>(geradas e salvas em %1; `s3cascade credentials` as mostra de novo)</translation>
    </message>
    <message>
        <source>serving %1</source>
        <translation>servindo %1</translation>
    </message>
</context>
<context>
    <name>s3c::LogModel</name>
    <message>
        <source>debug</source>
        <translation>depuração</translation>
    </message>
    <message>
        <source>info</source>
        <translation>info</translation>
    </message>
    <message>
        <source>warning</source>
        <translation>aviso</translation>
    </message>
    <message>
        <source>error</source>
        <translation>erro</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Hora</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>Nível</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Categoria</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Mensagem</translation>
    </message>
</context>
<context>
    <name>s3c::LogPage</name>
    <message>
        <source>Everything</source>
        <translation>Tudo</translation>
    </message>
    <message>
        <source>Info and above</source>
        <translation>Info e acima</translation>
    </message>
    <message>
        <source>Warnings and errors</source>
        <translation>Avisos e erros</translation>
    </message>
    <message>
        <source>Errors only</source>
        <translation>Somente erros</translation>
    </message>
    <message>
        <source>Filter messages</source>
        <translation>Filtrar mensagens</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Limpar</translation>
    </message>
    <message>
        <source>Show:</source>
        <translation>Mostrar:</translation>
    </message>
</context>
<context>
    <name>s3c::MainWindow</name>
    <message>
        <source>s3cascade</source>
        <translation>s3cascade</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Arquivo</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Sair</translation>
    </message>
    <message>
        <source>Keep the gateway running?</source>
        <translation>Manter o gateway em execução?</translation>
    </message>
    <message>
        <source>Closing the window can keep the gateway running in the system tray, so S3 clients keep working. Your choice is remembered.</source>
        <translation>Fechar a janela pode manter o gateway em execução na bandeja do sistema, para que os clientes S3 continuem funcionando. Sua escolha será lembrada.</translation>
    </message>
    <message>
        <source>Keep running in the tray</source>
        <translation>Continuar na bandeja</translation>
    </message>
    <message>
        <source>Quit s3cascade</source>
        <translation>Sair do s3cascade</translation>
    </message>
</context>
<context>
    <name>s3c::OverviewPage</name>
    <message numerus="yes">
        <source>%n day(s) %1</source>
        <translation>
            <numerusform>%n dia %1</numerusform>
            <numerusform>%n dias %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Gateway</source>
        <translation>Gateway</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>Estado:</translation>
    </message>
    <message>
        <source>Endpoint:</source>
        <translation>Endpoint:</translation>
    </message>
    <message>
        <source>This computer only (127.0.0.1)</source>
        <translation>Somente este computador (127.0.0.1)</translation>
    </message>
    <message>
        <source>This computer only, IPv6 (::1)</source>
        <translation>Somente este computador, IPv6 (::1)</translation>
    </message>
    <message>
        <source>Every network interface</source>
        <translation>Todas as interfaces de rede</translation>
    </message>
    <message>
        <source>Every IPv4 interface (0.0.0.0)</source>
        <translation>Todas as interfaces IPv4 (0.0.0.0)</translation>
    </message>
    <message>
        <source>0 picks a free port</source>
        <translation>0 escolhe uma porta livre</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>Aplicar</translation>
    </message>
    <message>
        <source>Restarts the gateway on the new address</source>
        <translation>Reinicia o gateway no novo endereço</translation>
    </message>
    <message>
        <source>Port:</source>
        <translation>Porta:</translation>
    </message>
    <message>
        <source>Listen on:</source>
        <translation>Escutar em:</translation>
    </message>
    <message>
        <source>Serving:</source>
        <translation>Servindo:</translation>
    </message>
    <message>
        <source>Uptime:</source>
        <translation>Tempo ativo:</translation>
    </message>
    <message>
        <source>Requests:</source>
        <translation>Requisições:</translation>
    </message>
    <message>
        <source>Credentials</source>
        <translation>Credenciais</translation>
    </message>
    <message>
        <source>Access key:</source>
        <translation>Chave de acesso:</translation>
    </message>
    <message>
        <source>Secret key:</source>
        <translation>Chave secreta:</translation>
    </message>
    <message>
        <source>Regenerate…</source>
        <translation>Gerar novas…</translation>
    </message>
    <message>
        <source>Use it</source>
        <translation>Como usar</translation>
    </message>
    <message>
        <source>List the buckets with the aws cli (after exporting the keys above as AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY):</source>
        <translation>Liste os buckets com o aws cli (depois de exportar as chaves acima como AWS_ACCESS_KEY_ID e AWS_SECRET_ACCESS_KEY):</translation>
    </message>
    <message>
        <source>Or add this profile to ~/.aws/config and use --profile s3cascade:</source>
        <translation>Ou adicione este perfil ao ~/.aws/config e use --profile s3cascade:</translation>
    </message>
    <message>
        <source>Copy profile</source>
        <translation>Copiar perfil</translation>
    </message>
    <message>
        <source>Copies the profile with the real secret key</source>
        <translation>Copia o perfil com a chave secreta verdadeira</translation>
    </message>
    <message>
        <source>not available</source>
        <translation>indisponível</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Em execução</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Iniciando…</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>Parando…</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Parado</translation>
    </message>
    <message>
        <source>Stopped: %1</source>
        <translation>Parado: %1</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Iniciar</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Parar</translation>
    </message>
    <message>
        <source>not listening</source>
        <translation>sem escutar</translation>
    </message>
    <message>
        <source>Given on the command line (--access/--secret or ROOT_ACCESS_KEY/ROOT_SECRET_KEY).</source>
        <translation>Informadas na linha de comando (--access/--secret ou ROOT_ACCESS_KEY/ROOT_SECRET_KEY).</translation>
    </message>
    <message>
        <source>Stored in %1 (readable by you only).</source>
        <translation>Guardadas em %1 (legível somente por você).</translation>
    </message>
    <message>
        <source>Regenerate the keys?</source>
        <translation>Gerar novas chaves?</translation>
    </message>
    <message>
        <source>New keys replace the current ones and the gateway restarts. Every client still using the old keys (aws profiles, scripts, presigned URLs already handed out) will fail with an access error until it gets the new ones.</source>
        <translation>As novas chaves substituem as atuais e o gateway reinicia. Todo cliente que ainda usar as chaves antigas (perfis do aws, scripts, URLs pré-assinadas já distribuídas) falhará com erro de acesso até receber as novas.</translation>
    </message>
    <message>
        <source>Keys not changed</source>
        <translation>Chaves não alteradas</translation>
    </message>
</context>
<context>
    <name>s3c::PresignPage</name>
    <message>
        <source>Request</source>
        <translation>Requisição</translation>
    </message>
    <message>
        <source>Method:</source>
        <translation>Método:</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Atualizar</translation>
    </message>
    <message>
        <source>Ask the gateway for its buckets again</source>
        <translation>Pedir de novo ao gateway a lista de buckets</translation>
    </message>
    <message>
        <source>Bucket:</source>
        <translation>Bucket:</translation>
    </message>
    <message>
        <source>path/to/object.txt</source>
        <translation>caminho/do/objeto.txt</translation>
    </message>
    <message>
        <source>Key:</source>
        <translation>Chave:</translation>
    </message>
    <message>
        <source>15 minutes</source>
        <translation>15 minutos</translation>
    </message>
    <message>
        <source>1 hour</source>
        <translation>1 hora</translation>
    </message>
    <message>
        <source>1 day</source>
        <translation>1 dia</translation>
    </message>
    <message>
        <source>7 days (the maximum)</source>
        <translation>7 dias (o máximo)</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>Personalizado</translation>
    </message>
    <message>
        <source>Valid for:</source>
        <translation>Válida por:</translation>
    </message>
    <message>
        <source>seconds</source>
        <translation>segundos</translation>
    </message>
    <message>
        <source>minutes</source>
        <translation>minutos</translation>
    </message>
    <message>
        <source>hours</source>
        <translation>horas</translation>
    </message>
    <message>
        <source>days</source>
        <translation>dias</translation>
    </message>
    <message>
        <source>Custom:</source>
        <translation>Personalizado:</translation>
    </message>
    <message>
        <source>The address written into the URL: loopback for this computer, a LAN address for other devices (the gateway must listen on every interface).</source>
        <translation>O endereço gravado na URL: loopback para este computador, um endereço da rede local para outros dispositivos (o gateway precisa escutar em todas as interfaces).</translation>
    </message>
    <message>
        <source>Host:</source>
        <translation>Host:</translation>
    </message>
    <message>
        <source>Presigned URL</source>
        <translation>URL pré-assinada</translation>
    </message>
    <message>
        <source>Copy URL</source>
        <translation>Copiar URL</translation>
    </message>
    <message>
        <source>curl:</source>
        <translation>curl:</translation>
    </message>
    <message>
        <source>Start the gateway to list its buckets.</source>
        <translation>Inicie o gateway para listar seus buckets.</translation>
    </message>
    <message>
        <source>Asking the gateway for its buckets…</source>
        <translation>Pedindo ao gateway a lista de buckets…</translation>
    </message>
    <message>
        <source>The gateway has no bucket yet.</source>
        <translation>O gateway ainda não tem nenhum bucket.</translation>
    </message>
    <message numerus="yes">
        <source>%n bucket(s) on the gateway.</source>
        <translation>
            <numerusform>%n bucket no gateway.</numerusform>
            <numerusform>%n buckets no gateway.</numerusform>
        </translation>
    </message>
    <message>
        <source>Expires %1</source>
        <translation>Expira em %1</translation>
    </message>
    <message>
        <source>bucket name</source>
        <translation>nome do bucket</translation>
    </message>
    <message>
        <source>The gateway did not answer the bucket list. Type the bucket name.</source>
        <translation>O gateway não respondeu à lista de buckets. Digite o nome do bucket.</translation>
    </message>
    <message>
        <source>The bucket list is not available right now: one of the backends did not answer. Type the bucket name; the other backends may still serve it.</source>
        <translation>A lista de buckets não está disponível agora: um dos backends não respondeu. Digite o nome do bucket; os outros backends ainda podem atendê-lo.</translation>
    </message>
    <message>
        <source>The bucket list is not available right now. Type the bucket name.</source>
        <translation>A lista de buckets não está disponível agora. Digite o nome do bucket.</translation>
    </message>
    <message>
        <source>The gateway did not list its buckets. Type the bucket name.</source>
        <translation>O gateway não listou seus buckets. Digite o nome do bucket.</translation>
    </message>
</context>
<context>
    <name>s3c::QrCodeWidget</name>
    <message>
        <source>No URL yet</source>
        <translation>Nenhuma URL ainda</translation>
    </message>
    <message>
        <source>Too long for a QR code</source>
        <translation>Longa demais para um QR code</translation>
    </message>
</context>
<context>
    <name>s3c::ReadsChart</name>
    <message>
        <source>Reads served per backend, last 5 minutes</source>
        <translation>Leituras servidas por backend, últimos 5 minutos</translation>
    </message>
    <message>
        <source>seconds ago</source>
        <translation>segundos atrás</translation>
    </message>
    <message>
        <source>reads/s</source>
        <translation>leituras/s</translation>
    </message>
</context>
<context>
    <name>s3c::RecentRequestsModel</name>
    <message>
        <source>Time</source>
        <translation>Hora</translation>
    </message>
    <message>
        <source>Bucket/key</source>
        <translation>Bucket/chave</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Backend</source>
        <translation>Backend</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>Latência</translation>
    </message>
    <message>
        <source>Bytes</source>
        <translation>Bytes</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>Método</translation>
    </message>
</context>
<context>
    <name>s3c::SecretLineEdit</name>
    <message>
        <source>Show or hide the secret</source>
        <translation>Mostrar ou ocultar o segredo</translation>
    </message>
</context>
<context>
    <name>s3c::StatisticsPage</name>
    <message>
        <source>Recent requests:</source>
        <translation>Requisições recentes:</translation>
    </message>
    <message>
        <source>Filter (bucket, key, status, backend…)</source>
        <translation>Filtrar (bucket, chave, status, backend…)</translation>
    </message>
    <message numerus="yes">
        <source>%n request(s) since the gateway started.</source>
        <translation>
            <numerusform>%n requisição desde que o gateway iniciou.</numerusform>
            <numerusform>%n requisições desde que o gateway iniciou.</numerusform>
        </translation>
    </message>
    <message>
        <source>No statistics: the gateway is not running.</source>
        <translation>Sem estatísticas: o gateway não está em execução.</translation>
    </message>
    <message>
        <source>Copied into the primary on read: %1 (%2); skipped %3 (changed meanwhile %4, too large %5, busy %6, already copying %7); failed %8. Now copying %9, waiting %10.</source>
        <translation>Copiados para o primário na leitura: %1 (%2); ignorados %3 (alterados nesse meio-tempo %4, grandes demais %5, ocupado %6, já em cópia %7); falhas %8. Copiando agora %9, aguardando %10.</translation>
    </message>
</context>
<context>
    <name>s3c::TrayController</name>
    <message>
        <source>Copy endpoint</source>
        <translation>Copiar endpoint</translation>
    </message>
    <message>
        <source>Show window</source>
        <translation>Mostrar janela</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Sair</translation>
    </message>
    <message>
        <source>s3cascade: running on %1</source>
        <translation>s3cascade: em execução em %1</translation>
    </message>
    <message>
        <source>s3cascade: stopped</source>
        <translation>s3cascade: parado</translation>
    </message>
    <message>
        <source>Start gateway</source>
        <translation>Iniciar gateway</translation>
    </message>
    <message>
        <source>Stop gateway</source>
        <translation>Parar gateway</translation>
    </message>
</context>
</TS>
