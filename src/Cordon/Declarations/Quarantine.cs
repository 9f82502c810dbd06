using System.Text.Json;
using Cordon.Common;
using Cordon.Identity;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Declarations;

public sealed record QuarantineView(
    Guid Id, IntakeKind Kind, string Source, string Position, string? Number, string Content, bool ContentIsJson,
    IReadOnlyDictionary<string, string[]> Errors, DateTimeOffset ReceivedAt, string ReceivedBy)
{
    /// <summary>The errors as their templates and arguments, for a page to say in the reader's language (the API answers <see cref="Errors"/>, in English).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyDictionary<string, Wording[]> Wordings { get; init; } = new Dictionary<string, Wording[]>();
}

public sealed record QuarantinePage(IReadOnlyList<QuarantineView> Rows, int Page, int PageSize, int Total);

/// <summary>Records rejected at intake: list them with their reasons, correct and re-submit, or discard.</summary>
public static class Quarantine
{
    private static IQueryable<QuarantinedRecord> Waiting(CordonDb db, Actor actor)
        => IntakeAccess.OwnAgencyOnly(db.QuarantinedRecords.AsNoTracking(), actor).Where(q => q.ResolvedAt == null);

    /// <param name="source">Only the records from this source (a file name, "api", "batch"): an import's rejects.</param>
    public static async Task<QuarantinePage> ListAsync(CordonDb db, Actor actor, IntakeKind? kind, int page, int pageSize, CancellationToken ct, string? source = null)
    {
        pageSize = Math.Clamp(pageSize, 1, 500);
        page = Math.Max(1, page);
        var q = Waiting(db, actor);
        if (kind is { } k)
        {
            q = q.Where(r => r.Kind == k);
        }
        if (!string.IsNullOrWhiteSpace(source))
        {
            q = q.Where(r => r.Source == source);
        }
        var total = await q.CountAsync(ct);
        var rows = await q.OrderByDescending(r => r.ReceivedAt).ThenBy(r => r.Id).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return new QuarantinePage(rows.Select(View).ToList(), page, pageSize, total);
    }

    public static async Task<QuarantineView> GetAsync(CordonDb db, Actor actor, Guid id, CancellationToken ct)
        => View(await Waiting(db, actor).SingleOrDefaultAsync(r => r.Id == id, ct) ?? throw new NotFound($"No quarantined record {id} waiting for correction."));

    /// <summary>
    /// Submits a corrected copy (JSON in the API's shape) through the normal intake. Accepted: the
    /// quarantined record is resolved. Still invalid: a <see cref="ValidationFailed"/> names the fields,
    /// and the record stays in quarantine (the failed copy is not quarantined again).
    /// </summary>
    public static async Task<RecordResult> ResubmitAsync(CordonDb db, StorageSetup.StoreSettings store, Actor actor, Guid id, string correctedJson, DateTimeOffset now,
        CancellationToken ct)
    {
        var record = await Waiting(db, actor).SingleOrDefaultAsync(r => r.Id == id, ct)
                     ?? throw new NotFound($"No quarantined record {id} waiting for correction.");
        var context = new IntakeContext(record.OwningAgencyId, actor.Name, $"correction of {record.Source} {record.Position}", now) { Actor = Audit.AuditActor.Of(actor) };
        RecordResult result;
        try
        {
            result = record.Kind == IntakeKind.Declaration
                ? (await Intake.SubmitDeclarationsAsync(store, context, [Parse(correctedJson, IntakeJson.Default.DeclarationInput, d => d.Number)], ct, quarantineRejects: false))[0]
                : (await Intake.SubmitConsignmentsAsync(store, context, [Parse(correctedJson, IntakeJson.Default.ConsignmentInput, c => c.Reference)], ct, quarantineRejects: false))[0];
        }
        catch (JsonException e)
        {
            throw ValidationFailed.Field(DeclarationFiles.JsonPath(e.Path) is { Length: > 0 } p ? p : "content", DeclarationFiles.JsonMessage(e));
        }
        if (result.Outcome == IntakeOutcome.Rejected)
        {
            throw new ValidationFailed(result.Errors!);
        }
        await db.QuarantinedRecords.Where(r => r.Id == id && r.ResolvedAt == null).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.ResolvedAt, now)
            .SetProperty(r => r.ResolvedBy, actor.Name)
            .SetProperty(r => r.ResolvedRecordId, result.Id), ct);
        var one = new IntakeSummary();
        one.Add(result.Outcome);
        await IntakeAudit.RecordAsync(db, context.Actor, record.Kind, context, one, IntakeAudit.Sha256(System.Text.Encoding.UTF8.GetBytes(correctedJson)), ct: ct);
        return result;
    }

    /// <summary>Takes a record out of quarantine without storing it (it was junk, or was sent again correctly).</summary>
    public static async Task DiscardAsync(CordonDb db, Actor actor, Guid id, DateTimeOffset now, CancellationToken ct)
    {
        if (!await Waiting(db, actor).AnyAsync(r => r.Id == id, ct))
        {
            throw new NotFound($"No quarantined record {id} waiting for correction.");
        }
        await db.QuarantinedRecords.Where(r => r.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.ResolvedAt, now)
            .SetProperty(r => r.ResolvedBy, actor.Name), ct);
    }

    private static Candidate<T> Parse<T>(string json, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, Func<T, string?> number)
        where T : class
    {
        var input = JsonSerializer.Deserialize(json, type) ?? throw ValidationFailed.Field("content", "expected a JSON object.");
        return new Candidate<T> { Index = 0, Position = "correction", Input = input, Raw = json, Number = number(input) };
    }

    private static QuarantineView View(QuarantinedRecord r)
    {
        var wordings = StoredWordings.Read(r.Errors);
        return new QuarantineView(r.Id, r.Kind, r.Source, r.Position, r.Number, r.Content, r.ContentIsJson,
            wordings.ToDictionary(e => e.Key, e => e.Value.Select(w => w.ToString()).ToArray(), StringComparer.Ordinal), r.ReceivedAt, r.ReceivedBy)
        {
            Wordings = wordings,
        };
    }
}
