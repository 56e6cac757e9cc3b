<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pt_BR">
<context>
    <name>CommandLine</name>
    <message>
        <source>S3 gateway that cascades reads across several storage backends.

Commands:
  (none)            serve the embedded local directory
  posix DIR         serve DIR (buckets are its top-level folders)
  credentials       print the gateway&apos;s stored access and secret key
  presign           print a presigned URL (--method --bucket --key --expires)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show this help.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the version.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Listen address [HOST]:PORT (default 127.0.0.1:7070; :7070 = all interfaces).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>addr</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Access key clients sign with (env ROOT_ACCESS_KEY).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Secret key (env ROOT_SECRET_KEY).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>secret</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Region of the gateway (default us-east-1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>region</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TLS certificate chain (PEM): serve HTTPS.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Object key (presign), or the TLS private key file (PEM) with --cert.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accept virtual-hosted requests BUCKET.DOMAIN.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>domain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unauthenticated health check path, e.g. /health.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>path</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refuse every write.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Print only the endpoint and errors.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log SigV4 stages (never secrets).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run headless.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backends JSON file (s3-multi).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language of the messages, e.g. pt_BR or en (default: the system&apos;s).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>presign: GET, PUT, DELETE or HEAD.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>method</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>presign: bucket name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bucket</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>presign: validity in seconds (1..604800).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>seconds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>presign: endpoint URL to sign for.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>url</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>posix DIR | credentials | presign</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Try --help.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--port: &quot;%1&quot; is not [HOST]:PORT.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give both an access key and a secret key, or neither (then they are generated).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>posix needs exactly one directory: s3cascade [options] posix DIR</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unexpected arguments: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--cert and --key go together.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--method must be GET, PUT, DELETE or HEAD.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--expires must be 1 to 604800 seconds (7 days, the SigV4 maximum).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>presign needs --bucket and --key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>s3-multi is not available in this version yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown command &quot;%1&quot;. Try --help.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>GatewaySetup</name>
    <message>
        <source>Cannot use %1 as the data directory.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PresignBuilder</name>
    <message>
        <source>The expiry must be at least 1 second.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The expiry cannot exceed 7 days (604800 seconds): S3 refuses SigV4 presigned URLs valid for longer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The method must be GET, PUT, DELETE or HEAD.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a bucket.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter an object key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The gateway is not running: there is no address to sign for.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There are no keys to sign with.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PresignCommand</name>
    <message>
        <source>No credentials: pass --access and --secret, or start the gateway once so it generates and stores them.
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--endpoint: &quot;%1&quot; is not an http(s) URL.
</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>No stored credentials yet: start the gateway once without --access/--secret.
</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>s3c::BackendStatsModel</name>
    <message>
        <source>idle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>healthy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ejected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>refused %1, timed out %2, reset %3, server error %4, other %5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 µs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (primary)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Calls this backend answered successfully</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not found (NoSuchKey, NoSuchBucket): the cascade asked the next backend</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refused, timed out, reset or 5xx</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reads this backend served after an earlier backend was tried</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backend</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Health</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Requests</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Misses</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failures</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fallback reads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Written</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>p50</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>p95</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>s3c::BucketListClient</name>
    <message>
        <source>The gateway answered %1 to ListBuckets.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The bucket list is not valid XML: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>s3c::CopyableLineEdit</name>
    <message>
        <source>Copy to the clipboard</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>s3c::Gateway</name>
    <message>
        <source>Cannot read the certificate %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read the private key %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The certificate or key is not valid PEM.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot listen on %1:%2: %3</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>s3c::GatewayController</name>
    <message>
        <source>The keys were given on the command line; change them there.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>s3c::GuiApp</name>
    <message>
        <source>Overview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Presign</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>s3c::HeadlessRunner</name>
    <message>
        <source>s3cascade: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>access key: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>secret key: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(generated and saved in %1; `s3cascade credentials` shows them again)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>s3cascade: cannot use %1 as the data directory.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>serving %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>s3c::LogModel</name>
    <message>
        <source>debug</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>info</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>warning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Level</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>s3c::LogPage</name>
    <message>
        <source>Everything</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Info and above</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warnings and errors</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Errors only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter messages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>s3c::MainWindow</name>
    <message>
        <source>s3cascade</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep the gateway running?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Closing the window can keep the gateway running in the system tray, so S3 clients keep working. Your choice is remembered.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep running in the tray</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quit s3cascade</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>s3c::OverviewPage</name>
    <message numerus="yes">
        <source>%n day(s) %1</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Gateway</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Endpoint:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This computer only (127.0.0.1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This computer only, IPv6 (::1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every network interface</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every IPv4 interface (0.0.0.0)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>0 picks a free port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Apply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restarts the gateway on the new address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Port:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Listen on:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Serving:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Uptime:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Requests:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Credentials</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Access key:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Secret key:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Regenerate…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>List the buckets with the aws cli (after exporting the keys above as AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Or add this profile to ~/.aws/config and use --profile s3cascade:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copies the profile with the real secret key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not available</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not listening</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Given on the command line (--access/--secret or ROOT_ACCESS_KEY/ROOT_SECRET_KEY).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stored in %1 (readable by you only).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Regenerate the keys?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New keys replace the current ones and the gateway restarts. Every client still using the old keys (aws profiles, scripts, presigned URLs already handed out) will fail with an access error until it gets the new ones.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keys not changed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>s3c::PresignPage</name>
    <message>
        <source>Request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Method:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask the gateway for its buckets again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bucket:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>path/to/object.txt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>15 minutes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 hour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>7 days (the maximum)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Custom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Valid for:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>seconds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>minutes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>hours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Custom:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The address written into the URL: loopback for this computer, a LAN address for other devices (the gateway must listen on every interface).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Host:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Presigned URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>curl:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not list the buckets: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start the gateway to list its buckets.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Asking the gateway for its buckets…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The gateway has no bucket yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n bucket(s) on the gateway.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Expires %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>s3c::QrCodeWidget</name>
    <message>
        <source>No URL yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Too long for a QR code</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>s3c::ReadsChart</name>
    <message>
        <source>Reads served per backend, last 5 minutes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>seconds ago</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reads/s</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>s3c::RecentRequestsModel</name>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bucket/key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backend</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Latency</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bytes</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>s3c::SecretLineEdit</name>
    <message>
        <source>Show or hide the secret</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>s3c::StatisticsPage</name>
    <message>
        <source>Recent requests:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter (bucket, key, status, backend…)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n request(s) since the gateway started.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>No statistics: the gateway is not running.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>s3c::TrayController</name>
    <message>
        <source>Copy endpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>s3cascade: running on %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>s3cascade: stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start gateway</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop gateway</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
