namespace Cordon.Common;

/// <summary>What a user typed, tidied one way everywhere: blank means absent, and values are trimmed.</summary>
public static class TextInput
{
    public static string? Trim(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>The non-blank values, trimmed, each once, in the order given.</summary>
    public static List<string> Clean(IEnumerable<string?>? values)
        => (values ?? []).Select(Trim).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
}
