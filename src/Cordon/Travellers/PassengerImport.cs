using System.Diagnostics;
using System.Text.Json;
using Cordon.Common;
using Cordon.Edifact;
using Cordon.Storage;

namespace Cordon.Travellers;

public enum PassengerFormat
{
    Paxlst,
    Json,
    Pnrgov,
}

/// <summary>How far an import has gone: bytes read, lists done, travellers stored, lists refused.</summary>
public sealed record PassengerImportProgress(long BytesRead, int Lists, int Travellers, int Rejected, double Seconds);

/// <summary>The outcome of an import: each list's result, and the errors that concern no single list (envelopes).</summary>
public sealed record PassengerImportResult(IReadOnlyList<ManifestResult> Lists, IReadOnlyList<string> InterchangeErrors, double Seconds)
{
    public int Accepted => Lists.Count(l => l.Outcome == ManifestOutcome.Accepted);
    public int Replaced => Lists.Count(l => l.Outcome == ManifestOutcome.Replaced);
    public int Duplicates => Lists.Count(l => l.Outcome == ManifestOutcome.Duplicate);
    public int Rejected => Lists.Count(l => l.Outcome == ManifestOutcome.Rejected);
    public int Travellers => Lists.Where(l => l.Stored).Sum(l => l.Travellers);
}

/// <summary>
/// Imports passenger and crew lists from a file or upload: a PAXLST or PNRGOV interchange (any number of messages,
/// streamed; each message stored or refused on its own) or JSON (one list object or an array of them).
/// The CLI and the API call this one operation.
/// </summary>
public static class PassengerImport
{
    public static PassengerFormat ParseFormat(string? format) => format?.Trim().ToLowerInvariant() switch
    {
        null or "" or "paxlst" or "edifact" => PassengerFormat.Paxlst,
        "json" => PassengerFormat.Json,
        "pnrgov" or "pnr" => PassengerFormat.Pnrgov,
        _ => throw ValidationFailed.Field("format", $"'{format}' is not a passenger list format: use paxlst, pnrgov or json."),
    };

    public static async Task<PassengerImportResult> ImportAsync(Stream input, PassengerFormat format, CordonDb db, ManifestContext context, TimeProvider time,
        Action<PassengerImportProgress>? progress, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var results = new List<ManifestResult>();
        var envelope = new List<string>();
        var travellers = 0;
        long Position() => input.CanSeek ? input.Position : 0;

        async Task Store(ManifestInput manifest, string? reference)
        {
            var result = await ManifestIntake.StoreAsync(db, context, manifest, time, ct);
            results.Add(result with { MessageReference = result.MessageReference ?? reference });
            travellers += result.Stored ? result.Travellers : 0;
            progress?.Invoke(new PassengerImportProgress(Position(), results.Count, travellers, results.Count(r => r.Outcome == ManifestOutcome.Rejected), clock.Elapsed.TotalSeconds));
        }

        if (format == PassengerFormat.Json)
        {
            List<ManifestInput> lists;
            try
            {
                using var doc = await JsonDocument.ParseAsync(input, new JsonDocumentOptions { MaxDepth = 16 }, ct);
                lists = doc.RootElement.ValueKind == JsonValueKind.Array
                    ? doc.RootElement.Deserialize<List<ManifestInput>>(ManifestIntake.Json) ?? []
                    : [doc.RootElement.Deserialize<ManifestInput>(ManifestIntake.Json)!];
            }
            catch (JsonException e)
            {
                throw ValidationFailed.Field(e.Path ?? "", $"not a passenger list in JSON: {e.Message}");
            }
            foreach (var (list, i) in lists.Select((l, i) => (l, i)))
            {
                await Store(list, list.MessageReference ?? $"record {i}");
            }
            return new PassengerImportResult(results, envelope, clock.Elapsed.TotalSeconds);
        }

        using var text = EdifactText.Open(input, leaveOpen: true);
        var reader = new EdifactReader(text);
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var messages = format == PassengerFormat.Pnrgov
            ? PnrgovReader.Read(reader, today).Select(m => (m.Message, m.Manifest, m.Errors))
            : PaxlstReader.Read(reader, today).Select(m => (m.Message, m.Manifest, m.Errors));
        foreach (var (message, manifest, errors) in messages)
        {
            ct.ThrowIfCancellationRequested();
            var reference = manifest?.MessageReference ?? $"{message.Interchange.ControlReference}/{message.Reference}";
            if (manifest is null)
            {
                results.Add(new ManifestResult(reference, ManifestOutcome.Rejected, null, null, 0, errors.Select(e => e.ToString()).ToList()));
                progress?.Invoke(new PassengerImportProgress(Position(), results.Count, travellers, results.Count(r => r.Outcome == ManifestOutcome.Rejected), clock.Elapsed.TotalSeconds));
                continue;
            }
            await Store(manifest, reference);
            if (results[^1] is { Outcome: ManifestOutcome.Rejected } refused)
            {
                // Field paths mean little to a carrier: name the message they belong to.
                results[^1] = refused with { Errors = refused.Errors.Select(e => $"interchange {message.Interchange.ControlReference}, UNH {message.Number} ({message.Reference}): {e}").ToList() };
            }
        }
        envelope.AddRange(reader.Errors.Select(e => e.ToString()));
        return new PassengerImportResult(results, envelope, clock.Elapsed.TotalSeconds);
    }
}
