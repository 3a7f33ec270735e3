// A real OpenID provider for OpenIdConnectIT: oidc-provider (npm), certified by the OpenID
// Foundation, on a loopback port of the operating system's choosing, with one confidential client.
//
//   node provider.mjs <oidc-provider's folder> <client id> <client secret> <redirect uri>
//
// Prints one line, {"issuer": "http://127.0.0.1:<port>"}, once it listens; ends when its standard
// input closes (the test's process gone) or on SIGTERM. Sign-in is oidc-provider's development
// interaction: any login, any password, the login becomes the subject. Consent is granted for the
// one client (a first-party application), so the flow is login, then straight back with a code.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [moduleFolder, clientId, clientSecret, redirectUri] = process.argv.slice(2);
const { default: Provider } = await import(pathToFileURL(join(moduleFolder, 'node_modules', 'oidc-provider', 'lib', 'index.js')).href);

const server = createServer();
await new Promise(resolve => server.listen(0, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;
const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });

const provider = new Provider(issuer, {
  clients: [{
    client_id: clientId,
    client_secret: clientSecret,
    redirect_uris: [redirectUri],
    response_types: ['code'],
    grant_types: ['authorization_code'],
    token_endpoint_auth_method: 'client_secret_basic',
  }],
  // PKCE for every client, confidential ones too (OAuth 2.1; the default asks it of public clients only).
  pkce: { required: () => true },
  jwks: { keys: [{ ...signingKey, kid: 'test-key-1', use: 'sig', alg: 'RS256' }] },
  cookies: { keys: [randomBytes(32).toString('base64url')] },
  claims: { openid: ['sub'], profile: ['name'], email: ['email', 'email_verified'] },
  findAccount: async (ctx, sub) => ({
    accountId: sub,
    claims: async () => ({ sub, name: `${sub[0].toUpperCase()}${sub.slice(1)} Lovelace`, email: `${sub}@example.test`, email_verified: true }),
  }),
  loadExistingGrant: async ctx => {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) {
      return ctx.oidc.provider.Grant.find(grantId);
    }
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope('openid profile email');
    await grant.save();
    return grant;
  },
  features: { devInteractions: { enabled: true } },
});
// The test's own log level: warnings and errors only.
provider.on('server_error', (ctx, error) => console.error('oidc-provider server_error', error));
server.on('request', provider.callback());

console.log(JSON.stringify({ issuer }));
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));
