using System.Net;
using System.Text;
using Cordon.Demo;
using Cordon.Identity;
using Cordon.Tests.Support;

namespace Cordon.Tests.Identity;

/// <summary>TOTP (RFC 6238) and recovery codes for local accounts.</summary>
public sealed class SecondFactorTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // RFC 6238 appendix B: the seeds are the ASCII digits "1234567890" repeated to the hash's key length.
    [Theory]
    [InlineData(59L, "94287082", "46119246", "90693936")]
    [InlineData(1111111109L, "07081804", "68084774", "25091201")]
    [InlineData(1111111111L, "14050471", "67062674", "99943326")]
    [InlineData(1234567890L, "89005924", "91819424", "93441116")]
    [InlineData(2000000000L, "69279037", "90698825", "38618901")]
    [InlineData(20000000000L, "65353130", "77737706", "47863826")]
    public void Codes_match_the_RFC_6238_test_vectors(long unixTime, string sha1, string sha256, string sha512)
    {
        var step = Totp.StepAt(DateTimeOffset.FromUnixTimeSeconds(unixTime));
        Assert.Equal(sha1, Totp.Code(Seed(20), step, 8, "SHA1"));
        Assert.Equal(sha256, Totp.Code(Seed(32), step, 8, "SHA256"));
        Assert.Equal(sha512, Totp.Code(Seed(64), step, 8, "SHA512"));
    }

    private static byte[] Seed(int length) => Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("1234567890", 7))[..length]);

    [Fact]
    public void A_key_survives_Base32_as_authenticator_apps_read_it()
    {
        Assert.Equal("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", Base32.Encode(Seed(20)));
        Assert.Equal(Seed(20), Base32.TryDecode("gezdgnbvgy3tqojqgezdgnbvgy3tqojq"));
        Assert.Null(Base32.TryDecode("not base32!"));
        var uri = Totp.ProvisioningUri("Cordon", "ada.admin", "GEZDGNBV");
        Assert.Equal("otpauth://totp/Cordon:ada.admin?secret=GEZDGNBV&issuer=Cordon&algorithm=SHA1&digits=6&period=30", uri);
        Assert.StartsWith("<svg", EnrolmentQrCode.Svg(uri).TrimStart(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_code_is_accepted_within_one_step_of_now_and_never_twice()
    {
        var secret = Totp.NewSecret();
        var key = Base32.TryDecode(secret)!;
        var now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
        var step = Totp.StepAt(now);
        Assert.Equal(step, Totp.Match(secret, Totp.Code(key, step), now, null));
        Assert.Equal(step - 1, Totp.Match(secret, Totp.Code(key, step - 1), now, null));
        Assert.Null(Totp.Match(secret, Totp.Code(key, step - 2), now, null));
        Assert.Null(Totp.Match(secret, Totp.Code(key, step), now, lastStep: step));
        Assert.Null(Totp.Match(secret, "12345", now, null));
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task With_a_second_factor_the_password_alone_does_not_sign_in_and_each_code_works_once(string store)
    {
        await using var s = await DemoActors.SeededStoreAsync(store);
        var clock = new ManualClock(TestClock.Fixed);
        var admin = await s.ActorAsync("admin");
        var secret = Totp.NewSecret();
        var key = Base32.TryDecode(secret)!;
        SecondFactorEnrolled enrolled;
        await using (var db = s.Open())
        {
            await Assert.ThrowsAsync<Cordon.Common.ValidationFailed>(() => SecondFactor.EnrolAsync(db, admin, secret, "000000", Ct, clock));
            enrolled = await SecondFactor.EnrolAsync(db, admin, secret, Totp.Code(key, Totp.StepAt(clock.GetUtcNow())), Ct, clock);
            Assert.Equal(SecondFactor.RecoveryCodeCount, enrolled.RecoveryCodes.Count);
            Assert.DoesNotContain(db.Users.Single(u => u.UserName == "admin").RecoveryCodeHashes!, enrolled.RecoveryCodes[0], StringComparison.Ordinal);
        }
        await using (var db = s.Open())
        {
            var password = await SignIn.PasswordAsync(db, "admin", DemoSeed.Password, Ct, clock);
            Assert.Equal(SignInOutcome.SecondFactorRequired, password.Outcome);
            Assert.Null(password.Actor);
            var userId = password.PendingUserId!.Value;

            // The enrolment code was used: it does not sign in again.
            Assert.Equal(SignInOutcome.Failed, (await SignIn.SecondFactorAsync(db, userId, Totp.Code(key, Totp.StepAt(clock.GetUtcNow())), Ct, clock)).Outcome);
            clock.Now += TimeSpan.FromSeconds(Totp.StepSeconds);
            var next = Totp.Code(key, Totp.StepAt(clock.GetUtcNow()));
            Assert.Equal(SignInOutcome.Success, (await SignIn.SecondFactorAsync(db, userId, next, Ct, clock)).Outcome);
            Assert.Equal(SignInOutcome.Failed, (await SignIn.SecondFactorAsync(db, userId, next, Ct, clock)).Outcome);

            Assert.Equal(SignInOutcome.Success, (await SignIn.SecondFactorAsync(db, userId, enrolled.RecoveryCodes[3].ToUpperInvariant(), Ct, clock)).Outcome);
            Assert.Equal(SignInOutcome.Failed, (await SignIn.SecondFactorAsync(db, userId, enrolled.RecoveryCodes[3], Ct, clock)).Outcome);
        }
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Wrong_codes_count_towards_the_lockout(string store)
    {
        await using var s = await DemoActors.SeededStoreAsync(store);
        var admin = await s.ActorAsync("admin");
        var secret = Totp.NewSecret();
        await using var db = s.Open();
        await SecondFactor.EnrolAsync(db, admin, secret, Totp.Code(Base32.TryDecode(secret)!, Totp.StepAt(TestClock.Now)), Ct);
        var userId = (await SignIn.PasswordAsync(db, "admin", DemoSeed.Password, Ct)).PendingUserId!.Value;
        var outcomes = new List<SignInOutcome>();
        for (var i = 0; i < SignIn.MaxFailures + 2; i++)
        {
            outcomes.Add((await SignIn.SecondFactorAsync(db, userId, "000000", Ct)).Outcome);
        }
        Assert.Equal(SignInOutcome.LockedOut, outcomes[^1]);
        Assert.Equal(SignInOutcome.LockedOut, (await SignIn.PasswordAsync(db, "admin", DemoSeed.Password, Ct)).Outcome);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task An_admin_of_a_required_role_enrols_at_next_sign_in_and_then_cannot_sign_in_without_the_code(string store)
    {
        await using var host = await CordonHost.StartAsync(store, true, "--Cordon:Identity:EnforceSecondFactor=true");
        var (admin, status, _, location) = await SessionBrowser.SignInAsync(host, "admin");
        Assert.Equal(HttpStatusCode.Redirect, status);
        Assert.Equal("/account/two-factor", location);
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.GetAsync("/api/me")).Status);
        Assert.Equal("/account/two-factor", (await admin.GetAsync("/admin/users")).Location);

        var page = (await admin.GetAsync("/account/two-factor")).Html;
        Assert.Contains("<svg", page, StringComparison.Ordinal);
        var secret = System.Text.RegularExpressions.Regex.Match(page, "data-testid=\"totp-secret\">([A-Z2-7]+)<").Groups[1].Value;
        var key = Base32.TryDecode(secret)!;
        var (enrolStatus, enrolled, _) = await admin.PostAsync("/account/two-factor", page, new()
        {
            ["Pending"] = SessionBrowser.Hidden(page, "Pending"), ["Code"] = Totp.Code(key, Totp.StepAt(TestClock.Now)),
        });
        Assert.Equal(HttpStatusCode.OK, enrolStatus);
        Assert.True(enrolled.Contains("data-testid=\"recovery-codes\"", StringComparison.Ordinal), enrolled);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/me")).Status);

        // Signing in again: the password leads to the code, not into Cordon.
        var (again, passwordStatus, codePage, _) = await SessionBrowser.SignInAsync(host, "admin");
        Assert.Equal(HttpStatusCode.OK, passwordStatus);
        Assert.Contains("data-testid=\"second-factor-code\"", codePage, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await again.GetAsync("/api/me")).Status);
        var wrong = await again.PostAsync("/login?handler=Code", codePage, new() { ["Pending"] = SessionBrowser.Hidden(codePage, "Pending"), ["Code"] = "000000" });
        Assert.Equal(HttpStatusCode.OK, wrong.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await again.GetAsync("/api/me")).Status);
        var right = await again.PostAsync("/login?handler=Code", wrong.Html, new()
        {
            ["Pending"] = SessionBrowser.Hidden(wrong.Html, "Pending"), ["Code"] = Totp.Code(key, Totp.StepAt(TestClock.Now) + 1),
        });
        Assert.Equal(HttpStatusCode.Redirect, right.Status);
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/api/me")).Status);

        // Demo officers are not of a required role: they sign in with the password alone.
        Assert.Equal("/", (await SessionBrowser.SignInAsync(host, "officer")).Location);
    }
}
