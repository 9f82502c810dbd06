using System.Globalization;
using Cordon.Common;
using Cordon.Identity;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Declarations;

/// <summary>
/// Intake's side of access. Declarations and consignments are read through the one access policy
/// (<see cref="AccessPolicy"/>). Quarantined records are intake staging (rejected input, not records
/// of the administration), which no agreement can cover: only the receiving agency sees them.
/// </summary>
public static class IntakeAccess
{
    public static IQueryable<T> OwnAgencyOnly<T>(IQueryable<T> records, Actor actor)
        where T : class, IOwnedRecord
    {
        if (actor.Kind == ActorKind.LocalOperator)
        {
            return records;
        }
        var agency = actor.AgencyId ?? Guid.Empty;
        return records.Where(r => r.OwningAgencyId == agency);
    }

    /// <summary>The agency that receives what an actor submits.</summary>
    public static async Task<Guid> ReceivingAgencyAsync(CordonDb db, Actor actor, string? agencyCode, CancellationToken ct)
    {
        if (actor.Kind != ActorKind.LocalOperator)
        {
            return actor.AgencyId ?? throw new Forbidden("Only members of an agency can submit declarations.");
        }
        if (!string.IsNullOrWhiteSpace(agencyCode))
        {
            return await AgencyCodes.IdOfAsync(db, agencyCode, ct)
                   ?? throw ValidationFailed.Field("agency", $"No agency has the code '{agencyCode}'.");
        }
        var customs = await db.Agencies.Where(a => a.Kind == AgencyKind.Customs).Select(a => a.Id).Take(2).ToListAsync(ct);
        return customs.Count == 1
            ? customs[0]
            : throw ValidationFailed.Field("agency", customs.Count == 0
                ? "There is no customs agency to receive declarations: add one (cordon agencies add) or run cordon demo seed."
                : "Several customs agencies exist: say which receives the declarations with --agency CODE.");
    }
}

public sealed record DeclarationFilter(
    DateOnly? From = null, DateOnly? To = null, string? Office = null, string? Importer = null, string? Declarant = null, string? Hs = null, string? Origin = null,
    string? Number = null)
{
    public static DeclarationFilter Parse(string? from, string? to, string? office, string? importer, string? declarant, string? hs, string? origin, string? number = null)
    {
        var errors = new FieldErrors();
        DateOnly? Date(string? text, string field)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                return null;
            }
            if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            {
                return d;
            }
            errors.Add(field, $"'{DeclarationValidation.Clip(text)}' is not a date (yyyy-MM-dd).");
            return null;
        }
        var hsDigits = DeclarationValidation.Normalise(hs)?.Replace(".", "", StringComparison.Ordinal);
        if (hsDigits is not null && (!hsDigits.All(char.IsAsciiDigit) || hsDigits.Length > 10))
        {
            errors.Add("hs", "an HS prefix is 1 to 10 digits.");
        }
        var filter = new DeclarationFilter(Date(from, "from"), Date(to, "to"), Up(office), Up(importer), Up(declarant), hsDigits, Up(origin), Up(number));
        errors.ThrowIfAny();
        return filter;
    }

    private static string? Up(string? s) => DeclarationValidation.Normalise(s)?.ToUpperInvariant();

    /// <summary>Applies the filter; each field is tested only on rows where the reader sees it (<see cref="AccessPolicy.WhereSeen"/>).</summary>
    public IQueryable<Declaration> Apply(CordonDb db, AccessPolicy policy, IQueryable<Declaration> q)
    {
        const string type = RecordTypes.Declaration;
        if (From is { } from)
        {
            q = policy.WhereSeen(q, type, "lodgedOn", d => d.LodgedOn >= from);
        }
        if (To is { } to)
        {
            q = policy.WhereSeen(q, type, "lodgedOn", d => d.LodgedOn <= to);
        }
        if (Office is { } office)
        {
            q = policy.WhereSeen(q, type, "office", d => d.Office == office);
        }
        if (Importer is { } importer)
        {
            q = policy.WhereSeen(q, type, "importerCode", d => d.ImporterCode == importer);
        }
        if (Declarant is { } declarant)
        {
            q = policy.WhereSeen(q, type, "declarant", d => d.Declarant == declarant);
        }
        if (Number is { } number)
        {
            q = policy.WhereSeen(q, type, "number", d => d.Number == number);
        }
        if (Origin is { } origin)
        {
            q = policy.WhereSeen(q, type, "originCountry", d => d.OriginCountry == origin);
        }
        if (Hs is { Length: > 0 } hs)
        {
            // A range on the item index instead of LIKE: "8703" ≤ code < "8704".
            var upper = Upper(hs);
            q = policy.WhereSeen(q, type, "items.hsCode", d => db.DeclarationItems.Any(i => i.DeclarationId == d.Id && string.Compare(i.HsCode, hs) >= 0 && string.Compare(i.HsCode, upper) < 0));
        }
        return q;
    }

    private static string Upper(string digits)
    {
        var chars = digits.ToCharArray();
        for (var i = chars.Length - 1; i >= 0; i--)
        {
            if (chars[i] < '9')
            {
                chars[i]++;
                return new string(chars, 0, i + 1);
            }
        }
        return ":"; // all nines: ':' sorts after every digit
    }
}

/// <summary>A row of the declaration list; <see cref="Owner"/> and <see cref="Redacted"/> say whose record it is and what was withheld.</summary>
public sealed record DeclarationRow(
    Guid Id, string Number, string Office, string Declarant, DateOnly LodgedOn, DeclarationKind Kind, string? ImporterCode, string? ImporterName,
    string? OriginCountry, int ItemCount, decimal? TotalCif, string? Currency, int Version, OpaqueCodes Opaque, Tlp Marking, Guid OwningAgencyId, Caveats Caveats)
{
    public string? Owner { get; init; }
    public IReadOnlyList<string> Redacted { get; init; } = [];
}

public sealed record DeclarationPage(IReadOnlyList<DeclarationRow> Rows, int Page, int PageSize, int Total);

public sealed record VersionView(int Version, DateTimeOffset ReceivedAt, string ReceivedBy, string Source, string ContentHash);

public sealed record OutcomeView(bool Illicit, decimal Revenue, DateTimeOffset RecordedAt, string Source);

/// <summary>One declaration as the reader may see it: <see cref="Access"/> says why (own record, which agreement, break-glass).</summary>
public sealed record DeclarationDetail(Declaration Declaration, IReadOnlyList<DeclarationItem> Items, IReadOnlyList<VersionView> Versions, OutcomeView? Outcome)
{
    public string Owner { get; init; } = "";
    /// <summary>The reader's own agency's record (no agreement involved).</summary>
    public bool Own { get; init; }
    public string Access { get; init; } = "";
    public bool BreakGlass { get; init; }
    public IReadOnlyList<string> Redacted { get; init; } = [];
}

public static class DeclarationQueries
{
    public const int MaxPageSize = 500;

    /// <summary>Declarations the policy lets the reader see; <paramref name="onward"/> for exports, which leave out other agencies' no-onward-sharing records.</summary>
    public static IQueryable<Declaration> Readable(CordonDb db, AccessPolicy policy, bool onward = false) => policy.Filter(db.Declarations.AsNoTracking(), RecordTypes.Declaration, onward);

    /// <summary>
    /// The columns a list may be sorted by: none of them is ever redacted, so the order gives nothing
    /// away that the reader may not see.
    /// </summary>
    public static readonly IReadOnlyList<string> SortColumns = ["lodged", "number", "office", "origin"];

    public static async Task<DeclarationPage> ListAsync(CordonDb db, AccessPolicy policy, DeclarationFilter filter, int page, int pageSize, CancellationToken ct,
        string? sort = null, bool descending = true)
    {
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        page = Math.Max(1, page);
        var q = filter.Apply(db, policy, Readable(db, policy));
        var total = await q.CountAsync(ct);
        var ordered = (sort, descending) switch
        {
            ("number", false) => q.OrderBy(d => d.Number).ThenBy(d => d.Id),
            ("number", true) => q.OrderByDescending(d => d.Number).ThenByDescending(d => d.Id),
            ("office", false) => q.OrderBy(d => d.Office).ThenByDescending(d => d.LodgedOn).ThenByDescending(d => d.Id),
            ("office", true) => q.OrderByDescending(d => d.Office).ThenByDescending(d => d.LodgedOn).ThenByDescending(d => d.Id),
            ("origin", false) => q.OrderBy(d => d.OriginCountry).ThenByDescending(d => d.LodgedOn).ThenByDescending(d => d.Id),
            ("origin", true) => q.OrderByDescending(d => d.OriginCountry).ThenByDescending(d => d.LodgedOn).ThenByDescending(d => d.Id),
            (_, false) => q.OrderBy(d => d.LodgedOn).ThenBy(d => d.Id),
            _ => q.OrderByDescending(d => d.LodgedOn).ThenByDescending(d => d.Id),
        };
        var rows = await ordered
            .Skip((page - 1) * pageSize).Take(pageSize)
            .Select(d => new DeclarationRow(d.Id, d.Number, d.Office, d.Declarant, d.LodgedOn, d.Kind, d.ImporterCode, d.ImporterName,
                d.OriginCountry, d.ItemCount, d.TotalCif, d.Currency, d.Version, d.Opaque, d.Marking, d.OwningAgencyId, d.Caveats))
            .ToListAsync(ct);
        var decisions = new RowDecisions(policy, RecordTypes.Declaration);
        var shown = new List<DeclarationRow>(rows.Count);
        foreach (var row in rows)
        {
            var decision = decisions.For(row.OwningAgencyId, row.Marking, row.Caveats, row.Id);
            if (decision.Allowed) // the filter and the decision agree; this is the belt to its braces
            {
                shown.Add(Redaction.Clear(row with { Owner = policy.Code(row.OwningAgencyId), Redacted = decision.RedactedFields.Order().ToList() }, decision.RedactedFields));
            }
        }
        await SharedReads.AuditRowsAsync(db, policy, decisions, "list", ct);
        return new DeclarationPage(shown, page, pageSize, total);
    }

    /// <summary>
    /// By id: the policy decides and says why when it denies (break-glass may override, recorded for
    /// review). By number: only among readable declarations (the newest lodgement when several
    /// declarants used it), so numbers cannot be probed for other agencies' records.
    /// </summary>
    public static async Task<DeclarationDetail> GetAsync(CordonDb db, AccessPolicy policy, string idOrNumber, CancellationToken ct, string? breakGlass = null)
    {
        var declaration = Guid.TryParse(idOrNumber, out var id)
            ? await db.Declarations.AsNoTracking().SingleOrDefaultAsync(d => d.Id == id, ct)
            : await NumberIs(policy, Readable(db, policy), idOrNumber.Trim().ToUpper()).OrderByDescending(d => d.UpdatedAt).FirstOrDefaultAsync(ct);
        if (declaration is null)
        {
            throw new NotFound($"No declaration '{idOrNumber}' that you may read.");
        }
        var decision = await SharedReads.AuthorizeAsync(db, policy,
            new RecordRef(RecordTypes.Declaration, declaration.OwningAgencyId, declaration.Marking, declaration.Caveats, declaration.Id.ToString()), breakGlass, ct);
        var items = await db.DeclarationItems.AsNoTracking().Where(i => i.DeclarationId == declaration.Id).OrderBy(i => i.Line).ToListAsync(ct);
        var versions = (await db.DeclarationVersions.AsNoTracking().Where(v => v.DeclarationId == declaration.Id).OrderBy(v => v.Version)
                .Select(v => new { v.Version, v.ReceivedAt, v.ReceivedBy, v.Source, v.ContentHash }).ToListAsync(ct))
            .Select(v => new VersionView(v.Version, v.ReceivedAt, v.ReceivedBy, v.Source, Convert.ToHexStringLower(v.ContentHash))).ToList();
        var outcome = await db.InspectionOutcomes.AsNoTracking().Where(o => o.DeclarationId == declaration.Id)
            .Select(o => new OutcomeView(o.Illicit, o.Revenue, o.RecordedAt, o.Source)).SingleOrDefaultAsync(ct);
        // The items are part of the declaration's shared view: "items.description" clears every item's.
        return new DeclarationDetail(Redaction.Clear(declaration, decision.RedactedFields), Redaction.ClearEach(items, decision.RedactedFields, "items"), versions, outcome)
        {
            Owner = policy.Code(declaration.OwningAgencyId),
            Own = declaration.OwningAgencyId == policy.Actor.AgencyId,
            Access = decision.Reason,
            BreakGlass = decision.BreakGlass,
            Redacted = decision.RedactedFields.Order().ToList(),
        };
    }

    private static IQueryable<Declaration> NumberIs(AccessPolicy policy, IQueryable<Declaration> q, string number)
        => policy.WhereSeen(q, RecordTypes.Declaration, "number", d => d.Number == number);

    /// <summary>The owner raises or lowers a declaration's marking, with a reason (audited); it applies to every later read.</summary>
    public static async Task<Tlp> ChangeMarkingAsync(CordonDb db, Actor actor, Guid id, string? marking, string? reason, CancellationToken ct)
    {
        var view = await Markings.ChangeAsync(db, actor, RecordTypes.Declaration, id, new MarkingChange(marking ?? "", null, reason), ct);
        return Markings.Parse(view.Marking);
    }

    /// <summary>
    /// The canonical content of one version (JSON), as it was received. Received content is the owning
    /// agency's working record; readers under an agreement see the current declaration, with its redactions.
    /// </summary>
    public static async Task<string> VersionContentAsync(CordonDb db, AccessPolicy policy, Guid id, int version, CancellationToken ct)
    {
        var owner = await Readable(db, policy).Where(d => d.Id == id).Select(d => (Guid?)d.OwningAgencyId).SingleOrDefaultAsync(ct)
                    ?? throw new NotFound($"No declaration {id} that you may read.");
        if (policy.Actor.Kind != ActorKind.LocalOperator && owner != policy.Actor.AgencyId)
        {
            throw new Forbidden($"The content of received versions stays with {policy.Code(owner)}, which owns the declaration; read the current declaration instead.");
        }
        return await db.DeclarationVersions.Where(v => v.DeclarationId == id && v.Version == version).Select(v => v.Content).SingleOrDefaultAsync(ct)
               ?? throw new NotFound($"Declaration {id} has no version {version}.");
    }

    /// <summary>
    /// Streams the filtered declarations as CSV in the import layout (one line per item), so an export
    /// can be imported again. Rows are read and written one at a time: memory stays flat.
    /// </summary>
    public static async Task<long> ExportCsvAsync(CordonDb db, AccessPolicy policy, DeclarationFilter filter, TextWriter output, CancellationToken ct)
    {
        await output.WriteLineAsync(string.Join(',', DeclarationFiles.CsvColumns));
        var q = from d in filter.Apply(db, policy, Readable(db, policy, onward: true))
                join i in db.DeclarationItems.AsNoTracking() on d.Id equals i.DeclarationId
                from o in db.InspectionOutcomes.AsNoTracking().Where(o => o.DeclarationId == d.Id).DefaultIfEmpty()
                orderby d.LodgedOn, d.Id, i.Line
                select new { d, i, Illicit = (bool?)o!.Illicit, Revenue = (decimal?)o.Revenue };
        long lines = 0;
        var inv = CultureInfo.InvariantCulture;
        static string N(decimal? v) => v?.ToString(CultureInfo.InvariantCulture) ?? "";
        var decisions = new RowDecisions(policy, RecordTypes.Declaration, onward: true);
        var (current, decision) = (Guid.Empty, AccessDecision.Deny(""));
        await foreach (var r in q.AsAsyncEnumerable().WithCancellation(ct))
        {
            var first = r.i.Line == 1;
            if (r.d.Id != current) // one decision per declaration, not per item line
            {
                (current, decision) = (r.d.Id, decisions.For(r.d.OwningAgencyId, r.d.Marking, r.d.Caveats, r.d.Id));
            }
            if (!decision.Allowed)
            {
                continue;
            }
            var d = Redaction.Clear(r.d, decision.RedactedFields);
            var item = Redaction.ClearEach([r.i], decision.RedactedFields, "items")[0];
            var fields = new[]
            {
                d.Office, d.Declarant, d.Number, d.Kind.ToString().ToLowerInvariant(), d.LodgedOn.ToString("yyyy-MM-dd", inv),
                d.TransportMode is { } m ? DeclarationValidation.ModeName(m) : null, d.Conveyance,
                d.ImporterCode, d.ImporterName, d.ImporterAddress, d.ImporterCountry,
                d.ExporterCode, d.ExporterName, d.ExporterAddress, d.ExporterCountry,
                d.ConsigneeCode, d.ConsigneeName, d.ConsigneeAddress, d.ConsigneeCountry,
                d.OriginCountry, d.ExportCountry, d.DestinationCountry, d.PortOfLoading, d.PortOfDischarge, d.Currency,
                N(d.TotalFob), N(d.TotalCif), d.Marking == Tlp.Amber ? null : DeclarationValidation.MarkingName(d.Marking),
                item.HsCode, item.Description, N(item.Quantity), item.Unit, N(item.GrossKg), N(item.NetKg), N(item.Fob), N(item.Cif), N(item.Duties), N(item.Taxes),
                first && r.Illicit is { } illicit ? (illicit ? "1" : "0") : null, first ? N(r.Revenue) : null,
            };
            await output.WriteLineAsync(string.Join(',', fields.Select(CsvLine.Quote)));
            lines++;
        }
        await output.FlushAsync(ct);
        await SharedReads.AuditRowsAsync(db, policy, decisions, "export", ct);
        return lines;
    }
}
