using System.Net.Http.Json;
using System.Text.Json;
using Cordon.Federation;
using Cordon.Sharing;
using Cordon.Tests.Support;
using Microsoft.EntityFrameworkCore;
using static Cordon.Tests.Federation.FederationWorld;

namespace Cordon.Tests.Federation;

/// <summary>Two real Cordon server processes on loopback, each with its own database, paired with each other.</summary>
public sealed class TwoInstallationsTests
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Shared_seizure_reaches_the_partner_redacted_survives_its_outage_once_and_stops_on_revocation(string store)
    {
        await using var alpha = await InstallationProcess.StartAsync("alpha", store);
        await using var beta = await InstallationProcess.StartAsync("beta", store);
        await InstallationProcess.PairAsync(alpha, beta);
        var aOperator = await alpha.AsAsync("operator");
        (await aOperator.PostAsJsonAsync("/api/federation/partners/beta/agencies",
            new NewPartnerAgency("BETA-NCA", "NCA", "National Customs Administration of beta", "BE", null), Ct)).EnsureSuccessStatusCode();
        var proposed = await (await (await alpha.AsAsync("admin")).PostAsJsonAsync("/api/sharing/agreements", Terms(), Ct)).OkAsync<JsonElement>();
        var agreement = proposed.GetProperty("id").GetGuid();
        (await aOperator.PostAsJsonAsync($"/api/federation/agreements/{agreement}/partner-approval", new PartnerApprovalRequest("letter 2026/17"), Ct)).EnsureSuccessStatusCode();

        var aOfficer = await alpha.AsAsync("officer");
        var shared = await CreateSeizureAsync(aOfficer, Seizure());
        var unshared = await CreateSeizureAsync(aOfficer, Seizure("TLP:RED", "Red Owner"));

        // At beta, NCA's officer sees the copy, marked as alpha's, with the agreed redactions.
        var bOfficer = await beta.AsAsync("officer");
        var row = (await EventuallyAsync(async () =>
            (await (await bOfficer.GetAsync("/api/seizures", Ct)).OkAsync<JsonElement[]>()).Where(r => r.GetProperty("id").GetGuid() == shared).Select(r => (JsonElement?)r).FirstOrDefault(),
            "the shared seizure at beta")).GetValueOrDefault();
        Assert.Equal("ALPHA-NCA", row.GetProperty("agency").GetString());
        Assert.Equal(JsonValueKind.Null, row.GetProperty("owner").ValueKind);
        Assert.True(row.GetProperty("redacted").GetBoolean());
        var detail = await (await bOfficer.GetAsync($"/api/seizures/{shared}", Ct)).OkAsync<JsonElement>();
        Assert.Equal(JsonValueKind.Null, detail.GetProperty("owner").ValueKind);
        Assert.Contains("owner", detail.GetProperty("_redacted").EnumerateArray().Select(x => x.GetString()));
        Assert.DoesNotContain("Jan Smuggler", detail.GetRawText(), StringComparison.Ordinal);
        Assert.Equal("cocaine", detail.GetProperty("items")[0].GetProperty("category").GetString());
        var page = await bOfficer.GetStringAsync($"/cases/seizures/{shared}?purpose=investigation", Ct);
        Assert.Contains("Received from partner installation alpha", page, StringComparison.Ordinal);
        // Beta's border police has no agreement: it sees nothing of alpha's.
        var bBorder = await beta.AsAsync("bp.officer");
        await (await bBorder.GetAsync($"/api/seizures/{shared}", Ct)).ProblemAsync(403);

        // Beta's inbox refuses what alpha did not sign: a forged key, or no signature at all.
        using (var anonymous = new HttpClient())
        {
            const string payload = "{\"v\":1,\"from\":\"alpha\",\"to\":\"beta\",\"items\":[]}";
            var forger = Cordon.Federation.Installation.Create("alpha", Path.Combine(Path.GetTempPath(), $"cordon-fed-{Guid.NewGuid():N}.key"));
            var forged = await (await anonymous.PostAsJsonAsync($"{beta.BaseUrl}/api/federation/inbox", Envelopes.Seal(forger, "beta", payload), Ct)).ProblemAsync(403);
            Assert.Contains("not signed with alpha's federation key", forged.GetProperty("detail").GetString(), StringComparison.Ordinal);
            await (await anonymous.PostAsJsonAsync($"{beta.BaseUrl}/api/federation/inbox", new Envelope(payload, ""), Ct)).ProblemAsync(403);
        }

        // Beta goes down; alpha keeps the seizure and retries with backoff; nothing is lost or doubled.
        await beta.StopAsync();
        var duringOutage = await CreateSeizureAsync(aOfficer, Seizure(owner: "Outage Owner"));
        await EventuallyAsync(async () =>
        {
            var partners = await (await aOperator.GetAsync("/api/federation/partners", Ct)).OkAsync<JsonElement[]>();
            return partners.Single().GetProperty("lastError").ValueKind == JsonValueKind.String ? partners : null;
        }, "alpha noticing the outage");
        await Task.Delay(TimeSpan.FromSeconds(2), Ct);
        await beta.StartAsync();
        await EventuallyAsync(async () => await CopyAsync(beta, duringOutage), "the seizure recorded during the outage at beta");
        await using (var db = beta.Store.Open())
        {
            Assert.Equal(2, await db.FederationCopies.CountAsync(Ct));
            Assert.Equal(2, await db.Seizures.CountAsync(s => s.Reference.StartsWith("ALPHA:"), Ct));
            Assert.Equal(0, await db.Seizures.CountAsync(s => s.Id == unshared, Ct));
        }

        // Revoked at alpha: the revocation reaches beta, its copies are no longer readable, and nothing more flows.
        (await (await alpha.AsAsync("admin")).PostAsJsonAsync($"/api/sharing/agreements/{agreement}/revoke", new { reason = "investigation closed" }, Ct)).EnsureSuccessStatusCode();
        var afterRevocation = await CreateSeizureAsync(aOfficer, Seizure(owner: "Late Owner"));
        await EventuallyAsync(async () =>
        {
            await using var db = beta.Store.Open();
            return await db.SharingAgreements.AsNoTracking().FirstOrDefaultAsync(x => x.Id == agreement && x.Status == AgreementStatus.Revoked, Ct);
        }, "the revocation at beta");
        var denied = await (await bOfficer.GetAsync($"/api/seizures/{shared}", Ct)).ProblemAsync(403);
        Assert.Contains("revoked", denied.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(await (await bOfficer.GetAsync("/api/seizures", Ct)).OkAsync<JsonElement[]>(), r => r.GetProperty("agency").GetString() == "ALPHA-NCA");
        await Task.Delay(TimeSpan.FromSeconds(3), Ct);
        Assert.Null(await CopyAsync(beta, afterRevocation));
        Assert.Null(await CopyAsync(beta, unshared));

        var status = await aOperator.GetStringAsync("/admin/federation", Ct);
        Assert.Contains("beta", status, StringComparison.Ordinal);
        Assert.Contains("BETA-NCA", status, StringComparison.Ordinal);
        // Every delivery is on alpha's audit log; the unshared seizure never even entered the outbox.
        await using (var db = alpha.Store.Open())
        {
            Assert.False(await db.FederationOutbox.AnyAsync(i => i.RecordId == unshared.ToString(), Ct));
            Assert.Equal(2, await db.AuditEntries.CountAsync(e => e.Action == "federation.send" && e.RecordType == RecordTypes.Seizure, Ct));
        }
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Partner_that_rewrites_its_audit_log_is_caught_by_the_witness(string store)
    {
        await using var alpha = await InstallationProcess.StartAsync("alpha", store);
        await using var beta = await InstallationProcess.StartAsync("beta", store);
        await InstallationProcess.PairAsync(alpha, beta);
        var aOfficer = await alpha.AsAsync("officer");
        await CreateSeizureAsync(aOfficer, Seizure());
        var witnessed = await EventuallyAsync(async () =>
        {
            await using var db = beta.Store.Open();
            return await db.FederationWitnesses.AsNoTracking().Where(w => w.Consistent && w.TreeSize > 2).OrderByDescending(w => w.Id).FirstOrDefaultAsync(Ct);
        }, "beta witnessing alpha's checkpoint");

        // Alpha's operator rolls the log back two entries (with its tree and checkpoints) and carries on.
        await alpha.StopAsync();
        var keep = witnessed.TreeSize - 2;
        await using (var db = alpha.Store.Open())
        {
            await db.Database.ExecuteSqlAsync($"DELETE FROM audit_entries WHERE \"LeafIndex\" >= {keep}", Ct);
            await db.Database.ExecuteSqlAsync($"DELETE FROM audit_tree_nodes WHERE \"Id\" >= {keep * 64}", Ct);
            await db.Database.ExecuteSqlAsync($"DELETE FROM audit_checkpoints WHERE \"TreeSize\" > {keep}", Ct);
        }
        await alpha.StartAsync();
        for (var i = 0; i < 4; i++)
        {
            await CreateSeizureAsync(aOfficer, Seizure(owner: $"Owner {i}"));
        }
        var alert = await EventuallyAsync(async () =>
        {
            await using var db = beta.Store.Open();
            return await db.Alerts.AsNoTracking().FirstOrDefaultAsync(a => a.Kind == CheckpointWitness.AlertKind, Ct);
        }, "beta's alert that alpha's log was rewritten");
        Assert.Contains("alpha", alert.Title, StringComparison.Ordinal);
        await using (var db = beta.Store.Open())
        {
            var failed = await db.FederationWitnesses.AsNoTracking().Where(w => !w.Consistent).ToListAsync(Ct);
            Assert.NotEmpty(failed);
            Assert.All(failed, w => Assert.Matches("rewritten|shrank", w.Problem ?? ""));
            // One alert per incident, however often the witness looks again.
            await Task.Delay(TimeSpan.FromSeconds(2), Ct);
            Assert.Equal(1, await db.Alerts.CountAsync(a => a.Kind == CheckpointWitness.AlertKind, Ct));
        }
    }

    private static async Task<Guid> CreateSeizureAsync(HttpClient officer, Cordon.Cases.NewSeizure seizure)
        => (await (await officer.PostAsJsonAsync("/api/seizures", seizure, Ct)).OkAsync<JsonElement>()).GetProperty("id").GetGuid();

    private static async Task<FederationCopy?> CopyAsync(InstallationProcess at, Guid id)
    {
        await using var db = at.Store.Open();
        return await db.FederationCopies.AsNoTracking().FirstOrDefaultAsync(c => c.LocalRecordId == id, Ct);
    }

    // Asks through alpha's or beta's API, which may be down for a moment: a refused connection is "not yet".
    private static Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, string what)
        => Eventually.FoundAsync(async () =>
        {
            try
            {
                return await probe();
            }
            catch (HttpRequestException)
            {
                return default;
            }
        }, Within, () => $"Waited {Within.TotalSeconds} s for {what}.", TimeSpan.FromMilliseconds(200));
}
