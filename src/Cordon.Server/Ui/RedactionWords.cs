using System.Text.RegularExpressions;

namespace Cordon.Server.Ui;

/// <summary>
/// What a redaction withheld, in words a reader understands ("names of persons and addresses withheld
/// under agreement 'NCA seizures for PCA'"), instead of the policy's field paths.
/// </summary>
public static partial class RedactionWords
{
    private static readonly HashSet<string> Persons = new(StringComparer.OrdinalIgnoreCase)
    {
        "owner", "witnesses", "seizingOfficers", "disposalWitnesses", "createdBy", "updatedBy", "persons", "officers", "team", "reportedBy", "user",
        "assignee", "doneBy", "addedBy", "recordedBy", "by", "authorisedBy", "trader", "assessedBy", "surety", "partyName", "from", "to", "declarant",
    };

    /// <summary>The kinds of information withheld, most important first, without repeats.</summary>
    public static IReadOnlyList<string> Kinds(IEnumerable<string> fields)
    {
        var kinds = new List<string>();
        foreach (var path in fields)
        {
            var field = path.Split('.')[^1];
            var kind = field switch
            {
                _ when field.EndsWith("Name", StringComparison.Ordinal) || Persons.Contains(field) => "names of persons",
                _ when field.EndsWith("Address", StringComparison.Ordinal) => "addresses",
                _ when field.EndsWith("Code", StringComparison.Ordinal) || field.Contains("identifier", StringComparison.OrdinalIgnoreCase) => "identification numbers",
                "notes" => "notes",
                "timeline" => "the timeline",
                "evidence" => "evidence",
                "data" => "the alert's details",
                _ => AuditWords.Words(field).ToLowerInvariant(),
            };
            if (!kinds.Contains(kind))
            {
                kinds.Add(kind);
            }
        }
        return kinds.OrderBy(k => k == "names of persons" ? 0 : k == "addresses" ? 1 : 2).ToList();
    }

    /// <summary>"Names of persons and addresses withheld under agreement 'NCA seizures for PCA'."</summary>
    public static string Notice(IEnumerable<string> fields, string? reason)
    {
        var kinds = Kinds(fields);
        if (kinds.Count == 0)
        {
            return "";
        }
        var what = kinds.Count == 1 ? kinds[0] : string.Join(", ", kinds.Take(kinds.Count - 1)) + " and " + kinds[^1];
        var agreement = reason is not null && AgreementPattern().Match(reason) is { Success: true } m ? $" under agreement '{m.Groups[1].Value}'" : " under the sharing agreement";
        return char.ToUpperInvariant(what[0]) + what[1..] + " withheld" + agreement + ".";
    }

    /// <summary>The policy's reason without its list of removed field paths (the notice says what was withheld).</summary>
    public static string WithoutFields(string reason) => RemovedPattern().Replace(reason, "");

    [GeneratedRegex(", with [^']*? removed$")]
    private static partial Regex RemovedPattern();

    [GeneratedRegex("under agreement '(.+?)'")]
    private static partial Regex AgreementPattern();
}
