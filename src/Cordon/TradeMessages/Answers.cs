using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Cordon.Edifact;

namespace Cordon.TradeMessages;

/// <summary>One problem of a received message, in the terms of the message (segment, element) and of Cordon (field path).</summary>
public sealed record TradeMessageError(int? Segment, string? Tag, int? Element, int? Component, int? Line, string? Field, int? SyntaxCode, string Text)
{
    public static TradeMessageError Of(EdifactError e, string? field = null)
        => new(e.Segment, e.Tag, e.Element, e.Component, e.Line, field, e.SyntaxCode, e.Text);

    /// <summary>"segment 12 CST, element 2.1 (items[6].hsCode): …".</summary>
    public override string ToString()
    {
        var place = Segment is { } s ? $"segment {s} {Tag}" : Tag is { } t ? $"segment {t}" : "message";
        if (Element is { } e)
        {
            place += Component is { } c ? $", element {e}.{c}" : $", element {e}";
        }
        return Field is { Length: > 0 } f ? $"{place} ({f}): {Text}" : $"{place}: {Text}";
    }
}

/// <summary>What an answer is about: the interchange and message answered, and who sent it.</summary>
public sealed record AnsweredMessage(EdifactInterchange Interchange, int Number, string Reference, string Type, string? Version, string? Release, string? Agency,
    string ContentHash);

/// <summary>
/// CONTRL (syntax and service report, ISO 9735-4 / UNSM CONTRL) for an interchange: UCI for the interchange,
/// then a UCM per message, acknowledged (0083 = 7) or rejected (4), each rejection with its UCS (segment position)
/// and UCD (data element and component) and the syntax error code (0085).
/// </summary>
public static class ControlReport
{
    public static string Write(string from, EdifactInterchange interchange, IReadOnlyList<EdifactError> envelopeErrors,
        IReadOnlyList<(AnsweredMessage Message, IReadOnlyList<EdifactError> SyntaxErrors)> messages, bool anyAcknowledged, DateTimeOffset now, string reference)
    {
        var w = new EdifactWriter(interchange.SyntaxIdentifier, interchange.SyntaxVersion);
        w.BeginInterchange(from, interchange.Sender ?? "UNKNOWN", now, reference);
        w.BeginMessage("1", "CONTRL", interchange.SyntaxVersion == "4" ? "4" : "2", interchange.SyntaxVersion == "4" ? "1" : "2");
        // A complete message of a faulty envelope is still taken in (the envelope error is reported, not fatal to it):
        // the interchange is rejected as a whole only when nothing in it was acknowledged.
        var first = envelopeErrors.FirstOrDefault();
        var action = first is not null && !anyAcknowledged ? "4" : "7";
        w.Segment("UCI", [interchange.ControlReference], [interchange.Sender], [interchange.Recipient], [action],
            [Code(first)], [first?.Tag], [Number(first?.Element), Number(first?.Component)]);
        foreach (var (m, errors) in messages)
        {
            var whole = errors.FirstOrDefault(e => e.Segment is null);
            w.Segment("UCM", [m.Reference], [m.Type, m.Version, m.Release, m.Agency], [errors.Count == 0 ? "7" : "4"],
                [Code(whole)], [whole?.Tag]);
            foreach (var e in errors.Where(e => e.Segment is not null))
            {
                w.Segment("UCS", [Number(e.Segment)], [e.Element is null ? Code(e) : null]);
                if (e.Element is not null)
                {
                    w.Segment("UCD", [Code(e)], [Number(e.Element), Number(e.Component)]);
                }
            }
        }
        w.EndMessage("1");
        w.EndInterchange();
        return w.ToString();
    }

    private static string? Code(EdifactError? e) => e is null ? null : (e.SyntaxCode ?? 18).ToString(CultureInfo.InvariantCulture);

    private static string? Number(int? n) => n?.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// CUSRES (customs response, D96B) to one CUSDEC: BGM with the declaration's document code and number and the
/// message function 29 (accepted without amendment) or 27 (not accepted); RFF+ACW naming the message answered;
/// RFF+ABT with Cordon's reference (the declaration id, its version in 4000) when accepted; and per error an
/// ERP (goods item, segment tag and position), an ERC (12 invalid value, 13 missing) and an FTX+AAO with the
/// element and Cordon's field path in words.
/// </summary>
public static class CustomsResponse
{
    public static string Write(string from, AnsweredMessage answered, string? documentCode, string? declarationNumber, Guid? declarationId, int? version,
        IReadOnlyList<TradeMessageError> errors, DateTimeOffset now, string reference)
    {
        var interchange = answered.Interchange;
        return Write(from, interchange.SyntaxIdentifier, interchange.SyntaxVersion, interchange.Sender ?? "UNKNOWN", interchange.ControlReference, answered.Reference,
            documentCode, declarationNumber, declarationId, version, errors, now, reference);
    }

    /// <summary>The CUSRES an outbox row was made from (<see cref="OutboxMessage.Content"/>): the same text as when it was answered.</summary>
    internal static string Write(OutboxMessage m)
    {
        if (m.AnsweredBy is null || m.SyntaxIdentifier is null || m.SyntaxVersion is null || m.MessageReference is null)
        {
            throw new InvalidOperationException($"Outbox answer {m.Sequence} of agency {m.OwningAgencyId} has neither its text nor what it is made from.");
        }
        return Write(m.AnsweredBy, m.SyntaxIdentifier, m.SyntaxVersion, m.Recipient, m.InterchangeReference, m.MessageReference, m.DocumentCode, m.DeclarationNumber,
            m.ConsignmentId ?? m.DeclarationId, m.Version, AnswerErrors.Read(m.Errors), m.CreatedAt, AnswerKeys.Reference(m.AnswerKey));
    }

    private static string Write(string from, string syntax, string syntaxVersion, string to, string interchangeReference, string messageReference, string? documentCode,
        string? declarationNumber, Guid? declarationId, int? version, IReadOnlyList<TradeMessageError> errors, DateTimeOffset now, string reference)
    {
        var w = Writer(syntax, syntaxVersion);
        w.BeginInterchange(from, to, now, reference);
        w.BeginMessage("1", "CUSRES", "D", "96B");
        w.Segment("BGM", [documentCode], [declarationNumber], [declarationId is null ? "27" : "29"]);
        w.Segment("DTM", ["137", now.UtcDateTime.ToString("yyyyMMddHHmm", CultureInfo.InvariantCulture), "203"]);
        w.Segment("RFF", ["ACW", messageReference, null, interchangeReference]);
        if (declarationId is { } id)
        {
            w.Segment("RFF", ["ABT", id.ToString("N"), null, version?.ToString(CultureInfo.InvariantCulture)]);
        }
        foreach (var e in errors)
        {
            var item = e.Field is { } f && f.StartsWith("items[", StringComparison.Ordinal) && int.TryParse(f[6..f.IndexOf(']')], CultureInfo.InvariantCulture, out var i)
                ? (i + 1).ToString(CultureInfo.InvariantCulture) : null;
            w.Segment("ERP", [null, item], [e.Tag, e.Segment?.ToString(CultureInfo.InvariantCulture)]);
            w.Segment("ERC", [e.Text.Contains("is required", StringComparison.Ordinal) || e.Text.Contains("missing", StringComparison.Ordinal) ? "13" : "12"]);
            w.Segment("FTX", ["AAO"], [], [], Chunks(e.ToString()));
        }
        w.EndMessage("1");
        w.EndInterchange();
        return w.ToString();
    }

    [ThreadStatic]
    private static (string Syntax, string Version, EdifactWriter Writer)? t_writer;

    /// <summary>An intake answers message after message in the same syntax: one writer per thread, emptied for each.</summary>
    private static EdifactWriter Writer(string syntax, string version)
    {
        if (t_writer is { } cached && cached.Syntax == syntax && cached.Version == version)
        {
            cached.Writer.Clear();
            return cached.Writer;
        }
        var writer = new EdifactWriter(syntax, version);
        t_writer = (syntax, version, writer);
        return writer;
    }

    /// <summary>
    /// A later CUSRES about a declaration already accepted (<paramref name="acceptance"/>, the accepted CUSRES, says to whom,
    /// in which syntax and about what): BGM with message function 8 (status), the words in FTX+AAI, the processing
    /// indicator (7365: 4 goods released, 5 required for examination, 6 documents to be produced, 7 detained) in GIS,
    /// and the same RFF+ACW (the CUSDEC answered) and RFF+ABT (Cordon's reference) as the acceptance.
    /// </summary>
    public static string WriteStatus(string acceptance, ClearanceStatus status, DateTimeOffset now, string reference)
    {
        var accepted = new EdifactReader(new StringReader(acceptance)).Messages().First();
        var interchange = accepted.Interchange;
        var bgm = accepted.Segments.First(s => s.Tag == "BGM");
        var w = new EdifactWriter(interchange.SyntaxIdentifier, interchange.SyntaxVersion);
        w.BeginInterchange(interchange.Sender ?? "", interchange.Recipient ?? "UNKNOWN", now, reference);
        w.BeginMessage("1", "CUSRES", "D", "96B");
        w.Segment("BGM", [bgm.Value(1)], [bgm.Value(2)], ["8"]);
        w.Segment("DTM", ["137", now.UtcDateTime.ToString("yyyyMMddHHmm", CultureInfo.InvariantCulture), "203"]);
        w.Segment("FTX", ["AAI"], [], [], Chunks(status.Text));
        if (status.Indicator is { } indicator)
        {
            w.Segment("GIS", [indicator]);
        }
        foreach (var rff in accepted.Segments.Where(s => s.Tag == "RFF"))
        {
            w.Segment("RFF", [.. rff.Elements]);
        }
        w.EndMessage("1");
        w.EndInterchange();
        return w.ToString();
    }

    /// <summary>Free text goes in up to five components of 70 characters (C108 4440).</summary>
    private static string?[] Chunks(string text)
    {
        var chunks = new List<string?>();
        for (var i = 0; i < text.Length && chunks.Count < 5; i += 70)
        {
            chunks.Add(text.Substring(i, Math.Min(70, text.Length - i)));
        }
        return [.. chunks];
    }
}

/// <summary>
/// The errors a made CUSRES reports, as stored in its outbox row: a JSON array with one array per error of what the
/// CUSRES writes from it (segment position, tag, element, component, field path, text), null when there are none.
/// </summary>
internal static class AnswerErrors
{
    public static string? Write(IReadOnlyList<TradeMessageError> errors)
    {
        if (errors.Count == 0)
        {
            return null;
        }
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var e in errors)
            {
                json.WriteStartArray();
                Number(json, e.Segment);
                Text(json, e.Tag);
                Number(json, e.Element);
                Number(json, e.Component);
                Text(json, e.Field);
                json.WriteStringValue(e.Text);
                json.WriteEndArray();
            }
            json.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static IReadOnlyList<TradeMessageError> Read(string? stored)
    {
        if (stored is null)
        {
            return [];
        }
        using var json = JsonDocument.Parse(stored);
        var errors = new List<TradeMessageError>();
        foreach (var e in json.RootElement.EnumerateArray())
        {
            errors.Add(new TradeMessageError(Number(e[0]), e[1].GetString(), Number(e[2]), Number(e[3]), null, e[4].GetString(), null, e[5].GetString()!));
        }
        return errors;
    }

    private static void Number(Utf8JsonWriter json, int? n)
    {
        if (n is { } v)
        {
            json.WriteNumberValue(v);
        }
        else
        {
            json.WriteNullValue();
        }
    }

    private static void Text(Utf8JsonWriter json, string? s)
    {
        if (s is null)
        {
            json.WriteNullValue();
        }
        else
        {
            json.WriteStringValue(s);
        }
    }

    private static int? Number(JsonElement e) => e.ValueKind == JsonValueKind.Null ? null : e.GetInt32();
}

internal static class AnswerKeys
{
    /// <summary>SHA-256 (hex) of the parts: what identifies an answer across re-sendings.</summary>
    public static string Of(params string?[] parts) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001f', parts))));

    [ThreadStatic]
    private static IncrementalHash? t_hash;

    /// <summary><see cref="Of(string?[])"/> of the segments' texts, hashed one after the other instead of joined first.</summary>
    public static string Of(IReadOnlyList<EdifactSegment> segments)
    {
        var hash = t_hash ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> bytes = stackalloc byte[1024];
        for (var i = 0; i < segments.Count; i++)
        {
            if (i > 0)
            {
                hash.AppendData("\u001f"u8);
            }
            var text = segments[i].Text;
            if (Encoding.UTF8.GetMaxByteCount(text.Length) <= bytes.Length)
            {
                hash.AppendData(bytes[..Encoding.UTF8.GetBytes(text, bytes)]);
            }
            else
            {
                hash.AppendData(Encoding.UTF8.GetBytes(text.ToArray()));
            }
        }
        Span<byte> sum = stackalloc byte[32];
        hash.GetHashAndReset(sum);
        return Convert.ToHexStringLower(sum);
    }

    /// <summary>The answer interchange's control reference (0020, an..14), derived from its key so that it is the same every time.</summary>
    public static string Reference(string key) => "C" + key[..13].ToUpperInvariant();
}
