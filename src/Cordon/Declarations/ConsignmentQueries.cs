using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Declarations;

/// <summary>Lookup of pre-arrival consignments (readable ones only).</summary>
public static class ConsignmentQueries
{
    /// <summary>A row of the list: fields of the shared view (<see cref="PreArrivalConsignment"/>) under their names there, so its redactions apply by path.</summary>
    public sealed record ConsignmentRow(Guid Id, string? Office, string? Filer, string Reference, string HsCode, string? GoodsDescription, decimal GrossKg,
        int ContainerCount, DateTimeOffset ExpectedArrival, int Version, Guid OwningAgencyId, Tlp Marking, Caveats Caveats) : ICaveatedRecord
    {
        public string? Owner { get; init; }
    }

    public sealed record ConsignmentPage(IReadOnlyList<ConsignmentRow> Rows, int Page, int PageSize, int Total);

    public sealed record ConsignmentDetail(PreArrivalConsignment Consignment, IReadOnlyList<string> Containers, IReadOnlyList<VersionView> Versions)
    {
        public string Owner { get; init; } = "";
        public string Access { get; init; } = "";
        public IReadOnlyList<string> Redacted { get; init; } = [];
    }

    /// <summary>Exact-match filters (case-insensitive): office of first entry, transport document reference, container number.</summary>
    public sealed record ConsignmentFilter(string? Office = null, string? Reference = null, string? Container = null);

    public static async Task<ConsignmentPage> ListAsync(CordonDb db, AccessPolicy policy, ConsignmentFilter filter, int page, int pageSize, CancellationToken ct)
    {
        pageSize = Math.Clamp(pageSize, 1, 500);
        page = Math.Max(1, page);
        var q = policy.Filter(db.Consignments.AsNoTracking(), RecordTypes.Consignment);
        if (DeclarationValidation.Normalise(filter.Office)?.ToUpperInvariant() is { } office)
        {
            // Only where the reader sees the office: a withheld office answers as a random one.
            q = policy.WhereSeen(q, RecordTypes.Consignment, "office", c => c.Office == office);
        }
        if (DeclarationValidation.Normalise(filter.Reference)?.ToUpperInvariant() is { } reference)
        {
            q = q.Where(c => c.Reference == reference);
        }
        if (DeclarationValidation.Normalise(filter.Container)?.ToUpperInvariant().Replace(" ", "", StringComparison.Ordinal) is { } container)
        {
            q = q.Where(c => db.ConsignmentContainers.Any(k => k.ConsignmentId == c.Id && k.ContainerNumber == container));
        }
        var total = await q.CountAsync(ct);
        var rows = await q.OrderByDescending(c => c.ExpectedArrival).ThenBy(c => c.Id).Skip((page - 1) * pageSize).Take(pageSize)
            .Select(c => new ConsignmentRow(c.Id, c.Office, c.Filer, c.Reference, c.HsCode, c.GoodsDescription, c.GrossKg, c.ContainerCount, c.ExpectedArrival,
                c.Version, c.OwningAgencyId, c.Marking, c.Caveats))
            .ToListAsync(ct);
        var shown = await SharedReads.ViewsAsync(db, policy, RecordTypes.Consignment, rows, r => r.Id, r => r with { Owner = policy.Code(r.OwningAgencyId) }, "list", ct);
        return new ConsignmentPage(shown, page, pageSize, total);
    }

    public static async Task<ConsignmentDetail> GetAsync(CordonDb db, AccessPolicy policy, Guid id, CancellationToken ct, string? breakGlass = null)
    {
        // With its containers and their seals, so that a withheld "containers.…" path is cleared in each of them.
        var consignment = await db.Consignments.AsNoTracking().Include(c => c.Containers.OrderBy(k => k.Seq)).SingleOrDefaultAsync(c => c.Id == id, ct)
                          ?? throw new Common.NotFound($"No consignment {id} that you may read.");
        var decision = await SharedReads.AuthorizeAsync(db, policy,
            new RecordRef(RecordTypes.Consignment, consignment.OwningAgencyId, consignment.Marking, consignment.Caveats, consignment.Id.ToString()), breakGlass, ct);
        Redaction.Clear(consignment, decision.RedactedFields);
        var containers = consignment.Containers.Select(c => c.ContainerNumber).Where(n => n is not null).ToList();
        var versions = (await db.ConsignmentVersions.Where(v => v.ConsignmentId == id).OrderBy(v => v.Version)
                .Select(v => new { v.Version, v.ReceivedAt, v.ReceivedBy, v.Source, v.ContentHash }).ToListAsync(ct))
            .Select(v => new VersionView(v.Version, v.ReceivedAt, v.ReceivedBy, v.Source, Convert.ToHexStringLower(v.ContentHash))).ToList();
        return new ConsignmentDetail(consignment, containers, versions)
        {
            Owner = policy.Code(consignment.OwningAgencyId),
            Access = decision.Reason,
            Redacted = decision.RedactedFields.Order().ToList(),
        };
    }
}
