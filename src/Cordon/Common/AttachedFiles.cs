namespace Cordon.Common;

/// <summary>A photo or document sent with a record (bytes as base64 in JSON), with the SHA-256 its sender computed if it gives one.</summary>
public sealed record NewAttachment
{
    public string? FileName { get; init; }
    public string? ContentType { get; init; }
    public byte[]? Content { get; init; }
    /// <summary>The sender's SHA-256 of the content (hex): when given, a file that arrived different is refused.</summary>
    public string? Sha256 { get; init; }
}

/// <summary>A file once checked: its bare name, its type, its bytes and their SHA-256 (hex).</summary>
public sealed record CheckedFile(string Name, string Type, byte[] Content, string Sha256);

/// <summary>
/// The one check of files people attach, to seizures as evidence and to messages: a name, a size under the limit, an accepted
/// type that the leading bytes confirm (a renamed executable is refused), and the hash the sender gave, if any.
/// </summary>
public static class AttachedFiles
{
    /// <summary>Largest photo or document accepted.</summary>
    public const long MaxBytes = 20L * 1024 * 1024;

    /// <summary>Accepted types, each checked against the file's leading bytes (text: no NUL byte in its first 8 KB).</summary>
    public static readonly IReadOnlyDictionary<string, byte[]?> AllowedTypes = new Dictionary<string, byte[]?>(StringComparer.OrdinalIgnoreCase)
    {
        ["image/jpeg"] = [0xFF, 0xD8, 0xFF],
        ["image/png"] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A],
        ["application/pdf"] = "%PDF-"u8.ToArray(),
        ["text/plain"] = null,
    };

    /// <summary>Checks one file; its faults go to <paramref name="errors"/> under <paramref name="prefix"/> (e.g. "attachments[0].").</summary>
    public static CheckedFile Check(FieldErrors errors, string prefix, string? fileName, string? contentType, byte[] content, string? sha256 = null)
    {
        var name = FileNames.Bare(fileName) ?? "";
        if (name.Length == 0 || name.Length > 255)
        {
            errors.Add(prefix + "fileName", "Give the file's name (at most 255 characters).");
        }
        var type = (contentType ?? "").Split(';')[0].Trim().ToLowerInvariant();
        if (content.Length == 0)
        {
            errors.Add(prefix + "content", "The file is empty.");
        }
        else if (content.LongLength > MaxBytes)
        {
            errors.Add(prefix + "content", $"The file has {content.LongLength:N0} bytes; the limit is {MaxBytes:N0}.");
        }
        if (!AllowedTypes.TryGetValue(type, out var magic))
        {
            errors.Add(prefix + "contentType", $"'{type}' is not accepted; use one of: {string.Join(", ", AllowedTypes.Keys)}.");
        }
        else if (content.Length > 0 && (magic is not null ? !content.AsSpan().StartsWith(magic) : content.AsSpan(0, Math.Min(content.Length, 8192)).Contains((byte)0)))
        {
            errors.Add(prefix + "content", $"The file's content is not {type}.");
        }
        var hash = Hashes.Sha256Hex(content);
        if (!string.IsNullOrWhiteSpace(sha256) && !string.Equals(sha256.Trim(), hash, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add(prefix + "sha256", $"The file that arrived has SHA-256 {hash}, not the {sha256.Trim()} it was sent with: send it again.");
        }
        return new CheckedFile(name, type, content, hash);
    }

    /// <summary>Each of <paramref name="files"/> checked, faults named by their place in the list ("attachments[2].contentType").</summary>
    public static List<CheckedFile> CheckAll(FieldErrors errors, string field, IReadOnlyList<NewAttachment>? files)
        => (files ?? []).Select((a, i) => Check(errors, $"{field}[{i}].", a.FileName, a.ContentType, a.Content ?? [], a.Sha256)).ToList();

    /// <summary>The type a file name says (for the CLI, which sends files from disk), or null when it is not one accepted.</summary>
    public static string? TypeOf(string fileName) => Path.GetExtension(fileName).ToLowerInvariant() switch
    {
        ".jpg" or ".jpeg" => "image/jpeg",
        ".png" => "image/png",
        ".pdf" => "application/pdf",
        ".txt" => "text/plain",
        _ => null,
    };
}
