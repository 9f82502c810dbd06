using System.Text.Json;
using System.Text.Json.Nodes;
using Cordon.Sharing;
using Cordon.Storage;

namespace Cordon.Alerting;

/// <summary>
/// An alert's title and summary are written by the owner's feature from the record it is about ("Overdue: Task:
/// Request the importer's bank records (CASE-2026-0001)"). For a reader of another agency they may quote no more
/// of that record than the reader may see of the record itself: the reader's decision on the record (its own type,
/// owner, marking, caveats and participants) names the withheld paths of its shared view, and every value held
/// there is replaced by <see cref="Withheld"/> wherever the title, summary or data quote it. A reader who may not
/// read the record at all (or when the record is gone) gets a title that quotes nothing of it. Every path that
/// shows an alert to another agency renders it through here: the inbox API and the fan-out (UI deliveries,
/// webhooks), so no raise site has to know what a reader may see.
/// </summary>
public sealed class AlertQuotes(CordonDb db)
{
    public const string Withheld = "[withheld]";

    private readonly Dictionary<(string, string), SharedRecord?> _sources = [];

    /// <summary>The alert as <paramref name="policy"/>'s reader may read it (its own redactions still apply afterwards).</summary>
    public async Task<AlertView> ForReaderAsync(AccessPolicy policy, Alert alert, AlertView view, CancellationToken ct)
    {
        if (alert.RecordType is not { } type || alert.RecordId is not { } id || alert.OwningAgencyId == policy.Actor.AgencyId
            || policy.Actor.Kind == Identity.ActorKind.LocalOperator)
        {
            return view;
        }
        if (!_sources.TryGetValue((type, id), out var source))
        {
            _sources[(type, id)] = source = await SharedViews.LoadAsync(db, type, id, policy.Now, ct);
        }
        if (source is null)
        {
            return Neutral(view);
        }
        var decision = policy.Decide(source.Ref);
        if (!decision.Allowed)
        {
            return Neutral(view);
        }
        if (decision.RedactedFields.Count == 0)
        {
            return view;
        }
        // Longest first, so a value that contains another is replaced whole; values too short to identify anything stay.
        var quoted = Redaction.ValuesAt(source.View, decision.RedactedFields).Select(v => v.Trim()).Where(v => v.Length >= 3)
            .Distinct(StringComparer.Ordinal).OrderByDescending(v => v.Length).ToList();
        if (quoted.Count == 0)
        {
            return view;
        }
        // The office and commodity columns are quotes too (a referral names the lane decision's office).
        return view with
        {
            Title = Scrub(view.Title, quoted), Summary = Scrub(view.Summary, quoted), Data = ScrubData(view.Data, quoted),
            Office = view.Office is { } office ? Scrub(office, quoted) : null, Commodity = view.Commodity is { } commodity ? Scrub(commodity, quoted) : null,
        };
    }

    /// <summary>What the alert is, of which record and whose, without a word of the record.</summary>
    private static AlertView Neutral(AlertView view)
        => view with { Title = $"{view.Kind}: {view.RecordType} record of {view.Owner}", Summary = "", Data = JsonDocument.Parse("{}").RootElement.Clone() };

    private static string Scrub(string text, List<string> quoted)
    {
        foreach (var value in quoted)
        {
            text = text.Replace(value, Withheld, StringComparison.Ordinal); // as quoted: a name in another case is another word
        }
        return text;
    }

    private static JsonElement ScrubData(JsonElement data, List<string> quoted)
    {
        var node = JsonNode.Parse(data.GetRawText());
        JsonNode? Walk(JsonNode? n) => n switch
        {
            JsonObject o => Rebuild(o),
            JsonArray a => new JsonArray(a.Select(Walk).ToArray()),
            JsonValue v when v.GetValueKind() == JsonValueKind.String => JsonValue.Create(Scrub(v.GetValue<string>(), quoted)),
            JsonValue v when quoted.Contains(v.ToJsonString()) => JsonValue.Create(Withheld),
            _ => n?.DeepClone(),
        };
        JsonObject Rebuild(JsonObject o)
        {
            var copy = new JsonObject();
            foreach (var (key, value) in o)
            {
                copy[key] = Walk(value);
            }
            return copy;
        }
        return JsonSerializer.SerializeToElement(Walk(node));
    }
}
