using Cordon.Identity;
using Cordon.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace Cordon.Tests.Identity;

public sealed class BootstrapTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static IConfiguration Config(params (string Key, string Value)[] values)
        => new ConfigurationBuilder().AddInMemoryCollection(values.ToDictionary(v => v.Key, v => (string?)v.Value)).Build();

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task First_start_creates_an_operator_with_a_one_time_password_that_must_be_changed(string store)
    {
        await using var s = await TestStore.CreateAsync(store);
        await using var db = s.Open();
        var first = await Bootstrap.EnsureOperatorAsync(db, Config(), Ct);
        Assert.NotNull(first);
        Assert.Equal("operator", first.UserName);
        Assert.NotNull(first.GeneratedPassword);

        var signIn = await SignIn.PasswordAsync(db, "operator", first.GeneratedPassword, Ct);
        Assert.Equal(SignInOutcome.Success, signIn.Outcome);
        Assert.True(signIn.MustChangePassword);
        Assert.True(signIn.Actor!.IsOperator);

        // A second start finds users and creates nothing.
        Assert.Null(await Bootstrap.EnsureOperatorAsync(db, Config(), Ct));
        Assert.Equal(1, await db.Users.CountAsync(Ct));
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task First_start_takes_the_operator_account_from_configuration(string store)
    {
        await using var s = await TestStore.CreateAsync(store);
        await using var db = s.Open();
        var created = await Bootstrap.EnsureOperatorAsync(db, Config(
            ("Cordon:Bootstrap:OperatorUser", "root.ops"), ("Cordon:Bootstrap:OperatorPassword", "Deploy-Secret-2026"),
            ("Cordon:Bootstrap:AgencyCode", "MOF"), ("Cordon:Bootstrap:Country", "BE")), Ct);
        Assert.Null(created!.GeneratedPassword);
        var signIn = await SignIn.PasswordAsync(db, "root.ops", "Deploy-Secret-2026", Ct);
        Assert.Equal(SignInOutcome.Success, signIn.Outcome);
        Assert.False(signIn.MustChangePassword);
        Assert.Equal("BE", (await db.Agencies.SingleAsync(a => a.Code == "MOF", Ct)).Country);
    }

    [Fact]
    public async Task A_weak_configured_operator_password_stops_the_start()
    {
        await using var s = await TestStore.CreateAsync(TestStore.Sqlite);
        await using var db = s.Open();
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            Bootstrap.EnsureOperatorAsync(db, Config(("Cordon:Bootstrap:OperatorPassword", "secret")), Ct));
        Assert.Contains("too weak", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, await db.Users.CountAsync(Ct));
    }
}
