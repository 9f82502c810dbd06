using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Cordon.Common;
using Cordon.Demo;
using Cordon.Identity;
using Cordon.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Cordon.Tests.Identity;

/// <summary>An agency's own OpenID Connect provider: configuration, accounts made at first sign-in, role mapping, local passwords off.</summary>
public sealed class SingleSignOnTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly IdentityProviderInput Keycloak = new(
        "https://login.customs.example/realms/nca", "cordon", "s3cret-from-the-provider", "groups",
        "customs-officers=officer\nrisk-team=analyst\nrisk-team=supervisor\nplatform=operator,agency-admin");

    private static string Protect(string s) => "protected:" + new string(s.Reverse().ToArray());

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task An_agency_admin_configures_the_own_agencys_provider_and_bad_fields_are_all_named(string store)
    {
        await using var s = await DemoActors.SeededStoreAsync(store);
        var admin = await s.ActorAsync("admin");
        var bpAdmin = await s.ActorAsync("bp.admin");
        await using var db = s.Open();

        var view = await SingleSignOn.ConfigureAsync(db, admin, "nca", Keycloak, Protect, Ct);
        Assert.Equal("NCA", view.AgencyCode);
        Assert.True(view.HasClientSecret);
        Assert.Equal("/signin-oidc/nca", view.CallbackPath);
        Assert.DoesNotContain("s3cret", (await db.AgencyIdentityProviders.AsNoTracking().SingleAsync(Ct)).ProtectedClientSecret!, StringComparison.Ordinal);
        Assert.Equal("customs-officers=officer\nrisk-team=analyst,supervisor\nplatform=agency-admin,operator", view.RoleMapping);

        var bad = await Assert.ThrowsAsync<ValidationFailed>(() => SingleSignOn.ConfigureAsync(db, admin, "NCA",
            new IdentityProviderInput("http://login.example/realm", "", null, null, "x=janitor"), Protect, Ct));
        Assert.Equal(["clientId", "issuer", "roleMapping"], bad.Errors.Keys.Order());
        await Assert.ThrowsAsync<Forbidden>(() => SingleSignOn.ConfigureAsync(db, bpAdmin, "NCA", Keycloak, Protect, Ct));
        var taken = await Assert.ThrowsAsync<ValidationFailed>(() => SingleSignOn.ConfigureAsync(db, bpAdmin, "NBP", Keycloak, Protect, Ct));
        Assert.Contains("Another agency", taken.Errors["issuer"][0], StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_person_gets_an_account_with_the_mapped_roles_at_first_sign_in_and_it_follows_the_provider_after(string store)
    {
        await using var s = await DemoActors.SeededStoreAsync(store);
        await using (var db = s.Open())
        {
            await SingleSignOn.ConfigureAsync(db, await s.ActorAsync("admin"), "NCA", Keycloak, Protect, Ct);
        }
        Guid id;
        await using (var db = s.Open())
        {
            var provider = (await SingleSignOn.ProviderAsync(db, "nca", Ct))!;
            // "officer" is a local demo account: the person from the provider gets a name of their own.
            var user = await SingleSignOn.SignInAsync(db, provider, "f3a1-77", "officer", "Olivia Officer", ["customs-officers", "platform", "unmapped"], Ct);
            id = user.Id;
            Assert.Equal("officer.nca", user.UserName);
            Assert.Equal(Roles.Officer | Roles.AgencyAdmin, user.Roles); // never operator through a provider
            Assert.Equal(provider.AgencyId, user.AgencyId);
        }
        await using (var db = s.Open())
        {
            var provider = (await SingleSignOn.ProviderAsync(db, "NCA", Ct))!;
            var stampBefore = (await db.Users.AsNoTracking().SingleAsync(u => u.Id == id, Ct)).SecurityStamp;
            var again = await SingleSignOn.SignInAsync(db, provider, "f3a1-77", "officer", null, ["risk-team"], Ct);
            Assert.Equal(id, again.Id);
            Assert.Equal(Roles.Analyst | Roles.Supervisor, again.Roles);
            Assert.NotEqual(stampBefore, again.SecurityStamp); // sessions with the old roles end
            await Assert.ThrowsAsync<Forbidden>(() => SingleSignOn.SignInAsync(db, provider, "f3a1-77", "officer", null, ["nothing-mapped"], Ct));
            Assert.Equal(1, await db.Users.CountAsync(u => u.ExternalSubject == "f3a1-77", Ct));
        }
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task With_local_passwords_switched_off_the_right_password_does_not_sign_in(string store)
    {
        await using var s = await DemoActors.SeededStoreAsync(store);
        await using var db = s.Open();
        await SingleSignOn.ConfigureAsync(db, await s.ActorAsync("admin"), "NCA", Keycloak with { LocalPasswordsDisabled = true }, Protect, Ct);
        Assert.Equal(SignInOutcome.SingleSignOnOnly, (await SignIn.PasswordAsync(db, "officer", DemoSeed.Password, Ct)).Outcome);
        Assert.Equal(SignInOutcome.Success, (await SignIn.PasswordAsync(db, "bp.officer", DemoSeed.Password, Ct)).Outcome);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_bearer_token_from_an_issuer_no_agency_configured_is_refused(string store)
    {
        await using var host = await CordonHost.StartAsync(store);
        var key = new SymmetricSecurityKey(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "https://attacker.example", Audience = "cordon", Expires = TestClock.Now.UtcDateTime.AddMinutes(5),
            Claims = new Dictionary<string, object> { ["sub"] = "robot", ["roles"] = "platform" },
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        });
        var client = host.Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await client.GetAsync("/api/me", Ct);
        await response.ProblemAsync(401);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Anonymous().GetAsync("/login/sso/NCA", Ct)).StatusCode);
    }

    [Fact]
    public async Task The_continue_page_after_the_provider_moves_on_only_to_a_path_of_this_server()
    {
        await using var host = await CordonHost.StartAsync("sqlite", demo: false);
        var client = host.Anonymous();
        foreach (var (to, expected) in new[]
                 {
                     ("/risk/worklist?day=2026-12-01", "/risk/worklist?day=2026-12-01"), ("//evil.example/x", "/"), ("/\\evil.example", "/"),
                     ("/\t/evil.example", "/"), ("https://evil.example/", "/"), ("javascript:alert(1)", "/"), ("", "/"),
                 })
        {
            var response = await client.GetAsync("/login/sso/continue?to=" + Uri.EscapeDataString(to), Ct);
            Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
            var html = await response.Content.ReadAsStringAsync(Ct);
            // A same-site navigation of our own (a meta refresh: no script under the CSP) to the local path only.
            var encoded = System.Text.Encodings.Web.HtmlEncoder.Default.Encode(expected);
            Assert.Contains($"<meta http-equiv=\"refresh\" content=\"0;url={encoded}\">", html, StringComparison.Ordinal);
            Assert.Contains($"<a href=\"{encoded}\">", html, StringComparison.Ordinal);
        }
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task An_agency_admin_sets_the_provider_through_the_API_and_another_agencys_admin_cannot_read_it(string store)
    {
        await using var host = await CordonHost.StartAsync(store);
        var admin = await host.AsAsync("admin");
        (await admin.PutAsJsonAsync("/api/agencies/NCA/identity-provider", Keycloak, Ct)).EnsureSuccessStatusCode();
        var view = await (await admin.GetAsync("/api/agencies/NCA/identity-provider", Ct)).OkAsync<IdentityProviderView>();
        Assert.Equal(Keycloak.Issuer, view.Issuer);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await host.AsAsync("bp.admin")).GetAsync("/api/agencies/NCA/identity-provider", Ct)).StatusCode);
    }
}
