using Cordon.Common;
using Cordon.Demo;
using Cordon.Identity;
using Cordon.Reference;
using Cordon.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Tests.Identity;

public sealed class IdentityTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<TestStore> SeededAsync(string store) => DemoActors.SeededStoreAsync(store);

    private static Task<Actor> ActorAsync(TestStore s, string userName) => s.ActorAsync(userName);

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task An_operator_creates_an_agency_and_bad_fields_are_all_named_with_nothing_stored(string store)
    {
        await using var s = await TestStore.CreateAsync(store);
        await using (var db = s.Open())
        {
            var created = await AgencyAdministration.CreateAsync(db, Actor.LocalOperator, new NewAgency("nca", "National Customs", "customs", "nl"), ReferenceData.Instance, Ct);
            Assert.Equal("NCA", created.Code);
            Assert.Equal("NL", created.Country);
        }
        await using (var db = s.Open())
        {
            var e = await Assert.ThrowsAsync<ValidationFailed>(() =>
                AgencyAdministration.CreateAsync(db, Actor.LocalOperator, new NewAgency("X", "", "spies", "QQ"), ReferenceData.Instance, Ct));
            Assert.Equal(["code", "country", "kind", "name"], e.Errors.Keys.Order());
            var duplicate = await Assert.ThrowsAsync<ValidationFailed>(() =>
                AgencyAdministration.CreateAsync(db, Actor.LocalOperator, new NewAgency("NCA", "Again", "customs", "NL"), ReferenceData.Instance, Ct));
            Assert.Contains("already exists", duplicate.Errors["code"][0], StringComparison.Ordinal);
            Assert.Equal(1, await db.Agencies.CountAsync(Ct));
        }
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Only_an_operator_creates_agencies(string store)
    {
        await using var s = await SeededAsync(store);
        var admin = await ActorAsync(s, "admin");
        await using var db = s.Open();
        await Assert.ThrowsAsync<Forbidden>(() =>
            AgencyAdministration.CreateAsync(db, admin, new NewAgency("NEW", "New agency", "customs", "NL"), ReferenceData.Instance, Ct));
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task An_agency_admin_administers_only_the_own_agency(string store)
    {
        await using var s = await SeededAsync(store);
        var bpAdmin = await ActorAsync(s, "bp.admin");
        await using var db = s.Open();

        var created = await UserAdministration.CreateAsync(db, bpAdmin, new NewUser("bp.new", "New Border Officer", "NBP", ["officer"], "Border-Patrol-2026"), Ct);
        Assert.Equal("NBP", created.AgencyCode);

        await Assert.ThrowsAsync<Forbidden>(() =>
            UserAdministration.CreateAsync(db, bpAdmin, new NewUser("nca.new", null, "NCA", ["officer"], "Customs-Officer-2026"), Ct));
        var visible = await UserAdministration.ListAsync(db, bpAdmin, null, Ct);
        Assert.All(visible, u => Assert.Equal("NBP", u.AgencyCode));
        Assert.DoesNotContain(visible, u => u.UserName == "officer");

        var ncaOfficer = await db.Users.SingleAsync(u => u.UserName == "officer", Ct);
        await Assert.ThrowsAsync<NotFound>(() => UserAdministration.GetAsync(db, bpAdmin, ncaOfficer.Id, Ct));
        await Assert.ThrowsAsync<NotFound>(() => UserAdministration.ResetPasswordAsync(db, bpAdmin, "officer", null, Ct));
        await Assert.ThrowsAsync<NotFound>(() => UserAdministration.SetDisabledAsync(db, bpAdmin, ncaOfficer.Id, true, Ct));
        await Assert.ThrowsAsync<Forbidden>(() =>
            UserAdministration.CreateAsync(db, bpAdmin, new NewUser("bp.root", null, "NBP", ["operator"], "Border-Patrol-2026"), Ct));
        Assert.False((await db.Users.AsNoTracking().SingleAsync(u => u.UserName == "officer", Ct)).Disabled);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Duplicate_users_weak_passwords_and_unknown_agencies_are_refused(string store)
    {
        await using var s = await SeededAsync(store);
        await using var db = s.Open();
        var before = await db.Users.CountAsync(Ct);

        var duplicate = await Assert.ThrowsAsync<ValidationFailed>(() =>
            UserAdministration.CreateAsync(db, Actor.LocalOperator, new NewUser("Officer", null, "NCA", ["officer"], "Another-Officer-2026"), Ct));
        Assert.True(duplicate.Errors.ContainsKey("userName"));

        var weak = await Assert.ThrowsAsync<ValidationFailed>(() =>
            UserAdministration.CreateAsync(db, Actor.LocalOperator, new NewUser("newbie", null, "NCA", ["officer"], "password"), Ct));
        Assert.True(weak.Errors.ContainsKey("password"));

        var noAgency = await Assert.ThrowsAsync<ValidationFailed>(() =>
            UserAdministration.CreateAsync(db, Actor.LocalOperator, new NewUser("newbie", null, "NOPE", ["officer"], "Good-Password-2026"), Ct));
        Assert.Contains("NOPE", noAgency.Errors["agency"][0], StringComparison.Ordinal);

        var badRole = await Assert.ThrowsAsync<ValidationFailed>(() =>
            UserAdministration.CreateAsync(db, Actor.LocalOperator, new NewUser("newbie", null, "NCA", ["janitor"], "Good-Password-2026"), Ct));
        Assert.Contains("janitor", badRole.Errors["roles"][0], StringComparison.Ordinal);

        Assert.Equal(before, await db.Users.CountAsync(Ct));
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Repeated_wrong_passwords_lock_the_account_and_a_reset_unlocks_it(string store)
    {
        await using var s = await SeededAsync(store);
        await using (var db = s.Open())
        {
            for (var i = 1; i < SignIn.MaxFailures; i++)
            {
                Assert.Equal(SignInOutcome.Failed, (await SignIn.PasswordAsync(db, "officer", "wrong-password", Ct)).Outcome);
            }
            Assert.Equal(SignInOutcome.LockedOut, (await SignIn.PasswordAsync(db, "officer", "wrong-password", Ct)).Outcome);
            // Even the right password is refused while locked.
            Assert.Equal(SignInOutcome.LockedOut, (await SignIn.PasswordAsync(db, "officer", DemoSeed.Password, Ct)).Outcome);
        }
        await using (var db = s.Open())
        {
            var password = await UserAdministration.ResetPasswordAsync(db, Actor.LocalOperator, "officer", null, Ct);
            var result = await SignIn.PasswordAsync(db, "officer", password, Ct);
            Assert.Equal(SignInOutcome.Success, result.Outcome);
            Assert.True(result.MustChangePassword);
        }
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task An_unknown_user_and_a_wrong_password_look_the_same(string store)
    {
        await using var s = await SeededAsync(store);
        await using var db = s.Open();
        Assert.Equal(SignInOutcome.Failed, (await SignIn.PasswordAsync(db, "nobody", DemoSeed.Password, Ct)).Outcome);
        Assert.Equal(SignInOutcome.Failed, (await SignIn.PasswordAsync(db, "officer", "Wrong-Password-1", Ct)).Outcome);
        var ok = await SignIn.PasswordAsync(db, "OFFICER", DemoSeed.Password, Ct);
        Assert.Equal(SignInOutcome.Success, ok.Outcome);
        Assert.Equal(Roles.Officer, ok.Actor!.Roles);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task An_api_key_is_stored_hashed_authenticates_and_stops_working_when_revoked(string store)
    {
        await using var s = await SeededAsync(store);
        await using var db = s.Open();
        var created = await ApiKeys.CreateAsync(db, Actor.LocalOperator, new NewApiKey("Port community system", "NCA", ["officer"]), Ct);

        Assert.DoesNotContain(await db.ApiKeys.Select(k => k.SecretHash).ToListAsync(Ct), h => created.Secret.Contains(h, StringComparison.Ordinal));
        var (check, actor) = await ApiKeys.AuthenticateAsync(db, created.Secret, Ct);
        Assert.Equal(ApiKeyCheck.Valid, check);
        Assert.Equal(Roles.Officer, actor!.Roles);

        Assert.Equal(ApiKeyCheck.Malformed, (await ApiKeys.AuthenticateAsync(db, "cdn_nothex!!_abc", Ct)).Check);
        Assert.Equal(ApiKeyCheck.Unknown, (await ApiKeys.AuthenticateAsync(db, created.Secret[..^4] + "AAAA", Ct)).Check);

        await ApiKeys.RevokeAsync(db, Actor.LocalOperator, created.Key.Prefix, Ct);
        Assert.Equal(ApiKeyCheck.Revoked, (await ApiKeys.AuthenticateAsync(db, created.Secret, Ct)).Check);
    }

    [Fact]
    public void Password_policy_names_the_weakness()
    {
        Assert.NotNull(PasswordPolicy.Weakness("short1A!", "x"));
        Assert.NotNull(PasswordPolicy.Weakness("alllowercaseletters", "x"));
        Assert.NotNull(PasswordPolicy.Weakness("password1234", "x"));
        Assert.NotNull(PasswordPolicy.Weakness("P@ssw0rd1234", "x"));
        Assert.NotNull(PasswordPolicy.Weakness("Officer-Oscar-2026", "oscar"));
        Assert.Null(PasswordPolicy.Weakness("Cordon-demo-2026", "officer"));
        for (var i = 0; i < 50; i++)
        {
            Assert.Null(PasswordPolicy.Weakness(PasswordPolicy.Generate(), "someone"));
        }
    }
}
