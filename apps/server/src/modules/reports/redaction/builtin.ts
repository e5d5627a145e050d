/**
 * The built-in redaction patterns. Each masks its named group `secret` when it has one (the
 * option or key before it stays readable: `--password [REDACTED]`), else the whole match.
 * None uses a backreference or lookaround, and every one is checked safe by recheck in
 * `builtin.test.ts`, like the admin's own patterns at save time.
 */
export interface BuiltinPattern {
  name: string;
  /** What it catches, for docs/reports.md and the report's appendix. */
  description: string;
  source: string;
  flags: string;
}

/** A quoted or bare value after an option or key. */
const VALUE = String.raw`(?<secret>"[^"\r\n]*"|'[^'\r\n]*'|[^\s"']+)`;
/** The same in key=value text, where ; and & end the value (query strings, config lines). */
const KV_VALUE = String.raw`(?<secret>"[^"\r\n]*"|'[^'\r\n]*'|[^\s"';&]+)`;

export const BUILTIN_PATTERNS: readonly BuiltinPattern[] = [
  {
    name: 'password-option',
    description:
      'Password options on a command line: --password, --pass, --passwd, -Password, -pw, /p:, /password:, /pass:',
    source: String.raw`(?:--password|--passwd|--pass|-password|-passwd|-pw|/password:|/pass:|/p:)(?:[=:]|\s+)?${VALUE}`,
    flags: 'i',
  },
  {
    name: 'short-password-option',
    description:
      'A -p option followed by a value that is not a number or a path (mysql -pSecret, sshpass -p Secret, crackmapexec -u x -p Secret); also masks a bare word after mkdir -p',
    source: String.raw`(?:^|\s)-p(?:\s+)?(?<secret>"[^"\r\n]*"|'[^'\r\n]*'|[^\s"'0-9/.~-][^\s"']*)`,
    flags: '',
  },
  {
    name: 'net-user-password',
    description: 'net user <name> <password> and net use … /user:<name> <password>',
    source: String.raw`(?:\bnet(?:\.exe)?\s+user\s+(?:"[^"\r\n]*"|[^\s"]+)|(?:^|\s)/user:[^\s"]+)\s+(?<secret>"[^"\r\n]*"|[^\s/"*][^\s]*)`,
    flags: 'i',
  },
  {
    name: 'password-assignment',
    description:
      'password=, passwd:, pwd=, secret=, token=, api_key= and the like (shell, config, PowerShell)',
    source: String.raw`\b(?:password|passwd|pwd|passphrase|secret|client_secret|token|api[_-]?key)["']?\s*[=:]\s*${KV_VALUE}`,
    flags: 'i',
  },
  {
    name: 'secure-string',
    description: "ConvertTo-SecureString '<password>' -AsPlainText",
    source: String.raw`ConvertTo-SecureString\s+(?:-String\s+)?(?<secret>"[^"\r\n]*"|'[^'\r\n]*')`,
    flags: 'i',
  },
  {
    name: 'ntlm-hash',
    description: 'LM:NT hash pairs (pwdump / secretsdump lines, aad3b435… empty LM)',
    source: String.raw`\b(?<secret>[0-9a-f]{32}:[0-9a-f]{32})\b`,
    flags: 'i',
  },
  {
    name: 'nt-hash-option',
    description:
      'NT or AES keys passed to a tool: -hashes :<nt>, -H <nt>, /rc4:, /ntlm:, /aes128:, /aes256:',
    source: String.raw`(?:/(?:rc4|ntlm|aes128|aes256):|-hashes\s+:|\s-H\s+)(?<secret>[0-9a-f]{32}(?:[0-9a-f]{32})?)\b`,
    flags: 'i',
  },
  {
    name: 'kerberos-ticket',
    description: 'Base64 kirbi tickets (doI…, also wrapped over lines as Rubeus prints them)',
    source: String.raw`\bdoI[A-Za-z0-9+/]{40,}={0,2}(?:[ \t]*\r?\n[ \t]*[A-Za-z0-9+/]{16,}={0,2})*`,
    flags: '',
  },
  {
    name: 'kerberos-hash',
    description: 'Roasted Kerberos hashes: $krb5tgs$, $krb5asrep$, $krb5pa$, $krb5tgt$',
    source: String.raw`\$krb5(?:tgs|asrep|pa|tgt)\$[^\s"']+`,
    flags: 'i',
  },
  {
    name: 'jwt',
    description: 'JSON Web Tokens (eyJ….eyJ….signature)',
    source: String.raw`(?:^|[^A-Za-z0-9_-])(?<secret>eyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*)`,
    flags: '',
  },
  {
    name: 'aws-access-key',
    description: 'AWS access key ids (AKIA…, ASIA…)',
    source: String.raw`\b(?:AKIA|ASIA)[0-9A-Z]{16}\b`,
    flags: '',
  },
  {
    name: 'aws-secret-key',
    description:
      'AWS secret keys and session tokens after aws_secret_access_key, SecretAccessKey, aws_session_token, SessionToken',
    source: String.raw`(?:aws_secret_access_key|secretaccesskey|aws_session_token|sessiontoken)["']?\s*[=:]\s*["']?(?<secret>[A-Za-z0-9/+=]{40,})`,
    flags: 'i',
  },
  {
    name: 'private-key',
    description: 'PEM private keys (RSA, EC, DSA, OpenSSH, encrypted PKCS#8)',
    source: String.raw`-----BEGIN [A-Z0-9 ]{0,30}PRIVATE KEY-----[^-]{0,100000}(?:-{1,4}[^-]{1,100000}){0,20}-----END [A-Z0-9 ]{0,30}PRIVATE KEY-----`,
    flags: '',
  },
  {
    name: 'bearer-token',
    description: 'Bearer tokens and Basic credentials (Authorization headers, curl -H)',
    source: String.raw`\b(?:bearer|basic)\s+(?<secret>[A-Za-z0-9._~+/-]{16,}=*)`,
    flags: 'i',
  },
  {
    name: 'connection-string-password',
    description: 'Password= / Pwd= in connection strings (after a ; or a quote, up to the next ;)',
    source: String.raw`(?:^|[;"'])\s*(?:password|pwd)\s*=\s*(?<secret>"[^"\r\n]*"|'[^'\r\n]*'|[^;&"'\r\n]+)`,
    flags: 'i',
  },
  {
    name: 'url-credentials',
    description: 'Passwords in URLs: scheme://user:password@host',
    source: String.raw`\b(?:https?|ftps?|sftp|ssh|smb|ldaps?|mysql|postgres(?:ql)?|mongodb(?:\+srv)?|redis|amqps?|mssql|sqlserver|rdp|vnc|telnet)://[^\s:/@]+:(?<secret>[^\s/@]+)@`,
    flags: 'i',
  },
];
