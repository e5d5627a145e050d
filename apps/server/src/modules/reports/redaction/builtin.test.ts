import { check } from 'recheck';
import { describe, expect, it } from 'vitest';
import { BUILTIN_PATTERNS } from './builtin.js';
import { MASK, Redactor, compilePatterns } from './redactor.js';

/**
 * Every built-in pattern with hand-written samples: what must be masked (the secret gone, the
 * text around it kept) and what must be left alone. Each positive sample is checked against
 * its own pattern alone, and against the whole set (the secret never survives).
 */
interface Case {
  text: string;
  /** The secret that must disappear (positive) … */
  secret?: string;
  /** … and a part that must stay readable. */
  keeps?: string;
}

const T: Record<string, { yes: Case[]; no: string[] }> = {
  'password-option': {
    yes: [
      { text: 'mysql --password=Hunter2! -u root', secret: 'Hunter2!', keeps: '--password=' },
      { text: 'tool --pass "s3cr3t value" --go', secret: 's3cr3t value', keeps: '--go' },
      { text: 'New-ADUser bob -Password P@ssw0rd', secret: 'P@ssw0rd', keeps: 'New-ADUser bob' },
      {
        text: 'xfreerdp /v:10.0.0.5 /u:admin /p:Winter2024',
        secret: 'Winter2024',
        keeps: '/v:10.0.0.5',
      },
      { text: 'runas /password:Spring#1 cmd', secret: 'Spring#1' },
      { text: 'plink -pw letmein host', secret: 'letmein', keeps: 'plink' },
    ],
    no: ['ls --all --human-readable', 'set PASSWORDLESS=1', 'nmap -Pn 10.0.0.1'],
  },
  'short-password-option': {
    yes: [
      { text: 'mysql -u root -pToor123 db', secret: 'Toor123', keeps: '-u root' },
      { text: 'sshpass -p Secret99 ssh bob@host', secret: 'Secret99', keeps: 'ssh bob@host' },
      { text: 'crackmapexec smb 10.0.0.0/24 -u admin -p "Pa ss"', secret: 'Pa ss' },
    ],
    no: ['ssh -p 22 bob@host', 'mkdir -p /tmp/out', 'mkdir -p ./build', 'nc -p 4444 -l'],
  },
  'net-user-password': {
    yes: [
      { text: 'net user backdoor Passw0rd! /add', secret: 'Passw0rd!', keeps: '/add' },
      { text: 'net.exe user "svc acct" Qwerty123', secret: 'Qwerty123', keeps: 'svc acct' },
      {
        text: 'net use \\\\dc01\\c$ /user:CORP\\bob Summer2025',
        secret: 'Summer2025',
        keeps: 'CORP',
      },
    ],
    no: ['net user bob /domain', 'net user', 'net use \\\\dc01\\c$ /user:CORP\\bob /persistent:no'],
  },
  'password-assignment': {
    yes: [
      { text: 'curl "https://x/api?user=a&password=abc123&x=1"', secret: 'abc123', keeps: 'x=1' },
      { text: '$pwd = "Hunter2"', secret: 'Hunter2' },
      { text: 'export API_KEY=sk_live_4242', secret: 'sk_live_4242', keeps: 'export' },
      { text: 'token: ghp_abcdefghijkl', secret: 'ghp_abcdefghijkl' },
      { text: '{"client_secret": "zzTopSecret"}', secret: 'zzTopSecret' },
    ],
    no: ['pwd', 'echo $PWD', 'the password policy requires 14 characters', 'Get-Token'],
  },
  'secure-string': {
    yes: [
      {
        text: "$p = ConvertTo-SecureString 'Pl41nText!' -AsPlainText -Force",
        secret: 'Pl41nText!',
        keeps: '-AsPlainText',
      },
    ],
    no: ['$p = Read-Host -AsSecureString | ConvertTo-SecureString'],
  },
  'ntlm-hash': {
    yes: [
      {
        text: 'Administrator:500:aad3b435b51404eeaad3b435b51404ee:31d6cfe0d16ae931b73c59d7e0c089c0:::',
        secret: 'aad3b435b51404eeaad3b435b51404ee:31d6cfe0d16ae931b73c59d7e0c089c0',
        keeps: 'Administrator:500:',
      },
      {
        text: 'hash 0123456789ABCDEF0123456789ABCDEF:FEDCBA9876543210FEDCBA9876543210',
        secret: '0123456789ABCDEF0123456789ABCDEF:FEDCBA9876543210FEDCBA9876543210',
      },
    ],
    no: [
      'sha256 2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824',
      'guid 0123456789abcdef:0123',
    ],
  },
  'nt-hash-option': {
    yes: [
      {
        text: 'secretsdump.py -hashes :31d6cfe0d16ae931b73c59d7e0c089c0 corp/admin@dc',
        secret: '31d6cfe0d16ae931b73c59d7e0c089c0',
        keeps: 'corp/admin@dc',
      },
      {
        text: 'evil-winrm -i dc -u admin -H 8846f7eaee8fb117ad06bdd830b7586c',
        secret: '8846f7eaee8fb117ad06bdd830b7586c',
      },
      {
        text: 'sekurlsa::pth /user:a /ntlm:8846f7eaee8fb117ad06bdd830b7586c',
        secret: '8846f7eaee8fb117ad06bdd830b7586c',
      },
      {
        text: 'Rubeus asktgt /rc4:8846F7EAEE8FB117AD06BDD830B7586C /ptt',
        secret: '8846F7EAEE8FB117AD06BDD830B7586C',
      },
    ],
    no: ['md5sum file: 8846f7eaee8fb117ad06bdd830b7586c', 'grep -H pattern file'],
  },
  'kerberos-ticket': {
    yes: [
      {
        text: `[*] base64(ticket.kirbi):\n\n      doIFmjCCBZagAwIBBaEDAgEWooIEozCCBJ9hggSbMIIEl6ADAgEFoQ0bC0NPUlAuTE9DQUyi\n      IDAeoAMCAQKhFzAVGwZrcmJ0Z3QbC2NvcnAubG9jYWyjggReMIIEWqADAgESoQMCAQKi\n\n[*] done`,
        secret: 'IDAeoAMCAQKhFzAVGwZrcmJ0Z3QbC2NvcnAubG9jYWyjggReMIIEWqADAgESoQMCAQKi',
        keeps: '[*] done',
      },
    ],
    no: ['doIt now', 'doInstall(args)'],
  },
  'kerberos-hash': {
    yes: [
      {
        text: 'found $krb5tgs$23$*svc_sql$CORP.LOCAL$MSSQLSvc/db01*$a1b2c3$d4e5f6 for svc_sql',
        secret: '$krb5tgs$23$*svc_sql$CORP.LOCAL$MSSQLSvc/db01*$a1b2c3$d4e5f6',
        keeps: 'for svc_sql',
      },
      {
        text: '$krb5asrep$23$bob@CORP.LOCAL:0a1b2c$3d4e5f',
        secret: '$krb5asrep$23$bob@CORP.LOCAL:0a1b2c$3d4e5f',
      },
    ],
    no: ['kerberoasting (T1558.003) against $krb5 services', 'krb5tgs requested'],
  },
  jwt: {
    yes: [
      {
        text: 'cookie=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJib2IifQ.c2lnbmF0dXJlLXNpZ25hdHVyZQ; path=/',
        secret: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJib2IifQ.c2lnbmF0dXJlLXNpZ25hdHVyZQ',
        keeps: 'path=/',
      },
    ],
    no: ['eyJ is the base64 of {"', 'file.eyJhbGci.txt'],
  },
  'aws-access-key': {
    yes: [
      { text: 'key AKIAIOSFODNN7EXAMPLE used', secret: 'AKIAIOSFODNN7EXAMPLE', keeps: 'used' },
      { text: '"AccessKeyId": "ASIAY34FZKBOKMUTVV7A"', secret: 'ASIAY34FZKBOKMUTVV7A' },
    ],
    no: ['AKIA is the prefix of access keys', 'AKIAIOSFODNN7EXAMPL'],
  },
  'aws-secret-key': {
    yes: [
      {
        text: 'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
        secret: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      },
      {
        text: '"SecretAccessKey": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",',
        secret: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      },
    ],
    no: ['wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY alone', 'aws_secret_access_key is missing'],
  },
  'private-key': {
    yes: [
      {
        text: 'id_rsa:\n-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\nAAAAAAAAAAEAAAAzAAAAC3NzaC1lZDI1NTE5\n-----END OPENSSH PRIVATE KEY-----\nnext',
        secret: 'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ',
        keeps: 'next',
      },
      {
        text: '-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,ABCD\n\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY-----',
        secret: 'MIIEpAIBAAKCAQEA',
      },
    ],
    no: [
      '-----BEGIN PUBLIC KEY-----\nMIIBIjANBg\n-----END PUBLIC KEY-----',
      '-----BEGIN PRIVATE KEY----- (truncated',
    ],
  },
  'bearer-token': {
    yes: [
      {
        text: 'curl -H "Authorization: Bearer abcDEF123456ghiJKL789" https://api',
        secret: 'abcDEF123456ghiJKL789',
        keeps: 'https://api',
      },
      { text: 'Authorization: Basic dXNlcjpwYXNzd29yZA==', secret: 'dXNlcjpwYXNzd29yZA==' },
    ],
    no: ['the bearer of bad news', 'basic authentication is disabled'],
  },
  'connection-string-password': {
    yes: [
      {
        text: 'Server=db01;Database=hr;User Id=sa;Password=My Pass 1;Encrypt=true',
        secret: 'My Pass 1',
        keeps: 'Encrypt=true',
      },
      { text: 'Driver={SQL Server};Pwd=xyz789;Uid=sa', secret: 'xyz789', keeps: 'Uid=sa' },
    ],
    no: ['Server=db01;Integrated Security=true', 'PasswordAge > 90'],
  },
  'url-credentials': {
    yes: [
      {
        text: 'git clone https://bob:gh0st@git.corp/repo.git',
        secret: 'gh0st',
        keeps: 'git.corp/repo.git',
      },
      { text: 'mongodb+srv://admin:S3cret@cluster0/db', secret: 'S3cret', keeps: 'admin' },
      { text: 'postgres://app:pa%40ss@db:5432/app', secret: 'pa%40ss' },
    ],
    no: ['https://git.corp/repo.git', 'ssh bob@host', 'see http://host:8080/x@y'],
  },
};

const all = new Redactor(compilePatterns([]));
const only = (name: string) => new Redactor(compilePatterns([]).filter((p) => p.name === name));

describe('built-in redaction patterns', () => {
  it('has a table for every built-in pattern', () => {
    expect(Object.keys(T).sort()).toEqual(BUILTIN_PATTERNS.map((p) => p.name).sort());
  });

  for (const [name, { yes, no }] of Object.entries(T)) {
    describe(name, () => {
      it.each(yes)('masks $secret', ({ text, secret, keeps }) => {
        for (const r of [only(name), all]) {
          const got = r.redact(text);
          expect(got.text).not.toContain(secret);
          expect(got.text).toContain(MASK);
          if (keeps) expect(got.text).toContain(keeps);
        }
        expect(
          only(name)
            .redact(text)
            .spans.every((s) => s.pattern === name),
        ).toBe(true);
      });
      it.each(no)('leaves %j alone', (text) => {
        expect(only(name).redact(text).text).toBe(text);
      });
    });
  }

  it('every built-in pattern is safe for recheck (no super-linear backtracking)', async () => {
    const verdicts: string[][] = [];
    // One at a time and without a time limit: on a busy machine a limit would turn a slow
    // verdict into `unknown`.
    for (const p of BUILTIN_PATTERNS) {
      verdicts.push([p.name, (await check(p.source, p.flags, { timeout: null })).status]);
    }
    expect(verdicts).toEqual(BUILTIN_PATTERNS.map((p) => [p.name, 'safe']));
  }, 300_000);
});
