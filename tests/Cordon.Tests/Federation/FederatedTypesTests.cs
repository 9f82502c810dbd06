using System.Net.Http.Json;
using System.Text.Json;
using Cordon.Cases;
using Cordon.Federation;
using Cordon.Sharing;
using Cordon.Tests.Support;
using Microsoft.EntityFrameworkCore;
using static Cordon.Tests.Federation.FederationWorld;

namespace Cordon.Tests.Federation;

/// <summary>Declarations and cases between two real Cordon server processes, each with its own database.</summary>
public sealed class FederatedTypesTests
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Shared_declaration_and_case_reach_the_partner_redacted_and_read_only_while_unshared_and_no_onward_ones_never_leave(string store)
    {
        await using var alpha = await InstallationProcess.StartAsync("alpha", store);
        await using var beta = await InstallationProcess.StartAsync("beta", store);
        await InstallationProcess.PairAsync(alpha, beta);
        var aOperator = await alpha.AsAsync("operator");
        (await aOperator.PostAsJsonAsync("/api/federation/partners/beta/agencies",
            new NewPartnerAgency("BETA-NCA", "NCA", "National Customs Administration of beta", "BE", null), Ct)).EnsureSuccessStatusCode();

        // At alpha, before any agreement: a declaration to share, one marked TLP:RED, one its owner marked no-onward-sharing, and a case with a suspect.
        var aOfficer = await alpha.AsAsync("officer");
        var shared = await DeclareAsync(aOfficer, "24NLFED0000000001", "amber");
        var red = await DeclareAsync(aOfficer, "24NLFED0000000002", "red");
        var kept = await DeclareAsync(aOfficer, "24NLFED0000000003", "amber");
        (await (await alpha.AsAsync("analyst")).PutAsJsonAsync($"/api/records/declaration/{kept}/marking",
            new MarkingChange("TLP:AMBER", ["no-onward-sharing", "personal-data"], "informant's tip: stays with us"), Ct)).EnsureSuccessStatusCode();
        var opened = await (await aOfficer.PostAsJsonAsync("/api/cases", new NewCase("Cocaine in banana boxes", "Joint look at the Guayaquil route", null, "TLP:AMBER"), Ct)).OkAsync<JsonElement>();
        var caseId = opened.GetProperty("id").GetGuid();
        (await aOfficer.PostAsJsonAsync($"/api/cases/{caseId}/persons", new NewPerson("suspect", "Jan Smuggler", "NL-ID-123", "NL", false), Ct)).EnsureSuccessStatusCode();

        var terms = new AgreementTerms("Declarations and cases for the partner", "NCA", "BETA-NCA", [RecordTypes.Declaration, RecordTypes.Case], "TLP:AMBER",
            ["investigation"], [new RedactionRule([RedactionRule.PersonalData])], false, null, null);
        var agreement = (await (await (await alpha.AsAsync("admin")).PostAsJsonAsync("/api/sharing/agreements", terms, Ct)).OkAsync<JsonElement>()).GetProperty("id").GetGuid();
        (await aOperator.PostAsJsonAsync($"/api/federation/agreements/{agreement}/partner-approval", new PartnerApprovalRequest("letter 2026/18"), Ct)).EnsureSuccessStatusCode();

        // At beta, NCA's officer reads the declaration as alpha's, with the parties' personal data removed by alpha.
        var bOfficer = await beta.AsAsync("officer");
        var detail = await EventuallyAsync(async () =>
        {
            var response = await bOfficer.GetAsync($"/api/declarations/{shared}", Ct);
            return response.IsSuccessStatusCode ? (JsonElement?)await response.Content.ReadFromJsonAsync<JsonElement>(Ct) : null;
        }, "the shared declaration at beta");
        var declaration = detail!.Value.GetProperty("declaration");
        Assert.Equal("ALPHA-NCA", detail.Value.GetProperty("owner").GetString());
        Assert.StartsWith("ALPHA:", declaration.GetProperty("number").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, declaration.GetProperty("importerName").ValueKind);
        Assert.Equal(JsonValueKind.Null, declaration.GetProperty("declarant").ValueKind);
        Assert.Contains("importerName", detail.Value.GetProperty("redacted").EnumerateArray().Select(x => x.GetString()));
        Assert.Equal(2, detail.Value.GetProperty("items").GetArrayLength());
        Assert.Equal("8517130000", detail.Value.GetProperty("items")[0].GetProperty("hsCode").GetString());
        await using (var db = beta.Store.Open())
        {
            // Not only hidden from readers: the personal data never arrived.
            var copy = await db.Declarations.AsNoTracking().SingleAsync(d => d.Id == shared, Ct);
            Assert.Null(copy.ImporterName);
            Assert.Null(copy.ImporterAddress);
            Assert.StartsWith("WITHHELD-", copy.Declarant, StringComparison.Ordinal);
            Assert.True(copy.Caveats.HasFlag(Caveats.NoOnwardSharing));
            var provenance = await db.FederationCopies.AsNoTracking().SingleAsync(c => c.LocalRecordId == shared, Ct);
            Assert.Equal(agreement, provenance.AgreementId);
            Assert.DoesNotContain("Holland Trading", provenance.Payload, StringComparison.Ordinal);
        }

        // The case arrives too, its persons (personal data) removed at alpha.
        var received = await EventuallyAsync(async () =>
        {
            var response = await bOfficer.GetAsync($"/api/cases/{caseId}", Ct);
            return response.IsSuccessStatusCode ? (JsonElement?)await response.Content.ReadFromJsonAsync<JsonElement>(Ct) : null;
        }, "the shared case at beta");
        Assert.Equal("Cocaine in banana boxes", received!.Value.GetProperty("title").GetString());
        Assert.Equal("ALPHA-NCA", received.Value.GetProperty("leadAgency").GetString());
        Assert.Equal(JsonValueKind.Null, received.Value.GetProperty("persons").ValueKind);
        Assert.DoesNotContain("Jan Smuggler", received.Value.GetRawText(), StringComparison.Ordinal);

        // Copies are read-only at beta: no one there owns them.
        var refused = await (await (await beta.AsAsync("analyst")).PutAsJsonAsync($"/api/records/declaration/{shared}/marking",
            new MarkingChange("TLP:RED", null, "trying to change alpha's record"), Ct)).ProblemAsync(403);
        Assert.Contains("owning agency", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await (await bOfficer.PutAsJsonAsync($"/api/cases/{caseId}", new CaseChange(received.Value.GetProperty("version").GetInt32(), "Renamed", null, null, null), Ct)).ProblemAsync(403);
        await (await bOfficer.PostAsJsonAsync($"/api/cases/{caseId}/notes", new NewNote("a note on alpha's case"), Ct)).ProblemAsync(403);

        // The TLP:RED and the no-onward-sharing declarations never leave alpha.
        await Task.Delay(TimeSpan.FromSeconds(2), Ct);
        await using (var db = beta.Store.Open())
        {
            Assert.False(await db.Declarations.AnyAsync(d => d.Id == red || d.Id == kept, Ct));
            Assert.Equal(2, await db.FederationCopies.CountAsync(Ct));
        }
        await using (var db = alpha.Store.Open())
        {
            Assert.False(await db.FederationOutbox.AnyAsync(i => i.RecordId == red.ToString() || i.RecordId == kept.ToString(), Ct));
        }

        // Revoked at alpha: beta's copies are no longer readable there.
        (await (await alpha.AsAsync("admin")).PostAsJsonAsync($"/api/sharing/agreements/{agreement}/revoke", new { reason = "investigation closed" }, Ct)).EnsureSuccessStatusCode();
        await EventuallyAsync(async () =>
        {
            await using var db = beta.Store.Open();
            return await db.SharingAgreements.AsNoTracking().FirstOrDefaultAsync(x => x.Id == agreement && x.Status == AgreementStatus.Revoked, Ct);
        }, "the revocation at beta");
        await (await bOfficer.GetAsync($"/api/declarations/{shared}", Ct)).ProblemAsync(403);
        await (await bOfficer.GetAsync($"/api/cases/{caseId}", Ct)).ProblemAsync(403);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Partner_agency_admin_consents_over_the_link_and_the_agreement_comes_into_force_at_the_sender(string store)
    {
        await using var alpha = await InstallationProcess.StartAsync("alpha", store);
        await using var beta = await InstallationProcess.StartAsync("beta", store);
        await InstallationProcess.PairAsync(alpha, beta);
        (await (await alpha.AsAsync("operator")).PostAsJsonAsync("/api/federation/partners/beta/agencies",
            new NewPartnerAgency("BETA-NCA", "NCA", "National Customs Administration of beta", "BE", null), Ct)).EnsureSuccessStatusCode();
        var agreement = (await (await (await alpha.AsAsync("admin")).PostAsJsonAsync("/api/sharing/agreements", Terms(), Ct)).OkAsync<JsonElement>()).GetProperty("id").GetGuid();

        // The proposal reaches beta as a pending mirror; only NCA's own admin there may consent.
        await EventuallyAsync(async () =>
        {
            await using var db = beta.Store.Open();
            return await db.SharingAgreements.AsNoTracking().FirstOrDefaultAsync(a => a.Id == agreement && a.Status == AgreementStatus.PendingApproval, Ct);
        }, "the proposal at beta");
        await (await (await beta.AsAsync("officer")).PostAsync($"/api/federation/agreements/{agreement}/consent", null, Ct)).ProblemAsync(403);
        await (await (await beta.AsAsync("bp.admin")).PostAsync($"/api/federation/agreements/{agreement}/consent", null, Ct)).ProblemAsync(403);
        var bAdmin = await beta.AsAsync("admin");
        await (await bAdmin.PostAsync($"/api/sharing/agreements/{agreement}/approve", null, Ct)).ProblemAsync(409);
        (await bAdmin.PostAsync($"/api/federation/agreements/{agreement}/consent", null, Ct)).EnsureSuccessStatusCode();
        await (await bAdmin.PostAsync($"/api/federation/agreements/{agreement}/consent", null, Ct)).ProblemAsync(409);

        // The consent travels to alpha signed; the agreement is in force there, and alpha's seizures follow.
        await EventuallyAsync(async () =>
        {
            await using var db = alpha.Store.Open();
            return await db.SharingAgreements.AsNoTracking().FirstOrDefaultAsync(a => a.Id == agreement && a.Status == AgreementStatus.Active, Ct);
        }, "the agreement in force at alpha");
        var history = await (await alpha.AsAsync("admin")).GetStringAsync($"/api/sharing/agreements/{agreement}/versions", Ct);
        Assert.Contains("accepted by partner agency NCA at installation beta (its agency-admin ", history, StringComparison.Ordinal);
        var seizure = (await (await (await alpha.AsAsync("officer")).PostAsJsonAsync("/api/seizures", Seizure(), Ct)).OkAsync<JsonElement>()).GetProperty("id").GetGuid();
        await EventuallyAsync(async () =>
        {
            await using var db = beta.Store.Open();
            return await db.FederationCopies.AsNoTracking().FirstOrDefaultAsync(c => c.LocalRecordId == seizure, Ct);
        }, "the seizure at beta");
        await using (var db = beta.Store.Open())
        {
            Assert.Equal(AgreementStatus.Active, (await db.SharingAgreements.AsNoTracking().SingleAsync(a => a.Id == agreement, Ct)).Status);
        }
    }

    private static async Task<Guid> DeclareAsync(HttpClient officer, string number, string marking)
    {
        var input = Declarations.Samples.Declaration(number);
        input.Marking = marking;
        var created = await (await officer.PostAsJsonAsync("/api/declarations", input, Web, Ct)).OkAsync<JsonElement>();
        return created.GetProperty("id").GetGuid();
    }

    private static Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, string what)
        => Eventually.FoundAsync(probe, Within, () => $"Waited {Within.TotalSeconds} s for {what}.", TimeSpan.FromMilliseconds(200));
}
