using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Travellers;

/// <summary>
/// Reading lists and travellers through the one access policy, under the traveller record type: a list
/// is shown where its travellers may be read, and each traveller through the shared view, redacted by path
/// (the personal-data caveat removes names, birth details and document numbers unless an agreement covers them).
/// </summary>
public static class TravellerQueries
{
    public sealed record ManifestRow(Guid Id, string Carrier, string Transport, string Mode, string List, string Departure, DateOnly DepartureDate,
        DateTime? DepartureTime, string Arrival, DateTime? ArrivalTime, string Route, int Version, int TravellerCount, Guid OwningAgencyId, Tlp Marking, Caveats Caveats)
    {
        public string? Owner { get; init; }
    }

    public sealed record ManifestPage(IReadOnlyList<ManifestRow> Rows, int Page, int PageSize, int Total);

    public sealed record ManifestVersionView(int Version, string MessageReference, DateTimeOffset ReceivedAt, string ReceivedBy, string Source, string ContentHash);

    public sealed record ManifestDetail(ManifestRow Manifest, IReadOnlyList<Traveller> Travellers, IReadOnlyList<ManifestVersionView> Versions);

    public sealed record TravellerDetail(Traveller Traveller, string Owner, string Access, IReadOnlyList<string> Redacted);

    /// <summary>Lists newest departure first; carrier and flight filters are on fields every agreement shows.</summary>
    public static async Task<ManifestPage> ListAsync(CordonDb db, AccessPolicy policy, string? carrier, string? transport, DateOnly? date, int page, int pageSize, CancellationToken ct)
    {
        pageSize = Math.Clamp(pageSize, 1, 500);
        page = Math.Max(1, page);
        var q = policy.Filter(db.PassengerManifests.AsNoTracking(), RecordTypes.Traveller);
        if (carrier?.Trim().ToUpperInvariant() is { Length: > 0 } c)
        {
            q = q.Where(m => m.Carrier == c);
        }
        if (transport?.Trim().ToUpperInvariant() is { Length: > 0 } t)
        {
            q = q.Where(m => m.Transport == t);
        }
        if (date is { } d)
        {
            q = q.Where(m => m.DepartureDate == d);
        }
        var total = await q.CountAsync(ct);
        var rows = await q.OrderByDescending(m => m.DepartureDate).ThenBy(m => m.Carrier).ThenBy(m => m.Transport).ThenBy(m => m.Id)
            .Skip((page - 1) * pageSize).Take(pageSize).Select(Row()).ToListAsync(ct);
        var decisions = new RowDecisions(policy, RecordTypes.Traveller);
        var shown = rows.Where(r => decisions.For(r.OwningAgencyId, r.Marking, r.Caveats, r.Id).Allowed).Select(r => r with { Owner = policy.Code(r.OwningAgencyId) }).ToList();
        await SharedReads.AuditRowsAsync(db, policy, decisions, "list", ct);
        return new ManifestPage(shown, page, pageSize, total);
    }

    public static async Task<ManifestDetail> GetManifestAsync(CordonDb db, AccessPolicy policy, Guid id, CancellationToken ct, string? breakGlass = null)
    {
        var manifest = await db.PassengerManifests.AsNoTracking().Where(m => m.Id == id).Select(Row()).SingleOrDefaultAsync(ct)
                       ?? throw new Common.NotFound($"No passenger or crew list {id} that you may read.");
        await SharedReads.AuthorizeAsync(db, policy, new RecordRef(RecordTypes.Traveller, manifest.OwningAgencyId, manifest.Marking, manifest.Caveats, manifest.Id.ToString()), breakGlass, ct);
        var travellers = await db.Travellers.AsNoTracking().Include(t => t.Documents).Where(t => t.ManifestId == id).OrderBy(t => t.Seq).ToListAsync(ct);
        foreach (var t in travellers)
        {
            t.Documents = [.. t.Documents.OrderBy(d => d.Seq)];
        }
        var shown = await SharedReads.ViewsAsync(db, policy, RecordTypes.Traveller, travellers, t => t.Id, t => t, "manifest", ct);
        var versions = (await db.PassengerManifestVersions.AsNoTracking().Where(v => v.ManifestId == id).OrderBy(v => v.Version)
                .Select(v => new { v.Version, v.MessageReference, v.ReceivedAt, v.ReceivedBy, v.Source, v.ContentHash }).ToListAsync(ct))
            .Select(v => new ManifestVersionView(v.Version, v.MessageReference, v.ReceivedAt, v.ReceivedBy, v.Source, Convert.ToHexStringLower(v.ContentHash))).ToList();
        return new ManifestDetail(manifest with { Owner = policy.Code(manifest.OwningAgencyId) }, shown, versions);
    }

    public static async Task<TravellerDetail> GetAsync(CordonDb db, AccessPolicy policy, Guid id, CancellationToken ct, string? breakGlass = null)
    {
        var traveller = await db.Travellers.AsNoTracking().Include(t => t.Documents).SingleOrDefaultAsync(t => t.Id == id, ct)
                        ?? throw new Common.NotFound($"No traveller {id} that you may read.");
        var decision = await SharedReads.AuthorizeAsync(db, policy,
            new RecordRef(RecordTypes.Traveller, traveller.OwningAgencyId, traveller.Marking, traveller.Caveats, traveller.Id.ToString()), breakGlass, ct);
        traveller.Documents = [.. traveller.Documents.OrderBy(d => d.Seq)];
        Redaction.Clear(traveller, decision.RedactedFields);
        return new TravellerDetail(traveller, policy.Code(traveller.OwningAgencyId), decision.Reason, decision.RedactedFields.Order(StringComparer.Ordinal).ToList());
    }

    private static System.Linq.Expressions.Expression<Func<PassengerManifest, ManifestRow>> Row()
        => m => new ManifestRow(m.Id, m.Carrier, m.Transport, m.Mode, m.List, m.Departure, m.DepartureDate, m.DepartureTime, m.Arrival, m.ArrivalTime, m.Route,
            m.Version, m.TravellerCount, m.OwningAgencyId, m.Marking, m.Caveats);
}
