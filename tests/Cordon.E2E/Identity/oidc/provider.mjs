// A real OpenID Connect provider (the certified `oidc-provider` package) for Cordon's single sign-on
// tests: authorization code flow with PKCE, a "groups" claim, dev login form (any password).
// PORT, REDIRECT_URI and ACCESS_TOKEN_TTL (seconds) come from the environment.
import Provider from 'oidc-provider';

const port = Number(process.env.PORT || 3900);
const issuer = `http://localhost:${port}`;
const people = {
  'ines.inspector': { name: 'Ines Inspector', groups: ['customs-officers'] },
  'rik.risk': { name: 'Rik Risk', groups: ['risk-team'] },
  'nobody.mapped': { name: 'Nobody Mapped', groups: ['canteen'] },
};

const provider = new Provider(issuer, {
  clients: [{
    client_id: 'cordon',
    client_secret: 'cordon-test-secret',
    redirect_uris: (process.env.REDIRECT_URI || 'http://localhost:5000/signin-oidc/nca').split(','),
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_post',
  }],
  claims: { openid: ['sub'], profile: ['name', 'preferred_username', 'groups'] },
  async findAccount(ctx, id) {
    if (!people[id]) return undefined;
    return { accountId: id, async claims() { return { sub: id, preferred_username: id, ...people[id] }; } };
  },
  pkce: { required: () => true },
  features: { devInteractions: { enabled: true } },
  ttl: { AccessToken: Number(process.env.ACCESS_TOKEN_TTL || 3600) },
});
provider.listen(port, () => console.log(`oidc-provider listening on ${issuer}`));
