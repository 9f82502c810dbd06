using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Travellers;

/// <summary>A document to check: its number (any spacing or case) and issuing state when known.</summary>
public sealed record DocumentQuery(string Number, string? IssuingState);

/// <summary>A document a source reports lost, stolen, revoked or invalidated; <see cref="Source"/> names the list and its version.</summary>
public sealed record ListedDocument(string Number, string IssuingState, string Status, string Source, DateOnly? ReportedOn);

/// <summary>
/// Where documents are checked against lost and stolen reports. Cordon's own national lists are one
/// implementation (<see cref="NationalDocumentList"/>); an administration connected to an outside
/// service (INTERPOL's SLTD through its national bureau) registers its own in their place.
/// </summary>
public interface ITravelDocumentCheck
{
    /// <summary>The documents among <paramref name="documents"/> that are reported, each once per report.</summary>
    Task<IReadOnlyList<ListedDocument>> CheckAsync(IReadOnlyCollection<DocumentQuery> documents, CancellationToken ct = default);
}

/// <summary>
/// The lost and stolen lists kept in Cordon: a document is reported when an entry in force of a list's
/// active version has its number and, where the document names one, its issuing state.
/// </summary>
public sealed class NationalDocumentList(CordonDb db) : ITravelDocumentCheck
{
    public async Task<IReadOnlyList<ListedDocument>> CheckAsync(IReadOnlyCollection<DocumentQuery> documents, CancellationToken ct = default)
    {
        var numbers = documents.Select(d => DocumentNumbers.Normalise(d.Number)).Where(n => n.Length > 0).Distinct().ToList();
        if (numbers.Count == 0)
        {
            return [];
        }
        var found = new List<ListedDocument>();
        foreach (var chunk in numbers.Chunk(500))
        {
            var rows = await (from d in db.LostDocuments.AsNoTracking()
                              join l in db.LostDocumentLists.AsNoTracking() on d.ListId equals l.Id
                              where chunk.Contains(d.Number) && d.RemovedInVersion == null && l.ActiveVersion != null
                              select new { d.Number, d.IssuingState, d.Status, d.ReportedOn, l.Name, l.ActiveVersion }).ToListAsync(ct);
            found.AddRange(rows.Select(r => new ListedDocument(r.Number, r.IssuingState, r.Status, $"{r.Name} version {r.ActiveVersion}", r.ReportedOn)));
        }
        // A number is only the same document when the issuing states agree (many states issue "X1234567").
        var wanted = documents.Select(d => (Number: DocumentNumbers.Normalise(d.Number), IssuingState: DocumentNumbers.State(d.IssuingState))).ToList();
        return found.Where(f => wanted.Any(w => w.Number == f.Number && (w.IssuingState is null || w.IssuingState == f.IssuingState))).ToList();
    }
}
