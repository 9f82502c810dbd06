using System.Net;
using Cordon.Demo;
using Cordon.Identity;
using Cordon.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Tests.Identity;

/// <summary>Lockout holds under parallel guessing, and a locked account tells nothing an unknown one does not.</summary>
public sealed class LockoutTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Forty_parallel_wrong_passwords_check_no_more_passwords_than_the_limit(string store)
    {
        await using var s = await DemoActors.SeededStoreAsync(store);
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 40).Select(async _ =>
        {
            await using var db = s.Open();
            return (await SignIn.PasswordAsync(db, "officer", "Wrong-Password-1", Ct)).Outcome;
        }));

        await using var check = s.Open();
        var signIns = await check.AuditEntries.AsNoTracking().Where(e => e.Action.StartsWith("signin.")).Select(e => e.Details ?? "").ToListAsync(Ct);
        var passwordsChecked = signIns.Count(d => d.Contains("wrong-password", StringComparison.Ordinal));
        Assert.Equal(40, signIns.Count);
        Assert.Equal(SignIn.MaxFailures, passwordsChecked);
        Assert.Equal(40 - SignIn.MaxFailures, signIns.Count(d => d.Contains("locked", StringComparison.Ordinal)));
        Assert.All(outcomes, o => Assert.True(o is SignInOutcome.Failed or SignInOutcome.LockedOut));
        // And the right password is refused while the lock lasts.
        Assert.Equal(SignInOutcome.LockedOut, (await SignIn.PasswordAsync(check, "officer", DemoSeed.Password, Ct)).Outcome);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_lock_runs_out_after_its_time(string store)
    {
        await using var s = await DemoActors.SeededStoreAsync(store);
        var clock = new ManualClock(TestClock.Fixed);
        await using var db = s.Open();
        for (var i = 0; i < SignIn.MaxFailures; i++)
        {
            await SignIn.PasswordAsync(db, "officer", "Wrong-Password-1", Ct, clock);
        }
        Assert.Equal(SignInOutcome.LockedOut, (await SignIn.PasswordAsync(db, "officer", DemoSeed.Password, Ct, clock)).Outcome);
        clock.Now += SignIn.LockoutDuration + TimeSpan.FromSeconds(1);
        Assert.Equal(SignInOutcome.Success, (await SignIn.PasswordAsync(db, "officer", DemoSeed.Password, Ct, clock)).Outcome);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_locked_account_and_an_unknown_one_get_the_same_answer(string store)
    {
        await using var host = await CordonHost.StartAsync(store);
        for (var i = 0; i < SignIn.MaxFailures; i++)
        {
            await SessionBrowser.SignInAsync(host, "officer", "Wrong-Password-1");
        }
        var locked = await SessionBrowser.SignInAsync(host, "officer", CordonHost.DemoPassword);
        var unknown = await SessionBrowser.SignInAsync(host, "nobody.at.all", CordonHost.DemoPassword);
        var wrong = await SessionBrowser.SignInAsync(host, "analyst", "Wrong-Password-1");

        Assert.Equal(HttpStatusCode.OK, locked.Status);
        Assert.Contains(Cordon.Server.Pages.Account.LoginModel.Refused, locked.Html, StringComparison.Ordinal);
        Assert.Equal(Alert(locked.Html), Alert(unknown.Html));
        Assert.Equal(Alert(locked.Html), Alert(wrong.Html));
    }

    private static string Alert(string html) => System.Text.RegularExpressions.Regex.Match(html, "role=\"alert\">([^<]*)<").Groups[1].Value;
}
