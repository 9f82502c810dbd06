using System.Security.Cryptography;
using Cordon.Common;

namespace Cordon.Screening.Lists;

/// <summary>The list formats Cordon reads.</summary>
public enum ListFormat
{
    /// <summary>OFAC SDN legacy CSV: a folder with sdn.csv, alt.csv and add.csv.</summary>
    OfacCsv,
    /// <summary>UN Security Council consolidated list XML.</summary>
    UnXml,
    /// <summary>OpenSanctions FollowTheMoney entities, one JSON object per line.</summary>
    Ftm,
    /// <summary>Plain CSV for national lists: id,name,type[,aliases,dob,country,identifiers].</summary>
    Csv,
}

public static class ListFormats
{
    public static readonly IReadOnlyDictionary<string, ListFormat> ByName = new Dictionary<string, ListFormat>(StringComparer.OrdinalIgnoreCase)
    {
        ["ofac-csv"] = ListFormat.OfacCsv,
        ["un-xml"] = ListFormat.UnXml,
        ["ftm"] = ListFormat.Ftm,
        ["csv"] = ListFormat.Csv,
    };

    public static string Name(this ListFormat format) => ByName.First(kv => kv.Value == format).Key;

    public static ListFormat Parse(string? name, string field = "format")
        => name is not null && ByName.TryGetValue(name, out var f)
            ? f
            : throw ValidationFailed.Field(field, $"'{name}' is not a list format; use one of: {string.Join(", ", ByName.Keys)}.");

    /// <summary>
    /// Reads every entry of a list, streaming. A malformed record throws <see cref="ValidationFailed"/>
    /// naming the file and line (or element); callers parse everything before they store anything.
    /// </summary>
    public static IEnumerable<ListEntry> Read(ListFormat format, string path) => format switch
    {
        ListFormat.OfacCsv => OfacCsvParser.Read(path),
        ListFormat.UnXml => UnXmlParser.Read(path),
        ListFormat.Ftm => FtmParser.Read(path),
        ListFormat.Csv => NationalCsvParser.Read(path),
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    /// <summary>The files a format reads from a path (a folder for OFAC, one file otherwise).</summary>
    public static IReadOnlyList<string> Files(ListFormat format, string path)
    {
        if (format == ListFormat.OfacCsv)
        {
            if (!Directory.Exists(path))
            {
                throw ValidationFailed.Field("path", $"'{path}' is not a folder; the OFAC legacy CSV format is a folder holding sdn.csv, alt.csv and add.csv.");
            }
            var sdn = Path.Combine(path, "sdn.csv");
            if (!File.Exists(sdn))
            {
                throw ValidationFailed.Field("path", $"'{path}' holds no sdn.csv.");
            }
            return new[] { sdn, Path.Combine(path, "alt.csv"), Path.Combine(path, "add.csv") }.Where(File.Exists).ToList();
        }
        if (!File.Exists(path))
        {
            throw ValidationFailed.Field("path", $"'{path}' is not a file.");
        }
        return [path];
    }

    /// <summary>SHA-256 over the files' bytes: the same edition imported twice is recognised.</summary>
    public static string ContentHash(ListFormat format, string path)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in Files(format, path))
        {
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(Path.GetFileName(file) + "\n"));
            using var stream = File.OpenRead(file);
            var buffer = new byte[81920];
            int read;
            while ((read = stream.Read(buffer)) > 0)
            {
                hash.AppendData(buffer, 0, read);
            }
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    internal static ValidationFailed Error(string file, long line, string message)
        => ValidationFailed.Field($"{Path.GetFileName(file)} line {line}", message);
}
