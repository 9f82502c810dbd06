using System.Globalization;
using System.Reflection;
using System.Text.Json;
using CsvHelper;
using CsvHelper.Configuration;

namespace Cordon.Reference;

/// <summary>
/// The reference tables Cordon ships (HS 2022, ISO 3166, ISO 4217, UN/LOCODE sea ports), loaded once
/// from the assembly's embedded copies of data/reference. They are small and read-only, so they live
/// in memory: validation looks up millions of codes and must not touch the database for that.
/// </summary>
public sealed class ReferenceData
{
    public required HsNomenclature Hs { get; init; }
    public required CountryTable Countries { get; init; }
    public required CurrencyTable Currencies { get; init; }
    public required PortTable Ports { get; init; }

    private static readonly Lazy<ReferenceData> Shared = new(Load);

    /// <summary>The process-wide copy; loading takes a few tens of milliseconds, once.</summary>
    public static ReferenceData Instance => Shared.Value;

    private static ReferenceData Load() => new()
    {
        Hs = HsNomenclature.Load(Open("hs-nomenclature-2022.csv"), Open("hs-sections.csv")),
        Countries = CountryTable.Load(Open("country-codes.csv")),
        Currencies = CurrencyTable.Load(Open("currency-codes.csv")),
        Ports = PortTable.Load(Open("sea-ports.json")),
    };

    private static Stream Open(string file)
        => Assembly.GetExecutingAssembly().GetManifestResourceStream($"Cordon.Reference.{file}")
           ?? throw new InvalidOperationException($"Reference file {file} is not embedded in the assembly.");

    internal static CsvReader Csv(Stream stream)
        => new(new StreamReader(stream, detectEncodingFromByteOrderMarks: true), new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            MissingFieldFound = null,
            PrepareHeaderForMatch = a => a.Header.Trim(),
        });

    internal static JsonDocument Json(Stream stream) => JsonDocument.Parse(stream);
}

/// <summary>Splits text into lower-case word tokens for simple word search.</summary>
internal static class Words
{
    public static string[] Of(string text)
        => text.ToLowerInvariant()
            .Split([' ', ',', ';', ':', '.', '(', ')', '-', '/', '\'', '"', '[', ']'], StringSplitOptions.RemoveEmptyEntries);
}
