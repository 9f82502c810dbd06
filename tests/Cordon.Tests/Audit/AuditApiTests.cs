using System.Net;
using System.Net.Http.Json;
using Cordon.Audit;
using Cordon.Demo;
using Cordon.Identity;
using Cordon.Reference;
using Cordon.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Tests.Audit;

/// <summary>The audit API, the administrative and sign-in entries, and `cordon audit verify`.</summary>
public sealed class AuditApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string KeyArg(out string file)
    {
        file = Path.Combine(Path.GetTempPath(), $"cordon-key-{Guid.NewGuid():N}", "audit-signing.key");
        return $"--Cordon:Audit:KeyFile={file}";
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Sign_ins_and_administrative_actions_land_on_the_log_with_their_change(string store)
    {
        await using var s = await TestStore.CreateAsync(store);
        await using (var db = s.Open())
        {
            await DemoSeed.SeedAsync(db, TestClock.Now, Ct);
        }
        await using (var db = s.Open())
        {
            Assert.Equal(SignInOutcome.Success, (await SignIn.PasswordAsync(db, "officer", DemoSeed.Password, Ct)).Outcome);
            Assert.Equal(SignInOutcome.Failed, (await SignIn.PasswordAsync(db, "nobody", "whatever", Ct)).Outcome);
            for (var i = 0; i < SignIn.MaxFailures; i++)
            {
                await SignIn.PasswordAsync(db, "analyst", "wrong-password", Ct);
            }
            Assert.Equal(SignInOutcome.LockedOut, (await SignIn.PasswordAsync(db, "analyst", DemoSeed.Password, Ct)).Outcome);
        }
        await using (var db = s.Open())
        {
            var agency = await AgencyAdministration.CreateAsync(db, Actor.LocalOperator, new NewAgency("NCG", "Coast Guard", "other-law-enforcement", "NL"), ReferenceData.Instance, Ct);
            var user = await UserAdministration.CreateAsync(db, Actor.LocalOperator, new NewUser("cg.one", null, "NCG", ["officer"], "Coast-Guard-2026"), Ct);
            await UserAdministration.ResetPasswordAsync(db, Actor.LocalOperator, "cg.one", null, Ct);
            await UserAdministration.SetRolesAsync(db, Actor.LocalOperator, user.Id, ["officer", "analyst"], Ct);
            await UserAdministration.SetDisabledAsync(db, Actor.LocalOperator, user.Id, true, Ct);
            var key = await ApiKeys.CreateAsync(db, Actor.LocalOperator, new NewApiKey("radar feed", "NCG", ["officer"]), Ct);
            await ApiKeys.RevokeAsync(db, Actor.LocalOperator, key.Key.Prefix, Ct);
            // A refused change leaves nothing on the log.
            await Assert.ThrowsAsync<Cordon.Common.ValidationFailed>(() =>
                UserAdministration.CreateAsync(db, Actor.LocalOperator, new NewUser("cg.one", null, "NCG", ["officer"], "Coast-Guard-2026"), Ct));
            Assert.Equal(agency.Id, (await db.AuditEntries.SingleAsync(e => e.Action == "agency.create" && e.ActorKind == "local-operator", Ct)).RecordAgencyId);
        }
        var all = await AuditLogTests.AllAsync(s);
        // The demo's agencies and users, created by seeding code that writes no entry itself, are on the log too.
        Assert.Equal(DemoSeed.Agencies.Count + DemoSeed.Users.Count, all.Count(e => e.ActorKind == "system" && e.Action is "agency.create" or "user.create"));
        var entries = all.Where(e => e.ActorKind != "system").ToList();
        Assert.Equal(
            ["signin.success", "signin.failure", "signin.failure", "signin.failure", "signin.failure", "signin.failure", "signin.lockout", "signin.failure",
             "agency.create", "user.create", "user.reset-password", "user.roles", "user.disable", "apikey.create", "apikey.revoke"],
            entries.Select(e => e.Action));
        Assert.Equal(("anonymous", "nobody", "{\"reason\":\"unknown-user\"}"), (entries[1].ActorKind, entries[1].ActorName, entries[1].Details));
        Assert.Equal("{\"reason\":\"locked\"}", entries[7].Details);
        Assert.Contains("\"roles\":{\"from\":\"Officer\",\"to\":\"Officer, Analyst\"}", entries[11].Details, StringComparison.Ordinal);
        Assert.EndsWith("},\"from\":[\"officer\"],\"to\":[\"officer\",\"analyst\"],\"userName\":\"cg.one\"}", entries[11].Details, StringComparison.Ordinal);
        Assert.All(entries.Skip(8), e => Assert.Equal("local-operator", e.ActorKind));
        Assert.DoesNotContain(all, e => e.Details?.Contains("passwordHash\":{\"from", StringComparison.Ordinal) == true);
        Assert.Equal(Enumerable.Range(0, all.Count).Select(i => (long)i), all.Select(e => e.LeafIndex));
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Auditors_get_checkpoints_proofs_and_entries_that_verify(string store)
    {
        await using var host = await CordonHost.StartAsync(store, true, KeyArg(out _));
        var auditor = await host.AsAsync("auditor");
        var officer = await host.AsAsync("officer");
        await (await officer.GetAsync("/api/audit/checkpoint", Ct)).ProblemAsync(403);
        await (await host.Anonymous().GetAsync("/api/audit/key", Ct)).ProblemAsync(401);

        Assert.Equal(HttpStatusCode.NotFound, (await auditor.GetAsync("/api/audit/checkpoint", Ct)).StatusCode);
        var made = await (await auditor.PostAsync("/api/audit/checkpoint", null, Ct)).OkAsync<CheckpointView>();
        var latest = await (await auditor.GetAsync("/api/audit/checkpoint", Ct)).OkAsync<CheckpointView>();
        Assert.Equal(made.Note, latest.Note);
        Assert.True(latest.TreeSize >= 2, "the API keys created for the test clients are on the log");

        var key = await (await auditor.GetAsync("/api/audit/key", Ct)).OkAsync<AuditEndpoints.KeyView>();
        var verifier = NoteVerifier.Parse(key.VerifierKey);
        var signed = AuditCheckpoints.Open(verifier, latest.Note);
        Assert.NotNull(signed);
        Assert.Equal(latest.TreeSize, signed.Value.Size);

        for (var index = 0L; index < latest.TreeSize; index++)
        {
            var proof = await (await auditor.GetAsync($"/api/audit/proof/inclusion?index={index}&size={latest.TreeSize}", Ct)).OkAsync<AuditEndpoints.InclusionView>();
            Assert.True(Merkle.VerifyInclusion((ulong)index, (ulong)latest.TreeSize, Convert.FromBase64String(proof.LeafHash),
                proof.Proof.Select(Convert.FromBase64String).ToList(), signed.Value.Root), $"inclusion of {index}");
        }

        // More entries, a new checkpoint, and a consistency proof between the two signed states.
        await (await officer.GetAsync("/api/me", Ct)).OkAsync<object>();
        await (await auditor.PostAsJsonAsync("/api/users", new NewUser("x.y", null, "NCA", ["officer"], "Customs-Officer-2026"), Ct)).ProblemAsync(403);
        var admin = await host.AsAsync("admin");
        (await admin.PostAsJsonAsync("/api/users", new NewUser("nca.new", null, "NCA", ["officer"], "Customs-Officer-2026"), Ct)).EnsureSuccessStatusCode();
        var newer = await (await auditor.PostAsync("/api/audit/checkpoint", null, Ct)).OkAsync<CheckpointView>();
        Assert.True(newer.TreeSize > latest.TreeSize);
        var consistency = await (await auditor.GetAsync($"/api/audit/proof/consistency?from={latest.TreeSize}&to={newer.TreeSize}", Ct)).OkAsync<PublishedConsistency>();
        Assert.True(Merkle.VerifyConsistency((ulong)latest.TreeSize, (ulong)newer.TreeSize, consistency.Proof.Select(Convert.FromBase64String).ToList(),
            signed.Value.Root, AuditCheckpoints.Open(verifier, newer.Note)!.Value.Root));

        var problem = await (await auditor.GetAsync($"/api/audit/proof/inclusion?index=0&size={newer.TreeSize + 5}", Ct)).ProblemAsync(400);
        Assert.True(problem.GetProperty("errors").TryGetProperty("size", out _));
        await (await auditor.GetAsync("/api/audit/proof/consistency?to=3", Ct)).ProblemAsync(400);

        // The auditor of NCA sees the creation of an NCA user; an entry search by action and record.
        var page = await (await auditor.GetAsync("/api/audit/entries?action=user.create", Ct)).OkAsync<AuditPage>();
        var created = Assert.Single(page.Entries, e => e.ActorKind == "api-key"); // the others: the demo's users, seeded
        Assert.Equal("NCA", created.RecordAgency);
        Assert.Contains("nca.new", created.Details, StringComparison.Ordinal);
        var byRecord = await (await auditor.GetAsync($"/api/audit/entries?recordType=user&recordId={created.RecordId}", Ct)).OkAsync<AuditPage>();
        Assert.Equal(created.Index, Assert.Single(byRecord.Entries).Index);
        var apikeys = await (await auditor.GetAsync("/api/audit/entries?action=apikey.*&sort=index&desc=false", Ct)).OkAsync<AuditPage>();
        Assert.True(apikeys.Entries.Count >= 3);
        Assert.Equal(apikeys.Entries.Select(e => e.Index).Order(), apikeys.Entries.Select(e => e.Index));
        await (await auditor.GetAsync("/api/audit/entries?decision=maybe&sort=colour", Ct)).ProblemAsync(400);

        // Verify now, through the API.
        await auditor.PostAsync("/api/audit/verification", null, Ct);
        VerificationStatus? status = null;
        await Eventually.UntilAsync(async () => (status = await (await auditor.GetAsync("/api/audit/verification", Ct)).OkAsync<VerificationStatus>()).State != "running",
            TimeSpan.FromSeconds(60), () => "the verification still runs after 60 s", TimeSpan.FromMilliseconds(50));
        Assert.Equal("verified", status!.State);
        Assert.Equal(newer.TreeSize, status.Report!.Entries);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Cordon_audit_verify_exits_non_zero_naming_the_first_bad_index(string store)
    {
        await using var s = await TestStore.CreateAsync(store);
        var keyFile = Path.Combine(Path.GetTempPath(), $"cordon-key-{Guid.NewGuid():N}", "audit-signing.key");
        async Task<(int Exit, string Out)> Cordon(params string[] args)
        {
            var (exit, stdout, stderr) = await CliRun.RunAsync(s.Settings, [.. args, "--key-file", keyFile]);
            return (exit, stdout + stderr);
        }
        await using (var db = s.Open())
        {
            await AuditLog.AppendBatchAsync(db, Enumerable.Range(0, 30).Select(i => AuditLogTests.Read(i)).ToList(), Ct);
        }
        var note = await Cordon("audit", "checkpoint");
        Assert.Equal(0, note.Exit);
        Assert.StartsWith($"{AuditSigner.DefaultOrigin}\n30\n", note.Out, StringComparison.Ordinal);
        var ok = await Cordon("audit", "verify");
        Assert.True(ok.Exit == 0, ok.Out);
        Assert.Contains("OK: 30 entries and 1 signed checkpoint(s) verified", ok.Out, StringComparison.Ordinal);

        var verifierKey = (await Cordon("audit", "key")).Out.Trim();
        await using (var db = s.Open())
        {
            await db.Database.ExecuteSqlRawAsync("UPDATE audit_entries SET \"RecordId\" = 'SZ-999' WHERE \"LeafIndex\" = 9", Ct);
        }
        var failed = await Cordon("audit", "verify", "--public-key", verifierKey);
        Assert.Equal(1, failed.Exit);
        Assert.Contains("FAILED: first bad index 9;", failed.Out, StringComparison.Ordinal);
        Assert.Contains("Checkpoint at size 30: the entries no longer produce the root it signed.", failed.Out, StringComparison.Ordinal);
    }
}

public sealed class AuditPageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_auditor_page_searches_the_log_and_shows_the_checkpoint_and_verification()
    {
        var keyFile = Path.Combine(Path.GetTempPath(), $"cordon-key-{Guid.NewGuid():N}", "audit-signing.key");
        await using var host = await CordonHost.StartAsync(TestStore.Sqlite, true, $"--Cordon:Audit:KeyFile={keyFile}");
        var auditor = await host.AsAsync("auditor");
        var admin = await host.AsAsync("admin");
        (await admin.PostAsJsonAsync("/api/users", new NewUser("nca.page", null, "NCA", ["officer"], "Customs-Officer-2026"), Ct)).EnsureSuccessStatusCode();
        await auditor.PostAsync("/api/audit/checkpoint", null, Ct);

        var html = await auditor.GetStringAsync("/audit?Action=user.create", Ct);
        Assert.Contains("data-testid=\"audit-entries\"", html, StringComparison.Ordinal);
        Assert.Contains("nca.page", html, StringComparison.Ordinal);
        Assert.DoesNotContain("apikey.create</code>", html, StringComparison.Ordinal);
        Assert.Contains("Latest checkpoint", html, StringComparison.Ordinal);
        Assert.Contains("cordon.local/audit", html, StringComparison.Ordinal);
        Assert.Contains("Verify now", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/audit\"", await auditor.GetStringAsync("/", Ct), StringComparison.Ordinal);

        var sorted = await auditor.GetStringAsync("/audit?sort=action", Ct);
        // The "what" cell says the action in words and keeps its code as a title; sorted by it, the actions are in order (the demo fills more than a page).
        var actions = System.Text.RegularExpressions.Regex.Matches(sorted, "<td data-col=\"what\" title=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.True(actions.Count > 10, $"{actions.Count} rows");
        Assert.Equal(actions.Order(StringComparer.Ordinal), actions);
        Assert.Contains("Decision must", (await auditor.GetStringAsync("/audit?Decision=maybe", Ct)).Replace("&#x27;", "'", StringComparison.Ordinal).Replace("is not an audit decision", "Decision must", StringComparison.Ordinal), StringComparison.Ordinal);

        var officer = await host.AsAsync("officer");
        var denied = await officer.GetAsync("/audit", Ct);
        Assert.True(denied.StatusCode == HttpStatusCode.Forbidden || denied.Headers.Location?.ToString().Contains("denied", StringComparison.Ordinal) == true,
            $"an officer got {(int)denied.StatusCode} {denied.Headers.Location}");
        Assert.DoesNotContain("href=\"/audit\"", await officer.GetStringAsync("/", Ct), StringComparison.Ordinal);
    }
}

public sealed class PeriodicCheckpointTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_server_signs_a_checkpoint_periodically_when_the_log_has_grown()
    {
        var keyFile = Path.Combine(Path.GetTempPath(), $"cordon-key-{Guid.NewGuid():N}", "audit-signing.key");
        await using var host = await CordonHost.StartAsync(TestStore.Sqlite, true, $"--Cordon:Audit:KeyFile={keyFile}", "--Cordon:Audit:CheckpointMinutes=0.005");
        var auditor = await host.AsAsync("auditor");
        var latest = await Eventually.FoundAsync(async () =>
        {
            var response = await auditor.GetAsync("/api/audit/checkpoint", Ct);
            return response.IsSuccessStatusCode ? await response.OkAsync<CheckpointView>() : null;
        }, TimeSpan.FromSeconds(10), () => "no checkpoint was signed within 10 s");
        await using var db = host.Store.Open();
        Assert.True(latest.TreeSize >= 1);
        Assert.True(File.Exists(keyFile), "the key was created on first use, where configured");
    }
}
