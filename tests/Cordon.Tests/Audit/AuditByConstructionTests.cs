using System.Net.Http.Json;
using System.Text.Json;
using Cordon.Audit;
using Cordon.Demo;
using Cordon.Identity;
using Cordon.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Tests.Audit;

/// <summary>
/// The storage layer audits by itself: every change saved through the store, every read of another
/// agency's records on any path, every mutating route of the API, whatever the feature remembered to write.
/// </summary>
public sealed class AuditByConstructionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Every_entity_type_of_the_store_is_audited_or_exempt_with_a_reason(string store)
    {
        await using var s = await TestStore.CreateAsync(store);
        await using var db = s.Open();
        var missing = db.Model.GetEntityTypes().Where(t => !t.IsOwned() && !t.HasSharedClrType && !AuditedChanges.ByType.ContainsKey(t.ClrType))
            .Select(t => t.ClrType.FullName).ToList();
        Assert.True(missing.Count == 0, "entity types with no audit rule in AuditedChanges: " + string.Join(", ", missing));
        Assert.All(AuditedChanges.ByType.Values.Where(t => t.Kind == ChangeAuditKind.Exempt), t => Assert.False(string.IsNullOrWhiteSpace(t.Reason)));
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_change_saved_by_any_code_is_audited_with_before_and_after_and_never_a_secret(string store)
    {
        await using var s = await TestStore.CreateAsync(store);
        await using (var db = s.Open())
        {
            await DemoSeed.SeedAsync(db, TestClock.Now, Ct);
        }
        var admin = await s.ActorAsync("operator");
        Guid nca;
        string oldHash;
        await using (var db = s.Open())
        {
            // No feature code: the change is made on the context directly, as a careless new feature would.
            db.Actor = AuditActor.Of(admin);
            var agency = await db.Agencies.SingleAsync(a => a.Code == "NCA", Ct);
            nca = agency.Id;
            agency.Name = "National Customs and Excise";
            var officer = await db.Users.SingleAsync(u => u.UserName == "officer", Ct);
            oldHash = officer.PasswordHash;
            officer.PasswordHash = PasswordPolicy.Hash(officer, "An-entirely-new-passphrase-77");
            for (var i = 0; i < 25; i++)
            {
                db.ApiKeys.Add(new ApiKey { Prefix = $"batch{i:00}", SecretHash = $"not-a-real-hash-{i}", Name = $"feed {i}", AgencyId = nca, Roles = Roles.Officer });
            }
            await db.SaveChangesAsync(Ct);
        }
        await using (var db = s.Open())
        {
            var entries = await db.AuditEntries.AsNoTracking().OrderBy(e => e.LeafIndex).ToListAsync(Ct);
            var renamed = Assert.Single(entries, e => e.Action == "agency.update" && e.RecordId == nca.ToString());
            Assert.Equal("operator", renamed.ActorName);
            Assert.Equal(nca, renamed.RecordAgencyId);
            Assert.Contains("\"name\":{\"from\":\"National Customs Administration\",\"to\":\"National Customs and Excise\"}", renamed.Details, StringComparison.Ordinal);

            var password = Assert.Single(entries, e => e.Action == "user.update");
            Assert.Contains("\"passwordHash\":{\"changed\":true}", password.Details, StringComparison.Ordinal);
            Assert.DoesNotContain(entries, e => e.Details?.Contains(oldHash, StringComparison.Ordinal) == true);
            var newHash = (await db.Users.SingleAsync(u => u.UserName == "officer", Ct)).PasswordHash;
            Assert.DoesNotContain(entries, e => e.Details?.Contains(newHash, StringComparison.Ordinal) == true);

            // 25 keys of one agency in one save: one summary entry for the batch, with the count; no secret hash.
            var batch = Assert.Single(entries, e => e.Action == "api-key.create");
            Assert.Null(batch.RecordId);
            Assert.Equal(nca, batch.RecordAgencyId);
            Assert.Contains("\"rows\":25", batch.Details, StringComparison.Ordinal);
            Assert.DoesNotContain(entries, e => e.Details?.Contains("not-a-real-hash", StringComparison.Ordinal) == true);
        }
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Agreements_and_risk_criteria_changed_through_the_api_are_on_the_log_with_their_status_before_and_after(string store)
    {
        await using var host = await CordonHost.StartAsync(store, demo: false);
        await using (var db = host.Store.Open())
        {
            await DemoSeed.SeedAsync(db, TestClock.Now, Ct);
        }
        var admin = await host.AsAsync("admin");
        var bpAdmin = await host.AsAsync("bp.admin");
        var analyst = await host.AsAsync("analyst");
        var terms = new Cordon.Sharing.AgreementTerms("Seizures to the border police", "NCA", "NBP", ["seizure"], "TLP:AMBER", ["investigation"], [], false,
            TestClock.Now.AddMinutes(-1), TestClock.Now.AddYears(1));
        var agreement = (await (await admin.PostAsJsonAsync("/api/sharing/agreements", terms, Ct)).OkAsync<JsonElement>()).GetProperty("id").GetGuid();
        (await bpAdmin.PostAsync($"/api/sharing/agreements/{agreement}/approve", null, Ct)).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync($"/api/sharing/agreements/{agreement}/revoke", new { reason = "Operation ended." }, Ct)).EnsureSuccessStatusCode();

        var criterion = (await (await analyst.PostAsJsonAsync("/api/risk/criteria", new { name = "Undervalued cars", expression = "item.hs4 == \"8703\"", weight = 30, lane = "yellow", status = "shadow" }, Ct))
            .OkAsync<JsonElement>()).GetProperty("id").GetGuid();
        (await analyst.PostAsJsonAsync($"/api/risk/criteria/{criterion}/status", new { status = "active", expectedVersion = 1, note = "Go." }, Ct)).EnsureSuccessStatusCode();

        await using var db2 = host.Store.Open();
        var nca = (await db2.Agencies.SingleAsync(a => a.Code == "NCA", Ct)).Id;
        var nbp = (await db2.Agencies.SingleAsync(a => a.Code == "NBP", Ct)).Id;
        var onAgreement = await db2.AuditEntries.AsNoTracking().Where(e => e.RecordId == agreement.ToString()).OrderBy(e => e.LeafIndex).ToListAsync(Ct);
        Assert.Equal(["agreement.create", "agreement.update", "agreement.update"], onAgreement.Select(e => e.Action).ToArray());
        Assert.All(onAgreement, e => Assert.Equal(nca, e.RecordAgencyId));
        Assert.Equal([nca, nbp, nca], onAgreement.Select(e => e.ActorAgencyId!.Value).ToArray());
        Assert.Contains("\"status\":{\"from\":\"PendingApproval\",\"to\":\"Active\"}", onAgreement[1].Details, StringComparison.Ordinal);
        Assert.Contains("\"status\":{\"from\":\"Active\",\"to\":\"Revoked\"}", onAgreement[2].Details, StringComparison.Ordinal);
        Assert.Contains("Operation ended.", onAgreement[2].Details, StringComparison.Ordinal);

        var onCriterion = await db2.AuditEntries.AsNoTracking().Where(e => e.RecordId == criterion.ToString()).OrderBy(e => e.LeafIndex).ToListAsync(Ct);
        Assert.Equal(["risk-criterion.create", "risk-criterion.update"], onCriterion.Select(e => e.Action).ToArray());
        Assert.Contains("\"status\":{\"from\":\"Shadow\",\"to\":\"Active\"}", onCriterion[1].Details, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_partners_reads_of_the_seizure_list_exports_and_statistics_reach_the_owners_access_review(string store)
    {
        await using var host = await CordonHost.StartAsync(store);
        var partner = await host.AsAsync("pca.officer", "investigation");
        Guid nca, pca;
        await using (var db = host.Store.Open())
        {
            nca = (await db.Agencies.SingleAsync(a => a.Code == "NCA", Ct)).Id;
            pca = (await db.Agencies.SingleAsync(a => a.Code == "PCA", Ct)).Id;
        }
        async Task<int> Reads()
        {
            await using var db = host.Store.Open();
            return await db.AuditEntries.CountAsync(e => e.ActorAgencyId == pca && e.RecordAgencyId == nca && e.RecordType == "seizure", Ct);
        }

        var shown = 0;
        foreach (var url in new[] { "/api/seizures", "/api/seizures/statistics", "/api/seizures/export.json", "/api/seizures/export.csv" })
        {
            var before = await Reads();
            var response = await partner.GetAsync(url, Ct);
            var body = await response.Content.ReadAsStringAsync(Ct);
            Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode} {body}");
            var showsNcaSeizures = url.EndsWith("statistics", StringComparison.Ordinal)
                ? JsonDocument.Parse(body).RootElement.GetProperty("seizures").GetInt32() > 0
                : body.Contains("NCA", StringComparison.Ordinal);
            if (showsNcaSeizures)
            {
                shown++;
                Assert.True(await Reads() > before, $"{url} showed NCA's seizures to PCA but left no entry in NCA's access review");
            }
        }
        Assert.True(shown >= 2, "the demo shares NCA's seizures with PCA: the list and the statistics show them");
    }

    /// <summary>How this test exercises a mutating route: the client (by demo user), the URL and the body.</summary>
    private sealed record Exercise(string User, Func<Ids, string> Url, Func<Ids, object?> Body);

    /// <summary>Records the exercised routes act on: made before the routes are called, or by an earlier route.</summary>
    private sealed class Ids
    {
        public Guid Agreement, Criterion, User, Declaration, Condition, Subscription, Case, Seizure, Asset, Claim, PatrolKind, Operation, Procedure, AnswerWebhook, Manifest;
        public string KeyPrefix = "";
    }

    /// <summary>
    /// Mutating routes this test calls, keyed as "METHOD path" of the OpenAPI document. Each must succeed
    /// and leave at least one new audit entry.
    /// </summary>
    private static readonly Dictionary<string, Exercise> Exercised = new()
    {
        ["PUT /api/agencies/{code}"] = new("operator", _ => "/api/agencies/NBP", _ => new { name = "National Border Police (renamed)", kind = "border-police" }),
        ["POST /api/agencies"] = new("operator", _ => "/api/agencies", _ => new { code = "NSO2", name = "Statistics Office", kind = "statistics-office", country = "NL" }),
        ["POST /api/users"] = new("admin", _ => "/api/users", _ => new { userName = "nca.audited", displayName = "Audited User", agency = "NCA", roles = new[] { "officer" }, password = "A-long-enough-passphrase-2026" }),
        ["PUT /api/users/{id}/roles"] = new("admin", i => $"/api/users/{i.User}/roles", _ => new { roles = new[] { "officer", "analyst" } }),
        ["PUT /api/users/{id}/disabled"] = new("admin", i => $"/api/users/{i.User}/disabled", _ => new { disabled = true }),
        ["PUT /api/users/{id}/unit"] = new("admin", i => $"/api/users/{i.User}/unit", _ => new { unit = "Schiphol cargo team" }),
        ["POST /api/users/{id}/reset-password"] = new("admin", i => $"/api/users/{i.User}/reset-password", _ => new { newPassword = "Another-long-passphrase-2027" }),
        ["POST /api/users/{id}/reset-second-factor"] = new("admin", i => $"/api/users/{i.User}/reset-second-factor", _ => null),
        ["POST /api/apikeys"] = new("admin", _ => "/api/apikeys", _ => new { name = "audited key", agency = "NCA", roles = new[] { "officer" } }),
        ["DELETE /api/apikeys/{idOrPrefix}"] = new("admin", i => $"/api/apikeys/{i.KeyPrefix}", _ => null),
        ["POST /api/sharing/agreements"] = new("admin", _ => "/api/sharing/agreements", _ => Terms("Audited proposal")),
        ["PUT /api/sharing/agreements/{id}"] = new("admin", i => $"/api/sharing/agreements/{i.Agreement}", _ => Terms("Audited change")),
        ["POST /api/sharing/agreements/{id}/approve"] = new("bp.admin", i => $"/api/sharing/agreements/{i.Agreement}/approve", _ => null),
        ["POST /api/sharing/agreements/{id}/revoke"] = new("admin", i => $"/api/sharing/agreements/{i.Agreement}/revoke", _ => new { reason = "Audited revocation." }),
        ["POST /api/risk/criteria"] = new("analyst", _ => "/api/risk/criteria", _ => new { name = "Audited criterion", expression = "item.hs4 == \"8703\"", weight = 10, lane = "yellow", status = "shadow" }),
        ["PUT /api/risk/criteria/{id}"] = new("analyst", i => $"/api/risk/criteria/{i.Criterion}", _ => new { weight = 12, expectedVersion = 1 }),
        ["POST /api/risk/criteria/{id}/status"] = new("analyst", i => $"/api/risk/criteria/{i.Criterion}/status", _ => new { status = "active", expectedVersion = 2, note = "Audited." }),
        ["POST /api/alerts/subscriptions"] = new("bp.admin", _ => "/api/alerts/subscriptions", _ => new { name = "Audited subscription", kinds = new[] { "seizure" }, agencyWide = true }),
        ["DELETE /api/alerts/subscriptions/{id}"] = new("bp.admin", i => $"/api/alerts/subscriptions/{i.Subscription}", _ => null),
        ["POST /api/messages/webhooks"] = new("admin", _ => "/api/messages/webhooks", _ => new { recipient = "NL-AUDITED-BROKER", url = "https://hooks.broker.example/answers" }),
        ["DELETE /api/messages/webhooks/{id}"] = new("admin", i => $"/api/messages/webhooks/{i.AnswerWebhook}", _ => null),
        ["POST /api/alerts"] = new("analyst", _ => "/api/alerts", _ => new { title = "Watch vessel MSC Aurora", severity = "high", marking = "TLP:GREEN", office = "NLRTM" }),
        ["POST /api/alerts/conditions"] = new("analyst", _ => "/api/alerts/conditions", _ => new { name = "Audited condition", commodity = "2402", minQuantity = 10_000, unit = "pieces" }),
        ["DELETE /api/alerts/conditions/{id}"] = new("analyst", i => $"/api/alerts/conditions/{i.Condition}", _ => null),
        ["POST /api/declarations"] = new("officer", _ => "/api/declarations", _ => Cordon.Tests.Declarations.Samples.Declaration("24NL0000000000101")),
        ["POST /api/declarations/batch"] = new("officer", _ => "/api/declarations/batch", _ => new[] { Cordon.Tests.Declarations.Samples.Declaration("24NL0000000000102"), Cordon.Tests.Declarations.Samples.Declaration("24NL0000000000103") }),
        ["POST /api/consignments"] = new("officer", _ => "/api/consignments", _ => Cordon.Tests.Declarations.Samples.Consignment("C-AUDIT-1")),
        ["POST /api/consignments/batch"] = new("officer", _ => "/api/consignments/batch", _ => new[] { Cordon.Tests.Declarations.Samples.Consignment("C-AUDIT-2") }),
        ["PUT /api/records/{type}/{id}/marking"] = new("analyst", i => $"/api/records/declaration/{i.Declaration}/marking",
            _ => new Cordon.Sharing.MarkingChange("TLP:AMBER", ["no-onward-sharing", "personal-data"], "Audited: names of private persons, not to pass on")),
        ["PUT /api/risk/capacity/{office}"] = new("supervisor", _ => "/api/risk/capacity/NL000396", _ => new { red = 5, yellow = 20 }),
        ["POST /api/cases"] = new("officer", _ => "/api/cases", _ => new Cordon.Cases.NewCase("Audited case", "Opened by the audit test", null, "TLP:AMBER")),
        ["POST /api/cases/{id}/notes"] = new("officer", i => $"/api/cases/{i.Case}/notes", _ => new Cordon.Cases.NewNote("A note on the audited case.")),
        ["POST /api/cases/{id}/persons"] = new("officer", i => $"/api/cases/{i.Case}/persons", _ => new Cordon.Cases.NewPerson("suspect", "Jan Smuggler", "NL-ID-123", "NL", false)),
        ["POST /api/seizures"] = new("officer", _ => "/api/seizures", _ => Cordon.Tests.Cases.CaseWorld.Seizure()),
        ["POST /api/seizures/{id}/custody/handover"] = new("officer", i => $"/api/seizures/{i.Seizure}/custody/handover",
            _ => new { to = "supervisor", place = "Rotterdam", purpose = "storage", sealsChecked = new[] { "SEAL-1", "SEAL-2" } }),
        ["PUT /api/custody-posts/{name}"] = new("admin", _ => "/api/custody-posts/audited-store.rotterdam", _ => new Cordon.Cases.CustodyPostInput("Rotterdam, Maasvlakte", ["supervisor"])),
        ["POST /api/travellers/manifests"] = new("officer", _ => "/api/travellers/manifests", _ => new
        {
            carrier = "KL", transport = "KL1002", list = "passengers", departure = "LHR", arrival = "AMS", departureTime = "2026-12-06T09:40:00",
            travellers = new[] { new { role = "passenger", surname = "Audited", givenNames = "Ann", nationality = "GBR", birthDate = "1980-01-01", gender = "F" } },
        }),
        ["POST /api/travellers/unmask-authorisations"] = new("supervisor", _ => "/api/travellers/unmask-authorisations",
            i => new { manifest = i.Manifest, grantee = "analyst", reason = "Audited: the case needs the list's names", days = 2 }),
        ["POST /api/travellers/crossings"] = new("bp.officer", _ => "/api/travellers/crossings", _ => new
        {
            kind = "entry", crossingPoint = "NLAMS", surname = "Audited", givenNames = "Ann", birthDate = "1980-01-01", gender = "F", nationality = "GBR",
            documentType = "P", documentNumber = "AUD123456",
        }),
        ["POST /api/incidents"] = new("bp.officer", _ => "/api/incidents", _ => new { type = "smuggling-attempt", severity = "high", title = "Van turning back at Baarle", latitude = 51.4421, longitude = 4.9268 }),
        ["POST /api/procedures"] = new("supervisor", _ => "/api/procedures", _ => new { title = "Audited procedure", scopeRoles = new[] { "officer" }, processes = new[] { "inspection" }, body = "# Steps\n- Check the seals." }),
        ["POST /api/risk/measures"] = new("analyst", _ => "/api/risk/measures", _ => new { title = "Audited measure", objective = "Audit it.", origins = new[] { "CN" }, startsOn = "2026-01-05", endsOn = "2026-03-01", expectedEffect = "Detection rate +5 points.", expectedPoints = 5 }),
        ["POST /api/exercises"] = new("supervisor", _ => "/api/exercises", _ => new
        {
            scenario = """{ "name": "Audited drill", "objective": "Audit it.", "groups": [{ "name": "blue", "agency": "NBP", "participants": ["bp.officer"] }], "injects": [{ "atMinutes": 1, "group": "blue", "kind": "alert", "title": "Drill" }] }""",
        }),
        ["POST /api/assets"] = new("bp.officer", _ => "/api/assets", _ => new { code = "NBP-AUDIT-2", name = "Audited van 2", kind = "vehicle", serialNumber = "AUD-VAN-2" }),
        ["PATCH /api/assets/{id}"] = new("bp.officer", i => $"/api/assets/{i.Asset}", _ => new { homeBase = "Hulst", maintenanceEveryDays = 180 }),
        ["POST /api/assets/{id}/status"] = new("bp.officer", i => $"/api/assets/{i.Asset}/status", _ => new { status = "deployed" }),
        ["POST /api/assets/{id}/work-orders"] = new("bp.officer", i => $"/api/assets/{i.Asset}/work-orders", _ => new { work = "Tyres replaced", performedBy = "Garage Baarle" }),
        ["POST /api/insurance-policies"] = new("bp.officer", _ => "/api/insurance-policies", _ => new
        {
            insurer = "Audited Mutual", policyNumber = "AUD-POL-1", assets = new[] { "NBP-AUDIT-1" }, risks = new[] { "damage", "theft" }, sumInsured = 40_000, deductible = 250,
            currency = "EUR", validFrom = "2026-01-01", validUntil = "2030-12-31",
        }),
        ["POST /api/claims"] = new("bp.officer", _ => "/api/claims", _ => new { asset = "NBP-AUDIT-1", cause = "theft", estimatedLoss = 1_200, description = "Radio set stolen from the van" }),
        ["POST /api/claims/{id}"] = new("bp.officer", i => $"/api/claims/{i.Claim}", _ => new { status = "assessed" }),
        ["POST /api/patrol-kinds"] = new("bp.admin", _ => "/api/patrol-kinds", _ => new { name = "audited kind", needs = new[] { "first-aid" }, refuse = true }),
        ["DELETE /api/patrol-kinds/{id}"] = new("bp.admin", i => $"/api/patrol-kinds/{i.PatrolKind}", _ => null),
        ["PUT /api/operations/{id}/needs"] = new("bp.officer", i => $"/api/operations/{i.Operation}/needs", _ => new { needs = new[] { "first-aid" }, refuse = false }),
        ["PUT /api/procedures/{id}/needs"] = new("supervisor", i => $"/api/procedures/{i.Procedure}/needs", _ => new { needs = new[] { "firearms" }, refuse = true }),
    };

    private static Cordon.Sharing.AgreementTerms Terms(string title) => new(title, "NCA", "NBP", ["seizure"], "TLP:AMBER", ["investigation"], [], false,
        TestClock.Now.AddMinutes(-1), TestClock.Now.AddYears(1));

    /// <summary>Mutating routes this test does not call, each with the reason.</summary>
    private static readonly Dictionary<string, string> NotExercised = new()
    {
        ["POST /api/assets/import"] = "takes a CSV body; the asset inventory import is exercised by Resources/ResourceTests and lands as audited asset rows",
        // Compute an answer and store nothing: nothing to audit as a change.
        ["POST /api/risk/criteria/check"] = "checks an expression's syntax; stores nothing",
        ["POST /api/risk/criteria/evaluate"] = "evaluates criteria on a declaration sent in the body; stores nothing",
        ["POST /api/risk/evaluate"] = "evaluates the active criteria on a declaration sent in the body; stores nothing",
        ["POST /api/screening/search"] = "searches the lists for a name; stores nothing",
        ["POST /api/screening/search/batch"] = "searches the lists for many names; stores nothing",
        ["POST /api/travellers/primary-line"] = "checks a document and the traveller's stay; stores nothing (the crossing the officer then records is exercised above)",
        ["POST /api/travellers/lost-documents/import"] = "takes a CSV body, not JSON; the import writes one travellers.lost-documents.import entry with counts (LostDocumentImport)",
        ["POST /api/travellers/mrz"] = "reads a machine-readable zone sent in the body; stores nothing",
        ["POST /api/messages/edifact"] = "takes a UN/EDIFACT body, not JSON; through the same intake as POST /api/declarations (one declarations.import entry) and its outbox rows are audited by construction (trade-message-answer); covered by TradeMessageApiTests",
        ["POST /api/travellers/manifests/import"] = "a file of lists through the same ManifestIntake as POST /api/travellers/manifests (exercised here); its raw EDIFACT body is covered by ManifestStorageTests",
        ["POST /api/audit/verification"] = "re-hashes the log in the background; changes nothing",
        // Messaging: each needs a channel whose key the test server holds; Messaging/ChannelTests drives the same operations on both stores.
        ["POST /api/channels"] = "channel.create by construction, channel.member.join/add by Channels (membership asserted in Messaging/ChannelTests)",
        ["POST /api/channels/{id}/members"] = "channel.member.add written by Channels.AddMemberAsync (asserted in Messaging/ChannelTests)",
        ["POST /api/channels/{id}/members/remove"] = "channel.member.remove written by Channels.RemoveMemberAsync (asserted in Messaging/ChannelTests)",
        ["POST /api/channels/{id}/leave"] = "channel.member.leave written by Channels.LeaveAsync (asserted in Messaging/ChannelTests)",
        ["POST /api/channels/{id}/close"] = "channel.close written by Channels.CloseAsync, channel.update by construction",
        ["POST /api/channels/{id}/messages"] = "message.create by construction (field names only, never the sealed body)",
        ["PUT /api/channels/{id}/messages/{messageId}"] = "message.update by construction; the earlier version is kept sealed",
        ["DELETE /api/channels/{id}/messages/{messageId}"] = "message.update by construction (body cleared, tombstone kept)",
        ["POST /api/channels/{id}/read"] = "marks the caller's own messages read: personal inbox state (MessageReceipt, exempt)",
        ["POST /api/audit/checkpoint"] = "signs a checkpoint of the log itself: the checkpoint is the signed record, kept in audit_checkpoints",
        ["POST /api/alerts/inbox/read"] = "marks the caller's own alerts read: personal inbox state (AlertRead, exempt)",
        // Need a second installation or a signed message: covered by the federation tests (federation.* entries).
        ["POST /api/federation/inbox"] = "takes a signed envelope from a paired installation (FederationTests: federation.receive)",
        ["POST /api/federation/partners"] = "needs a partner installation's keys (TwoInstallationsTests: federation.partner.add)",
        ["POST /api/federation/partners/{name}/agencies"] = "needs a paired partner installation (federation.agency.add)",
        ["POST /api/federation/agreements/{id}/consent"] = "needs a partner installation's agreement (federation.agreement.consent)",
        ["POST /api/federation/agreements/{id}/partner-approval"] = "needs a partner installation's agreement (federation.agreement.partner-approval)",
        ["POST /taxii2/cordon/collections/{id}/objects"] = "TAXII collections are read-only: the route answers 'not writable' and stores nothing",
        // Background jobs: the entry is written when the job runs, not by the request.
        ["POST /api/declarations/import"] = "queues a file import job; its declarations.import entry (counts, SHA-256) is written when the job ends",
        ["POST /api/consignments/import"] = "queues a file import job; its consignments.import entry (counts, SHA-256) is written when the job ends",
        ["POST /api/risk/models/train"] = "queues a training job (risk.model.train when it ends)",
        ["POST /api/risk/models/weeks"] = "queues a job that scores past weeks",
        ["POST /api/risk/lanes/assign"] = "queues a lane assignment job (risk.lanes.assign when it ends)",
        ["POST /api/jobs/{id}/cancel"] = "needs a running job; job state is exempt (its progress is not a record)",
        // Need records this test does not build generically (a trained model, a reviewed hit, a quarantined row, …).
        ["POST /api/risk/models/{version}/activate"] = "needs a trained model (RiskModelTests: risk.model.activate)",
        ["POST /api/risk/score"] = "needs a trained model",
        ["POST /api/risk/score/{declarationId}"] = "needs a trained model",
        ["POST /api/risk/criteria/{id}/backtest"] = "needs a history of declarations to backtest on",
        ["DELETE /api/risk/criteria/{id}"] = "deletes only a never-activated draft; exercised by CriteriaApiTests",
        ["POST /api/screening/hits/{id}/review"] = "needs a screening hit (ScreeningHitTests: screening-hit.confirm/dismiss)",
        ["PUT /api/screening/lists/{name}/thresholds"] = "needs an imported watch list",
        ["DELETE /api/quarantine/{id}"] = "needs a quarantined record from a file import",
        ["POST /api/quarantine/{id}/resubmit"] = "needs a quarantined record from a file import",
        ["POST /api/alerts/subscriptions/{id}/retry"] = "needs a failed webhook delivery",
        ["POST /api/sharing/break-glass/{id}/review"] = "needs a break-glass read (AccessReviewTests: break-glass.review)",
        ["PUT /api/agencies/{code}/identity-provider"] = "needs an OpenID Connect provider's metadata (SingleSignOnTests: agency.identity-provider)",
        ["POST /api/detections"] = "needs a sensor's message format and key (SensorMessageTests: detections.ingest)",
        ["POST /api/seizures/{id}/attachments"] = "needs a file whose content matches its type",
        ["POST /api/seizures/{id}/custody/answer"] = "needs a handover to the caller pending",
        ["POST /api/seizures/{id}/custody/samples"] = "needs a seizure in a laboratory's custody",
        ["POST /api/seizures/{id}/custody/lab-results"] = "needs samples sent to a laboratory",
        ["POST /api/seizures/{id}/legal/{action}"] = "needs a seizure at the right step of the legal process (LegalProcessTests: seizure.legal.*)",
        ["POST /api/seizures/{id}/penalties"] = "needs a seizure with a decided case (seizure.penalty)",
        ["POST /api/seizures/{id}/bonds"] = "needs a seizure eligible for release on bond (seizure.bond)",
        ["POST /api/inspections"] = "needs a declaration in the red or yellow lane",
        ["POST /api/inspections/{id}/assign"] = "needs an open inspection",
        ["POST /api/inspections/{id}/start"] = "needs an assigned inspection",
        ["POST /api/inspections/{id}/outcome"] = "needs a started inspection",
        ["POST /api/declarations/{id}/release"] = "needs a declaration whose inspection is closed",
        ["PUT /api/declarations/{id}/marking"] = "the same operation as PUT /api/records/{type}/{id}/marking, exercised above",
        ["PUT /api/cases/{id}"] = "changes a case's summary and participants; audited as case.update by the store",
        ["POST /api/cases/{id}/tasks"] = "tasks are part of a case; exercised by CaseTests",
        ["POST /api/cases/{id}/tasks/{task}/done"] = "needs a task (case.task.done)",
        ["POST /api/operations"] = "needs an agreement for a joint operation between agencies (OperationsApiTests: operation.create)",
        ["PUT /api/operations/{id}"] = "needs an operation (operation.update)",
        ["POST /api/operations/{id}/status"] = "needs an operation (operation.status)",
        ["POST /api/operations/{id}/patrols"] = "needs an operation (patrol.plan)",
        ["POST /api/operations/qualifications"] = "needs a qualification kind and evidence (qualification.grant)",
        ["POST /api/operations/trainings"] = "needs an exercise plan (training.record)",
        ["POST /api/operations/response-plans"] = "needs a response plan's steps (response-plan.save)",
        ["POST /api/operations/watched-areas"] = "needs a GeoJSON area (watched-area.create)",
        ["POST /api/operations/border-sections"] = "needs a GeoJSON area over a land border (ImpactLevelTests: border-section.create)",
        ["PUT /api/operations/border-sections/{id}/impact-level"] = "needs a border section (ImpactLevelTests: border-section.update)",
        ["POST /api/incidents/{id}/updates"] = "needs an incident's update kinds (incident.update)",
        ["POST /api/incidents/{id}/steps/{task}/done"] = "needs an incident with a response plan (incident.step)",
        ["POST /api/procedures/{id}/drafts"] = "needs a procedure's id (ProcedureTests: procedure.draft)",
        ["POST /api/risk/measures/{id}/reviews"] = "needs a measure's id (MeasureTests: measure.review)",
        ["POST /api/exercises/{id}/start"] = "needs a planned exercise's id (ExerciseTests: the exercise's change, started)",
        ["POST /api/exercises/{id}/finish"] = "needs a running exercise (ExerciseTests: the exercise's change, finished)",
        ["POST /api/exercises/{id}/lessons"] = "needs a finished exercise (ExerciseTests: exercise.lesson)",
        ["POST /api/procedures/{id}/approve"] = "needs a procedure with a draft (ProcedureTests: procedure.approve)",
        ["POST /api/procedures/{id}/review"] = "needs an approved procedure (ProcedureTests: procedure.review)",
        ["POST /api/procedures/{id}/acknowledge"] = "needs an approved procedure in the reader's scope (ProcedureTests: procedure.acknowledge)",
    };

    private static string Normalise(string method, string path)
        => $"{method.ToUpperInvariant()} {System.Text.RegularExpressions.Regex.Replace(path, "{([^}:]+)(:[^}]*)?}", "{$1}").TrimEnd('/')}";

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Every_mutating_route_of_the_api_leaves_an_audit_entry(string store)
    {
        await using var host = await CordonHost.StartAsync(store, demo: false);
        await using (var db = host.Store.Open())
        {
            await DemoSeed.SeedAsync(db, TestClock.Now, Ct);
        }
        var anyone = await host.AsAsync("admin");
        using var openApi = JsonDocument.Parse(await (await anyone.GetAsync("/openapi/v1.json", Ct)).Content.ReadAsStringAsync(Ct));
        var routes = openApi.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Where(m => m.Name is "post" or "put" or "patch" or "delete").Select(m => Normalise(m.Name, p.Name)))
            .Distinct().Order(StringComparer.Ordinal).ToList();
        Assert.True(routes.Count >= 60, $"the OpenAPI document lists only {routes.Count} mutating routes");
        var unaccounted = routes.Where(r => !Exercised.ContainsKey(r) && !NotExercised.ContainsKey(r)).ToList();
        Assert.True(unaccounted.Count == 0, "mutating routes neither exercised nor exempted with a reason:\n" + string.Join("\n", unaccounted.Select(r => $"[\"{r}\"] = \"\",")));
        var stale = Exercised.Keys.Concat(NotExercised.Keys).Where(k => !routes.Contains(k)).ToList();
        Assert.True(stale.Count == 0, "listed routes that are not in the OpenAPI document: " + string.Join(", ", stale));

        // Records the routes act on, made first (the audit of making them is not what is measured).
        var clients = new Dictionary<string, HttpClient>();
        async Task<HttpClient> As(string user) => clients.TryGetValue(user, out var c) ? c : clients[user] = await host.AsAsync(user);
        var agreement = (await (await (await As("admin")).PostAsJsonAsync("/api/sharing/agreements", Terms("Audited agreement"), Ct)).OkAsync<JsonElement>()).GetProperty("id").GetGuid();
        var criterion = (await (await (await As("analyst")).PostAsJsonAsync("/api/risk/criteria", new { name = "Audited base", expression = "item.hs4 == \"8703\"", weight = 30, lane = "yellow", status = "shadow" }, Ct))
            .OkAsync<JsonElement>()).GetProperty("id").GetGuid();
        var key = (await (await (await As("admin")).PostAsJsonAsync("/api/apikeys", new { name = "to revoke", agency = "NCA", roles = new[] { "officer" } }, Ct)).OkAsync<JsonElement>()).GetProperty("key").GetProperty("prefix").GetString()!;
        Guid user, operation, procedure;
        await using (var db = host.Store.Open())
        {
            user = (await db.Users.SingleAsync(u => u.UserName == "officer", Ct)).Id;
            var nbp = await db.Agencies.Where(a => a.Code == "NBP").Select(a => a.Id).SingleAsync(Ct);
            var supervisor = await db.Users.SingleAsync(u => u.UserName == "supervisor", Ct);
            var o = new Cordon.Operations.Operation
            {
                Name = "Audited operation", OwningAgencyId = nbp, Participants = ["NBP"], AreaGeoJson = "{}", CreatedAt = TestClock.Now,
                StartsAt = TestClock.Now, EndsAt = TestClock.Now.AddDays(7),
            };
            var p = new Cordon.Procedures.Procedure { Reference = "SOP-AUDIT-0001", Title = "Audited patrol procedure", OwningAgencyId = supervisor.AgencyId, CreatedBy = "test", UpdatedBy = "test" };
            db.AddRange(o, p);
            await db.SaveChangesAsync(Ct);
            (operation, procedure) = (o.Id, p.Id);
        }
        var declaration = (await (await (await As("officer")).PostAsJsonAsync("/api/declarations", Cordon.Tests.Declarations.Samples.Declaration("24NL0000000000100"), Ct)).OkAsync<JsonElement>()).GetProperty("id").GetGuid();
        var condition = (await (await (await As("analyst")).PostAsJsonAsync("/api/alerts/conditions", new { name = "To cancel", commodity = "2402", minQuantity = 5_000, unit = "pieces" }, Ct))
            .OkAsync<JsonElement>()).GetProperty("id").GetGuid();
        var subscription = (await (await (await As("bp.admin")).PostAsJsonAsync("/api/alerts/subscriptions", new { name = "To delete", kinds = new[] { "seizure" }, agencyWide = true }, Ct))
            .OkAsync<JsonElement>()).GetProperty("id").GetGuid();
        var caseId = (await (await (await As("officer")).PostAsJsonAsync("/api/cases", new Cordon.Cases.NewCase("Base case", null, null, "TLP:AMBER"), Ct)).OkAsync<JsonElement>()).GetProperty("id").GetGuid();
        var seizure = (await (await (await As("officer")).PostAsJsonAsync("/api/seizures", Cordon.Tests.Cases.CaseWorld.Seizure(), Ct)).OkAsync<JsonElement>()).GetProperty("id").GetGuid();
        var asset = (await (await (await As("bp.officer")).PostAsJsonAsync("/api/assets", new { code = "NBP-AUDIT-1", name = "Audited van", kind = "vehicle" }, Ct))
            .OkAsync<JsonElement>()).GetProperty("id").GetGuid();
        var claim = (await (await (await As("bp.officer")).PostAsJsonAsync("/api/claims", new { asset = "NBP-AUDIT-1", cause = "damage", estimatedLoss = 800, description = "Mirror broken" }, Ct))
            .OkAsync<JsonElement>()).GetProperty("id").GetGuid();
        var patrolKind = (await (await (await As("bp.admin")).PostAsJsonAsync("/api/patrol-kinds", new { name = "kind to remove", needs = new[] { "firearms" } }, Ct))
            .OkAsync<JsonElement>()).GetProperty("id").GetGuid();
        var answerWebhook = (await (await (await As("admin")).PostAsJsonAsync("/api/messages/webhooks", new { recipient = "NL-BROKER-TO-REMOVE", url = "https://hooks.broker.example/old" }, Ct))
            .OkAsync<JsonElement>()).GetProperty("id").GetGuid();
        var manifest = (await (await (await As("officer")).PostAsJsonAsync("/api/travellers/manifests", new
        {
            carrier = "KL", transport = "KL1004", list = "passengers", departure = "LHR", arrival = "AMS", departureTime = "2026-12-06T11:40:00",
            travellers = new[] { new { role = "passenger", surname = "Unmasked", nationality = "GBR" } },
        }, Ct)).OkAsync<JsonElement>()).GetProperty("id").GetGuid();
        var ids = new Ids
        {
            Manifest = manifest,
            AnswerWebhook = answerWebhook,
            Asset = asset, Claim = claim, PatrolKind = patrolKind, Operation = operation, Procedure = procedure,
            Agreement = agreement, Criterion = criterion, User = user, KeyPrefix = key, Declaration = declaration, Condition = condition,
            Subscription = subscription, Case = caseId, Seizure = seizure,
        };

        var silent = new List<string>();
        // In the order that makes each call valid: approve before revoke, change before status.
        foreach (var route in Exercised.Keys)
        {
            var exercise = Exercised[route];
            long before;
            await using (var db = host.Store.Open())
            {
                before = await db.AuditEntries.CountAsync(Ct);
            }
            var client = await As(exercise.User);
            var method = new HttpMethod(route[..route.IndexOf(' ')]);
            using var request = new HttpRequestMessage(method, exercise.Url(ids));
            if (exercise.Body(ids) is { } body)
            {
                request.Content = JsonContent.Create(body, body.GetType());
            }
            using var response = await client.SendAsync(request, Ct);
            Assert.True(response.IsSuccessStatusCode, $"{route}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
            await using (var db = host.Store.Open())
            {
                if (await db.AuditEntries.CountAsync(Ct) == before)
                {
                    silent.Add(route);
                }
            }
        }
        Assert.True(silent.Count == 0, "mutating routes that left no audit entry: " + string.Join(", ", silent));
        TestContext.Current.SendDiagnosticMessage($"{store}: {routes.Count} mutating routes, {Exercised.Count} exercised, {NotExercised.Count} listed with a reason");
    }
}
