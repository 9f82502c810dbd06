using System.Net;
using System.Text.Json;
using Cordon.Declarations;
using Cordon.Identity;
using Cordon.Sharing;
using Cordon.Storage;
using Cordon.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Tests.Sharing;

/// <summary>
/// The matrix of the sharing issue, over the real server and store: record types × markings ×
/// agreements (in force, absent, expired, revoked, unapproved, covering another type) × purposes ×
/// paths (single read, list, search, count, export). The expectation is written out here, not asked
/// of the policy, so a policy bug fails the test. Every record carries a personal-data value that must
/// never appear where the agreement redacts it.
/// </summary>
public sealed class DeniedStaysDeniedTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The state of the one agreement (if any) from each providing agency to the reader's agency.</summary>
    public enum AgreementState { InForce, Absent, Expired, Revoked, Unapproved, OtherRecordType }

    private sealed record Planted(string RecordType, string Id, string Number, string Secret, AgreementState Agreement, Tlp Marking);

    /// <summary>What the agreement terms below permit: reading up to AMBER for three purposes, names removed for statistics.</summary>
    private static (bool Visible, bool Redacted) Expected(AgreementState state, Tlp marking, Purpose purpose)
    {
        var visible = state == AgreementState.InForce && marking <= Tlp.Amber && purpose != Purpose.Prosecution;
        return (visible, visible && purpose == Purpose.Statistics);
    }

    public static TheoryData<string, string> StoresAndTypes()
    {
        var data = new TheoryData<string, string>();
        foreach (var store in new[] { TestStore.Sqlite, TestStore.Postgres })
        {
            data.Add(store, RecordTypes.Declaration);
            data.Add(store, RecordTypes.Consignment);
            data.Add(store, RecordTypes.Seizure);
        }
        return data;
    }

    [Theory, MemberData(nameof(StoresAndTypes))]
    public async Task Denied_stays_denied_and_redacted_fields_never_appear_on_any_path(string store, string recordType)
    {
        await using var host = await CordonHost.StartAsync(store);
        List<Planted> planted;
        await using (var db = host.Store.Open())
        {
            planted = await PlantAsync(db, recordType);
        }

        foreach (var (purpose, name) in PurposeNames.All)
        {
            var reader = await host.AsAsync("pca.officer", name);
            Probe probe = recordType switch
            {
                RecordTypes.Declaration => new DeclarationProbe(reader),
                RecordTypes.Consignment => new ConsignmentProbe(reader),
                _ => new SeizureProbe(reader),
            };
            var expectedVisible = planted.Where(p => Expected(p.Agreement, p.Marking, purpose).Visible).Select(p => p.Number).Order().ToList();

            foreach (var (path, body, numbers) in await probe.BulkPathsAsync())
            {
                var seen = planted.Where(p => numbers.Contains(p.Number)).Select(p => p.Number).Order().ToList();
                Assert.True(expectedVisible.SequenceEqual(seen),
                    $"{recordType} {path} for {name}: expected [{string.Join(", ", expectedVisible)}], saw [{string.Join(", ", seen)}]");
                foreach (var p in planted)
                {
                    var (visible, redacted) = Expected(p.Agreement, p.Marking, purpose);
                    if (!visible || redacted)
                    {
                        Assert.False(body.Contains(p.Secret, StringComparison.Ordinal), $"{recordType} {path} for {name} shows {p.Secret} ({p.Agreement}, {p.Marking.Label()})");
                    }
                }
            }
            if (await probe.CountAsync() is { } count)
            {
                Assert.Equal(expectedVisible.Count, count);
            }

            foreach (var p in planted)
            {
                var (visible, redacted) = Expected(p.Agreement, p.Marking, purpose);
                var response = await probe.ReadAsync(p.Id);
                var body = await response.Content.ReadAsStringAsync(Ct);
                var what = $"{recordType} read of {p.Number} ({p.Agreement}, {p.Marking.Label()}) for {name}";
                Assert.True(visible ? response.IsSuccessStatusCode : response.StatusCode == HttpStatusCode.Forbidden, $"{what}: {(int)response.StatusCode} {body}");
                Assert.Equal(visible && !redacted, body.Contains(p.Secret, StringComparison.Ordinal));
                if (!visible)
                {
                    // The denial says which agreement is missing or which condition fails.
                    var reason = JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString()!;
                    Assert.Contains(p.Agreement switch
                    {
                        AgreementState.Absent => "No sharing agreement",
                        AgreementState.Expired => "expired on",
                        AgreementState.Revoked => "was revoked",
                        AgreementState.Unapproved => "awaits approval",
                        AgreementState.OtherRecordType => $"does not cover {recordType} records",
                        _ => purpose == Purpose.Prosecution ? "does not permit the purpose 'prosecution'" : "covers records up to TLP:AMBER",
                    }, reason, StringComparison.Ordinal);
                }
            }
        }
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task An_api_read_without_a_stated_purpose_is_refused_naming_the_header(string store)
    {
        await using var host = await CordonHost.StartAsync(store);
        var officer = await host.AsAsync("officer", purpose: null);
        var problem = await (await officer.GetAsync("/api/declarations", Ct)).ProblemAsync(400);
        Assert.True(problem.GetProperty("errors").TryGetProperty(PurposeNames.Header, out _));
        await (await officer.GetAsync("/api/declarations/export.csv", Ct)).ProblemAsync(400);
        await (await officer.GetAsync("/api/consignments", Ct)).ProblemAsync(400);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Reads_of_shared_records_in_lists_and_exports_are_audited_for_the_owner(string store)
    {
        await using var host = await CordonHost.StartAsync(store);
        List<Planted> planted;
        await using (var db = host.Store.Open())
        {
            planted = await PlantAsync(db, RecordTypes.Declaration);
        }
        var reader = await host.AsAsync("pca.officer", "investigation");
        (await reader.GetAsync("/api/declarations?declarant=MXDECL", Ct)).EnsureSuccessStatusCode();
        (await reader.GetAsync("/api/declarations/export.csv?declarant=MXDECL", Ct)).EnsureSuccessStatusCode();

        await using var check = host.Store.Open();
        var provider = await check.Agencies.SingleAsync(a => a.Code == "MX0", Ct);
        // The reads (the store also audited planting the agency, its records and agreements).
        var entries = await check.AuditEntries.AsNoTracking().Where(e => e.RecordAgencyId == provider.Id && e.Action.StartsWith("records.")).OrderBy(e => e.LeafIndex).ToListAsync(Ct);
        Assert.Equal(["records.list", "records.export"], entries.Select(e => e.Action));
        Assert.All(entries, e => Assert.Equal("investigation", e.Purpose));
        var visible = planted.Where(p => p.Agreement == AgreementState.InForce && p.Marking <= Tlp.Amber).Select(p => p.Id).Order().ToList();
        var listed = JsonDocument.Parse(entries[0].Details!).RootElement;
        Assert.Equal(visible.Count, listed.GetProperty("rows").GetInt32());
        Assert.Equal(visible, listed.GetProperty("ids").EnumerateArray().Select(i => i.GetString()!).Order().ToList());
    }

    /// <summary>
    /// Six providing agencies (MX0…MX5), one per agreement state towards PCA, each owning one record per
    /// marking; PCA's officer reads. Agreements are written as rows: their lifecycle is tested elsewhere.
    /// </summary>
    private static async Task<List<Planted>> PlantAsync(CordonDb db, string recordType)
    {
        var reader = await db.Agencies.SingleAsync(a => a.Code == "PCA", Ct);
        var admin = await db.Users.FirstAsync(Ct);
        var now = TestClock.Now;
        var planted = new List<Planted>();
        foreach (var state in Enum.GetValues<AgreementState>())
        {
            var provider = new Agency { Code = $"MX{(int)state}", Name = $"Matrix provider {state}", Kind = AgencyKind.Customs, Country = "DE" };
            db.Agencies.Add(provider);
            if (state != AgreementState.Absent)
            {
                db.SharingAgreements.Add(new SharingAgreement
                {
                    Title = $"{state} agreement",
                    ProviderAgencyId = provider.Id,
                    RecipientAgencyId = reader.Id,
                    RecordTypes = [state == AgreementState.OtherRecordType ? RecordTypes.RiskCriterion : recordType],
                    MaxMarking = Tlp.Amber,
                    Purposes = [Purpose.RiskAnalysis, Purpose.Investigation, Purpose.Statistics],
                    Redactions = [new RedactionRule([RedactionRule.PersonalData], Purposes: [Purpose.Statistics])],
                    PersonalData = true, // PCA is abroad: without this, the personal-data caveat removes names for every purpose (caveat rows below)
                    OnwardSharing = true, // exports are among the paths read
                    ValidFrom = now.AddDays(-30),
                    ValidUntil = state == AgreementState.Expired ? now.AddDays(-1) : now.AddDays(365),
                    Status = state switch
                    {
                        AgreementState.Revoked => AgreementStatus.Revoked,
                        AgreementState.Unapproved => AgreementStatus.PendingApproval,
                        _ => AgreementStatus.Active,
                    },
                    ProviderApprovedAt = now.AddDays(-30),
                    ProviderApprovedBy = admin.Id,
                    RecipientApprovedAt = state == AgreementState.Unapproved ? null : now.AddDays(-30),
                    RecipientApprovedBy = state == AgreementState.Unapproved ? null : admin.Id,
                    RevokedAt = state == AgreementState.Revoked ? now.AddDays(-2) : null,
                    CreatedBy = admin.Id,
                });
            }
            foreach (var marking in Enum.GetValues<Tlp>())
            {
                var number = $"MX-{(int)state}-{(int)marking}";
                var secret = $"Secretname{(int)state}x{(int)marking}";
                var id = recordType switch
                {
                    RecordTypes.Declaration => AddDeclaration(db, provider.Id, marking, number, secret),
                    RecordTypes.Consignment => AddConsignment(db, provider.Id, marking, number, secret),
                    _ => AddSeizure(db, provider.Id, marking, number, secret),
                };
                planted.Add(new Planted(recordType, id.ToString(), number, secret, state, marking));
            }
        }
        await db.SaveChangesAsync(Ct);
        return planted;
    }

    private static Guid AddDeclaration(CordonDb db, Guid owner, Tlp marking, string number, string secret)
    {
        var d = new Declaration
        {
            OwningAgencyId = owner, Marking = marking, Kind = DeclarationKind.Import, Office = "DE004851", Declarant = "MXDECL", Number = number,
            LodgedOn = new DateOnly(2026, 3, 1), ImporterCode = "DE" + secret, ImporterName = secret, ImporterAddress = "Weg 1", ImporterCountry = "DE",
            OriginCountry = "CN", Currency = "EUR", TotalCif = 1000m, ItemCount = 1, ContentHash = new byte[32], UpdatedBy = "matrix",
            FirstReceivedAt = TestClock.Now, UpdatedAt = TestClock.Now,
        };
        d.Items.Add(new DeclarationItem { HsCode = "870323", Description = "Cars", Cif = 1000m });
        db.Declarations.Add(d);
        return d.Id;
    }

    private static Guid AddConsignment(CordonDb db, Guid owner, Tlp marking, string number, string secret)
    {
        var c = new PreArrivalConsignment
        {
            OwningAgencyId = owner, Marking = marking, Office = "DE004851", Filer = "MXFILER", Reference = number, ConsignorName = secret, ConsignorCountry = "CN",
            GoodsDescription = "Cars", HsCode = "870323", GrossKg = 1000m, Packages = 1, TransportMode = TransportMode.Sea, ExpectedArrival = TestClock.Now.AddDays(3),
            ContentHash = new byte[32], UpdatedBy = "matrix", FirstReceivedAt = TestClock.Now, UpdatedAt = TestClock.Now,
        };
        db.Consignments.Add(c);
        return c.Id;
    }

    private static Guid AddSeizure(CordonDb db, Guid owner, Tlp marking, string number, string secret)
    {
        var seizure = new Cordon.Cases.Seizure
        {
            OwningAgencyId = owner, Marking = marking, Reference = number, Office = "DE004851", SeizedAt = TestClock.Now.AddDays(-1),
            Items = [new Cordon.Cases.SeizedItem("white powder", "293972", 10, "kg", 10.2m, 500_000m, "EUR", "cocaine")],
            SeizingOfficers = ["matrix officer"], Witnesses = [secret], Owner = secret, LegalBasis = "Opium Act art. 2", RouteFrom = "EC", RouteTo = "DE",
            ConcealmentMethod = "false floor", DetectionMethod = "dog", CreatedAt = TestClock.Now, CreatedBy = "matrix",
        };
        db.Seizures.Add(seizure);
        return seizure.Id;
    }

    /// <summary>One record type's read paths over the API.</summary>
    private abstract class Probe(HttpClient client)
    {
        protected HttpClient Client => client;

        /// <summary>Each bulk path's name, its whole response body, and the record numbers it showed.</summary>
        public abstract Task<List<(string Path, string Body, HashSet<string> Numbers)>> BulkPathsAsync();

        /// <summary>The count the API reports for the planted records, where it has one.</summary>
        public abstract Task<int?> CountAsync();

        public abstract Task<HttpResponseMessage> ReadAsync(string id);

        protected async Task<(string Body, HashSet<string> Numbers)> JsonRowsAsync(string url, string numberField)
        {
            var body = await Ok(url);
            var numbers = JsonDocument.Parse(body).RootElement.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty(numberField).GetString()!).ToHashSet();
            return (body, numbers);
        }

        protected async Task<string> Ok(string url)
        {
            var response = await client.GetAsync(url, Ct);
            var body = await response.Content.ReadAsStringAsync(Ct);
            Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode} {body}");
            return body;
        }
    }

    private sealed class DeclarationProbe(HttpClient client) : Probe(client)
    {
        public override async Task<List<(string, string, HashSet<string>)>> BulkPathsAsync()
        {
            var list = await JsonRowsAsync("/api/declarations?pageSize=500", "number");
            // By a field every agreement here shows: the declarant is withheld for statistics, and a filter on a
            // withheld field runs only on rows where the reader sees it (it must not answer questions about it).
            var search = await JsonRowsAsync("/api/declarations?from=2026-03-01&to=2026-03-01&origin=CN&hs=8703&pageSize=500", "number");
            var export = await Ok("/api/declarations/export.csv?from=2026-03-01&to=2026-03-01&origin=CN&hs=8703");
            var exported = export.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(line => line.Split(',')[2]).ToHashSet();
            return [("list", list.Body, list.Numbers), ("search", search.Body, search.Numbers), ("export", export, exported)];
        }

        public override async Task<int?> CountAsync()
            => JsonDocument.Parse(await Ok("/api/declarations?from=2026-03-01&to=2026-03-01&origin=CN&hs=8703&pageSize=1")).RootElement.GetProperty("total").GetInt32();

        public override Task<HttpResponseMessage> ReadAsync(string id) => Client.GetAsync($"/api/declarations/{id}", Ct);
    }

    private sealed class SeizureProbe(HttpClient client) : Probe(client)
    {
        public override async Task<List<(string, string, HashSet<string>)>> BulkPathsAsync()
        {
            var list = await Ok("/api/seizures");
            var listed = JsonDocument.Parse(list).RootElement.EnumerateArray().Select(r => r.GetProperty("reference").GetString()!).ToHashSet();
            var json = await Ok("/api/seizures/export.json");
            var exported = JsonDocument.Parse(json).RootElement.EnumerateArray().Select(r => r.GetProperty("seizure").GetString()!).ToHashSet();
            var csv = await Ok("/api/seizures/export.csv");
            var csvRows = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(line => line.Split(',')[0].Trim('"')).ToHashSet();
            return [("list", list, listed), ("export.json", json, exported), ("export.csv", csv, csvRows)];
        }

        public override Task<int?> CountAsync() => Task.FromResult<int?>(null); // the list also holds the demo's own seizures shared with PCA

        public override Task<HttpResponseMessage> ReadAsync(string id) => Client.GetAsync($"/api/seizures/{id}", Ct);
    }

    private sealed class ConsignmentProbe(HttpClient client) : Probe(client)
    {
        public override async Task<List<(string, string, HashSet<string>)>> BulkPathsAsync()
        {
            var list = await JsonRowsAsync("/api/consignments?pageSize=500", "reference");
            return [("list", list.Body, list.Numbers)];
        }

        public override Task<int?> CountAsync() => Task.FromResult<int?>(null); // the list's total also counts PCA's own consignments, if any

        public override Task<HttpResponseMessage> ReadAsync(string id) => Client.GetAsync($"/api/consignments/{id}", Ct);
    }
}
