using System.Globalization;
using Cordon.Common;
using Cordon.Declarations;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.TradeMessages;

/// <summary>What an EDIFACT export writes: declarations as CUSDEC or pre-arrival consignments as CUSCAR.</summary>
public enum TradeMessageKind
{
    Cusdec,
    Cuscar,
}

/// <summary>An interchange written from stored records: its text, its control reference (UNB 0020) and how many records it carries.</summary>
public sealed record TradeMessageExportResult(string Interchange, string Reference, int Records);

/// <summary>
/// Writes an agency's readable records as one UN/EDIFACT interchange (<see cref="TradeMessageWriter"/>), read the
/// way every export reads them: the reader's policy filters the rows for onward use, each row's redactions are applied
/// by field path before it is written, and the foreign rows written land in the audit log as the CSV export's do.
/// </summary>
public static class TradeMessageExport
{
    /// <summary>Parses <c>cusdec</c> or <c>cuscar</c>; anything else is refused naming the field.</summary>
    public static TradeMessageKind ParseKind(string? kind, string field = "kind") => kind?.Trim().ToLowerInvariant() switch
    {
        "cusdec" => TradeMessageKind.Cusdec,
        "cuscar" => TradeMessageKind.Cuscar,
        _ => throw ValidationFailed.Field(field, $"'{kind}' is not a message Cordon writes: cusdec (declarations) or cuscar (pre-arrival consignments)."),
    };

    /// <summary>
    /// The records of <paramref name="owner"/> the policy lets the reader pass on, as one interchange from
    /// <paramref name="sender"/> to <paramref name="recipient"/>. The interchange reference (UNB 0020, 14 characters)
    /// is the time of writing, so two exports a second apart are two interchanges.
    /// </summary>
    public static async Task<TradeMessageExportResult> WriteAsync(CordonDb db, AccessPolicy policy, TradeMessageKind kind, Guid owner, DeclarationFilter filter,
        string sender, string recipient, DateTimeOffset now, CancellationToken ct)
    {
        var reference = "CX" + now.UtcDateTime.ToString("yyMMddHHmmss", CultureInfo.InvariantCulture);
        if (kind == TradeMessageKind.Cusdec)
        {
            var decisions = new RowDecisions(policy, RecordTypes.Declaration, onward: true);
            var declarations = await filter.Apply(db, policy, DeclarationQueries.Readable(db, policy, onward: true))
                .Where(d => d.OwningAgencyId == owner)
                .Include(d => d.Items)
                .OrderBy(d => d.LodgedOn).ThenBy(d => d.Id)
                .AsSplitQuery()
                .ToListAsync(ct);
            var shown = Shown(declarations, d => decisions.For(d.OwningAgencyId, d.Marking, d.Caveats, d.Id));
            var text = TradeMessageWriter.Cusdec(shown, sender, recipient, reference, now);
            await SharedReads.AuditRowsAsync(db, policy, decisions, "export", ct);
            return new TradeMessageExportResult(text, reference, shown.Count);
        }
        var consignmentDecisions = new RowDecisions(policy, RecordTypes.Consignment, onward: true);
        var consignments = await policy.Filter(db.Consignments.AsNoTracking(), RecordTypes.Consignment, onward: true)
            .Where(c => c.OwningAgencyId == owner)
            .Include(c => c.Containers)
            .OrderBy(c => c.ExpectedArrival).ThenBy(c => c.Id)
            .AsSplitQuery()
            .ToListAsync(ct);
        var bills = Shown(consignments, c => consignmentDecisions.For(c.OwningAgencyId, c.Marking, c.Caveats, c.Id));
        var cuscar = TradeMessageWriter.Cuscar(bills, sender, recipient, reference, now);
        await SharedReads.AuditRowsAsync(db, policy, consignmentDecisions, "export", ct);
        return new TradeMessageExportResult(cuscar, reference, bills.Count);
    }

    /// <summary>The rows the policy allows, each with its redactions cleared (nested items and containers included).</summary>
    private static List<T> Shown<T>(List<T> rows, Func<T, AccessDecision> decide) where T : class
    {
        var shown = new List<T>(rows.Count);
        foreach (var row in rows)
        {
            var decision = decide(row);
            if (decision.Allowed)
            {
                shown.Add(Redaction.Clear(row, decision.RedactedFields));
            }
        }
        return shown;
    }
}
