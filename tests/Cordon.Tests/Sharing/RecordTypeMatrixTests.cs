using System.Net;
using System.Text.Json;
using Cordon.Alerting;
using Cordon.Cases;
using Cordon.Declarations;
using Cordon.Identity;
using Cordon.Risk.Criteria;
using Cordon.Risk.Lanes;
using Cordon.Screening.Hits;
using Cordon.Sharing;
using Cordon.Storage;
using Cordon.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Tests.Sharing;

/// <summary>
/// The denied-stays-denied matrix for the record types of the other features: screening hits, lane
/// decisions, inspections, cases, alerts, incidents, risk criteria, procedures and assets × markings × agreement states ×
/// purposes × each path the feature has (single read, list, filtered list, count, chart, worklist, the
/// live map's snapshot). One server per
/// store, planted once: six providing agencies (one per agreement state towards PCA) each own one
/// record of every type per marking. Expectations are written out here, as in <see cref="DeniedStaysDeniedTests"/>.
/// </summary>
public sealed class RecordTypeMatrixTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private enum AgreementState { InForce, Absent, Expired, Revoked, Unapproved, OtherRecordType }

    /// <summary>A planted record: its id, the id its single read uses, and a personal-data value (null when the type holds none).</summary>
    private sealed record Planted(string RecordType, string Id, string ReadId, string? Secret, AgreementState Agreement, Tlp Marking);

    private static readonly string[] Types = [RecordTypes.ScreeningHit, RecordTypes.LaneDecision, RecordTypes.Inspection, RecordTypes.Case, RecordTypes.Alert, RecordTypes.Incident, RecordTypes.RiskCriterion, RecordTypes.Procedure, RecordTypes.Asset];

    /// <summary>
    /// Up to AMBER for three purposes, personal data removed for statistics. Risk criteria are never read
    /// outside their agency, whatever an agreement says: their feature reads the own agency's only.
    /// </summary>
    private static (bool Visible, bool Redacted) Expected(string type, AgreementState state, Tlp marking, Purpose purpose)
    {
        var visible = type != RecordTypes.RiskCriterion && state == AgreementState.InForce && marking <= Tlp.Amber && purpose != Purpose.Prosecution;
        return (visible, visible && purpose == Purpose.Statistics);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Denied_stays_denied_for_hits_lanes_inspections_cases_alerts_and_criteria_on_every_path(string store)
    {
        await using var host = await CordonHost.StartAsync(store);
        List<Planted> planted;
        await using (var db = host.Store.Open())
        {
            planted = await PlantAsync(db);
        }

        foreach (var (purpose, name) in PurposeNames.All)
        {
            var reader = await host.AsAsync("pca.officer", name);
            foreach (var type in Types)
            {
                var mine = planted.Where(p => p.RecordType == type).ToList();
                var expected = mine.Where(p => Expected(type, p.Agreement, p.Marking, purpose).Visible).Select(p => p.Id).Order().ToList();
                foreach (var (path, body, ids) in await BulkAsync(reader, type))
                {
                    var seen = mine.Where(p => ids.Contains(p.Id)).Select(p => p.Id).Order().ToList();
                    Assert.True(expected.SequenceEqual(seen), $"{type} {path} for {name}: expected {expected.Count} [{string.Join(", ", expected)}], saw {seen.Count} [{string.Join(", ", seen)}]");
                    foreach (var p in mine.Where(p => p.Secret is not null))
                    {
                        var (visible, redacted) = Expected(type, p.Agreement, p.Marking, purpose);
                        if (!visible || redacted)
                        {
                            Assert.False(body.Contains(p.Secret!, StringComparison.Ordinal), $"{type} {path} for {name} shows {p.Secret} ({p.Agreement}, {p.Marking.Label()})");
                        }
                    }
                }
                if (await CountAsync(reader, type) is { } count)
                {
                    Assert.True(expected.Count == count, $"{type} count for {name}: expected {expected.Count}, got {count}");
                }
                if (ReadUrl(type) is not { } read)
                {
                    continue;
                }
                foreach (var p in mine)
                {
                    var (visible, redacted) = Expected(type, p.Agreement, p.Marking, purpose);
                    var response = await reader.GetAsync(read(p.ReadId), Ct);
                    var body = await response.Content.ReadAsStringAsync(Ct);
                    var what = $"{type} read of {p.Id} ({p.Agreement}, {p.Marking.Label()}) for {name}";
                    if (type == RecordTypes.RiskCriterion)
                    {
                        Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{what}: {(int)response.StatusCode} {body}");
                        continue;
                    }
                    Assert.True(visible ? response.IsSuccessStatusCode : response.StatusCode == HttpStatusCode.Forbidden, $"{what}: {(int)response.StatusCode} {body}");
                    if (p.Secret is not null)
                    {
                        Assert.True((visible && !redacted) == body.Contains(p.Secret, StringComparison.Ordinal), $"{what}: secret shown = {body.Contains(p.Secret, StringComparison.Ordinal)}");
                    }
                    if (!visible)
                    {
                        var reason = JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString()!;
                        Assert.Contains(p.Agreement switch
                        {
                            AgreementState.Absent => "No sharing agreement",
                            AgreementState.Expired => "expired on",
                            AgreementState.Revoked => "was revoked",
                            AgreementState.Unapproved => "awaits approval",
                            AgreementState.OtherRecordType => $"does not cover {type} records",
                            _ => purpose == Purpose.Prosecution ? "does not permit the purpose 'prosecution'" : "covers records up to TLP:AMBER",
                        }, reason, StringComparison.Ordinal);
                    }
                }
            }
        }
    }

    private static async Task<List<(string Path, string Body, HashSet<string> Ids)>> BulkAsync(HttpClient reader, string type)
    {
        async Task<(string, string, HashSet<string>)> Rows(string path, string url, Func<JsonElement, JsonElement.ArrayEnumerator> rows)
        {
            var body = await Ok(reader, url);
            return (path, body, rows(JsonDocument.Parse(body).RootElement).Select(r => r.GetProperty("id").GetString()!).ToHashSet());
        }
        return type switch
        {
            RecordTypes.ScreeningHit =>
            [
                await Rows("list", "/api/screening/hits?take=500", r => r.GetProperty("hits").EnumerateArray()),
                await Rows("search", $"/api/screening/hits?list={MatrixList}&band=review&take=500", r => r.GetProperty("hits").EnumerateArray()),
            ],
            RecordTypes.LaneDecision =>
            [
                await Rows("list", "/api/risk/lanes?pageSize=1000", r => r.EnumerateArray()),
                await Rows("search", $"/api/risk/lanes?office={MatrixOffice}&lane=red&pageSize=1000", r => r.EnumerateArray()),
                await Rows("worklist", $"/api/risk/worklist?office={MatrixOffice}&day={MatrixDay:yyyy-MM-dd}&limit=1000", r => r.EnumerateArray()),
            ],
            RecordTypes.Inspection =>
            [
                await Rows("list", "/api/inspections", r => r.EnumerateArray()),
                await Rows("search", "/api/inspections?status=open", r => r.EnumerateArray()),
            ],
            RecordTypes.Case => [await Rows("list", "/api/cases", r => r.EnumerateArray())],
            RecordTypes.Alert => [await Rows("list", "/api/alerts?limit=500", r => r.EnumerateArray())],
            RecordTypes.Incident =>
            [
                await Rows("list", "/api/incidents", r => r.EnumerateArray()),
                // The live map's snapshot: what the operations feed starts from.
                await Rows("feed", "/api/operations/map", r => r.GetProperty("incidents").EnumerateArray()),
            ],
            RecordTypes.Procedure =>
            [
                await Rows("list", "/api/procedures", r => r.EnumerateArray()),
                await Rows("search", "/api/procedures?process=inspection", r => r.EnumerateArray()),
            ],
            RecordTypes.Asset =>
            [
                await Rows("list", "/api/assets", r => r.EnumerateArray()),
                await Rows("search", "/api/assets?kind=vessel&status=available", r => r.EnumerateArray()),
            ],
            _ => [await Rows("list", "/api/risk/criteria", r => r.EnumerateArray())],
        };
    }

    /// <summary>The count or chart a feature reports, restricted to the planted records.</summary>
    private static async Task<int?> CountAsync(HttpClient reader, string type)
    {
        switch (type)
        {
            case RecordTypes.ScreeningHit:
                return JsonDocument.Parse(await Ok(reader, $"/api/screening/hits?list={MatrixList}&take=1")).RootElement.GetProperty("total").GetInt32();
            case RecordTypes.LaneDecision:
                // The lane chart's bars at the matrix office add up to what the reader may see.
                var bars = JsonDocument.Parse(await Ok(reader, "/api/risk/lanes/distribution?days=3650")).RootElement.EnumerateArray();
                return bars.Where(b => b.GetProperty("office").GetString() == MatrixOffice).Sum(b => b.GetProperty("count").GetInt32());
            default:
                return null;
        }
    }

    private static Func<string, string>? ReadUrl(string type) => type switch
    {
        RecordTypes.ScreeningHit => id => $"/api/screening/hits/{id}",
        RecordTypes.LaneDecision => id => $"/api/risk/lanes/{id}",
        RecordTypes.Inspection => id => $"/api/inspections/{id}",
        RecordTypes.Case => id => $"/api/cases/{id}",
        RecordTypes.Incident => id => $"/api/incidents/{id}",
        RecordTypes.RiskCriterion => id => $"/api/risk/criteria/{id}",
        RecordTypes.Procedure => id => $"/api/procedures/{id}",
        RecordTypes.Asset => id => $"/api/assets/{id}",
        _ => null, // alerts have no single read: they are received (list, inbox, stream)
    };

    private static async Task<string> Ok(HttpClient client, string url)
    {
        var response = await client.GetAsync(url, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode} {body}");
        return body;
    }

    private const string MatrixList = "MATRIX-LIST";
    private const string MatrixOffice = "DEMX0001";
    private static readonly DateOnly MatrixDay = new(2026, 3, 2);

    private static async Task<List<Planted>> PlantAsync(CordonDb db)
    {
        var reader = await db.Agencies.SingleAsync(a => a.Code == "PCA", Ct);
        var admin = await db.Users.FirstAsync(Ct);
        var now = TestClock.Now;
        var planted = new List<Planted>();
        foreach (var state in Enum.GetValues<AgreementState>())
        {
            var provider = new Agency { Code = $"MY{(int)state}", Name = $"Matrix provider {state}", Kind = AgencyKind.Customs, Country = "DE" };
            db.Agencies.Add(provider);
            if (state != AgreementState.Absent)
            {
                db.SharingAgreements.Add(new SharingAgreement
                {
                    Title = $"{state} agreement",
                    ProviderAgencyId = provider.Id,
                    RecipientAgencyId = reader.Id,
                    RecordTypes = state == AgreementState.OtherRecordType ? [RecordTypes.Seizure] : Types,
                    MaxMarking = Tlp.Amber,
                    Purposes = [Purpose.RiskAnalysis, Purpose.Investigation, Purpose.Statistics],
                    Redactions = [new RedactionRule([RedactionRule.PersonalData], Purposes: [Purpose.Statistics])],
                    PersonalData = true,
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
                var tag = $"{(int)state}x{(int)marking}";
                var secret = $"Personname{tag}";
                // Lane decisions and inspections belong to a declaration of the same agency.
                var declaration = new Declaration
                {
                    OwningAgencyId = provider.Id, Marking = Tlp.Red, Kind = DeclarationKind.Import, Office = MatrixOffice, Declarant = "MYDECL", Number = $"MY-{tag}",
                    LodgedOn = MatrixDay, ImporterName = "Importer", OriginCountry = "CN", Currency = "EUR", TotalCif = 1000m, ItemCount = 1, ContentHash = new byte[32],
                    UpdatedBy = "matrix", FirstReceivedAt = now, UpdatedAt = now,
                };
                db.Declarations.Add(declaration);

                var hit = new PartyHit
                {
                    CreatedAt = TestClock.Now, UpdatedAt = TestClock.Now,
                    OwningAgencyId = provider.Id, Marking = marking, RecordType = RecordTypes.Declaration, RecordId = declaration.Id, RecordReference = declaration.Number,
                    PartyRole = "importer", PartyName = secret, PartyKey = secret.ToLowerInvariant(), EntityId = Guid.NewGuid(), ListId = Guid.NewGuid(), ListName = MatrixList,
                    EntrySourceId = "MX-" + tag, EntryName = "Listed person", MatchedName = "Listed person", EntryContentHash = "00", Band = "review", Explanation = "[]", Score = 0.9,
                };
                db.ScreeningHits.Add(hit);
                planted.Add(new Planted(RecordTypes.ScreeningHit, hit.Id.ToString(), hit.Id.ToString(), secret, state, marking));

                var lane = new LaneDecision
                {
                    OwningAgencyId = provider.Id, Marking = marking, DeclarationId = declaration.Id, Office = MatrixOffice, DeclarationNumber = declaration.Number,
                    LodgedOn = MatrixDay, Lane = Cordon.Risk.Lane.Red, Explanation = "{}", DecidedAt = now, DecidedBy = "matrix",
                };
                db.LaneDecisions.Add(lane);
                planted.Add(new Planted(RecordTypes.LaneDecision, lane.Id.ToString(), declaration.Id.ToString(), null, state, marking));

                var inspection = new Inspection
                {
                    OwningAgencyId = provider.Id, Marking = marking, Reference = $"INS-MY-{tag}", DeclarationId = declaration.Id, DeclarationNumber = declaration.Number,
                    Office = MatrixOffice, Lane = Cordon.Risk.Lane.Red, Reason = "Matrix", Officers = [secret], CreatedAt = now, CreatedBy = "matrix",
                };
                db.Inspections.Add(inspection);
                planted.Add(new Planted(RecordTypes.Inspection, inspection.Id.ToString(), inspection.Id.ToString(), secret, state, marking));

                var @case = new Case
                {
                    OwningAgencyId = provider.Id, Marking = marking, Reference = $"CASE-MY-{tag}", Title = "Matrix case", CreatedAt = now, CreatedBy = secret, UpdatedAt = now, UpdatedBy = secret,
                };
                db.Cases.Add(@case);
                planted.Add(new Planted(RecordTypes.Case, @case.Id.ToString(), @case.Id.ToString(), secret, state, marking));

                var alert = new Alert
                {
                    CreatedAt = TestClock.Now,
                    Kind = "custom", Title = $"Matrix alert {tag}", OwningAgencyId = provider.Id, Marking = marking, Caveats = Caveats.PersonalData,
                    Data = JsonSerializer.Serialize(new { person = secret }),
                };
                db.Alerts.Add(alert);
                planted.Add(new Planted(RecordTypes.Alert, alert.Id.ToString(), alert.Id.ToString(), secret, state, marking));

                var incident = new Cordon.Operations.Incident
                {
                    OwningAgencyId = provider.Id, Marking = marking, Title = $"Matrix incident {tag}", Latitude = 51.9, Longitude = 4.1, OccurredAt = now, ReportedAt = now, ReportedBy = secret,
                };
                db.Incidents.Add(incident);
                planted.Add(new Planted(RecordTypes.Incident, incident.Id.ToString(), incident.Id.ToString(), secret, state, marking));

                // An asset's history names who changed it: the personal value.
                var asset = new Cordon.Resources.Asset { OwningAgencyId = provider.Id, Marking = marking, Code = $"MY-AS-{tag}", Name = $"Matrix boat {tag}", Kind = Cordon.Resources.AssetKind.Vessel };
                db.Assets.Add(asset);
                db.AssetChanges.Add(new Cordon.Resources.AssetChange { AssetId = asset.Id, At = now, By = secret, Field = "registered", To = "available" });
                planted.Add(new Planted(RecordTypes.Asset, asset.Id.ToString(), asset.Id.ToString(), secret, state, marking));

                var criterion = new RiskCriterion { CreatedAt = TestClock.Now, UpdatedAt = TestClock.Now, OwningAgencyId = provider.Id, Marking = marking, Name = $"Matrix criterion {tag}", Expression = "true", AuthorName = "matrix" };
                db.RiskCriteria.Add(criterion);
                planted.Add(new Planted(RecordTypes.RiskCriterion, criterion.Id.ToString(), criterion.Id.ToString(), null, state, marking));

                // Approved, for inspections: who wrote it is personal.
                var procedure = new Cordon.Procedures.Procedure
                {
                    OwningAgencyId = provider.Id, Marking = marking, Reference = $"SOP-MY-{tag}", Title = $"Matrix procedure {tag}", ScopeAgencies = [provider.Code],
                    ScopeRoles = Roles.Officer, Processes = [Cordon.Procedures.ProcedureProcesses.Inspection], CurrentVersion = 1, LatestVersion = 1,
                    NextReviewOn = new DateOnly(2030, 1, 1), CreatedAt = now, CreatedBy = secret, UpdatedAt = now, UpdatedBy = secret,
                };
                db.Procedures.Add(procedure);
                db.ProcedureVersions.Add(new Cordon.Procedures.ProcedureVersion
                {
                    ProcedureId = procedure.Id, Number = 1, Body = "# Matrix\nCheck.", ChangeNote = "First.", Status = Cordon.Procedures.ProcedureVersionStatus.Approved,
                    DraftedAt = now, DraftedBy = secret, ApprovedAt = now, ApprovedBy = secret,
                });
                planted.Add(new Planted(RecordTypes.Procedure, procedure.Id.ToString(), procedure.Id.ToString(), secret, state, marking));
            }
        }
        await db.SaveChangesAsync(Ct);
        return planted;
    }
}
