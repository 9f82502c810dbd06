using Cordon.Cases;
using Cordon.Common;
using Cordon.Identity;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Travellers;

/// <summary>How a case was found to name the person on a traveller record.</summary>
public static class CaseMatches
{
    /// <summary>The case names this traveller record itself.</summary>
    public const string ThisTraveller = "this-traveller";
    /// <summary>The case names another traveller record with the same document number and issuing state.</summary>
    public const string Document = "same-document";
    /// <summary>A person of the case has the document number as their identifier.</summary>
    public const string Identifier = "document-as-identifier";
    /// <summary>The case names another traveller record with the same surname, given names and date of birth.</summary>
    public const string NameAndBirthDate = "same-name-and-birth-date";

    public static string Label(string match) => match switch
    {
        ThisTraveller => "names this traveller",
        Document => "same document number and issuing state",
        Identifier => "document number recorded on the case",
        NameAndBirthDate => "same name and date of birth",
        _ => match,
    };
}

/// <summary>An earlier case where the person appears, with its status and how it was matched (strongest first).</summary>
public sealed record EarlierCase(Guid Id, string Reference, string Title, string Status, string Lead, DateTimeOffset OpenedAt, DateTimeOffset UpdatedAt,
    IReadOnlyList<string> Roles, IReadOnlyList<string> MatchedBy);

/// <summary>
/// Links from a traveller to the cases where the same person appears (issue 18, point 7): cases whose persons name this
/// traveller record, or another traveller record with the same document (number and issuing state) or the same name and
/// date of birth, or whose person carries the document number as identifier. Only cases the reader may read with their
/// persons (through the access policy) are listed, and only the traveller's fields the reader sees are matched on, so
/// neither a case nor a withheld identity is given away.
/// </summary>
public static class TravellerCases
{
    public static async Task<IReadOnlyList<EarlierCase>> EarlierAsync(CordonDb db, AccessPolicy policy, Traveller shown, CancellationToken ct = default)
    {
        // Which traveller records are the same person, and why; matched on what the reader sees of this one (a withheld or masked field is empty or the marker).
        var why = new Dictionary<Guid, HashSet<string>> { [shown.Id] = [CaseMatches.ThisTraveller] };
        void Add(Guid traveller, string match) => (why.TryGetValue(traveller, out var set) ? set : why[traveller] = []).Add(match);

        var documents = shown.Documents.Where(d => Usable(d.Number)).Select(d => (Number: DocumentNumbers.Normalise(d.Number), State: DocumentNumbers.State(d.IssuingState)))
            .Where(d => d.Number.Length > 0).Distinct().ToList();
        foreach (var (number, state) in documents)
        {
            var same = await db.TravelDocuments.AsNoTracking().Where(d => d.Number == number && d.TravellerId != shown.Id && (state == null || d.IssuingState == state))
                .Select(d => d.TravellerId).Distinct().Take(500).ToListAsync(ct);
            same.ForEach(id => Add(id, CaseMatches.Document));
        }
        if (Usable(shown.Surname) && shown.BirthDate is { } born)
        {
            var surname = shown.Surname;
            var given = shown.GivenNames;
            var same = await db.Travellers.AsNoTracking().Where(t => t.Id != shown.Id && t.Surname == surname && t.BirthDate == born && t.GivenNames == given)
                .Select(t => t.Id).Take(500).ToListAsync(ct);
            same.ForEach(id => Add(id, CaseMatches.NameAndBirthDate));
        }

        var travellerIds = why.Keys.ToList();
        var persons = await db.CasePersons.AsNoTracking().Where(p => p.TravellerId != null && travellerIds.Contains(p.TravellerId.Value))
            .Select(p => new { p.CaseId, p.Role, p.TravellerId, p.Identifier }).ToListAsync(ct);
        var numbers = documents.Select(d => d.Number).ToList();
        if (numbers.Count > 0)
        {
            persons.AddRange(await db.CasePersons.AsNoTracking().Where(p => p.Identifier != null && numbers.Contains(p.Identifier))
                .Select(p => new { p.CaseId, p.Role, p.TravellerId, p.Identifier }).ToListAsync(ct));
        }
        if (persons.Count == 0)
        {
            return [];
        }
        var caseIds = persons.Select(p => p.CaseId).Distinct().ToList();
        var cases = await policy.Filter(db.Cases.AsNoTracking(), RecordTypes.Case).Where(c => caseIds.Contains(c.Id)).ToListAsync(ct);
        var decisions = new RowDecisions(policy, RecordTypes.Case);
        var codes = await AgencyCodes.ByIdAsync(db, ct);
        var found = new List<EarlierCase>();
        foreach (var c in cases)
        {
            // A case whose persons the reader may not see cannot say that this person is one of them.
            var decision = decisions.For(EnforcementCases.Ref(c));
            if (!decision.Allowed || AccessPolicy.Withholds(decision.RedactedFields, "persons"))
            {
                continue;
            }
            var named = persons.Where(p => p.CaseId == c.Id).ToList();
            var matched = named.SelectMany(p => p.TravellerId is { } t && why.TryGetValue(t, out var m) ? m
                    : p.Identifier is { } i && numbers.Contains(i) ? [CaseMatches.Identifier] : [])
                .Distinct().OrderBy(Strength).ToList();
            found.Add(new EarlierCase(c.Id, c.Reference, c.Title, c.Status.Kebab(), codes.GetValueOrDefault(c.OwningAgencyId) ?? "?", c.CreatedAt, c.UpdatedAt,
                named.Select(p => p.Role).Distinct().Order(StringComparer.Ordinal).ToList(), matched));
        }
        await SharedReads.AuditRowsAsync(db, policy, decisions, "traveller.cases", ct);
        return found.OrderBy(c => c.MatchedBy.Select(Strength).DefaultIfEmpty(9).Min()).ThenByDescending(c => c.UpdatedAt).ToList();
    }

    private static int Strength(string match) => match switch
    {
        CaseMatches.ThisTraveller => 0,
        CaseMatches.Document => 1,
        CaseMatches.Identifier => 2,
        _ => 3,
    };

    private static bool Usable(string? value) => !string.IsNullOrWhiteSpace(value) && value != TravellerMasking.Marker;
}
